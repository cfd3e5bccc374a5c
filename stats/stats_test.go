package stats_test

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/stats"
	"github.com/handinhand/handinhand/stats/statsgen"
	"github.com/handinhand/handinhand/storage"
	"github.com/handinhand/handinhand/storage/storagetest"
)

var zeroTime time.Time

// put writes one generated record through the store's ordinary create methods.
func put(ctx context.Context, s *storage.Store, doc any) error {
	var err error
	switch d := doc.(type) {
	case *domain.Region:
		err = s.PutRegion(ctx, d)
	case *domain.Kindergarten:
		_, _, err = s.CreateKindergarten(ctx, d)
	case *domain.Pairing:
		_, _, err = s.CreatePairing(ctx, d)
	case *domain.TrainingEvent:
		_, _, err = s.CreateTrainingEvent(ctx, d)
	case *domain.TeachingSession:
		_, _, err = s.CreateTeachingSession(ctx, d)
	case *domain.Photo:
		_, _, err = s.CreatePhoto(ctx, d)
	}
	return err
}

var smallSpec = statsgen.Spec{Provinces: 2, CitiesPerProvince: 2, CountiesPerCity: 3, Kindergartens: 80,
	TeachersPerKindergarten: 4, Pairings: 40, Sessions: 900, Events: 40, AttendeesPerEvent: 8, Photos: 250,
	FirstYear: 2024, Years: 2}

