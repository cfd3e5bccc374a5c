package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
)

// The photo queries that are never scoped read the partial indexes kept only for the row
// every record has (index.everyone), and the scoped lists their scope's index: none reads
// the scope table from end to end, which at a city's 300,000 photos (2 million scope rows)
// would take seconds.
func TestPhotoQueriesReadAnIndex(t *testing.T) {
	s := openSQLiteForTest(t, t.TempDir())
	e := s.eng.(*sqliteEngine)
	ctx := context.Background()
	// Photos of two counties' kindergartens, and the planner's statistics (made by the
	// hourly refresh); without any, SQLite's choice is a guess.
	for i := range 300 {
		d := domain.Date("2026-09-01").AddDays(i % 90)
		p := &domain.Photo{ID: fmt.Sprintf("p%03d", i), SubjectKind: domain.SubjectTeachingSession, SubjectID: fmt.Sprintf("s%d", i/3), PairingID: fmt.Sprintf("pr-%d", i%20),
			Status: []domain.PhotoStatus{domain.PhotoReady, domain.PhotoPending}[i%2], SHA256: fmt.Sprintf("sha-%d", i), SubjectDate: d, Semester: domain.SemesterOf(d), Month: d.Month(),
			PHashBands: []string{fmt.Sprintf("0:%d", i), fmt.Sprintf("1:%d", i)},
			Scoped:     domain.Scoped{RegionPath: domain.RegionPath([]string{"370523101", "370522101"}[i%2]), KindergartenIDs: []string{"city", fmt.Sprintf("kg-%d", i%40)}}}
		if _, _, err := s.CreatePhoto(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Tx(ctx, e.analyze); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		where []cond
		want  string // the index the plan names
		order string
	}{
		{"the janitor's expired uploads", []cond{live, eq("status", domain.PhotoPending), lt("expiresAt", time.Now())}, "photos__scope__status_expiresAt_all", ""},
		{"the same bytes", []cond{live, eq("sha256", "x")}, "photos__scope__sha256_all", ""},
		{"a near-duplicate", []cond{live, in("phashBands", []string{"0:1", "1:2"})}, "rid=?", ""},
		{"a county's photos", []cond{live, eq("regionPath", "370523"), eq("status", domain.PhotoReady)}, "photos__scope__subjectDate_with_status", " ORDER BY t.subjectDate DESC"},
		{"a semester's photos", []cond{live, eq("status", domain.PhotoReady), in("semester", []string{"2026-2027-1"})}, "photos__scope__semester_subjectDate_with_status", " ORDER BY t.subjectDate DESC"},
		{"a pairing's photos", []cond{live, eq("kindergartenIds", "k1"), in("pairingId", []string{"p1"})}, "photos__scope__pairingId_subjectDate_with_status", " ORDER BY t.subjectDate DESC"},
		// A list's total: counted from the narrow index alone.
		{"the count of a county's photos", []cond{live, eq("regionPath", "370523"), eq("status", domain.PhotoReady)}, "COVERING INDEX photos__scope__status_deletedAt", "count"},
	}
	for _, c := range cases {
		var args []any
		from, w, err := plan(CollPhotos, c.where, &args)
		if err != nil {
			t.Fatal(err)
		}
		q := fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT t.id FROM %s WHERE %s%s LIMIT 20`, from, w, c.order)
		if c.order == "count" {
			q = fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT count(*) FROM %s WHERE %s`, from, w)
		}
		rows, err := e.w.QueryContext(ctx, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var steps []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			steps = append(steps, detail)
		}
		rows.Close()
		plan := strings.Join(steps, "; ")
		if !strings.Contains(plan, c.want) {
			t.Errorf("%s: plan %q does not use %s", c.name, plan, c.want)
		}
		if strings.Contains(plan, `SCAN t`) && !strings.Contains(plan, "USING") {
			t.Errorf("%s: plan %q reads the whole scope table", c.name, plan)
		}
	}
}

// ScanParts reads every record once, deleted ones included, in several parts at once.
func TestScanPartsReadsEveryRecordOnce(t *testing.T) {
	s := openSQLiteForTest(t, t.TempDir())
	ctx := context.Background()
	for i := range 1001 {
		if _, _, err := s.CreateTeachingSession(ctx, session(i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.UpdateTeachingSession(ctx, session(7).ID, func(x *domain.TeachingSession) error { now := domain.Now(); x.DeletedAt = &now; return nil }); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen, parts := map[string]int{}, map[int]bool{}
	err := s.ScanParts(ctx, CollSessions, 4, func(part int, raw bson.Raw) error {
		id, _ := raw.Lookup("_id").StringValueOK()
		mu.Lock()
		seen[id]++
		parts[part] = true
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1001 || len(parts) != 4 {
		t.Fatalf("%d records in %d parts, want 1001 in 4", len(seen), len(parts))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s read %d times", id, n)
		}
	}
	// A failing part stops the scan with its error.
	stop := errors.New("stop")
	if err := s.ScanParts(ctx, CollSessions, 4, func(part int, raw bson.Raw) error {
		if part == 2 {
			return stop
		}
		return nil
	}); !errors.Is(err, stop) {
		t.Errorf("a failing part: %v", err)
	}
}
