package domain

import (
	"fmt"
	"io"
	"slices"
	"unicode/utf8"
)

// A child on a kindergarten's roster (幼儿名册). What anyone who sees the child may read —
// name, sex, birth date, class, enrolment and leaving — is kept as it is; the rest is
// protected (ChildProtected): sealed by the application before it is stored, opened only
// in memory for those who may read it, every such read recorded.

// ClassLevel is a kindergarten class's year.
type ClassLevel string

const (
	ClassSmall  ClassLevel = "SMALL"  // 小班
	ClassMiddle ClassLevel = "MIDDLE" // 中班
	ClassLarge  ClassLevel = "LARGE"  // 大班
)

var AllClassLevels = []ClassLevel{ClassSmall, ClassMiddle, ClassLarge}

// LeavingReason is why a child left the roster.
type LeavingReason string

const (
	LeftGraduated   LeavingReason = "GRADUATED"   // 毕业
	LeftTransferred LeavingReason = "TRANSFERRED" // 转出
	LeftWithdrawn   LeavingReason = "WITHDRAWN"   // 退园
)

var AllLeavingReasons = []LeavingReason{LeftGraduated, LeftTransferred, LeftWithdrawn}

// ChildCategory is a circumstance that makes a child eligible for help.
type ChildCategory string

const (
	CategoryPovertyFiled      ChildCategory = "POVERTY_FILED"       // 建档立卡
	CategoryLowIncome         ChildCategory = "LOW_INCOME"          // 低保
	CategoryExtremePoverty    ChildCategory = "EXTREME_POVERTY"     // 特困供养
	CategoryOrphanInCare      ChildCategory = "ORPHAN_IN_CARE"      // 孤儿（福利院）
	CategoryOrphanScattered   ChildCategory = "ORPHAN_SCATTERED"    // 孤儿（散居）
	CategoryDisabled          ChildCategory = "DISABLED"            // 残疾儿童 (note: the certificate's number)
	CategoryParentDisabledIll ChildCategory = "PARENT_DISABLED_ILL" // 父母残疾或长期患病
	CategoryMartyrFamily      ChildCategory = "MARTYR_FAMILY"       // 重点优抚
	CategoryDisaster          ChildCategory = "DISASTER"            // 突发灾害
	CategoryLeftBehind        ChildCategory = "LEFT_BEHIND"         // 留守儿童 (note: where the parents work)
	CategoryOther             ChildCategory = "OTHER"               // 其他 (note required)
)

var AllChildCategories = []ChildCategory{CategoryPovertyFiled, CategoryLowIncome, CategoryExtremePoverty, CategoryOrphanInCare,
	CategoryOrphanScattered, CategoryDisabled, CategoryParentDisabledIll, CategoryMartyrFamily, CategoryDisaster, CategoryLeftBehind, CategoryOther}

// needsNote: the categories whose note says something a verifier needs.
var needsNote = []ChildCategory{CategoryDisabled, CategoryLeftBehind, CategoryOther}

// CategoryEntry is one category with its note.
type CategoryEntry struct {
	Kind ChildCategory `json:"kind"`
	Note string        `json:"note,omitempty"`
}

// Guardian is one of a child's guardians (one or two).
type Guardian struct {
	Name     string `json:"name"`
	Relation string `json:"relation"`
	Phone    string `json:"phone,omitempty"`
	IDNumber string `json:"idNumber,omitempty"`
}

// ChildProtected is what only those who may read it see of a child, and what the store
// holds only sealed.
type ChildProtected struct {
	IDNumber     string          `json:"idNumber,omitempty"`
	NoIDReason   string          `json:"noIdReason,omitempty"` // why a child has no ID number
	Address      string          `json:"address,omitempty"`
	HukouCode    string          `json:"hukouCode,omitempty"` // household registration's region
	Agricultural *bool           `json:"agricultural,omitempty"`
	Categories   []CategoryEntry `json:"categories,omitempty"`
	Guardians    []Guardian      `json:"guardians,omitempty"`
}

// ProtectedFields names the fields of ChildProtected, as the access log records them.
var ProtectedFields = []string{"idNumber", "address", "hukou", "categories", "guardians"}

// Child is a child on a kindergarten's roster.
type Child struct {
	ID             string        `bson:"_id"`
	KindergartenID string        `bson:"kindergartenId"`
	RegionPath     []string      `bson:"regionPath"` // the kindergarten's
	Name           string        `bson:"name"`
	Male           bool          `bson:"male"`
	BirthDate      Date          `bson:"birthDate"`
	Class          ClassLevel    `bson:"class"`
	ClassName      string        `bson:"className"`
	EnrolledOn     Date          `bson:"enrolledOn"`
	LeftOn         *Date         `bson:"leftOn,omitempty"`
	LeavingReason  LeavingReason `bson:"leavingReason,omitempty"`
	// Sealed is ChildProtected, encrypted and bound to this child (package protect).
	Sealed string `bson:"sealed"`
	// IDLookup is the keyed hash of the ID number, by which a second enrolment is found
	// without opening any record.
	IDLookup string `bson:"idLookup,omitempty"`
	// Protected is the opened ChildProtected, in memory only; nil until opened for a reader
	// who may see it.
	Protected *ChildProtected `bson:"-"`
	Meta      `bson:",inline"`
}

