package httpapi

import (
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// appHandler serves the phone app: its files as built, with long caching for the
// content-hashed assets, none for the page and the service worker (so updates arrive),
// and the app's page for any other path (it routes on the phone).
//
// Its pages may load and connect to the server's own origin only, and to the photo
// store's (uploadOrigin) for sending photos; images are the server's, or the phone's
// own photos being prepared (blob:, data:).
func appHandler(files fs.FS, uploadOrigin string) http.Handler {
	server := http.FileServerFS(files)
	connect := "'self'"
	if uploadOrigin != "" {
		connect += " " + uploadOrigin
	}
	csp := "default-src 'self'; img-src 'self' blob: data:; connect-src " + connect + "; " +
		"worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		w.Header().Set("Content-Security-Policy", csp)
		if p == "" || p == "index.html" {
			serveIndex(w, r, files)
			return
		}
		if _, err := fs.Stat(files, p); err != nil {
			serveIndex(w, r, files)
			return
		}
		switch {
		case strings.HasPrefix(p, "assets/"):
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		default:
			w.Header().Set("Cache-Control", "no-cache")
		}
		if p == "sw.js" {
			w.Header().Set("Service-Worker-Allowed", "/")
		}
		server.ServeHTTP(w, r)
	})
}

func serveIndex(w http.ResponseWriter, r *http.Request, files fs.FS) {
	b, err := fs.ReadFile(files, "index.html")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}
