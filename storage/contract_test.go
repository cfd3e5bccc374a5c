package storage_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/storage"
	"github.com/handinhand/handinhand/storage/storagetest"
)

// The storage contract: every engine answers every list the same way — scopes of each
// role, each filter and sort, pages to the end, totals — and keeps the same promises on
// writes. Each test runs on SQLite and on the MongoDB implementation (FerretDB here, or
// the MongoDB at MONGODB_URI).

// world is a small county-and-city data set written through the store, with the
// records kept in memory as the oracle.
type world struct {
	kgs      []*domain.Kindergarten
	teachers []*domain.Teacher
	pairings []*domain.Pairing
	sessions []*domain.TeachingSession
	events   []*domain.TrainingEvent
	users    []*domain.User
	audit    []*domain.AuditEntry
}

var contractRegions = []string{"370502", "370523", "370523100", "370522"}

func names(i int) string {
	first := []string{"实验", "锦秋", "大王", "花官", "博昌", "稻庄", "李鹊", "陈官"}
	return first[i%len(first)] + []string{"幼儿园", "中心幼儿园", "镇幼儿园"}[i%3]
}

func buildWorld(t *testing.T, s *storage.Store) *world {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(7, 11))
	w := &world{}
	for i := range 24 {
		region := contractRegions[i%len(contractRegions)]
		k := kg(fmt.Sprintf("k%02d", i), names(i), region)
		k.Children = r.IntN(5) * 50 // ties, broken by id
		if i%3 == 0 {
			k.Setting = domain.SettingUrban
		}
		if _, _, err := s.CreateKindergarten(ctx, k); err != nil {
			t.Fatal(err)
		}
		w.kgs = append(w.kgs, k)
		for j := range 3 {
			tc := &domain.Teacher{ID: fmt.Sprintf("t%02d%d", i, j), Name: []string{"王", "李晓", "张", "刘"}[(i+j)%4] + "老师",
				KindergartenID: k.ID, RegionPath: k.RegionPath, Post: domain.Post([]string{"TEACHER", "PRINCIPAL"}[j%2]), Backbone: j == 0}
			if _, _, err := s.CreateTeacher(ctx, tc); err != nil {
				t.Fatal(err)
			}
			w.teachers = append(w.teachers, tc)
		}
	}
	for i := range 8 {
		sup := w.kgs[i*3%24]
		partners := []*domain.Kindergarten{w.kgs[(i*3+1)%24]}
		if i%2 == 0 {
			partners = append(partners, w.kgs[(i*3+2)%24])
		}
		p := &domain.Pairing{ID: fmt.Sprintf("p%d", i), Name: sup.Name + "结对", SupportingKindergartenID: sup.ID,
			Start: domain.Date(fmt.Sprintf("2025-0%d-01", 1+i%5)), End: "2027-07-31", Status: domain.PairingStatus([]string{"ACTIVE", "DRAFT", "ENDED"}[i%3])}
		scoped := []*domain.Kindergarten{sup}
		for _, pk := range partners {
			p.PartnerKindergartenIDs = append(p.PartnerKindergartenIDs, pk.ID)
			scoped = append(scoped, pk)
		}
		p.Scoped = scopeOf(scoped...)
		if _, _, err := s.CreatePairing(ctx, p); err != nil {
			t.Fatal(err)
		}
		w.pairings = append(w.pairings, p)
	}
	statuses := []domain.ConfirmationStatus{"PENDING", "CONFIRMED", "QUERIED"}
	types := []domain.SessionType{"DEMONSTRATION_CLASS", "SPECIAL_LECTURE", "MONTHLY_VISIT"}
	for i := range 160 {
		p := w.pairings[r.IntN(len(w.pairings))]
		partner := p.PartnerKindergartenIDs[r.IntN(len(p.PartnerKindergartenIDs))]
		day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(300))
		sem := "2025-2026-2"
		if day.Month() >= 8 || day.Month() == 1 {
			sem = "2026-2027-1"
		}
		sup := findKg(w, p.SupportingKindergartenID)
		pk := findKg(w, partner)
		se := &domain.TeachingSession{ID: fmt.Sprintf("s%03d", i), PairingID: p.ID, SupportingKindergartenID: sup.ID,
			PartnerKindergartenID: partner, HostKindergartenID: partner, Direction: domain.Direction([]string{"OUTBOUND", "INBOUND"}[i%2]),
			Date: domain.Date(day.Format("2006-01-02")), Semester: sem, Hours: float64(1 + r.IntN(4)), Type: types[r.IntN(3)],
			TeacherIDs: []string{"t" + sup.ID[1:] + fmt.Sprint(r.IntN(3))}, LoggedBySide: domain.Side([]string{"SUPPORTING", "PARTNER"}[r.IntN(2)]),
			Status: statuses[r.IntN(3)], Scoped: scopeOf(sup, pk)}
		if _, _, err := s.CreateTeachingSession(ctx, se); err != nil {
			t.Fatal(err)
		}
		if i%17 == 0 { // soft-deleted: in no list
			now := domain.Now()
			if _, err := s.UpdateTeachingSession(ctx, se.ID, func(x *domain.TeachingSession) error { x.DeletedAt = &now; return nil }); err != nil {
				t.Fatal(err)
			}
			se.DeletedAt = &now
		}
		w.sessions = append(w.sessions, se)
	}
	for i := range 30 {
		k := w.kgs[r.IntN(24)]
		e := &domain.TrainingEvent{ID: fmt.Sprintf("e%02d", i), Title: []string{"园本培训", "教研活动", "Spring workshop"}[i%3], Type: domain.TrainingTraining,
			OrganizerKindergartenID: k.ID, OrganizerPath: k.RegionPath, Date: domain.Date(fmt.Sprintf("2026-%02d-%02d", 1+i%12, 1+i%28)),
			Semester: "2026-2027-1", Hours: float64(i % 4), Scoped: scopeOf(k)}
		if i%5 == 0 {
			e.OrganizerKindergartenID, e.OrganizerRegionCode = "", "370523"
			e.OrganizerPath = domain.RegionPath("370523")
		}
		if _, _, err := s.CreateTrainingEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
		w.events = append(w.events, e)
	}
	for i := range 12 {
		k := w.kgs[i%24]
		u := &domain.User{ID: fmt.Sprintf("u%02d", i), Username: fmt.Sprintf("user%02d", (i*7)%12), DisplayName: names(i) + "管理员",
			Role: domain.RoleKindergartenAdmin, KindergartenID: k.ID, RegionPath: k.RegionPath}
		if i%4 == 0 {
			u.Role, u.KindergartenID, u.RegionCode, u.RegionPath = domain.RoleBureau, "", "370523", domain.RegionPath("370523")
		}
		if _, _, err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		w.users = append(w.users, u)
	}
	base := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for i := range 40 {
		k := w.kgs[i%24]
		a := &domain.AuditEntry{ID: fmt.Sprintf("a%02d", i), At: base.Add(time.Duration(i%13) * time.Hour), UserID: fmt.Sprintf("u%02d", i%3),
			Operation: []string{"logTeachingSession", "updatePairing"}[i%2], RecordID: fmt.Sprintf("s%03d", i%5), RegionPath: k.RegionPath}
		if err := s.AppendAudit(ctx, a); err != nil {
			t.Fatal(err)
		}
		w.audit = append(w.audit, a)
	}
	return w
}

