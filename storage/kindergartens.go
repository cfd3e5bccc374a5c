package storage

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/handinhand/handinhand/domain"
)

// PutRegion creates or renames a region.
func (s *Store) PutRegion(ctx context.Context, r *domain.Region) error {
	_, err := s.c(CollRegions).ReplaceOne(ctx, bson.D{{Key: "_id", Value: r.Code}}, r, options.Replace().SetUpsert(true))
	if err != nil {
		return wrap(err)
	}
	s.wrote(ctx, CollRegions, r)
	return nil
}

// Region returns one region.
func (s *Store) Region(ctx context.Context, code string) (*domain.Region, error) {
	var r domain.Region
	err := s.c(CollRegions).FindOne(ctx, bson.D{{Key: "_id", Value: code}}).Decode(&r)
	if err != nil {
		if isNoDocuments(err) {
			return nil, domain.NotFound("region", code)
		}
		return nil, wrap(err)
	}
	return &r, nil
}

// Regions returns every region (a few thousand at most), sorted by code.
func (s *Store) Regions(ctx context.Context) ([]*domain.Region, error) {
	cur, err := s.c(CollRegions).Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, wrap(err)
	}
	var out []*domain.Region
	return out, wrap(cur.All(ctx, &out))
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
	q := where{scopeByKindergarten(sc, "_id")}
	if f != nil {
		if f.RegionCode != nil {
			q = q.and(bson.E{Key: "regionPath", Value: *f.RegionCode})
		}
		if len(f.Settings) > 0 {
			q = q.and(in("setting", f.Settings))
		}
		if len(f.Levels) > 0 {
			q = q.and(in("level", f.Levels))
		}
		if f.NameContains != nil && *f.NameContains != "" {
			q = q.and(contains("name", *f.NameContains))
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
	q := append(where{{notDeleted}}, scopeByKindergarten(sc, "_id"))
	cur, err := s.c(CollKindergartens).Find(ctx, q.doc())
	if err != nil {
		return wrap(err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var k domain.Kindergarten
		if err := cur.Decode(&k); err != nil {
			return wrap(err)
		}
		if err := fn(&k); err != nil {
			return err
		}
	}
	return wrap(cur.Err())
}
