package domain

// OrderDirection of a sorted list.
type OrderDirection string

const (
	Asc  OrderDirection = "ASC"
	Desc OrderDirection = "DESC"
)

// List filters, bound to the GraphQL filter inputs. Nil fields do not filter.

type KindergartenFilter struct {
	RegionCode   *string
	Settings     []Setting
	Levels       []KindergartenLevel
	NameContains *string
}

type TeacherFilter struct {
	KindergartenID *string
	RegionCode     *string
	Posts          []Post
	Backbone       *bool
	NameContains   *string
	// Current: true keeps only teachers who have not left; false only those who have.
	Current *bool
}

type UserFilter struct {
	Roles          []Role
	RegionCode     *string
	KindergartenID *string
	NameContains   *string
}

type PairingFilter struct {
	RegionCode     *string
	KindergartenID *string
	Statuses       []PairingStatus
	ActiveOn       *Date
	NameContains   *string
}

type TeachingSessionFilter struct {
	PairingIDs     []string
	KindergartenID *string
	RegionCode     *string
	Semesters      []string
	From           *Date
	To             *Date
	Types          []SessionType
	Directions     []Direction
	Statuses       []ConfirmationStatus
	Confirmed      *bool
	LoggedBySide   *Side
	TeacherID      *string
	IncludeDeleted *bool
}

type TrainingEventFilter struct {
	RegionCode     *string
	KindergartenID *string
	Semesters      []string
	From           *Date
	To             *Date
	Types          []TrainingType
	TitleContains  *string
}

type MentorshipFilter struct {
	PairingID *string
	TeacherID *string
}

type DonationFilter struct {
	PairingID *string
	From      *Date
	To        *Date
}

// PhotoFilter narrows the ready photos of a records browser; From and To bound the day of
// the session or event a photo is evidence of.
type PhotoFilter struct {
	RegionCode     *string
	KindergartenID *string
	PairingIDs     []string
	Semesters      []string
	From           *Date
	To             *Date
	SubjectKinds   []SubjectKind
	// FlaggedOnly keeps only photos with a flag.
	FlaggedOnly *bool
}
