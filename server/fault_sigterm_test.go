package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/storage"
)

// startServer runs the real server (run) on dir until the returned stop is called; stop
// returns run's error and how long the drain took.
func startServer(t *testing.T, dir string) (url string, stop func() (error, time.Duration)) {
	t.Helper()
	return startServerDraining(t, dir, 10*time.Second)
}

func startServerDraining(t *testing.T, dir string, drain time.Duration) (url string, stop func() (error, time.Duration)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, Config{Addr: "127.0.0.1:0", DataDir: dir, DrainTimeout: drain}, testLogger(), ready)
	}()
	select {
	case addr := <-ready:
		url = "http://" + addr
	case err := <-done:
		t.Fatalf("server did not start: %v", err)
	}
	return url, func() (error, time.Duration) {
		start := time.Now()
		cancel()
		err := <-done
		return err, time.Since(start)
	}
}

// demoDataDir is a data directory holding the demo region, written in one transaction
// by a short-lived store, for tests that start the real server on it.
func demoDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	s, err := storage.Open(ctx, storage.Config{DataDir: dir, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	a := app.New(s, testLogger())
	a.PasswordCost = 4
	if err := s.Tx(ctx, func(ctx context.Context) error { _, err := demo.Load(ctx, a); return err }); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSIGTERMUnderLoadLosesNoAcknowledgedWrite(t *testing.T) {
	dir := demoDataDir(t)
	url, stop := startServer(t, dir)
	e := &demoEnv{URL: url, tok: map[string]string{}}
	token := login(t, e, "teacher", demo.Password)

	const clients = 50
	var (
		mu        sync.Mutex
		acked     = map[string]bool{}
		unacked   = map[string]map[string]any{}
		wg        sync.WaitGroup
		requests  int
		stopped   = make(chan struct{})
		firstDown sync.Once
	)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				in := lesson(newID())
				in["topic"] = fmt.Sprintf("client %d lesson %d", c, n)
				r, err := tryDo(e, token, logSession, map[string]any{"in": in})
				mu.Lock()
				requests++
				if err == nil && r.Code() == "" && get(r.Data, "logTeachingSession", "id") == in["id"] {
					acked[in["id"].(string)] = true
					mu.Unlock()
					continue
				}
				unacked[in["id"].(string)] = in // the phone keeps it in its outbox
				mu.Unlock()
				firstDown.Do(func() { close(stopped) })
				return
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	err, drain := stop() // as SIGTERM does
	wg.Wait()
	<-stopped
	if err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if drain > 10*time.Second {
		t.Fatalf("draining took %v, longer than the drain time", drain)
	}
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged before the shutdown; the test proves nothing")
	}

	// Back up: every acknowledged write is there; the outbox retries the rest with the same
	// ids and nothing is created twice.
	url, stop2 := startServer(t, dir)
	defer stop2()
	e2 := &demoEnv{URL: url, tok: map[string]string{}}
	token = login(t, e2, "teacher", demo.Password)
	for id := range acked {
		r := e2.do(t, token, `query($id:ID!){ teachingSession(id:$id){ id } }`, map[string]any{"id": id})
		if get(r.Data, "teachingSession", "id") != id {
			t.Fatalf("acknowledged session %s is missing after the restart", id)
		}
	}
	for id, in := range unacked {
		for range 2 { // and a duplicate retry on top
			r := e2.do(t, token, logSession, map[string]any{"in": in})
			if r.Code() != "" {
				t.Fatalf("retry of %s: %s %v", id, r.Code(), r.Errors)
			}
		}
	}
	// Count our sessions by topic prefix through the API: exactly one per id.
	seen := map[string]int{}
	after := ""
	for {
		r := e2.do(t, token, `query($a:String){ teachingSessions(first:100, after:$a, orderBy:{field:CREATED_AT, direction:DESC}){ edges { node { id topic } } pageInfo { hasNextPage endCursor } } }`,
			map[string]any{"a": nilIfEmpty(after)})
		for _, edge := range get(r.Data, "teachingSessions", "edges").([]any) {
			id := get(edge, "node", "id").(string)
			if acked[id] || unacked[id] != nil {
				seen[id]++
			}
		}
		if get(r.Data, "teachingSessions", "pageInfo", "hasNextPage") != true {
			break
		}
		after = get(r.Data, "teachingSessions", "pageInfo", "endCursor").(string)
	}
	for id := range acked {
		if seen[id] != 1 {
			t.Fatalf("session %s stored %d times", id, seen[id])
		}
	}
	for id := range unacked {
		if seen[id] != 1 {
			t.Fatalf("retried session %s stored %d times", id, seen[id])
		}
	}
	t.Logf("SIGTERM under %d writers: %d requests, %d acknowledged (all kept), %d retried after restart, 0 lost, 0 duplicated, drained in %v",
		clients, requests, len(acked), len(unacked), drain.Round(time.Millisecond))
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// A request still running when the drain time is up (here a client that never finishes
// sending its body) is cut off: SIGTERM stops the server within its stated time, cleanly.
func TestSIGTERMStopsWithinTheDrainTimeWhateverIsRunning(t *testing.T) {
	url, stop := startServerDraining(t, t.TempDir(), time.Second)
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"query\":\"")
	time.Sleep(200 * time.Millisecond) // the handler is reading the body
	err, took := stop()
	if err != nil {
		t.Fatalf("stopped with %v", err)
	}
	if took > 3*time.Second {
		t.Fatalf("stopping took %s with a drain time of 1 s", took)
	}
	t.Logf("stopped %s after SIGTERM", took.Round(time.Millisecond))
}

// A second server, backup or restore on a data directory in use is refused with the
// reason, and the first keeps serving; once it has stopped, the directory is free again.
func TestTheDataDirectoryServesOneServerAtATime(t *testing.T) {
	dir := t.TempDir()
	url, stop := startServer(t, dir)
	err := run(context.Background(), Config{Addr: "127.0.0.1:0", DataDir: dir, DrainTimeout: time.Second}, testLogger(), nil)
	if err == nil || !strings.Contains(err.Error(), "in use by another server") {
		t.Fatalf("a second server on the same directory: %v", err)
	}
	if err := archive(context.Background(), Config{DataDir: dir}, testLogger(), "backup", filepath.Join(t.TempDir(), "b.tar.gz")); err == nil {
		t.Fatal("a backup ran beside the server")
	}
	if res, err := http.Get(url + "/healthz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("the first server stopped answering: %v", err)
	}
	if err, _ := stop(); err != nil {
		t.Fatal(err)
	}
	_, stop2 := startServer(t, dir)
	if err, _ := stop2(); err != nil {
		t.Fatal(err)
	}
}
