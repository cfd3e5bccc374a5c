package stats_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/stats"
	"github.com/handinhand/handinhand/storage"
	"github.com/handinhand/handinhand/storage/storagetest"
)

// pairWorld stores one supporting kindergarten with two partners in county 370523 and one
// kindergarten in another county.
func pairWorld(t *testing.T, ctx context.Context, s *storage.Store) {
	t.Helper()
	for _, r := range []*domain.Region{{Code: "37", Name: "山东省"}, {Code: "3705", Name: "东营市"},
		{Code: "370523", Name: "广饶县"}, {Code: "370522", Name: "利津县"}} {
		must(t, s.PutRegion(ctx, r))
	}
	for _, k := range []*domain.Kindergarten{
		{ID: "S", Name: "县第一幼儿园", RegionCode: "370523", Setting: domain.SettingUrban},
		{ID: "P", Name: "大王镇中心幼儿园", RegionCode: "370523", Setting: domain.SettingTownship},
		{ID: "P2", Name: "稻庄镇幼儿园", RegionCode: "370523", Setting: domain.SettingVillage},
		{ID: "X", Name: "利津县幼儿园", RegionCode: "370522", Setting: domain.SettingUrban},
	} {
		k.RegionPath = domain.RegionPath(k.RegionCode)
		_, _, err := s.CreateKindergarten(ctx, k)
		must(t, err)
	}
	p := &domain.Pairing{ID: "pair", Name: "县一幼—大王镇结对", SupportingKindergartenID: "S", PartnerKindergartenIDs: []string{"P", "P2"},
		Start: "2025-09-01", End: "2026-07-31", Status: domain.PairingActive, Targets: domain.DefaultTargets,
		Scoped: domain.Scoped{RegionPath: domain.RegionPath("370523"), KindergartenIDs: []string{"S", "P", "P2"}}}
	_, _, err := s.CreatePairing(ctx, p)
	must(t, err)
}

var sessionSeq int

