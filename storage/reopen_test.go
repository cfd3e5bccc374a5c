package storage_test

import (
	"context"
	"testing"

	"github.com/handinhand/handinhand/storage"
)

// The server starts again on the data it wrote: its indexes exist by then.
func TestTheEmbeddedStoreOpensAgainOnItsOwnData(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for round := range 3 {
		s, err := storage.Open(ctx, storage.Config{DataDir: dir})
		if err != nil {
			t.Fatalf("open #%d: %v", round+1, err)
		}
		if round == 0 {
			if _, _, err := s.CreateKindergarten(ctx, kg("k1", "锦秋幼儿园", "370522")); err != nil {
				t.Fatal(err)
			}
		} else if k, err := s.Kindergarten(ctx, "k1"); err != nil || k.Name != "锦秋幼儿园" {
			t.Fatalf("after reopening: %v %v", k, err)
		}
		s.Close(ctx)
	}
}
