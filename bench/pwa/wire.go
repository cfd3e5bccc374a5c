package main

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// sent is one answer as it went out: its path, type, encoding and bytes on the wire.
type sent struct {
	phase, method, path, ctype, encoding string
	status                               int
	body, headers                        int
}

// wire counts what the server sends, answer by answer, in the phase the browser script
// announced last (GET /__bench/mark?phase=…).
type wire struct {
	mu    sync.Mutex
	phase string
	log   []sent
	next  http.Handler
}

func (w *wire) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/__bench/mark" {
		w.mu.Lock()
		w.phase = r.URL.Query().Get("phase")
		w.mu.Unlock()
		_, _ = io.WriteString(rw, "ok")
		return
	}
	cw := &countingWriter{ResponseWriter: rw, status: 200}
	w.next.ServeHTTP(cw, r)
	h := len("HTTP/1.1 200 OK\r\n\r\n")
	for k, vs := range rw.Header() {
		for _, v := range vs {
			h += len(k) + len(v) + 4
		}
	}
	w.mu.Lock()
	w.log = append(w.log, sent{phase: w.phase, method: r.Method, path: r.URL.Path, ctype: rw.Header().Get("Content-Type"),
		encoding: rw.Header().Get("Content-Encoding"), status: cw.status, body: cw.n, headers: h})
	w.mu.Unlock()
}

type countingWriter struct {
	http.ResponseWriter
	n, status int
}

func (c *countingWriter) WriteHeader(code int) {
	c.status = code
	c.ResponseWriter.WriteHeader(code)
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += n
	return n, err
}

func (c *countingWriter) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// isCode says whether an answer is script or styles.
func isCode(ctype string) bool {
	return strings.HasPrefix(ctype, "text/javascript") || strings.HasPrefix(ctype, "application/javascript") || strings.HasPrefix(ctype, "text/css")
}

// identitySize is how many bytes a static file weighs uncompressed, asked for again
// without Accept-Encoding.
func identitySize(base, path string) int {
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Get(base + path)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	n, _ := io.Copy(io.Discard, res.Body)
	return int(n)
}

// report prints each phase's answers and totals, and returns the JS + CSS sent in the
// first visit: the page's scripts and styles and the service worker's script (a path
// asked for twice is counted once: the page's request and the precache's are one file).
func (w *wire) report(base string) (firstCode int) {
	w.mu.Lock()
	log := append([]sent(nil), w.log...)
	w.mu.Unlock()
	phases := []string{"first", "signin", "repeat", "offline"}
	names := map[string]string{"first": "first visit (sign-in page, and what the service worker keeps for offline use)",
		"signin": "sign-in and the teacher's data", "repeat": "repeat visit, online (the service worker serves the app)",
		"offline": "repeat visit, no network"}
	for _, ph := range phases {
		var total, totalHdr, plain int
		var rows []string
		seen := map[string]int{}
		for _, s := range log {
			if s.phase != ph {
				continue
			}
			total += s.body
			totalHdr += s.headers
			p := s.body
			if s.method == http.MethodGet && s.status == 200 && s.encoding != "" {
				p = identitySize(base, s.path)
			}
			plain += p
			seen[s.path]++
			if ph == "first" && isCode(s.ctype) && seen[s.path] == 1 {
				// The page asks for a file first; the service worker's precache asks
				// again (a second request for the same path).
				firstCode += s.body + s.headers
			}
			enc := s.encoding
			if enc == "" {
				enc = "-"
			}
			rows = append(rows, fmt.Sprintf("    %-4s %-44s %3d %-4s body %6.1f KB + headers %4.1f KB (body uncompressed %6.1f KB)",
				s.method, trim(s.path, 44), s.status, enc, kb(s.body), kb(s.headers), kb(p)))
		}
		sort.Strings(rows)
		fmt.Printf("  %s: %d answers, %.1f KB on the wire (bodies %.1f + headers %.1f); the same answers uncompressed: %.1f KB\n",
			names[ph], len(rows), kb(total+totalHdr), kb(total), kb(totalHdr), kb(plain+totalHdr))
		for _, r := range rows {
			fmt.Println(r)
		}
	}
	return firstCode
}

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}
