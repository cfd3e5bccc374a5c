package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/handinhand/handinhand/photos/phototest"
)

// raw sends a request as a browser would, asking for compression itself, so that Go's
// client neither asks for gzip on its own nor undoes it: the bytes are as on the wire.
func raw(t *testing.T, e *demoEnv, user, method, path, accept string, body []byte) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, e.URL+path, bytes.NewReader(body))
	req.Header.Set("Accept-Encoding", accept)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.token(t, user))
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// decoded undoes the answer's Content-Encoding.
func decoded(t *testing.T, res *http.Response, b []byte) []byte {
	t.Helper()
	var r io.Reader
	switch enc := res.Header.Get("Content-Encoding"); enc {
	case "":
		return b
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	case "gzip":
		z, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("not gzip: %v", err)
		}
		r = z
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", res.Header.Get("Content-Encoding"), err)
	}
	return out
}

func TestAnswersAreCompressedForClientsThatAcceptIt(t *testing.T) {
	e := demoServer(t)
	res, page := raw(t, e, "", "GET", "/", "identity", nil)
	script := regexp.MustCompile(`/assets/index-[\w-]+\.js`).FindString(string(page))
	if script == "" {
		t.Fatalf("no script in the app's page: %s", page)
	}
	_, plain := raw(t, e, "", "GET", script, "", nil)
	for _, c := range []struct{ accept, want string }{
		{"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"br;q=0, gzip", "gzip"}, {"identity", ""}, {"", ""}, {"*", "br"},
	} {
		res, b := raw(t, e, "", "GET", script, c.accept, nil)
		if got := res.Header.Get("Content-Encoding"); got != c.want {
			t.Errorf("the app's script with Accept-Encoding %q: Content-Encoding %q, want %q", c.accept, got, c.want)
			continue
		}
		if !bytes.Equal(decoded(t, res, b), plain) {
			t.Errorf("the app's script as %q differs from the file", c.want)
		}
		if c.want != "" && len(b)*2 > len(plain) {
			t.Errorf("the app's script as %s: %d bytes of %d", c.want, len(b), len(plain))
		}
		if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
			t.Errorf("the app's script: Vary %q, Content-Type %q", res.Header.Get("Vary"), res.Header.Get("Content-Type"))
		}
		// A repeat load of the page is answered "not modified", for each copy.
		if tag := res.Header.Get("ETag"); tag == "" {
			t.Errorf("no ETag on the script as %q", c.want)
		}
	}
	if res.Header.Get("ETag") == "" {
		t.Fatal("the app's page has no ETag")
	}
	req, _ := http.NewRequest("GET", e.URL+"/", nil)
	req.Header.Set("Accept-Encoding", "br")
	req.Header.Set("If-None-Match", `"`+strings.Trim(res.Header.Get("ETag"), `"`)+`-br"`)
	if r2, err := http.DefaultTransport.RoundTrip(req); err != nil || r2.StatusCode != http.StatusNotModified {
		t.Errorf("the page asked for again with its ETag: %v %v", r2.StatusCode, err)
	} else {
		r2.Body.Close()
	}

	// A GraphQL answer: a page of lessons.
	q, _ := json.Marshal(map[string]any{"query": `{ teachingSessions(first: 100) { totalCount edges { node { id date type topic hours domains confirmed } } } }`})
	for _, want := range []string{"br", "gzip"} {
		res, b := raw(t, e, "city", "POST", "/graphql", want, q)
		if res.Header.Get("Content-Encoding") != want {
			t.Fatalf("a page of lessons, accepting %s: Content-Encoding %q (%d bytes) %s", want, res.Header.Get("Content-Encoding"), len(b), b)
		}
		body := decoded(t, res, b)
		var out struct {
			Data struct {
				TeachingSessions struct{ Edges []any }
			}
		}
		if err := json.Unmarshal(body, &out); err != nil || len(out.Data.TeachingSessions.Edges) == 0 {
			t.Fatalf("the page of lessons as %s: %v %.200s", want, err, body)
		}
		if len(b)*2 > len(body) {
			t.Errorf("the page of lessons as %s: %d bytes of %d", want, len(b), len(body))
		}
	}
	// A CSV export.
	res, b := raw(t, e, "city", "GET", "/export/sessions.csv?filter="+url.QueryEscape(`{"regionCode":"370522"}`), "gzip, br", nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "br" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("the sessions' CSV: %d %q %q", res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Content-Type"))
	}
	if csv := decoded(t, res, b); !bytes.Contains(csv, []byte("\n")) || len(b) >= len(csv) {
		t.Errorf("the sessions' CSV: %d bytes sent for %d", len(b), len(csv))
	}

	// A photo is a JPEG already: sent as it is.
	session := newID()
	e.as(t, "teacher", logSession, map[string]any{"in": lesson(session)})
	camera := phototest.CameraJPEG(t, 800, 600, 6)
	in := photoInput(session, camera, "image/jpeg")
	ticket := e.as(t, "teacher", requestUpload, map[string]any{"in": in})["requestPhotoUpload"]
	if st := put(t, e, ticket, camera); st != 200 {
		t.Fatalf("upload: %d", st)
	}
	ph := e.as(t, "teacher", completeQ, map[string]any{"id": in["id"]})["completePhotoUpload"]
	u, _ := url.Parse(get(ph, "url").(string))
	res, b = raw(t, e, "", "GET", u.RequestURI(), "gzip, br", nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "" || !bytes.HasPrefix(b, []byte{0xff, 0xd8}) {
		t.Errorf("a photo: %d, Content-Encoding %q, starts % x", res.StatusCode, res.Header.Get("Content-Encoding"), b[:min(len(b), 4)])
	}
}

func TestServedLikeAWebServer(t *testing.T) {
	e := demoServer(t)
	res, b := raw(t, e, "", "GET", "/manifest.webmanifest", "", nil)
	if ct := res.Header.Get("Content-Type"); ct != "application/manifest+json" {
		t.Errorf("manifest: Content-Type %q", ct)
	}
	var m struct {
		Icons []struct{ Src, Sizes, Type, Purpose string }
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	have := map[string]bool{}
	for _, ic := range m.Icons {
		if ic.Type != "image/png" {
			continue
		}
		r, png := raw(t, e, "", "GET", ic.Src, "", nil)
		if r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/png" || !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Errorf("icon %s: %d %q", ic.Src, r.StatusCode, r.Header.Get("Content-Type"))
		}
		have[ic.Sizes+" "+ic.Purpose] = true
	}
	for _, want := range []string{"192x192 any", "512x512 any", "512x512 maskable"} {
		if !have[want] {
			t.Errorf("the manifest has no PNG icon %s: %+v", want, m.Icons)
		}
	}

	res, b = raw(t, e, "", "GET", "/robots.txt", "", nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") || !strings.Contains(string(b), "Disallow: /") {
		t.Errorf("robots.txt: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), b)
	}
	_, page := raw(t, e, "", "GET", "/", "", nil)
	if !strings.Contains(string(page), `<meta name="description"`) {
		t.Error("the app's page has no description")
	}

	// GraphiQL (introspection is on in the demo): everything from this server.
	res, b = raw(t, e, "", "GET", "/graphiql", "", nil)
	if res.StatusCode != 200 {
		t.Fatalf("graphiql: %d", res.StatusCode)
	}
	csp := res.Header.Get("Content-Security-Policy")
	if strings.Contains(csp, "http") || !strings.Contains(csp, "script-src 'self';") {
		t.Errorf("GraphiQL's policy allows other origins or inline scripts: %s", csp)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(string(b), -1)
	if len(refs) < 4 {
		t.Fatalf("GraphiQL's page loads %d files: %s", len(refs), b)
	}
	for _, r := range refs {
		if !strings.HasPrefix(r[1], "/graphiql/") {
			t.Errorf("GraphiQL loads %s", r[1])
			continue
		}
		fr, fb := raw(t, e, "", "GET", r[1], "br", nil)
		if fr.StatusCode != 200 || len(fb) == 0 {
			t.Errorf("GraphiQL's %s: %d", r[1], fr.StatusCode)
		}
	}
	if r, _ := raw(t, e, "", "GET", "/graphiql/nothing.js", "", nil); r.StatusCode != 404 {
		t.Errorf("an unknown GraphiQL file: %d", r.StatusCode)
	}
}
