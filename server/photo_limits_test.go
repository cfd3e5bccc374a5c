package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/httpapi"
)

// Twelve large photos completed at once are decoded a few at a time, so memory stays
// bounded; the same bytes sent again for the lesson are recognised by their hash and
// not decoded again.
func TestPhotoDecodesAreBoundedAndRepeatsAreNotDecoded(t *testing.T) {
	base := demoServer(t)
	a := app.New(base.App.Store, testLogger())
	a.PasswordCost = 4
	if err := httpapi.SetupPhotos(context.Background(), a, httpapi.PhotoConfig{DataDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.NewHandler(a, testLogger(), httpapi.Options{}))
	t.Cleanup(srv.Close)
	e := &demoEnv{URL: srv.URL, App: a, tok: map[string]string{}}
	session := newID()
	e.as(t, "teacher", logSession, map[string]any{"in": lesson(session)})
	token := e.token(t, "teacher")

	// Flat 1,600 × 1,600 PNGs: a few kB each, 10 MB each once decoded.
	files := make([][]byte, 12)
	for i := range files {
		img := image.NewNRGBA(image.Rect(0, 0, 1600, 1600))
		img.Set(i, i, color.NRGBA{R: 200, A: 255})
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		files[i] = b.Bytes()
	}
	var peakHeap atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peakHeap.Load() {
					peakHeap.Store(m.HeapInuse)
				}
			}
		}
	}()
	ids := make([]string, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		in := photoInput(session, f, "image/png")
		ids[i] = in["id"].(string)
		tk := e.as(t, "teacher", requestUpload, map[string]any{"in": in})["requestPhotoUpload"]
		if st := put(t, e, tk, f); st != 200 {
			t.Fatalf("upload %d: %d", i, st)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := tryDo(e, token, completeQ, map[string]any{"id": in["id"]})
			if err != nil || len(r.Errors) > 0 {
				t.Errorf("completing %d: %v %v", i, err, r)
			}
		}()
	}
	wg.Wait()
	close(stop)
	total, peak := a.PhotoDecodes()
	if total != 12 || peak > int64(app.MaxConcurrentDecodes) {
		t.Fatalf("%d photos decoded, at most %d at once (limit %d)", total, peak, app.MaxConcurrentDecodes)
	}
	t.Logf("12 photos completed at once: at most %d decoded at a time, peak heap %d MB", peak, peakHeap.Load()>>20)

	again := photoInput(session, files[0], "image/png")
	tk := e.as(t, "teacher", requestUpload, map[string]any{"in": again})["requestPhotoUpload"]
	if st := put(t, e, tk, files[0]); st != 200 {
		t.Fatalf("upload again: %d", st)
	}
	got := e.as(t, "teacher", completeQ, map[string]any{"id": again["id"]})["completePhotoUpload"]
	if get(got, "id") != ids[0] {
		t.Fatalf("the same bytes again gave photo %v, want %s", get(got, "id"), ids[0])
	}
	if n, _ := a.PhotoDecodes(); n != 12 {
		t.Fatalf("the repeated photo was decoded again (%d decodes)", n)
	}
}
