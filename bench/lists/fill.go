package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/stats/statsgen"
	"github.com/handinhand/handinhand/storage"
)

func citySpec(sessions, photos int) statsgen.Spec {
	return statsgen.Spec{Provinces: 1, CitiesPerProvince: 1, CountiesPerCity: 8, Kindergartens: 600,
		TeachersPerKindergarten: 10, Pairings: 200, Sessions: sessions, Events: 2000, AttendeesPerEvent: 20,
		Photos: photos, FirstYear: 2020, Years: 7, Until: domain.DateOf(time.Now())}
}

// world is what the fill wrote that the timings need.
type world struct {
	city, county   string
	teacherKg      string // a supporting kindergarten with active pairings
	partnerKg      string
	teacherPairing string
	sessionID      string
}

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"}

// fillStore writes the data set into an empty store, a collection at a time.
func fillStore(ctx context.Context, st *storage.Store, spec statsgen.Spec) (time.Duration, error) {
	start := time.Now()
	if n, err := st.CountUsers(ctx); err != nil || n > 0 {
		return 0, fmt.Errorf("the store is not empty (%d users, %v)", n, err)
	}
	byColl := map[string][]any{}
	var kgs []*domain.Kindergarten
	var pairings []*domain.Pairing
	var sessions []*domain.TeachingSession
	err := statsgen.Generate(rand.New(rand.NewPCG(1, 2)), spec, func(doc any) error {
		switch d := doc.(type) {
		case *domain.Kindergarten:
			kgs = append(kgs, d)
		case *domain.Pairing:
			pairings = append(pairings, d)
		case *domain.TeachingSession:
			sessions = append(sessions, d)
		}
		byColl[statsgen.Collection(doc)] = append(byColl[statsgen.Collection(doc)], doc)
		return nil
	})
	if err != nil {
		return 0, err
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i, k := range kgs {
		for t := range spec.TeachersPerKindergarten {
			byColl[storage.CollTeachers] = append(byColl[storage.CollTeachers], &domain.Teacher{
				ID: statsgen.ID("t", i*1000+t), Name: surnames[r.IntN(len(surnames))] + fmt.Sprintf("老师%d", i*1000+t),
				KindergartenID: k.ID, RegionPath: k.RegionPath, Post: domain.PostTeacher, Backbone: t == 0,
				Meta: domain.Meta{CreatedAt: time.Now(), UpdatedAt: time.Now(), Version: 1}})
		}
	}
	// The audit log: who changed what, over the same years.
	ops := []string{"logTeachingSession", "confirmTeachingSession", "updatePairing", "createTrainingEvent"}
	for i := range 200_000 {
		s := sessions[r.IntN(len(sessions))]
		byColl[storage.CollAudit] = append(byColl[storage.CollAudit], &domain.AuditEntry{
			ID: statsgen.ID("audit", i), At: s.Date.Time().Add(time.Duration(r.IntN(36000)) * time.Second),
			UserID: statsgen.ID("user", r.IntN(500)), Role: domain.RoleTeacher, Operation: ops[r.IntN(len(ops))],
			RecordID: s.ID, RecordType: "TeachingSession", Input: "{}", RegionPath: s.RegionPath})
	}
	followUp(r, byColl, pairings, spec)
	for _, coll := range []string{storage.CollRegions, storage.CollKindergartens, storage.CollTeachers, storage.CollPairings,
		storage.CollTrainingEvents, storage.CollSessions, storage.CollPhotos, storage.CollAudit,
		storage.CollLessonGrades, storage.CollDonations, storage.CollSummaries, storage.CollPlans, storage.CollInspections} {
		docs := byColl[coll]
		for len(docs) > 0 {
			n := min(len(docs), 20_000)
			if err := st.Tx(ctx, func(ctx context.Context) error { return st.InsertMany(ctx, coll, docs[:n]) }); err != nil {
				return 0, fmt.Errorf("%s: %w", coll, err)
			}
			docs = docs[n:]
		}
		fmt.Printf("  %-16s %7d\n", coll, len(byColl[coll]))
	}
	w := pick(kgs, pairings, sessions)
	a := app.New(st, quiet())
	a.PasswordCost = 10
	system := &policy.Principal{UserID: "system", Role: domain.RoleAdmin}
	pw := password
	teacherID := ""
	for i, k := range kgs {
		if k.ID == w.teacherKg {
			teacherID = statsgen.ID("t", i*1000+1)
		}
	}
	for _, u := range []domain.UserInput{
		{Username: "admin", DisplayName: "管理员", Role: domain.RoleAdmin},
		{Username: "city", DisplayName: "市教育局", Role: domain.RoleBureau, RegionCode: &w.city},
		{Username: "county", DisplayName: "县教育局", Role: domain.RoleBureau, RegionCode: &w.county},
		{Username: "teacher", DisplayName: "送教老师", Role: domain.RoleTeacher, KindergartenID: &w.teacherKg, TeacherID: &teacherID},
		{Username: "partner", DisplayName: "结对园园长", Role: domain.RoleKindergartenAdmin, KindergartenID: &w.partnerKg},
	} {
		keep := false
		u.Password, u.MustChangePassword = &pw, &keep
		if _, err := a.CreateUser(ctx, system, u); err != nil {
			return 0, fmt.Errorf("user %s: %w", u.Username, err)
		}
	}
	fmt.Printf("  users            admin city county teacher partner (password %s)\n", password)
	return time.Since(start), nil
}

// followUp adds what a pairing's cycle keeps, each semester of each pairing's period up
// to today: a plan of ten items, ten lesson grades of each partner, both sides' summaries
// (the last semester's partly missing), an inspection with two items to rectify (the
// latest open), and two donations a year.
func followUp(r *rand.Rand, byColl map[string][]any, pairings []*domain.Pairing, spec statsgen.Spec) {
	now := time.Now()
	meta := domain.Meta{CreatedAt: now, UpdatedAt: now, Version: 1}
	today := domain.DateOf(now)
	grades := []domain.LessonGradeValue{domain.GradeExcellent, domain.GradeGood, domain.GradeGood, domain.GradePass, domain.GradeFail}
	types := []domain.SessionType{domain.SessionDemonstrationClass, domain.SessionMonthlyVisit, domain.SessionSpecialLecture}
	n := 0
	id := func(kind string) string { n++; return statsgen.ID(kind, n) }
	for _, p := range pairings {
		scoped := domain.Scoped{RegionPath: p.RegionPath, KindergartenIDs: append([]string{p.SupportingKindergartenID}, p.PartnerKindergartenIDs...)}
		var sems []string
		for d := p.Start; d <= p.End && d <= today; d = d.AddDays(28) {
			if sem := domain.SemesterOf(d); !slices.Contains(sems, sem) {
				sems = append(sems, sem)
			}
		}
		for _, sem := range sems {
			parsed, _ := domain.ParseSemester(sem)
			months := parsed.Months()
			plan := &domain.Plan{ID: domain.PlanID(p.ID, sem), PairingID: p.ID, Semester: sem, Meta: meta}
			for i := range 10 {
				plan.Activities = append(plan.Activities, domain.PlannedActivity{ID: id("plan"), Semester: sem, Type: types[i%len(types)], Month: months[i%len(months)],
					PartnerKindergartenID: p.PartnerKindergartenIDs[i%len(p.PartnerKindergartenIDs)], Responsible: "张老师"})
			}
			byColl[storage.CollPlans] = append(byColl[storage.CollPlans], plan)
			day := func() domain.Date { return domain.Date(months[r.IntN(len(months))] + "-15") }
			for _, partner := range p.PartnerKindergartenIDs {
				for range 10 {
					g := &domain.LessonGrade{ID: id("grade"), PairingID: p.ID, SupportingKindergartenID: p.SupportingKindergartenID,
						PartnerKindergartenID: partner, TeacherID: statsgen.ID("t", r.IntN(6000)), Date: day(), Semester: sem,
						Topic: "大班科学活动", Grade: grades[r.IntN(len(grades))], Scoped: domain.Scoped{RegionPath: p.RegionPath,
							KindergartenIDs: []string{p.SupportingKindergartenID, partner}}, Meta: meta}
					byColl[storage.CollLessonGrades] = append(byColl[storage.CollLessonGrades], g)
				}
			}
			for _, kg := range scoped.KindergartenIDs {
				if r.IntN(4) == 0 && sem == domain.SemesterOf(today) {
					continue // a quarter of this semester's summaries not written yet
				}
				side := domain.SidePartner
				if kg == p.SupportingKindergartenID {
					side = domain.SideSupporting
				}
				byColl[storage.CollSummaries] = append(byColl[storage.CollSummaries], &domain.SemesterSummary{ID: domain.SummaryID(p.ID, sem, kg),
					PairingID: p.ID, Semester: sem, KindergartenID: kg, Side: side, Text: "本学期送教与视导按计划完成。", Status: domain.SummarySubmitted,
					Scoped: scoped, Meta: meta})
			}
			date := day()
			if date > today {
				date = today
			}
			in := &domain.Inspection{ID: id("inspection"), PairingID: p.ID, Date: date, Semester: sem, Inspectors: "县教育局督导组",
				Findings: "档案基本齐全。", Scoped: scoped, Meta: meta}
			for i := range 2 {
				it := domain.RectifyItem{ID: id("item"), Text: "补齐视导记录", Deadline: date.AddDays(30), Status: domain.ItemClosed}
				if sem == domain.SemesterOf(today) && i == 0 {
					it.Status = domain.ItemOpen
				}
				in.Items = append(in.Items, it)
			}
			in.Reckon()
			byColl[storage.CollInspections] = append(byColl[storage.CollInspections], in)
			byColl[storage.CollDonations] = append(byColl[storage.CollDonations], &domain.Donation{ID: id("donation"), PairingID: p.ID,
				PartnerKindergartenID: p.PartnerKindergartenIDs[0], Date: day(), Items: []domain.DonationItem{{Name: "图书", Quantity: 50}},
				Value: float64(500 + r.IntN(5000)), Scoped: domain.Scoped{RegionPath: p.RegionPath,
					KindergartenIDs: []string{p.SupportingKindergartenID, p.PartnerKindergartenIDs[0]}}, Meta: meta})
		}
	}
}

// pick chooses the county, the teacher's kindergarten and its partner: the supporting
// kindergarten of an active pairing within the county holding most sessions.
func pick(kgs []*domain.Kindergarten, pairings []*domain.Pairing, sessions []*domain.TeachingSession) world {
	w := world{city: kgs[0].RegionPath[1]}
	w.county = kgs[0].RegionPath[2]
	region := map[string]string{}
	for _, k := range kgs {
		region[k.ID] = k.RegionPath[2]
	}
	for _, p := range pairings {
		if p.Status == domain.PairingActive && region[p.SupportingKindergartenID] == w.county {
			w.teacherKg, w.partnerKg, w.teacherPairing = p.SupportingKindergartenID, p.PartnerKindergartenIDs[0], p.ID
			break
		}
	}
	return w
}
