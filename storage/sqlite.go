package storage

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
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
