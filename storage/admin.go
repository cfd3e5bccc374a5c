package storage

import (
	"context"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Whole-store operations, for backup and restore, benchmarks and tests.

// URI is the address of the document store: for the embedded store, that of its
// in-process server, which a second instance (in tests) can reach too.
func (s *Store) URI() string {
	if s.embedded != nil {
		return s.embedded.URI
	}
	return ""
}

// Database names the database the store uses.
func (s *Store) Database() string { return s.db.Name() }

// InsertMany stores documents as they are, in batches, without the create path's
// idempotency checks: for loading an archive or a benchmark into an empty store.
func (s *Store) InsertMany(ctx context.Context, coll string, docs []any) error {
	for len(docs) > 0 {
		n := min(len(docs), 1000)
		if _, err := s.c(coll).InsertMany(ctx, docs[:n], options.InsertMany().SetOrdered(false)); err != nil {
			return wrap(err)
		}
		docs = docs[n:]
	}
	return nil
}

// Collections lists the store's collections.
func (s *Store) Collections(ctx context.Context) ([]string, error) {
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	out := names[:0]
	for _, n := range names {
		if !strings.HasPrefix(n, "system.") {
			out = append(out, n)
		}
	}
	return out, wrap(err)
}

// Count counts every document of a collection, deleted ones included.
func (s *Store) Count(ctx context.Context, coll string) (int64, error) {
	n, err := s.c(coll).CountDocuments(ctx, bson.D{})
	return n, wrap(err)
}

// DropCollection removes a collection and its documents.
func (s *Store) DropCollection(ctx context.Context, coll string) error {
	return wrap(s.c(coll).Drop(ctx))
}
