package storage

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/domain"
)

// sideRows reads every side table of the file at path as "table field value id" lines.
func sideRows(t *testing.T, path string) ([]string, int) {
	t.Helper()
	db, err := openSQLitePool(path, false, "query_only = 1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE '%\_\_scope' ESCAPE '\' OR name LIKE '%\_\_values' ESCAPE '\')`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	var out []string
	for _, tb := range tables {
		rows, err := db.Query(`SELECT _field, _value, id FROM ` + quote(tb))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var f, v, id string
			if err := rows.Scan(&f, &v, &id); err != nil {
				t.Fatal(err)
			}
			out = append(out, tb+" "+f+" "+v+" "+id)
		}
		rows.Close()
	}
	slices.Sort(out)
	return out, version
}

// A file written by the first SQLite release (schema 1: side tables keyed by record id),
// holding the demo region, is upgraded at start to side tables keyed by row number: the
// same rows, the same answers, and the next start finds nothing left to do.
func TestASchemaOneFileIsUpgraded(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f, err := os.Open("testdata/schema1-demo.db.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, SQLiteFile)
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	out.Close()
	before, v := sideRows(t, path)
	if v != 1 || len(before) < 1000 {
		t.Fatalf("the fixture: schema %d, %d side rows", v, len(before))
	}
	s, err := Open(ctx, Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	county := domain.Scope{RegionCode: "370523"}
	page, err := s.ListTeachingSessions(ctx, county, nil, "", true, 20, "")
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, r := range before {
		if strings.HasPrefix(r, "teachingSessions__scope regionPath 370523 ") {
			want++
		}
	}
	if n, err := page.TotalCount(ctx); err != nil || n != want || want == 0 || len(page.Items) != 20 {
		t.Errorf("the county's sessions after the upgrade: %d (%d on the page) %v, want %d", n, len(page.Items), err, want)
	}
	// A new session is listed, its rows keyed like the others.
	ns := session(1)
	ns.RegionPath = []string{"37", "3705", "370523"}
	if _, _, err := s.CreateTeachingSession(ctx, ns); err != nil {
		t.Fatal(err)
	}
	if n := total(t, s, county); n != want+1 {
		t.Errorf("after a new session: %d, want %d", n, want+1)
	}
	now := domain.Now()
	if _, err := s.UpdateTeachingSession(ctx, ns.ID, func(x *domain.TeachingSession) error { x.DeletedAt = &now; return nil }); err != nil {
		t.Fatal(err)
	}
	s.Close(ctx)
	after, v := sideRows(t, path)
	if v != schemaVersion {
		t.Errorf("schema %d after the upgrade, want %d", v, schemaVersion)
	}
	if !slices.Equal(before, after) {
		t.Errorf("the side rows changed: %d before, %d after", len(before), len(after))
	}
	// Opening again changes nothing.
	s = openSQLiteForTest(t, dir)
	if n := total(t, s, county); n != want {
		t.Errorf("reopened: %d, want %d", n, want)
	}
}

func total(t *testing.T, s *Store, sc domain.Scope) int {
	t.Helper()
	ctx := context.Background()
	p, err := s.ListTeachingSessions(ctx, sc, nil, "", true, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	n, err := p.TotalCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A collection that gains columns and a scope (as the photos did when the records
// browser began to list them) is refilled at start: the file an earlier release wrote —
// without the pairingId column and the scope table — ends with the very side rows,
// indexes and answers a fresh store has.
func TestAFileMissingColumnsIsRefilled(t *testing.T) {
	ctx := context.Background()
	fill := func(s *Store) {
		t.Helper()
		for i := range 40 {
			d := domain.Date("2026-10-01").AddDays(i)
			p := &domain.Photo{ID: fmt.Sprintf("p%02d", i), SubjectKind: domain.SubjectTeachingSession, SubjectID: "s", PairingID: fmt.Sprintf("pr-%d", i%3),
				Status: domain.PhotoReady, SubjectDate: d, Semester: domain.SemesterOf(d), Month: d.Month(), PHashBands: []string{fmt.Sprintf("0:%d", i%5)},
				Scoped: domain.Scoped{RegionPath: domain.RegionPath([]string{"370523101", "370522101"}[i%2]), KindergartenIDs: []string{"city", fmt.Sprintf("kg-%d", i%4)}}}
			if _, _, err := s.CreatePhoto(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	indexes := func(path string) []string {
		t.Helper()
		db, err := openSQLitePool(path, false, "query_only = 1")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'photos%' AND sql IS NOT NULL ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			_ = rows.Scan(&n)
			out = append(out, n)
		}
		return out
	}
	fresh := t.TempDir()
	s, err := Open(ctx, Config{DataDir: fresh})
	if err != nil {
		t.Fatal(err)
	}
	fill(s)
	s.Close(ctx)
	wantRows, _ := sideRows(t, filepath.Join(fresh, SQLiteFile))
	wantIndexes := indexes(filepath.Join(fresh, SQLiteFile))

	old := t.TempDir()
	if s, err = Open(ctx, Config{DataDir: old}); err != nil {
		t.Fatal(err)
	}
	fill(s)
	s.Close(ctx)
	path := filepath.Join(old, SQLiteFile)
	db, err := openSQLitePool(path, true)
	if err != nil {
		t.Fatal(err)
	}
	// As an earlier release left it: no pairingId column in the table or its scope
	// table, and no index on it.
	for _, q := range []string{`DROP INDEX "photos__scope__pairingId_subjectDate_with_status"`, `ALTER TABLE photos DROP COLUMN "pairingId"`, `ALTER TABLE photos__scope DROP COLUMN "pairingId"`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	// The first start is cut off after two chunks of 7 records: the next one goes on
	// from there.
	refillChunk = 7
	refillCut = func(n int) error {
		if n >= 14 {
			return errors.New("cut off")
		}
		return nil
	}
	t.Cleanup(func() { refillChunk, refillCut = 2000, nil })
	if _, err := Open(ctx, Config{DataDir: old}); err == nil || !strings.Contains(err.Error(), "cut off") {
		t.Fatalf("the cut-off start: %v", err)
	}
	refillCut = nil
	if db, err = openSQLitePool(path, false, "query_only = 1"); err != nil {
		t.Fatal(err)
	}
	var after int64
	if err := db.QueryRow(`SELECT after FROM _refill WHERE coll = 'photos'`).Scan(&after); err != nil || after != 14 {
		t.Fatalf("after the cut-off start, the refill is marked at row %d (%v), want 14", after, err)
	}
	db.Close()
	if s, err = Open(ctx, Config{DataDir: old}); err != nil {
		t.Fatal(err)
	}
	page, err := s.ListPhotos(ctx, domain.Scope{RegionCode: "370523"}, &domain.PhotoFilter{PairingIDs: []string{"pr-1"}}, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := page.TotalCount(ctx); n != 6 || len(page.Items) != 6 {
		t.Errorf("after the refill, the county's photos of pr-1: %d (%d listed), want 6", n, len(page.Items))
	}
	s.Close(ctx)
	if got, _ := sideRows(t, path); !slices.Equal(got, wantRows) {
		t.Errorf("side rows after the refill: %d, a fresh store has %d", len(got), len(wantRows))
	}
	if got := indexes(path); !slices.Equal(got, wantIndexes) {
		t.Errorf("indexes after the refill: %v\nwant %v", got, wantIndexes)
	}
}
