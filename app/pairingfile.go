package app

import (
	"context"
	"slices"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/stats"
)

// PairingFile is what a pairing's assistance file (帮扶档案) holds for a semester, or for
// the pairing's whole period: its records as the caller may see them, with the names they
// refer to resolved.
type PairingFile struct {
	Pairing *domain.Pairing
	// Semesters the file covers, oldest first; Semester is "" for the whole period.
	Semester  string
	Semesters []string
	// Compliance holds each partner's row for each semester covered.
	Compliance []stats.ComplianceRow
	// Plan holds the planned activities of the semesters covered, each with its status
	// from the sessions in the file.
	Plan        []domain.PlanState
	Sessions    []*domain.TeachingSession
	Events      []*domain.TrainingEvent
	Grades      []*domain.LessonGrade
	Mentorships []*domain.Mentorship
	Donations   []*domain.Donation
	Summaries   []SummaryState
	Inspections []*domain.Inspection
	Photos      map[string]*domain.Photo // ready photos of the sessions and events, by id
	Kgs         map[string]*domain.Kindergarten
	Teachers    map[string]*domain.Teacher
	Users       map[string]*domain.User
	GeneratedAt domain.Date
	GeneratedBy string
}

// MaxFileSessions bounds the records one assistance file lists.
const MaxFileSessions = 5000

