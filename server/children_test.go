package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/backup"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/httpapi"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/protect"
	"github.com/handinhand/handinhand/storage"
	"github.com/handinhand/handinhand/storage/storagetest"
)

// Through the API: the partner's admin enrols a child and reads its protected fields back;
// the audit log holds the mutation without them; each answer carrying them is in the access
// log; the child is a node for its kindergarten and nobody else.
func TestTheRosterThroughTheAPI(t *testing.T) {
	e := demoServer(t)
	ctx := context.Background()
	in := childVars(demo.PartnerKindergarten)
	before, _, _ := e.App.Store.VerifyAccess(ctx)
	r := e.try(t, "partner", `mutation($in: ChildInput!){ saveChild(input:$in){ id name sex className idNumber address guardians { phone } kindergarten { id } } }`,
		map[string]any{"in": in})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	c := get(r.Data, "saveChild")
	if get(c, "idNumber") != in["idNumber"] || get(c, "guardians", 0, "phone") != "13900001111" || get(c, "sex") != "FEMALE" {
		t.Errorf("saved: %v", c)
	}
	id := get(c, "id").(string)
	q := `query($id:ID!){ node(id:$id){ ... on Child { id name idNumber categories guardians { name } } } }`
	if d := e.as(t, "partner", q, map[string]any{"id": id}); get(d, "node", "idNumber") != in["idNumber"] {
		t.Errorf("the partner reads %v", d)
	}
	for _, user := range []string{"supporter", "teacher", "bureau", "admin"} {
		if d := e.try(t, user, q, map[string]any{"id": id}); get(d.Data, "node") != nil {
			t.Errorf("%s reads the partner's child: %v", user, d.Data)
		}
	}
	// Two answers carried the protected fields: two access entries, one saying it was the save.
	after, problems, err := e.App.Store.VerifyAccess(ctx)
	if err != nil || len(problems) > 0 || after-before != 2 {
		t.Errorf("the access log: %d new entries, problems %v, %v", after-before, problems, err)
	}
	// The audit log holds the mutation, never the protected fields.
	d := e.as(t, "admin", `query($id:ID!){ auditLog(filter:{recordId:$id}){ edges { node { operation input } } } }`, map[string]any{"id": id})
	raw, _ := json.Marshal(d)
	if !strings.Contains(string(raw), "saveChild") || strings.Contains(string(raw), in["idNumber"].(string)) || strings.Contains(string(raw), "13900001111") {
		t.Errorf("the audit log: %s", raw)
	}
}

// A bureau reads a child's protected fields only after stating why: the reason opens that
// one child for two hours, shows in the kindergarten's access log, and then lapses.
func TestABureauOpensAChildByStatingWhyForTwoHours(t *testing.T) {
	e := demoServer(t)
	// A child of its own: the access matrix opens the demo's children to the bureau.
	child := childVars(demo.PartnerKindergarten)
	e.as(t, "partner", `mutation($in: ChildInput!){ saveChild(input:$in){ id } }`, map[string]any{"in": child})
	id := child["id"].(string)
	q := `query($id:ID!){ node(id:$id){ ... on Child { id idNumber guardians { phone } } } }`
	vars := map[string]any{"id": id}
	if d := e.try(t, "bureau", q, vars); get(d.Data, "node") != nil {
		t.Fatalf("the bureau reads the child before stating why: %v", d.Data)
	}
	open := `mutation($c:ID!, $r:String!){ openChildRecord(childId:$c, reason:$r){ id idNumber } }`
	if r := e.try(t, "bureau", open, map[string]any{"c": id, "r": "查"}); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("a reason of one character: %v", r.Errors)
	}
	reason := "核实学前资助申请：家访记录与名册不符"
	r := e.try(t, "bureau", open, map[string]any{"c": id, "r": reason})
	if len(r.Errors) > 0 || get(r.Data, "openChildRecord", "idNumber") == nil {
		t.Fatalf("opening with a reason: %+v", r)
	}
	if d := e.as(t, "bureau", q, vars); get(d, "node", "idNumber") == nil {
		t.Errorf("within the two hours the bureau reads %v", d)
	}
	// The kindergarten's admins see who opened it and why.
	log := e.as(t, "partner", `query($c:ID!){ accessLog(filter:{childId:$c}){ edges { node { reason opens role user { id } child { id } } } } }`,
		map[string]any{"c": id})
	found := false
	for _, x := range get(log, "accessLog", "edges").([]any) {
		if get(x, "node", "reason") == reason && get(x, "node", "opens") == true && get(x, "node", "role") == "BUREAU" {
			found = true
		}
	}
	if !found {
		t.Errorf("the partner's access log: %v", log)
	}
	// Two hours and a minute later the record is closed again.
	now := domain.Now
	domain.Now = func() time.Time { return now().Add(domain.OpenFor + time.Minute) }
	defer func() { domain.Now = now }()
	if d := e.try(t, "bureau", q, vars); get(d.Data, "node") != nil {
		t.Errorf("after two hours the bureau reads %v", d.Data)
	}
}