// Enrolled: the child is on the roll today (not left).
func (c *Child) Enrolled() bool { return c.LeftOn == nil }

// ChildInput is a child's record as a form or a roster sheet sends it.
type ChildInput struct {
	ID             string
	KindergartenID string
	Name           string
	Male           bool
	BirthDate      Date
	Class          ClassLevel
	ClassName      string
	EnrolledOn     Date
	LeftOn         *Date
	LeavingReason  *LeavingReason
	Protected      ChildProtected
}

// MaxGuardians is how many guardians a child's record names.
const MaxGuardians = 2

// Validate checks a child's record; the ID number's birth date must be the child's.
func (in *ChildInput) Validate() error {
	var c check
	c.id("input.id", in.ID)
	c.id("input.kindergartenId", in.KindergartenID)
	c.text("input.name", &in.Name, MaxName, true)
	c.date("input.birthDate", in.BirthDate)
	if !slices.Contains(AllClassLevels, in.Class) {
		c.fail("input.class", "must be one of %v", AllClassLevels)
	}
	c.text("input.className", &in.ClassName, MaxName, false)
	c.date("input.enrolledOn", in.EnrolledOn)
	if in.LeftOn != nil {
		c.date("input.leftOn", *in.LeftOn)
		if c.err == nil && *in.LeftOn < in.EnrolledOn {
			c.fail("input.leftOn", "is before the child was enrolled")
		}
		if in.LeavingReason == nil || !slices.Contains(AllLeavingReasons, *in.LeavingReason) {
			c.fail("input.leavingReason", "say why the child left: one of %v", AllLeavingReasons)
		}
	}
	p := &in.Protected
	c.text("input.idNumber", &p.IDNumber, 18, false)
	c.text("input.noIdReason", &p.NoIDReason, MaxShort, false)
	switch {
	case p.IDNumber != "":
		id, err := ParseIDNumber(p.IDNumber)
		if err != nil {
			c.refuse("input.idNumber", err)
			break
		}
		p.IDNumber = id.Text
		if c.err == nil && id.Birth != in.BirthDate {
			c.fail("input.birthDate", "is not the birth date in the ID number (%s)", id.Birth)
		}
	case p.NoIDReason == "":
		c.fail("input.idNumber", "fill in the ID number, or say why the child has none")
	}
	c.text("input.address", &p.Address, MaxShort, false)
	if p.HukouCode != "" {
		if _, err := RegionLevelOf(p.HukouCode); err != nil {
			c.fail("input.hukouCode", "%s", err.Error())
		}
	}
	seen := map[ChildCategory]bool{}
	for i := range p.Categories {
		e := &p.Categories[i]
		field := fmt.Sprintf("input.categories[%d]", i)
		if !slices.Contains(AllChildCategories, e.Kind) || seen[e.Kind] {
			c.fail(field, "must be one of %v, each once", AllChildCategories)
		}
		seen[e.Kind] = true
		c.text(field+".note", &e.Note, MaxShort, slices.Contains(needsNote, e.Kind))
	}
	if len(p.Guardians) > MaxGuardians {
		c.fail("input.guardians", "name one or two guardians")
	}
	for i := range p.Guardians {
		g := &p.Guardians[i]
		field := fmt.Sprintf("input.guardians[%d]", i)
		c.text(field+".name", &g.Name, MaxName, true)
		c.text(field+".relation", &g.Relation, MaxName, true)
		c.text(field+".phone", &g.Phone, 20, false)
		if g.Phone != "" && !phonePattern.MatchString(g.Phone) {
			c.fail(field+".phone", "is not a phone number")
		}
		c.text(field+".idNumber", &g.IDNumber, 18, false)
		if g.IDNumber != "" {
			if _, err := ParseIDNumber(g.IDNumber); err != nil {
				c.refuse(field+".idNumber", err)
			}
		}
	}
	return c.result()
}

func (e ClassLevel) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *ClassLevel) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllClassLevels, "ClassLevel")
	return err
}
func (e LeavingReason) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *LeavingReason) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllLeavingReasons, "LeavingReason")
	return err
}
func (e ChildCategory) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *ChildCategory) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllChildCategories, "ChildCategory")
	return err
}

// ChildFilter narrows a roster.
type ChildFilter struct {
	KindergartenID *string
}

// AuditedRecord: a child's audit entry names the child; its input (the protected fields as
// typed) is read by the child's kindergarten only.
func (c *Child) AuditedRecord() AuditRecord {
	r := audited("Child", c.ID, c.RegionPath)
	r.InputReaders = []string{c.KindergartenID}
	return r
}

// ValidateReason checks the reason a bureau or an admin states to open a child's record.
func ValidateReason(reason *string) error {
	var c check
	c.text("reason", reason, MaxShort, true)
	if c.err == nil && utf8.RuneCountInString(*reason) < 4 {
		c.fail("reason", "say why you need this child's record (at least 4 characters)")
	}
	return c.result()
}
