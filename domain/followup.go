package domain

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// What follows a pairing's work each semester: each side's summary (总结), and the
// bureau's inspections (督查) with the items each side must put right (整改).

// SummaryStatus is where a semester summary stands.
type SummaryStatus string

const (
	SummaryDraft     SummaryStatus = "DRAFT"
	SummarySubmitted SummaryStatus = "SUBMITTED"
)

var AllSummaryStatuses = []SummaryStatus{SummaryDraft, SummarySubmitted}

func (e SummaryStatus) Valid() bool            { return validEnum(e, AllSummaryStatuses) }
func (e SummaryStatus) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *SummaryStatus) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllSummaryStatuses, "SummaryStatus")
	return err
}

// SemesterSummary is one kindergarten's summary of a pairing's semester: the supporting
// kindergarten writes one, and each partner one. Its id is made of the three.
type SemesterSummary struct {
	ID             string        `bson:"_id"`
	PairingID      string        `bson:"pairingId"`
	Semester       string        `bson:"semester"`
	KindergartenID string        `bson:"kindergartenId"`
	Side           Side          `bson:"side"`
	Text           string        `bson:"text"`
	Status         SummaryStatus `bson:"status"`
	SubmittedAt    *time.Time    `bson:"submittedAt,omitempty"`
	SubmittedBy    string        `bson:"submittedBy,omitempty"`
	UpdatedBy      string        `bson:"updatedBy,omitempty"`
	PhotoIDs       []string      `bson:"photoIds,omitempty"`
	Scoped         `bson:",inline"`
	Meta           `bson:",inline"`
}

// SummaryID is the id of a kindergarten's summary of a pairing's semester.
func SummaryID(pairingID, semester, kindergartenID string) string {
	return "summary:" + pairingID + ":" + semester + ":" + kindergartenID
}

// ValidSummaryID checks an id made by SummaryID.
func ValidSummaryID(id string) bool {
	parts := strings.Split(id, ":")
	if len(parts) != 4 || parts[0] != "summary" || ValidID(parts[1]) != nil || ValidID(parts[3]) != nil {
		return false
	}
	_, err := ParseSemester(parts[2])
	return err == nil
}

// MaxSummary is the longest summary, in characters.
const MaxSummary = 20000

// SummaryInput writes the caller's kindergarten's summary; Submit hands it in (then the
// other side and the bureau read it, and it no longer changes).
type SummaryInput struct {
	PairingID string
	Semester  string
	Text      string
	Submit    *bool
}

func (in *SummaryInput) Validate() error {
	var c check
	c.id("input.pairingId", in.PairingID)
	if _, err := ParseSemester(in.Semester); err != nil {
		c.fail("input.semester", "must be a semester like 2026-2027-1")
	}
	c.text("input.text", &in.Text, MaxSummary, in.Submit != nil && *in.Submit)
	return c.result()
}

// ItemStatus is where an item to rectify stands.
type ItemStatus string

const (
	ItemOpen     ItemStatus = "OPEN"     // waiting for the side's answer
	ItemAnswered ItemStatus = "ANSWERED" // answered, waiting for the bureau
	ItemClosed   ItemStatus = "CLOSED"   // the bureau accepted it
)

var AllItemStatuses = []ItemStatus{ItemOpen, ItemAnswered, ItemClosed}

func (e ItemStatus) Valid() bool            { return validEnum(e, AllItemStatuses) }
func (e ItemStatus) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *ItemStatus) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllItemStatuses, "ItemStatus")
	return err
}

// ItemAnswer is what a side did about an item.
type ItemAnswer struct {
	// ID is the client's id of the answer, which makes sending it again harmless.
	ID             string    `bson:"id,omitempty"`
	Text           string    `bson:"text"`
	By             string    `bson:"by"`
	KindergartenID string    `bson:"kindergartenId"`
	At             time.Time `bson:"at"`
}

// RectifyItem is one thing an inspection asks a side to put right, by a deadline.
type RectifyItem struct {
	ID       string       `bson:"id"`
	Text     string       `bson:"text"`
	Deadline Date         `bson:"deadline"`
	Status   ItemStatus   `bson:"status"`
	Answers  []ItemAnswer `bson:"answers"`
	ClosedAt *time.Time   `bson:"closedAt,omitempty"`
	ClosedBy string       `bson:"closedBy,omitempty"`
	// Reopened counts the times the bureau sent it back.
	Reopened int `bson:"reopened,omitempty"`
	// PhotoIDs are the photos the sides gave with their answers.
	PhotoIDs []string `bson:"photoIds,omitempty"`
}

// Overdue reports whether the item is still not closed after its deadline.
func (it *RectifyItem) Overdue(today Date) bool {
	return it.Status != ItemClosed && it.Deadline < today
}

// Inspection is a bureau's inspection of a pairing.
type Inspection struct {
	ID         string        `bson:"_id"`
	PairingID  string        `bson:"pairingId"`
	Date       Date          `bson:"date"`
	Semester   string        `bson:"semester"`
	Inspectors string        `bson:"inspectors"`
	Findings   string        `bson:"findings"`
	Items      []RectifyItem `bson:"items"`
	// Open is true while an item is not closed (for the lists of open inspections).
	Open   bool `bson:"open"`
	Scoped `bson:",inline"`
	Meta   `bson:",inline"`
}

// Reckon sets Open from the items.
func (in *Inspection) Reckon() {
	in.Open = false
	for _, it := range in.Items {
		if it.Status != ItemClosed {
			in.Open = true
		}
	}
}

// InspectionInput records an inspection; the client makes the ids.
type InspectionInput struct {
	ID         string
	PairingID  string
	Date       Date
	Inspectors string
	Findings   string
	Items      []*RectifyItemInput
}

