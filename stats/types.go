package stats

import (
	"fmt"
	"io"
	"strconv"

	"github.com/handinhand/handinhand/domain"
)

// Subject is the kind of fact a query counts.
type Subject string

const (
	SubjectSessions   Subject = "TEACHING_SESSIONS"
	SubjectAttendance Subject = "TRAINING_ATTENDANCE"
	SubjectPhotos     Subject = "PHOTOS"
	// SubjectGrades counts lesson grades (听课评课), one fact a graded lesson.
	SubjectGrades Subject = "LESSON_GRADES"
	// SubjectDonations counts donations (捐赠), one fact a donation.
	SubjectDonations Subject = "DONATIONS"
)

// AllSubjects lists the subjects.
var AllSubjects = []Subject{SubjectSessions, SubjectAttendance, SubjectPhotos, SubjectGrades, SubjectDonations}

// Measure is a number computed over the facts of a group.
type Measure string

const (
	Count                 Measure = "COUNT"
	Hours                 Measure = "HOURS"
	Attendees             Measure = "ATTENDEES"
	AvgRating             Measure = "AVG_RATING"
	DistinctTeachers      Measure = "DISTINCT_TEACHERS"
	DistinctKindergartens Measure = "DISTINCT_KINDERGARTENS"
	DistinctPairings      Measure = "DISTINCT_PAIRINGS"
	// Value is the donations' value in yuan.
	Value Measure = "VALUE"
)

// AllMeasures lists the measures.
var AllMeasures = []Measure{Count, Hours, Attendees, AvgRating, DistinctTeachers, DistinctKindergartens, DistinctPairings, Value}

// Dimension is what facts are grouped by.
type Dimension string

const (
	Province               Dimension = "PROVINCE"
	City                   Dimension = "CITY"
	County                 Dimension = "COUNTY"
	SemesterDim            Dimension = "SEMESTER"
	MonthDim               Dimension = "MONTH"
	SessionTypeDim         Dimension = "SESSION_TYPE"
	DomainDim              Dimension = "DOMAIN"
	PairingDim             Dimension = "PAIRING"
	SupportingKindergarten Dimension = "SUPPORTING_KINDERGARTEN"
	PartnerKindergarten    Dimension = "PARTNER_KINDERGARTEN"
	ConfirmedDim           Dimension = "CONFIRMED"
	DirectionDim           Dimension = "DIRECTION"
	TrainingTypeDim        Dimension = "TRAINING_TYPE"
	KindergartenDim        Dimension = "KINDERGARTEN"
	SettingDim             Dimension = "SETTING"
	// TeacherDim takes each teacher a session names (a session taught by two counts for
	// both), or the attendee of a training.
	TeacherDim Dimension = "TEACHER"
	// GradeDim is a lesson grade's 优秀 / 良好 / 合格 / 不合格.
	GradeDim Dimension = "GRADE"
)

// AllDimensions lists the dimensions.
var AllDimensions = []Dimension{Province, City, County, SemesterDim, MonthDim, SessionTypeDim, DomainDim,
	PairingDim, SupportingKindergarten, PartnerKindergarten, ConfirmedDim, DirectionDim, TrainingTypeDim,
	KindergartenDim, SettingDim, TeacherDim, GradeDim}

// Locale chooses the language of labels.
type Locale string

const (
	ZhCN Locale = "ZH_CN"
	En   Locale = "EN"
)

// AllLocales lists the locales.
var AllLocales = []Locale{ZhCN, En}

// measuresOf and dimensionsOf say what each subject supports.
var measuresOf = map[Subject][]Measure{
	SubjectSessions:   {Count, Hours, Attendees, AvgRating, DistinctTeachers, DistinctKindergartens, DistinctPairings},
	SubjectAttendance: {Count, Hours, DistinctTeachers, DistinctKindergartens},
	SubjectPhotos:     {Count, DistinctKindergartens, DistinctPairings},
	SubjectGrades:     {Count, DistinctTeachers, DistinctKindergartens, DistinctPairings},
	SubjectDonations:  {Count, Value, DistinctKindergartens, DistinctPairings},
}

