package domain

import (
	"fmt"
	"math"
	"regexp"
	"time"
)

// KindergartenInput creates or replaces a kindergarten.
type KindergartenInput struct {
	ID           *string
	Name         string
	RegionCode   string
	Address      *string
	Setting      Setting
	Ownership    Ownership
	Level        KindergartenLevel
	Classes      *int
	Children     *int
	StaffCount   *int
	TeacherCount *int
	ContactName  *string
	ContactPhone *string
}

func (in *KindergartenInput) Validate() error {
	var c check
	if in.ID != nil {
		c.id("input.id", *in.ID)
	}
	c.text("input.name", &in.Name, MaxName, true)
	if _, err := RegionLevelOf(in.RegionCode); err != nil {
		c.fail("input.regionCode", "%s", err.Error())
	}
	c.optText("input.address", &in.Address, MaxShort)
	c.optText("input.contactName", &in.ContactName, MaxName)
	if in.ContactPhone != nil && *in.ContactPhone != "" && !phonePattern.MatchString(*in.ContactPhone) {
		c.fail("input.contactPhone", "is not a phone number")
	}
	for f, n := range map[string]*int{"input.classes": in.Classes, "input.children": in.Children,
		"input.staffCount": in.StaffCount, "input.teacherCount": in.TeacherCount} {
		if n != nil {
			c.count(f, *n, 10000)
		}
	}
	return c.result()
}

// TeacherInput creates or replaces a teacher.
type TeacherInput struct {
	ID             *string
	Name           string
	KindergartenID string
	Post           Post
	Backbone       *bool
	Title          *string
	Phone          *string
	// LeftOn marks a teacher who left (nil: still there).
	LeftOn *Date
}

func (in *TeacherInput) Validate() error {
	var c check
	if in.ID != nil {
		c.id("input.id", *in.ID)
	}
	c.text("input.name", &in.Name, MaxName, true)
	c.id("input.kindergartenId", in.KindergartenID)
	c.optText("input.title", &in.Title, MaxName)
	if in.Phone != nil && *in.Phone != "" && !phonePattern.MatchString(*in.Phone) {
		c.fail("input.phone", "is not a phone number")
	}
	if in.LeftOn != nil && *in.LeftOn > DateOf(Now()) {
		c.fail("input.leftOn", "is in the future: mark a teacher as left on the day they leave")
	}
	return c.result()
}

// UserInput creates a user (with Password) or changes one (Password ignored).
type UserInput struct {
	ID             *string
	Username       string
	DisplayName    string
	Password       *string
	Role           Role
	RegionCode     *string
	KindergartenID *string
	TeacherID      *string
	Disabled       *bool
	// MustChangePassword (creating): nil or true, the user chooses their own password at
	// the first sign-in.
	MustChangePassword *bool
}

var (
	usernamePattern = regexp.MustCompile(`^[A-Za-z0-9._@+-]{3,64}$`)
	digitsOnly      = regexp.MustCompile(`^[0-9]+$`)
	lettersOnly     = regexp.MustCompile(`^[A-Za-z]+$`)
)

func (in *UserInput) Validate(creating bool) error {
	var c check
	if in.ID != nil {
		c.id("input.id", *in.ID)
	}
	c.text("input.username", &in.Username, 64, true)
	if c.err == nil && !usernamePattern.MatchString(in.Username) {
		c.fail("input.username", "may use 3–64 letters, digits, '.', '_', '@', '+' or '-' (a phone number works)")
	}
	c.text("input.displayName", &in.DisplayName, MaxName, true)
	if creating {
		if in.Password == nil {
			c.fail("input.password", "is required for a new user")
		} else if err := CheckPassword(*in.Password); err != nil {
			c.fail("input.password", "%s", err.Error())
		}
	}
	switch in.Role {
	case RoleBureau:
		if in.RegionCode == nil {
			c.fail("input.regionCode", "is required for a bureau user")
		} else if _, err := RegionLevelOf(*in.RegionCode); err != nil {
			c.fail("input.regionCode", "%s", err.Error())
		}
		if in.KindergartenID != nil {
			c.fail("input.kindergartenId", "must be empty for a bureau user")
		}
	case RoleKindergartenAdmin, RoleTeacher:
		if in.KindergartenID == nil {
			c.fail("input.kindergartenId", "is required for a kindergarten user")
		} else {
			c.id("input.kindergartenId", *in.KindergartenID)
		}
		if in.RegionCode != nil {
			c.fail("input.regionCode", "must be empty for a kindergarten user")
		}
	case RoleAdmin:
		if in.RegionCode != nil || in.KindergartenID != nil {
			c.fail("input.role", "an admin has no region or kindergarten")
		}
	}
	if in.TeacherID != nil {
		c.id("input.teacherId", *in.TeacherID)
	}
	return c.result()
}

