package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/handinhand/handinhand/protect"
	"github.com/handinhand/handinhand/storage"
)

// demoKeyFile is the master key --demo makes when none is configured: in the data
// directory, which a real installation must never do (the server says so at every start).
const demoKeyFile = "demo-master.key"

// openKeys unwraps the keys of children's protected fields with the configured master key.
// Without one the children's features answer UNAVAILABLE; --demo makes one in the data
// directory, with a warning.
func openKeys(ctx context.Context, store *storage.Store, cfg Config, log *slog.Logger) (*protect.Keyring, error) {
	var (
		master protect.MasterKey
		err    error
	)
	switch {
	case cfg.MasterKeyFile != "":
		if master, err = protect.ReadMasterKey(cfg.MasterKeyFile, dataDirOf(cfg)); err != nil {
			return nil, err
		}
	case cfg.Demo:
		path := filepath.Join(cfg.DataDir, demoKeyFile)
		if master, err = protect.ReadMasterKey(path, ""); err != nil {
			if master, err = protect.WriteNewMasterKey(path); err != nil {
				return nil, fmt.Errorf("the demo's master key: %w", err)
			}
		}
		log.Warn("children's protected fields use a demo master key kept in the data directory: set HANDINHAND_MASTER_KEY_FILE to a key file elsewhere before any real child is entered",
			"file", path)
	default:
		log.Warn("no master key (HANDINHAND_MASTER_KEY_FILE): the children's and aid features are unavailable until one is configured")
		return nil, nil
	}
	kr, err := protect.Open(ctx, store, master, cfg.Algorithm)
	if err != nil {
		return nil, fmt.Errorf("children's protected fields: %w", err)
	}
	log.Info("children's protected fields are encrypted", "masterKey", master.ID, "algorithm", string(cfg.Algorithm))
	return kr, nil
}

// masterKeyOf reads the configured master key (the demo's, with --demo and none set).
func masterKeyOf(cfg Config) (protect.MasterKey, error) {
	switch {
	case cfg.MasterKeyFile != "":
		return protect.ReadMasterKey(cfg.MasterKeyFile, dataDirOf(cfg))
	case cfg.Demo:
		return protect.ReadMasterKey(filepath.Join(cfg.DataDir, demoKeyFile), "")
	}
	return protect.MasterKey{}, fmt.Errorf("no master key is configured: set HANDINHAND_MASTER_KEY_FILE to the key the backup was made under")
}

// dataDirOf is the embedded store's directory, which a master key must stay out of ("" on
// MongoDB, where the data is elsewhere).
func dataDirOf(cfg Config) string {
	if cfg.MongoURI != "" {
		return ""
	}
	return cfg.DataDir
}

// protectCommand runs `server verify-access-log` or `server rewrap-master-key NEW-FILE`,
// writing what it found to out; it returns the exit status.
func protectCommand(ctx context.Context, cfg Config, out io.Writer, args []string) int {
	store, err := storage.Open(ctx, storage.Config{MongoURI: cfg.MongoURI, Database: cfg.MongoDatabase, DataDir: cfg.DataDir})
	if err != nil {
		fmt.Fprintln(out, "the store:", err)
		return 1
	}
	defer store.Close(context.Background())
	switch args[0] {
	case "verify-access-log":
		n, problems, err := store.VerifyAccess(ctx)
		if err != nil {
			fmt.Fprintln(out, "reading the access log:", err)
			return 1
		}
		if len(problems) > 0 {
			fmt.Fprintf(out, "the access log (%d entries) was tampered with:\n", n)
			for _, p := range problems {
				fmt.Fprintln(out, "  "+p)
			}
			return 1
		}
		fmt.Fprintf(out, "the access log's %d entries are intact\n", n)
		return 0
	case "rewrap-master-key":
		if len(args) != 2 || cfg.MasterKeyFile == "" {
			fmt.Fprintln(out, "usage: HANDINHAND_MASTER_KEY_FILE=old.key server rewrap-master-key new.key")
			return 2
		}
		old, err := protect.ReadMasterKey(cfg.MasterKeyFile, dataDirOf(cfg))
		if err != nil {
			fmt.Fprintln(out, err)
			return 1
		}
		next, err := protect.ReadMasterKey(args[1], dataDirOf(cfg))
		if err != nil {
			fmt.Fprintln(out, err)
			return 1
		}
		if err := protect.Rewrap(ctx, store, old, next); err != nil {
			fmt.Fprintln(out, err)
			return 1
		}
		fmt.Fprintf(out, "the store's keys are now wrapped by master key %s: point HANDINHAND_MASTER_KEY_FILE at %s and restart the servers\n", next.ID, args[1])
		return 0
	}
	return 2
}
