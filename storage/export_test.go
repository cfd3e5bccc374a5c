package storage

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// InsertRaw stores a document as it is, bypassing the record methods: tests use it to
// write records in an earlier release's layout.
func (s *Store) InsertRaw(ctx context.Context, coll string, doc any) error {
	raw, err := marshal(doc)
	if err != nil {
		return err
	}
	return s.eng.Insert(ctx, coll, raw)
}

// GetRaw returns a document as stored.
func (s *Store) GetRaw(ctx context.Context, coll, id string) (bson.Raw, error) {
	return s.eng.Get(ctx, coll, id)
}