var dimensionsOf = map[Subject][]Dimension{
	SubjectSessions: {Province, City, County, SemesterDim, MonthDim, SessionTypeDim, DomainDim, PairingDim,
		SupportingKindergarten, PartnerKindergarten, ConfirmedDim, DirectionDim, KindergartenDim, SettingDim, TeacherDim},
	SubjectAttendance: {Province, City, County, SemesterDim, MonthDim, TrainingTypeDim, KindergartenDim, SettingDim, TeacherDim},
	SubjectPhotos: {Province, City, County, SemesterDim, MonthDim, PairingDim, SupportingKindergarten,
		PartnerKindergarten, KindergartenDim, SettingDim},
	SubjectGrades: {Province, City, County, SemesterDim, MonthDim, DomainDim, PairingDim, SupportingKindergarten,
		PartnerKindergarten, KindergartenDim, SettingDim, TeacherDim, GradeDim},
	SubjectDonations: {Province, City, County, SemesterDim, MonthDim, PairingDim, SupportingKindergarten,
		PartnerKindergarten, KindergartenDim, SettingDim},
}

// Filter narrows the facts a query counts. Every list means "any of".
type Filter struct {
	RegionCode      *string
	Semesters       []string
	From, To        *domain.Date
	SessionTypes    []domain.SessionType
	TrainingTypes   []domain.TrainingType
	Domains         []domain.Domain
	Directions      []domain.Direction
	Settings        []domain.Setting
	PairingIDs      []string
	KindergartenIDs []string
	Confirmed       *bool
}

// Order sorts rows by a measure of the query or a dimension it groups by.
type Order struct {
	Measure   *Measure
	Dimension *Dimension
	Desc      bool
}

// Query is a custom aggregate.
type Query struct {
	Subject  Subject
	Measures []Measure
	GroupBy  []Dimension
	Filter   Filter
	OrderBy  []Order
	Limit    *int
	Locale   Locale
}

// Limits on a query.
const (
	MaxGroupBy      = 4
	DefaultRowLimit = 1000
	MaxRowLimit     = 10000
)

// Key is one dimension's value of a row.
type Key struct {
	Dimension Dimension
	Value     string
	Label     string
}

// Row is one group: its keys in the order of GroupBy and its values in the order of
// Measures (nil where a measure has no value, such as the average of no ratings).
type Row struct {
	Keys   []Key
	Values []*float64
}

// Result is a query's answer.
type Result struct {
	Rows []Row
	// Total counts every matching fact once, whatever the grouping.
	Total Total
	// RowCount is the number of groups before the limit.
	RowCount int
	// Overlapping is true when some fact is counted in more than one row (a session in
	// two domains, or between kindergartens of two counties): then the rows add up to
	// more than the total.
	Overlapping bool
	Facts       int
}

// Total holds the measures over every matching fact.
type Total struct {
	Values []*float64
}

// GraphQL marshalling, so the schema's enums bind to these types and an unknown value
// is a BAD_USER_INPUT naming the choices.

func unmarshalEnum[T ~string](v any, all []T, what string) (T, error) {
	s, ok := v.(string)
	if ok {
		for _, x := range all {
			if string(x) == s {
				return x, nil
			}
		}
	}
	return "", domain.Invalid(what, "%s is not one of %v", truncated(v), all)
}

func truncated(v any) string {
	s := fmt.Sprint(v)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}

func (s Subject) MarshalGQL(w io.Writer)   { _, _ = io.WriteString(w, strconv.Quote(string(s))) }
func (m Measure) MarshalGQL(w io.Writer)   { _, _ = io.WriteString(w, strconv.Quote(string(m))) }
func (d Dimension) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(d))) }
func (l Locale) MarshalGQL(w io.Writer)    { _, _ = io.WriteString(w, strconv.Quote(string(l))) }

func (s *Subject) UnmarshalGQL(v any) (err error) {
	*s, err = unmarshalEnum(v, AllSubjects, "subject")
	return err
}

func (m *Measure) UnmarshalGQL(v any) (err error) {
	*m, err = unmarshalEnum(v, AllMeasures, "measure")
	return err
}

func (d *Dimension) UnmarshalGQL(v any) (err error) {
	*d, err = unmarshalEnum(v, AllDimensions, "dimension")
	return err
}

func (s Status) MarshalGQL(w io.Writer)          { _, _ = io.WriteString(w, strconv.Quote(string(s))) }
func (o ComplianceOrder) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(o))) }

func (s *Status) UnmarshalGQL(v any) (err error) {
	*s, err = unmarshalEnum(v, []Status{Met, OnTrack, Behind}, "status")
	return err
}

func (o *ComplianceOrder) UnmarshalGQL(v any) (err error) {
	*o, err = unmarshalEnum(v, []ComplianceOrder{WorstFirst, ByHours, ByLectures, ByVisits, ByConfirmed, ByPairingName}, "orderBy")
	return err
}

func (l *Locale) UnmarshalGQL(v any) (err error) {
	*l, err = unmarshalEnum(v, AllLocales, "locale")
	return err
}
