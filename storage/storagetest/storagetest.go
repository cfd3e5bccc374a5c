// Package storagetest opens real, empty stores for tests: the embedded SQLite store in a
// temporary directory, and the MongoDB implementation against FerretDB (started in the
// test process, the stand-in for MongoDB here) or, when MONGODB_URI is set, against
// that MongoDB server. FerretDB is linked into test binaries only.
package storagetest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handinhand/handinhand/storage"
)

var seq atomic.Int64

// Engines are the engines the contract suite runs against: "sqlite" and "mongodb".
var Engines = []string{"sqlite", "mongodb"}

// Open returns an empty store of the default engine — SQLite, or the MongoDB
// implementation when HANDINHAND_TEST_STORE=mongodb — closed after the test.
func Open(tb testing.TB) *storage.Store {
	tb.Helper()
	return OpenEngine(tb, DefaultEngine())
}

// DefaultEngine is the engine Open uses.
func DefaultEngine() string {
	if os.Getenv("HANDINHAND_TEST_STORE") == "mongodb" {
		return "mongodb"
	}
	return "sqlite"
}

// OpenEngine returns an empty store of the named engine, closed (and, on MongoDB,
// dropped) after the test.
func OpenEngine(tb testing.TB, kind string) *storage.Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cfg := Config(tb, kind)
	s, err := storage.Open(ctx, cfg)
	if err != nil {
		tb.Fatalf("open %s store: %v", kind, err)
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

// Config is the configuration of a new, empty store of the named engine.
func Config(tb testing.TB, kind string) storage.Config {
	tb.Helper()
	cfg := storage.Config{
		DataDir: tb.TempDir(),
		Logger:  slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	if kind == "mongodb" {
		cfg.MongoURI = MongoURI(tb)
		cfg.Database = fmt.Sprintf("handinhand_test_%d_%d", os.Getpid(), seq.Add(1))
	}
	return cfg
}

var (
	ferretOnce sync.Once
	ferret     *FerretDB
	ferretErr  error
)

// MongoURI is the MongoDB server tests use: MONGODB_URI if set, otherwise a FerretDB
// started once for the test process, on SQLite files in a temporary directory.
func MongoURI(tb testing.TB) string {
	tb.Helper()
	if uri := os.Getenv("MONGODB_URI"); uri != "" {
		return uri
	}
	ferretOnce.Do(func() {
		dir, err := os.MkdirTemp("", "handinhand-ferretdb-")
		if err != nil {
			ferretErr = err
			return
		}
		ferret, ferretErr = StartFerretDB(dir, nil)
	})
	if ferretErr != nil {
		tb.Fatalf("start FerretDB: %v", ferretErr)
	}
	return ferret.URI
}

// Each runs fn once for each engine, as a subtest named after it. Under the race
// detector the MongoDB implementation is left out: scripts/test.sh runs those tests
// again without it, where FerretDB is fast enough.
func Each(t *testing.T, fn func(t *testing.T, kind string)) {
	for _, kind := range Engines {
		t.Run(kind, func(t *testing.T) {
			SkipMongoUnderRace(t, kind)
			fn(t, kind)
		})
	}
}

// SkipMongoUnderRace skips a test of the MongoDB implementation on FerretDB under the
// race detector (a real MongoDB at MONGODB_URI is run whatever the detector).
func SkipMongoUnderRace(t *testing.T, kind string) {
	t.Helper()
	if kind == "mongodb" && RaceEnabled && os.Getenv("MONGODB_URI") == "" {
		t.Skip("FerretDB under the race detector is too slow; scripts/test.sh runs this without it")
	}
}
