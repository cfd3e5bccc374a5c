package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

var _ = mutation("logTeachingSession", InTransaction)

// LogTeachingSession records a session logged by either side of an active pairing. The
// client's id makes it idempotent: an offline retry of the same input returns the
// stored session; a different input with that id is CONFLICT.
func (a *App) LogTeachingSession(ctx context.Context, p *policy.Principal, in domain.TeachingSessionInput) (*domain.TeachingSession, error) {
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
	side, err := policy.CanLogSession(p, pr)
	if err != nil {
		return nil, err
	}
	partner, err := pairingPartner(pr, side, p, in.PartnerKindergartenID)
	if err != nil {
		return nil, err
	}
	s := &domain.TeachingSession{ID: in.ID, PairingID: pr.ID, LoggedBySide: side, Status: domain.ConfirmationPending}
	if err := a.applySession(ctx, pr, partner, s, &in); err != nil {
		return nil, err
	}
	s.Corrections = []domain.Correction{}
	s.CapturedAt = in.CapturedAt
	s.CreatedBy, s.InputHash = p.UserID, domain.Fingerprint(in)
	stored, _, err := a.Store.CreateTeachingSession(ctx, s)
	return stored, err
}

// applySession checks an input against its pairing and fills the session, held with
// partner, from it.
func (a *App) applySession(ctx context.Context, pr *domain.Pairing, partner string, s *domain.TeachingSession, in *domain.TeachingSessionInput) error {
	if in.Date < pr.Start || in.Date > pr.End {
		return domain.Invalid("input.date", "%s is outside the pairing's period %s – %s", in.Date, pr.Start, pr.End)
	}
	kgs, err := a.Store.KindergartensByID(ctx, []string{pr.SupportingKindergartenID, partner})
	if err != nil {
		return err
	}
	if kgs[pr.SupportingKindergartenID] == nil || kgs[partner] == nil {
		return domain.Invalid("input.pairingId", "the pairing names a kindergarten that no longer exists")
	}
	if len(in.TeacherIDs) > 0 {
		ts, err := a.Store.TeachersByID(ctx, in.TeacherIDs)
		if err != nil {
			return err
		}
		for i, id := range in.TeacherIDs {
			t := ts[id]
			if t == nil || (t.KindergartenID != pr.SupportingKindergartenID && t.KindergartenID != partner) {
				return domain.Invalid(fmt.Sprintf("input.teacherIds[%d]", i), "no teacher with id %s at this session's kindergartens", id)
			}
		}
	}
	s.PairingID = pr.ID
	s.SupportingKindergartenID, s.PartnerKindergartenID = pr.SupportingKindergartenID, partner
	s.Direction = domain.DirectionOutbound
	if in.Direction != nil {
		s.Direction = *in.Direction
	}
	s.HostKindergartenID = partner
	if s.Direction == domain.DirectionInbound {
		s.HostKindergartenID = pr.SupportingKindergartenID
	}
	s.Date, s.Semester, s.Month = in.Date, domain.SemesterOf(in.Date), in.Date.Month()
	s.Hours, s.Type = in.Hours, in.Type
	s.Domains = slices.Clone(in.Domains)
	if s.Domains == nil {
		s.Domains = []domain.Domain{}
	}
	s.Topic, s.Notes = str(in.Topic), str(in.Notes)
	s.TeacherIDs = slices.Clone(in.TeacherIDs)
	if s.TeacherIDs == nil {
		s.TeacherIDs = []string{}
	}
	s.Attendees = intOr(in.Attendees, 0)
	s.KindergartenIDs = []string{pr.SupportingKindergartenID, partner}
	s.RegionPath = domain.UnionPaths(kgs[pr.SupportingKindergartenID].RegionCode, kgs[partner].RegionCode)
	return nil
}

// loggedWith returns the pairing and partner a logged session belongs to; an edit or a
// correction may not move it to another.
func (a *App) loggedWith(ctx context.Context, s *domain.TeachingSession, in *domain.TeachingSessionInput) (*domain.Pairing, string, error) {
	if in.PairingID != s.PairingID {
		return nil, "", domain.Invalid("input.pairingId", "cannot change once logged")
	}
	if in.PartnerKindergartenID != nil && *in.PartnerKindergartenID != s.PartnerKindergartenID {
		return nil, "", domain.Invalid("input.partnerKindergartenId", "cannot change once logged")
	}
	pr, err := a.Store.Pairing(ctx, s.PairingID)
	return pr, s.PartnerKindergartenID, err
}

