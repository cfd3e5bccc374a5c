// Command pwa measures the phone app against its budgets, in Debian's Chromium (through
// playwright-core, pwa/e2e/budgets.mjs) against the real server code on the embedded
// store with the demo region:
//
//   - the bytes the server sends (bodies as sent, compressed where they are, plus
//     headers) in each phase: the first visit (the page, and what the service worker
//     keeps for offline use), the sign-in, a repeat visit online, one offline — beside
//     what the same answers weigh uncompressed;
//
//   - JS + CSS a teacher's first load transfers (target ≤ 40 KB);
//
//   - the first render, first contentful paint and largest contentful paint on an
//     emulated slow 3G network (400 kbps, 400 ms round trip; target ≤ 2 s), first visit
//     and repeat visit, and the repeat visit with no network (target ≤ 1 s);
//
//   - what a 12 MP, ~3.6 MB camera photo leaves the phone as (target ≤ 400 KB).
//
//     go run ./bench/pwa
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/httpapi"
	"github.com/handinhand/handinhand/photos/phototest"
	"github.com/handinhand/handinhand/pwa"
	"github.com/handinhand/handinhand/stats"
	"github.com/handinhand/handinhand/storage"
)

func main() {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))

	// 1. What the first load needs, as built: the page's scripts and styles, as brotli
	// (what the server sends to a browser that accepts it) and as gzip.
	files := pwa.Files()
	index, err := fs.ReadFile(files, "index.html")
	check(err)
	size := func(name string) (br, gzip int) {
		b, err1 := fs.ReadFile(files, name+".br")
		g, err2 := fs.ReadFile(files, name+".gz")
		check(err1)
		check(err2)
		return len(b), len(g)
	}
	tb, tg := size("index.html")
	fmt.Printf("the teacher's first load as built (route /), brotli / gzip:\n  %-34s %6.1f / %6.1f KB\n", "index.html", kb(tb), kb(tg))
	for _, m := range regexp.MustCompile(`(?:src|href)="/(assets/[^"]+\.(?:js|css))"`).FindAllStringSubmatch(string(index), -1) {
		b, g := size(m[1])
		tb, tg = tb+b, tg+g
		fmt.Printf("  %-34s %6.1f / %6.1f KB\n", m[1], kb(b), kb(g))
	}
	fmt.Printf("  %-34s %6.1f / %6.1f KB\n", "total", kb(tb), kb(tg))

	// 2. The app in Chromium against the real server.
	dir, err := os.MkdirTemp("", "handinhand-bench-")
	check(err)
	defer os.RemoveAll(dir)
	store, err := storage.Open(ctx, storage.Config{DataDir: dir, Logger: quiet})
	check(err)
	defer store.Close(context.Background())
	a := app.New(store, quiet)
	check(httpapi.SetupPhotos(ctx, a, httpapi.PhotoConfig{DataDir: dir}))
	_, err = demo.Load(ctx, a)
	check(err)
	live, _, err := stats.Open(ctx, store, quiet)
	check(err)
	a.Index = live.Index
	counted := &wire{next: httpapi.NewHandler(a, quiet, httpapi.Options{})}
	srv := httptest.NewServer(counted)
	defer srv.Close()
	photo := filepath.Join(dir, "IMG_0001.jpg")
	camera := phototest.DetailedJPEG(4000, 3000, 1)
	check(os.WriteFile(photo, camera, 0o600))

	cmd := exec.Command("node", "e2e/budgets.mjs", srv.URL, "teacher", demo.Password, photo, srv.URL+"/__bench/mark")
	cmd.Dir = "pwa"
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	check(err)
	type paints struct{ FCP, LCP float64 }
	var r struct {
		FirstRenderMs   float64 `json:"firstRenderMs"`
		First           paints  `json:"first"`
		RepeatRenderMs  float64 `json:"repeatRenderMs"`
		Repeat          paints  `json:"repeat"`
		OfflineRepeatMs float64 `json:"offlineRepeatMs"`
		PhotoBytes      []int   `json:"photoBytes"`
	}
	check(json.Unmarshal(bytes.TrimSpace(out), &r))
	fmt.Printf("bytes the server sent, by phase (Accept-Encoding as Chromium sends it):\n")
	code := counted.report(srv.URL)
	fmt.Printf("JS + CSS sent for the teacher's first visit (the page's and the service worker's, bodies and headers): %.1f KB (target ≤ 40)\n", kb(code))
	fmt.Printf("in Chromium (360×640), slow 3G (400 kbps, 400 ms RTT):\n")
	fmt.Printf("  first visit:  sign-in form on screen %5.0f ms, FCP %5.0f ms, LCP %5.0f ms (target ≤ 2000)\n", r.FirstRenderMs, r.First.FCP, r.First.LCP)
	fmt.Printf("  repeat visit: app on screen         %5.0f ms, FCP %5.0f ms, LCP %5.0f ms\n", r.RepeatRenderMs, r.Repeat.FCP, r.Repeat.LCP)
	fmt.Printf("  repeat visit, offline:              %5.0f ms (target ≤ 1000)\n", r.OfflineRepeatMs)
	for _, n := range r.PhotoBytes {
		fmt.Printf("  12 MP camera photo of %.1f MB leaves the phone as %.0f KB (target ≤ 400), %.1f%% of the original\n",
			float64(len(camera))/(1<<20), kb(n), 100*float64(n)/float64(len(camera)))
	}
}

func kb(n int) float64 { return float64(n) / 1024 }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
