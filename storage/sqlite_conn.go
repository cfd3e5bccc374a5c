package storage

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
)

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