func findKg(w *world, id string) *domain.Kindergarten {
	for _, k := range w.kgs {
		if k.ID == id {
			return k
		}
	}
	return nil
}

func scopeOf(ks ...*domain.Kindergarten) domain.Scoped {
	var sc domain.Scoped
	for _, k := range ks {
		sc.KindergartenIDs = append(sc.KindergartenIDs, k.ID)
		for _, r := range k.RegionPath {
			if !slices.Contains(sc.RegionPath, r) {
				sc.RegionPath = append(sc.RegionPath, r)
			}
		}
	}
	return sc
}

// roles are the scopes a list is read with: admin, a city and a county bureau, a
// township bureau, a kindergarten user (own and paired kindergartens), nobody.
func roles(w *world) map[string]domain.Scope {
	kid := w.pairings[0].SupportingKindergartenID
	paired := []string{kid}
	for _, p := range w.pairings {
		if slices.Contains(p.KindergartenIDs, kid) {
			for _, id := range p.KindergartenIDs {
				if !slices.Contains(paired, id) {
					paired = append(paired, id)
				}
			}
		}
	}
	return map[string]domain.Scope{
		"admin":    {All: true},
		"city":     {RegionCode: "3705"},
		"county":   {RegionCode: "370523"},
		"township": {RegionCode: "370523100"},
		"kg": {KindergartenID: kid, PairedKindergartenIDs: paired, OwnRegionPath: findKg(w, kid).RegionPath,
			Role: domain.RoleKindergartenAdmin, UserID: "u00"},
		"none": {},
	}
}

// pageAll reads a list to its end, size at a time, checking the pages fit together:
// no record twice, totalCount the same on every page and equal to what was read.
func pageAll[T any](t *testing.T, size int, id func(*T) string, page func(after string) (*storage.Page[T], error)) []string {
	t.Helper()
	ctx := context.Background()
	var got []string
	seen := map[string]bool{}
	after := ""
	total := -1
	for range 1000 {
		p, err := page(after)
		if err != nil {
			t.Fatal(err)
		}
		n, err := p.TotalCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if total >= 0 && n != total {
			t.Fatalf("totalCount changed between pages: %d, then %d", total, n)
		}
		total = n
		for _, v := range p.Items {
			if seen[id(v)] {
				t.Fatalf("%s listed twice", id(v))
			}
			seen[id(v)] = true
			got = append(got, id(v))
		}
		if !p.HasNext {
			if len(got) != total {
				t.Fatalf("read %d records, totalCount %d", len(got), total)
			}
			return got
		}
		if len(p.Items) != size {
			t.Fatalf("a page before the last has %d records, want %d", len(p.Items), size)
		}
		after = p.Cursors[len(p.Cursors)-1]
	}
	t.Fatal("paging does not end")
	return nil
}

// oracleOrder sorts the records that pass keep by key, ties by id, and returns ids.
func oracleOrder[T any](all []*T, keep func(*T) bool, key func(*T) string, id func(*T) string, desc bool) []string {
	var out []*T
	for _, v := range all {
		if keep(v) {
			out = append(out, v)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		ki, kj := key(out[i]), key(out[j])
		if ki != kj {
			return (ki < kj) != desc
		}
		return (id(out[i]) < id(out[j])) != desc
	})
	ids := make([]string, len(out))
	for i, v := range out {
		ids[i] = id(v)
	}
	return ids
}

func ptr[T any](v T) *T { return &v }

// sessionVisible is the oracle of a scope on pairing-owned records.
func visible(sc domain.Scope, s domain.Scoped) bool {
	switch {
	case sc.All:
		return true
	case sc.RegionCode != "":
		return slices.Contains(s.RegionPath, sc.RegionCode)
	case sc.KindergartenID != "":
		return slices.Contains(s.KindergartenIDs, sc.KindergartenID)
	}
	return false
}

