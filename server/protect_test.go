package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // to tamper with the store's file as someone with the file would

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/protect"
	"github.com/handinhand/handinhand/storage"
)

// `server verify-access-log` says the log is intact, and after a row of the SQLite file is
// deleted behind the server's back it fails, naming the entry.
func TestVerifyAccessLogNamesADeletedEntry(t *testing.T) {
	ctx := context.Background()
	cfg := Config{DataDir: t.TempDir()}
	store, err := storage.Open(ctx, storage.Config{DataDir: cfg.DataDir})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := store.AppendAccess(ctx, &domain.AccessEntry{At: time.Now(), UserID: "u", ChildID: "c", Fields: []string{"idNumber"}, Reason: strings.Repeat("x", i)}); err != nil {
			t.Fatal(err)
		}
	}
	store.Close(ctx)
	var out bytes.Buffer
	if code := protectCommand(ctx, cfg, &out, []string{"verify-access-log"}); code != 0 || !strings.Contains(out.String(), "5 entries are intact") {
		t.Fatalf("exit %d: %s", code, &out)
	}
	db, err := sql.Open("sqlite3", filepath.Join(cfg.DataDir, storage.SQLiteFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM "accessLog" WHERE id = ?`, domain.AccessID(3)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out.Reset()
	if code := protectCommand(ctx, cfg, &out, []string{"verify-access-log"}); code != 1 || !strings.Contains(out.String(), domain.AccessID(3)) {
		t.Errorf("after a deletion, exit %d: %s", code, &out)
	}
}

// The master key: --demo makes one in the data directory; a configured one inside the data
// directory is refused; `server rewrap-master-key` moves the store to a new key, after
// which the old one no longer opens it and the new one does.
func TestTheMasterKeyAtStartAndItsRewrap(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg := Config{DataDir: filepath.Join(dir, "data"), Demo: true, Algorithm: protect.AES256GCM}
	store, err := storage.Open(ctx, storage.Config{DataDir: cfg.DataDir})
	if err != nil {
		t.Fatal(err)
	}
	kr, err := openKeys(ctx, store, cfg, testLogger())
	if err != nil || kr == nil {
		t.Fatalf("the demo's key: %v", err)
	}
	sealed, _ := kr.Seal("370523202001011234", "child:c:idNumber")
	store.Close(ctx)
	cfg.Demo = false
	if kr, err := func() (*protect.Keyring, error) {
		s, _ := storage.Open(ctx, storage.Config{DataDir: cfg.DataDir})
		defer s.Close(ctx)
		return openKeys(ctx, s, cfg, testLogger())
	}(); kr != nil || err != nil {
		t.Errorf("without a key and without --demo: %v %v", kr, err)
	}
	cfg.MasterKeyFile = filepath.Join(cfg.DataDir, demoKeyFile)
	var out bytes.Buffer
	next := filepath.Join(dir, "next.key")
	if _, err := protect.WriteNewMasterKey(next); err != nil {
		t.Fatal(err)
	}
	if code := protectCommand(ctx, cfg, &out, []string{"rewrap-master-key", next}); code != 1 || !strings.Contains(out.String(), "inside the data directory") {
		t.Errorf("a key file inside the data directory: exit %d: %s", code, &out)
	}
	// The demo's key, moved out of the data directory as a real installation keeps it.
	old := filepath.Join(dir, "old.key")
	if err := copyFile(filepath.Join(cfg.DataDir, demoKeyFile), old); err != nil {
		t.Fatal(err)
	}
	cfg.MasterKeyFile = old
	out.Reset()
	if code := protectCommand(ctx, cfg, &out, []string{"rewrap-master-key", next}); code != 0 {
		t.Fatalf("re-wrapping: exit %d: %s", code, &out)
	}
	store, err = storage.Open(ctx, storage.Config{DataDir: cfg.DataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(ctx)
	if _, err := openKeys(ctx, store, cfg, testLogger()); err == nil {
		t.Error("the old key still opens the store")
	}
	cfg.MasterKeyFile = next
	kr, err = openKeys(ctx, store, cfg, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	if v, err := kr.Open(sealed, "child:c:idNumber"); err != nil || v != "370523202001011234" {
		t.Errorf("a value sealed before the re-wrap: %q %v", v, err)
	}
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}
