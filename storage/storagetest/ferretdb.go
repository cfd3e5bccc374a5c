package storagetest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// FerretDB is a FerretDB instance running inside the test process on SQLite files,
// reached through the ordinary MongoDB driver at URI: the stand-in MongoDB server that
// the MongoDB implementation is tested against where no MongoDB can be installed.
type FerretDB struct {
	URI    string
	cancel context.CancelFunc
	done   chan struct{}
}

// StartFerretDB starts FerretDB with its SQLite files under dir (created if missing),
// listening on a free loopback port. Stop must be called to release the files.
func StartFerretDB(dir string, logger *slog.Logger) (*FerretDB, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	if logger == nil {
		logger = slog.Default()
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		// FerretDB logs every connection at info level and protocol details as warnings; keep
		// only its errors.
		Logger: slog.New(&levelFilter{Handler: logger.Handler(), min: slog.LevelError}),
	})
	if err != nil {
		return nil, fmt.Errorf("start embedded FerretDB: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &FerretDB{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		_ = f.Run(ctx)
	}()
	// MongoDBURI waits until the listener is bound.
	e.URI = f.MongoDBURI()
	return e, nil
}

// Stop shuts FerretDB down and waits until its files are closed.
func (e *FerretDB) Stop() {
	e.cancel()
	<-e.done
}

type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (l *levelFilter) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= l.min && l.Handler.Enabled(ctx, lv)
}

func (l *levelFilter) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &levelFilter{Handler: l.Handler.WithAttrs(attrs), min: l.min}
}

func (l *levelFilter) WithGroup(name string) slog.Handler {
	return &levelFilter{Handler: l.Handler.WithGroup(name), min: l.min}
}
