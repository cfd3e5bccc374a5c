package stats

import (
	"time"

	"github.com/handinhand/handinhand/domain"
)

// Lesson grades are few (a handful a partner a semester), so the index keeps, beside each
// live grade, counts per pairing partner and semester, which compliance reads.

// gradeDoc is a lesson grade as the index reads it: counted for compliance (putGrade)
// and kept as a fact of the LESSON_GRADES subject (putGradeFact).
type gradeDoc struct {
	ID                       string                  `bson:"_id"`
	Semester                 string                  `bson:"semester"`
	PairingID                string                  `bson:"pairingId"`
	SupportingKindergartenID string                  `bson:"supportingKindergartenId"`
	PartnerKindergartenID    string                  `bson:"partnerKindergartenId"`
	TeacherID                string                  `bson:"teacherId"`
	Date                     domain.Date             `bson:"date"`
	Domain                   *domain.Domain          `bson:"domain"`
	Grade                    domain.LessonGradeValue `bson:"grade"`
	DeletedAt                *time.Time              `bson:"deletedAt"`
}

type gradeKey struct {
	pairing, partner int32
	semester         string
}

// gradeCount is a partner's grades in a semester.
type gradeCount struct{ graded, excellent, passed int }

type gradeFact struct {
	key   gradeKey
	grade domain.LessonGradeValue
}

func (c *gradeCount) add(g domain.LessonGradeValue, n int) {
	c.graded += n
	if g == domain.GradeExcellent {
		c.excellent += n
	}
	if g.Passes() {
		c.passed += n
	}
}

func (ix *Index) putGrade(g *gradeDoc) {
	if ix.grades == nil {
		ix.grades, ix.gradeCounts = map[string]gradeFact{}, map[gradeKey]*gradeCount{}
	}
	if old, ok := ix.grades[g.ID]; ok {
		ix.gradeCounts[old.key].add(old.grade, -1)
		delete(ix.grades, g.ID)
	}
	if g.DeletedAt != nil || !g.Grade.Valid() {
		return
	}
	f := gradeFact{key: gradeKey{ix.pairingOf(g.PairingID), ix.kgOf(g.PartnerKindergartenID), g.Semester}, grade: g.Grade}
	c := ix.gradeCounts[f.key]
	if c == nil {
		c = &gradeCount{}
		ix.gradeCounts[f.key] = c
	}
	c.add(f.grade, 1)
	ix.grades[g.ID] = f
}

// gradesOf is a partner's grades in a semester.
func (ix *Index) gradesOf(pairing, partner int32, semester string) gradeCount {
	if c := ix.gradeCounts[gradeKey{pairing, partner, semester}]; c != nil {
		return *c
	}
	return gradeCount{}
}
