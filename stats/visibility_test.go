package stats_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/stats"
	"github.com/handinhand/handinhand/stats/statsgen"
	"github.com/handinhand/handinhand/storage/storagetest"
)

// Who sees what is decided by one rule (domain.Scope), which the policy asks of a record,
// the statistics index asks of its pairings and kindergartens, and storage writes as query
// conditions. Over a generated world of regions, kindergartens, pairings and sessions,
// every role's three answers agree: the records storage lists are those the policy lets
// it see; the pairings and kindergartens a statistics filter takes are those too; and the
// sessions the statistics count are those the policy shows.
func TestTheThreeHomesOfVisibilityAgree(t *testing.T) {
	ctx := context.Background()
	store := storagetest.Open(t)
	var docs []any
	if err := statsgen.Generate(rand.New(rand.NewPCG(21, 8)), smallSpec, func(d any) error { docs = append(docs, d); return nil }); err != nil {
		t.Fatal(err)
	}
	var (
		kgs      []*domain.Kindergarten
		pairings []*domain.Pairing
		sessions []*domain.TeachingSession
		regions  []string
	)
	for _, d := range docs {
		if err := put(ctx, store, d); err != nil {
			t.Fatal(err)
		}
		switch x := d.(type) {
		case *domain.Region:
			regions = append(regions, x.Code)
		case *domain.Kindergarten:
			kgs = append(kgs, x)
		case *domain.Pairing:
			pairings = append(pairings, x)
		case *domain.TeachingSession:
			sessions = append(sessions, x)
		}
	}
	live, _, err := stats.Open(ctx, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Every kind of caller: the admin, a bureau at every level, the staff of a sample of
	// kindergartens (supporting and partner sides), and a bureau without a region.
	callers := []*policy.Principal{{UserID: "admin", Role: domain.RoleAdmin}, {UserID: "lost", Role: domain.RoleBureau}}
	for _, c := range regions {
		callers = append(callers, &policy.Principal{UserID: "bureau-" + c, Role: domain.RoleBureau, RegionCode: c})
	}
	for i, k := range kgs {
		if i%7 != 0 {
			continue
		}
		paired, err := store.PairedKindergartenIDs(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, role := range []domain.Role{domain.RoleKindergartenAdmin, domain.RoleTeacher} {
			callers = append(callers, &policy.Principal{UserID: "staff-" + k.ID, Role: role, KindergartenID: k.ID, OwnRegionPath: k.RegionPath,
				Paired: func() ([]string, error) { return paired, nil }})
		}
	}
	checked := 0
	for _, p := range callers {
		who := fmt.Sprintf("%s %s%s", p.Role, p.RegionCode, p.KindergartenID)
		sc, err := policy.Scope(p)
		if err != nil { // a bureau without a region is nobody's caller: it sees nothing
			sc = domain.Scope{}
		}
		// Pairings: storage's list, the policy, and what a statistics filter takes.
		var listed []string
		for after := ""; ; {
			page, err := store.ListPairings(ctx, sc, nil, "", false, 100, after)
			if err != nil {
				t.Fatal(err)
			}
			for _, pr := range page.Items {
				listed = append(listed, pr.ID)
			}
			if !page.HasNext {
				break
			}
			after = page.Cursors[len(page.Cursors)-1]
		}
		var seen []string
		for _, pr := range pairings {
			sees := policy.SeesRecord(p, pr.Scoped)
			if sees {
				seen = append(seen, pr.ID)
			}
			_, err := live.Run(sc, stats.Query{Subject: stats.SubjectSessions, Measures: []stats.Measure{stats.Count},
				Filter: stats.Filter{PairingIDs: []string{pr.ID}}})
			if takes := err == nil; takes != sees {
				t.Errorf("%s: the statistics take pairing %s as a filter: %v (%v); the policy shows it: %v", who, pr.ID, takes, err, sees)
			}
			checked++
		}
		slices.Sort(listed)
		slices.Sort(seen)
		if !slices.Equal(listed, seen) {
			t.Errorf("%s: storage lists %d pairings, the policy shows %d", who, len(listed), len(seen))
		}
		// Kindergartens: the same three.
		listed = listed[:0]
		if err := store.EachKindergarten(ctx, sc, func(k *domain.Kindergarten) error { listed = append(listed, k.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		seen = seen[:0]
		for _, k := range kgs {
			sees, err := policy.SeesKindergarten(p, k)
			if err != nil {
				t.Fatal(err)
			}
			if sees {
				seen = append(seen, k.ID)
			}
			_, err = live.Run(sc, stats.Query{Subject: stats.SubjectAttendance, Measures: []stats.Measure{stats.Count},
				Filter: stats.Filter{KindergartenIDs: []string{k.ID}}})
			var de *domain.Error
			if takes := err == nil; takes != sees && !(errors.As(err, &de) && de.Code != domain.CodeForbidden) {
				t.Errorf("%s: the statistics take kindergarten %s as a filter: %v (%v); the policy shows it: %v", who, k.ID, takes, err, sees)
			}
			checked++
		}
		slices.Sort(listed)
		slices.Sort(seen)
		if !slices.Equal(listed, seen) {
			t.Errorf("%s: storage lists %d kindergartens, the policy shows %d", who, len(listed), len(seen))
		}
		// Sessions: storage's count, the policy's, and the statistics' count.
		want := 0
		for _, s := range sessions {
			if policy.SeesRecord(p, s.Scoped) {
				want++
			}
		}
		n := 0
		if err := store.EachTeachingSession(ctx, sc, nil, 0, func(*domain.TeachingSession) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		counted := 0
		res, err := live.Run(sc, stats.Query{Subject: stats.SubjectSessions, Measures: []stats.Measure{stats.Count}})
		switch {
		case err == nil && res.Total.Values[0] != nil:
			counted = int(*res.Total.Values[0])
		case err != nil && domain.CodeOf(err) != domain.CodeUnauthenticated:
			t.Fatal(err)
		}
		if n != want || counted != want {
			t.Errorf("%s: storage lists %d sessions, the statistics count %d, the policy shows %d", who, n, counted, want)
		}
	}
	t.Logf("%d callers, %d pairing and kindergarten decisions compared", len(callers), checked)
}