func TestContractSessionListsMatchTheOracleForEveryRoleFilterAndSort(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		s := storagetest.OpenEngine(t, kind)
		w := buildWorld(t, s)
		ctx := context.Background()
		d := func(v string) *domain.Date { x := domain.Date(v); return &x }
		filters := map[string]struct {
			f    *domain.TeachingSessionFilter
			keep func(*domain.TeachingSession) bool
		}{
			"none":      {nil, func(*domain.TeachingSession) bool { return true }},
			"semester":  {&domain.TeachingSessionFilter{Semesters: []string{"2026-2027-1"}}, func(x *domain.TeachingSession) bool { return x.Semester == "2026-2027-1" }},
			"waiting":   {&domain.TeachingSessionFilter{Confirmed: ptr(false)}, func(x *domain.TeachingSession) bool { return x.Status != "CONFIRMED" }},
			"confirmed": {&domain.TeachingSessionFilter{Confirmed: ptr(true)}, func(x *domain.TeachingSession) bool { return x.Status == "CONFIRMED" }},
			"pairing":   {&domain.TeachingSessionFilter{PairingIDs: []string{"p1", "p4"}}, func(x *domain.TeachingSession) bool { return x.PairingID == "p1" || x.PairingID == "p4" }},
			"range": {&domain.TeachingSessionFilter{From: d("2026-05-01"), To: d("2026-10-31"), Types: []domain.SessionType{"MONTHLY_VISIT", "SPECIAL_LECTURE"}},
				func(x *domain.TeachingSession) bool {
					return x.Date >= "2026-05-01" && x.Date <= "2026-10-31" && (x.Type == "MONTHLY_VISIT" || x.Type == "SPECIAL_LECTURE")
				}},
			"kindergarten": {&domain.TeachingSessionFilter{KindergartenID: ptr("k04")}, func(x *domain.TeachingSession) bool { return slices.Contains(x.KindergartenIDs, "k04") }},
			"region":       {&domain.TeachingSessionFilter{RegionCode: ptr("370523100")}, func(x *domain.TeachingSession) bool { return slices.Contains(x.RegionPath, "370523100") }},
			"teacher": {&domain.TeachingSessionFilter{TeacherID: ptr("t031"), LoggedBySide: ptr(domain.Side("SUPPORTING"))},
				func(x *domain.TeachingSession) bool {
					return slices.Contains(x.TeacherIDs, "t031") && x.LoggedBySide == "SUPPORTING"
				}},
			"statuses": {&domain.TeachingSessionFilter{Statuses: []domain.ConfirmationStatus{"QUERIED"}, Directions: []domain.Direction{"INBOUND"}},
				func(x *domain.TeachingSession) bool { return x.Status == "QUERIED" && x.Direction == "INBOUND" }},
		}
		sorts := map[string]func(*domain.TeachingSession) string{
			"DATE":  func(x *domain.TeachingSession) string { return string(x.Date) },
			"HOURS": func(x *domain.TeachingSession) string { return fmt.Sprintf("%08.2f", x.Hours) },
		}
		id := func(x *domain.TeachingSession) string { return x.ID }
		checked := 0
		size := 7
		if kind == "mongodb" {
			size = 30 // FerretDB reads the whole collection for every page
		}
		for rn, sc := range roles(w) {
			for fn, f := range filters {
				for sn, key := range sorts {
					for _, desc := range []bool{false, true} {
						keep := func(x *domain.TeachingSession) bool { return x.DeletedAt == nil && visible(sc, x.Scoped) && f.keep(x) }
						want := oracleOrder(w.sessions, keep, key, id, desc)
						got := pageAll(t, size, id, func(after string) (*storage.Page[domain.TeachingSession], error) {
							return s.ListTeachingSessions(ctx, sc, f.f, sn, desc, size, after)
						})
						if !slices.Equal(got, want) {
							t.Fatalf("%s, filter %s, by %s desc=%v:\n got %v\nwant %v", rn, fn, sn, desc, got, want)
						}
						if len(want) > 0 {
							checked++
						}
					}
				}
			}
		}
		if checked < 60 {
			t.Fatalf("only %d cases had any records: the data set does not exercise the filters", checked)
		}
		var exported []string
		if err := s.EachTeachingSession(ctx, domain.Scope{RegionCode: "370523"}, nil, 0, func(x *domain.TeachingSession) error {
			exported = append(exported, x.ID)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		want := oracleOrder(w.sessions, func(x *domain.TeachingSession) bool {
			return x.DeletedAt == nil && slices.Contains(x.RegionPath, "370523")
		},
			func(x *domain.TeachingSession) string { return string(x.Date) }, id, false)
		if !slices.Equal(exported, want) {
			t.Fatalf("export of a county: %v, want %v", exported, want)
		}
	})
}

