package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// appHandler serves the phone app: its files as built, with long caching for the
// content-hashed assets, none for the page and the service worker (so updates arrive),
// and the app's page for any other path (it routes on the phone).
//
// Its pages may load and connect to the server's own origin only, and to the photo
// store's (uploadOrigin) for sending photos; images are the server's, or the phone's
// own photos being prepared (blob:, data:).
func appHandler(files *staticFiles, uploadOrigin string) http.Handler {
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
		// GraphiQL's files are served on its own page's route, where introspection is on.
		if p == "" || strings.HasPrefix(p, "graphiql/") || !files.has(p) {
			p = "index.html"
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
		files.serve(w, r, p)
	})
}

// staticFiles are the built app's files, read once at start, each with the compressed
// copies the build made of it (name.br, name.gz), so that no file is compressed per
// request.
type staticFiles struct {
	byName map[string]*staticFile
}

type staticFile struct {
	contentType string
	etag        string            // of the file as built; a copy's adds its encoding
	raw         map[string][]byte // by Content-Encoding; "" is the file as built
}

// encodings are the compressed copies looked for, best first.
var encodings = []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

// contentTypes the standard table lacks or gets wrong for the app's files.
var contentTypes = map[string]string{
	".webmanifest": "application/manifest+json",
	".js":          "text/javascript; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
}

func loadStatic(fsys fs.FS) (*staticFiles, error) {
	s := &staticFiles{byName: map[string]*staticFile{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, e := range encodings {
			if strings.HasSuffix(p, e.ext) {
				return nil // read with the file it is a copy of
			}
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		ext := path.Ext(p)
		ct, ok := contentTypes[ext]
		if !ok {
			ct = mime.TypeByExtension(ext)
		}
		if ct == "" {
			ct = http.DetectContentType(b)
		}
		sum := sha256.Sum256(b)
		f := &staticFile{contentType: ct, etag: base64.RawURLEncoding.EncodeToString(sum[:12]), raw: map[string][]byte{"": b}}
		for _, e := range encodings {
			if c, err := fs.ReadFile(fsys, p+e.ext); err == nil {
				f.raw[e.name] = c
			}
		}
		s.byName[p] = f
		return nil
	})
	return s, err
}

func (s *staticFiles) has(p string) bool { return s.byName[p] != nil }

// serve sends file p, as the best compressed copy the client accepts. Conditional and
// range requests are answered by http.ServeContent, on the bytes sent.
func (s *staticFiles) serve(w http.ResponseWriter, r *http.Request, p string) {
	f := s.byName[p]
	if f == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Vary", "Accept-Encoding")
	enc := ""
	if len(f.raw) > 1 {
		accepted := acceptedEncodings(r.Header.Get("Accept-Encoding"))
		for _, e := range encodings {
			if _, ok := f.raw[e.name]; ok && accepted[e.name] {
				enc = e.name
				break
			}
		}
	}
	etag := f.etag
	if enc != "" {
		h.Set("Content-Encoding", enc)
		etag += "-" + enc
	}
	h.Set("ETag", strconv.Quote(etag))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.raw[enc]))
}

// acceptedEncodings reads an Accept-Encoding header: the codings it names without q=0
// ("*" stands for any coding it does not name).
func acceptedEncodings(header string) map[string]bool {
	out := map[string]bool{}
	star, starSet := false, false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		ok := true
		for _, prm := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(prm), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q <= 0 {
					ok = false
				}
			}
		}
		if name == "*" {
			star, starSet = ok, true
			continue
		}
		out[name] = ok
	}
	if starSet {
		for _, e := range encodings {
			if _, named := out[e.name]; !named {
				out[e.name] = star
			}
		}
	}
	return out
}
