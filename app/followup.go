package app

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

var _ = mutation("saveSummary", InTransaction)

// SaveSummary writes the caller's kindergarten's summary of a pairing's semester; with
// submit it is handed in, after which it no longer changes.
func (a *App) SaveSummary(ctx context.Context, p *policy.Principal, in domain.SummaryInput) (*domain.SemesterSummary, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	pr, err := lookupRef(ctx, "input.pairingId", "pairing", in.PairingID, a.visiblePairing(p))
	if err != nil {
		return nil, err
	}
	side, err := policy.CanWriteSummary(p, pr)
	if err != nil {
		return nil, err
	}
	fresh := &domain.SemesterSummary{ID: domain.SummaryID(pr.ID, in.Semester, p.KindergartenID), PairingID: pr.ID, Semester: in.Semester,
		KindergartenID: p.KindergartenID, Side: side, Status: domain.SummaryDraft, Scoped: pr.Scoped}
	stored, err := a.Store.PutSummary(ctx, fresh, func(s *domain.SemesterSummary) error {
		if s.Status == domain.SummarySubmitted {
			return domain.Errorf(domain.CodeConflict, "this summary was submitted and no longer changes")
		}
		s.Text, s.UpdatedBy, s.Scoped = in.Text, p.UserID, pr.Scoped
		if in.Submit != nil && *in.Submit {
			now := domain.Now()
			s.Status, s.SubmittedAt, s.SubmittedBy = domain.SummarySubmitted, &now, p.UserID
		}
		return nil
	})
	if err != nil || stored.Status != domain.SummarySubmitted {
		return stored, err
	}
	return stored, a.summaryPhotosShown(ctx, stored)
}

// summaryPhotoScope is where a summary's photos are listed: with its own kindergarten
// only while it is a draft (withheld), in its region too once handed in.
func summaryPhotoScope(s *domain.SemesterSummary) (domain.Scoped, bool) {
	if s.Status == domain.SummarySubmitted {
		return domain.Scoped{RegionPath: s.RegionPath, KindergartenIDs: []string{s.KindergartenID}}, false
	}
	return domain.Scoped{RegionPath: []string{}, KindergartenIDs: []string{s.KindergartenID}}, true
}

// summaryPhotosShown lists a handed-in summary's photos in its region and statistics. A
// photo still uploading when the summary was handed in is shown when it completes.
func (a *App) summaryPhotosShown(ctx context.Context, s *domain.SemesterSummary) error {
	scoped, withheld := summaryPhotoScope(s)
	for _, id := range s.PhotoIDs {
		_, err := a.Store.UpdatePhoto(ctx, id, func(ph *domain.Photo) error {
			if !ph.Withheld {
				return storage.Unchanged
			}
			ph.Scoped, ph.Withheld = scoped, withheld
			return nil
		})
		if err != nil && domain.CodeOf(err) != domain.CodeNotFound {
			return err
		}
	}
	return nil
}

// SummaryState is one kindergarten's summary of a pairing's semester, or its absence.
type SummaryState struct {
	PairingID      string
	KindergartenID string
	Side           domain.Side
	Semester       string
	// Summary is nil when none is written, or when the caller may not read it yet (the
	// other side's draft).
	Summary *domain.SemesterSummary
}

// Summaries lists, for each pairing in scope active during the semester (or the one
// pairing asked for), each of its kindergartens' summary; missingOnly keeps those without
// a submitted one.
func (a *App) Summaries(ctx context.Context, p *policy.Principal, semester string, pairingID *string, missingOnly bool) ([]SummaryState, error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	sem, err := domain.ParseSemester(semester)
	if err != nil {
		return nil, domain.Invalid("semester", "must be a semester like 2026-2027-1")
	}
	months := sem.Months()
	first, last := domain.Date(months[0]+"-01"), domain.Date(months[len(months)-1]+"-31")
	var pairings []*domain.Pairing
	if pairingID != nil {
		pr, err := a.Pairing(ctx, p, *pairingID)
		if err != nil {
			return nil, err
		}
		pairings = []*domain.Pairing{pr}
	} else {
		f := &domain.PairingFilter{Statuses: []domain.PairingStatus{domain.PairingActive, domain.PairingEnded}}
		for after := ""; ; {
			page, err := a.Store.ListPairings(ctx, sc, f, "NAME", false, storage.MaxPage, after)
			if err != nil {
				return nil, err
			}
			pairings = append(pairings, page.Items...)
			if !page.HasNext {
				break
			}
			after = page.Cursors[len(page.Cursors)-1]
		}
	}
	var ids []string
	for _, pr := range pairings {
		if pr.Start <= last && pr.End >= first && pr.Status != domain.PairingDraft {
			ids = append(ids, pr.ID)
		}
	}
	if len(ids) == 0 {
		return []SummaryState{}, nil
	}
	have := map[string]*domain.SemesterSummary{}
	if err := a.Store.EachSummary(ctx, sc, ids, []string{semester}, func(s *domain.SemesterSummary) error {
		have[s.ID] = s
		return nil
	}); err != nil {
		return nil, err
	}
	out := []SummaryState{}
	for _, pr := range pairings {
		if !slices.Contains(ids, pr.ID) {
			continue
		}
		for _, kg := range append([]string{pr.SupportingKindergartenID}, pr.PartnerKindergartenIDs...) {
			side, _ := pr.SideOf(kg)
			st := SummaryState{PairingID: pr.ID, KindergartenID: kg, Side: side, Semester: semester}
			if s := have[domain.SummaryID(pr.ID, semester, kg)]; s != nil && policy.SeesSummary(p, s) {
				st.Summary = s
			}
			if missingOnly && st.Summary != nil && st.Summary.Status == domain.SummarySubmitted {
				continue
			}
			out = append(out, st)
		}
	}
	return out, nil
}

