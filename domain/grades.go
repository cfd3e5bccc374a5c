package domain

import "io"

// Lesson grading (听课评课): the supporting side's teachers, or the bureau's inspectors,
// watch a partner teacher's lesson and grade it. The grades of a semester give the
// partner's excellent-lesson rate (优课率) and pass rate (合格率), which the pairing's
// targets ask for.

// LessonGradeValue is a lesson's grade.
type LessonGradeValue string

const (
	GradeExcellent LessonGradeValue = "EXCELLENT" // 优秀
	GradeGood      LessonGradeValue = "GOOD"      // 良好
	GradePass      LessonGradeValue = "PASS"      // 合格
	GradeFail      LessonGradeValue = "FAIL"      // 不合格
)

var AllLessonGrades = []LessonGradeValue{GradeExcellent, GradeGood, GradePass, GradeFail}

func (e LessonGradeValue) Valid() bool            { return validEnum(e, AllLessonGrades) }
func (e LessonGradeValue) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *LessonGradeValue) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllLessonGrades, "LessonGradeValue")
	return err
}

// Passes reports whether the grade counts toward the pass rate: every grade but FAIL.
func (e LessonGradeValue) Passes() bool { return e != GradeFail && e.Valid() }

// LessonGrade is one graded lesson of a partner kindergarten's teacher.
type LessonGrade struct {
	ID                       string           `bson:"_id"`
	PairingID                string           `bson:"pairingId"`
	SupportingKindergartenID string           `bson:"supportingKindergartenId"`
	PartnerKindergartenID    string           `bson:"partnerKindergartenId"`
	TeacherID                string           `bson:"teacherId"`
	Date                     Date             `bson:"date"`
	Semester                 string           `bson:"semester"`
	Topic                    string           `bson:"topic,omitempty"`
	Domain                   *Domain          `bson:"domain,omitempty"`
	Grade                    LessonGradeValue `bson:"grade"`
	Comments                 string           `bson:"comments,omitempty"`
	// GradedByBureau is true when a bureau's inspector graded the lesson, false when the
	// supporting kindergarten's staff did.
	GradedByBureau bool `bson:"gradedByBureau"`
	Scoped         `bson:",inline"`
	Meta           `bson:",inline"`
}

// LessonGradeInput grades one lesson; the client makes the id, so a phone that sends it
// again (offline, then online) records it once.
type LessonGradeInput struct {
	ID        string
	PairingID string
	TeacherID string
	Date      Date
	Topic     *string
	Domain    *Domain
	Grade     LessonGradeValue
	Comments  *string
}

func (in *LessonGradeInput) Validate() error {
	var c check
	c.id("input.id", in.ID)
	c.id("input.pairingId", in.PairingID)
	c.id("input.teacherId", in.TeacherID)
	c.date("input.date", in.Date)
	if c.err == nil && in.Date > DateOf(Now()).AddDays(1) {
		c.fail("input.date", "is in the future")
	}
	if !in.Grade.Valid() {
		c.fail("input.grade", "must be one of %v", AllLessonGrades)
	}
	if in.Domain != nil && !in.Domain.Valid() {
		c.fail("input.domain", "must be one of %v", AllDomains)
	}
	c.optText("input.topic", &in.Topic, MaxShort)
	c.optText("input.comments", &in.Comments, MaxText)
	return c.result()
}

// LessonGradeFilter narrows a list of grades.
type LessonGradeFilter struct {
	PairingIDs     []string
	KindergartenID *string
	TeacherID      *string
	Semesters      []string
	Grades         []LessonGradeValue
}

// GradeRates are a partner's grades in a semester as the targets measure them: the share
// graded EXCELLENT and the share that passed; both nil with no grades.
func GradeRates(graded, excellent, passed int) (excellentRate, passRate *float64) {
	if graded == 0 {
		return nil, nil
	}
	e, p := float64(excellent)/float64(graded), float64(passed)/float64(graded)
	return &e, &p
}

// CountsAsLectureFor is the one rule of which training events count toward a pairing's
// special lectures (专题讲座): an event counts as one lecture for a partner of a pairing
// when it is a SPECIAL_LECTURE, names the pairing, is organised by the pairing's
// supporting kindergarten, falls within the pairing's period, and at least one teacher
// of that partner attended. It counts once for each such partner and adds no teaching
// hours (its hours are the attendees' training hours, not lessons given).
func CountsAsLectureFor(e *TrainingEvent, pr *Pairing, partnerID string) bool {
	if e.Type != TrainingSpecialLecture || e.OrganizerKindergartenID != pr.SupportingKindergartenID || e.Deleted() {
		return false
	}
	if e.Date < pr.Start || e.Date > pr.End {
		return false
	}
	named := false
	for _, id := range e.PairingIDs {
		named = named || id == pr.ID
	}
	if !named {
		return false
	}
	for _, a := range e.Attendance {
		if a.KindergartenID == partnerID {
			return true
		}
	}
	return false
}