// CheckPassword enforces the password rules: at least 10 characters, at most 72 bytes
// (all that bcrypt reads: 72 Latin letters or digits, 24 Chinese characters), not all
// one kind.
func CheckPassword(p string) error {
	if len([]rune(p)) < 10 {
		return fmt.Errorf("must have at least 10 characters")
	}
	if len(p) > 72 {
		return fmt.Errorf("is too long: at most 72 letters and digits (or 24 Chinese characters)")
	}
	if digitsOnly.MatchString(p) || lettersOnly.MatchString(p) {
		return fmt.Errorf("must mix letters with digits or symbols")
	}
	return nil
}

// PhaseInput, GroupMemberInput and TargetsInput are parts of a PairingInput.
type PhaseInput struct {
	Name  string
	Start Date
	End   Date
	Goals *string
}

type GroupMemberInput struct {
	Name           string
	Role           string
	Duty           *string
	KindergartenID *string
}

type TargetsInput struct {
	TeachingHours       *float64
	SpecialLectures     *int
	MonthlyVisits       *bool
	ExcellentLessonRate *float64
	PassRate            *float64
}

// Apply returns base with the given targets overridden.
func (t *TargetsInput) Apply(base Targets) Targets {
	if t == nil {
		return base
	}
	if t.TeachingHours != nil {
		base.TeachingHours = *t.TeachingHours
	}
	if t.SpecialLectures != nil {
		base.SpecialLectures = *t.SpecialLectures
	}
	if t.MonthlyVisits != nil {
		base.MonthlyVisits = *t.MonthlyVisits
	}
	if t.ExcellentLessonRate != nil {
		base.ExcellentLessonRate = *t.ExcellentLessonRate
	}
	if t.PassRate != nil {
		base.PassRate = *t.PassRate
	}
	return base
}

func (c *check) targets(field string, t *TargetsInput) {
	if t == nil {
		return
	}
	if t.TeachingHours != nil && (*t.TeachingHours < 0 || *t.TeachingHours > 500 || math.IsNaN(*t.TeachingHours)) {
		c.fail(field+".teachingHours", "must be between 0 and 500")
	}
	if t.SpecialLectures != nil {
		c.count(field+".specialLectures", *t.SpecialLectures, 100)
	}
	for f, r := range map[string]*float64{".excellentLessonRate": t.ExcellentLessonRate, ".passRate": t.PassRate} {
		if r != nil && !(*r >= 0 && *r <= 1) {
			c.fail(field+f, "is a share between 0 and 1")
		}
	}
}

type SemesterTargetsInput struct {
	Semester string
	Targets  TargetsInput
}

// PairingInput creates or replaces a pairing.
type PairingInput struct {
	ID                       *string
	Name                     string
	SupportingKindergartenID string
	PartnerKindergartenIDs   []string
	AgreementDate            *Date
	Start                    Date
	End                      Date
	Status                   *PairingStatus
	Goals                    *string
	LeadingGroup             []*GroupMemberInput
	Phases                   []*PhaseInput
	Targets                  *TargetsInput
	TargetOverrides          []*SemesterTargetsInput
}

