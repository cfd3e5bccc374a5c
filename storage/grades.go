package storage

import (
	"context"

	"github.com/handinhand/handinhand/domain"
)

// CreateLessonGrade stores a graded lesson, once per client id.
func (s *Store) CreateLessonGrade(ctx context.Context, g *domain.LessonGrade) (*domain.LessonGrade, bool, error) {
	return insertOnce(ctx, s, CollLessonGrades, "lesson grade", g.ID, g)
}

// UpdateLessonGrade applies change to a live grade.
func (s *Store) UpdateLessonGrade(ctx context.Context, id string, change func(*domain.LessonGrade) error) (*domain.LessonGrade, error) {
	return modify(ctx, s, CollLessonGrades, "lesson grade", id, change)
}

// LessonGrade returns one live grade.
func (s *Store) LessonGrade(ctx context.Context, id string) (*domain.LessonGrade, error) {
	return get[domain.LessonGrade](ctx, s, CollLessonGrades, "lesson grade", id)
}

// ListLessonGrades returns a page of the grades in scope that match f, newest first.
func (s *Store) ListLessonGrades(ctx context.Context, sc domain.Scope, f *domain.LessonGradeFilter, first int, after string) (*Page[domain.LessonGrade], error) {
	return list[domain.LessonGrade](ctx, s, CollLessonGrades, ListOptions{Filter: gradeWhere(sc, f), SortField: "date", Desc: true, First: first, After: after})
}

// EachLessonGrade passes every live grade in scope that matches f to fn, by date.
func (s *Store) EachLessonGrade(ctx context.Context, sc domain.Scope, f *domain.LessonGradeFilter, limit int, fn func(*domain.LessonGrade) error) error {
	return each(ctx, s, CollLessonGrades, gradeWhere(sc, f), []sortKey{{field: "date"}, {field: "_id"}}, limit, fn)
}

func gradeWhere(sc domain.Scope, f *domain.LessonGradeFilter) []cond {
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
	if f.TeacherID != nil {
		q = append(q, eq("teacherId", *f.TeacherID))
	}
	if len(f.Semesters) > 0 {
		q = append(q, in("semester", f.Semesters))
	}
	if len(f.Grades) > 0 {
		q = append(q, in("grade", f.Grades))
	}
	return q
}
