package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
)

// SQLiteFile is the embedded store's database file in the data directory.
const SQLiteFile = "handinhand.db"

// sqliteEngine keeps the records in one SQLite file in the data directory: the embedded
// default, for one server on one machine. Each collection is a table holding every
// document whole (as BSON, the encoding MongoDB stores) with, beside it, a column for
// each field a filter or sort uses (schema.go) and a side table of the values of its
// array fields (region paths, kindergartens, teachers), both indexed. A county bureau's
// page therefore reads its own rows from an index, not the whole table. Writes go
// through one connection in WAL mode, so readers never wait for them, and a write of
// several records (a photo and its lesson, a record and the change marker) commits in
// one transaction.
type sqliteEngine struct {
	path string
	w    *sql.DB  // the one writer
	r    *sql.DB  // readers
	rs   *readers // the readers, with prepared statements
	log  *slog.Logger
	ck   *sql.DB // the background checkpoint

	jobs    chan *writeJob
	quit    chan struct{}
	stopped chan struct{}

	// walLong is set by the checkpointer when the write-ahead log has grown past
	// walRestartFrames: the writer then restarts it between two groups (restartWAL).
	walLong atomic.Bool

	mu      sync.Mutex
	tables  map[string]bool // tables known to exist
	indexes map[string]bool // indexes this release makes
}

type txKey struct{}

// openSQLite opens (or creates) the database file in dir.
func openSQLite(ctx context.Context, dir string, log *slog.Logger) (*sqliteEngine, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	path := filepath.Join(abs, SQLiteFile)
	if err := refuseFerretDBDir(abs, path); err != nil {
		return nil, err
	}
	base := []string{"busy_timeout = 10000", "journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = 0"}
	// The writer leaves checkpoints to the background (checkpointer).
	// It keeps up to 64 MB of pages, so that a group of writes is not spilled to the log
	// before it commits.
	// The log is cut back to 64 MB on disk once restarted.
	w, err := openSQLitePool(path, true, append(base, "wal_autocheckpoint = 0", "journal_size_limit = 67108864", "cache_size = -65536", "temp_store = MEMORY")...)
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := openSQLitePool(path, false, append(base, "query_only = 1", "cache_size = -16384")...)
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	ck, err := openSQLitePool(path, false, base...)
	if err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	ck.SetMaxOpenConns(1)
	e := &sqliteEngine{path: path, log: log, w: w, r: r, rs: &readers{db: r, stmts: map[string]*sql.Stmt{}}, ck: ck, tables: map[string]bool{}, indexes: map[string]bool{},
		jobs: make(chan *writeJob), quit: make(chan struct{}), stopped: make(chan struct{})}
	go e.writer()
	go e.checkpointer()
	if err := e.migrate(ctx); err != nil {
		e.Close(ctx)
		return nil, e.openError(err)
	}
	return e, nil
}

// openError explains a database file that cannot be used.
func (e *sqliteEngine) openError(err error) error {
	if code, ok := sqliteCode(err); ok {
		switch code {
		case sqliteCorrupt, sqliteNotADB:
			return fmt.Errorf("the database file %s is damaged (%v) and was not opened. Restore the last backup into an empty data directory: "+
				"move the data directory aside, then run `server restore BACKUP-FILE` with HANDINHAND_DATA set to the new directory", e.path, err)
		}
	}
	return fmt.Errorf("open %s: %w", e.path, err)
}

// refuseFerretDBDir refuses a data directory written by a release that kept its records
// in the embedded FerretDB (handinhand.sqlite): opened as if it were empty, it would
// look like a new installation.
func refuseFerretDBDir(dir, path string) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	old := filepath.Join(dir, "handinhand.sqlite")
	if _, err := os.Stat(old); err != nil {
		return nil
	}
	return fmt.Errorf("the data directory %s holds records written by an earlier release (%s, the embedded FerretDB store), "+
		"which this release does not read. To move them over: with the earlier release's binary, run `server backup handinhand.tar.gz` "+
		"(HANDINHAND_DATA=%s); then, with this release, run `server restore handinhand.tar.gz` with HANDINHAND_DATA set to a new, empty "+
		"directory, and start the server on that directory. The old files are not changed", dir, old, dir)
}

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

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// scopeTable holds, for a collection with scope fields, a row for each value of those
// fields and one (with an empty field) for every record, each with a copy of the
// record's columns; valuesTable holds the values of its other array fields.
func scopeTable(coll string) string  { return quote(coll + "__scope") }
func valuesTable(coll string) string { return quote(coll + "__values") }

// sideTable is the table holding the values of an array field.
func sideTable(coll, field string) string {
	if schemaOf(coll).isScope(field) {
		return scopeTable(coll)
	}
	return valuesTable(coll)
}

// columns are a collection's columns besides id and doc.
func columns(sc collSchema) []string { return append(slices.Clone(metaColumns), sc.scalars...) }

