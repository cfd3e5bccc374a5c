package domain

import "time"

// Meta is carried by every stored record. UpdatedAt and Version form the change marker
// other instances poll; DeletedAt marks a soft delete.
type Meta struct {
	CreatedAt time.Time  `bson:"createdAt"`
	CreatedBy string     `bson:"createdBy,omitempty"`
	UpdatedAt time.Time  `bson:"updatedAt"`
	Version   int        `bson:"version"`
	DeletedAt *time.Time `bson:"deletedAt,omitempty"`
	// InputHash fingerprints the client's create input, so a repeated create can be told
	// apart from a different record that reuses an id.
	InputHash string `bson:"inputHash,omitempty"`
}

// Scoped is carried by every record that access rules filter: the region paths and the
// kindergartens the record involves.
type Scoped struct {
	RegionPath      []string `bson:"regionPath"`
	KindergartenIDs []string `bson:"kindergartenIds"`
}

// Kindergarten is one kindergarten (幼儿园).
type Kindergarten struct {
	ID           string            `bson:"_id"`
	Name         string            `bson:"name"`
	RegionCode   string            `bson:"regionCode"`
	RegionPath   []string          `bson:"regionPath"`
	Address      string            `bson:"address,omitempty"`
	Setting      Setting           `bson:"setting"`
	Ownership    Ownership         `bson:"ownership"`
	Level        KindergartenLevel `bson:"level"`
	Classes      int               `bson:"classes"`
	Children     int               `bson:"children"`
	StaffCount   int               `bson:"staffCount"`
	TeacherCount int               `bson:"teacherCount"`
	ContactName  string            `bson:"contactName,omitempty"`
	ContactPhone string            `bson:"contactPhone,omitempty"`
	Meta         `bson:",inline"`
}

// Teacher is a member of a kindergarten's staff.
type Teacher struct {
	ID             string   `bson:"_id"`
	Name           string   `bson:"name"`
	KindergartenID string   `bson:"kindergartenId"`
	RegionPath     []string `bson:"regionPath"`
	Post           Post     `bson:"post"`
	Backbone       bool     `bson:"backbone"`
	Title          string   `bson:"title,omitempty"`
	Phone          string   `bson:"phone,omitempty"`
	// LeftOn is the day the teacher left the kindergarten: the record is kept for the
	// history it is part of, and no longer offered when choosing who taught or attended.
	LeftOn *Date `bson:"leftOn,omitempty"`
	Meta   `bson:",inline"`
}

// User is someone who logs in. BUREAU users are scoped to RegionCode; KINDERGARTEN_ADMIN
// and TEACHER users to KindergartenID.
type User struct {
	ID             string    `bson:"_id"`
	Username       string    `bson:"username"`
	DisplayName    string    `bson:"displayName"`
	PasswordHash   string    `bson:"passwordHash"`
	Role           Role      `bson:"role"`
	RegionCode     string    `bson:"regionCode,omitempty"`
	KindergartenID string    `bson:"kindergartenId,omitempty"`
	TeacherID      string    `bson:"teacherId,omitempty"`
	RegionPath     []string  `bson:"regionPath,omitempty"`
	Disabled       bool      `bson:"disabled"`
	PasswordAt     time.Time `bson:"passwordAt"`
	// MustChangePassword: the password was given out by an admin (a new account, a
	// reset); the user chooses their own at the next sign-in before anything else.
	MustChangePassword bool       `bson:"mustChangePassword,omitempty"`
	LastLoginAt        *time.Time `bson:"lastLoginAt,omitempty"`
	// SignedOutAt ends every login made before it (the user was disabled): enabling the
	// user again does not bring those sessions back.
	SignedOutAt *time.Time `bson:"signedOutAt,omitempty"`
	Meta        `bson:",inline"`
}

// Targets are what a pairing must achieve each semester.
type Targets struct {
	TeachingHours       float64 `bson:"teachingHours"`
	SpecialLectures     int     `bson:"specialLectures"`
	MonthlyVisits       bool    `bson:"monthlyVisits"`
	ExcellentLessonRate float64 `bson:"excellentLessonRate"`
	PassRate            float64 `bson:"passRate"`
}

// DefaultTargets are the targets the bureau's documents set for every pairing.
var DefaultTargets = Targets{
	TeachingHours:       10,
	SpecialLectures:     2,
	MonthlyVisits:       true,
	ExcellentLessonRate: 0.3,
	PassRate:            1,
}

// SemesterTargets overrides a pairing's targets for one semester.
type SemesterTargets struct {
	Semester string  `bson:"semester"`
	Targets  Targets `bson:"targets"`
}