// On both stores a child's protected values never reach the store in plain text: not the
// SQLite file and its log, not MongoDB's documents (read as a backup reads them), not a
// backup; the kindergarten's admin reads them back, and the access log — read as that
// kindergarten reads it — names the read and holds none of them either.
func TestContractChildrenLeaveNoPlaintextInTheStores(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		storagetest.SkipMongoUnderRace(t, kind)
		ctx := context.Background()
		cfg := storagetest.Config(t, kind)
		store, err := storage.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		closed := false
		defer func() {
			if !closed {
				if cfg.MongoURI != "" {
					_ = store.Drop(ctx)
				}
				store.Close(ctx)
			}
		}()
		a := app.New(store, testLogger())
		if err := httpapi.SetupPhotos(ctx, a, httpapi.PhotoConfig{DataDir: t.TempDir()}); err != nil {
			t.Fatal(err)
		}
		master, err := protect.WriteNewMasterKey(filepath.Join(t.TempDir(), "master.key"))
		if err != nil {
			t.Fatal(err)
		}
		if a.Keys, err = protect.Open(ctx, store, master, protect.AES256GCM); err != nil {
			t.Fatal(err)
		}
		adm := &policy.Principal{UserID: "admin", Role: domain.RoleAdmin}
		if _, err := a.PutRegion(ctx, adm, "37", "山东省"); err != nil {
			t.Fatal(err)
		}
		k, err := a.CreateKindergarten(ctx, adm, domain.KindergartenInput{Name: "村幼儿园", RegionCode: "37", Setting: domain.SettingVillage,
			Ownership: domain.OwnershipPublic, Level: domain.LevelUnrated})
		if err != nil {
			t.Fatal(err)
		}
		head := &policy.Principal{UserID: "head", Role: domain.RoleKindergartenAdmin, KindergartenID: k.ID}
		idNumber, phone, finding := "370523202003150014", "13912340077", "父母在青岛务工，由祖母照看"
		c, err := a.SaveChild(ctx, head, domain.ChildInput{ID: newID(), KindergartenID: k.ID, Name: "王小𠮷", BirthDate: "2020-03-15",
			Class: domain.ClassMiddle, ClassName: "中二班", EnrolledOn: "2023-09-01",
			Protected: domain.ChildProtected{IDNumber: idNumber, Categories: []domain.CategoryEntry{{Kind: domain.CategoryLeftBehind, Note: finding}},
				Guardians: []domain.Guardian{{Name: "王奶奶", Relation: "祖母", Phone: phone}}}})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := store.Child(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := a.OpenChild(ctx, head, stored, app.ChildAccess{Addr: "10.0.0.7"})
		if err != nil || got == nil || got.IDNumber != idNumber || got.Guardians[0].Phone != phone {
			t.Fatalf("the admin reads back %+v %v", got, err)
		}
		page, err := a.AccessLog(ctx, head, &domain.AccessFilter{ChildID: &c.ID}, 10, "")
		if err != nil || len(page.Items) != 1 || page.Items[0].UserID != "head" || page.Items[0].Addr != "10.0.0.7" {
			t.Fatalf("the kindergarten's access log: %+v %v", page, err)
		}
		secrets := []string{idNumber, phone, finding, "王奶奶"}
		var buf bytes.Buffer
		if _, err := backup.Write(ctx, &buf, store, a.Photos); err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(zr)
		if !bytes.Contains(raw, []byte("中二班")) || !bytes.Contains(raw, []byte(c.ID)) {
			t.Fatal("the backup does not hold the child at all")
		}
		for _, s := range secrets {
			if bytes.Contains(raw, []byte(s)) {
				t.Errorf("the store's documents (as a backup reads them) hold %q", s)
			}
		}
		if cfg.MongoURI != "" {
			return
		}
		// The SQLite file and its write-ahead log, byte by byte.
		store.Close(ctx)
		closed = true
		files, _ := filepath.Glob(filepath.Join(cfg.DataDir, storage.SQLiteFile+"*"))
		if len(files) == 0 {
			t.Fatal("no SQLite file")
		}
		for _, f := range files {
			b, _ := os.ReadFile(f)
			for _, s := range secrets {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%s holds %q", filepath.Base(f), s)
				}
			}
		}
	})
}
