package storage

import (
	"context"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// CollChanges holds the change marker: a counter every instance raises after it writes a
// record that the statistics index is built from. Other instances poll it (a read by
// _id, cheap on every store) and look for changed records only when it moved.
const CollChanges = "changes"

const markerID = "stats"

// markedColls are the collections whose writes raise the change marker.
var markedColls = map[string]bool{
	CollSessions: true, CollTrainingEvents: true, CollPhotos: true,
	CollKindergartens: true, CollPairings: true, CollRegions: true,
}

// WriteObserver is told of every record this instance wrote to a marked collection, with
// the change-marker value its write raised (0 if raising it failed).
type WriteObserver func(coll string, doc any, marker int64)

type observers struct {
	mu  sync.RWMutex
	fns []WriteObserver
}

// OnWrite registers fn; it runs synchronously after each successful write.
func (s *Store) OnWrite(fn WriteObserver) {
	s.obs.mu.Lock()
	defer s.obs.mu.Unlock()
	s.obs.fns = append(s.obs.fns, fn)
}

// wrote raises the change marker and tells the observers. The record is already stored:
// a marker that cannot be raised is logged, and other instances pick the change up with
// the next one.
func (s *Store) wrote(ctx context.Context, coll string, doc any) {
	if !markedColls[coll] {
		return
	}
	var seq int64
	if p, ok := doc.(*domain.Photo); (!ok || p.Status == domain.PhotoReady) && ctx.Value(unmarkedKey{}) == nil {
		// Photos count once ready; until then (pending, or refused) other instances need
		// not look for them, which spares every upload ticket a marker raise.
		var err error
		if seq, err = s.raiseMarker(context.WithoutCancel(ctx)); err != nil {
			s.log.Warn("change marker not raised", "collection", coll, "err", err)
		}
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

func (s *Store) raiseMarker(ctx context.Context) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var row struct {
		Seq int64 `bson:"seq"`
	}
	err := s.c(CollChanges).FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: markerID}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "seq", Value: int64(1)}}}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&row)
	return row.Seq, wrap(err)
}

// ChangeMarker returns the current value of the change marker (0 before any write).
func (s *Store) ChangeMarker(ctx context.Context) (int64, error) {
	var row struct {
		Seq int64 `bson:"seq"`
	}
	err := s.c(CollChanges).FindOne(ctx, bson.D{{Key: "_id", Value: markerID}}).Decode(&row)
	if isNoDocuments(err) {
		return 0, nil
	}
	return row.Seq, wrap(err)
}

// Scan passes every document of coll (deleted ones included) to fn, in no set order.
// With since set, only those updated at or after it. It reads the whole collection on
// the embedded store: for loading at start and for catching up after a marker moved.
func (s *Store) Scan(ctx context.Context, coll string, since time.Time, fn func(bson.Raw) error) error {
	filter := bson.D{}
	if !since.IsZero() {
		filter = bson.D{{Key: "updatedAt", Value: bson.D{{Key: "$gte", Value: since}}}}
	}
	cur, err := s.c(coll).Find(ctx, filter, options.Find().SetBatchSize(2000))
	if err != nil {
		return wrap(err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		if err := fn(cur.Current); err != nil {
			return err
		}
	}
	return wrap(cur.Err())
}