// TestRandomQueriesMatchRecomputation writes random records (half before the index is
// loaded, half after, then edits and deletes some), and checks 1,200 random queries
// as random callers against a plain recomputation from the stored documents.
func TestRandomQueriesMatchRecomputation(t *testing.T) {
	ctx := context.Background()
	store := storagetest.Open(t)
	r := rand.New(rand.NewPCG(7, 11))
	// The index clusters its rows when it loads; with this, it clusters the rows written
	// after that again at the first query (and edits before then find clustered rows).
	defer stats.SetClusterMin(50)()
	var docs []any
	if err := statsgen.Generate(r, smallSpec, func(d any) error { docs = append(docs, d); return nil }); err != nil {
		t.Fatal(err)
	}
	// Dimensions and the first half of the facts are stored before the index loads.
	split := 0
	for i, d := range docs {
		if _, ok := d.(*domain.TeachingSession); ok {
			split = i + 450
			break
		}
	}
	for _, d := range docs[:split] {
		if err := put(ctx, store, d); err != nil {
			t.Fatal(err)
		}
	}
	live, rep, err := stats.Open(ctx, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %s", rep)
	if rep.Size.Sessions != 450 {
		t.Fatalf("loaded %d sessions, want 450", rep.Size.Sessions)
	}
	for _, d := range docs[split:] {
		if err := put(ctx, store, d); err != nil {
			t.Fatal(err)
		}
	}
	// A query now clusters the rows written since the load, so that the edits below find
	// rows and photo buckets that have moved.
	if _, err := live.Run(domain.Scope{All: true}, stats.Query{Subject: stats.SubjectPhotos, Measures: []stats.Measure{stats.Count}}); err != nil {
		t.Fatal(err)
	}
	editSome(t, ctx, store, r)

	w, err := readWorld(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	// A second index loaded from scratch must agree with the one that followed the writes.
	fresh, _, err := stats.Open(ctx, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	callers := scopes(ctx, t, store, w, r)
	failures, forbidden, nonEmpty, grouped := 0, 0, 0, 0
	for i := 0; i < 1200; i++ {
		sc := callers[r.IntN(len(callers))]
		q := randomQuery(r, w, sc)
		topN := i%5 == 0 && len(q.GroupBy) > 0
		if topN { // top 3 by the first measure, largest first
			three := 3
			q.Limit = &three
			q.OrderBy = []stats.Order{{Measure: &q.Measures[0], Desc: true}}
		}
		want := w.expect(sc, q)
		ix := live.Index
		if i%2 == 1 {
			ix = fresh.Index
		}
		restore := func() {}
		switch i % 3 { // distinct counts: no bitsets at all (a few ids inline, then pairs), or room for one
		case 0:
			restore = stats.SetDistinctBudget(0)
		case 1:
			restore = stats.SetDistinctBudget(3)
		}
		if i%4 < 2 { // the scan split between cores, however few the rows
			undo := restore
			restoreRows := stats.SetParallelRows(2, 1+r.IntN(40))
			restore = func() { restoreRows(); undo() }
			if i%8 < 2 { // by groups rather than by rows
				undo := restore
				restoreSplit := stats.SetSplit(0, 1<<20)
				restore = func() { restoreSplit(); undo() }
			}
		}
		switch i % 7 { // groups found in the hash table: for every key, or once a few pages are used
		case 0, 1:
			undo, restorePaging := restore, stats.SetPaging(0, 0)
			restore = func() { restorePaging(); undo() }
		case 2, 3:
			undo, restorePaging := restore, stats.SetPaging(1<<28, r.IntN(3))
			restore = func() { restorePaging(); undo() }
		}
		got, err := ix.Run(sc, q)
		restore()
		switch {
		case want.code != "":
			forbidden++
		case want.facts > 0:
			nonEmpty++
			if len(want.rows) > 1 {
				grouped++
			}
		}
		d := compare(q, got, err, want)
		if d == "" && topN && want.code == "" {
			d = checkTop(got, want)
		}
		if d != "" {
			failures++
			if failures <= 10 {
				t.Errorf("query %d as %+v: %+v\n%s", i, sc, q, d)
			}
		}
	}
	if failures > 0 {
		t.Fatalf("%d of 1200 queries differ from the recomputation", failures)
	}
	t.Logf("1200 queries: %d answered with facts (%d with several rows), %d FORBIDDEN", nonEmpty, grouped, forbidden)
	// The draw must exercise real answers and refusals, not mostly empty ones.
	if nonEmpty < 600 || grouped < 300 || forbidden < 30 {
		t.Fatalf("too few informative queries: %d with facts, %d grouped, %d forbidden", nonEmpty, grouped, forbidden)
	}
}

// editSome confirms, queries, edits and deletes records after the index has loaded.
func editSome(t *testing.T, ctx context.Context, store *storage.Store, r *rand.Rand) {
	t.Helper()
	for i := 0; i < 60; i++ {
		id := statsgen.ID("s", r.IntN(smallSpec.Sessions))
		_, err := store.UpdateTeachingSession(ctx, id, func(s *domain.TeachingSession) error {
			switch i % 4 {
			case 0:
				now := time.Now()
				s.DeletedAt = &now
			case 1:
				s.Status = domain.ConfirmationConfirmed
				rating := 5
				s.Rating = &rating
			case 2:
				s.Hours, s.Domains, s.TeacherIDs = 3.5, []domain.Domain{domain.DomainArt}, nil
			case 3:
				s.Status = domain.ConfirmationQueried
			}
			return nil
		})
		if err != nil && domain.CodeOf(err) != domain.CodeNotFound {
			t.Fatal(err)
		}
	}
	for i := 0; i < 8; i++ {
		id := statsgen.ID("ev", r.IntN(smallSpec.Events))
		_, err := store.UpdateTrainingEvent(ctx, id, func(e *domain.TrainingEvent) error {
			if i%3 == 0 {
				now := time.Now()
				e.DeletedAt = &now
			} else if len(e.Attendance) > 2 {
				e.Attendance = e.Attendance[1:]
			}
			return nil
		})
		if err != nil && domain.CodeOf(err) != domain.CodeNotFound {
			t.Fatal(err)
		}
	}
	for i := 0; i < 20; i++ {
		id := statsgen.ID("ph", r.IntN(smallSpec.Photos))
		_, err := store.UpdatePhoto(ctx, id, func(p *domain.Photo) error {
			if i%2 == 0 {
				now := time.Now()
				p.DeletedAt = &now
			} else {
				p.Status = domain.PhotoReady
			}
			return nil
		})
		if err != nil && domain.CodeOf(err) != domain.CodeNotFound {
			t.Fatal(err)
		}
	}
	// A kindergarten moves county; its facts follow it.
	if _, err := store.UpdateKindergarten(ctx, statsgen.ID("kg", 3), func(k *domain.Kindergarten) error {
		k.RegionCode, k.RegionPath = "310121", domain.RegionPath("310121")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// regionCode draws a region of the world: a province, city or county three times in
// four, else any region, townships included (few kindergartens are registered at one).
func regionCode(r *rand.Rand, w *world) string {
	codes := sortedKeys(w.regions)
	if r.IntN(4) > 0 {
		codes = slices.DeleteFunc(codes, func(c string) bool { return len(c) > 6 })
	}
	return codes[r.IntN(len(codes))]
}

// scopes returns callers of every kind: an admin, bureaus at each level, and
// kindergarten users with the kindergartens they are paired with.
func scopes(ctx context.Context, t *testing.T, store *storage.Store, w *world, r *rand.Rand) []domain.Scope {
	out := []domain.Scope{{All: true, Role: domain.RoleAdmin}}
	for i := 0; i < 8; i++ {
		out = append(out, domain.Scope{RegionCode: regionCode(r, w), Role: domain.RoleBureau})
	}
	kgs := sortedKeys(w.kgs)
	for i := 0; i < 8; i++ {
		k := kgs[r.IntN(len(kgs))]
		paired, err := store.PairedKindergartenIDs(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, domain.Scope{KindergartenID: k, PairedKindergartenIDs: paired, Role: domain.RoleKindergartenAdmin})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func pick[T any](r *rand.Rand, all []T, max int) []T {
	n := 1 + r.IntN(max)
	out := []T{}
	for i := 0; i < n; i++ {
		v := all[r.IntN(len(all))]
		if !slices.ContainsFunc(out, func(x T) bool { return any(x) == any(v) }) {
			out = append(out, v)
		}
	}
	return out
}

var (
	subjectMeasures = map[stats.Subject][]stats.Measure{
		stats.SubjectSessions:   {stats.Count, stats.Hours, stats.Attendees, stats.AvgRating, stats.DistinctTeachers, stats.DistinctKindergartens, stats.DistinctPairings},
		stats.SubjectAttendance: {stats.Count, stats.Hours, stats.DistinctTeachers, stats.DistinctKindergartens},
		stats.SubjectPhotos:     {stats.Count, stats.DistinctKindergartens, stats.DistinctPairings},
	}
	subjectDims = map[stats.Subject][]stats.Dimension{
		stats.SubjectSessions: {stats.Province, stats.City, stats.County, stats.SemesterDim, stats.MonthDim, stats.SessionTypeDim,
			stats.DomainDim, stats.PairingDim, stats.SupportingKindergarten, stats.PartnerKindergarten, stats.ConfirmedDim,
			stats.DirectionDim, stats.KindergartenDim, stats.SettingDim, stats.TeacherDim},
		stats.SubjectAttendance: {stats.Province, stats.City, stats.County, stats.SemesterDim, stats.MonthDim, stats.TrainingTypeDim,
			stats.KindergartenDim, stats.SettingDim, stats.TeacherDim},
		stats.SubjectPhotos: {stats.Province, stats.City, stats.County, stats.SemesterDim, stats.MonthDim, stats.PairingDim,
			stats.SupportingKindergarten, stats.PartnerKindergarten, stats.KindergartenDim, stats.SettingDim},
	}
)

// randomQuery draws a query the subject supports, with random filters; some name ids
// or regions outside the caller's scope.
func randomQuery(r *rand.Rand, w *world, sc domain.Scope) stats.Query {
	q := stats.Query{Subject: stats.AllSubjects[r.IntN(3)]}
	q.Measures = pick(r, subjectMeasures[q.Subject], 4)
	if n := r.IntN(4); n > 0 {
		q.GroupBy = pick(r, subjectDims[q.Subject], n)
	}
	limit := stats.MaxRowLimit
	q.Limit = &limit
	f := &q.Filter
	if r.IntN(3) == 0 {
		c := regionCode(r, w)
		if sc.RegionCode != "" && r.IntN(3) > 0 {
			c = sc.RegionCode + c[min(len(sc.RegionCode), len(c)):]
			if _, ok := w.regions[c]; !ok {
				c = sc.RegionCode
			}
		}
		f.RegionCode = &c
	}
	if r.IntN(3) == 0 {
		f.Semesters = pick(r, []string{"2024-2025-1", "2024-2025-2", "2025-2026-1", "2025-2026-2"}, 2)
	}
	if r.IntN(4) == 0 {
		from := domain.Date(fmt.Sprintf("2025-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)))
		f.From = &from
		if r.IntN(2) == 0 {
			to := domain.Date(fmt.Sprintf("2025-%02d-28", 1+r.IntN(12)))
			if to >= from {
				f.To = &to
			}
		}
	}
	switch q.Subject {
	case stats.SubjectSessions:
		if r.IntN(4) == 0 {
			f.SessionTypes = pick(r, domain.AllSessionTypes, 3)
		}
		if r.IntN(5) == 0 {
			f.Domains = pick(r, domain.AllDomains, 2)
		}
		if r.IntN(6) == 0 {
			f.Directions = pick(r, domain.AllDirections, 1)
		}
		if r.IntN(4) == 0 {
			c := r.IntN(2) == 0
			f.Confirmed = &c
		}
	case stats.SubjectAttendance:
		if r.IntN(4) == 0 {
			f.TrainingTypes = pick(r, domain.AllTrainingTypes, 2)
		}
	}
	if r.IntN(5) == 0 {
		f.Settings = pick(r, domain.AllSettings, 2)
	}
	if q.Subject != stats.SubjectAttendance && r.IntN(6) == 0 {
		f.PairingIDs = pick(r, sortedKeys(w.pairings), 3)
	}
	if r.IntN(6) == 0 {
		f.KindergartenIDs = pick(r, sortedKeys(w.kgs), 3)
	}
	return q
}

// checkTop checks a top-3 answer: the first measure's values are the three largest of
// all groups, in order.
func checkTop(got *stats.Result, want answer) string {
	var all []float64
	for _, v := range want.rows {
		if v[0] != nil {
			all = append(all, *v[0])
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(all)))
	for i := 0; i < min(3, len(want.rows)); i++ {
		if i >= len(got.Rows) {
			return fmt.Sprintf("top rows: %d, want %d", len(got.Rows), min(3, len(want.rows)))
		}
		v := got.Rows[i].Values[0]
		switch {
		case i < len(all) && (v == nil || math.Abs(*v-all[i]) > 1e-6*max(1, all[i])):
			return fmt.Sprintf("top row %d: %v, want %v", i, fmtp(v), all[i])
		case i >= len(all) && v != nil:
			return fmt.Sprintf("top row %d: %v, want null", i, *v)
		}
	}
	if len(got.Rows) > 3 {
		return fmt.Sprintf("%d rows beyond the limit of 3", len(got.Rows))
	}
	return ""
}

// Rows grouped by kindergarten or pairing come in the order of their names, then ids,
// unknown last; after a kindergarten is renamed, its rows move to where the new name
// sorts.
func TestRowsInOrderOfNames(t *testing.T) {
	ctx := context.Background()
	store := storagetest.Open(t)
	if err := statsgen.Generate(rand.New(rand.NewPCG(3, 5)), smallSpec, func(d any) error { return put(ctx, store, d) }); err != nil {
		t.Fatal(err)
	}
	live, _, err := stats.Open(ctx, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	inOrder := func(dim stats.Dimension, first string) {
		t.Helper()
		res, err := live.Run(domain.Scope{All: true, Role: domain.RoleAdmin}, stats.Query{Subject: stats.SubjectSessions,
			Measures: []stats.Measure{stats.Count}, GroupBy: []stats.Dimension{dim}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Rows) < 10 {
			t.Fatalf("%s: only %d rows", dim, len(res.Rows))
		}
		for i := 1; i < len(res.Rows); i++ {
			a, b := res.Rows[i-1].Keys[0], res.Rows[i].Keys[0]
			if a.Value == "" || b.Value != "" && cmp.Or(cmp.Compare(a.Label, b.Label), cmp.Compare(a.Value, b.Value)) >= 0 {
				t.Fatalf("%s: row %d %+v comes before row %d %+v", dim, i-1, a, i, b)
			}
		}
		if first != "" && res.Rows[0].Keys[0].Value != first {
			t.Errorf("%s: first row %+v, want %s", dim, res.Rows[0].Keys[0], first)
		}
	}
	for _, d := range []stats.Dimension{stats.KindergartenDim, stats.SupportingKindergarten, stats.PartnerKindergarten, stats.PairingDim} {
		inOrder(d, "")
	}
	// The last kindergarten by number takes a name that sorts before every other.
	var last string
	res, err := live.Run(domain.Scope{All: true, Role: domain.RoleAdmin}, stats.Query{Subject: stats.SubjectSessions,
		Measures: []stats.Measure{stats.Count}, GroupBy: []stats.Dimension{stats.KindergartenDim}})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range res.Rows {
		if row.Keys[0].Value != "" {
			last = row.Keys[0].Value
		}
	}
	if _, err := store.UpdateKindergarten(ctx, last, func(k *domain.Kindergarten) error {
		k.Name = "A 幼儿园"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := live.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	inOrder(stats.KindergartenDim, last)
}
