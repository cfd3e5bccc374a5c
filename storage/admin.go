package storage

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Whole-store operations, for backup and restore, benchmarks and tests.

// InsertMany stores documents as they are, without the create path's idempotency
// checks: for loading an archive or a benchmark into an empty store. On SQLite they
// are written in one transaction.
func (s *Store) InsertMany(ctx context.Context, coll string, docs []any) error {
	raws := make([]bson.Raw, 0, len(docs))
	for _, d := range docs {
		raw, ok := d.(bson.Raw)
		if !ok {
			var err error
			if raw, err = marshal(d); err != nil {
				return err
			}
		}
		raws = append(raws, raw)
	}
	return s.eng.Insert(ctx, coll, raws...)
}

// Collections lists the store's collections.
func (s *Store) Collections(ctx context.Context) ([]string, error) { return s.eng.Collections(ctx) }

// Count counts every document of a collection, deleted ones included.
func (s *Store) Count(ctx context.Context, coll string) (int64, error) {
	return s.eng.Count(ctx, coll, nil)
}

// DropCollection removes a collection's documents.
func (s *Store) DropCollection(ctx context.Context, coll string) error {
	return s.eng.DropCollection(ctx, coll)
}

// EnsureIndexes creates the indexes that are missing (MongoDB drops a collection's
// indexes with it, as a restore does); SQLite's tables keep theirs.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	if m, ok := s.eng.(*mongoEngine); ok {
		return m.ensureIndexes(ctx)
	}
	return nil
}