func TestContractOtherListsMatchTheOracle(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		s := storagetest.OpenEngine(t, kind)
		w := buildWorld(t, s)
		ctx := context.Background()
		for rn, sc := range roles(w) {
			kgVisible := func(k *domain.Kindergarten) bool {
				switch {
				case sc.All:
					return true
				case sc.RegionCode != "":
					return slices.Contains(k.RegionPath, sc.RegionCode)
				case sc.KindergartenID != "":
					return slices.Contains(sc.PairedKindergartenIDs, k.ID)
				}
				return false
			}
			kid := func(k *domain.Kindergarten) string { return k.ID }
			for _, c := range []struct {
				name string
				f    *domain.KindergartenFilter
				keep func(*domain.Kindergarten) bool
			}{
				{"all", nil, func(*domain.Kindergarten) bool { return true }},
				{"two Chinese characters", &domain.KindergartenFilter{NameContains: ptr("锦秋")}, func(k *domain.Kindergarten) bool { return strings.Contains(k.Name, "锦秋") }},
				{"one Chinese character", &domain.KindergartenFilter{NameContains: ptr("镇")}, func(k *domain.Kindergarten) bool { return strings.Contains(k.Name, "镇") }},
				{"setting and region", &domain.KindergartenFilter{Settings: []domain.Setting{domain.SettingUrban}, RegionCode: ptr("370523")},
					func(k *domain.Kindergarten) bool {
						return k.Setting == domain.SettingUrban && slices.Contains(k.RegionPath, "370523")
					}},
			} {
				for _, by := range []string{"NAME", "CHILDREN", "REGION"} {
					key := map[string]func(*domain.Kindergarten) string{
						"NAME":     func(k *domain.Kindergarten) string { return k.Name },
						"CHILDREN": func(k *domain.Kindergarten) string { return fmt.Sprintf("%06d", k.Children) },
						"REGION":   func(k *domain.Kindergarten) string { return k.RegionCode },
					}[by]
					for _, desc := range []bool{false, true} {
						want := oracleOrder(w.kgs, func(k *domain.Kindergarten) bool { return kgVisible(k) && c.keep(k) }, key, kid, desc)
						got := pageAll(t, 5, kid, func(after string) (*storage.Page[domain.Kindergarten], error) {
							return s.ListKindergartens(ctx, sc, c.f, by, desc, 5, after)
						})
						if !slices.Equal(got, want) {
							t.Fatalf("kindergartens as %s, %s, by %s desc=%v: got %v, want %v", rn, c.name, by, desc, got, want)
						}
					}
				}
			}
			tid := func(x *domain.Teacher) string { return x.ID }
			teacherVisible := func(x *domain.Teacher) bool {
				switch {
				case sc.All:
					return true
				case sc.RegionCode != "":
					return slices.Contains(x.RegionPath, sc.RegionCode)
				case sc.KindergartenID != "":
					return slices.Contains(sc.PairedKindergartenIDs, x.KindergartenID)
				}
				return false
			}
			want := oracleOrder(w.teachers, func(x *domain.Teacher) bool {
				return teacherVisible(x) && x.Backbone && strings.Contains(x.Name, "晓")
			},
				func(x *domain.Teacher) string { return x.Name }, tid, false)
			got := pageAll(t, 4, tid, func(after string) (*storage.Page[domain.Teacher], error) {
				return s.ListTeachers(ctx, sc, &domain.TeacherFilter{Backbone: ptr(true), NameContains: ptr("晓")}, "NAME", false, 4, after)
			})
			if !slices.Equal(got, want) {
				t.Fatalf("teachers as %s: got %v, want %v", rn, got, want)
			}
			pid := func(p *domain.Pairing) string { return p.ID }
			want = oracleOrder(w.pairings, func(p *domain.Pairing) bool { return visible(sc, p.Scoped) && p.Status != "ENDED" },
				func(p *domain.Pairing) string { return string(p.Start) }, pid, true)
			got = pageAll(t, 2, pid, func(after string) (*storage.Page[domain.Pairing], error) {
				return s.ListPairings(ctx, sc, &domain.PairingFilter{Statuses: []domain.PairingStatus{"ACTIVE", "DRAFT"}, ActiveOn: ptr(domain.Date("2026-01-01"))}, "START", true, 2, after)
			})
			if !slices.Equal(got, want) {
				t.Fatalf("pairings as %s: got %v, want %v", rn, got, want)
			}
			eid := func(e *domain.TrainingEvent) string { return e.ID }
			eventVisible := func(e *domain.TrainingEvent) bool {
				switch {
				case sc.All:
					return true
				case sc.RegionCode != "":
					return slices.Contains(e.RegionPath, sc.RegionCode)
				case sc.KindergartenID != "":
					return slices.Contains(e.KindergartenIDs, sc.KindergartenID) || (e.OrganizerRegionCode != "" && slices.Contains(sc.OwnRegionPath, e.OrganizerRegionCode))
				}
				return false
			}
			want = oracleOrder(w.events, eventVisible, func(e *domain.TrainingEvent) string { return string(e.Date) }, eid, true)
			got = pageAll(t, 3, eid, func(after string) (*storage.Page[domain.TrainingEvent], error) {
				return s.ListTrainingEvents(ctx, sc, nil, "DATE", true, 3, after)
			})
			if !slices.Equal(got, want) {
				t.Fatalf("training events as %s: got %v, want %v", rn, got, want)
			}
		}
		// Latin text is found whatever its case.
		p, err := s.ListTrainingEvents(ctx, domain.Scope{All: true}, &domain.TrainingEventFilter{TitleContains: ptr("SPRING")}, "DATE", false, 100, "")
		if err != nil || len(p.Items) != 10 {
			t.Fatalf("title contains SPRING: %d events, %v; want 10", len(p.Items), err)
		}
		uid := func(u *domain.User) string { return u.ID }
		want := oracleOrder(w.users, func(u *domain.User) bool {
			return slices.Contains(u.RegionPath, "370523") && u.Role == domain.RoleKindergartenAdmin
		},
			func(u *domain.User) string { return u.Username }, uid, false)
		got := pageAll(t, 2, uid, func(after string) (*storage.Page[domain.User], error) {
			return s.ListUsers(ctx, domain.Scope{RegionCode: "370523"}, &domain.UserFilter{Roles: []domain.Role{domain.RoleKindergartenAdmin}}, "USERNAME", false, 2, after)
		})
		if !slices.Equal(got, want) || len(want) == 0 {
			t.Fatalf("users of a county: got %v, want %v", got, want)
		}
		aid := func(a *domain.AuditEntry) string { return a.ID }
		want = oracleOrder(w.audit, func(a *domain.AuditEntry) bool { return slices.Contains(a.RegionPath, "370523") && a.UserID == "u01" },
			func(a *domain.AuditEntry) string { return a.At.Format(time.RFC3339) }, aid, true)
		got = pageAll(t, 3, aid, func(after string) (*storage.Page[domain.AuditEntry], error) {
			return s.ListAudit(ctx, "370523", &domain.AuditFilter{UserID: ptr("u01")}, 3, after)
		})
		if !slices.Equal(got, want) || len(want) == 0 {
			t.Fatalf("audit of a county by one user: got %v, want %v", got, want)
		}
		from := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
		want = oracleOrder(w.audit, func(a *domain.AuditEntry) bool { return !a.At.Before(from) && a.RecordID == "s002" },
			func(a *domain.AuditEntry) string { return a.At.Format(time.RFC3339) }, aid, true)
		got = pageAll(t, 100, aid, func(after string) (*storage.Page[domain.AuditEntry], error) {
			return s.ListAudit(ctx, "", &domain.AuditFilter{RecordID: ptr("s002"), From: &from}, 100, after)
		})
		if !slices.Equal(got, want) || len(want) == 0 {
			t.Fatalf("audit of one record since a time: got %v, want %v", got, want)
		}
		// A pairing in effect opens its kindergartens to each other; a draft does not.
		for kg, want := range map[string]string{"k00": "[k00 k01 k02]", "k03": "[k03]"} {
			paired, err := s.PairedKindergartenIDs(ctx, kg)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(paired)
			if fmt.Sprint(paired) != want {
				t.Fatalf("kindergartens paired with %s: %v, want %s", kg, paired, want)
			}
		}
	})
}

