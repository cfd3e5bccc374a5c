package app

import (
	"context"
	"fmt"
	"math"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

// managedPairing loads a pairing the caller may see and manage.
func (a *App) managedPairing(ctx context.Context, p *policy.Principal, id string) (*domain.Pairing, error) {
	pr, err := lookupRef(ctx, "input.pairingId", "pairing", id, a.visiblePairing(p))
	if err != nil {
		return nil, err
	}
	ok, err := a.CanManagePairing(ctx, p, pr)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, domain.Forbidden("only the supporting kindergarten's admin, its bureau or an admin manage this pairing")
	}
	return pr, nil
}

var _ = mutation("createMentorship", InTransaction)

// CreateMentorship records a 师徒结对: a teacher of the supporting kindergarten mentoring
// teachers of its partners.
func (a *App) CreateMentorship(ctx context.Context, p *policy.Principal, in domain.MentorshipInput) (*domain.Mentorship, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	m := &domain.Mentorship{ID: in.ID}
	if err := a.applyMentorship(ctx, p, m, &in); err != nil {
		return nil, err
	}
	m.CreatedBy, m.InputHash = p.UserID, domain.Fingerprint(in)
	stored, _, err := a.Store.CreateMentorship(ctx, m)
	return stored, err
}

func (a *App) applyMentorship(ctx context.Context, p *policy.Principal, m *domain.Mentorship, in *domain.MentorshipInput) error {
	pr, err := a.managedPairing(ctx, p, in.PairingID)
	if err != nil {
		return err
	}
	ts, err := a.Store.TeachersByID(ctx, append([]string{in.MentorID}, in.ApprenticeIDs...))
	if err != nil {
		return err
	}
	mentor := ts[in.MentorID]
	if mentor == nil || mentor.KindergartenID != pr.SupportingKindergartenID {
		return domain.Invalid("input.mentorId", "must be a teacher of the supporting kindergarten")
	}
	ids := []string{pr.SupportingKindergartenID}
	paths := append([]string{}, mentor.RegionPath...)
	for i, id := range in.ApprenticeIDs {
		t := ts[id]
		if t == nil {
			return refError(fmt.Sprintf("input.apprenticeIds[%d]", i), "teacher", id)
		}
		if s, ok := pr.SideOf(t.KindergartenID); !ok || s != domain.SidePartner {
			return domain.Invalid(fmt.Sprintf("input.apprenticeIds[%d]", i), "must be a teacher of a partner kindergarten")
		}
		ids = appendNew(ids, t.KindergartenID)
		paths = append(paths, t.RegionPath...)
	}
	m.PairingID, m.MentorID, m.ApprenticeIDs = pr.ID, mentor.ID, in.ApprenticeIDs
	m.Start, m.End, m.Goals = in.Start, in.End, str(in.Goals)
	m.KindergartenIDs, m.RegionPath = ids, domain.UnionPaths(paths...)
	return nil
}

