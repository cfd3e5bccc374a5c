package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

var _ = mutation("gradeLesson", InTransaction)

// GradeLesson records a grade of a partner teacher's lesson (听课评课). Sent again with
// the same input it returns the same grade; a different input under a used id is
// CONFLICT.
func (a *App) GradeLesson(ctx context.Context, p *policy.Principal, in domain.LessonGradeInput) (*domain.LessonGrade, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	pr, err := lookupRef(ctx, "input.pairingId", "pairing", in.PairingID, a.visiblePairing(p))
	if err != nil {
		return nil, err
	}
	byBureau, err := policy.CanGradeLesson(p, pr)
	if err != nil {
		return nil, err
	}
	g := &domain.LessonGrade{ID: in.ID, GradedByBureau: byBureau}
	if err := a.applyGrade(ctx, pr, g, &in); err != nil {
		return nil, err
	}
	g.CreatedBy, g.InputHash = p.UserID, domain.Fingerprint(in)
	stored, _, err := a.Store.CreateLessonGrade(ctx, g)
	return stored, err
}

var _ = mutation("updateLessonGrade", InTransaction)

// UpdateLessonGrade lets whoever graded a lesson correct the grade.
func (a *App) UpdateLessonGrade(ctx context.Context, p *policy.Principal, in domain.LessonGradeInput) (*domain.LessonGrade, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	old, err := a.LessonGrade(ctx, p, in.ID)
	if err != nil {
		return nil, err
	}
	if err := policy.CanChangeLessonGrade(p, old); err != nil {
		return nil, err
	}
	if in.PairingID != old.PairingID {
		return nil, domain.Invalid("input.pairingId", "cannot change")
	}
	pr, err := a.Store.Pairing(ctx, old.PairingID)
	if err != nil {
		return nil, err
	}
	return a.Store.UpdateLessonGrade(ctx, in.ID, func(g *domain.LessonGrade) error {
		if err := policy.CanChangeLessonGrade(p, g); err != nil {
			return err
		}
		return a.applyGrade(ctx, pr, g, &in)
	})
}

var _ = mutation("deleteLessonGrade", InTransaction)

// DeleteLessonGrade removes a grade (kept, marked deleted): whoever graded it, or an admin.
func (a *App) DeleteLessonGrade(ctx context.Context, p *policy.Principal, id string) (*domain.LessonGrade, error) {
	if _, err := a.LessonGrade(ctx, p, id); err != nil {
		return nil, err
	}
	return a.Store.UpdateLessonGrade(ctx, id, func(g *domain.LessonGrade) error {
		if err := policy.CanChangeLessonGrade(p, g); err != nil {
			return err
		}
		now := domain.Now()
		g.DeletedAt = &now
		return nil
	})
}

// applyGrade checks an input against its pairing and fills the grade from it.
func (a *App) applyGrade(ctx context.Context, pr *domain.Pairing, g *domain.LessonGrade, in *domain.LessonGradeInput) error {
	if in.Date < pr.Start || in.Date > pr.End {
		return domain.Invalid("input.date", "%s is outside the pairing's period %s – %s", in.Date, pr.Start, pr.End)
	}
	ts, err := a.Store.TeachersByID(ctx, []string{in.TeacherID})
	if err != nil {
		return err
	}
	t := ts[in.TeacherID]
	if t == nil || !slices.Contains(pr.PartnerKindergartenIDs, t.KindergartenID) {
		return domain.Invalid("input.teacherId", "must be a teacher of a partner kindergarten")
	}
	kgs, err := a.Store.KindergartensByID(ctx, []string{pr.SupportingKindergartenID, t.KindergartenID})
	if err != nil {
		return err
	}
	if kgs[pr.SupportingKindergartenID] == nil || kgs[t.KindergartenID] == nil {
		return domain.Invalid("input.pairingId", "the pairing names a kindergarten that no longer exists")
	}
	g.PairingID, g.SupportingKindergartenID, g.PartnerKindergartenID, g.TeacherID = pr.ID, pr.SupportingKindergartenID, t.KindergartenID, t.ID
	g.Date, g.Semester = in.Date, domain.SemesterOf(in.Date)
	g.Topic, g.Comments, g.Domain, g.Grade = str(in.Topic), str(in.Comments), in.Domain, in.Grade
	g.KindergartenIDs = []string{pr.SupportingKindergartenID, t.KindergartenID}
	g.RegionPath = domain.UnionPaths(kgs[pr.SupportingKindergartenID].RegionCode, kgs[t.KindergartenID].RegionCode)
	return nil
}

// LessonGrade returns one live grade the caller may see.
func (a *App) LessonGrade(ctx context.Context, p *policy.Principal, id string) (*domain.LessonGrade, error) {
	return visible(ctx, p, "lesson grade", id, a.Store.LessonGrade,
		always(func(g *domain.LessonGrade) bool { return policy.SeesRecord(p, g.Scoped) }))
}

// LessonGrades lists the grades in the caller's scope, newest first.
func (a *App) LessonGrades(ctx context.Context, p *policy.Principal, f *domain.LessonGradeFilter, first int, after string) (*storage.Page[domain.LessonGrade], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	if f != nil {
		for i, s := range f.Semesters {
			if _, err := domain.ParseSemester(s); err != nil {
				return nil, domain.Invalid(fmt.Sprintf("filter.semesters[%d]", i), "%s", err.Error())
			}
		}
	}
	return a.Store.ListLessonGrades(ctx, sc, f, first, after)
}