// Phase is one stage of a pairing's plan.
type Phase struct {
	Name  string `bson:"name"`
	Start Date   `bson:"start"`
	End   Date   `bson:"end"`
	Goals string `bson:"goals,omitempty"`
}

// GroupMember is one person in a pairing's leading group (领导小组).
type GroupMember struct {
	Name           string `bson:"name"`
	Role           string `bson:"role"` // 组长 / 副组长 / 成员 …
	Duty           string `bson:"duty,omitempty"`
	KindergartenID string `bson:"kindergartenId,omitempty"`
}

// Pairing links one supporting kindergarten with one or more partners.
type Pairing struct {
	ID                       string            `bson:"_id"`
	Name                     string            `bson:"name"`
	SupportingKindergartenID string            `bson:"supportingKindergartenId"`
	PartnerKindergartenIDs   []string          `bson:"partnerKindergartenIds"`
	AgreementDate            *Date             `bson:"agreementDate,omitempty"`
	Start                    Date              `bson:"start"`
	End                      Date              `bson:"end"`
	Status                   PairingStatus     `bson:"status"`
	Goals                    string            `bson:"goals,omitempty"`
	LeadingGroup             []GroupMember     `bson:"leadingGroup"`
	Phases                   []Phase           `bson:"phases"`
	Targets                  Targets           `bson:"targets"`
	TargetOverrides          []SemesterTargets `bson:"targetOverrides"`
	// The planned activities are kept apart, a Plan a semester (see plan.go).
	Scoped `bson:",inline"`
	Meta   `bson:",inline"`
}

// TargetsFor returns the targets in force for a semester.
func (p *Pairing) TargetsFor(semester string) Targets {
	for _, o := range p.TargetOverrides {
		if o.Semester == semester {
			return o.Targets
		}
	}
	return p.Targets
}

// SideOf tells which side of the pairing a kindergarten is on.
func (p *Pairing) SideOf(kindergartenID string) (Side, bool) {
	if kindergartenID == p.SupportingKindergartenID {
		return SideSupporting, true
	}
	for _, k := range p.PartnerKindergartenIDs {
		if k == kindergartenID {
			return SidePartner, true
		}
	}
	return "", false
}

// Correction is an admin's recorded change to a confirmed session.
type Correction struct {
	By      string    `bson:"by"`
	At      time.Time `bson:"at"`
	Reason  string    `bson:"reason"`
	Changes []Change  `bson:"changes"`
}

// Change is one field's value before and after a correction.
type Change struct {
	Field  string `bson:"field"`
	Before string `bson:"before"`
	After  string `bson:"after"`
}

// TeachingSession is one lesson, lecture, visit or study stay between a supporting
// kindergarten and one of its partners.
type TeachingSession struct {
	ID                       string             `bson:"_id"`
	PairingID                string             `bson:"pairingId"`
	SupportingKindergartenID string             `bson:"supportingKindergartenId"`
	PartnerKindergartenID    string             `bson:"partnerKindergartenId"`
	HostKindergartenID       string             `bson:"hostKindergartenId"`
	Direction                Direction          `bson:"direction"`
	Date                     Date               `bson:"date"`
	Semester                 string             `bson:"semester"`
	Month                    string             `bson:"month"`
	Hours                    float64            `bson:"hours"`
	Type                     SessionType        `bson:"type"`
	Domains                  []Domain           `bson:"domains"`
	Topic                    string             `bson:"topic,omitempty"`
	TeacherIDs               []string           `bson:"teacherIds"`
	Attendees                int                `bson:"attendees"`
	Notes                    string             `bson:"notes,omitempty"`
	LoggedBySide             Side               `bson:"loggedBySide"`
	Status                   ConfirmationStatus `bson:"status"`
	ConfirmedBy              string             `bson:"confirmedBy,omitempty"`
	ConfirmedAt              *time.Time         `bson:"confirmedAt,omitempty"`
	Rating                   *int               `bson:"rating,omitempty"`
	Feedback                 string             `bson:"feedback,omitempty"`
	QueryReason              string             `bson:"queryReason,omitempty"`
	QueriedBy                string             `bson:"queriedBy,omitempty"`
	QueriedAt                *time.Time         `bson:"queriedAt,omitempty"`
	Corrections              []Correction       `bson:"corrections"`
	PhotoIDs                 []string           `bson:"photoIds,omitempty"`
	// CapturedAt is when the phone saved the record, by its clock: shown, never trusted.
	// Reflections are participating teachers' 教育反思 and 听课笔记.
	Reflections []Reflection `bson:"reflections,omitempty"`
	CapturedAt  *time.Time   `bson:"capturedAt,omitempty"`
	Scoped      `bson:",inline"`
	Meta        `bson:",inline"`
}

