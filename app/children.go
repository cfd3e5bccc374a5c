package app

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

// The roster (幼儿名册): a kindergarten's admins keep it; its staff see names and classes;
// a child's protected fields are sealed before they are stored and opened only for those
// who may read them, each opening recorded in the access log.

// errNoKeys: the children's features need the master key.
var errNoKeys = &domain.Error{Code: domain.CodeUnavailable,
	Message: "children's records need the master key: set HANDINHAND_MASTER_KEY_FILE (see README, Configuration)"}

// boundTo binds a child's sealed fields to the child: copied into another record they do
// not open.
func boundTo(childID string) string { return "child:" + childID }

var _ = declare(Operation{Name: "saveChild", Writes: InTransaction,
	Protected: []string{"idNumber", "noIdReason", "address", "hukouCode", "agricultural", "categories", "guardians"}})

// SaveChild adds a child to a kindergarten's roster or changes its record. A child whose
// ID number is on another kindergarten's roll is refused, saying only where (the county)
// and since when.
func (a *App) SaveChild(ctx context.Context, p *policy.Principal, in domain.ChildInput) (*domain.Child, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if a.Keys == nil {
		return nil, errNoKeys
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if !policy.CanKeepRoster(p, in.KindergartenID) {
		return nil, domain.Forbidden("a kindergarten's admins keep its roster")
	}
	k, err := lookupRef(ctx, "input.kindergartenId", "kindergarten", in.KindergartenID, a.Store.Kindergarten)
	if err != nil {
		return nil, err
	}
	lookup := ""
	if in.Protected.IDNumber != "" {
		lookup = a.Keys.Lookup("idNumber", in.Protected.IDNumber)
		if in.LeftOn == nil {
			if err := a.onlyEnrolment(ctx, in.ID, lookup); err != nil {
				return nil, err
			}
		}
	}
	plain, err := json.Marshal(in.Protected)
	if err != nil {
		return nil, err
	}
	sealed, err := a.Keys.Seal(string(plain), boundTo(in.ID))
	if err != nil {
		return nil, err
	}
	fill := func(c *domain.Child) {
		c.Name, c.Male, c.BirthDate, c.Class, c.ClassName = in.Name, in.Male, in.BirthDate, in.Class, in.ClassName
		c.EnrolledOn, c.LeftOn, c.LeavingReason = in.EnrolledOn, in.LeftOn, ""
		if in.LeavingReason != nil && in.LeftOn != nil {
			c.LeavingReason = *in.LeavingReason
		}
		c.Sealed, c.IDLookup, c.RegionPath = sealed, lookup, k.RegionPath
	}
	cur, err := a.Store.Child(ctx, in.ID)
	switch {
	case domain.CodeOf(err) == domain.CodeNotFound:
		c := &domain.Child{ID: in.ID, KindergartenID: k.ID}
		fill(c)
		// The fingerprint that tells a repeated save from another record under the same id is
		// keyed: a plain hash of the input would let a guess of the ID number be checked.
		c.CreatedBy, c.InputHash = p.UserID, a.Keys.Lookup("childInput", domain.Fingerprint(in))
		stored, _, err := a.Store.CreateChild(ctx, c)
		return a.opened(stored, err, in.Protected)
	case err != nil:
		return nil, err
	case cur.KindergartenID != k.ID:
		return nil, refError("input.id", "child", in.ID)
	}
	stored, err := a.Store.UpdateChild(ctx, in.ID, func(c *domain.Child) error { fill(c); return nil })
	return a.opened(stored, err, in.Protected)
}

// opened returns a saved child with what its admin just wrote (already in memory).
func (a *App) opened(c *domain.Child, err error, p domain.ChildProtected) (*domain.Child, error) {
	if err != nil {
		return nil, err
	}
	c.Protected = &p
	return c, nil
}

// onlyEnrolment refuses an ID number another child record has on the roll today.
func (a *App) onlyEnrolment(ctx context.Context, childID, lookup string) error {
	others, err := a.Store.ChildrenByLookup(ctx, lookup)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID == childID || !o.Enrolled() {
			continue
		}
		county := "另一地区"
		for _, code := range slices.Backward(o.RegionPath) {
			if lvl, _ := domain.RegionLevelOf(code); lvl == domain.LevelCounty {
				if r, err := a.Store.Region(ctx, code); err == nil {
					county = r.Name
				}
			}
		}
		return domain.Conflict("input.idNumber", "already on the roll of a kindergarten in %s (since %s): that kindergarten must first record the child's transfer", county, o.EnrolledOn)
	}
	return nil
}

// Child returns one child's record (open fields) to its kindergarten's staff.
func (a *App) Child(ctx context.Context, p *policy.Principal, id string) (*domain.Child, error) {
	return visible(ctx, p, "child", id, a.Store.Child, always(func(c *domain.Child) bool { return policy.SeesRoster(p, c.KindergartenID) }))
}

// Children lists a kindergarten's roster by name, for its staff: open fields only.
func (a *App) Children(ctx context.Context, p *policy.Principal, kindergartenID string, first int, after string) (*storage.Page[domain.Child], error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if !policy.SeesRoster(p, kindergartenID) {
		return nil, domain.Forbidden("a kindergarten's roster is read by its own staff")
	}
	return a.Store.ListChildren(ctx, kindergartenID, first, after)
}

// ChildAccess is how a protected read was asked for: the reason stated, from where, and
// whether it answers the reader's own save (recorded as such).
type ChildAccess struct {
	Reason, Addr string
	Written      bool
}

// OpenChild opens a child's protected fields for a reader who may read them, recording the
// read in the access log first; nil for anyone else (the fields are absent, not empty).
func (a *App) OpenChild(ctx context.Context, p *policy.Principal, c *domain.Child, how ChildAccess) (*domain.ChildProtected, error) {
	if p == nil || !policy.SeesChildProtected(p, c) {
		return nil, nil
	}
	if c.Protected != nil && !how.Written {
		return c.Protected, nil
	}
	var out domain.ChildProtected
	if c.Protected != nil {
		out = *c.Protected
	} else {
		if a.Keys == nil {
			return nil, errNoKeys
		}
		plain, err := a.Keys.Open(c.Sealed, boundTo(c.ID))
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(plain), &out); err != nil {
			return nil, err
		}
	}
	reason := how.Reason
	if how.Written && reason == "" {
		reason = "saved"
	}
	entry := &domain.AccessEntry{At: domain.Now(), UserID: p.UserID, Role: p.Role, ChildID: c.ID, KindergartenID: c.KindergartenID,
		RegionPath: c.RegionPath, Fields: domain.ProtectedFields, Reason: reason, Addr: how.Addr}
	if err := a.Store.AppendAccess(ctx, entry); err != nil {
		return nil, err // unrecorded, unread
	}
	c.Protected = &out
	return &out, nil
}
