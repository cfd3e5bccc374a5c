package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

var _ = mutation("createPairing", InTransaction)

// CreatePairing records a signed pairing between a supporting kindergarten and its
// partners. Targets default to the bureau's (10 hours, 2 special lectures, a monthly
// visit) unless given.
func (a *App) CreatePairing(ctx context.Context, p *policy.Principal, in domain.PairingInput) (*domain.Pairing, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	pr := &domain.Pairing{ID: str(in.ID)}
	if pr.ID == "" {
		pr.ID = domain.NewID()
	}
	if err := a.applyPairing(ctx, p, nil, pr, &in); err != nil {
		return nil, err
	}
	pr.CreatedBy, pr.InputHash = p.UserID, domain.Fingerprint(in)
	stored, _, err := a.Store.CreatePairing(ctx, pr)
	return stored, err
}

// applyPairing checks the kindergartens an input names and fills the pairing from it;
// cur is the pairing as it is (nil for a new one).
func (a *App) applyPairing(ctx context.Context, p *policy.Principal, cur, pr *domain.Pairing, in *domain.PairingInput) error {
	ids := append([]string{in.SupportingKindergartenID}, in.PartnerKindergartenIDs...)
	kgs, err := a.Store.KindergartensByID(ctx, ids)
	if err != nil {
		return err
	}
	sup := kgs[in.SupportingKindergartenID]
	if sup == nil {
		return refError("input.supportingKindergartenId", "kindergarten", in.SupportingKindergartenID)
	}
	if !policy.CanManagePairing(p, sup) {
		return domain.Forbidden("you cannot manage pairings of %s", sup.Name)
	}
	codes := []string{sup.RegionCode}
	for i, id := range in.PartnerKindergartenIDs {
		k := kgs[id]
		if k == nil {
			return refError(fmt.Sprintf("input.partnerKindergartenIds[%d]", i), "kindergarten", id)
		}
		codes = append(codes, k.RegionCode)
	}
	for i, m := range in.LeadingGroup {
		if m.KindergartenID != nil && kgs[*m.KindergartenID] == nil {
			return domain.Invalid(fmt.Sprintf("input.leadingGroup[%d].kindergartenId", i), "is not one of the pairing's kindergartens")
		}
	}
	pr.Name = in.Name
	pr.SupportingKindergartenID, pr.PartnerKindergartenIDs = sup.ID, in.PartnerKindergartenIDs
	pr.AgreementDate, pr.Start, pr.End, pr.Goals = in.AgreementDate, in.Start, in.End, str(in.Goals)
	pr.Status = domain.PairingDraft
	if in.Status != nil {
		pr.Status = *in.Status
	}
	if err := mayTakeEffect(p, cur, pr, kgs); err != nil {
		return err
	}
	pr.LeadingGroup = make([]domain.GroupMember, 0, len(in.LeadingGroup))
	for _, m := range in.LeadingGroup {
		pr.LeadingGroup = append(pr.LeadingGroup, domain.GroupMember{Name: m.Name, Role: m.Role, Duty: str(m.Duty), KindergartenID: str(m.KindergartenID)})
	}
	pr.Phases = make([]domain.Phase, 0, len(in.Phases))
	for _, ph := range in.Phases {
		pr.Phases = append(pr.Phases, domain.Phase{Name: ph.Name, Start: ph.Start, End: ph.End, Goals: str(ph.Goals)})
	}
	pr.Targets = in.Targets.Apply(domain.DefaultTargets)
	pr.TargetOverrides = make([]domain.SemesterTargets, 0, len(in.TargetOverrides))
	for _, o := range in.TargetOverrides {
		pr.TargetOverrides = append(pr.TargetOverrides, domain.SemesterTargets{Semester: o.Semester, Targets: o.Targets.Apply(pr.Targets)})
	}
	pr.KindergartenIDs = ids
	pr.RegionPath = domain.UnionPaths(codes...)
	return nil
}