// ensureTable makes coll's table, side table and indexes if missing, adds the columns an
// earlier release's table lacks and fills them in (refill).
func (e *sqliteEngine) ensureTable(ctx context.Context, coll string) error {
	e.mu.Lock()
	known := e.tables[coll]
	e.mu.Unlock()
	if known {
		return nil
	}
	ddl := tableDDL(coll)
	// The tables first, then their columns (an index may be on a column just added).
	for _, q := range ddl {
		if strings.HasPrefix(q, "CREATE TABLE") {
			if _, err := e.w.ExecContext(ctx, q); err != nil {
				return err
			}
		}
	}
	if err := e.addColumns(ctx, coll); err != nil {
		return err
	}
	var after int64
	err := e.w.QueryRowContext(ctx, `SELECT after FROM _refill WHERE coll = ?`, coll).Scan(&after)
	pending := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var deferred []string // the side tables' indexes, built once a refill has finished
	for _, q := range ddl {
		name, ok := createdIndex(q)
		if !ok {
			continue
		}
		e.mu.Lock()
		e.indexes[name] = true
		e.mu.Unlock()
		if pending && sideIndex(coll, name, q) {
			deferred = append(deferred, q)
			continue
		}
		if _, err := e.w.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if pending {
		if err := e.refill(ctx, coll, after, deferred); err != nil {
			return fmt.Errorf("filling in the new columns: %w", err)
		}
	}
	e.mu.Lock()
	e.tables[coll] = true
	e.mu.Unlock()
	return nil
}

// sideIndex tells whether q, creating the index name, is one of coll's side tables'
// secondary indexes, which a refill drops and builds again at its end. The rid indexes
// stay: rewriting a row finds its old side rows by them.
func sideIndex(coll, name, q string) bool {
	return !strings.HasSuffix(name, "_rid") && (strings.Contains(q, " ON "+scopeTable(coll)) || strings.Contains(q, " ON "+valuesTable(coll)))
}

// tableDDL is the statements making coll's table, side tables and indexes if missing.
func tableDDL(coll string) []string {
	sc := schemaOf(coll)
	cols := columns(sc)
	var ddl []string
	// The document comes last in each row: the columns a filter reads stay on the row's
	// first page.
	defs := []string{"id TEXT PRIMARY KEY NOT NULL"}
	for _, c := range cols {
		defs = append(defs, quote(c))
	}
	ddl = append(ddl, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (%s, doc BLOB NOT NULL)`, quote(coll), strings.Join(defs, ", ")))
	if len(sc.scopes) == 0 {
		for _, ix := range sc.indexes {
			ddl = append(ddl, indexDDL(quote(coll), coll, nil, ix))
		}
	} else {
		// The scope table: a list reads the rows of its scope's value (or the row every
		// record has) in index order, and counts them from the index.
		// Its rows are keyed by the record's row number in the main table, not by its id:
		// a new record's rows go at the end of each value's range, where the other
		// records written in the same commit go too, so a commit writes a few pages to
		// the log instead of one for every row (ids are random).
		ddl = append(ddl, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (_field TEXT NOT NULL, _value NOT NULL, rid INTEGER NOT NULL, %s, PRIMARY KEY (_field, _value, rid)) WITHOUT ROWID`,
			scopeTable(coll), "id TEXT NOT NULL, "+strings.Join(defs[1:], ", ")))
		ddl = append(ddl, fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (rid)`, quote(coll+"__scope_rid"), scopeTable(coll)))
		scope := []string{"_field", "_value"}
		for _, ix := range sc.indexes {
			if ix.unique {
				ddl = append(ddl, indexDDL(quote(coll), coll, nil, ix))
				continue
			}
			if len(ix.keys) == 1 && ix.keys[0].field == "updatedAt" {
				continue // catching up reads the main table, deleted records included
			}
			ddl = append(ddl, indexDDL(scopeTable(coll), coll+"__scope", scope, ix))
		}
		// Deleted records are read from the main table only: catching up by change time.
		ddl = append(ddl, indexDDL(quote(coll), coll, nil, asc("updatedAt")))
	}
	if len(sc.arrays) > len(sc.scopes) {
		ddl = append(ddl, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (_field TEXT NOT NULL, _value NOT NULL, rid INTEGER NOT NULL, id TEXT NOT NULL, PRIMARY KEY (_field, _value, rid)) WITHOUT ROWID`, valuesTable(coll)))
		ddl = append(ddl, fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (rid)`, quote(coll+"__values_rid"), valuesTable(coll)))
	}
	return ddl
}

// addColumns adds the columns coll's table and scope table lack (made by an earlier
// release) and, in the same transaction, marks the collection's rows to be written again
// from their documents (refill), so that an interrupted refill is finished at the next
// start.
func (e *sqliteEngine) addColumns(ctx context.Context, coll string) error {
	cols := columns(schemaOf(coll))
	tables := []string{coll}
	if len(schemaOf(coll).scopes) > 0 {
		tables = append(tables, coll+"__scope")
	}
	var alter []string
	for _, table := range tables {
		have, err := queryStrings(ctx, e.w, fmt.Sprintf(`SELECT name FROM pragma_table_info(%s)`, sqlString(table)))
		if err != nil {
			return err
		}
		for _, c := range cols {
			if !slices.Contains(have, c) {
				alter = append(alter, fmt.Sprintf(`ALTER TABLE %s ADD COLUMN %s`, quote(table), quote(c)))
			}
		}
	}
	if len(alter) == 0 {
		return nil
	}
	e.log.Info("filling in the columns this release adds; at a city's size this takes about a minute, once", "collection", coll)
	tx, err := e.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range append(alter, `INSERT OR IGNORE INTO _refill (coll, after) VALUES (`+sqlString(coll)+`, 0)`) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// indexDDL is the statement creating an index on table by prefix (the scope columns)
// and ix's keys, leaving out array keys (the scope table answers those) and ending with
// id, by which every list breaks ties. "" if nothing is left to index.
func indexDDL(table, name string, prefix []string, ix index) string {
	sc := schemaOf(strings.TrimSuffix(name, "__scope"))
	keys := slices.Clone(prefix)
	var parts []string
	for _, k := range ix.keys {
		if sc.isArray(k.field) {
			continue
		}
		// Ascending only: a list sorted newest first reads the index backwards, id
		// included, where a descending key followed by an ascending id would not serve.
		keys = append(keys, quote(k.field))
		parts = append(parts, k.field)
	}
	if len(keys) == len(prefix) {
		return "SELECT 1"
	}
	u := ""
	if ix.unique {
		u = "UNIQUE "
	} else {
		keys = append(keys, "id")
		for _, c := range ix.include {
			keys = append(keys, quote(c))
			parts = append(parts, "with_"+c)
		}
	}
	where := ""
	if ix.everyone && len(prefix) > 0 {
		// Only the rows every record has; plan() names that row by literals, so that
		// SQLite sees the query is within the index.
		parts = append(parts, "all")
		where = ` WHERE _field = ''`
	}
	return fmt.Sprintf(`CREATE %sINDEX IF NOT EXISTS %s ON %s (%s)%s`, u, quote(name+"__"+strings.Join(parts, "_")), table, strings.Join(keys, ", "), where)
}

func sqlString(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

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

type dbtx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// txConn is a transaction that prepares each statement once: a bulk write (an
// import, a restore) runs the same few statements many times.
type txConn struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	ended atomic.Bool // committed or rolled back
}

// openTx is the transaction ctx runs in, nil if none or if it has ended: a context that
// outlives its transaction (a GraphQL result resolved after its mutation committed)
// reads and writes as any other.
func openTx(ctx context.Context) *txConn {
	if tc, ok := ctx.Value(txKey{}).(*txConn); ok && !tc.ended.Load() {
		return tc
	}
	return nil
}

func (t *txConn) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	t.stmts[q] = st
	return st, nil
}

func (t *txConn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *txConn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (t *txConn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return t.tx.QueryRowContext(ctx, q, args...) // the row carries the error
	}
	return st.QueryRowContext(ctx, args...)
}

// readers is the pool of read-only connections with its prepared statements: SQLite
// parses and plans a statement in about as long as it takes to answer a page from an
// index, so each query text is prepared once (on each connection it runs on) and kept.
type readers struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// maxPrepared bounds the statements kept: query texts are made from a list's filters,
// so there are a few hundred of them; beyond the bound a text is prepared for each use.
const maxPrepared = 2000

func (r *readers) stmt(ctx context.Context, q string) *sql.Stmt {
	r.mu.Lock()
	defer r.mu.Unlock()
	if st, ok := r.stmts[q]; ok || len(r.stmts) >= maxPrepared {
		return st
	}
	st, err := r.db.PrepareContext(ctx, q)
	if err != nil {
		return nil // the query itself reports the error
	}
	r.stmts[q] = st
	return st
}

func (r *readers) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return nil, errors.New("the read-only connections do not write")
}

func (r *readers) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := r.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.db.QueryContext(ctx, q, args...)
}

func (r *readers) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := r.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.db.QueryRowContext(ctx, q, args...)
}

func (r *readers) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, st := range r.stmts {
		_ = st.Close()
	}
	r.stmts = nil
}

// conn is the transaction ctx runs in, or the writer.
func (e *sqliteEngine) conn(ctx context.Context) dbtx {
	if tx := openTx(ctx); tx != nil {
		return tx
	}
	return e.w
}

// reader is the transaction ctx runs in (whose own writes it must see), or a reader.
func (e *sqliteEngine) reader(ctx context.Context) dbtx {
	if tx := openTx(ctx); tx != nil {
		return tx
	}
	return e.rs
}

func (e *sqliteEngine) Kind() string    { return "sqlite" }
func (e *sqliteEngine) Available() bool { return true }

func (e *sqliteEngine) Ping(ctx context.Context) error {
	var one int
	return swrap(e.r.QueryRowContext(ctx, `SELECT 1`).Scan(&one))
}

func (e *sqliteEngine) Close(context.Context) {
	close(e.quit)
	<-e.stopped
	_ = e.ck.Close()
	e.rs.close()
	_ = e.r.Close()
	// A clean close folds the write-ahead log back into the file.
	_, _ = e.w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	_ = e.w.Close()
}

// Tx runs fn in a transaction. Writes are grouped: the one writer runs every
// transaction waiting when it begins one, each in a savepoint of its own (a failing one
// is rolled back alone), and commits them together. Twenty phones sending at once then
// cost one commit, not twenty in a row; each caller hears only once its writes are
// committed. The writer runs fn itself, one after the other, rather than handing the
// transaction to each caller's goroutine in turn: on a busy machine a goroutine woken
// to take its turn waits for a core, and the whole group with it.
func (e *sqliteEngine) Tx(ctx context.Context, fn func(context.Context) error) error {
	if openTx(ctx) != nil {
		return fn(ctx)
	}
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case e.jobs <- j:
	case <-e.quit:
		return unavailable(errors.New("the store is closed"))
	case <-ctx.Done():
		return unavailable(ctx.Err())
	}
	return <-j.done
}

// writeJob is one caller's transaction within a group commit.
type writeJob struct {
	ctx  context.Context
	fn   func(context.Context) error
	done chan error // the writer says how the job and the commit ended
	err  error
}

// maxGroup bounds the transactions committed together.
const maxGroup = 64

// writer is the one goroutine that begins and commits write transactions.
func (e *sqliteEngine) writer() {
	defer close(e.stopped)
	for {
		var first *writeJob
		select {
		case first = <-e.jobs:
		case <-e.quit:
			return
		}
		tx, err := e.w.BeginTx(context.Background(), nil)
		if err != nil {
			first.done <- swrap(err)
			continue
		}
		tc := &txConn{tx: tx, stmts: map[string]*sql.Stmt{}}
		group := []*writeJob{first}
		e.runJob(tc, first)
	gather:
		for len(group) < maxGroup {
			select {
			case j := <-e.jobs:
				group = append(group, j)
				e.runJob(tc, j)
			default:
				break gather
			}
		}
		err = swrap(tx.Commit())
		tc.ended.Store(true)
		for _, j := range group {
			if j.err != nil {
				j.done <- j.err
			} else {
				j.done <- err
			}
		}
		if e.walLong.Swap(false) {
			e.restartWAL()
		}
	}
}

// walRestartFrames is the length (in pages) past which the write-ahead log is restarted.
const walRestartFrames = 16384 // 64 MB of 4 KB pages

// restartWAL folds the whole log into the database file and starts it again from its
// beginning. The background checkpoint alone cannot: while writes keep coming (a
// restore, an import, twenty phones syncing) it never catches up with the log's end, so
// the log is never reset and grows without end — and SQLite looks a page up in a log
// of many gigabytes slowly, so every write slows with it (a city-size fill slowed from
// about a hundred microseconds a record to over three milliseconds, its log at 5 GB).
// The writer runs it between two groups, so no write of its own is under way; a reader
// still in the old log makes it wait a moment at most (100 ms), and the checkpointer
// asks again a second later if the log is still long.
func (e *sqliteEngine) restartWAL() {
	ctx := context.Background()
	c, err := e.w.Conn(ctx)
	if err != nil {
		return
	}
	defer c.Close()
	_, _ = c.ExecContext(ctx, `PRAGMA busy_timeout = 100`)
	_, _ = c.ExecContext(ctx, `PRAGMA wal_checkpoint(RESTART)`)
	_, _ = c.ExecContext(ctx, `PRAGMA busy_timeout = 10000`)
}

// runJob runs one caller's writes in the group's transaction, in a savepoint.
func (e *sqliteEngine) runJob(tc *txConn, j *writeJob) {
	ctx := context.Background()
	if _, err := tc.tx.ExecContext(ctx, `SAVEPOINT job`); err != nil {
		j.err = swrap(err)
		return
	}
	if j.err = j.call(tc); j.err != nil {
		_, _ = tc.tx.ExecContext(ctx, `ROLLBACK TO job`)
	}
	if _, err := tc.tx.ExecContext(ctx, `RELEASE job`); err != nil && j.err == nil {
		j.err = swrap(err)
	}
}

// call runs the job's function on the writer; a panic in it fails the job alone.
func (j *writeJob) call(tc *txConn) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: fmt.Errorf("panic in a write: %v\n%s", v, debug.Stack())}
		}
	}()
	if err := j.ctx.Err(); err != nil {
		return unavailable(err) // the caller has gone: its writes are not begun
	}
	// Once begun, a job runs to its end (it takes a millisecond or so): its statements
	// then need no watcher for the caller's deadline, which the driver would start for
	// each of them.
	return j.fn(context.WithValue(context.WithoutCancel(j.ctx), txKey{}, tc))
}

// checkpointer folds the write-ahead log into the database file in the background, so
// that no writer waits for it. Once an hour it also refreshes the planner's statistics
// (analyze): a new installation starts with none, and without them SQLite may read a
// list from the scope table's primary key rather than the list's index.
func (e *sqliteEngine) checkpointer() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	ticks := 0
	for {
		select {
		case <-t.C:
			if ticks++; ticks%3600 == 0 {
				_ = e.Tx(context.Background(), e.analyze)
			}
			var busy, frames, done int
			if err := e.ck.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &done); err == nil && frames >= walRestartFrames {
				e.walLong.Store(true)
			}
		case <-e.quit:
			return
		}
	}
}

func (e *sqliteEngine) Get(ctx context.Context, coll, id string) (bson.Raw, error) {
	if !e.exists(coll) {
		return nil, errNotFound
	}
	var b []byte
	err := e.reader(ctx).QueryRowContext(ctx, fmt.Sprintf(`SELECT doc FROM %s WHERE id = ?`, quote(coll)), id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, swrap(err)
	}
	return b, nil
}

// exists reports whether coll has a table; collections outside the schemas get one at
// their first write.
func (e *sqliteEngine) exists(coll string) bool {
	if _, ok := schemas[coll]; ok {
		return true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.tables[coll] {
		return true
	}
	var n int
	_ = e.r.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, coll).Scan(&n)
	return n > 0
}

func (e *sqliteEngine) GetMany(ctx context.Context, coll string, ids []string) ([]bson.Raw, error) {
	var out []bson.Raw
	for len(ids) > 0 {
		n := min(len(ids), 500)
		err := e.Find(ctx, coll, query{where: []cond{in("_id", ids[:n]), live}}, func(r bson.Raw) error {
			out = append(out, r)
			return nil
		})
		if err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

func (e *sqliteEngine) Find(ctx context.Context, coll string, q query, fn func(bson.Raw) error) error {
	if !e.exists(coll) {
		return nil
	}
	var args []any
	from, w, err := plan(coll, q.where, &args)
	if err != nil {
		return err
	}
	// The page is chosen from the index alone, then its documents are read: joined
	// first, SQLite might read every matching document before it sorts them.
	cols := []string{"t.id"}
	var keys []string
	for _, k := range q.sort {
		col, err := column(coll, k.field)
		if err != nil {
			return err
		}
		if col != "id" {
			cols = append(cols, "t."+col)
		}
		col = "t." + col
		if k.desc {
			col += " DESC"
		}
		keys = append(keys, col)
	}
	inner := fmt.Sprintf(`SELECT %s FROM %s WHERE %s`, strings.Join(cols, ", "), from, w)
	order := ""
	if len(keys) > 0 {
		order = " ORDER BY " + strings.Join(keys, ", ")
	}
	inner += order
	if q.limit > 0 {
		inner += fmt.Sprintf(" LIMIT %d", q.limit)
	}
	stmt := fmt.Sprintf(`SELECT m.doc FROM (%s) AS t JOIN %s AS m ON m.id = t.id%s`, inner, quote(coll), order)
	return scanRows(ctx, e.reader(ctx), stmt, args, fn)
}

// ScanParts reads coll's rows in parts ranges of row numbers at once, each on a reader
// connection of its own (see Store.ScanParts).
func (e *sqliteEngine) ScanParts(ctx context.Context, coll string, where []cond, parts int, fn func(part int, raw bson.Raw) error) error {
	if !e.exists(coll) {
		return nil
	}
	var lo, hi sql.NullInt64
	if err := e.r.QueryRowContext(ctx, fmt.Sprintf(`SELECT min(rowid), max(rowid) FROM %s`, quote(coll))).Scan(&lo, &hi); err != nil {
		return swrap(err)
	}
	if !lo.Valid {
		return nil
	}
	step := (hi.Int64-lo.Int64)/int64(parts) + 1
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var once sync.Once
	var first error // the part that failed first; the others then stop, cancelled
	for part := range parts {
		wg.Go(func() {
			from := lo.Int64 + int64(part)*step
			args := []any{from, from + step - 1}
			w, err := sqlWhere(coll, "t.rowid", where, &args)
			if err == nil {
				err = scanRows(ctx, e.r, fmt.Sprintf(`SELECT t.doc FROM %s AS t WHERE t.rowid BETWEEN ? AND ? AND %s`, quote(coll), w), args,
					func(raw bson.Raw) error { return fn(part, raw) })
			}
			if err != nil {
				once.Do(func() { first = err })
				cancel()
			}
		})
	}
	wg.Wait()
	return first
}

// scanRows passes the documents q finds through c to fn.
func scanRows(ctx context.Context, c dbtx, q string, args []any, fn func(bson.Raw) error) error {
	rows, err := c.QueryContext(ctx, q, args...)
	if err != nil {
		return swrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return swrap(err)
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return swrap(rows.Err())
}

func (e *sqliteEngine) Count(ctx context.Context, coll string, where []cond) (int64, error) {
	if !e.exists(coll) {
		return 0, nil
	}
	var args []any
	from, w, err := plan(coll, where, &args)
	if err != nil {
		return 0, err
	}
	var n int64
	err = e.reader(ctx).QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM %s WHERE %s`, from, w), args...).Scan(&n)
	return n, swrap(err)
}