func (in *PairingInput) Validate() error {
	var c check
	if in.ID != nil {
		c.id("input.id", *in.ID)
	}
	c.text("input.name", &in.Name, MaxShort, true)
	c.id("input.supportingKindergartenId", in.SupportingKindergartenID)
	if len(in.PartnerKindergartenIDs) == 0 {
		c.fail("input.partnerKindergartenIds", "needs at least one partner kindergarten")
	}
	c.ids("input.partnerKindergartenIds", in.PartnerKindergartenIDs, 20)
	for i, p := range in.PartnerKindergartenIDs {
		if p == in.SupportingKindergartenID {
			c.fail(fmt.Sprintf("input.partnerKindergartenIds[%d]", i), "is the supporting kindergarten itself")
		}
	}
	if in.AgreementDate != nil {
		c.date("input.agreementDate", *in.AgreementDate)
	}
	c.period("input.start", in.Start, in.End)
	c.optText("input.goals", &in.Goals, MaxText)
	if len(in.LeadingGroup) > 50 {
		c.fail("input.leadingGroup", "has more than 50 members")
	}
	for i, m := range in.LeadingGroup {
		f := fmt.Sprintf("input.leadingGroup[%d]", i)
		c.text(f+".name", &m.Name, MaxName, true)
		c.text(f+".role", &m.Role, MaxName, true)
		c.optText(f+".duty", &m.Duty, MaxShort)
		if m.KindergartenID != nil {
			c.id(f+".kindergartenId", *m.KindergartenID)
		}
	}
	if len(in.Phases) > 20 {
		c.fail("input.phases", "has more than 20 phases")
	}
	for i, p := range in.Phases {
		f := fmt.Sprintf("input.phases[%d]", i)
		c.text(f+".name", &p.Name, MaxName, true)
		c.period(f+".start", p.Start, p.End)
		c.optText(f+".goals", &p.Goals, MaxText)
	}
	c.targets("input.targets", in.Targets)
	seen := map[string]bool{}
	for i, o := range in.TargetOverrides {
		f := fmt.Sprintf("input.targetOverrides[%d]", i)
		if _, err := ParseSemester(o.Semester); err != nil {
			c.fail(f+".semester", "%s", err.Error())
		}
		if seen[o.Semester] {
			c.fail(f+".semester", "repeats %s", o.Semester)
		}
		seen[o.Semester] = true
		c.targets(f+".targets", &o.Targets)
	}
	return c.result()
}

// MaxSessionHours is the longest a single teaching session may last.
const MaxSessionHours = 12

// TeachingSessionInput logs or edits a teaching session. ID is generated by the client.
type TeachingSessionInput struct {
	ID                    string
	PairingID             string
	PartnerKindergartenID *string
	Direction             *Direction
	Date                  Date
	Hours                 float64
	Type                  SessionType
	Domains               []Domain
	Topic                 *string
	TeacherIDs            []string
	Attendees             *int
	Notes                 *string
	CapturedAt            *time.Time
}

func (in *TeachingSessionInput) Validate() error {
	var c check
	c.id("input.id", in.ID)
	c.id("input.pairingId", in.PairingID)
	if in.PartnerKindergartenID != nil {
		c.id("input.partnerKindergartenId", *in.PartnerKindergartenID)
	}
	c.date("input.date", in.Date)
	if c.err == nil && in.Date > DateOf(Now()).AddDays(1) {
		c.fail("input.date", "%s is in the future; log a session on or after the day it happened", in.Date)
	}
	if !(in.Hours > 0 && in.Hours <= MaxSessionHours) {
		c.fail("input.hours", "must be more than 0 and at most %d", MaxSessionHours)
	}
	if len(in.Domains) > len(AllDomains) {
		c.fail("input.domains", "lists more domains than exist")
	}
	seen := map[Domain]bool{}
	for i, d := range in.Domains {
		if seen[d] {
			c.fail(fmt.Sprintf("input.domains[%d]", i), "repeats %s", d)
		}
		seen[d] = true
	}
	c.optText("input.topic", &in.Topic, MaxShort)
	c.ids("input.teacherIds", in.TeacherIDs, 50)
	if in.Attendees != nil {
		c.count("input.attendees", *in.Attendees, 2000)
	}
	c.optText("input.notes", &in.Notes, MaxText)
	return c.result()
}

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// AttendanceInput names a teacher present at a training event.
type AttendanceInput struct {
	TeacherID string
	Hours     *float64
}

// TrainingEventInput creates or replaces a training event.
type TrainingEventInput struct {
	ID                      string
	Title                   string
	Type                    TrainingType
	OrganizerKindergartenID *string
	OrganizerRegionCode     *string
	Date                    Date
	Hours                   float64
	Place                   *string
	Description             *string
	// PairingIDs are the pairings the event serves; nil keeps them as they are.
	PairingIDs []string
}

