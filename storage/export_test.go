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

// PutRaw replaces a document as it is stored, bypassing every record method (a tamperer's
// edit).
func (s *Store) PutRaw(ctx context.Context, coll, id string, doc any) error {
	raw, err := marshal(doc)
	if err != nil {
		return err
	}
	return s.eng.Upsert(ctx, coll, id, raw)
}

// DeleteRaw removes a document from the store outright.
func (s *Store) DeleteRaw(ctx context.Context, coll, id string) error {
	return s.eng.Delete(ctx, coll, id)
}

// Decode reads a stored document into v.
func Decode(raw bson.Raw, v any) error { return bson.Unmarshal(raw, v) }