// plan is the FROM (as t) and WHERE of a query on coll. A collection with array fields
// is read from its scope table, at the rows of one array condition's value (a bureau's
// region, a kindergarten) or else at the row every record has, so that the scope, the
// other filters and the order are all answered from one index.
func plan(coll string, where []cond, args *[]any) (string, string, error) {
	sc := schemaOf(coll)
	liveOnly := slices.IndexFunc(where, func(c cond) bool { return c.op == opAbsent && c.field == "deletedAt" })
	if len(sc.scopes) == 0 || liveOnly < 0 {
		// Deleted records too (catching up, counting all): from the main table.
		w, err := sqlWhere(coll, "t.rowid", where, args)
		return quote(coll) + " AS t", w, err
	}
	// The scope table holds live records only: the condition is its very content.
	rest := append(slices.Clone(where[:liveOnly]), where[liveOnly+1:]...)
	drive := -1
	for i, c := range rest {
		if c.op == opEq && sc.isScope(c.field) {
			drive = i
			break
		}
	}
	if drive >= 0 {
		*args = append(*args, rest[drive].field, toSQL(rest[drive].value))
		rest = append(slices.Clone(rest[:drive]), rest[drive+1:]...)
		w, err := sqlWhere(coll, "t.rid", rest, args)
		return scopeTable(coll) + " AS t", "t._field = ? AND t._value = ? AND " + w, err
	}
	// The row every record has, by literals (see index.everyone).
	w, err := sqlWhere(coll, "t.rid", rest, args)
	return scopeTable(coll) + " AS t", "t._field = '' AND t._value = '' AND " + w, err
}

