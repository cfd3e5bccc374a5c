package storage

import (
	"context"

	"github.com/handinhand/handinhand/domain"
)

// CreateTeachingSession stores a session logged from a phone, once per client id.
func (s *Store) CreateTeachingSession(ctx context.Context, t *domain.TeachingSession) (*domain.TeachingSession, bool, error) {
	return insertOnce(ctx, s, CollSessions, "teaching session", t.ID, t)
}

// UpdateTeachingSession applies change to a live session.
func (s *Store) UpdateTeachingSession(ctx context.Context, id string, change func(*domain.TeachingSession) error) (*domain.TeachingSession, error) {
	return modify(ctx, s, CollSessions, "teaching session", id, change)
}

// TeachingSession returns one live session.
func (s *Store) TeachingSession(ctx context.Context, id string) (*domain.TeachingSession, error) {
	return get[domain.TeachingSession](ctx, s, CollSessions, "teaching session", id)
}

var sessionSort = map[string]string{"DATE": "date", "HOURS": "hours", "CREATED_AT": "createdAt", "UPDATED_AT": "updatedAt"}

// ListTeachingSessions returns a page of the sessions in scope that match f.
func (s *Store) ListTeachingSessions(ctx context.Context, sc domain.Scope, f *domain.TeachingSessionFilter, sortBy string, desc bool, first int, after string) (*Page[domain.TeachingSession], error) {
	return list[domain.TeachingSession](ctx, s, CollSessions, ListOptions{Filter: sessionWhere(sc, f), SortField: sortField(sessionSort, sortBy, "date"), Desc: desc, First: first, After: after})
}

// EachTeachingSession passes every live session in scope that matches f to fn, by date,
// with one query: for exports, which would otherwise page through thousands.
func (s *Store) EachTeachingSession(ctx context.Context, sc domain.Scope, f *domain.TeachingSessionFilter, limit int, fn func(*domain.TeachingSession) error) error {
	return each(ctx, s, CollSessions, sessionWhere(sc, f), []sortKey{{field: "date"}, {field: "_id"}}, limit, fn)
}

func sessionWhere(sc domain.Scope, f *domain.TeachingSessionFilter) []cond {
	q := scopeOfRecords(sc)
	if f == nil {
		return q
	}
	if len(f.PairingIDs) > 0 {
		q = append(q, in("pairingId", f.PairingIDs))
	}
	if f.KindergartenID != nil {
		q = append(q, eq("kindergartenIds", *f.KindergartenID))
	}
	if f.RegionCode != nil {
		q = append(q, eq("regionPath", *f.RegionCode))
	}
	if len(f.Semesters) > 0 {
		q = append(q, in("semester", f.Semesters))
	}
	q = append(q, dateRange("date", f.From, f.To)...)
	if len(f.Types) > 0 {
		q = append(q, in("type", f.Types))
	}
	if len(f.Directions) > 0 {
		q = append(q, in("direction", f.Directions))
	}
	if len(f.Statuses) > 0 {
		q = append(q, in("status", f.Statuses))
	}
	if f.Confirmed != nil {
		if *f.Confirmed {
			q = append(q, eq("status", domain.ConfirmationConfirmed))
		} else {
			q = append(q, ne("status", domain.ConfirmationConfirmed))
		}
	}
	if f.LoggedBySide != nil {
		q = append(q, eq("loggedBySide", *f.LoggedBySide))
	}
	if f.TeacherID != nil {
		q = append(q, eq("teacherIds", *f.TeacherID))
	}
	return q
}

// CountSessionsOf counts the live sessions of one partner within a pairing.
func (s *Store) CountSessionsOf(ctx context.Context, pairingID, partnerID string) (int64, error) {
	return s.eng.Count(ctx, CollSessions, []cond{live, eq("pairingId", pairingID), eq("partnerKindergartenId", partnerID)})
}

// TeachingSessionIncludingDeleted returns a session even if it was soft-deleted.
func (s *Store) TeachingSessionIncludingDeleted(ctx context.Context, id string) (*domain.TeachingSession, error) {
	return getAny[domain.TeachingSession](ctx, s, CollSessions, "teaching session", id)
}
