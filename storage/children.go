package storage

import (
	"context"

	"github.com/handinhand/handinhand/domain"
)

// CollChildren holds the kindergartens' rosters: each child's open fields, and the
// protected ones only sealed (package protect).
const CollChildren = "children"

// CreateChild stores a new child; the same record sent again is kept once.
func (s *Store) CreateChild(ctx context.Context, c *domain.Child) (*domain.Child, bool, error) {
	return insertOnce(ctx, s, CollChildren, "child", c.ID, c)
}

// UpdateChild applies change to a child's record.
func (s *Store) UpdateChild(ctx context.Context, id string, change func(*domain.Child) error) (*domain.Child, error) {
	return modify(ctx, s, CollChildren, "child", id, change)
}

// Child returns one child's record.
func (s *Store) Child(ctx context.Context, id string) (*domain.Child, error) {
	return get[domain.Child](ctx, s, CollChildren, "child", id)
}

// ChildrenByLookup returns the children whose ID number has the keyed hash lookup.
func (s *Store) ChildrenByLookup(ctx context.Context, lookup string) ([]*domain.Child, error) {
	var out []*domain.Child
	err := each(ctx, s, CollChildren, []cond{eq("idLookup", lookup)}, nil, 0, func(c *domain.Child) error {
		out = append(out, c)
		return nil
	})
	return out, err
}

// ListChildren returns a page of a kindergarten's roster by name.
func (s *Store) ListChildren(ctx context.Context, kindergartenID string, first int, after string) (*Page[domain.Child], error) {
	return list[domain.Child](ctx, s, CollChildren, ListOptions{Filter: []cond{eq("kindergartenId", kindergartenID)}, SortField: "name", First: first, After: after})
}
