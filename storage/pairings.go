package storage

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/handinhand/handinhand/domain"
)

// CreatePairing stores a new pairing (idempotent on its id).
func (s *Store) CreatePairing(ctx context.Context, p *domain.Pairing) (*domain.Pairing, bool, error) {
	return insertOnce(ctx, s, CollPairings, "pairing", p.ID, p)
}

// UpdatePairing applies change to a pairing.
func (s *Store) UpdatePairing(ctx context.Context, id string, change func(*domain.Pairing) error) (*domain.Pairing, error) {
	return modify(ctx, s, CollPairings, "pairing", id, change)
}

// Pairing returns one pairing.
func (s *Store) Pairing(ctx context.Context, id string) (*domain.Pairing, error) {
	return get[domain.Pairing](ctx, s, CollPairings, "pairing", id)
}

// PairingsByID returns the pairings among ids that exist.
func (s *Store) PairingsByID(ctx context.Context, ids []string) (map[string]*domain.Pairing, error) {
	return getMany(ctx, s, CollPairings, ids, func(p *domain.Pairing) string { return p.ID })
}

// PairedKindergartenIDs returns the kindergarten and every kindergarten it shares a
// pairing with.
func (s *Store) PairedKindergartenIDs(ctx context.Context, kindergartenID string) ([]string, error) {
	cur, err := s.c(CollPairings).Find(ctx, bson.D{{Key: "kindergartenIds", Value: kindergartenID}, notDeleted},
		options.Find().SetProjection(bson.D{{Key: "kindergartenIds", Value: 1}}))
	if err != nil {
		return nil, wrap(err)
	}
	var rows []struct {
		IDs []string `bson:"kindergartenIds"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, wrap(err)
	}
	seen := map[string]bool{kindergartenID: true}
	out := []string{kindergartenID}
	for _, r := range rows {
		for _, id := range r.IDs {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out, nil
}

var pairingSort = map[string]string{"NAME": "name", "START": "start", "END": "end", "CREATED_AT": "createdAt"}

// ListPairings returns a page of the pairings in scope that match f.
func (s *Store) ListPairings(ctx context.Context, sc domain.Scope, f *domain.PairingFilter, sortBy string, desc bool, first int, after string) (*Page[domain.Pairing], error) {
	q := where{scopeOfRecords(sc)}
	if f != nil {
		if f.RegionCode != nil {
			q = q.and(bson.E{Key: "regionPath", Value: *f.RegionCode})
		}
		if f.KindergartenID != nil {
			q = q.and(bson.E{Key: "kindergartenIds", Value: *f.KindergartenID})
		}
		if len(f.Statuses) > 0 {
			q = q.and(in("status", f.Statuses))
		}
		if f.ActiveOn != nil {
			q = q.and(bson.E{Key: "start", Value: bson.D{{Key: "$lte", Value: *f.ActiveOn}}},
				bson.E{Key: "end", Value: bson.D{{Key: "$gte", Value: *f.ActiveOn}}})
		}
		if f.NameContains != nil && *f.NameContains != "" {
			q = q.and(contains("name", *f.NameContains))
		}
	}
	return list[domain.Pairing](ctx, s, CollPairings, ListOptions{Filter: q, SortField: sortField(pairingSort, sortBy, "start"), Desc: desc, First: first, After: after})
}