func logSession(t *testing.T, ctx context.Context, s *storage.Store, partner string, date domain.Date, typ domain.SessionType, hours float64, mods ...func(*domain.TeachingSession)) string {
	t.Helper()
	sessionSeq++
	ss := &domain.TeachingSession{ID: fmt.Sprintf("sess-%d", sessionSeq), PairingID: "pair", SupportingKindergartenID: "S",
		PartnerKindergartenID: partner, HostKindergartenID: partner, Direction: domain.DirectionOutbound, Date: date,
		Semester: domain.SemesterOf(date), Month: date.Month(), Hours: hours, Type: typ, Status: domain.ConfirmationPending,
		Scoped: domain.Scoped{RegionPath: domain.RegionPath("370523"), KindergartenIDs: []string{"S", partner}}}
	for _, m := range mods {
		m(ss)
	}
	_, _, err := s.CreateTeachingSession(ctx, ss)
	must(t, err)
	return ss.ID
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestComplianceByHand(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	pairWorld(t, ctx, s)
	live, _, err := stats.Open(ctx, s, nil)
	must(t, err)
	confirmed := func(x *domain.TeachingSession) { x.Status = domain.ConfirmationConfirmed }
	// 9.5 hours: 4 + 3.5 of demonstration classes and two 1-hour special lectures.
	logSession(t, ctx, s, "P", "2025-09-10", domain.SessionDemonstrationClass, 4, confirmed)
	logSession(t, ctx, s, "P", "2025-10-10", domain.SessionDemonstrationClass, 3.5, confirmed)
	logSession(t, ctx, s, "P", "2025-11-10", domain.SessionSpecialLecture, 1)
	for _, d := range []domain.Date{"2025-09-03", "2025-09-25", "2025-10-08", "2025-11-05"} {
		logSession(t, ctx, s, "P", d, domain.SessionMonthlyVisit, 1)
	}
	admin := domain.Scope{All: true}
	row := func(rows []stats.ComplianceRow, partner string) stats.ComplianceRow {
		for _, r := range rows {
			if r.PartnerKindergartenID == partner {
				return r
			}
		}
		t.Fatalf("no row for %s in %+v", partner, rows)
		return stats.ComplianceRow{}
	}
	// In late November: September and October are over. P is on pace; P2 missed both visits.
	rows, err := live.Compliance(admin, stats.ComplianceQuery{Semester: "2025-2026-1", Today: "2025-11-20"})
	must(t, err)
	if p := row(rows, "P"); p.Status != stats.OnTrack || p.MonthsElapsed != 3 {
		t.Errorf("P in November: %+v", p)
	}
	if p2 := row(rows, "P2"); p2.Status != stats.Behind || fmt.Sprint(p2.MissedMonths) != "[2025-09 2025-10]" {
		t.Errorf("P2 in November: %+v", p2)
	}

	logSession(t, ctx, s, "P", "2025-12-10", domain.SessionSpecialLecture, 1)
	// Not counted: queried back, and a study stay in the city.
	logSession(t, ctx, s, "P", "2025-12-11", domain.SessionDemonstrationClass, 3, func(x *domain.TeachingSession) { x.Status = domain.ConfirmationQueried })
	logSession(t, ctx, s, "P", "2025-12-12", domain.SessionFollowUpStudy, 5, func(x *domain.TeachingSession) { x.Direction = domain.DirectionInbound })
	// Visits every month, two in September (above), which counts once.
	for _, d := range []domain.Date{"2025-12-03", "2026-01-07"} {
		logSession(t, ctx, s, "P", d, domain.SessionMonthlyVisit, 1)
	}

	// After the semester: 9.5 of 10 hours is BEHIND.
	rows, err = live.Compliance(admin, stats.ComplianceQuery{Semester: "2025-2026-1", Today: "2026-02-15"})
	must(t, err)
	if len(rows) != 2 {
		t.Fatalf("%d rows, want one per partner: %+v", len(rows), rows)
	}
	p := row(rows, "P")
	if p.Hours != 9.5 || p.Lectures != 2 || p.MonthsVisited != 5 || p.MonthsRequired != 5 || p.MonthsElapsed != 5 || p.Status != stats.Behind {
		t.Errorf("P after the semester: %+v", p)
	}
	if p.Sessions != 10 || p.Confirmed != 2 || p.ConfirmedShare == nil || *p.ConfirmedShare != 0.2 {
		t.Errorf("P confirmed: %d of %d (%v)", p.Confirmed, p.Sessions, p.ConfirmedShare)
	}
	if p2 := row(rows, "P2"); p2.Status != stats.Behind || len(p2.MissedMonths) != 5 || p2.ConfirmedShare != nil {
		t.Errorf("P2: %+v", p2)
	}
	// Half an hour more meets every target.
	logSession(t, ctx, s, "P", "2026-01-08", domain.SessionObservationCritique, 0.5)
	rows, err = live.Compliance(admin, stats.ComplianceQuery{Semester: "2025-2026-1", Today: "2026-02-15"})
	must(t, err)
	if p := row(rows, "P"); p.Hours != 10 || p.Status != stats.Met {
		t.Errorf("P with 10 hours: %+v", p)
	}
	if rows[0].PartnerKindergartenID != "P2" {
		t.Errorf("worst first: %s first", rows[0].PartnerKindergartenID)
	}
	// Only the ones behind, and only the worst: what a bureau's dashboard asks for.
	rows, err = live.Compliance(admin, stats.ComplianceQuery{Semester: "2025-2026-1", Today: "2026-02-15", Statuses: []stats.Status{stats.Behind}})
	must(t, err)
	if len(rows) != 1 || rows[0].PartnerKindergartenID != "P2" {
		t.Errorf("BEHIND only: %+v", rows)
	}
	rows, err = live.Compliance(admin, stats.ComplianceQuery{Semester: "2025-2026-1", Today: "2026-02-15", Statuses: []stats.Status{stats.Met, stats.Behind}, Limit: ptr(1)})
	must(t, err)
	if len(rows) != 1 || rows[0].PartnerKindergartenID != "P2" {
		t.Errorf("the worst one: %+v", rows)
	}
	for _, bad := range []stats.ComplianceQuery{{Limit: ptr(0)}, {Limit: ptr(-1)}, {Limit: ptr(stats.MaxComplianceLimit + 1)}, {Statuses: []stats.Status{"LATE"}}} {
		bad.Semester, bad.Today = "2025-2026-1", "2026-02-15"
		if _, err := live.Compliance(admin, bad); domain.CodeOf(err) != domain.CodeBadUserInput {
			t.Errorf("%+v: %v, want invalid input", bad, err)
		}
	}

	// Scope: another county's bureau sees no rows and may not ask for this county.
	rows, err = live.Compliance(domain.Scope{RegionCode: "370522"}, stats.ComplianceQuery{Semester: "2025-2026-1", Today: "2026-02-15"})
	must(t, err)
	if len(rows) != 0 {
		t.Errorf("another county's bureau sees %d rows", len(rows))
	}
	code := "370523"
	_, err = live.Compliance(domain.Scope{RegionCode: "370522"}, stats.ComplianceQuery{Semester: "2025-2026-1", RegionCode: &code})
	if domain.CodeOf(err) != domain.CodeForbidden {
		t.Errorf("widening the region: %v, want FORBIDDEN", err)
	}
	// The partner kindergarten sees its own row only.
	rows, err = live.Compliance(domain.Scope{KindergartenID: "P", PairedKindergartenIDs: []string{"P", "S"}}, stats.ComplianceQuery{Semester: "2025-2026-1", Today: "2026-02-15"})
	must(t, err)
	if len(rows) != 1 || rows[0].PartnerKindergartenID != "P" {
		t.Errorf("partner sees %+v", rows)
	}
	if _, err := live.Compliance(admin, stats.ComplianceQuery{Semester: "2025-2026-3"}); domain.CodeOf(err) != domain.CodeBadUserInput {
		t.Errorf("bad semester: %v", err)
	}
}

func TestLabelsAndScope(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	pairWorld(t, ctx, s)
	logSession(t, ctx, s, "P", "2025-09-10", domain.SessionDemonstrationClass, 2, func(x *domain.TeachingSession) {
		x.Domains = []domain.Domain{domain.DomainArt, domain.DomainHealth}
	})
	live, _, err := stats.Open(ctx, s, nil)
	must(t, err)
	res, err := live.Run(domain.Scope{RegionCode: "370523"}, stats.Query{Subject: stats.SubjectSessions,
		Measures: []stats.Measure{stats.Hours}, GroupBy: []stats.Dimension{stats.County, stats.SemesterDim, stats.MonthDim, stats.DomainDim}})
	must(t, err)
	if len(res.Rows) != 2 || !res.Overlapping || *res.Total.Values[0] != 2 {
		t.Fatalf("rows %+v total %v overlapping %v", res.Rows, *res.Total.Values[0], res.Overlapping)
	}
	k := res.Rows[0].Keys
	if k[0].Label != "广饶县" || k[1].Label != "2025–2026学年第一学期" || k[2].Label != "2025年9月" || k[3].Label != "健康" {
		t.Errorf("labels: %+v", k)
	}
	// Another county's bureau counts nothing, and naming this county's records is FORBIDDEN.
	res, err = live.Run(domain.Scope{RegionCode: "370522"}, stats.Query{Subject: stats.SubjectSessions, Measures: []stats.Measure{stats.Count}})
	must(t, err)
	if *res.Total.Values[0] != 0 {
		t.Errorf("another county counts %v", *res.Total.Values[0])
	}
	for _, f := range []stats.Filter{{PairingIDs: []string{"pair"}}, {KindergartenIDs: []string{"P"}}, {PairingIDs: []string{"no-such"}}} {
		_, err = live.Run(domain.Scope{RegionCode: "370522"}, stats.Query{Subject: stats.SubjectSessions, Measures: []stats.Measure{stats.Count}, Filter: f})
		if domain.CodeOf(err) != domain.CodeForbidden {
			t.Errorf("filter %+v: %v, want FORBIDDEN", f, err)
		}
	}
}

// TestSecondInstanceSeesWrites runs two indexes on two connections to one store: each
// sees the other's writes, edits and deletes within 5 s by polling the change marker.
func TestSecondInstanceSeesWrites(t *testing.T) {
	ctx := context.Background()
	a := storagetest.Open(t)
	b, err := storage.Open(ctx, a.Config())
	must(t, err)
	t.Cleanup(func() { b.Close(context.Background()) })
	pairWorld(t, ctx, a)
	la, _, err := stats.Open(ctx, a, nil)
	must(t, err)
	lb, _, err := stats.Open(ctx, b, nil)
	must(t, err)
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go la.Follow(fctx, 200*time.Millisecond)
	go lb.Follow(fctx, 200*time.Millisecond)

	hours := func(ix *stats.Index) float64 {
		res, err := ix.Run(domain.Scope{All: true}, stats.Query{Subject: stats.SubjectSessions, Measures: []stats.Measure{stats.Hours}})
		must(t, err)
		return *res.Total.Values[0]
	}
	waitFor := func(what string, ix *stats.Index, want float64) {
		t.Helper()
		start := time.Now()
		for hours(ix) != want {
			if time.Since(start) > 5*time.Second {
				t.Fatalf("%s: not seen within 5 s (hours %v, want %v)", what, hours(ix), want)
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Logf("%s: seen after %s", what, time.Since(start).Round(time.Millisecond))
	}
	id := logSession(t, ctx, a, "P", "2025-09-10", domain.SessionDemonstrationClass, 2)
	if hours(la.Index) != 2 {
		t.Fatal("the writing instance does not see its own write at once")
	}
	waitFor("A's write on B", lb.Index, 2)
	sessionSeq++
	_, _, err = b.CreateTeachingSession(ctx, &domain.TeachingSession{ID: fmt.Sprintf("sess-%d", sessionSeq), PairingID: "pair",
		SupportingKindergartenID: "S", PartnerKindergartenID: "P2", Direction: domain.DirectionOutbound, Date: "2025-10-01",
		Hours: 1.5, Type: domain.SessionSpecialLecture, Status: domain.ConfirmationPending})
	must(t, err)
	waitFor("B's write on A", la.Index, 3.5)
	_, err = a.UpdateTeachingSession(ctx, id, func(s *domain.TeachingSession) error { s.Hours = 4; return nil })
	must(t, err)
	waitFor("A's edit on B", lb.Index, 5.5)
	_, err = b.UpdateTeachingSession(ctx, id, func(s *domain.TeachingSession) error {
		now := time.Now()
		s.DeletedAt = &now
		return nil
	})
	must(t, err)
	waitFor("B's delete on A", la.Index, 1.5)
}

func ptr[T any](v T) *T { return &v }

// Lesson grades make the partner's excellent-lesson and pass rates, against the targets
// (30 % and 100 %): 3 优秀 of 10 meets them; one 不合格 more meets neither; without grades
// the rates are not measured and do not decide the status.
func TestComplianceCountsLessonGrades(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	pairWorld(t, ctx, s)
	live, _, err := stats.Open(ctx, s, nil)
	must(t, err)
	// Every other target of P met in 2025-2026-1: 10 hours with two lectures, a visit each month.
	logSession(t, ctx, s, "P", "2025-09-10", domain.SessionDemonstrationClass, 8)
	logSession(t, ctx, s, "P", "2025-10-10", domain.SessionSpecialLecture, 1)
	logSession(t, ctx, s, "P", "2025-11-10", domain.SessionSpecialLecture, 1)
	for _, d := range []domain.Date{"2025-09-03", "2025-10-08", "2025-11-05", "2025-12-03", "2026-01-07"} {
		logSession(t, ctx, s, "P", d, domain.SessionMonthlyVisit, 1)
	}
	grade := func(id string, g domain.LessonGradeValue) {
		t.Helper()
		_, _, err := s.CreateLessonGrade(ctx, &domain.LessonGrade{ID: id, PairingID: "pair", SupportingKindergartenID: "S", PartnerKindergartenID: "P",
			TeacherID: "t-p", Date: "2025-11-20", Semester: "2025-2026-1", Grade: g,
			Scoped: domain.Scoped{RegionPath: domain.RegionPath("370523"), KindergartenIDs: []string{"S", "P"}}})
		must(t, err)
	}
	for i := range 10 {
		g := domain.GradeGood
		if i < 3 {
			g = domain.GradeExcellent
		}
		grade(fmt.Sprintf("g%d", i), g)
	}
	// A grade of the next semester does not count in this one.
	_, _, err = s.CreateLessonGrade(ctx, &domain.LessonGrade{ID: "later", PairingID: "pair", SupportingKindergartenID: "S", PartnerKindergartenID: "P",
		TeacherID: "t-p", Date: "2026-03-20", Semester: "2025-2026-2", Grade: domain.GradeFail})
	must(t, err)
	rowOf := func(partner string) stats.ComplianceRow {
		t.Helper()
		rows, err := live.Compliance(domain.Scope{All: true}, stats.ComplianceQuery{Semester: "2025-2026-1", Today: "2026-02-15"})
		must(t, err)
		for _, r := range rows {
			if r.PartnerKindergartenID == partner {
				return r
			}
		}
		t.Fatalf("no row for %s", partner)
		return stats.ComplianceRow{}
	}
	p := rowOf("P")
	if p.Graded != 10 || p.Excellent != 3 || p.Passed != 10 || p.ExcellentLessonRate == nil || *p.ExcellentLessonRate != 0.3 || *p.PassRate != 1 || p.Status != stats.Met {
		t.Errorf("3 优秀 of 10: %+v", p)
	}
	if p2 := rowOf("P2"); p2.Graded != 0 || p2.ExcellentLessonRate != nil || p2.PassRate != nil {
		t.Errorf("P2 without grades: %+v", p2)
	}
	grade("fail", domain.GradeFail)
	if p := rowOf("P"); p.Graded != 11 || p.Passed != 10 || p.Status != stats.Behind {
		t.Errorf("with a 不合格 after the semester: %+v", p)
	}
	// Removing that grade puts the row back.
	_, err = s.UpdateLessonGrade(ctx, "fail", func(g *domain.LessonGrade) error { now := domain.Now(); g.DeletedAt = &now; return nil })
	must(t, err)
	if p := rowOf("P"); p.Graded != 10 || p.Status != stats.Met {
		t.Errorf("the 不合格 removed: %+v", p)
	}
}
