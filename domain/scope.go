package domain

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
