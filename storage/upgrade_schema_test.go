package storage

import (
	"compress/gzip"
	"context"
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
