package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/handinhand/handinhand/domain"
)

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
