package app

import (
	"context"
	"slices"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
)

var _ = mutation("setPlan", InTransaction)

// SetPlan replaces a semester's planned activities of a pairing (whoever manages it: the
// supporting kindergarten's admin, its bureau, admins).
func (a *App) SetPlan(ctx context.Context, p *policy.Principal, pairingID, semester string, items []*domain.PlannedActivityInput) (*domain.Pairing, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	pr, err := a.managedPairing(ctx, p, pairingID)
	if err != nil {
		return nil, err
	}
	if err := domain.ValidatePlan(semester, items, pr.PartnerKindergartenIDs); err != nil {
		return nil, err
	}
	next := make([]domain.PlannedActivity, 0, len(items))
	for _, it := range items {
		next = append(next, domain.PlannedActivity{ID: it.ID, Semester: semester, Type: it.Type, Month: it.Month, Date: it.Date,
			PartnerKindergartenID: str(it.PartnerKindergartenID), Responsible: str(it.Responsible), Notes: str(it.Notes)})
	}
	if _, err := a.Store.SetPlan(ctx, pr.ID, semester, next); err != nil {
		return nil, err
	}
	return pr, nil
}

var _ = mutation("copyPlanForward", InTransaction)

// CopyPlanForward copies one semester's planned activities into another whose plan is
// empty, each to the same month of its term (the 1st month to the 1st, …), without days.
func (a *App) CopyPlanForward(ctx context.Context, p *policy.Principal, pairingID, from, to string) (*domain.Pairing, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	fs, err := domain.ParseSemester(from)
	if err != nil {
		return nil, domain.Invalid("from", "must be a semester like 2026-2027-1")
	}
	ts, err := domain.ParseSemester(to)
	if err != nil {
		return nil, domain.Invalid("to", "must be a semester like 2026-2027-1")
	}
	pr, err := a.managedPairing(ctx, p, pairingID)
	if err != nil {
		return nil, err
	}
	fromMonths, toMonths := fs.Months(), ts.Months()
	source, err := a.Store.Plan(ctx, pr.ID, from)
	if err != nil {
		return nil, err
	}
	target, err := a.Store.Plan(ctx, pr.ID, to)
	if err != nil {
		return nil, err
	}
	if len(target.Activities) > 0 {
		return nil, domain.Errorf(domain.CodeConflict, "%s already has a plan; change it there", to)
	}
	var copied []domain.PlannedActivity
	for _, x := range source.Activities {
		i := min(slices.Index(fromMonths, x.Month), len(toMonths)-1)
		if i < 0 {
			continue
		}
		x.ID, x.Semester, x.Month, x.Date = x.ID+":"+to, to, toMonths[i], nil
		copied = append(copied, x)
	}
	if _, err := a.Store.SetPlan(ctx, pr.ID, to, copied); err != nil {
		return nil, err
	}
	return pr, nil
}

// PlanOf gives a pairing's planned activities of a semester their status, from the
// sessions the caller may see.
func (a *App) PlanOf(ctx context.Context, p *policy.Principal, pr *domain.Pairing, semester string) ([]domain.PlanState, error) {
	plan, err := a.Store.Plan(ctx, pr.ID, semester)
	if err != nil {
		return nil, err
	}
	items := plan.Activities
	if len(items) == 0 {
		return []domain.PlanState{}, nil
	}
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	var sessions []*domain.TeachingSession
	f := &domain.TeachingSessionFilter{PairingIDs: []string{pr.ID}, Semesters: []string{semester}}
	if err := a.Store.EachTeachingSession(ctx, sc, f, MaxFileSessions, func(s *domain.TeachingSession) error {
		sessions = append(sessions, s)
		return nil
	}); err != nil {
		return nil, err
	}
	return domain.ReckonPlan(items, sessions, domain.DateOf(domain.Now())), nil
}