func (a *App) visiblePairing(p *policy.Principal) func(context.Context, string) (*domain.Pairing, error) {
	return func(ctx context.Context, id string) (*domain.Pairing, error) { return a.Pairing(ctx, p, id) }
}

var _ = mutation("updateTeachingSession", InTransaction)

// UpdateTeachingSession lets the logging side change a session until it is confirmed.
// A session the other side queried goes back to waiting for confirmation.
func (a *App) UpdateTeachingSession(ctx context.Context, p *policy.Principal, in domain.TeachingSessionInput) (*domain.TeachingSession, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if _, err := a.TeachingSession(ctx, p, in.ID); err != nil {
		return nil, err
	}
	return a.Store.UpdateTeachingSession(ctx, in.ID, func(s *domain.TeachingSession) error {
		if err := policy.CanEditSession(p, s); err != nil {
			return err
		}
		pr, partner, err := a.loggedWith(ctx, s, &in)
		if err != nil {
			return err
		}
		if err := a.applySession(ctx, pr, partner, s, &in); err != nil {
			return err
		}
		if s.Status == domain.ConfirmationQueried {
			s.Status = domain.ConfirmationPending
		}
		return nil
	})
}

var _ = mutation("confirmTeachingSession", InTransaction)

// ConfirmTeachingSession is the other side's confirmation that a session happened, with
// a rating (1–5, by the partner side only) and feedback. Confirming again returns the
// confirmed session unchanged, so a retried confirmation is harmless.
func (a *App) ConfirmTeachingSession(ctx context.Context, p *policy.Principal, id string, rating *int, feedback *string) (*domain.TeachingSession, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if _, err := a.TeachingSession(ctx, p, id); err != nil {
		return nil, err
	}
	fb := strings.TrimSpace(str(feedback))
	if len([]rune(fb)) > domain.MaxText {
		return nil, domain.Invalid("feedback", "is too long (at most %d characters)", domain.MaxText)
	}
	s, err := a.Store.UpdateTeachingSession(ctx, id, func(s *domain.TeachingSession) error {
		side, err := policy.CanConfirmSession(p, s)
		if err != nil {
			return err
		}
		if rating != nil {
			if side != domain.SidePartner {
				return domain.Invalid("rating", "only the partner kindergarten rates a lesson it received")
			}
			if *rating < 1 || *rating > 5 {
				return domain.Invalid("rating", "must be from 1 to 5")
			}
		}
		if s.Confirmed() {
			return errUnchanged
		}
		now := domain.Now()
		s.Status, s.ConfirmedBy, s.ConfirmedAt = domain.ConfirmationConfirmed, p.UserID, &now
		s.Rating, s.Feedback = rating, fb
		s.QueryReason, s.QueriedBy, s.QueriedAt = "", "", nil
		return nil
	})
	if err == errUnchanged {
		return a.Store.TeachingSession(ctx, id)
	}
	return s, err
}

// errUnchanged tells a modify callback's caller the record is already as asked.
var errUnchanged = &domain.Error{Code: "UNCHANGED"}

var _ = mutation("queryTeachingSession", InTransaction)

// QueryTeachingSession sends a session back to the side that logged it with a reason
// (质疑): it is not confirmed until they change it and it is confirmed.
func (a *App) QueryTeachingSession(ctx context.Context, p *policy.Principal, id, reason string) (*domain.TeachingSession, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if _, err := a.TeachingSession(ctx, p, id); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > domain.MaxText {
		return nil, domain.Invalid("reason", "say what is wrong (at most %d characters)", domain.MaxText)
	}
	return a.Store.UpdateTeachingSession(ctx, id, func(s *domain.TeachingSession) error {
		if _, err := policy.CanConfirmSession(p, s); err != nil {
			return err
		}
		if s.Confirmed() {
			return domain.Forbidden("this session is already confirmed; ask an admin to correct it")
		}
		now := domain.Now()
		s.Status, s.QueryReason, s.QueriedBy, s.QueriedAt = domain.ConfirmationQueried, reason, p.UserID, &now
		return nil
	})
}

