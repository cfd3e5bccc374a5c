package storage

import (
	"context"

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
// pairing in effect with (active or ended; a draft opens nothing).
func (s *Store) PairedKindergartenIDs(ctx context.Context, kindergartenID string) ([]string, error) {
	seen := map[string]bool{kindergartenID: true}
	out := []string{kindergartenID}
	err := each(ctx, s, CollPairings, []cond{eq("kindergartenIds", kindergartenID), ne("status", domain.PairingDraft)}, nil, 0, func(p *domain.Pairing) error {
		for _, id := range p.KindergartenIDs {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

var pairingSort = map[string]string{"NAME": "name", "START": "start", "END": "end", "CREATED_AT": "createdAt"}

// ListPairings returns a page of the pairings in scope that match f.
func (s *Store) ListPairings(ctx context.Context, sc domain.Scope, f *domain.PairingFilter, sortBy string, desc bool, first int, after string) (*Page[domain.Pairing], error) {
	q := scopeOfRecords(sc)
	if f != nil {
		if f.RegionCode != nil {
			q = append(q, eq("regionPath", *f.RegionCode))
		}
		if f.KindergartenID != nil {
			q = append(q, eq("kindergartenIds", *f.KindergartenID))
		}
		if len(f.Statuses) > 0 {
			q = append(q, in("status", f.Statuses))
		}
		if f.ActiveOn != nil {
			q = append(q, lte("start", *f.ActiveOn), gte("end", *f.ActiveOn))
		}
		if notEmpty(f.NameContains) {
			q = append(q, contains("name", *f.NameContains))
		}
	}
	return list[domain.Pairing](ctx, s, CollPairings, ListOptions{Filter: q, SortField: sortField(pairingSort, sortBy, "start"), Desc: desc, First: first, After: after})
}