var _ = mutation("recordInspection", InTransaction)

// RecordInspection stores a bureau's inspection of a pairing with its items to rectify.
func (a *App) RecordInspection(ctx context.Context, p *policy.Principal, in domain.InspectionInput) (*domain.Inspection, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	pr, err := lookupRef(ctx, "input.pairingId", "pairing", in.PairingID, a.visiblePairing(p))
	if err != nil {
		return nil, err
	}
	if err := policy.CanInspect(p, pr); err != nil {
		return nil, err
	}
	x := &domain.Inspection{ID: in.ID, PairingID: pr.ID, Date: in.Date, Semester: domain.SemesterOf(in.Date), Inspectors: in.Inspectors,
		Findings: in.Findings, Items: []domain.RectifyItem{}, Scoped: pr.Scoped}
	for _, it := range in.Items {
		x.Items = append(x.Items, domain.RectifyItem{ID: it.ID, Text: it.Text, Deadline: it.Deadline, Status: domain.ItemOpen, Answers: []domain.ItemAnswer{}})
	}
	x.Reckon()
	x.CreatedBy, x.InputHash = p.UserID, domain.Fingerprint(in)
	stored, _, err := a.Store.CreateInspection(ctx, x)
	return stored, err
}

var _ = mutation("answerInspectionItem", InTransaction)

// AnswerInspectionItem records what a side did about an item; it then waits for the bureau.
// An answer sent again with the same answerID changes nothing.
func (a *App) AnswerInspectionItem(ctx context.Context, p *policy.Principal, inspectionID, itemID, text string, answerID *string) (*domain.Inspection, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := domain.ValidateAnswer(&text); err != nil {
		return nil, err
	}
	id := ""
	if answerID != nil {
		if err := domain.ValidID(*answerID); err != nil {
			return nil, domain.Invalid("answerId", "%s", err.Error())
		}
		id = *answerID
	}
	if _, err := a.Inspection(ctx, p, inspectionID); err != nil {
		return nil, err
	}
	return a.Store.UpdateInspection(ctx, inspectionID, func(x *domain.Inspection) error {
		if err := policy.CanAnswerInspection(p, x); err != nil {
			return err
		}
		it := itemOf(x, itemID)
		if it == nil {
			return domain.Invalid("itemId", "is not an item of this inspection")
		}
		for _, prev := range it.Answers {
			if id != "" && prev.ID == id {
				if prev.Text != text || prev.KindergartenID != p.KindergartenID {
					return domain.Errorf(domain.CodeConflict, "another answer was sent with this answerId")
				}
				return storage.Unchanged
			}
		}
		if it.Status == domain.ItemClosed {
			return domain.Errorf(domain.CodeConflict, "this item is closed")
		}
		chars := 0
		for _, item := range x.Items {
			for _, prev := range item.Answers {
				chars += utf8.RuneCountInString(prev.Text)
			}
		}
		if err := domain.RoomForEntry("text", len(it.Answers), domain.MaxAnswersPerItem, chars, text); err != nil {
			return err
		}
		it.Answers = append(it.Answers, domain.ItemAnswer{ID: id, Text: text, By: p.UserID, KindergartenID: p.KindergartenID, At: domain.Now()})
		it.Status = domain.ItemAnswered
		x.Reckon()
		return nil
	})
}

var _ = mutation("closeInspectionItem", InTransaction)
var _ = mutation("reopenInspectionItem", InTransaction)

