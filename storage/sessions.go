package storage

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

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
	q := append(where{{notDeleted}}, sessionWhere(sc, f)...)
	cur, err := s.c(CollSessions).Find(ctx, q.doc(), options.Find().SetSort(bson.D{{Key: "date", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return wrap(err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var t domain.TeachingSession
		if err := cur.Decode(&t); err != nil {
			return wrap(err)
		}
		if err := fn(&t); err != nil {
			return err
		}
	}
	return wrap(cur.Err())
}

func sessionWhere(sc domain.Scope, f *domain.TeachingSessionFilter) where {
	q := where{scopeOfRecords(sc)}
	if f != nil {
		if len(f.PairingIDs) > 0 {
			q = q.and(in("pairingId", f.PairingIDs))
		}
		if f.KindergartenID != nil {
			q = q.and(bson.E{Key: "kindergartenIds", Value: *f.KindergartenID})
		}
		if f.RegionCode != nil {
			q = q.and(bson.E{Key: "regionPath", Value: *f.RegionCode})
		}
		if len(f.Semesters) > 0 {
			q = q.and(in("semester", f.Semesters))
		}
		q = q.and(dateRange("date", f.From, f.To)...)
		if len(f.Types) > 0 {
			q = q.and(in("type", f.Types))
		}
		if len(f.Directions) > 0 {
			q = q.and(in("direction", f.Directions))
		}
		if len(f.Statuses) > 0 {
			q = q.and(in("status", f.Statuses))
		}
		if f.Confirmed != nil {
			if *f.Confirmed {
				q = q.and(bson.E{Key: "status", Value: domain.ConfirmationConfirmed})
			} else {
				q = q.and(bson.E{Key: "status", Value: bson.D{{Key: "$ne", Value: domain.ConfirmationConfirmed}}})
			}
		}
		if f.LoggedBySide != nil {
			q = q.and(bson.E{Key: "loggedBySide", Value: *f.LoggedBySide})
		}
		if f.TeacherID != nil {
			q = q.and(bson.E{Key: "teacherIds", Value: *f.TeacherID})
		}
	}
	return q
}

// CountSessionsOf counts the live sessions of one partner within a pairing.
func (s *Store) CountSessionsOf(ctx context.Context, pairingID, partnerID string) (int64, error) {
	n, err := s.c(CollSessions).CountDocuments(ctx, bson.D{notDeleted, {Key: "pairingId", Value: pairingID}, {Key: "partnerKindergartenId", Value: partnerID}})
	return n, wrap(err)
}

// TeachingSessionIncludingDeleted returns a session even if it was soft-deleted.
func (s *Store) TeachingSessionIncludingDeleted(ctx context.Context, id string) (*domain.TeachingSession, error) {
	return getAny[domain.TeachingSession](ctx, s, CollSessions, "teaching session", id)
}
