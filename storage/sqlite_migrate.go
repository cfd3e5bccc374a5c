package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// schemaVersion is kept in the file's user_version; a file from a later release is
// refused rather than misread.
//
//	1  the first SQLite release
//	2  side tables keyed by the record's row number (rid) instead of its id
const schemaVersion = 2

// migrate creates the tables and indexes that are missing, adds missing columns to
// tables made by an earlier release and fills them from the documents.
func (e *sqliteEngine) migrate(ctx context.Context) error {
	var v int
	if err := e.w.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	if v > schemaVersion {
		return fmt.Errorf("the database was written by a later release (schema %d, this release reads %d)", v, schemaVersion)
	}
	names := make([]string, 0, len(schemas))
	for c := range schemas {
		names = append(names, c)
	}
	slices.Sort(names)
	if v == 1 {
		e.log.Info("upgrading the database file to this release's layout; at a city's size this takes a minute or two, once", "file", e.path)
		t0 := time.Now()
		if err := e.keySideTablesByRow(context.WithoutCancel(ctx), names); err != nil {
			return fmt.Errorf("upgrading the file from schema 1: %w", err)
		}
		e.log.Info("database file upgraded", "took", time.Since(t0).Round(time.Millisecond).String())
		// The start's deadline was not meant to include the upgrade.
		ctx = context.WithoutCancel(ctx)
	}
	// The collections whose rows are still to be written again (refill).
	if _, err := e.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS _refill (coll TEXT PRIMARY KEY, after INTEGER NOT NULL)`); err != nil {
		return err
	}
	// An index this release adds is built from a sort of every row it holds; with the
	// writer's temporary store in memory, the new counting index of a city's 4 million
	// photo scope rows took the server to 840 MB. The sort spills to a file instead.
	if _, err := e.w.ExecContext(ctx, `PRAGMA temp_store = FILE`); err != nil {
		return err
	}
	for _, c := range names {
		if err := e.ensureTable(ctx, c); err != nil {
			return fmt.Errorf("%s: %w", c, err)
		}
	}
	if _, err := e.w.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
		return err
	}
	if err := e.dropOldIndexes(ctx); err != nil {
		return err
	}
	if _, err := e.w.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion)); err != nil {
		return err
	}
	return e.analyze(ctx)
}

// keySideTablesByRow moves a schema-1 file's side tables, keyed by record id, to tables
// keyed by the record's row number, in one transaction (an interrupted upgrade leaves
// the file as it was) and in SQL alone: at a city's size it takes seconds, not the
// minutes that decoding every record again would. It is not bounded by the start's
// deadline, which an upgrade half done would only repeat.
func (e *sqliteEngine) keySideTablesByRow(ctx context.Context, names []string) error {
	tx, err := e.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	exists := func(t string) (bool, error) {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, t).Scan(&n)
		return n > 0, err
	}
	for _, coll := range names {
		var moved []string
		for _, t := range []string{coll + "__scope", coll + "__values"} {
			ok, err := exists(t)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`ALTER TABLE %s RENAME TO %s`, quote(t), quote(t+"__v1"))); err != nil {
				return err
			}
			// Its indexes go with it: their names are free for the new table's.
			idx, err := queryStrings(ctx, tx, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, t+"__v1")
			if err != nil {
				return err
			}
			for _, n := range idx {
				if _, err := tx.ExecContext(ctx, `DROP INDEX `+quote(n)); err != nil {
					return err
				}
			}
			moved = append(moved, t)
		}
		if len(moved) == 0 {
			continue
		}
		ok, err := exists(coll)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%s has side tables but no table", coll)
		}
		for _, q := range tableDDL(coll) {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		for _, t := range moved {
			// The copy keeps every column the old table and the new one share.
			cols, err := queryStrings(ctx, tx, `SELECT name FROM pragma_table_info(?) WHERE name <> 'rid' AND name IN (SELECT name FROM pragma_table_info(?))`, t, t+"__v1")
			if err != nil {
				return err
			}
			for i, c := range cols {
				cols[i] = quote(c)
			}
			q := fmt.Sprintf(`INSERT OR IGNORE INTO %s (rid, %s) SELECT m.rowid, s.%s FROM %s AS s JOIN %s AS m ON m.id = s.id`,
				quote(t), strings.Join(cols, ", "), strings.Join(cols, ", s."), quote(t+"__v1"), quote(coll))
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DROP TABLE `+quote(t+"__v1")); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `PRAGMA user_version = 2`); err != nil {
		return err
	}
	return tx.Commit()
}

