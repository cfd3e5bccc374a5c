package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/domain"
)

func openSQLiteForTest(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(context.Background(), Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

func session(i int) *domain.TeachingSession {
	return &domain.TeachingSession{ID: fmt.Sprintf("s%05d", i), PairingID: "p1", Date: "2026-11-20", Semester: "2026-2027-1",
		Hours: 2, Type: domain.SessionDemonstrationClass, Topic: strings.Repeat("大班科学活动", 40), Status: domain.ConfirmationPending,
		Scoped: domain.Scoped{RegionPath: []string{"37", "3705", "370523"}, KindergartenIDs: []string{"k1", "k2"}}}
}

// A disk that fills up answers UNAVAILABLE (retryable) and keeps nothing of the refused
// write; once there is room again, the same server writes again. The disk is made full
// with SQLite's own page limit: the tests run as root, for whom no file is too full or
// read-only, and cannot mount a small file system.
func TestAFullDiskAnswersUnavailableAndRecovers(t *testing.T) {
	ctx := context.Background()
	s := openSQLiteForTest(t, t.TempDir())
	e := s.eng.(*sqliteEngine)
	var pages int
	if err := e.w.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := e.w.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+2)); err != nil {
		t.Fatal(err)
	}
	var refused *domain.TeachingSession
	for i := range 500 {
		x := session(i)
		if _, _, err := s.CreateTeachingSession(ctx, x); err != nil {
			if domain.CodeOf(err) != domain.CodeUnavailable {
				t.Fatalf("write %d on a full disk: %v, want UNAVAILABLE", i, err)
			}
			refused = x
			break
		}
	}
	if refused == nil {
		t.Fatal("the disk never filled up")
	}
	if _, err := s.TeachingSessionIncludingDeleted(ctx, refused.ID); domain.CodeOf(err) != domain.CodeNotFound {
		t.Fatalf("the refused write left a record: %v", err)
	}
	n, _ := s.Count(ctx, CollSessions)
	all, err := s.eng.Count(ctx, CollSessions, nil)
	if err != nil || all != n {
		t.Fatalf("records and their scope rows disagree: %d and %d (%v)", n, all, err)
	}
	if _, err := e.w.Exec(`PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateTeachingSession(ctx, refused); err != nil {
		t.Fatalf("after space returned: %v", err)
	}
	m, _ := s.ChangeMarker(ctx)
	if m != n+1 {
		t.Fatalf("change marker %d after %d stored sessions: a refused write moved it", m, n+1)
	}
}

// A store that cannot write (a read-only disk) answers UNAVAILABLE, and writes again
// once it can.
func TestAReadOnlyStoreAnswersUnavailableAndRecovers(t *testing.T) {
	ctx := context.Background()
	s := openSQLiteForTest(t, t.TempDir())
	e := s.eng.(*sqliteEngine)
	if _, err := e.w.Exec(`PRAGMA query_only = 1`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateTeachingSession(ctx, session(1)); domain.CodeOf(err) != domain.CodeUnavailable {
		t.Fatalf("write on a read-only store: %v, want UNAVAILABLE", err)
	}
	if _, err := e.w.Exec(`PRAGMA query_only = 0`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateTeachingSession(ctx, session(1)); err != nil {
		t.Fatalf("after the disk is writable again: %v", err)
	}
}

// A damaged database file is refused at start with a message that names the file and
// says how to restore.
func TestADamagedDatabaseFileIsRefusedWithTheRestoreCommand(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(context.Background(), Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s.Close(context.Background())
	path := filepath.Join(dir, SQLiteFile)
	junk := []byte(strings.Repeat("this is not a database ", 400))
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), Config{DataDir: dir})
	if err == nil {
		t.Fatal("a damaged file was opened")
	}
	for _, want := range []string{path, "server restore", "damaged"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the message does not say %q: %v", want, err)
		}
	}
}

// A data directory of the earlier release (the embedded FerretDB's file) is not opened
// as an empty one: the message says which commands move it over.
func TestADataDirectoryOfTheEarlierReleaseIsRecognised(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "handinhand.sqlite"), []byte("FerretDB's file"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), Config{DataDir: dir})
	if err == nil {
		t.Fatal("an earlier release's data directory was opened as a new one")
	}
	for _, want := range []string{"earlier release", "server backup", "server restore", dir} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the message does not say %q: %v", want, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, SQLiteFile)); err == nil {
		t.Error("a new database was made beside the old files")
	}
}
