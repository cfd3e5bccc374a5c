package stats_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/stats"
	"github.com/handinhand/handinhand/storage/storagetest"
)

// Lesson grades and donations are subjects of their own: grades counted by grade,
// teacher and domain; donations' value and count by region, pairing and semester; both
// scoped like every other fact, and both following writes, deletes included, and a
// restart (loaded from the store).
func TestGradesAndDonationsAreCounted(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	pairWorld(t, ctx, s)
	live, _, err := stats.Open(ctx, s, nil)
	must(t, err)
	scoped := domain.Scoped{RegionPath: domain.RegionPath("370523"), KindergartenIDs: []string{"S", "P"}}
	lang := domain.DomainLanguage
	for i, g := range []domain.LessonGradeValue{domain.GradeExcellent, domain.GradeExcellent, domain.GradeGood, domain.GradePass, domain.GradeFail} {
		teacher := "t-1"
		if i >= 3 {
			teacher = "t-2"
		}
		gr := &domain.LessonGrade{ID: fmt.Sprintf("g%d", i), PairingID: "pair", SupportingKindergartenID: "S", PartnerKindergartenID: "P",
			TeacherID: teacher, Date: "2025-11-20", Semester: "2025-2026-1", Grade: g, Scoped: scoped}
		if i%2 == 0 {
			gr.Domain = &lang
		}
		_, _, err := s.CreateLessonGrade(ctx, gr)
		must(t, err)
	}
	_, _, err = s.CreateLessonGrade(ctx, &domain.LessonGrade{ID: "g-spring", PairingID: "pair", SupportingKindergartenID: "S", PartnerKindergartenID: "P",
		TeacherID: "t-1", Date: "2026-03-20", Semester: "2025-2026-2", Grade: domain.GradeExcellent, Scoped: scoped})
	must(t, err)
	for i, d := range []struct {
		date  domain.Date
		value float64
	}{{"2025-10-01", 1200}, {"2025-12-01", 800.5}, {"2026-04-01", 3000}} {
		_, _, err := s.CreateDonation(ctx, &domain.Donation{ID: fmt.Sprintf("d%d", i), PairingID: "pair", PartnerKindergartenID: "P", Date: d.date,
			Items: []domain.DonationItem{{Name: "图书", Quantity: 10}}, Value: d.value, Scoped: scoped})
		must(t, err)
	}
	run := func(ix *stats.Index, sc domain.Scope, q stats.Query) map[string][]float64 {
		t.Helper()
		res, err := ix.Run(sc, q)
		must(t, err)
		out := map[string][]float64{}
		for _, r := range res.Rows {
			k := ""
			for _, key := range r.Keys {
				k += key.Value + "/"
			}
			for _, v := range r.Values {
				out[k] = append(out[k], *v)
			}
		}
		var total []float64
		for _, v := range res.Total.Values {
			total = append(total, *v)
		}
		out["total"] = total
		return out
	}
	check := func(ix *stats.Index, when string) {
		t.Helper()
		admin := domain.Scope{All: true}
		got := run(ix, admin, stats.Query{Subject: stats.SubjectGrades, Measures: []stats.Measure{stats.Count, stats.DistinctTeachers},
			GroupBy: []stats.Dimension{stats.GradeDim}, Filter: stats.Filter{Semesters: []string{"2025-2026-1"}}})
		want := map[string][]float64{"EXCELLENT/": {2, 1}, "GOOD/": {1, 1}, "PASS/": {1, 1}, "FAIL/": {1, 1}, "total": {5, 2}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: grades by grade in 2025-2026-1: %v, want %v", when, got, want)
		}
		got = run(ix, admin, stats.Query{Subject: stats.SubjectGrades, Measures: []stats.Measure{stats.Count},
			GroupBy: []stats.Dimension{stats.TeacherDim}, Filter: stats.Filter{Domains: []domain.Domain{lang}}})
		want = map[string][]float64{"t-1/": {2}, "t-2/": {1}, "total": {3}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: language grades by teacher: %v, want %v", when, got, want)
		}
		got = run(ix, domain.Scope{RegionCode: "370523"}, stats.Query{Subject: stats.SubjectDonations, Measures: []stats.Measure{stats.Value, stats.Count},
			GroupBy: []stats.Dimension{stats.SemesterDim, stats.PairingDim}})
		want = map[string][]float64{"2025-2026-1/pair/": {2000.5, 2}, "2025-2026-2/pair/": {3000, 1}, "total": {5000.5, 3}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: donations by semester and pairing: %v, want %v", when, got, want)
		}
		got = run(ix, domain.Scope{RegionCode: "370523"}, stats.Query{Subject: stats.SubjectDonations, Measures: []stats.Measure{stats.Value},
			GroupBy: []stats.Dimension{stats.SupportingKindergarten, stats.County}})
		want = map[string][]float64{"S/370523/": {5000.5}, "total": {5000.5}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: donations by supporting kindergarten and county: %v, want %v", when, got, want)
		}
		// Another county's bureau sees none of them; the partner's admin sees its own.
		if got := run(ix, domain.Scope{RegionCode: "370522"}, stats.Query{Subject: stats.SubjectDonations, Measures: []stats.Measure{stats.Count}}); got["total"][0] != 0 {
			t.Errorf("%s: another county's bureau counts %v donations", when, got["total"])
		}
		if got := run(ix, domain.Scope{KindergartenID: "P"}, stats.Query{Subject: stats.SubjectGrades, Measures: []stats.Measure{stats.Count}}); got["total"][0] != 6 {
			t.Errorf("%s: the partner's admin counts %v grades, want 6", when, got["total"])
		}
	}
	check(live.Index, "as written")
	// A deleted donation and grade leave; a changed value is counted as it is now.
	_, err = s.UpdateDonation(ctx, "d2", func(d *domain.Donation) error { now := domain.Now(); d.DeletedAt = &now; return nil })
	must(t, err)
	_, err = s.UpdateDonation(ctx, "d1", func(d *domain.Donation) error { d.Value = 1000; return nil })
	must(t, err)
	res, err := live.Run(domain.Scope{All: true}, stats.Query{Subject: stats.SubjectDonations, Measures: []stats.Measure{stats.Value, stats.Count}})
	must(t, err)
	if v, n := *res.Total.Values[0], *res.Total.Values[1]; v != 2200 || n != 2 {
		t.Errorf("after a delete and a change: value %v of %v donations, want 2200 of 2", v, n)
	}
	_, _, err = s.CreateDonation(ctx, &domain.Donation{ID: "d3", PairingID: "pair", PartnerKindergartenID: "P", Date: "2026-04-01",
		Items: []domain.DonationItem{{Name: "玩具", Quantity: 5}}, Value: 3000, Scoped: scoped})
	must(t, err)
	_, err = s.UpdateDonation(ctx, "d1", func(d *domain.Donation) error { d.Value = 800.5; return nil })
	must(t, err)
	check(live.Index, "after the edits were undone (the deleted donation given again)")
	reloaded, _, err := stats.Open(ctx, s, nil)
	must(t, err)
	check(reloaded.Index, "loaded from the store")
	// Filters of other subjects are refused.
	if _, err := live.Run(domain.Scope{All: true}, stats.Query{Subject: stats.SubjectDonations, Measures: []stats.Measure{stats.Count},
		Filter: stats.Filter{SessionTypes: []domain.SessionType{domain.SessionSpecialLecture}}}); domain.CodeOf(err) != domain.CodeBadUserInput {
		t.Errorf("donations filtered by session type: %v, want INVALID", err)
	}
	if _, err := live.Run(domain.Scope{All: true}, stats.Query{Subject: stats.SubjectDonations, Measures: []stats.Measure{stats.Hours}}); domain.CodeOf(err) != domain.CodeBadUserInput {
		t.Errorf("donations' hours: %v, want INVALID", err)
	}
}