func TestContractSoftDeletedRecordsAreGoneFromReadsButKept(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		s := storagetest.OpenEngine(t, kind)
		w := buildWorld(t, s)
		ctx := context.Background()
		gone := w.sessions[0] // deleted by buildWorld
		if gone.DeletedAt == nil {
			t.Fatal("the data set has no deleted session")
		}
		if _, err := s.TeachingSession(ctx, gone.ID); domain.CodeOf(err) != domain.CodeNotFound {
			t.Fatalf("a deleted session read: %v, want NOT_FOUND", err)
		}
		if x, err := s.TeachingSessionIncludingDeleted(ctx, gone.ID); err != nil || x.DeletedAt == nil {
			t.Fatalf("the deleted session is not kept: %v", err)
		}
		if _, err := s.UpdateTeachingSession(ctx, gone.ID, func(*domain.TeachingSession) error { return nil }); domain.CodeOf(err) != domain.CodeNotFound {
			t.Fatalf("a deleted session updated: %v", err)
		}
		n, err := s.CountSessionsOf(ctx, gone.PairingID, gone.PartnerKindergartenID)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, x := range w.sessions {
			if x.DeletedAt == nil && x.PairingID == gone.PairingID && x.PartnerKindergartenID == gone.PartnerKindergartenID {
				want++
			}
		}
		if int(n) != want {
			t.Fatalf("CountSessionsOf = %d, want %d", n, want)
		}
		all, err := s.Count(ctx, storage.CollSessions)
		if err != nil || all != int64(len(w.sessions)) {
			t.Fatalf("Count of every session, deleted too: %d %v, want %d", all, err, len(w.sessions))
		}
	})
}

func TestContractCreatesAreIdempotentAndUniqueNamesHold(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		s := storagetest.OpenEngine(t, kind)
		ctx := context.Background()
		u := &domain.User{ID: "u1", Username: "wang", Role: domain.RoleTeacher, Meta: domain.Meta{InputHash: "h1", CreatedBy: "admin"}}
		if _, created, err := s.CreateUser(ctx, u); err != nil || !created {
			t.Fatalf("create: %v %v", created, err)
		}
		again := *u
		again.Meta = domain.Meta{InputHash: "h1", CreatedBy: "admin"}
		if _, created, err := s.CreateUser(ctx, &again); err != nil || created {
			t.Fatalf("the same create again: created=%v %v", created, err)
		}
		other := &domain.User{ID: "u1", Username: "li", Role: domain.RoleTeacher, Meta: domain.Meta{InputHash: "h2", CreatedBy: "admin"}}
		if _, _, err := s.CreateUser(ctx, other); domain.CodeOf(err) != domain.CodeConflict {
			t.Fatalf("another record under a used id: %v, want CONFLICT", err)
		}
		twin := &domain.User{ID: "u2", Username: "wang", Role: domain.RoleTeacher, Meta: domain.Meta{InputHash: "h3"}}
		if _, _, err := s.CreateUser(ctx, twin); domain.CodeOf(err) != domain.CodeConflict {
			t.Fatalf("a second user named wang: %v, want CONFLICT", err)
		}
		if _, _, err := s.CreateUser(ctx, &domain.User{ID: "u3", Username: "zhang", Role: domain.RoleTeacher}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateUser(ctx, "u3", func(x *domain.User) error { x.Username = "wang"; return nil }); domain.CodeOf(err) != domain.CodeConflict {
			t.Fatalf("renamed onto a taken username: %v (%v), want CONFLICT", err, errors.Unwrap(err))
		}
		if got, err := s.UserByUsername(ctx, "zhang"); err != nil || got.ID != "u3" {
			t.Fatalf("the refused rename changed the user: %v %v", got, err)
		}
		if got, err := s.UserByUsername(ctx, "wang"); err != nil || got.ID != "u1" {
			t.Fatalf("login name lookup: %v %v", got, err)
		}
		if _, err := s.UserByUsername(ctx, "nobody"); domain.CodeOf(err) != domain.CodeNotFound {
			t.Fatalf("unknown username: %v", err)
		}
		// A photo's bytes are claimed once per subject.
		if h, err := s.ClaimPhotoHash(ctx, "s1", "abc", "ph1"); err != nil || h != "ph1" {
			t.Fatalf("first claim: %v %v", h, err)
		}
		if h, err := s.ClaimPhotoHash(ctx, "s1", "abc", "ph2"); err != nil || h != "ph1" {
			t.Fatalf("second claim: %v %v, want ph1", h, err)
		}
		if err := s.ReleasePhotoHash(ctx, "s1", "abc"); err != nil {
			t.Fatal(err)
		}
		if h, _ := s.ClaimPhotoHash(ctx, "s1", "abc", "ph2"); h != "ph2" {
			t.Fatalf("after release: %v", h)
		}
		v1, err := s.Setting(ctx, "key", []byte("first"))
		if err != nil || string(v1) != "first" {
			t.Fatalf("setting: %q %v", v1, err)
		}
		if v2, _ := s.Setting(ctx, "key", []byte("second")); string(v2) != "first" {
			t.Fatalf("a setting changed by its default: %q", v2)
		}
	})
}