func (e *sqliteEngine) Insert(ctx context.Context, coll string, docs ...bson.Raw) error {
	if err := e.ensureTable(ctx, coll); err != nil {
		return swrap(err)
	}
	return e.Tx(ctx, func(ctx context.Context) error {
		for _, d := range docs {
			if err := e.put(ctx, coll, d, "insert", 0); err != nil {
				return err
			}
		}
		return nil
	})
}

func (e *sqliteEngine) Replace(ctx context.Context, coll, id string, version int, doc bson.Raw) (bool, error) {
	matched := true
	err := e.Tx(ctx, func(ctx context.Context) error {
		err := e.put(ctx, coll, doc, "replace", version)
		if errors.Is(err, errNotFound) {
			matched = false
			return nil
		}
		return err
	})
	return matched, err
}

func (e *sqliteEngine) Upsert(ctx context.Context, coll, id string, doc bson.Raw) error {
	if err := e.ensureTable(ctx, coll); err != nil {
		return swrap(err)
	}
	return e.Tx(ctx, func(ctx context.Context) error { return e.put(ctx, coll, doc, "upsert", 0) })
}

// put writes one document and its scope rows: "insert" (a used id is errDuplicate),
// "replace" (errNotFound unless a row with the id, and version if not 0, is there) or
// "upsert". It runs inside a transaction.
func (e *sqliteEngine) put(ctx context.Context, coll string, doc bson.Raw, mode string, version int) error {
	id, ok := doc.Lookup("_id").StringValueOK()
	if !ok {
		return &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: fmt.Errorf("%s: a document without a string _id", coll)}
	}
	sc := schemaOf(coll)
	cols := columns(sc)
	vals := make([]any, 0, len(cols)+2)
	vals = append(vals, id)
	for _, c := range cols {
		vals = append(vals, rawToSQL(doc.Lookup(c)))
	}
	qcols := make([]string, len(cols))
	for i, col := range cols {
		qcols[i] = quote(col)
	}
	c := e.conn(ctx)
	var err error
	var rid int64 // the row's number in the main table, which keys its side rows
	// The row's number is looked up first, not returned by the write (RETURNING): with
	// it, resetting each statement took most of the time of a write (a bulk load of
	// 20,000 photos 9.2 s, without 2.0 s).
	if mode != "insert" {
		q := fmt.Sprintf(`SELECT rowid FROM %s WHERE id = ?`, quote(coll))
		args := []any{id}
		if version > 0 {
			q += " AND version = ?"
			args = append(args, version)
		}
		err = c.QueryRowContext(ctx, q, args...).Scan(&rid)
		switch {
		case errors.Is(err, sql.ErrNoRows) && mode == "replace":
			return errNotFound
		case errors.Is(err, sql.ErrNoRows):
			mode = "insert"
		case err != nil:
			return swrap(err)
		}
	}
	if mode == "insert" {
		var res sql.Result
		res, err = c.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (id, %s, doc) VALUES (?%s)`, quote(coll), strings.Join(qcols, ", "), strings.Repeat(", ?", len(cols)+1)), append(vals, []byte(doc))...)
		if err == nil {
			rid, err = res.LastInsertId()
		}
	} else {
		sets := []string{"doc = ?"}
		for _, q := range qcols {
			sets = append(sets, q+" = ?")
		}
		args := append([]any{[]byte(doc)}, vals[1:]...)
		_, err = c.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET %s WHERE rowid = ?`, quote(coll), strings.Join(sets, ", ")), append(args, rid)...)
		mode = "replace"
	}
	if isConstraint(err) {
		return errDuplicate
	}
	if err != nil {
		return swrap(err)
	}
	if len(sc.arrays) == 0 {
		return nil
	}
	if mode != "insert" {
		if err := e.deleteSide(ctx, coll, rid); err != nil {
			return err
		}
	}
	if doc.Lookup("deletedAt").Type != 0 {
		return nil // a deleted record is in no list: it has no side rows
	}
	insScope := fmt.Sprintf(`INSERT OR IGNORE INTO %s (_field, _value, rid, id, %s) VALUES (?, ?, ?, ?%s)`, scopeTable(coll), strings.Join(qcols, ", "), strings.Repeat(", ?", len(cols)))
	insValue := fmt.Sprintf(`INSERT OR IGNORE INTO %s (_field, _value, rid, id) VALUES (?, ?, ?, ?)`, valuesTable(coll))
	row := func(field string, value any) error {
		var err error
		if field == "" || sc.isScope(field) {
			_, err = c.ExecContext(ctx, insScope, append([]any{field, value, rid}, vals...)...)
		} else {
			_, err = c.ExecContext(ctx, insValue, field, value, rid, id)
		}
		return swrap(err)
	}
	if len(sc.scopes) > 0 {
		if err := row("", ""); err != nil { // the row every record has
			return err
		}
	}
	for _, f := range sc.arrays {
		arr, ok := doc.Lookup(f).ArrayOK()
		if !ok {
			continue
		}
		elems, _ := arr.Values()
		for _, el := range elems {
			if v := rawToSQL(el); v != nil {
				if err := row(f, v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// deleteSide removes a record's rows (by its row number) from its side tables.
func (e *sqliteEngine) deleteSide(ctx context.Context, coll string, rid int64) error {
	sc := schemaOf(coll)
	var tables []string
	if len(sc.scopes) > 0 {
		tables = append(tables, scopeTable(coll))
	}
	if len(sc.arrays) > len(sc.scopes) {
		tables = append(tables, valuesTable(coll))
	}
	for _, t := range tables {
		if _, err := e.conn(ctx).ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE rid = ?`, t), rid); err != nil {
			return swrap(err)
		}
	}
	return nil
}

func (e *sqliteEngine) Delete(ctx context.Context, coll, id string) error {
	if !e.exists(coll) {
		return nil
	}
	return e.Tx(ctx, func(ctx context.Context) error {
		var rid int64 // looked up first, as in put
		err := e.conn(ctx).QueryRowContext(ctx, fmt.Sprintf(`SELECT rowid FROM %s WHERE id = ?`, quote(coll)), id).Scan(&rid)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return swrap(err)
		}
		if _, err := e.conn(ctx).ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE rowid = ?`, quote(coll)), rid); err != nil {
			return swrap(err)
		}
		return e.deleteSide(ctx, coll, rid)
	})
}

func (e *sqliteEngine) Increment(ctx context.Context, coll, id, field string) (int64, error) {
	var n int64
	err := e.Tx(ctx, func(ctx context.Context) error {
		doc := bson.D{{Key: "_id", Value: id}}
		raw, err := e.Get(ctx, coll, id)
		if err != nil && !errors.Is(err, errNotFound) {
			return err
		}
		if err == nil {
			doc = nil
			if err := bson.Unmarshal(raw, &doc); err != nil {
				return swrap(err)
			}
		}
		found := false
		for i, el := range doc {
			if el.Key == field {
				found = true
				switch v := el.Value.(type) {
				case int64:
					n = v + 1
				case int32:
					n = int64(v) + 1
				case float64:
					n = int64(v) + 1
				default:
					n = 1
				}
				doc[i].Value = n
			}
		}
		if !found {
			n = 1
			doc = append(doc, bson.E{Key: field, Value: n})
		}
		b, err := bson.Marshal(doc)
		if err != nil {
			return swrap(err)
		}
		return e.put(ctx, coll, b, "upsert", 0)
	})
	return n, err
}

func (e *sqliteEngine) Collections(ctx context.Context) ([]string, error) {
	rows, err := e.r.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%\_\_values' ESCAPE '\' AND name NOT LIKE '%\_\_scope' ESCAPE '\' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE '\_%' ESCAPE '\'`)
	if err != nil {
		return nil, swrap(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, swrap(err)
		}
		out = append(out, n)
	}
	return out, swrap(rows.Err())
}

// DropCollection empties a collection (its table stays, with its indexes).
func (e *sqliteEngine) DropCollection(ctx context.Context, coll string) error {
	if !e.exists(coll) {
		return nil
	}
	return e.Tx(ctx, func(ctx context.Context) error {
		c := e.conn(ctx)
		if _, err := c.ExecContext(ctx, `DELETE FROM `+quote(coll)); err != nil {
			return swrap(err)
		}
		sc := schemaOf(coll)
		if len(sc.scopes) > 0 {
			if _, err := c.ExecContext(ctx, `DELETE FROM `+scopeTable(coll)); err != nil {
				return swrap(err)
			}
		}
		if len(sc.arrays) > len(sc.scopes) {
			if _, err := c.ExecContext(ctx, `DELETE FROM `+valuesTable(coll)); err != nil {
				return swrap(err)
			}
		}
		return nil
	})
}

func (e *sqliteEngine) Drop(ctx context.Context) error {
	colls, err := e.Collections(ctx)
	if err != nil {
		return err
	}
	for _, c := range colls {
		if err := e.DropCollection(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// column is the SQL column of a scalar field.
func column(coll, field string) (string, error) {
	if field == "_id" {
		return "id", nil
	}
	sc := schemaOf(coll)
	if slices.Contains(metaColumns, field) || slices.Contains(sc.scalars, field) {
		return quote(field), nil
	}
	return "", &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: fmt.Errorf("%s.%s is not kept as a column", coll, field)}
}

// sqlWhere is the SQL of conditions that must all hold, appending their arguments. An
// array condition looks the value up in the side table, which holds live records only.
// rid is the column of t holding the record's row number in the main table, by which an
// array's values in the side tables are matched (t.rowid in the main table itself).
func sqlWhere(coll, rid string, where []cond, args *[]any) (string, error) {
	if len(where) == 0 {
		return "1", nil
	}
	parts := make([]string, 0, len(where))
	for _, c := range where {
		p, err := sqlCond(coll, rid, c, args)
		if err != nil {
			return "", err
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " AND "), nil
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func sqlCond(coll, rid string, c cond, args *[]any) (string, error) {
	switch c.op {
	case opNone:
		return "0", nil
	case opOr:
		alts := make([]string, 0, len(c.or))
		for _, alt := range c.or {
			w, err := sqlWhere(coll, rid, alt, args)
			if err != nil {
				return "", err
			}
			alts = append(alts, "("+w+")")
		}
		if len(alts) == 0 {
			return "0", nil
		}
		return "(" + strings.Join(alts, " OR ") + ")", nil
	}
	if schemaOf(coll).isArray(c.field) {
		// An array field holds a value: the side table has a row for it.
		// By row number: in the scope table that is the primary key's last column.
		sub := fmt.Sprintf(`%s IN (SELECT rid FROM %s WHERE _field = ? AND _value `, rid, sideTable(coll, c.field))
		switch c.op {
		case opEq:
			*args = append(*args, c.field, toSQL(c.value))
			return sub + `= ?)`, nil
		case opIn:
			if len(c.values) == 0 {
				return "0", nil
			}
			*args = append(*args, c.field)
			for _, v := range c.values {
				*args = append(*args, toSQL(v))
			}
			return sub + `IN (` + placeholders(len(c.values)) + `))`, nil
		}
		return "", &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: fmt.Errorf("%s.%s: no such test of an array", coll, c.field)}
	}
	col, err := column(coll, c.field)
	if err != nil {
		return "", err
	}
	col = "t." + col
	v := toSQL(c.value)
	bin := func(op string) (string, error) {
		if v == nil {
			// As MongoDB: nothing is ordered against a missing value.
			return "0", nil
		}
		*args = append(*args, v)
		return col + " " + op + " ?", nil
	}
	switch c.op {
	case opEq:
		if v == nil {
			return col + " IS NULL", nil
		}
		return bin("=")
	case opNe:
		*args = append(*args, v)
		return col + " IS NOT ?", nil
	case opIn:
		if len(c.values) == 0 {
			return "0", nil
		}
		for _, x := range c.values {
			*args = append(*args, toSQL(x))
		}
		return col + " IN (" + placeholders(len(c.values)) + ")", nil
	case opGt:
		return bin(">")
	case opGte:
		return bin(">=")
	case opLt:
		return bin("<")
	case opLte:
		return bin("<=")
	case opContains:
		*args = append(*args, v)
		// instr finds one or two Chinese characters as well as any other text (a trigram
		// index would need three); lower folds Latin letters.
		return "instr(lower(" + col + "), lower(?)) > 0", nil
	case opAbsent:
		return col + " IS NULL", nil
	}
	return "", fmt.Errorf("unknown condition %d", c.op)
}

// rawToSQL is the column value of a document field: strings, numbers, booleans as 0/1,
// times as milliseconds since 1970 (UTC); nil for anything else or a missing field.
func rawToSQL(v bson.RawValue) any {
	switch v.Type {
	case bson.TypeString:
		return v.StringValue()
	case bson.TypeInt32:
		return int64(v.Int32())
	case bson.TypeInt64:
		return v.Int64()
	case bson.TypeDouble:
		return v.Double()
	case bson.TypeBoolean:
		if v.Boolean() {
			return int64(1)
		}
		return int64(0)
	case bson.TypeDateTime:
		return v.DateTime()
	}
	return nil
}

// toSQL is a condition's value as rawToSQL would have stored it.
func toSQL(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case bson.RawValue:
		return rawToSQL(x)
	case time.Time:
		return x.UnixMilli()
	case *time.Time:
		if x == nil {
			return nil
		}
		return x.UnixMilli()
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		if rv.Bool() {
			return int64(1)
		}
		return int64(0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return float64(u)
		}
		return int64(u)
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	}
	return fmt.Sprint(v)
}

// SQLite's primary result codes (https://sqlite.org/rescode.html), the same in every
// driver.
const (
	sqliteBusy       = 5
	sqliteLocked     = 6
	sqliteReadOnly   = 8
	sqliteIOErr      = 10
	sqliteCorrupt    = 11
	sqliteFull       = 13
	sqliteCantOpen   = 14
	sqliteProtocol   = 15
	sqliteConstraint = 19
	sqliteNotADB     = 26
)

func isConstraint(err error) bool {
	code, ok := sqliteCode(err)
	return ok && code == sqliteConstraint
}

// swrap turns SQLite errors into coded errors. A disk that is full, read-only or failing,
// or a database busy past its timeout, is UNAVAILABLE: the client keeps its record and
// tries again, and the server goes on once space returns.
func swrap(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return unavailable(err)
	}
	if code, ok := sqliteCode(err); ok {
		switch code {
		case sqliteFull, sqliteReadOnly, sqliteIOErr, sqliteBusy, sqliteLocked, sqliteCantOpen, sqliteProtocol:
			return &domain.Error{Code: domain.CodeUnavailable, Message: "the server cannot store data right now (its disk is full or not writable); try again shortly", Err: err}
		}
	}
	return &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: err}
}
