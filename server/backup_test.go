package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/app/apptest"
	"github.com/handinhand/handinhand/backup"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/httpapi"
	"github.com/handinhand/handinhand/photos/phototest"
	"github.com/handinhand/handinhand/protect"
	"github.com/handinhand/handinhand/storage"
	"github.com/handinhand/handinhand/storage/miniotest"
	"github.com/handinhand/handinhand/storage/storagetest"
)

// TestBackupRestoresTheSameSystem backs up the demo installation (embedded store, photos
// on disk) with photos in it, restores the archive with the server's restore command
// into an empty embedded store with photos in a real MinIO, and checks that the restored
// system answers the same queries, to the same users, and serves the same photo bytes.
func TestBackupRestoresTheSameSystem(t *testing.T) {
	minio := miniotest.Start(t)
	backupRoundTrip(t, demoServer(t), Config{DataDir: t.TempDir(), MongoDatabase: "handinhand", MinIO: minio.Config})
}

// backupRoundTrip logs a lesson with two photos on e, backs e up, restores the archive
// with the server's command into the empty stores cfg names, and checks that the
// restored system answers as e does and serves the same photo bytes.
func backupRoundTrip(t *testing.T, e *demoEnv, cfg Config) {
	ctx := context.Background()
	session := newID()
	e.as(t, "teacher", logSession, map[string]any{"in": lesson(session)})
	var photoIDs []string
	for i := 0; i < 2; i++ {
		img := phototest.CameraJPEG(t, 160+i*16, 120, 6)
		in := photoInput(session, img, "image/jpeg")
		tk := e.as(t, "teacher", requestUpload, map[string]any{"in": in})["requestPhotoUpload"]
		if st := put(t, e, tk, img); st != 200 {
			t.Fatalf("upload: %d", st)
		}
		e.as(t, "teacher", completeQ, map[string]any{"id": in["id"]})
		photoIDs = append(photoIDs, in["id"].(string))
	}

	file := filepath.Join(t.TempDir(), "handinhand.tar.gz")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	m, err := backup.Write(ctx, f, e.App.Store, e.App.Photos)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if m.Photos < 4 || m.Collections["teachingSessions"] < 400 {
		t.Fatalf("the archive is missing things: %+v", m)
	}

	if e.App.Keys != nil {
		// The archive's children's keys need the master key they were made under: with
		// another the restore is refused and nothing is written.
		cfg.MasterKeyFile = filepath.Join(t.TempDir(), "wrong.key")
		if _, err := protect.WriteNewMasterKey(cfg.MasterKeyFile); err != nil {
			t.Fatal(err)
		}
		err := archive(ctx, cfg, testLogger(), "restore", file)
		if err == nil || !strings.Contains(err.Error(), "nothing was restored") {
			t.Fatalf("a restore with another master key: %v", err)
		}
		empty, err := storage.Open(ctx, storage.Config{DataDir: cfg.DataDir, MongoURI: cfg.MongoURI, Database: cfg.MongoDatabase, Logger: testLogger()})
		if err != nil {
			t.Fatal(err)
		}
		n, err := empty.Count(ctx, storage.CollSessions)
		empty.Close(ctx)
		if err != nil || n != 0 {
			t.Fatalf("after a refused restore the store holds %d sessions (%v)", n, err)
		}
		cfg.MasterKeyFile = apptest.MasterKeyFile
	}
	// Restore with the command, into the empty stores cfg names.
	if err := archive(ctx, cfg, testLogger(), "restore", file); err != nil {
		t.Fatalf("restore: %v", err)
	}
	// A second restore over it is refused.
	if err := archive(ctx, cfg, testLogger(), "restore", file); err == nil {
		t.Fatal("restored over existing data")
	}
	store, err := storage.Open(ctx, storage.Config{DataDir: cfg.DataDir, MongoURI: cfg.MongoURI, Database: cfg.MongoDatabase, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close(context.Background()) })
	a := app.New(store, testLogger())
	if err := httpapi.SetupPhotos(ctx, a, httpapi.PhotoConfig{MinIO: cfg.MinIO, DataDir: cfg.DataDir}); err != nil {
		t.Fatal(err)
	}
	if err := startStats(ctx, a, testLogger(), 0); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.NewHandler(a, testLogger(), httpapi.Options{}))
	t.Cleanup(srv.Close)
	r := &demoEnv{URL: srv.URL, App: a, tok: map[string]string{}}

	same := func(user, query string, vars map[string]any) {
		t.Helper()
		want, _ := json.Marshal(e.as(t, user, query, vars))
		got, _ := json.Marshal(r.as(t, user, query, vars)) // the users and passwords came back too
		if !bytes.Equal(want, got) {
			t.Errorf("%s %s:\nbefore %s\nafter  %s", user, query, want, got)
		}
	}
	same("admin", `{ kindergartens(first:100){ totalCount edges { node { id name regionCode teacherCount } } } }`, nil)
	same("admin", `{ pairings(first:100){ totalCount edges { node { id name status targets { teachingHours } } } } }`, nil)
	same("admin", `{ teachingSessions(first:100){ totalCount edges { node { id date hours type confirmed } } } }`, nil)
	same("bureau", `{ teachingSessions(first:50){ totalCount edges { node { id } } } }`, nil)
	same("bureau", `{ stats(query:{subject:TEACHING_SESSIONS, measures:[COUNT, HOURS, DISTINCT_TEACHERS], groupBy:[COUNTY, SEMESTER]}){ rows { keys { value label } values } total { values } } }`, nil)
	same("bureau", `{ stats(query:{subject:PHOTOS, measures:[COUNT]}){ total { values } } }`, nil)
	same("bureau", `query($s:String!){ compliance(semester:$s){ pairingId partnerKindergartenId hours lectures monthsVisited status } }`, map[string]any{"s": currentSemester()})
	same("teacher", `query($id:ID!){ teachingSession(id:$id){ id photos { count items { id status width height } } } }`, map[string]any{"id": session})

	// The same photo bytes, from disk before and from MinIO after.
	for _, id := range photoIDs {
		q := `query($id:ID!){ node(id:$id){ ... on Photo { url thumbnailUrl } } }`
		before, after := e.as(t, "teacher", q, map[string]any{"id": id}), r.as(t, "teacher", q, map[string]any{"id": id})
		for _, field := range []string{"url", "thumbnailUrl"} {
			_, b1 := fetch(t, e, get(before, "node", field).(string))
			res, b2 := fetch(t, r, get(after, "node", field).(string))
			if res.StatusCode != 200 || len(b1) == 0 || !bytes.Equal(b1, b2) {
				t.Errorf("photo %s %s: %d bytes before, %d after (status %d)", id, field, len(b1), len(b2), res.StatusCode)
			}
		}
	}
}

