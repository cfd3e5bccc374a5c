package main

import (
	"context"
	"io"
	"net"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/httpapi"
	"github.com/handinhand/handinhand/storage"
	"github.com/handinhand/handinhand/storage/storagetest"
)

// cutProxy forwards TCP connections to a target and can cut them all, refusing new ones,
// until it is mended: a network fault between the server and its document store.
type cutProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	cut    bool
	conns  map[net.Conn]bool
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.setCut(true) })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.serve(c)
		}
	}()
	return p
}

func (p *cutProxy) serve(c net.Conn) {
	p.mu.Lock()
	if p.cut {
		p.mu.Unlock()
		c.Close()
		return
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		p.mu.Unlock()
		c.Close()
		return
	}
	p.conns[c], p.conns[up] = true, true
	p.mu.Unlock()
	go func() { _, _ = io.Copy(up, c); up.Close() }()
	_, _ = io.Copy(c, up)
	c.Close()
}

// setCut cuts (closing every open connection) or mends the link.
func (p *cutProxy) setCut(cut bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = cut
	if cut {
		for c := range p.conns {
			c.Close()
		}
		p.conns = map[net.Conn]bool{}
	}
}

// TestDocumentStoreDropsAndReturns cuts the server off its document store: requests then
// fail fast with a retryable UNAVAILABLE, nothing half-written; when the link returns,
// the same server (no restart) answers again and a retried write lands once.
func TestDocumentStoreDropsAndReturns(t *testing.T) {
	storagetest.SkipMongoUnderRace(t, "mongodb")
	ctx := context.Background()
	// This fault is of the MongoDB implementation (the embedded store has no network):
	// the demo region is loaded into FerretDB, then the server reaches it through a
	// proxy that can cut the link.
	dir := t.TempDir()
	uri := storagetest.MongoURI(t)
	first := storagetest.OpenEngine(t, "mongodb")
	cfg := first.Config()
	loader := app.New(first, testLogger())
	loader.PasswordCost = 4
	if err := httpapi.SetupPhotos(ctx, loader, httpapi.PhotoConfig{DataDir: dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, loader); err != nil {
		t.Fatal(err)
	}
	target := strings.TrimPrefix(uri, "mongodb://")
	target, _, _ = strings.Cut(target, "/")
	proxy := newCutProxy(t, target)
	store, err := storage.Open(ctx, storage.Config{MongoURI: "mongodb://" + proxy.ln.Addr().String() + "/", Database: cfg.Database, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(context.Background()) })
	a := app.New(store, testLogger())
	a.PasswordCost = 4
	if err := httpapi.SetupPhotos(ctx, a, httpapi.PhotoConfig{DataDir: dir}); err != nil {
		t.Fatal(err)
	}
	if err := startStats(ctx, a, testLogger(), 0); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.NewHandler(a, testLogger(), httpapi.Options{RequestTimeout: 10 * time.Second}))
	t.Cleanup(srv.Close)
	e := &demoEnv{URL: srv.URL, App: a, tok: map[string]string{}}
	tok := e.token(t, "teacher")
	before := newID()
	e.as(t, "teacher", logSession, map[string]any{"in": lesson(before)})
	count := `query($p:ID!){ teachingSessions(filter:{pairingIds:[$p]}){ totalCount } }`
	n0 := get(e.as(t, "teacher", count, map[string]any{"p": demo.TeacherPairing}), "teachingSessions", "totalCount").(float64)

	proxy.setCut(true)
	cutAt := time.Now()
	during := newID()
	var failed, slow int
	var firstFail time.Duration
	for time.Since(cutAt) < 6*time.Second {
		t0 := time.Now()
		r, err := tryDo(e, tok, logSession, map[string]any{"in": lesson(during)})
		took := time.Since(t0)
		if err != nil {
			t.Fatalf("transport error: %v", err)
		}
		switch {
		case r.Code() == "UNAVAILABLE":
			if failed == 0 {
				firstFail = time.Since(cutAt)
			} else if took > time.Second {
				slow++
			}
			failed++
			if r.Errors[0].Extensions["retryable"] != true {
				t.Fatalf("UNAVAILABLE without retryable: %v", r.Errors[0])
			}
		case len(r.Errors) > 0:
			t.Fatalf("during the outage: %s %s", r.Code(), r.Errors[0].Message)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("store cut: first refusal after %s, %d refusals, %d slower than 1 s", firstFail.Round(time.Millisecond), failed, slow)
	if failed < 10 || firstFail > 4*time.Second || slow > 3 {
		t.Fatalf("requests did not fail fast: %d refusals, first after %s, %d slow", failed, firstFail, slow)
	}

	proxy.setCut(false)
	mended := time.Now()
	for {
		r, err := tryDo(e, tok, count, map[string]any{"p": demo.TeacherPairing})
		if err == nil && len(r.Errors) == 0 {
			break
		}
		if time.Since(mended) > 15*time.Second {
			t.Fatalf("the server did not recover without a restart: %v %v", err, r)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("answered again %s after the link returned", time.Since(mended).Round(time.Millisecond))
	// The write refused during the outage is retried with its id: it lands once.
	e.as(t, "teacher", logSession, map[string]any{"in": lesson(during)})
	e.as(t, "teacher", logSession, map[string]any{"in": lesson(during)})
	n1 := get(e.as(t, "teacher", count, map[string]any{"p": demo.TeacherPairing}), "teachingSessions", "totalCount").(float64)
	if n1 != n0+1 {
		t.Fatalf("sessions %v before, %v after one retried write", n0, n1)
	}
	if get(e.as(t, "teacher", `query($id:ID!){ teachingSession(id:$id){ id } }`, map[string]any{"id": before}), "teachingSession", "id") != before {
		t.Fatal("the write acknowledged before the outage is gone")
	}
}
