package domain

import (
	"io"
	"slices"
	"strconv"
)

// enum is implemented by every string enum of the domain; the GraphQL layer marshals
// them through MarshalGQL/UnmarshalGQL, and validation checks them with Valid.
type enum interface{ ~string }

func validEnum[T enum](v T, all []T) bool { return slices.Contains(all, v) }

func unmarshalEnum[T enum](v any, all []T, name string) (T, error) {
	s, ok := v.(string)
	if !ok {
		return "", Invalid("", "%s must be one of %v", name, all)
	}
	if !validEnum(T(s), all) {
		return "", Invalid("", "%q is not a valid %s (one of %v)", s, name, all)
	}
	return T(s), nil
}

func marshalEnum[T enum](w io.Writer, v T) { _, _ = io.WriteString(w, strconv.Quote(string(v))) }

// Role is what a user may do; the scope (region or kindergarten) says where.
type Role string

const (
	RoleAdmin             Role = "ADMIN"
	RoleBureau            Role = "BUREAU"
	RoleKindergartenAdmin Role = "KINDERGARTEN_ADMIN"
	RoleTeacher           Role = "TEACHER"
)

var AllRoles = []Role{RoleAdmin, RoleBureau, RoleKindergartenAdmin, RoleTeacher}

func (e Role) Valid() bool            { return validEnum(e, AllRoles) }
func (e Role) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *Role) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllRoles, "Role")
	return err
}

// RegionLevel is the administrative level of a region code.
type RegionLevel string

const (
	LevelProvince RegionLevel = "PROVINCE"
	LevelCity     RegionLevel = "CITY"
	LevelCounty   RegionLevel = "COUNTY"
	LevelTownship RegionLevel = "TOWNSHIP"
)

var AllRegionLevels = []RegionLevel{LevelProvince, LevelCity, LevelCounty, LevelTownship}

func (e RegionLevel) Valid() bool            { return validEnum(e, AllRegionLevels) }
func (e RegionLevel) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *RegionLevel) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllRegionLevels, "RegionLevel")
	return err
}

// Setting is where a kindergarten stands: in a city, a township seat or a village.
type Setting string

const (
	SettingUrban    Setting = "URBAN"
	SettingTownship Setting = "TOWNSHIP"
	SettingVillage  Setting = "VILLAGE"
)

var AllSettings = []Setting{SettingUrban, SettingTownship, SettingVillage}

func (e Setting) Valid() bool            { return validEnum(e, AllSettings) }
func (e Setting) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *Setting) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllSettings, "Setting")
	return err
}

// Ownership of a kindergarten (公办 / 民办 / 其他).
type Ownership string

const (
	OwnershipPublic  Ownership = "PUBLIC"
	OwnershipPrivate Ownership = "PRIVATE"
	OwnershipOther   Ownership = "OTHER"
)

var AllOwnerships = []Ownership{OwnershipPublic, OwnershipPrivate, OwnershipOther}

func (e Ownership) Valid() bool            { return validEnum(e, AllOwnerships) }
func (e Ownership) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *Ownership) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllOwnerships, "Ownership")
	return err
}

// KindergartenLevel is the grade a kindergarten was rated at.
type KindergartenLevel string

const (
	LevelProvincialDemonstration KindergartenLevel = "PROVINCIAL_DEMONSTRATION"
	LevelMunicipalDemonstration  KindergartenLevel = "MUNICIPAL_DEMONSTRATION"
	LevelMunicipalFirstClass     KindergartenLevel = "MUNICIPAL_FIRST_CLASS"
	LevelCountyFirstClass        KindergartenLevel = "COUNTY_FIRST_CLASS"
	LevelCountySecondClass       KindergartenLevel = "COUNTY_SECOND_CLASS"
	LevelUnrated                 KindergartenLevel = "UNRATED"
)

var AllKindergartenLevels = []KindergartenLevel{LevelProvincialDemonstration, LevelMunicipalDemonstration,
	LevelMunicipalFirstClass, LevelCountyFirstClass, LevelCountySecondClass, LevelUnrated}

func (e KindergartenLevel) Valid() bool            { return validEnum(e, AllKindergartenLevels) }
func (e KindergartenLevel) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *KindergartenLevel) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllKindergartenLevels, "KindergartenLevel")
	return err
}

// Post is a staff member's job in a kindergarten.
type Post string

const (
	PostPrincipal          Post = "PRINCIPAL"
	PostVicePrincipal      Post = "VICE_PRINCIPAL"
	PostTeachingResearch   Post = "TEACHING_RESEARCH_HEAD"
	PostTeacher            Post = "TEACHER"
	PostChildcareAssistant Post = "CHILDCARE_ASSISTANT"
	PostNurse              Post = "NURSE"
)

var AllPosts = []Post{PostPrincipal, PostVicePrincipal, PostTeachingResearch, PostTeacher, PostChildcareAssistant, PostNurse}

func (e Post) Valid() bool            { return validEnum(e, AllPosts) }
func (e Post) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *Post) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllPosts, "Post")
	return err
}

// PairingStatus is where a pairing is in its life.
type PairingStatus string

