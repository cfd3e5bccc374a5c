package storage

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
)

// PutRegion creates or renames a region.
func (s *Store) PutRegion(ctx context.Context, r *domain.Region) error {
	raw, err := marshal(r)
	if err != nil {
		return err
	}
	return s.write(ctx, CollRegions, r, func(ctx context.Context) error { return s.eng.Upsert(ctx, CollRegions, r.Code, raw) })
}

// Region returns one region.
func (s *Store) Region(ctx context.Context, code string) (*domain.Region, error) {
	raw, err := s.eng.Get(ctx, CollRegions, code)
	if errors.Is(err, errNotFound) {
		return nil, domain.NotFound("region", code)
	}
	if err != nil {
		return nil, err
	}
	return decode[domain.Region](raw)
}

// Regions returns every region (a few thousand at most), sorted by code.
func (s *Store) Regions(ctx context.Context) ([]*domain.Region, error) {
	var out []*domain.Region
	err := s.eng.Find(ctx, CollRegions, query{sort: []sortKey{{field: "_id"}}}, func(raw bson.Raw) error {
		r, err := decode[domain.Region](raw)
		if err == nil {
			out = append(out, r)
		}
		return err
	})
	return out, err
}

// CreateKindergarten stores a new kindergarten (idempotent on its id).
func (s *Store) CreateKindergarten(ctx context.Context, k *domain.Kindergarten) (*domain.Kindergarten, bool, error) {
	return insertOnce(ctx, s, CollKindergartens, "kindergarten", k.ID, k)
}

// UpdateKindergarten applies change to a kindergarten.
func (s *Store) UpdateKindergarten(ctx context.Context, id string, change func(*domain.Kindergarten) error) (*domain.Kindergarten, error) {
	return modify(ctx, s, CollKindergartens, "kindergarten", id, change)
}

// Kindergarten returns one kindergarten.
func (s *Store) Kindergarten(ctx context.Context, id string) (*domain.Kindergarten, error) {
	return get[domain.Kindergarten](ctx, s, CollKindergartens, "kindergarten", id)
}

// KindergartensByID returns the kindergartens among ids that exist.
func (s *Store) KindergartensByID(ctx context.Context, ids []string) (map[string]*domain.Kindergarten, error) {
	return getMany(ctx, s, CollKindergartens, ids, func(k *domain.Kindergarten) string { return k.ID })
}

// KindergartenOrder fields.
var kindergartenSort = map[string]string{"NAME": "name", "REGION": "regionCode", "CHILDREN": "children", "CREATED_AT": "createdAt"}

// ListKindergartens returns a page of the kindergartens in scope that match f.
func (s *Store) ListKindergartens(ctx context.Context, sc domain.Scope, f *domain.KindergartenFilter, sortBy string, desc bool, first int, after string) (*Page[domain.Kindergarten], error) {
	q := scopeByKindergarten(sc, "_id")
	if f != nil {
		if f.RegionCode != nil {
			q = append(q, eq("regionPath", *f.RegionCode))
		}
		if len(f.Settings) > 0 {
			q = append(q, in("setting", f.Settings))
		}
		if len(f.Levels) > 0 {
			q = append(q, in("level", f.Levels))
		}
		if notEmpty(f.NameContains) {
			q = append(q, contains("name", *f.NameContains))
		}
	}
	return list[domain.Kindergarten](ctx, s, CollKindergartens, ListOptions{Filter: q, SortField: sortField(kindergartenSort, sortBy, "name"), Desc: desc, First: first, After: after})
}

func sortField(fields map[string]string, by, def string) string {
	if f, ok := fields[by]; ok {
		return f
	}
	return def
}

// EachKindergarten passes every live kindergarten in scope to fn, with one query.
func (s *Store) EachKindergarten(ctx context.Context, sc domain.Scope, fn func(*domain.Kindergarten) error) error {
	return each(ctx, s, CollKindergartens, scopeByKindergarten(sc, "_id"), nil, 0, fn)
}