func appendNew(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

var _ = mutation("updateMentorship", InTransaction)

// UpdateMentorship replaces a mentorship.
func (a *App) UpdateMentorship(ctx context.Context, p *policy.Principal, in domain.MentorshipInput) (*domain.Mentorship, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if _, err := a.Mentorship(ctx, p, in.ID); err != nil {
		return nil, err
	}
	return a.Store.UpdateMentorship(ctx, in.ID, func(m *domain.Mentorship) error {
		if m.PairingID != in.PairingID {
			return domain.Invalid("input.pairingId", "cannot change")
		}
		return a.applyMentorship(ctx, p, m, &in)
	})
}

var _ = mutation("deleteMentorship", InTransaction)

// DeleteMentorship soft-deletes a mentorship.
func (a *App) DeleteMentorship(ctx context.Context, p *policy.Principal, id string) (*domain.Mentorship, error) {
	m, err := a.Mentorship(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if _, err := a.managedPairing(ctx, p, m.PairingID); err != nil {
		return nil, err
	}
	return a.Store.UpdateMentorship(ctx, id, func(m *domain.Mentorship) error {
		now := domain.Now()
		m.DeletedAt = &now
		return nil
	})
}

// Mentorship returns one mentorship the caller may see.
func (a *App) Mentorship(ctx context.Context, p *policy.Principal, id string) (*domain.Mentorship, error) {
	return visible(ctx, p, "mentorship", id, a.Store.Mentorship, always(func(m *domain.Mentorship) bool { return policy.SeesRecord(p, m.Scoped) }))
}

// Mentorships lists the mentorships in the caller's scope.
func (a *App) Mentorships(ctx context.Context, p *policy.Principal, f *domain.MentorshipFilter, first int, after string) (*storage.Page[domain.Mentorship], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	return a.Store.ListMentorships(ctx, sc, f, first, after)
}

var _ = mutation("createDonation", InTransaction)

// CreateDonation records books, toys or equipment given to a partner.
func (a *App) CreateDonation(ctx context.Context, p *policy.Principal, in domain.DonationInput) (*domain.Donation, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	pr, err := a.managedPairing(ctx, p, in.PairingID)
	if err != nil {
		return nil, err
	}
	partner, err := pairingPartner(pr, domain.SideSupporting, p, in.PartnerKindergartenID)
	if err != nil {
		return nil, err
	}
	kgs, err := a.Store.KindergartensByID(ctx, []string{pr.SupportingKindergartenID, partner})
	if err != nil {
		return nil, err
	}
	if kgs[pr.SupportingKindergartenID] == nil || kgs[partner] == nil {
		return nil, domain.Invalid("input.pairingId", "the pairing names a kindergarten that no longer exists")
	}
	d := &domain.Donation{ID: in.ID, PairingID: pr.ID, PartnerKindergartenID: partner, Date: in.Date, Notes: str(in.Notes)}
	total := 0.0
	for _, it := range in.Items {
		d.Items = append(d.Items, domain.DonationItem{Name: it.Name, Quantity: it.Quantity, Value: it.Value})
		total += it.Value
	}
	d.Value = math.Round(total*100) / 100
	d.KindergartenIDs = []string{pr.SupportingKindergartenID, partner}
	d.RegionPath = domain.UnionPaths(kgs[pr.SupportingKindergartenID].RegionCode, kgs[partner].RegionCode)
	d.CreatedBy, d.InputHash = p.UserID, domain.Fingerprint(in)
	stored, _, err := a.Store.CreateDonation(ctx, d)
	return stored, err
}

var _ = mutation("deleteDonation", InTransaction)

// DeleteDonation soft-deletes a donation.
func (a *App) DeleteDonation(ctx context.Context, p *policy.Principal, id string) (*domain.Donation, error) {
	d, err := a.Donation(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if _, err := a.managedPairing(ctx, p, d.PairingID); err != nil {
		return nil, err
	}
	return a.Store.UpdateDonation(ctx, id, func(d *domain.Donation) error {
		now := domain.Now()
		d.DeletedAt = &now
		return nil
	})
}

// Donation returns one donation the caller may see.
func (a *App) Donation(ctx context.Context, p *policy.Principal, id string) (*domain.Donation, error) {
	return visible(ctx, p, "donation", id, a.Store.Donation, always(func(d *domain.Donation) bool { return policy.SeesRecord(p, d.Scoped) }))
}

// Donations lists the donations in the caller's scope.
func (a *App) Donations(ctx context.Context, p *policy.Principal, f *domain.DonationFilter, first int, after string) (*storage.Page[domain.Donation], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	return a.Store.ListDonations(ctx, sc, f, first, after)
}

// Node returns the record with a given id, whatever its type, if the caller may see it.
// Ids are UUIDs unique across types, so each type is tried by point lookup in turn.
func (a *App) Node(ctx context.Context, p *policy.Principal, id string) (any, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := domain.ValidID(id); err != nil {
		return nil, domain.Invalid("id", "%s", err.Error())
	}
	tries := []func() (any, error){
		func() (any, error) { return a.TeachingSession(ctx, p, id) },
		func() (any, error) { return a.Pairing(ctx, p, id) },
		func() (any, error) { return a.Kindergarten(ctx, p, id) },
		func() (any, error) { return a.Teacher(ctx, p, id) },
		func() (any, error) { return a.TrainingEvent(ctx, p, id) },
		func() (any, error) { return a.User(ctx, p, id) },
		func() (any, error) { return a.Mentorship(ctx, p, id) },
		func() (any, error) { return a.Donation(ctx, p, id) },
		func() (any, error) { return a.Photo(ctx, p, id) },
		func() (any, error) { return a.LessonGrade(ctx, p, id) },
		func() (any, error) { return a.Inspection(ctx, p, id) },
		func() (any, error) { return a.Child(ctx, p, id) },
	}
	for _, try := range tries {
		v, err := try()
		if err == nil {
			return v, nil
		}
		if domain.CodeOf(err) != domain.CodeNotFound {
			return nil, err
		}
	}
	return nil, domain.NotFound("node", id)
}