type RectifyItemInput struct {
	ID       string
	Text     string
	Deadline Date
}

func (in *InspectionInput) Validate() error {
	var c check
	c.id("input.id", in.ID)
	c.id("input.pairingId", in.PairingID)
	c.date("input.date", in.Date)
	if c.err == nil && in.Date > DateOf(Now()).AddDays(1) {
		c.fail("input.date", "is in the future")
	}
	c.text("input.inspectors", &in.Inspectors, MaxShort, true)
	c.text("input.findings", &in.Findings, MaxText, true)
	if len(in.Items) > 50 {
		c.fail("input.items", "lists %d ids, at most %d", len(in.Items), 50)
	}
	seen := map[string]bool{}
	for i, it := range in.Items {
		f := func(s string) string { return fmt.Sprintf("input.items[%d].%s", i, s) }
		c.id(f("id"), it.ID)
		if seen[it.ID] {
			c.fail(f("id"), "repeats %s", it.ID)
		}
		seen[it.ID] = true
		c.text(f("text"), &it.Text, MaxText, true)
		c.date(f("deadline"), it.Deadline)
		if c.err == nil && it.Deadline < in.Date {
			c.fail(f("deadline"), "ends (%s) before it starts (%s)", it.Deadline, in.Date)
		}
	}
	return c.result()
}

// InspectionFilter narrows a list of inspections.
type InspectionFilter struct {
	PairingIDs []string
	OpenOnly   *bool
	Semesters  []string
}

// ValidateAnswer checks what a side writes about an item to rectify.
func ValidateAnswer(text *string) error {
	var c check
	c.text("text", text, MaxText, true)
	return c.result()
}

// ActivityKind is what a mentor and apprentice did together.
type ActivityKind string

const (
	ActivityObservation ActivityKind = "OBSERVATION"  // 听课观摩
	ActivityLessonStudy ActivityKind = "LESSON_STUDY" // 磨课
	ActivityTalk        ActivityKind = "TALK"         // 谈话指导
)

var AllActivityKinds = []ActivityKind{ActivityObservation, ActivityLessonStudy, ActivityTalk}

func (e ActivityKind) Valid() bool            { return validEnum(e, AllActivityKinds) }
func (e ActivityKind) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *ActivityKind) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllActivityKinds, "ActivityKind")
	return err
}

// MentorshipActivity is one meeting of a mentorship, logged by the mentor or an apprentice.
type MentorshipActivity struct {
	ID       string       `bson:"id"`
	Date     Date         `bson:"date"`
	Kind     ActivityKind `bson:"kind"`
	Notes    string       `bson:"notes"`
	LoggedBy string       `bson:"loggedBy"`
	At       time.Time    `bson:"at"`
	PhotoIDs []string     `bson:"photoIds,omitempty"`
}

// ReflectionKind says what a teacher wrote after a session.
type ReflectionKind string

const (
	ReflectionTeaching ReflectionKind = "REFLECTION" // 教育反思
	ReflectionNotes    ReflectionKind = "NOTES"      // 听课笔记
)

var AllReflectionKinds = []ReflectionKind{ReflectionTeaching, ReflectionNotes}

func (e ReflectionKind) Valid() bool            { return validEnum(e, AllReflectionKinds) }
func (e ReflectionKind) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *ReflectionKind) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllReflectionKinds, "ReflectionKind")
	return err
}

// Reflection is what a participating teacher wrote after a session.
type Reflection struct {
	ID        string         `bson:"id"`
	TeacherID string         `bson:"teacherId"`
	Kind      ReflectionKind `bson:"kind"`
	Text      string         `bson:"text"`
	By        string         `bson:"by"`
	At        time.Time      `bson:"at"`
}

// ValidateActivity checks a mentorship activity as a client sends it.
func ValidateActivity(id string, date Date, kind ActivityKind, notes *string) error {
	var c check
	c.id("input.id", id)
	c.date("input.date", date)
	if c.err == nil && date > DateOf(Now()).AddDays(1) {
		c.fail("input.date", "is in the future")
	}
	if !kind.Valid() {
		c.fail("input.kind", "must be one of %v", AllActivityKinds)
	}
	c.text("input.notes", notes, MaxText, true)
	return c.result()
}

// What one record takes of entries added to it over time. Each addition rewrites the whole
// record, so a record without bounds makes every write to it, and every other write
// waiting behind it, slower; these are well beyond what a lesson, an item or a mentorship
// gathers in a real semester.
const (
	MaxReflectionsPerSession   = 30
	MaxAnswersPerItem          = 20
	MaxActivitiesPerMentorship = 300
	// MaxAddedText is the most text (in characters) the entries of one record hold.
	MaxAddedText = 100_000
)

// RoomForEntry checks that a record with n entries holding chars characters of text takes
// one more of text characters; max is its kind's count limit, field and what are for the
// error.
func RoomForEntry(field string, n, max, chars int, text string) error {
	if n >= max {
		return Invalid(field, "this record takes at most %d such entries", max)
	}
	if chars+utf8.RuneCountInString(text) > MaxAddedText {
		return Invalid(field, "this record already holds %d characters of such entries; it takes at most %d", chars, MaxAddedText)
	}
	return nil
}

// ValidateReflection checks a reflection as a client sends it.
func ValidateReflection(id string, kind ReflectionKind, text *string) error {
	var c check
	c.id("input.id", id)
	if !kind.Valid() {
		c.fail("input.kind", "must be one of %v", AllReflectionKinds)
	}
	c.text("input.text", text, MaxText, true)
	return c.result()
}