var _ = mutation("correctTeachingSession", InTransaction)

// CorrectTeachingSession is an admin's change to a session, confirmed or not, kept in
// the session's corrections with the reason and each field's old and new value.
func (a *App) CorrectTeachingSession(ctx context.Context, p *policy.Principal, in domain.TeachingSessionInput, reason string) (*domain.TeachingSession, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if !policy.CanCorrectSession(p) {
		return nil, domain.Forbidden("only admins correct sessions")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > domain.MaxText {
		return nil, domain.Invalid("reason", "a correction needs a reason (at most %d characters)", domain.MaxText)
	}
	return a.Store.UpdateTeachingSession(ctx, in.ID, func(s *domain.TeachingSession) error {
		pr, partner, err := a.loggedWith(ctx, s, &in)
		if err != nil {
			return err
		}
		before := *s
		if err := a.applySession(ctx, pr, partner, s, &in); err != nil {
			return err
		}
		changes := sessionChanges(&before, s)
		if len(changes) == 0 {
			return domain.Invalid("input", "changes nothing")
		}
		s.Corrections = append(s.Corrections, domain.Correction{By: p.UserID, At: domain.Now(), Reason: reason, Changes: changes})
		return nil
	})
}

func sessionChanges(a, b *domain.TeachingSession) []domain.Change {
	var out []domain.Change
	add := func(field string, x, y any) {
		xs, ys := fmt.Sprint(x), fmt.Sprint(y)
		if xs != ys {
			out = append(out, domain.Change{Field: field, Before: xs, After: ys})
		}
	}
	add("date", a.Date, b.Date)
	add("hours", a.Hours, b.Hours)
	add("type", a.Type, b.Type)
	add("direction", a.Direction, b.Direction)
	add("domains", a.Domains, b.Domains)
	add("topic", a.Topic, b.Topic)
	add("teacherIds", a.TeacherIDs, b.TeacherIDs)
	add("attendees", a.Attendees, b.Attendees)
	add("notes", a.Notes, b.Notes)
	return out
}

var _ = mutation("deleteTeachingSession", InTransaction)

// DeleteTeachingSession soft-deletes a session: the logging side until it is confirmed,
// or an admin. Deleting an already deleted session succeeds, so retries are harmless.
func (a *App) DeleteTeachingSession(ctx context.Context, p *policy.Principal, id string) (*domain.TeachingSession, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if _, err := a.TeachingSession(ctx, p, id); err != nil {
		if domain.CodeOf(err) == domain.CodeNotFound {
			if s, _ := a.Store.TeachingSessionIncludingDeleted(ctx, id); s != nil && s.Deleted() && policy.SeesRecord(p, s.Scoped) {
				return s, nil
			}
		}
		return nil, err
	}
	return a.Store.UpdateTeachingSession(ctx, id, func(s *domain.TeachingSession) error {
		if err := policy.CanDeleteSession(p, s); err != nil {
			return err
		}
		now := domain.Now()
		s.DeletedAt = &now
		return nil
	})
}

// TeachingSession returns one live session the caller may see.
func (a *App) TeachingSession(ctx context.Context, p *policy.Principal, id string) (*domain.TeachingSession, error) {
	return visible(ctx, p, "teaching session", id, a.Store.TeachingSession,
		always(func(s *domain.TeachingSession) bool { return policy.SeesRecord(p, s.Scoped) }))
}

// TeachingSessions lists the sessions in the caller's scope.
func (a *App) TeachingSessions(ctx context.Context, p *policy.Principal, f *domain.TeachingSessionFilter, sortBy string, desc bool, first int, after string) (*storage.Page[domain.TeachingSession], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	if f != nil {
		for i, s := range f.Semesters {
			if _, err := domain.ParseSemester(s); err != nil {
				return nil, domain.Invalid(fmt.Sprintf("filter.semesters[%d]", i), "%s", err.Error())
			}
		}
	}
	return a.Store.ListTeachingSessions(ctx, sc, f, sortBy, desc, first, after)
}