// PairingFileOf gathers a pairing's assistance file for semester ("" for its whole period).
func (a *App) PairingFileOf(ctx context.Context, p *policy.Principal, pairingID, semester string) (*PairingFile, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if pairingID == "" {
		return nil, domain.Invalid("pairingId", "is required")
	}
	pr, err := a.Pairing(ctx, p, pairingID)
	if err != nil {
		return nil, err
	}
	if err := policy.CanReadPairingFile(p, pr); err != nil {
		return nil, err
	}
	f := &PairingFile{Pairing: pr, Semester: semester, GeneratedAt: domain.DateOf(domain.Now()), Photos: map[string]*domain.Photo{}}
	if semester != "" {
		if _, err := domain.ParseSemester(semester); err != nil {
			return nil, domain.Invalid("semester", "must be a semester like 2026-2027-1")
		}
		f.Semesters = []string{semester}
	} else {
		last := min(pr.End, f.GeneratedAt)
		for d := pr.Start; d <= last; d = d.AddDays(1) {
			if s := domain.SemesterOf(d); !slices.Contains(f.Semesters, s) {
				f.Semesters = append(f.Semesters, s)
			}
		}
	}
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	for _, s := range f.Semesters {
		rows, err := a.Compliance(ctx, p, stats.ComplianceQuery{Semester: s, OrderBy: stats.ByPairingName})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.PairingID == pr.ID {
				f.Compliance = append(f.Compliance, r)
			}
		}
	}
	sf := &domain.TeachingSessionFilter{PairingIDs: []string{pr.ID}, Semesters: f.Semesters}
	if err := a.Store.EachTeachingSession(ctx, sc, sf, MaxFileSessions+1, func(s *domain.TeachingSession) error {
		f.Sessions = append(f.Sessions, s)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(f.Sessions) > MaxFileSessions {
		return nil, domain.Invalid("semester", "more than %d records: download the file one semester at a time", MaxFileSessions)
	}
	for _, s := range f.Semesters {
		plan, err := a.Store.Plan(ctx, pr.ID, s)
		if err != nil {
			return nil, err
		}
		if len(plan.Activities) == 0 {
			continue
		}
		var of []*domain.TeachingSession
		for _, x := range f.Sessions {
			if x.Semester == s {
				of = append(of, x)
			}
		}
		f.Plan = append(f.Plan, domain.ReckonPlan(plan.Activities, of, f.GeneratedAt)...)
	}
	if err := a.Store.EachLessonGrade(ctx, sc, &domain.LessonGradeFilter{PairingIDs: []string{pr.ID}, Semesters: f.Semesters}, MaxFileSessions,
		func(g *domain.LessonGrade) error {
			f.Grades = append(f.Grades, g)
			return nil
		}); err != nil {
		return nil, err
	}
	// Training events of the pairing's kindergartens in those semesters that name the
	// pairing, or that a partner's teachers attended at the supporting kindergarten.
	ef := &domain.TrainingEventFilter{KindergartenID: &pr.SupportingKindergartenID, Semesters: f.Semesters}
	for after := ""; ; {
		page, err := a.Store.ListTrainingEvents(ctx, sc, ef, "DATE", false, 100, after)
		if err != nil {
			return nil, err
		}
		for _, e := range page.Items {
			if slices.Contains(e.PairingIDs, pr.ID) || slices.ContainsFunc(e.Attendance, func(at domain.Attendance) bool {
				return slices.Contains(pr.PartnerKindergartenIDs, at.KindergartenID)
			}) {
				// The file lists whom the reader may see attended, as the API does.
				shown := *e
				if shown.Attendance, err = a.VisibleAttendance(p, e); err != nil {
					return nil, err
				}
				f.Events = append(f.Events, &shown)
			}
		}
		if !page.HasNext || len(f.Events) > MaxFileSessions {
			break
		}
		after = page.Cursors[len(page.Cursors)-1]
	}
	mf := &domain.MentorshipFilter{PairingID: &pr.ID}
	if page, err := a.Store.ListMentorships(ctx, sc, mf, 100, ""); err != nil {
		return nil, err
	} else {
		f.Mentorships = page.Items
	}
	df := &domain.DonationFilter{PairingID: &pr.ID}
	if page, err := a.Store.ListDonations(ctx, sc, df, 100, ""); err != nil {
		return nil, err
	} else {
		for _, d := range page.Items {
			if slices.Contains(f.Semesters, domain.SemesterOf(d.Date)) {
				f.Donations = append(f.Donations, d)
			}
		}
	}
	for _, s := range f.Semesters {
		states, err := a.Summaries(ctx, p, s, &pr.ID, false)
		if err != nil {
			return nil, err
		}
		f.Summaries = append(f.Summaries, states...)
	}
	if page, err := a.Store.ListInspections(ctx, sc, &domain.InspectionFilter{PairingIDs: []string{pr.ID}, Semesters: f.Semesters}, 100, ""); err != nil {
		return nil, err
	} else {
		f.Inspections = page.Items
		slices.Reverse(f.Inspections) // oldest first, as the file reads
	}
	// What the records name.
	var photoIDs, teacherIDs, userIDs []string
	kgIDs := append([]string{pr.SupportingKindergartenID}, pr.PartnerKindergartenIDs...)
	for _, s := range f.Sessions {
		photoIDs = append(photoIDs, s.PhotoIDs...)
		teacherIDs = append(teacherIDs, s.TeacherIDs...)
		userIDs = append(userIDs, s.CreatedBy, s.ConfirmedBy)
		for _, c := range s.Corrections {
			userIDs = append(userIDs, c.By)
		}
	}
	for _, e := range f.Events {
		photoIDs = append(photoIDs, e.PhotoIDs...)
		for _, at := range e.Attendance {
			teacherIDs = append(teacherIDs, at.TeacherID)
			kgIDs = append(kgIDs, at.KindergartenID)
		}
		kgIDs = append(kgIDs, e.OrganizerKindergartenID)
	}
	for _, g := range f.Grades {
		teacherIDs = append(teacherIDs, g.TeacherID)
		userIDs = append(userIDs, g.CreatedBy)
	}
	for _, x := range f.Inspections {
		userIDs = append(userIDs, x.CreatedBy)
		for _, it := range x.Items {
			userIDs = append(userIDs, it.ClosedBy)
			for _, an := range it.Answers {
				userIDs = append(userIDs, an.By)
			}
		}
	}
	for _, st := range f.Summaries {
		if st.Summary != nil {
			userIDs = append(userIDs, st.Summary.SubmittedBy, st.Summary.UpdatedBy)
		}
	}
	for _, s := range f.Sessions {
		for _, r := range s.Reflections {
			teacherIDs = append(teacherIDs, r.TeacherID)
		}
	}
	for _, m := range f.Mentorships {
		for _, x := range m.Activities {
			userIDs = append(userIDs, x.LoggedBy)
		}
		teacherIDs = append(teacherIDs, m.MentorID)
		teacherIDs = append(teacherIDs, m.ApprenticeIDs...)
	}
	// The follow-up records' photos: a summary's (where the summary is seen), an
	// inspection item's, a mentorship activity's.
	for _, st := range f.Summaries {
		if st.Summary != nil {
			photoIDs = append(photoIDs, st.Summary.PhotoIDs...)
		}
	}
	for _, x := range f.Inspections {
		for _, it := range x.Items {
			photoIDs = append(photoIDs, it.PhotoIDs...)
		}
	}
	for _, m := range f.Mentorships {
		for _, x := range m.Activities {
			photoIDs = append(photoIDs, x.PhotoIDs...)
		}
	}
	for _, x := range f.Donations {
		photoIDs = append(photoIDs, x.PhotoIDs...)
	}
	photos, err := a.Store.PhotosByID(ctx, unique(photoIDs))
	if err != nil {
		return nil, err
	}
	for id, ph := range photos {
		if ph.Status == domain.PhotoReady {
			f.Photos[id] = ph
		}
	}
	if f.Kgs, err = a.Store.KindergartensByID(ctx, unique(kgIDs)); err != nil {
		return nil, err
	}
	if f.Teachers, err = a.Store.TeachersByID(ctx, unique(teacherIDs)); err != nil {
		return nil, err
	}
	if f.Users, err = a.Store.UsersByID(ctx, unique(userIDs)); err != nil {
		return nil, err
	}
	f.GeneratedBy = p.UserID
	if u, err := a.Store.UsersByID(ctx, []string{p.UserID}); err == nil && u[p.UserID] != nil {
		f.Users[p.UserID] = u[p.UserID]
	}
	return f, nil
}

// PairingsForFiles lists the ids of the pairings a bureau (or admin) may fetch the files
// of, within regionCode, active during the semester.
func (a *App) PairingsForFiles(ctx context.Context, p *policy.Principal, regionCode, semester string) ([]string, error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	if !sc.All && sc.RegionCode == "" {
		return nil, domain.Forbidden("only a bureau or an admin downloads the files of a region's pairings")
	}
	sem, err := domain.ParseSemester(semester)
	if err != nil {
		return nil, domain.Invalid("semester", "must be a semester like 2026-2027-1")
	}
	months := sem.Months()
	first, last := domain.Date(months[0]+"-01"), domain.Date(months[len(months)-1]+"-31")
	f := &domain.PairingFilter{Statuses: []domain.PairingStatus{domain.PairingActive, domain.PairingEnded}}
	if regionCode != "" {
		f.RegionCode = &regionCode
	}
	var ids []string
	for after := ""; ; {
		page, err := a.Store.ListPairings(ctx, sc, f, "NAME", false, 100, after)
		if err != nil {
			return nil, err
		}
		for _, pr := range page.Items {
			if pr.Start <= last && pr.End >= first {
				ids = append(ids, pr.ID)
			}
		}
		if !page.HasNext || len(ids) > 1000 {
			break
		}
		after = page.Cursors[len(page.Cursors)-1]
	}
	if len(ids) > 1000 {
		return nil, domain.Invalid("regionCode", "more than %d pairings: choose a county", 1000)
	}
	return ids, nil
}
