package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/storage"
)

// TestMain lets the test binary run as the server in a child process, which a test can
// then kill outright (SIGKILL).
func TestMain(m *testing.M) {
	if os.Getenv("HANDINHAND_TEST_CHILD_SERVER") == "1" {
		cfg, err := configFromEnv(nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		ready := make(chan string, 1)
		go func() { fmt.Printf("LISTENING %s\n", <-ready) }()
		if err := run(context.Background(), cfg, testLogger(), ready); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// startChild runs the server in a child process on dir and returns its URL.
func startChild(t *testing.T, dir string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "HANDINHAND_TEST_CHILD_SERVER=1", "HANDINHAND_DATA="+dir, "HANDINHAND_ADDR=127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := bufio.NewScanner(out)
	found := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if addr, ok := strings.CutPrefix(lines.Text(), "LISTENING "); ok {
				found <- addr
			}
		}
	}()
	select {
	case addr := <-found:
		return cmd, "http://" + addr
	case <-time.After(2 * time.Minute):
		t.Fatal("the child server did not start within 2 minutes")
	}
	return nil, ""
}

// The server killed outright (SIGKILL) in the middle of 50 concurrent writers loses no
// acknowledged write and leaves no record half-written: every acknowledged session is
// whole after the restart, and the store agrees with itself.
func TestSIGKILLAmidFiftyWritersLosesNoAcknowledgedWrite(t *testing.T) {
	dir := demoDataDir(t)
	cmd, url := startChild(t, dir)
	e := &demoEnv{URL: url, tok: map[string]string{}}
	token := login(t, e, "teacher", demo.Password)

	var (
		mu    sync.Mutex
		acked = map[string]map[string]any{}
		wg    sync.WaitGroup
	)
	for c := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				in := lesson(newID())
				in["topic"] = fmt.Sprintf("client %d lesson %d", c, n)
				r, err := tryDo(e, token, logSession, map[string]any{"in": in})
				if err != nil {
					return // the server is gone
				}
				if r.Code() == "" && get(r.Data, "logTeachingSession", "id") == in["id"] {
					mu.Lock()
					acked[in["id"].(string)] = in
					mu.Unlock()
				}
			}
		}()
	}
	// Kill it in mid-stream, once a good number of writes were acknowledged (the race
	// detector makes the child slow).
	for start := time.Now(); time.Since(start) < time.Minute; time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 50 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	_ = cmd.Wait()
	if len(acked) < 20 {
		t.Fatalf("only %d writes acknowledged before the kill; the test proves little", len(acked))
	}

	ctx := context.Background()
	s, err := storage.Open(ctx, storage.Config{DataDir: dir, Logger: testLogger()})
	if err != nil {
		t.Fatalf("the store does not open after the kill: %v", err)
	}
	defer s.Close(ctx)
	for id, in := range acked {
		got, err := s.TeachingSession(ctx, id)
		if err != nil {
			t.Fatalf("acknowledged session %s: %v", id, err)
		}
		if got.Topic != in["topic"] || got.Hours != 2.5 || got.PairingID != demo.TeacherPairing || len(got.KindergartenIDs) != 2 {
			t.Fatalf("session %s is not whole: %+v", id, got)
		}
	}
	// Every stored session, acknowledged or not, is whole and listed by its scope.
	all := 0
	if err := s.EachTeachingSession(ctx, domain.Scope{All: true}, nil, 0, func(x *domain.TeachingSession) error {
		all++
		if x.PairingID == "" || x.Semester == "" || len(x.RegionPath) == 0 {
			return fmt.Errorf("half-written session %s: %+v", x.ID, x)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	stored, err := s.Count(ctx, storage.CollSessions)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.ListTeachingSessions(ctx, domain.Scope{All: true}, nil, "DATE", true, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	listed, _ := p.TotalCount(ctx)
	if int64(all) != stored || int64(listed) != stored {
		t.Fatalf("the store disagrees with itself: %d sessions stored, %d read, %d listed", stored, all, listed)
	}
	t.Logf("%d writes acknowledged before SIGKILL; all %d present and whole, %d sessions stored", len(acked), len(acked), stored)
}
