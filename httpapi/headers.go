package httpapi

import (
	"io"
	"net/http"
	"strings"

	"github.com/handinhand/handinhand/app"
)

// DisallowAll is /robots.txt unless another is configured: the app holds nothing for a
// search engine, and its sign-in page should not be listed.
const DisallowAll = "User-agent: *\nDisallow: /\n"

// robotsTxt answers /robots.txt with text ("" is DisallowAll).
func robotsTxt(text string) http.Handler {
	if text == "" {
		text = DisallowAll
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		_, _ = io.WriteString(w, text)
	})
}

// photoOrigin is the origin photos are uploaded to when it is not the server's own ("").
func photoOrigin(a *app.App) string {
	if o, ok := a.Photos.(interface{ Origin() string }); ok {
		return o.Origin()
	}
	return ""
}

// securityHeaders are sent with every response.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if r.URL.Path != "/graphql" && r.URL.Path != "/graphiql" && !strings.HasPrefix(r.URL.Path, app.PhotoPath) {
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'") // the app's pages set their own
		}
		next.ServeHTTP(w, r)
	})
}