// queryStrings runs a query whose rows are one text each.
func queryStrings(ctx context.Context, c interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, q string, args ...any) ([]string, error) {
	rows, err := c.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// createdIndex is the name of the index a CREATE INDEX statement makes.
func createdIndex(q string) (string, bool) {
	_, rest, ok := strings.Cut(q, "INDEX IF NOT EXISTS ")
	if !ok {
		return "", false
	}
	name, _, _ := strings.Cut(rest, " ON ")
	return strings.ReplaceAll(strings.Trim(name, `"`), `""`, `"`), true
}

// dropOldIndexes removes the indexes of the schemas' tables that this release does not
// make (an earlier release's), so that writes do not keep them up for nothing.
func (e *sqliteEngine) dropOldIndexes(ctx context.Context) error {
	rows, err := e.w.QueryContext(ctx, `SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
	if err != nil {
		return err
	}
	var old []string
	for rows.Next() {
		var name, table string
		if err := rows.Scan(&name, &table); err != nil {
			rows.Close()
			return err
		}
		base := strings.TrimSuffix(strings.TrimSuffix(table, "__scope"), "__values")
		if _, known := schemas[base]; known && !e.indexes[name] {
			old = append(old, name)
		}
	}
	rows.Close()
	for _, name := range old {
		if _, err := e.w.ExecContext(ctx, `DROP INDEX `+quote(name)); err != nil {
			return err
		}
	}
	return nil
}

// analyze refreshes the statistics SQLite's planner chooses indexes by, for the tables
// that changed much since they were last measured (a sample of each index, so it takes
// milliseconds even at a city's size).
func (e *sqliteEngine) analyze(ctx context.Context) error {
	for _, q := range []string{`PRAGMA analysis_limit = 1000`, `PRAGMA optimize = 0x10002`} {
		if _, err := e.conn(ctx).ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// refillChunk is how many records a refill writes again in one transaction: a refill's
// work is never all in one transaction (nor its records all in memory), and the log stays
// short.
var refillChunk = 2000

// refillCut, in tests, stops a refill after a chunk, as if the process had died there.
var refillCut func(written int) error

// refill derives the columns and side-table values of coll's rows after row number after
// from their documents again, a chunk at a time, each chunk's transaction noting how far
// it got; then builds the side tables' indexes (deferred), which were dropped meanwhile:
// kept up row by row, a city's 300,000 photos (2 million side rows) took more than ten
// minutes. The mark goes with the last index, so a refill cut off goes on at the next
// start from where it stopped.
func (e *sqliteEngine) refill(ctx context.Context, coll string, after int64, deferred []string) error {
	t0 := time.Now()
	for _, q := range deferred {
		name, _ := createdIndex(q)
		if _, err := e.w.ExecContext(ctx, `DROP INDEX IF EXISTS `+quote(name)); err != nil {
			return err
		}
	}
	n := 0
	for {
		done := false
		err := e.Tx(ctx, func(ctx context.Context) error {
			rows, err := e.conn(ctx).QueryContext(ctx, fmt.Sprintf(`SELECT rowid, doc FROM %s WHERE rowid > ? ORDER BY rowid LIMIT %d`, quote(coll), refillChunk), after)
			if err != nil {
				return err
			}
			var docs []bson.Raw
			last := after
			for rows.Next() {
				var b []byte
				if err := rows.Scan(&last, &b); err != nil {
					rows.Close()
					return err
				}
				docs = append(docs, b)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, d := range docs {
				if err := e.put(ctx, coll, d, "replace", 0); err != nil {
					return err
				}
			}
			if _, err := e.conn(ctx).ExecContext(ctx, `UPDATE _refill SET after = ? WHERE coll = ?`, last, coll); err != nil {
				return err
			}
			after, done, n = last, len(docs) < refillChunk, n+len(docs)
			return nil
		})
		if err != nil {
			return err
		}
		if done {
			break
		}
		if refillCut != nil {
			if err := refillCut(n); err != nil {
				return err
			}
		}
	}
	return e.Tx(ctx, func(ctx context.Context) error {
		for _, q := range deferred {
			if _, err := e.conn(ctx).ExecContext(ctx, q); err != nil {
				return err
			}
		}
		_, err := e.conn(ctx).ExecContext(ctx, `DELETE FROM _refill WHERE coll = ?`, coll)
		if err == nil {
			e.log.Info("columns filled in", "collection", coll, "records", n, "took", time.Since(t0).Round(time.Millisecond).String())
		}
		return err
	})
}