// mayTakeEffect refuses what only a bureau covering every kindergarten (or an admin) may
// do: make a pairing take effect, or change the kindergartens of one in effect.
// Editing the plan of a pairing in effect (phases, targets, goals) stays with the
// supporting kindergarten.
func mayTakeEffect(p *policy.Principal, cur, next *domain.Pairing, kgs map[string]*domain.Kindergarten) error {
	list := make([]*domain.Kindergarten, 0, len(kgs))
	for _, k := range kgs {
		list = append(list, k)
	}
	if policy.CanActivatePairing(p, list) {
		return nil
	}
	const why = "the pairing waits as a draft until the education bureau of a region covering all its kindergartens activates it"
	if cur == nil {
		if next.Status != domain.PairingDraft {
			return &domain.Error{Code: domain.CodeForbidden, Field: "input.status", Message: why}
		}
		return nil
	}
	if next.Status != cur.Status && (next.Status != domain.PairingEnded || cur.Status == domain.PairingDraft) {
		return &domain.Error{Code: domain.CodeForbidden, Field: "input.status", Message: why}
	}
	if cur.Status != domain.PairingDraft && !slices.Equal(sortedCopy(cur.PartnerKindergartenIDs), sortedCopy(next.PartnerKindergartenIDs)) {
		return &domain.Error{Code: domain.CodeForbidden, Field: "input.partnerKindergartenIds",
			Message: "the partners of a pairing in effect are changed by the education bureau"}
	}
	return nil
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

var _ = mutation("updatePairing", InTransaction)

// UpdatePairing replaces a pairing's plan. Its supporting kindergarten is fixed, and a
// partner that already has sessions cannot be removed: those records belong to it.
func (a *App) UpdatePairing(ctx context.Context, p *policy.Principal, id string, in domain.PairingInput) (*domain.Pairing, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	cur, err := a.Pairing(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if in.SupportingKindergartenID != cur.SupportingKindergartenID {
		return nil, domain.Invalid("input.supportingKindergartenId", "cannot change; end this pairing and create a new one")
	}
	for _, old := range cur.PartnerKindergartenIDs {
		kept := false
		for _, k := range in.PartnerKindergartenIDs {
			kept = kept || k == old
		}
		if !kept {
			n, err := a.Store.CountSessionsOf(ctx, id, old)
			if err != nil {
				return nil, err
			}
			if n > 0 {
				return nil, domain.Invalid("input.partnerKindergartenIds", "partner %s has %d logged sessions and cannot be removed", old, n)
			}
		}
	}
	next := &domain.Pairing{}
	if err := a.applyPairing(ctx, p, cur, next, &in); err != nil {
		return nil, err
	}
	return a.Store.UpdatePairing(ctx, id, func(pr *domain.Pairing) error {
		next.ID, next.Meta = pr.ID, pr.Meta
		*pr = *next
		return nil
	})
}

// Pairing returns one pairing the caller may see.
func (a *App) Pairing(ctx context.Context, p *policy.Principal, id string) (*domain.Pairing, error) {
	return visible(ctx, p, "pairing", id, a.Store.Pairing, always(func(pr *domain.Pairing) bool { return policy.SeesRecord(p, pr.Scoped) }))
}

// Pairings lists the pairings in the caller's scope.
func (a *App) Pairings(ctx context.Context, p *policy.Principal, f *domain.PairingFilter, sortBy string, desc bool, first int, after string) (*storage.Page[domain.Pairing], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	return a.Store.ListPairings(ctx, sc, f, sortBy, desc, first, after)
}

// CanManage tells a client whether to offer editing a pairing.
func (a *App) CanManagePairing(ctx context.Context, p *policy.Principal, pr *domain.Pairing) (bool, error) {
	sup, err := a.Store.Kindergarten(ctx, pr.SupportingKindergartenID)
	if err != nil {
		return false, err
	}
	return policy.CanManagePairing(p, sup), nil
}

// pairingPartner resolves which partner a record of the pairing is with: a partner's
// own staff are that partner; the supporting side names one when there are several.
func pairingPartner(pr *domain.Pairing, side domain.Side, p *policy.Principal, given *string) (string, error) {
	if side == domain.SidePartner {
		if given != nil && *given != p.KindergartenID {
			return "", domain.Invalid("input.partnerKindergartenId", "must be your own kindergarten")
		}
		return p.KindergartenID, nil
	}
	if given == nil {
		if len(pr.PartnerKindergartenIDs) == 1 {
			return pr.PartnerKindergartenIDs[0], nil
		}
		return "", domain.Invalid("input.partnerKindergartenId", "is required: this pairing has %d partner kindergartens", len(pr.PartnerKindergartenIDs))
	}
	if s, ok := pr.SideOf(*given); !ok || s != domain.SidePartner {
		return "", domain.Invalid("input.partnerKindergartenId", "is not a partner kindergarten of this pairing")
	}
	return *given, nil
}
