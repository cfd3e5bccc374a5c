package graph

import (
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/graph/generated"
	"github.com/handinhand/handinhand/graph/model"
)

// Complexity gives lists their real cost: a page costs its size times what each of its
// items costs, so a query asking for 100 sessions with 100 teachers each is priced as
// the 10,000 rows it would read.
func Complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	per := func(child int, first *int) int {
		n := 20
		if first != nil && *first > 0 {
			n = *first
		}
		return 1 + child*n
	}
	c.Kindergarten.Pairings = func(child int, first *int, _ *string) int { return per(child, first) }
	c.Kindergarten.Teachers = func(child int, first *int, _ *string) int { return per(child, first) }
	c.Pairing.Donations = func(child int, first *int, _ *string) int { return per(child, first) }
	c.Pairing.Mentorships = func(child int, first *int, _ *string) int { return per(child, first) }
	c.Pairing.Sessions = func(child int, _ *domain.TeachingSessionFilter, first *int, _ *string) int { return per(child, first) }
	c.Query.Donations = func(child int, _ *domain.DonationFilter, first *int, _ *string) int { return per(child, first) }
	c.Query.Mentorships = func(child int, _ *domain.MentorshipFilter, first *int, _ *string) int { return per(child, first) }
	c.Query.Kindergartens = func(child int, _ *domain.KindergartenFilter, _ *model.KindergartenOrder, first *int, _ *string) int {
		return per(child, first)
	}
	c.Query.Pairings = func(child int, _ *domain.PairingFilter, _ *model.PairingOrder, first *int, _ *string) int {
		return per(child, first)
	}
	c.Query.Teachers = func(child int, _ *domain.TeacherFilter, _ *model.TeacherOrder, first *int, _ *string) int {
		return per(child, first)
	}
	c.Query.TeachingSessions = func(child int, _ *domain.TeachingSessionFilter, _ *model.TeachingSessionOrder, first *int, _ *string) int {
		return per(child, first)
	}
	c.Query.TrainingEvents = func(child int, _ *domain.TrainingEventFilter, _ *model.TrainingEventOrder, first *int, _ *string) int {
		return per(child, first)
	}
	c.Query.Users = func(child int, _ *domain.UserFilter, _ *model.UserOrder, first *int, _ *string) int {
		return per(child, first)
	}
	c.Query.AuditLog = func(child int, _ *domain.AuditFilter, first *int, _ *string) int { return per(child, first) }
	c.Query.FlaggedPhotos = func(child int, _ *string, first *int, _ *string) int { return per(child, first) }
	c.Query.Photos = func(child int, _ *domain.PhotoFilter, first *int, _ *string) int { return per(child, first) }
	c.Query.LessonGrades = func(child int, _ *domain.LessonGradeFilter, first *int, _ *string) int { return per(child, first) }
	c.Query.Inspections = func(child int, _ *domain.InspectionFilter, first *int, _ *string) int { return per(child, first) }
	c.Query.Nodes = func(child int, ids []string) int { return 1 + child*len(ids) }
	return c
}
