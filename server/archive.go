package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/backup"
	"github.com/handinhand/handinhand/httpapi"
	"github.com/handinhand/handinhand/protect"
	"github.com/handinhand/handinhand/storage"
)

// archive runs "server backup FILE" or "server restore FILE" against the stores the
// configuration names (the same variables as the server).
func archive(ctx context.Context, cfg Config, log *slog.Logger, cmd, file string) error {
	unlock, err := lockDataDir(cfg)
	if err != nil {
		return err
	}
	defer unlock()
	store, err := storage.Open(ctx, storage.Config{MongoURI: cfg.MongoURI, Database: cfg.MongoDatabase, DataDir: cfg.DataDir, Logger: log})
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	a := app.New(store, log)
	if err := httpapi.SetupPhotos(ctx, a, httpapi.PhotoConfig{MinIO: cfg.MinIO, DataDir: cfg.DataDir}); err != nil {
		return fmt.Errorf("photo store: %w", err)
	}
	switch cmd {
	case "backup":
		f, err := os.OpenFile(file, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		m, err := backup.Write(ctx, f, store, a.Photos)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(file) // never leave a partial archive that looks whole
			return err
		}
		log.Info("backup written", "file", file, "collections", m.Collections, "photos", m.Photos, "photoBytes", m.PhotoBytes)
	case "restore":
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		// An archive whose children's records were protected under another master key than
		// the one configured would restore records nobody can open: refused before anything
		// is written.
		keys, err := backup.Setting(f, protect.SettingName)
		if err != nil {
			return err
		}
		if keys != nil {
			want := protect.MasterOf(keys)
			master, err := masterKeyOf(cfg)
			if err != nil {
				return fmt.Errorf("this backup holds children's protected records (master key %s): %w", want, err)
			}
			if master.ID != want {
				return fmt.Errorf("this backup's children's records were protected under master key %s, and HANDINHAND_MASTER_KEY_FILE holds key %s: restore with the key the backup was made under; nothing was restored", want, master.ID)
			}
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		m, err := backup.Restore(ctx, f, store, a.Photos)
		if err != nil {
			return err
		}
		log.Info("backup restored", "file", file, "collections", m.Collections, "photos", m.Photos, "taken", m.CreatedAt)
	}
	return nil
}