// Confirmed reports whether the other side has confirmed the session.
func (s *TeachingSession) Confirmed() bool { return s.Status == ConfirmationConfirmed }

// LoggedBy is the kindergarten of the side that logged the session: its evidence is theirs
// (a follow-up study the partner logged is the partner's).
func (s *TeachingSession) LoggedBy() string {
	if s.LoggedBySide == SideSupporting {
		return s.SupportingKindergartenID
	}
	return s.PartnerKindergartenID
}

// Attendance is one teacher's presence at a training event.
type Attendance struct {
	TeacherID      string   `bson:"teacherId"`
	KindergartenID string   `bson:"kindergartenId"`
	RegionPath     []string `bson:"regionPath"`
	Hours          float64  `bson:"hours"`
}

// TrainingEvent is a training, lecture or teaching-research event organised by a
// kindergarten or a bureau, attended by teachers of several kindergartens.
type TrainingEvent struct {
	ID                      string       `bson:"_id"`
	Title                   string       `bson:"title"`
	Type                    TrainingType `bson:"type"`
	OrganizerKindergartenID string       `bson:"organizerKindergartenId,omitempty"`
	OrganizerRegionCode     string       `bson:"organizerRegionCode,omitempty"`
	// OrganizerPath is the region path of the organiser (its kindergarten's or its own).
	OrganizerPath []string     `bson:"organizerPath"`
	Date          Date         `bson:"date"`
	Semester      string       `bson:"semester"`
	Hours         float64      `bson:"hours"`
	Place         string       `bson:"place,omitempty"`
	Description   string       `bson:"description,omitempty"`
	Attendance    []Attendance `bson:"attendance"`
	PhotoIDs      []string     `bson:"photoIds,omitempty"`
	// PairingIDs are the pairings the event serves (see CountsAsLectureFor).
	PairingIDs []string `bson:"pairingIds,omitempty"`
	Scoped     `bson:",inline"`
	Meta       `bson:",inline"`
}

// Mentorship is a 师徒结对: a backbone teacher mentoring partner teachers for a term.
type Mentorship struct {
	ID            string   `bson:"_id"`
	PairingID     string   `bson:"pairingId"`
	MentorID      string   `bson:"mentorId"`
	ApprenticeIDs []string `bson:"apprenticeIds"`
	Start         Date     `bson:"start"`
	End           Date     `bson:"end"`
	Goals         string   `bson:"goals,omitempty"`
	// Activities are what mentor and apprentices did together (see followup.go).
	Activities []MentorshipActivity `bson:"activities,omitempty"`
	Scoped     `bson:",inline"`
	Meta       `bson:",inline"`
}

// DonationItem is one line of a donation.
type DonationItem struct {
	Name     string  `bson:"name"`
	Quantity int     `bson:"quantity"`
	Value    float64 `bson:"value"`
}

// Donation is books, toys or equipment given to a partner kindergarten.
type Donation struct {
	ID                    string         `bson:"_id"`
	PairingID             string         `bson:"pairingId"`
	PartnerKindergartenID string         `bson:"partnerKindergartenId"`
	Date                  Date           `bson:"date"`
	Items                 []DonationItem `bson:"items"`
	Value                 float64        `bson:"value"`
	Notes                 string         `bson:"notes,omitempty"`
	PhotoIDs              []string       `bson:"photoIds,omitempty"`
	Scoped                `bson:",inline"`
	Meta                  `bson:",inline"`
}

// M gives generic code access to the metadata of any record that embeds Meta.
func (m *Meta) M() *Meta { return m }

// Deleted reports whether the record was soft-deleted.
func (m *Meta) Deleted() bool { return m.DeletedAt != nil }

// Named is what a reader outside the kindergarten's scope sees of it where a record they
// may see names it: its name, place and kind, not its address or contacts.
func (k *Kindergarten) Named() *Kindergarten {
	return &Kindergarten{ID: k.ID, Name: k.Name, RegionCode: k.RegionCode, RegionPath: k.RegionPath, Setting: k.Setting,
		Ownership: k.Ownership, Level: k.Level, Classes: k.Classes, Children: k.Children, StaffCount: k.StaffCount,
		TeacherCount: k.TeacherCount, Meta: k.Meta}
}

// Named is what a reader outside the teacher's scope sees of them where a record they may
// see names them: the name, kindergarten and post, not the phone or title.
func (t *Teacher) Named() *Teacher {
	return &Teacher{ID: t.ID, Name: t.Name, KindergartenID: t.KindergartenID, RegionPath: t.RegionPath, Post: t.Post,
		Backbone: t.Backbone, LeftOn: t.LeftOn, Meta: t.Meta}
}
