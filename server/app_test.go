package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// The phone app is embedded and served at /: its page for any app route, hashed assets
// cached for good, the page and service worker never.
func TestThePhoneAppIsServed(t *testing.T) {
	e := demoServer(t)
	status, h, body := e.fetch(t, "", "GET", "/", nil)
	if status != 200 || !strings.Contains(string(body), `<div id="app">`) || h.Get("Cache-Control") != "no-cache" {
		t.Fatalf("/: %d %v", status, h)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
		!strings.Contains(csp, "connect-src 'self';") || !strings.Contains(csp, "img-src 'self' blob: data:;") || strings.Contains(csp, "http") {
		// Photos are stored on disk here: the page connects to nothing but the server.
		t.Errorf("CSP %q", csp)
	}
	// GraphiQL, where introspection is on, has a policy of its own.
	if status, h, _ := e.fetch(t, "", "GET", "/graphiql", nil); status != 200 || !strings.Contains(h.Get("Content-Security-Policy"), "connect-src 'self'") {
		t.Errorf("/graphiql: %d %q", status, h.Get("Content-Security-Policy"))
	}
	asset := regexp.MustCompile(`/assets/[^"]+\.js`).FindString(string(body))
	if asset == "" {
		t.Fatalf("no script in the page: %s", body)
	}
	status, h, _ = e.fetch(t, "", "GET", asset, nil)
	if status != 200 || !strings.Contains(h.Get("Cache-Control"), "immutable") || !strings.Contains(h.Get("Content-Type"), "javascript") {
		t.Errorf("%s: %d %v", asset, status, h)
	}
	status, h, body = e.fetch(t, "", "GET", "/sw.js", nil)
	if status != 200 || h.Get("Cache-Control") != "no-cache" || !strings.Contains(string(body), "precache") {
		t.Errorf("/sw.js: %d %v", status, h)
	}
	if status, _, body := e.fetch(t, "", "GET", "/records", nil); status != http.StatusOK || !strings.Contains(string(body), `<div id="app">`) {
		t.Errorf("an app route: %d", status)
	}
	if status, _, _ := e.fetch(t, "", "GET", "/manifest.webmanifest", nil); status != 200 {
		t.Errorf("manifest: %d", status)
	}
}
