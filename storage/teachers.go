package storage

import (
	"context"

	"github.com/handinhand/handinhand/domain"
)

// CreateTeacher stores a new teacher (idempotent on its id).
func (s *Store) CreateTeacher(ctx context.Context, t *domain.Teacher) (*domain.Teacher, bool, error) {
	return insertOnce(ctx, s, CollTeachers, "teacher", t.ID, t)
}

// UpdateTeacher applies change to a teacher.
func (s *Store) UpdateTeacher(ctx context.Context, id string, change func(*domain.Teacher) error) (*domain.Teacher, error) {
	return modify(ctx, s, CollTeachers, "teacher", id, change)
}

// Teacher returns one teacher.
func (s *Store) Teacher(ctx context.Context, id string) (*domain.Teacher, error) {
	return get[domain.Teacher](ctx, s, CollTeachers, "teacher", id)
}

// TeachersByID returns the teachers among ids that exist.
func (s *Store) TeachersByID(ctx context.Context, ids []string) (map[string]*domain.Teacher, error) {
	return getMany(ctx, s, CollTeachers, ids, func(t *domain.Teacher) string { return t.ID })
}

var teacherSort = map[string]string{"NAME": "name", "KINDERGARTEN": "kindergartenId", "CREATED_AT": "createdAt"}

// ListTeachers returns a page of the teachers in scope that match f.
func (s *Store) ListTeachers(ctx context.Context, sc domain.Scope, f *domain.TeacherFilter, sortBy string, desc bool, first int, after string) (*Page[domain.Teacher], error) {
	q := scopeByKindergarten(sc, "kindergartenId")
	if f != nil {
		if f.KindergartenID != nil {
			q = append(q, eq("kindergartenId", *f.KindergartenID))
		}
		if f.RegionCode != nil {
			q = append(q, eq("regionPath", *f.RegionCode))
		}
		if len(f.Posts) > 0 {
			q = append(q, in("post", f.Posts))
		}
		if f.Backbone != nil {
			q = append(q, eq("backbone", *f.Backbone))
		}
		if notEmpty(f.NameContains) {
			q = append(q, contains("name", *f.NameContains))
		}
		if f.Current != nil {
			if *f.Current {
				q = append(q, absent("leftOn"))
			} else {
				q = append(q, ne("leftOn", nil))
			}
		}
	}
	return list[domain.Teacher](ctx, s, CollTeachers, ListOptions{Filter: q, SortField: sortField(teacherSort, sortBy, "name"), Desc: desc, First: first, After: after})
}

// EachTeacherAt passes every live teacher of one kindergarten to fn, with one query.
func (s *Store) EachTeacherAt(ctx context.Context, kindergartenID string, fn func(*domain.Teacher) error) error {
	return each(ctx, s, CollTeachers, []cond{eq("kindergartenId", kindergartenID)}, nil, 0, fn)
}
