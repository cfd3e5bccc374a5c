package main

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestServerStartsOnAnEmptyStoreAndStopsOnSignal(t *testing.T) {
	cfg := Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), AdminPassword: "first-admin-pass-1", DrainTimeout: 5 * time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, testLogger(), ready) }()

	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("server did not start: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("server did not start within a minute")
	}
	res, err := http.Get("http://" + addr + "/readyz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", err, res)
	}
	res.Body.Close()
	// The first admin exists, with the configured password and no other.
	e := &demoEnv{URL: "http://" + addr, tok: map[string]string{}}
	if r := e.do(t, "", `mutation { login(username:"admin", password:"demo-password") { token } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("a default password works: %v", r.Code())
	}
	tok := login(t, e, "admin", "first-admin-pass-1")
	if r := e.do(t, tok, `{ me { role } }`, nil); get(r.Data, "me", "role") != "ADMIN" {
		t.Fatalf("first admin: %+v", r)
	}

	cancel() // as SIGTERM does
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop")
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Fatal("server still answers after shutdown")
	}
}
