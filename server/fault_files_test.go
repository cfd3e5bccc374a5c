package main

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/pairingfile"
)

// Assistance files whose downloads are abandoned stop being made and give their turns back:
// after many clients leave at once, the next download is made at once, not told to wait.
func TestAbandonedAssistanceFilesGiveTheirTurnsBack(t *testing.T) {
	e := demoServer(t)
	if _, err := pairingfile.Font(); err != nil {
		t.Skip(err)
	}
	defer pairingfile.SetTurnWait(pairingfile.SetTurnWait(2 * time.Second))
	path := e.URL + "/export/pairing-file.pdf?pairingId=" + demo.TeacherPairing // the whole period: the largest file
	tok := e.token(t, "bureau")
	var wg sync.WaitGroup
	for range 4 * runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, path, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			if res, err := http.DefaultClient.Do(req); err == nil {
				res.Body.Close()
			}
		}()
	}
	wg.Wait()
	// Every abandoned file has given its turn back well before a new one would give up
	// waiting for one.
	status, _, b := e.fetch(t, "bureau", http.MethodGet, "/export/pairing-file.pdf?pairingId="+demo.TeacherPairing, nil)
	if status != http.StatusOK {
		t.Fatalf("the download after the abandoned ones: %d %.200s", status, b)
	}
}