// SetInspectionItem lets the bureau close an item (accepted) or reopen it (sent back).
func (a *App) SetInspectionItem(ctx context.Context, p *policy.Principal, inspectionID, itemID string, closed bool) (*domain.Inspection, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	cur, err := a.Inspection(ctx, p, inspectionID)
	if err != nil {
		return nil, err
	}
	pr, err := a.Store.Pairing(ctx, cur.PairingID)
	if err != nil {
		return nil, err
	}
	if err := policy.CanInspect(p, pr); err != nil {
		return nil, err
	}
	return a.Store.UpdateInspection(ctx, inspectionID, func(x *domain.Inspection) error {
		it := itemOf(x, itemID)
		if it == nil {
			return domain.Invalid("itemId", "is not an item of this inspection")
		}
		if closed {
			now := domain.Now()
			it.Status, it.ClosedAt, it.ClosedBy = domain.ItemClosed, &now, p.UserID
		} else {
			if it.Status == domain.ItemClosed || it.Status == domain.ItemAnswered {
				it.Reopened++
			}
			it.Status, it.ClosedAt, it.ClosedBy = domain.ItemOpen, nil, ""
		}
		x.Reckon()
		return nil
	})
}

func itemOf(x *domain.Inspection, id string) *domain.RectifyItem {
	for i := range x.Items {
		if x.Items[i].ID == id {
			return &x.Items[i]
		}
	}
	return nil
}

// Inspection returns one inspection the caller may see.
func (a *App) Inspection(ctx context.Context, p *policy.Principal, id string) (*domain.Inspection, error) {
	return visible(ctx, p, "inspection", id, a.Store.Inspection,
		always(func(x *domain.Inspection) bool { return policy.SeesRecord(p, x.Scoped) }))
}

// Inspections lists the inspections in the caller's scope, newest first.
func (a *App) Inspections(ctx context.Context, p *policy.Principal, f *domain.InspectionFilter, first int, after string) (*storage.Page[domain.Inspection], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	return a.Store.ListInspections(ctx, sc, f, first, after)
}

var _ = mutation("addMentorshipActivity", InTransaction)

// AddMentorshipActivity records what a mentor and apprentices did together: by the mentor,
// an apprentice, or an admin of the pairing's kindergartens. Sent again with the same id
// it is kept once.
func (a *App) AddMentorshipActivity(ctx context.Context, p *policy.Principal, mentorshipID, id string, date domain.Date, kind domain.ActivityKind, notes string) (*domain.Mentorship, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := domain.ValidateActivity(id, date, kind, &notes); err != nil {
		return nil, err
	}
	m, err := a.Mentorship(ctx, p, mentorshipID)
	if err != nil {
		return nil, err
	}
	if !policy.CanLogMentorship(p, m) {
		return nil, domain.Forbidden("the mentor, an apprentice or their kindergartens' admins log a mentorship's activities")
	}
	return a.Store.UpdateMentorship(ctx, m.ID, func(m *domain.Mentorship) error {
		chars := 0
		for _, x := range m.Activities {
			if x.ID == id {
				return nil // sent again: kept once
			}
			chars += utf8.RuneCountInString(x.Notes)
		}
		if err := domain.RoomForEntry("input.notes", len(m.Activities), domain.MaxActivitiesPerMentorship, chars, notes); err != nil {
			return err
		}
		m.Activities = append(m.Activities, domain.MentorshipActivity{ID: id, Date: date, Kind: kind, Notes: notes, LoggedBy: p.UserID, At: domain.Now()})
		slices.SortStableFunc(m.Activities, func(x, y domain.MentorshipActivity) int { return strings.Compare(string(x.Date), string(y.Date)) })
		return nil
	})
}

var _ = mutation("addReflection", InTransaction)

// AddReflection records a teacher's reflection (教育反思) or lesson notes (听课笔记) on a
// session: a teacher of either kindergarten of the session, signed in with their teacher
// record. Sent again with the same id it is kept once.
func (a *App) AddReflection(ctx context.Context, p *policy.Principal, sessionID, id string, kind domain.ReflectionKind, text string) (*domain.TeachingSession, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := domain.ValidateReflection(id, kind, &text); err != nil {
		return nil, err
	}
	s, err := a.TeachingSession(ctx, p, sessionID)
	if err != nil {
		return nil, err
	}
	if p.TeacherID == "" || (p.KindergartenID != s.SupportingKindergartenID && p.KindergartenID != s.PartnerKindergartenID) {
		return nil, domain.Forbidden("a teacher of the session's kindergartens writes a reflection on it")
	}
	return a.Store.UpdateTeachingSession(storage.Unmarked(ctx), s.ID, func(s *domain.TeachingSession) error {
		chars := 0
		for _, r := range s.Reflections {
			if r.ID == id {
				return nil
			}
			chars += utf8.RuneCountInString(r.Text)
		}
		if err := domain.RoomForEntry("input.text", len(s.Reflections), domain.MaxReflectionsPerSession, chars, text); err != nil {
			return err
		}
		s.Reflections = append(s.Reflections, domain.Reflection{ID: id, TeacherID: p.TeacherID, Kind: kind, Text: text, By: p.UserID, At: domain.Now()})
		return nil
	})
}
