package domain

import "slices"

// Scope is the part of the data a user may see, as the policy package decided it. Storage
// turns it into query conditions; it never decides it.
type Scope struct {
	All bool // admins
	// RegionCode limits bureaus to records whose region path contains it.
	RegionCode string
	// KindergartenID limits kindergarten users to records involving their kindergarten.
	KindergartenID string
	// PairedKindergartenIDs are the kindergarten user's own and those paired with it:
	// the kindergartens (and their teachers) it may see.
	PairedKindergartenIDs []string
	// OwnRegionPath is the region path of the kindergarten user's kindergarten: events
	// organised by those bureaus are open to it.
	OwnRegionPath []string
	// UserID is the caller; a teacher sees only their own user record.
	UserID string
	Role   Role
}

// The visibility rule, in one place. The policy asks these for one record; the statistics
// index asks them for its pairings and kindergartens; storage writes the same rule as
// query conditions (storage/scope.go), and a test over a generated world proves the three
// agree for every role (stats/visibility_test.go).

// SeesRecord decides for the records of pairings (pairings, sessions, mentorships,
// donations, inspections …) by where they are and whom they involve: admins all; bureaus
// those whose region path holds their region; kindergarten users those involving their
// kindergarten.
func (sc Scope) SeesRecord(regionPath, kindergartenIDs []string) bool {
	switch {
	case sc.All:
		return true
	case sc.RegionCode != "":
		return slices.Contains(regionPath, sc.RegionCode)
	case sc.KindergartenID != "":
		return slices.Contains(kindergartenIDs, sc.KindergartenID)
	}
	return false
}

// SeesKindergarten decides for a kindergarten (and its staff): admins all; bureaus their
// region's; kindergarten users their own and those they are paired with.
func (sc Scope) SeesKindergarten(id string, regionPath []string) bool {
	switch {
	case sc.All:
		return true
	case sc.RegionCode != "":
		return slices.Contains(regionPath, sc.RegionCode)
	case sc.KindergartenID != "":
		return id == sc.KindergartenID || slices.Contains(sc.PairedKindergartenIDs, id)
	}
	return false
}