// Concurrent edits of one record, from two instances on one store: every edit that
// was acknowledged is in the result, and each refused one said CONFLICT.
func TestContractConcurrentEditsLoseNothing(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		a := storagetest.OpenEngine(t, kind)
		ctx := context.Background()
		b, err := storage.Open(ctx, a.Config())
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close(ctx)
		if kind == "mongodb" && os.Getenv("MONGODB_URI") == "" {
			// FerretDB applies a filtered replace as a read and a separate write, so two
			// instances can both pass the version check; MongoDB does it atomically. On
			// the stand-in, the edits come through one instance.
			b = a
		}
		if _, _, err := a.CreateKindergarten(ctx, kg("k1", "锦秋幼儿园", "370523")); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, conflicts := 0, 0
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := a
				if i%2 == 1 {
					s = b
				}
				_, err := s.UpdateKindergarten(ctx, "k1", func(k *domain.Kindergarten) error { k.Children++; return nil })
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case domain.CodeOf(err) == domain.CodeConflict:
					conflicts++
				default:
					t.Errorf("edit: %v", err)
				}
			}()
		}
		wg.Wait()
		k, err := a.Kindergarten(ctx, "k1")
		if err != nil {
			t.Fatal(err)
		}
		if k.Children != ok || k.Version != 1+ok {
			t.Fatalf("%d edits acknowledged (%d conflicts), stored children=%d version=%d", ok, conflicts, k.Children, k.Version)
		}
		if kind == "sqlite" && conflicts > 0 {
			t.Fatalf("SQLite serialises writers, yet %d edits were refused", conflicts)
		}
		t.Logf("%s: %d acknowledged, %d CONFLICT", kind, ok, conflicts)
	})
}

// An update whose change says Unchanged (a request sent again) writes nothing: the record
// comes back as stored, its version and time as they were.
func TestContractUnchangedUpdateWritesNothing(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		s := storagetest.OpenEngine(t, kind)
		ctx := context.Background()
		if _, _, err := s.CreateKindergarten(ctx, kg("k1", "锦秋幼儿园", "370523")); err != nil {
			t.Fatal(err)
		}
		before, err := s.Kindergarten(ctx, "k1")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.UpdateKindergarten(ctx, "k1", func(k *domain.Kindergarten) error { return storage.Unchanged })
		if err != nil {
			t.Fatal(err)
		}
		after, err := s.Kindergarten(ctx, "k1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != before.Version || after.Version != before.Version || !after.UpdatedAt.Equal(before.UpdatedAt) {
			t.Fatalf("version %d → returned %d, stored %d; updated %v → %v", before.Version, got.Version, after.Version, before.UpdatedAt, after.UpdatedAt)
		}
	})
}

func TestContractChangeMarkerMovesWithMarkedWrites(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		s := storagetest.OpenEngine(t, kind)
		ctx := context.Background()
		var heard []int64
		s.OnWrite(func(coll string, doc any, marker int64) { heard = append(heard, marker) })
		m0, err := s.ChangeMarker(ctx)
		if err != nil || m0 != 0 {
			t.Fatalf("marker of an empty store: %d %v", m0, err)
		}
		if _, _, err := s.CreateKindergarten(ctx, kg("k1", "A", "370523")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateKindergarten(ctx, "k1", func(k *domain.Kindergarten) error { k.Name = "B"; return nil }); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CreateTeacher(ctx, &domain.Teacher{ID: "t1", Name: "王", KindergartenID: "k1"}); err != nil {
			t.Fatal(err) // teachers' names label the TEACHER dimension: marked
		}
		if _, err := s.UpdateKindergarten(storage.Unmarked(ctx), "k1", func(k *domain.Kindergarten) error { k.Children = 5; return nil }); err != nil {
			t.Fatal(err)
		}
		m, err := s.ChangeMarker(ctx)
		if err != nil || m != 3 {
			t.Fatalf("marker after three marked writes: %d %v", m, err)
		}
		if fmt.Sprint(heard) != "[1 2 3 0]" {
			t.Fatalf("observers heard %v, want [1 2 3 0]", heard)
		}
		var since []string
		cut := time.Now().Add(-time.Minute)
		if err := s.Scan(ctx, storage.CollKindergartens, cut, func(bson.Raw) error { since = append(since, "k"); return nil }); err != nil || len(since) != 1 {
			t.Fatalf("scan since a minute ago: %v %v", since, err)
		}
		since = nil
		if err := s.Scan(ctx, storage.CollKindergartens, time.Now().Add(time.Hour), func(bson.Raw) error { since = append(since, "k"); return nil }); err != nil || len(since) != 0 {
			t.Fatalf("scan since an hour ahead: %v %v", since, err)
		}
	})
}