func (in *TrainingEventInput) Validate() error {
	var c check
	c.id("input.id", in.ID)
	c.text("input.title", &in.Title, MaxShort, true)
	switch {
	case in.OrganizerKindergartenID == nil && in.OrganizerRegionCode == nil:
		c.fail("input.organizerKindergartenId", "an organiser is required: a kindergarten or a bureau region")
	case in.OrganizerKindergartenID != nil && in.OrganizerRegionCode != nil:
		c.fail("input.organizerRegionCode", "give either an organising kindergarten or a region, not both")
	case in.OrganizerKindergartenID != nil:
		c.id("input.organizerKindergartenId", *in.OrganizerKindergartenID)
	default:
		if _, err := RegionLevelOf(*in.OrganizerRegionCode); err != nil {
			c.fail("input.organizerRegionCode", "%s", err.Error())
		}
	}
	c.date("input.date", in.Date)
	if !(in.Hours > 0 && in.Hours <= 24) {
		c.fail("input.hours", "must be more than 0 and at most 24")
	}
	c.optText("input.place", &in.Place, MaxShort)
	c.optText("input.description", &in.Description, MaxText)
	c.ids("input.pairingIds", in.PairingIDs, 20)
	return c.result()
}

// ValidateAttendance checks an attendance list for an event lasting eventHours.
func ValidateAttendance(entries []*AttendanceInput, eventHours float64) error {
	var c check
	if len(entries) > 2000 {
		c.fail("attendance", "lists %d teachers, at most 2000", len(entries))
	}
	seen := map[string]bool{}
	for i, e := range entries {
		f := fmt.Sprintf("attendance[%d]", i)
		c.id(f+".teacherId", e.TeacherID)
		if seen[e.TeacherID] {
			c.fail(f+".teacherId", "lists %s twice", e.TeacherID)
		}
		seen[e.TeacherID] = true
		if e.Hours != nil && !(*e.Hours > 0 && *e.Hours <= eventHours) {
			c.fail(f+".hours", "must be more than 0 and at most the event's %.1f hours", eventHours)
		}
	}
	return c.result()
}

// MentorshipInput creates or replaces a mentorship.
type MentorshipInput struct {
	ID            string
	PairingID     string
	MentorID      string
	ApprenticeIDs []string
	Start         Date
	End           Date
	Goals         *string
}

func (in *MentorshipInput) Validate() error {
	var c check
	c.id("input.id", in.ID)
	c.id("input.pairingId", in.PairingID)
	c.id("input.mentorId", in.MentorID)
	if len(in.ApprenticeIDs) == 0 {
		c.fail("input.apprenticeIds", "needs at least one apprentice")
	}
	c.ids("input.apprenticeIds", in.ApprenticeIDs, 20)
	for i, a := range in.ApprenticeIDs {
		if a == in.MentorID {
			c.fail(fmt.Sprintf("input.apprenticeIds[%d]", i), "is the mentor")
		}
	}
	c.period("input.start", in.Start, in.End)
	c.optText("input.goals", &in.Goals, MaxText)
	return c.result()
}

type DonationItemInput struct {
	Name     string
	Quantity int
	Value    float64
}

// DonationInput records a donation.
type DonationInput struct {
	ID                    string
	PairingID             string
	PartnerKindergartenID *string
	Date                  Date
	Items                 []*DonationItemInput
	Notes                 *string
}

func (in *DonationInput) Validate() error {
	var c check
	c.id("input.id", in.ID)
	c.id("input.pairingId", in.PairingID)
	if in.PartnerKindergartenID != nil {
		c.id("input.partnerKindergartenId", *in.PartnerKindergartenID)
	}
	c.date("input.date", in.Date)
	if len(in.Items) == 0 || len(in.Items) > 200 {
		c.fail("input.items", "needs between 1 and 200 items")
	}
	for i, it := range in.Items {
		f := fmt.Sprintf("input.items[%d]", i)
		c.text(f+".name", &it.Name, MaxShort, true)
		if it.Quantity < 1 || it.Quantity > 1_000_000 {
			c.fail(f+".quantity", "must be between 1 and 1000000")
		}
		if !(it.Value >= 0 && it.Value <= 10_000_000) {
			c.fail(f+".value", "must be between 0 and 10000000 yuan")
		}
	}
	c.optText("input.notes", &in.Notes, MaxText)
	return c.result()
}
