package app

import (
	"context"
	"encoding/json"

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
		if r, err := a.Store.Region(ctx, countyOf(o.RegionPath)); err == nil {
			county = r.Name
		}
		return domain.Conflict("input.idNumber", "already on the roll of a kindergarten in %s (since %s): that kindergarten must first record the child's transfer", county, o.EnrolledOn)
	}
	return nil
}

// Child returns one child's record to its kindergarten's staff, and to a bureau or an
// admin for two hours after they stated a reason to open it.
func (a *App) Child(ctx context.Context, p *policy.Principal, id string) (*domain.Child, error) {
	return visible(ctx, p, "child", id, a.Store.Child, func(c *domain.Child) (bool, error) {
		if policy.SeesRoster(p, c.KindergartenID) {
			return true, nil
		}
		return a.openedBy(ctx, p, c)
	})
}

// openedBy: p stated a reason to open c within the last two hours.
func (a *App) openedBy(ctx context.Context, p *policy.Principal, c *domain.Child) (bool, error) {
	if !policy.MayOpenChild(p, c) {
		return false, nil
	}
	return a.Store.OpenedSince(ctx, p.UserID, c.ID, domain.Now().Add(-domain.OpenFor))
}

var _ = mutation("openChildRecord", InTransaction)

// OpenChildRecord opens one child's record to a bureau (within its region) or an admin who
// states why, for two hours; the reason is recorded in the access log, which the child's
// kindergarten's admins read.
func (a *App) OpenChildRecord(ctx context.Context, p *policy.Principal, childID, reason string, how ChildAccess) (*domain.Child, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if a.Keys == nil {
		return nil, errNoKeys
	}
	if err := domain.ValidateReason(&reason); err != nil {
		return nil, err
	}
	c, err := a.Store.Child(ctx, childID)
	if err != nil {
		return nil, err
	}
	if !policy.MayOpenChild(p, c) {
		if policy.SeesRoster(p, c.KindergartenID) {
			return nil, domain.Forbidden("a kindergarten's staff read its children without stating a reason")
		}
		return nil, hidden("child", childID)
	}
	how.Reason, how.opens = reason, true
	if _, err := a.openFor(ctx, p, c, how); err != nil {
		return nil, err
	}
	return c, nil
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
	opens        bool // a stated reason opens the record
}

// OpenChild opens a child's protected fields for a reader who may read them, recording the
// read in the access log first; nil for anyone else (the fields are absent, not empty).
func (a *App) OpenChild(ctx context.Context, p *policy.Principal, c *domain.Child, how ChildAccess) (*domain.ChildProtected, error) {
	if p == nil {
		return nil, nil
	}
	if !policy.SeesChildProtected(p, c) {
		if ok, err := a.openedBy(ctx, p, c); !ok || err != nil {
			return nil, err
		}
	}
	if c.Protected != nil && !how.Written && !how.opens {
		return c.Protected, nil
	}
	return a.openFor(ctx, p, c, how)
}

// openFor opens c's protected fields for p, recording the read first.
func (a *App) openFor(ctx context.Context, p *policy.Principal, c *domain.Child, how ChildAccess) (*domain.ChildProtected, error) {
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
		RegionPath: c.RegionPath, Fields: domain.ProtectedFields, Reason: reason, Addr: how.Addr, Opens: how.opens}
	if err := a.Store.AppendAccess(ctx, entry); err != nil {
		return nil, err // unrecorded, unread
	}
	c.Protected = &out
	return &out, nil
}

// AccessLog lists the access log, newest first: admins all of it, bureaus their region's,
// a kindergarten's admins the entries about its children.
func (a *App) AccessLog(ctx context.Context, p *policy.Principal, f *domain.AccessFilter, first int, after string) (*storage.Page[domain.AccessEntry], error) {
	if err := need(p); err != nil {
		return nil, err
	}
	all, region, kg, ok := policy.AccessScope(p)
	if !ok {
		return nil, domain.Forbidden("the access log is read by admins, bureaus and kindergartens' admins")
	}
	return a.Store.ListAccess(ctx, storage.AccessScope{All: all, RegionCode: region, KindergartenID: kg}, f, first, after)
}
