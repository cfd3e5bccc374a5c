package storage

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
)

// CollChanges holds the change marker: a counter every instance raises with each write
// of a record the statistics index is built from. Other instances poll it (a read by
// _id) and look for changed records only when it moved.
const CollChanges = "changes"

const markerID = "stats"

// markedColls are the collections whose writes raise the change marker.
var markedColls = map[string]bool{
	CollSessions: true, CollTrainingEvents: true, CollPhotos: true,
	CollKindergartens: true, CollPairings: true, CollRegions: true, CollLessonGrades: true, CollDonations: true,
	CollTeachers: true, // their names label the statistics' TEACHER dimension
}

// WriteObserver is told of every record this instance wrote to a marked collection, with
// the change-marker value its write raised (0 if it raised none).
type WriteObserver func(coll string, doc any, marker int64)

type observers struct {
	mu  sync.RWMutex
	fns []WriteObserver
}

// OnWrite registers fn; it runs synchronously after each write is stored.
func (s *Store) OnWrite(fn WriteObserver) {
	s.obs.mu.Lock()
	defer s.obs.mu.Unlock()
	s.obs.fns = append(s.obs.fns, fn)
}

type pendingKey struct{}

// pending collects the notes of writes made inside Store.Tx, told once it commits.
type pending struct {
	mu    sync.Mutex
	notes []note
}

type note struct {
	coll string
	doc  any
	seq  int64
}

// write runs fn, the write of doc to coll, and raises the change marker with it in one
// transaction; observers are told once both are stored.
func (s *Store) write(ctx context.Context, coll string, doc any, fn func(context.Context) error) error {
	var seq int64
	err := s.eng.Tx(ctx, func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		var err error
		seq, err = s.mark(ctx, coll, doc)
		return err
	})
	if err != nil {
		return err
	}
	if p, ok := ctx.Value(pendingKey{}).(*pending); ok {
		p.mu.Lock()
		p.notes = append(p.notes, note{coll, doc, seq})
		p.mu.Unlock()
		return nil
	}
	s.notify(coll, doc, seq)
	return nil
}

// mark raises the change marker for a write to coll, if other instances need to hear of
// it. On SQLite it is part of the write's transaction; on MongoDB a marker that cannot
// be raised is logged (the record is stored) and the next raise carries the change.
func (s *Store) mark(ctx context.Context, coll string, doc any) (int64, error) {
	if !markedColls[coll] || ctx.Value(unmarkedKey{}) != nil {
		return 0, nil
	}
	if p, ok := doc.(*domain.Photo); ok && p.Status != domain.PhotoReady {
		// Photos count once ready; until then (pending, or refused) other instances need
		// not look for them, which spares every upload ticket a marker raise.
		return 0, nil
	}
	seq, err := s.eng.Increment(context.WithoutCancel(ctx), CollChanges, markerID, "seq")
	if err != nil {
		if s.eng.Kind() == "sqlite" {
			return 0, err
		}
		s.log.Warn("change marker not raised", "collection", coll, "err", err)
		return 0, nil
	}
	return seq, nil
}

func (s *Store) notify(coll string, doc any, seq int64) {
	if !markedColls[coll] {
		return
	}
	s.obs.mu.RLock()
	fns := s.obs.fns
	s.obs.mu.RUnlock()
	for _, fn := range fns {
		fn(coll, doc, seq)
	}
}

type unmarkedKey struct{}

// Unmarked returns a context whose writes do not raise the change marker: for edits of
// what no statistic is built from (a lesson's list of photos, say), so that other
// instances do not look for changes there are none of. Observers are still told.
func Unmarked(ctx context.Context) context.Context {
	return context.WithValue(ctx, unmarkedKey{}, true)
}

// ChangeMarker returns the current value of the change marker (0 before any write).
func (s *Store) ChangeMarker(ctx context.Context) (int64, error) {
	raw, err := s.eng.Get(ctx, CollChanges, markerID)
	if errors.Is(err, errNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n, _ := raw.Lookup("seq").AsInt64OK()
	return n, nil
}

// Scan passes every document of coll (deleted ones included) to fn, in no set order.
// With since set, only those updated at or after it (from the updatedAt index): for
// loading at start and for catching up after the marker moved.
func (s *Store) Scan(ctx context.Context, coll string, since time.Time, fn func(bson.Raw) error) error {
	var where []cond
	if !since.IsZero() {
		where = []cond{gte("updatedAt", since)}
	}
	return s.eng.Find(ctx, coll, query{where: where}, fn)
}

// partScanner is an engine that reads a collection in parts at the same time (SQLite:
// ranges of row numbers, each on its own connection).
type partScanner interface {
	ScanParts(ctx context.Context, coll string, where []cond, parts int, fn func(part int, raw bson.Raw) error) error
}

// ScanParts is Scan read in parts at the same time where the engine can (SQLite), so
// that a start with a cold disk cache waits on several reads at once: a city's 300,000
// photo records lie scattered among their scope rows, and one read at a time took 9 s of
// a 14.5 s start. fn is called from several goroutines, with the part each document
// came from; on MongoDB it is one part, Scan's.
func (s *Store) ScanParts(ctx context.Context, coll string, parts int, fn func(part int, raw bson.Raw) error) error {
	if ps, ok := s.eng.(partScanner); ok && parts > 1 {
		return ps.ScanParts(ctx, coll, nil, parts, fn)
	}
	return s.Scan(ctx, coll, time.Time{}, func(raw bson.Raw) error { return fn(0, raw) })
}
