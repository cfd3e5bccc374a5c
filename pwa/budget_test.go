package pwa

import (
	"io/fs"
	"regexp"
	"testing"
)

// The teacher's first visit carries the page's scripts and styles and the service worker,
// as brotli (what the server sends to browsers that accept it). The budget is 40 KB on the
// wire with headers (go run ./bench/pwa measures that); the bodies must leave room for
// the headers, about 0.5 KB an answer. A screen that only bureaus or admins use belongs in
// a chunk of its own (and its texts in texts-admin.ts), not in the teacher's first load.
func TestTeacherFirstVisitStaysWithinItsBudget(t *testing.T) {
	const budget = 38 << 10
	files := Files()
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"sw.js"}
	for _, m := range regexp.MustCompile(`(?:src|href)="/(assets/[^"]+\.(?:js|css))"`).FindAllStringSubmatch(string(index), -1) {
		names = append(names, m[1])
	}
	total := 0
	for _, n := range names {
		b, err := fs.ReadFile(files, n+".br")
		if err != nil {
			t.Fatalf("%s has no brotli variant: %v", n, err)
		}
		total += len(b)
		t.Logf("%-40s %6.1f KB", n, float64(len(b))/1024)
	}
	if total > budget {
		t.Errorf("the teacher's first visit is %.1f KB of JS + CSS (brotli bodies), over %.0f KB", float64(total)/1024, float64(budget)/1024)
	}
	// And what the service worker precaches holds no bureau's or admin's screen.
	sw, _ := fs.ReadFile(files, "sw.js")
	if m := regexp.MustCompile(`assets/(Dashboard|Builder|Setup|Compliance|Evidence|People|PairingAdmin|Accounts|Audit|Inspections|FollowUp|texts-admin|chart)-`).Find(sw); m != nil {
		t.Errorf("the service worker precaches %s on every phone", m)
	}
}
