package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/photos/phototest"
)

// TestObjectStoreStopsDuringABatchOfUploads sends 200 photos from 8 phones to a real
// MinIO and kills MinIO part-way, then starts it again. Phones retry as the app does
// (the same ticket, the same id). Afterwards every photo is READY exactly once, every
// acknowledged photo still serves its bytes, no photo points at a missing object and no
// object is left that no photo points at.
func TestObjectStoreStopsDuringABatchOfUploads(t *testing.T) {
	e, m := photoServer(t, "minio")
	tok := e.token(t, "teacher")
	const total, phones = 200, 8
	var sessions []string
	for i := 0; i < 4; i++ {
		id := newID()
		e.as(t, "teacher", logSession, map[string]any{"in": lesson(id)})
		sessions = append(sessions, id)
	}
	type job struct {
		in  map[string]any
		img []byte
	}
	jobs := make(chan job, total)
	for i := 0; i < total; i++ {
		img := phototest.CameraJPEG(t, 96+i, 80, 1) // every photo different
		jobs <- job{photoInput(sessions[i%len(sessions)], img, "image/jpeg"), img}
	}
	close(jobs)

	var acked, requests, refused atomic.Int64
	var mu sync.Mutex
	ready := map[string]bool{}
	var failures []string
	// retry runs step until it succeeds, as the app's outbox does, with a short backoff.
	retry := func(what string, step func() (bool, error)) bool {
		for attempt := 0; attempt < 1200; attempt++ { // up to about two minutes
			requests.Add(1)
			ok, err := step()
			if ok {
				return true
			}
			if err != nil {
				mu.Lock()
				failures = append(failures, fmt.Sprintf("%s: %v", what, err))
				mu.Unlock()
				return false
			}
			refused.Add(1)
			time.Sleep(100 * time.Millisecond)
		}
		return false
	}
	var wg sync.WaitGroup
	for p := 0; p < phones; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				id := j.in["id"].(string)
				var ticket any
				got := retry("ticket "+id, func() (bool, error) {
					r, err := tryDo(e, tok, requestUpload, map[string]any{"in": j.in})
					if err != nil || r.Code() == "UNAVAILABLE" {
						return false, nil
					}
					if len(r.Errors) > 0 {
						return false, fmt.Errorf("%s %s", r.Code(), r.Errors[0].Message)
					}
					ticket = r.Data["requestPhotoUpload"]
					return true, nil
				}) && retry("upload "+id, func() (bool, error) {
					st, err := tryPut(ticket, j.img)
					return err == nil && st == 200, nil
				}) && retry("complete "+id, func() (bool, error) {
					r, err := tryDo(e, tok, completeQ, map[string]any{"id": id})
					if err != nil || r.Code() == "UNAVAILABLE" {
						return false, nil
					}
					if r.Code() == "BAD_USER_INPUT" && strings.Contains(r.Errors[0].Message, "not arrived") {
						return false, nil // the upload was lost with the outage: the phone sends it again
					}
					if len(r.Errors) > 0 {
						return false, fmt.Errorf("%s %s", r.Code(), r.Errors[0].Message)
					}
					if get(r.Data, "completePhotoUpload", "status") != "READY" {
						return false, fmt.Errorf("completed as %v", r.Data)
					}
					return true, nil
				})
				if got {
					acked.Add(1)
					mu.Lock()
					ready[id] = true
					mu.Unlock()
				}
			}
		}()
	}
	// Kill MinIO once a fifth of the photos are through; bring it back two seconds later.
	for acked.Load() < total/5 {
		time.Sleep(10 * time.Millisecond)
	}
	m.Stop()
	stoppedAt := acked.Load()
	time.Sleep(2 * time.Second)
	m.Restart()
	wg.Wait()
	t.Logf("MinIO stopped after %d photos; %d requests in all, %d refused and retried", stoppedAt, requests.Load(), refused.Load())
	if len(failures) > 0 {
		t.Fatalf("%d photos failed: %v", len(failures), failures[:min(5, len(failures))])
	}
	if len(ready) != total {
		t.Fatalf("%d of %d photos READY", len(ready), total)
	}

	// Every photo once, each pointing at objects that exist, serving its bytes.
	ctx := context.Background()
	keys := map[string]bool{}
	for _, s := range sessions {
		d := e.as(t, "teacher", `query($id:ID!){ teachingSession(id:$id){ photos { count items { id status url } } } }`, map[string]any{"id": s})
		if n := get(d, "teachingSession", "photos", "count"); n != float64(total/len(sessions)) {
			t.Errorf("session %s has %v photos, want %d", s, n, total/len(sessions))
		}
		for _, it := range get(d, "teachingSession", "photos", "items").([]any) {
			id := get(it, "id").(string)
			if !ready[id] {
				t.Errorf("photo %s on the session was never acknowledged", id)
			}
			ph, err := e.App.Store.Photo(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{ph.DisplayKey, ph.ThumbKey} {
				if _, err := e.App.Photos.Stat(ctx, k); err != nil {
					t.Errorf("photo %s points at %s: %v", id, k, err)
				}
				keys[k] = true
			}
			res, body := fetch(t, e, get(it, "url").(string))
			if res.StatusCode != 200 || len(body) == 0 {
				t.Errorf("photo %s does not serve: %d", id, res.StatusCode)
			}
		}
	}
	// Nothing in the bucket that no photo points at: originals are removed once checked,
	// and those a failure left behind by the janitor once their tickets have expired.
	// Photos of other tests on this MinIO are checked the same way.
	clock := domain.Now
	domain.Now = func() time.Time { return clock().Add(20 * time.Minute) }
	_, err := e.App.SweepPhotoUploads(ctx)
	domain.Now = clock
	if err != nil {
		t.Fatal(err)
	}
	orphans := 0
	err = e.App.Photos.List(ctx, func(key string) error {
		if keys[key] {
			return nil
		}
		id, _, _ := strings.Cut(strings.TrimPrefix(key, "photos/"), "/")
		ph, err := e.App.Store.Photo(ctx, id)
		if err != nil || (ph.DisplayKey != key && ph.ThumbKey != key && !(ph.Status == domain.PhotoPending && ph.UploadKey == key)) {
			orphans++
			t.Errorf("object %s belongs to no photo", key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if orphans > 0 {
		t.Fatalf("%d orphaned objects", orphans)
	}
}

// tryPut is put for uploads that may fail at the transport (MinIO down).
func tryPut(ticket any, data []byte) (int, error) {
	req, _ := http.NewRequest(get(ticket, "method").(string), get(ticket, "uploadUrl").(string), bytes.NewReader(data))
	for _, h := range get(ticket, "headers").([]any) {
		req.Header.Set(get(h, "name").(string), get(h, "value").(string))
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}