// The MongoDB implementation end to end (on FerretDB here, or the MongoDB at MONGODB_URI):
// the demo region loaded, each role's main screens, a photo through the upload ticket, and
// a backup restored into another database with the same answers and photo bytes.
func TestTheMongoDBImplementationEndToEnd(t *testing.T) {
	storagetest.SkipMongoUnderRace(t, "mongodb")
	ctx := context.Background()
	store := storagetest.OpenEngine(t, "mongodb")
	a := app.New(store, testLogger())
	a.PasswordCost = 4
	if err := httpapi.SetupPhotos(ctx, a, httpapi.PhotoConfig{DataDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := startStats(ctx, a, testLogger(), 0); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.NewHandler(a, testLogger(), httpapi.Options{}))
	t.Cleanup(srv.Close)
	e := &demoEnv{URL: srv.URL, App: a, tok: map[string]string{}}
	// Each role's first screens.
	if n := get(e.as(t, "teacher", `{ pairings(filter:{statuses:[ACTIVE]}) { totalCount } }`, nil), "pairings", "totalCount"); n != float64(1) {
		t.Errorf("the teacher's active pairings: %v", n)
	}
	if n := get(e.as(t, "partner", `{ teachingSessions(filter:{confirmed:false}) { totalCount } }`, nil), "teachingSessions", "totalCount"); n.(float64) < 1 {
		t.Errorf("the partner's lessons waiting: %v", n)
	}
	bureau := get(e.as(t, "bureau", `{ teachingSessions { totalCount } }`, nil), "teachingSessions", "totalCount").(float64)
	admin := get(e.as(t, "admin", `{ teachingSessions { totalCount } }`, nil), "teachingSessions", "totalCount").(float64)
	if bureau < 1 || bureau >= admin {
		t.Errorf("the county bureau sees %v sessions, the admin %v", bureau, admin)
	}
	e.as(t, "bureau", `query($s:String!){ compliance(semester:$s){ status } }`, map[string]any{"s": currentSemester()})
	e.as(t, "bureau", `{ stats(query:{subject:TEACHING_SESSIONS, measures:[COUNT, HOURS], groupBy:[COUNTY]}){ total { values } } }`, nil)
	backupRoundTrip(t, e, Config{DataDir: t.TempDir(), MongoURI: storagetest.MongoURI(t), MongoDatabase: storagetest.Config(t, "mongodb").Database})
}
