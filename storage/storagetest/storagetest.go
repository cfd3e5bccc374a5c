// Package storagetest opens a real, empty document store for tests: the embedded
// FerretDB in a temporary directory, or, when MONGODB_URI is set, a fresh database on
// that MongoDB server, dropped when the test ends.
package storagetest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handinhand/handinhand/storage"
)

var seq atomic.Int64

// Open returns an empty store that is closed (and, on MongoDB, dropped) after the test.
func Open(tb testing.TB) *storage.Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg := storage.Config{
		MongoURI: os.Getenv("MONGODB_URI"),
		DataDir:  tb.TempDir(),
		Logger:   slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	if cfg.MongoURI != "" {
		cfg.Database = fmt.Sprintf("handinhand_test_%d_%d", os.Getpid(), seq.Add(1))
	}
	s, err := storage.Open(ctx, cfg)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if cfg.MongoURI != "" {
			_ = s.Drop(ctx)
		}
		s.Close(ctx)
	})
	return s
}