const (
	PairingDraft  PairingStatus = "DRAFT"
	PairingActive PairingStatus = "ACTIVE"
	PairingEnded  PairingStatus = "ENDED"
)

var AllPairingStatuses = []PairingStatus{PairingDraft, PairingActive, PairingEnded}

func (e PairingStatus) Valid() bool            { return validEnum(e, AllPairingStatuses) }
func (e PairingStatus) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *PairingStatus) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllPairingStatuses, "PairingStatus")
	return err
}

// Direction says who travelled: OUTBOUND is 送教下乡 (supporting teachers go to the
// partner), INBOUND is 跟岗学习 / 引教进城 (partner teachers come to the city).
type Direction string

const (
	DirectionOutbound Direction = "OUTBOUND"
	DirectionInbound  Direction = "INBOUND"
)

var AllDirections = []Direction{DirectionOutbound, DirectionInbound}

func (e Direction) Valid() bool            { return validEnum(e, AllDirections) }
func (e Direction) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *Direction) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllDirections, "Direction")
	return err
}

// SessionType is what happened in a teaching session.
type SessionType string

const (
	SessionDemonstrationClass    SessionType = "DEMONSTRATION_CLASS"
	SessionSpecialLecture        SessionType = "SPECIAL_LECTURE"
	SessionObservationCritique   SessionType = "OBSERVATION_CRITIQUE"
	SessionEnvironmentGuidance   SessionType = "ENVIRONMENT_GUIDANCE"
	SessionManagementGuidance    SessionType = "MANAGEMENT_GUIDANCE"
	SessionHealthCareGuidance    SessionType = "HEALTH_CARE_GUIDANCE"
	SessionJointTeachingResearch SessionType = "JOINT_TEACHING_RESEARCH"
	SessionMonthlyVisit          SessionType = "MONTHLY_VISIT"
	SessionFollowUpStudy         SessionType = "FOLLOW_UP_STUDY"
	SessionJobSwap               SessionType = "JOB_SWAP"
)

var AllSessionTypes = []SessionType{SessionDemonstrationClass, SessionSpecialLecture, SessionObservationCritique,
	SessionEnvironmentGuidance, SessionManagementGuidance, SessionHealthCareGuidance, SessionJointTeachingResearch,
	SessionMonthlyVisit, SessionFollowUpStudy, SessionJobSwap}

func (e SessionType) Valid() bool            { return validEnum(e, AllSessionTypes) }
func (e SessionType) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *SessionType) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllSessionTypes, "SessionType")
	return err
}

// Domain is one of the five learning domains of the kindergarten guidelines.
type Domain string

const (
	DomainHealth   Domain = "HEALTH"
	DomainLanguage Domain = "LANGUAGE"
	DomainSocial   Domain = "SOCIAL"
	DomainScience  Domain = "SCIENCE"
	DomainArt      Domain = "ART"
)

var AllDomains = []Domain{DomainHealth, DomainLanguage, DomainSocial, DomainScience, DomainArt}

func (e Domain) Valid() bool            { return validEnum(e, AllDomains) }
func (e Domain) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *Domain) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllDomains, "Domain")
	return err
}

// Side is one side of a pairing.
type Side string

const (
	SideSupporting Side = "SUPPORTING"
	SidePartner    Side = "PARTNER"
)

var AllSides = []Side{SideSupporting, SidePartner}

func (e Side) Valid() bool            { return validEnum(e, AllSides) }
func (e Side) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *Side) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllSides, "Side")
	return err
}

// Other returns the opposite side.
func (e Side) Other() Side {
	if e == SideSupporting {
		return SidePartner
	}
	return SideSupporting
}

// ConfirmationStatus is where a logged session stands with the other side.
type ConfirmationStatus string

const (
	ConfirmationPending   ConfirmationStatus = "PENDING"
	ConfirmationConfirmed ConfirmationStatus = "CONFIRMED"
	ConfirmationQueried   ConfirmationStatus = "QUERIED"
)

var AllConfirmationStatuses = []ConfirmationStatus{ConfirmationPending, ConfirmationConfirmed, ConfirmationQueried}

func (e ConfirmationStatus) Valid() bool            { return validEnum(e, AllConfirmationStatuses) }
func (e ConfirmationStatus) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *ConfirmationStatus) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllConfirmationStatuses, "ConfirmationStatus")
	return err
}

// TrainingType is the kind of a training event.
type TrainingType string

const (
	TrainingTraining       TrainingType = "TRAINING"
	TrainingSpecialLecture TrainingType = "SPECIAL_LECTURE"
	TrainingSchoolResearch TrainingType = "SCHOOL_BASED_RESEARCH"
	TrainingOpenDay        TrainingType = "OPEN_DAY"
	TrainingCompetition    TrainingType = "COMPETITION"
)

var AllTrainingTypes = []TrainingType{TrainingTraining, TrainingSpecialLecture, TrainingSchoolResearch, TrainingOpenDay, TrainingCompetition}

func (e TrainingType) Valid() bool            { return validEnum(e, AllTrainingTypes) }
func (e TrainingType) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *TrainingType) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllTrainingTypes, "TrainingType")
	return err
}
