package storage

import (
	"context"

	"github.com/handinhand/handinhand/domain"
)

// CreateTrainingEvent stores a new event, once per client id.
func (s *Store) CreateTrainingEvent(ctx context.Context, e *domain.TrainingEvent) (*domain.TrainingEvent, bool, error) {
	return insertOnce(ctx, s, CollTrainingEvents, "training event", e.ID, e)
}

// UpdateTrainingEvent applies change to an event.
func (s *Store) UpdateTrainingEvent(ctx context.Context, id string, change func(*domain.TrainingEvent) error) (*domain.TrainingEvent, error) {
	return modify(ctx, s, CollTrainingEvents, "training event", id, change)
}

// TrainingEvent returns one event.
func (s *Store) TrainingEvent(ctx context.Context, id string) (*domain.TrainingEvent, error) {
	return get[domain.TrainingEvent](ctx, s, CollTrainingEvents, "training event", id)
}

// TrainingEventsByID returns the live events among ids.
func (s *Store) TrainingEventsByID(ctx context.Context, ids []string) (map[string]*domain.TrainingEvent, error) {
	return getMany(ctx, s, CollTrainingEvents, ids, func(e *domain.TrainingEvent) string { return e.ID })
}

var trainingSort = map[string]string{"DATE": "date", "TITLE": "title", "HOURS": "hours", "CREATED_AT": "createdAt"}

// ListTrainingEvents returns a page of the events in scope that match f.
func (s *Store) ListTrainingEvents(ctx context.Context, sc domain.Scope, f *domain.TrainingEventFilter, sortBy string, desc bool, first int, after string) (*Page[domain.TrainingEvent], error) {
	q := scopeOfTrainingEvents(sc)
	if f != nil {
		if f.RegionCode != nil {
			q = append(q, eq("regionPath", *f.RegionCode))
		}
		if f.KindergartenID != nil {
			q = append(q, eq("kindergartenIds", *f.KindergartenID))
		}
		if len(f.Semesters) > 0 {
			q = append(q, in("semester", f.Semesters))
		}
		q = append(q, dateRange("date", f.From, f.To)...)
		if len(f.Types) > 0 {
			q = append(q, in("type", f.Types))
		}
		if notEmpty(f.TitleContains) {
			q = append(q, contains("title", *f.TitleContains))
		}
	}
	return list[domain.TrainingEvent](ctx, s, CollTrainingEvents, ListOptions{Filter: q, SortField: sortField(trainingSort, sortBy, "date"), Desc: desc, First: first, After: after})
}

// CreateMentorship stores a new mentorship, once per client id.
func (s *Store) CreateMentorship(ctx context.Context, m *domain.Mentorship) (*domain.Mentorship, bool, error) {
	return insertOnce(ctx, s, CollMentorships, "mentorship", m.ID, m)
}

// UpdateMentorship applies change to a mentorship.
func (s *Store) UpdateMentorship(ctx context.Context, id string, change func(*domain.Mentorship) error) (*domain.Mentorship, error) {
	return modify(ctx, s, CollMentorships, "mentorship", id, change)
}

// Mentorship returns one mentorship.
func (s *Store) Mentorship(ctx context.Context, id string) (*domain.Mentorship, error) {
	return get[domain.Mentorship](ctx, s, CollMentorships, "mentorship", id)
}

// ListMentorships returns a page of the mentorships in scope that match f.
func (s *Store) ListMentorships(ctx context.Context, sc domain.Scope, f *domain.MentorshipFilter, first int, after string) (*Page[domain.Mentorship], error) {
	q := scopeOfRecords(sc)
	if f != nil {
		if f.PairingID != nil {
			q = append(q, eq("pairingId", *f.PairingID))
		}
		if f.TeacherID != nil {
			q = append(q, anyOf([]cond{eq("mentorId", *f.TeacherID)}, []cond{eq("apprenticeIds", *f.TeacherID)}))
		}
	}
	return list[domain.Mentorship](ctx, s, CollMentorships, ListOptions{Filter: q, SortField: "start", Desc: true, First: first, After: after})
}

// CreateDonation stores a new donation, once per client id.
func (s *Store) CreateDonation(ctx context.Context, d *domain.Donation) (*domain.Donation, bool, error) {
	return insertOnce(ctx, s, CollDonations, "donation", d.ID, d)
}

// UpdateDonation applies change to a donation.
func (s *Store) UpdateDonation(ctx context.Context, id string, change func(*domain.Donation) error) (*domain.Donation, error) {
	return modify(ctx, s, CollDonations, "donation", id, change)
}

// Donation returns one donation.
func (s *Store) Donation(ctx context.Context, id string) (*domain.Donation, error) {
	return get[domain.Donation](ctx, s, CollDonations, "donation", id)
}

// ListDonations returns a page of the donations in scope that match f.
func (s *Store) ListDonations(ctx context.Context, sc domain.Scope, f *domain.DonationFilter, first int, after string) (*Page[domain.Donation], error) {
	q := scopeOfRecords(sc)
	if f != nil {
		if f.PairingID != nil {
			q = append(q, eq("pairingId", *f.PairingID))
		}
		q = append(q, dateRange("date", f.From, f.To)...)
	}
	return list[domain.Donation](ctx, s, CollDonations, ListOptions{Filter: q, SortField: "date", Desc: true, First: first, After: after})
}