// On SQLite a transaction's writes are stored together or not at all, and observers
// hear only of what was stored.
func TestSQLiteTransactionKeepsAllOrNothing(t *testing.T) {
	s := storagetest.OpenEngine(t, "sqlite")
	ctx := context.Background()
	var heard int
	s.OnWrite(func(string, any, int64) { heard++ })
	boom := errors.New("boom")
	err := s.Tx(ctx, func(ctx context.Context) error {
		if _, _, err := s.CreateKindergarten(ctx, kg("k1", "A", "370523")); err != nil {
			return err
		}
		if _, err := s.UpdateKindergarten(ctx, "k1", func(k *domain.Kindergarten) error { k.Name = "B"; return nil }); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx: %v", err)
	}
	if _, err := s.Kindergarten(ctx, "k1"); domain.CodeOf(err) != domain.CodeNotFound {
		t.Fatalf("a rolled-back create is stored: %v", err)
	}
	if m, _ := s.ChangeMarker(ctx); m != 0 || heard != 0 {
		t.Fatalf("a rolled-back write moved the marker to %d and was heard %d times", m, heard)
	}
	if err := s.Tx(ctx, func(ctx context.Context) error {
		_, _, err := s.CreateKindergarten(ctx, kg("k1", "A", "370523"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.ChangeMarker(ctx); m != 1 || heard != 1 {
		t.Fatalf("a committed write: marker %d, heard %d", m, heard)
	}
}

// Photos that repeat one another are found by the same bytes or a shared part of the
// perceptual hash, within a county only; flagged photos list by region and semester,
// latest lessons first, to the end.
func TestContractSimilarAndFlaggedPhotos(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		s := storagetest.OpenEngine(t, kind)
		ctx := context.Background()
		mk := func(id, county, sha string, bands []string, flags []domain.PhotoFlagKind, day string, status domain.PhotoStatus) {
			t.Helper()
			d := domain.Date(day)
			p := &domain.Photo{ID: id, SubjectKind: domain.SubjectTeachingSession, SubjectID: "s-" + id, Status: status, SHA256: sha,
				PHashBands: bands, Flags: flags, SubjectDate: d, Semester: domain.SemesterOf(d), Month: d.Month(),
				Scoped: domain.Scoped{RegionPath: domain.RegionPath(county + "101")}}
			if _, _, err := s.CreatePhoto(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		mk("a", "370523", "sha-a", []string{"0:1", "1:2"}, nil, "2026-10-09", domain.PhotoReady)
		mk("b", "370523", "sha-b", []string{"0:9", "1:2"}, []domain.PhotoFlagKind{domain.FlagReused}, "2026-10-20", domain.PhotoReady)
		mk("c", "370522", "sha-a", []string{"0:1"}, []domain.PhotoFlagKind{domain.FlagCaptureDateFar}, "2026-11-02", domain.PhotoReady)
		mk("d", "370523", "sha-a", nil, nil, "2026-10-01", domain.PhotoPending)
		mk("e", "370523", "sha-e", []string{"0:7"}, []domain.PhotoFlagKind{domain.FlagCaptureDateFar, domain.FlagReused}, "2026-03-05", domain.PhotoReady)
		ids := func(ps []*domain.Photo) []string {
			var out []string
			for _, p := range ps {
				out = append(out, p.ID)
			}
			slices.Sort(out)
			return out
		}
		got, err := s.SimilarPhotos(ctx, "370523", "sha-a", []string{"1:2"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if g := ids(got); !slices.Equal(g, []string{"a", "b"}) {
			t.Errorf("similar in 370523 by bytes or band: %v, want [a b] (c is in another county, d not ready)", g)
		}
		got, _ = s.SimilarPhotos(ctx, "37", "sha-a", nil, 10)
		if g := ids(got); !slices.Equal(g, []string{"a", "c"}) {
			t.Errorf("similar in the province by bytes: %v, want [a c]", g)
		}
		var order []string
		after := ""
		for {
			page, err := s.ListFlaggedPhotos(ctx, "37", "", 1, after)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range page.Items {
				order = append(order, p.ID)
			}
			if !page.HasNext {
				break
			}
			after = page.Cursors[len(page.Cursors)-1]
		}
		if !slices.Equal(order, []string{"c", "b", "e"}) {
			t.Errorf("flagged photos page by page: %v, want [c b e]", order)
		}
		page, err := s.ListFlaggedPhotos(ctx, "370523", "2026-2027-1", 10, "")
		if err != nil {
			t.Fatal(err)
		}
		if g := ids(page.Items); !slices.Equal(g, []string{"b"}) {
			t.Errorf("flagged in 370523 this semester: %v, want [b]", g)
		}
		if n, err := page.TotalCount(ctx); err != nil || n != 1 {
			t.Errorf("total: %d %v", n, err)
		}
	})
}

// The records browser's photos: ready ones only, in the caller's scope, by each filter,
// the latest records first, page by page to the end with a total.
func TestContractListPhotos(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		s := storagetest.OpenEngine(t, kind)
		ctx := context.Background()
		mk := func(id, county, kg, pairing string, sk domain.SubjectKind, day string, status domain.PhotoStatus, flags ...domain.PhotoFlagKind) {
			t.Helper()
			d := domain.Date(day)
			p := &domain.Photo{ID: id, SubjectKind: sk, SubjectID: "s-" + id, PairingID: pairing, Status: status, Flags: flags,
				SubjectDate: d, Semester: domain.SemesterOf(d), Month: d.Month(),
				Scoped: domain.Scoped{RegionPath: domain.RegionPath(county + "101"), KindergartenIDs: []string{kg, "city-kg"}}}
			if _, _, err := s.CreatePhoto(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		lesson, event := domain.SubjectTeachingSession, domain.SubjectTrainingEvent
		mk("p1", "370523", "kg-a", "pr-1", lesson, "2026-09-10", domain.PhotoReady)
		mk("p2", "370523", "kg-a", "pr-1", lesson, "2026-11-20", domain.PhotoReady, domain.FlagReused)
		mk("p3", "370523", "kg-b", "", event, "2026-10-15", domain.PhotoReady)
		mk("p4", "370522", "kg-c", "pr-2", lesson, "2026-10-01", domain.PhotoReady)
		mk("p5", "370523", "kg-a", "pr-1", lesson, "2026-10-02", domain.PhotoPending)
		mk("p6", "370523", "kg-a", "pr-1", lesson, "2026-03-02", domain.PhotoReady)
		all := func(sc domain.Scope, f *domain.PhotoFilter) []string {
			t.Helper()
			var out []string
			after := ""
			for {
				page, err := s.ListPhotos(ctx, sc, f, 2, after)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range page.Items {
					out = append(out, p.ID)
				}
				if !page.HasNext {
					if n, err := page.TotalCount(ctx); err != nil || int(n) != len(out) {
						t.Errorf("total %d (%v), listed %d", n, err, len(out))
					}
					return out
				}
				after = page.Cursors[len(page.Cursors)-1]
			}
		}
		str := func(v string) *string { return &v }
		yes := true
		from, to := domain.Date("2026-10-01"), domain.Date("2026-10-31")
		for _, c := range []struct {
			name string
			sc   domain.Scope
			f    *domain.PhotoFilter
			want []string
		}{
			{"admin, all", domain.Scope{All: true}, nil, []string{"p2", "p3", "p4", "p1", "p6"}},
			{"county bureau", domain.Scope{RegionCode: "370523"}, nil, []string{"p2", "p3", "p1", "p6"}},
			{"kindergarten", domain.Scope{KindergartenID: "kg-c"}, nil, []string{"p4"}},
			{"no scope", domain.Scope{}, nil, nil},
			{"county filter", domain.Scope{RegionCode: "37"}, &domain.PhotoFilter{RegionCode: str("370522")}, []string{"p4"}},
			{"kindergarten filter", domain.Scope{All: true}, &domain.PhotoFilter{KindergartenID: str("kg-a")}, []string{"p2", "p1", "p6"}},
			{"pairing", domain.Scope{All: true}, &domain.PhotoFilter{PairingIDs: []string{"pr-2"}}, []string{"p4"}},
			{"semester", domain.Scope{All: true}, &domain.PhotoFilter{Semesters: []string{"2025-2026-2"}}, []string{"p6"}},
			{"month", domain.Scope{All: true}, &domain.PhotoFilter{From: &from, To: &to}, []string{"p3", "p4"}},
			{"events", domain.Scope{All: true}, &domain.PhotoFilter{SubjectKinds: []domain.SubjectKind{event}}, []string{"p3"}},
			{"flagged", domain.Scope{RegionCode: "370523"}, &domain.PhotoFilter{FlaggedOnly: &yes}, []string{"p2"}},
		} {
			if got := all(c.sc, c.f); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
	})
}

// Lesson grades: created once per id, listed by scope and each filter, newest first, to
// the end; a deleted one is gone from lists.
func TestContractLessonGrades(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		s := storagetest.OpenEngine(t, kind)
		ctx := context.Background()
		mk := func(id, county, partner, pairing, teacher, day string, g domain.LessonGradeValue) {
			t.Helper()
			d := domain.Date(day)
			lg := &domain.LessonGrade{ID: id, PairingID: pairing, SupportingKindergartenID: "city-kg", PartnerKindergartenID: partner,
				TeacherID: teacher, Date: d, Semester: domain.SemesterOf(d), Grade: g,
				Scoped: domain.Scoped{RegionPath: domain.RegionPath(county + "101"), KindergartenIDs: []string{"city-kg", partner}}}
			lg.InputHash = "h-" + id
			if _, created, err := s.CreateLessonGrade(ctx, lg); err != nil || !created {
				t.Fatalf("create %s: %v %v", id, created, err)
			}
			again := *lg
			if _, created, err := s.CreateLessonGrade(ctx, &again); err != nil || created {
				t.Fatalf("the same grade again: %v %v", created, err)
			}
		}
		mk("g1", "370523", "kg-a", "pr-1", "t-1", "2026-09-20", domain.GradeExcellent)
		mk("g2", "370523", "kg-a", "pr-1", "t-2", "2026-10-20", domain.GradeGood)
		mk("g3", "370523", "kg-b", "pr-2", "t-3", "2026-11-02", domain.GradeFail)
		mk("g4", "370522", "kg-c", "pr-3", "t-4", "2026-03-02", domain.GradePass)
		if _, err := s.UpdateLessonGrade(ctx, "g3", func(g *domain.LessonGrade) error { now := domain.Now(); g.DeletedAt = &now; return nil }); err != nil {
			t.Fatal(err)
		}
		all := func(sc domain.Scope, f *domain.LessonGradeFilter) []string {
			t.Helper()
			var out []string
			after := ""
			for {
				page, err := s.ListLessonGrades(ctx, sc, f, 1, after)
				if err != nil {
					t.Fatal(err)
				}
				for _, g := range page.Items {
					out = append(out, g.ID)
				}
				if !page.HasNext {
					if n, err := page.TotalCount(ctx); err != nil || int(n) != len(out) {
						t.Errorf("total %d (%v), listed %d", n, err, len(out))
					}
					return out
				}
				after = page.Cursors[len(page.Cursors)-1]
			}
		}
		str := func(v string) *string { return &v }
		for _, c := range []struct {
			name string
			sc   domain.Scope
			f    *domain.LessonGradeFilter
			want []string
		}{
			{"admin", domain.Scope{All: true}, nil, []string{"g2", "g1", "g4"}},
			{"county bureau", domain.Scope{RegionCode: "370523"}, nil, []string{"g2", "g1"}},
			{"partner", domain.Scope{KindergartenID: "kg-c"}, nil, []string{"g4"}},
			{"pairing", domain.Scope{All: true}, &domain.LessonGradeFilter{PairingIDs: []string{"pr-1"}}, []string{"g2", "g1"}},
			{"teacher", domain.Scope{All: true}, &domain.LessonGradeFilter{TeacherID: str("t-1")}, []string{"g1"}},
			{"kindergarten", domain.Scope{All: true}, &domain.LessonGradeFilter{KindergartenID: str("kg-c")}, []string{"g4"}},
			{"semester", domain.Scope{All: true}, &domain.LessonGradeFilter{Semesters: []string{"2026-2027-1"}}, []string{"g2", "g1"}},
			{"grade", domain.Scope{All: true}, &domain.LessonGradeFilter{Grades: []domain.LessonGradeValue{domain.GradePass, domain.GradeGood}}, []string{"g2", "g4"}},
		} {
			if got := all(c.sc, c.f); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
	})
}

// Teachers who left stay, and a filter keeps them out of what is offered for choosing.
func TestContractTeachersWhoLeft(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		s := storagetest.OpenEngine(t, kind)
		ctx := context.Background()
		left := domain.Date("2026-10-31")
		for i, name := range []string{"在职甲", "离职乙", "在职丙"} {
			tc := &domain.Teacher{ID: fmt.Sprintf("t%d", i), Name: name, KindergartenID: "kg", Post: domain.PostTeacher, RegionPath: []string{"37"}}
			if name == "离职乙" {
				tc.LeftOn = &left
			}
			if _, _, err := s.CreateTeacher(ctx, tc); err != nil {
				t.Fatal(err)
			}
		}
		names := func(current *bool) []string {
			page, err := s.ListTeachers(ctx, domain.Scope{All: true}, &domain.TeacherFilter{Current: current}, "", false, 10, "")
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, x := range page.Items {
				out = append(out, x.Name)
			}
			slices.Sort(out)
			return out
		}
		yes, no := true, false
		if g := names(&yes); !slices.Equal(g, []string{"在职丙", "在职甲"}) {
			t.Errorf("current teachers: %v", g)
		}
		if g := names(&no); !slices.Equal(g, []string{"离职乙"}) {
			t.Errorf("teachers who left: %v", g)
		}
		if g := names(nil); len(g) != 3 {
			t.Errorf("all teachers: %v", g)
		}
	})
}
