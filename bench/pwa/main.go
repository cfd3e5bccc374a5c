// Command pwa measures the phone app against its budgets: the JavaScript and CSS a
// teacher's first load needs (gzipped, per route, target ≤ 100 KB), the first render on
// an emulated slow 3G network (400 kbps, 400 ms round trip; target ≤ 3 s), the repeat
// visit with no network (target ≤ 1 s), and what a 12 MP, ~3.6 MB camera photo leaves the
// phone as (target ≤ 400 KB). It serves the embedded app and the demo region from the
// real server code on the embedded store, and drives Debian's Chromium with
// playwright-core (pwa/e2e/budgets.mjs).
//
//	go run ./bench/pwa
package main

import (
	"bytes"
	"compress/gzip"
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

	// 1. What the first load needs: the page's scripts and styles, gzipped.
	files := pwa.Files()
	index, err := fs.ReadFile(files, "index.html")
	check(err)
	total := gz(index)
	fmt.Printf("first load of the teacher's app (route /, gzipped):\n  %-34s %6.1f KB\n", "index.html", kb(total))
	for _, m := range regexp.MustCompile(`(?:src|href)="/(assets/[^"]+\.(?:js|css))"`).FindAllStringSubmatch(string(index), -1) {
		b, err := fs.ReadFile(files, m[1])
		check(err)
		n := gz(b)
		total += n
		fmt.Printf("  %-34s %6.1f KB\n", m[1], kb(n))
	}
	fmt.Printf("  %-34s %6.1f KB (target ≤ 100)\n", "total", kb(total))

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
	srv := httptest.NewServer(httpapi.NewHandler(a, quiet, httpapi.Options{}))
	defer srv.Close()
	photo := filepath.Join(dir, "IMG_0001.jpg")
	camera := phototest.DetailedJPEG(4000, 3000, 1)
	check(os.WriteFile(photo, camera, 0o600))

	cmd := exec.Command("node", "e2e/budgets.mjs", srv.URL, "teacher", demo.Password, photo)
	cmd.Dir = "pwa"
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	check(err)
	var r struct {
		FirstRenderMs   float64 `json:"firstRenderMs"`
		OfflineRepeatMs float64 `json:"offlineRepeatMs"`
		PhotoBytes      []int   `json:"photoBytes"`
	}
	check(json.Unmarshal(bytes.TrimSpace(out), &r))
	fmt.Printf("in Chromium (360×640):\n")
	fmt.Printf("  first render, slow 3G (400 kbps, 400 ms RTT): %6.0f ms (target ≤ 3000)\n", r.FirstRenderMs)
	fmt.Printf("  repeat visit, offline:                       %6.0f ms (target ≤ 1000)\n", r.OfflineRepeatMs)
	for _, n := range r.PhotoBytes {
		fmt.Printf("  12 MP camera photo of %.1f MB leaves the phone as %.0f KB (target ≤ 400), %.1f%% of the original\n",
			float64(len(camera))/(1<<20), kb(n), 100*float64(n)/float64(len(camera)))
	}
}

func gz(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}

func kb(n int) float64 { return float64(n) / 1024 }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
