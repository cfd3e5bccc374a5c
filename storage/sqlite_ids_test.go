package storage_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/storage"
)

// Every collection of the embedded store answers FerretDB's lookup by _id from an index,
// not by reading the whole table, also after the store is opened again.
func TestEmbeddedLookupsByIDUseAnIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for round := range 2 {
		s, err := storage.Open(ctx, storage.Config{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if round == 0 {
			if _, _, err := s.CreateKindergarten(ctx, kg("k1", "锦秋幼儿园", "370522")); err != nil {
				t.Fatal(err)
			}
		}
		db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "handinhand.sqlite"))
		if err != nil {
			t.Fatal(err)
		}
		var tables []string
		rows, err := db.Query(`SELECT name, table_name FROM _ferretdb_collections`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name, table string
			if err := rows.Scan(&name, &table); err != nil {
				t.Fatal(err)
			}
			tables = append(tables, table)
		}
		rows.Close()
		if len(tables) < 15 {
			t.Errorf("round %d: %d collections, want all 15", round, len(tables))
		}
		for _, table := range tables {
			var id, parent, notused int
			var plan string
			// The statement FerretDB itself runs for a find by _id.
			q := `EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "` + table + `" WHERE _ferretdb_sjson->'$._id' = ?`
			if err := db.QueryRow(q, `"k1"`).Scan(&id, &parent, &notused, &plan); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plan, "USING INDEX") {
				t.Errorf("round %d, %s: %s", round, table, plan)
			}
		}
		db.Close()
		if k, err := s.Kindergarten(ctx, "k1"); err != nil || k.Name != "锦秋幼儿园" {
			t.Fatalf("round %d: %v %v", round, k, err)
		}
		s.Close(ctx)
	}
}
