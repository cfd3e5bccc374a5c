package app

import (
	"context"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

var _ = mutation("putRegion", InTransaction)

// PutRegion creates or renames a region; its parent must exist first.
func (a *App) PutRegion(ctx context.Context, p *policy.Principal, code, name string) (*domain.Region, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if !policy.CanManageRegions(p) {
		return nil, domain.Forbidden("only admins manage regions")
	}
	level, err := domain.RegionLevelOf(code)
	if err != nil {
		return nil, domain.Invalid("code", "%s", err.Error())
	}
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > domain.MaxName {
		return nil, domain.Invalid("name", "is required and at most %d characters", domain.MaxName)
	}
	parent := domain.ParentRegion(code)
	if parent != "" {
		if _, err := lookupRef(ctx, "code", "parent region", parent, a.Store.Region); err != nil {
			return nil, err
		}
	}
	r := &domain.Region{Code: code, Name: name, Level: level, ParentCode: parent}
	return r, a.Store.PutRegion(ctx, r)
}

// Regions returns the regions the caller may see: admins all; others their own region's
// subtree and the regions above it (for names).
func (a *App) Regions(ctx context.Context, p *policy.Principal) ([]*domain.Region, error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	all, err := a.Store.Regions(ctx)
	if err != nil || sc.All {
		return all, err
	}
	var out []*domain.Region
	for _, r := range all {
		if regionVisible(sc, r.Code) {
			out = append(out, r)
		}
	}
	return out, nil
}

func regionVisible(sc domain.Scope, code string) bool {
	switch {
	case sc.All:
		return true
	case sc.RegionCode != "":
		return domain.InRegion(code, sc.RegionCode) || domain.InRegion(sc.RegionCode, code)
	}
	for _, c := range sc.OwnRegionPath {
		if c == code {
			return true
		}
	}
	return false
}

// Region returns one region the caller may see.
func (a *App) Region(ctx context.Context, p *policy.Principal, code string) (*domain.Region, error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	if !regionVisible(sc, code) {
		return nil, hidden("region", code)
	}
	return a.Store.Region(ctx, code)
}

var _ = mutation("createKindergarten", InTransaction)

// CreateKindergarten registers a kindergarten in an existing region.
func (a *App) CreateKindergarten(ctx context.Context, p *policy.Principal, in domain.KindergartenInput) (*domain.Kindergarten, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if !policy.CanManageKindergarten(p, domain.RegionPath(in.RegionCode)) {
		return nil, domain.Forbidden("you can register kindergartens only within your own region")
	}
	if _, err := lookupRef(ctx, "input.regionCode", "region", in.RegionCode, a.Store.Region); err != nil {
		return nil, err
	}
	k := &domain.Kindergarten{ID: str(in.ID)}
	if k.ID == "" {
		k.ID = domain.NewID()
	}
	applyKindergarten(k, &in)
	k.CreatedBy, k.InputHash = p.UserID, domain.Fingerprint(in)
	stored, _, err := a.Store.CreateKindergarten(ctx, k)
	return stored, err
}

func applyKindergarten(k *domain.Kindergarten, in *domain.KindergartenInput) {
	k.Name, k.RegionCode, k.RegionPath = in.Name, in.RegionCode, domain.RegionPath(in.RegionCode)
	k.Address, k.Setting, k.Ownership, k.Level = str(in.Address), in.Setting, in.Ownership, in.Level
	k.Classes, k.Children = intOr(in.Classes, 0), intOr(in.Children, 0)
	k.StaffCount, k.TeacherCount = intOr(in.StaffCount, 0), intOr(in.TeacherCount, 0)
	k.ContactName, k.ContactPhone = str(in.ContactName), str(in.ContactPhone)
}

var _ = mutation("updateKindergarten", InTransaction)

// UpdateKindergarten replaces a kindergarten's profile. Moving it to another region is
// for those who manage both regions, and only while it has no pairings (its records
// carry its region).
func (a *App) UpdateKindergarten(ctx context.Context, p *policy.Principal, id string, in domain.KindergartenInput) (*domain.Kindergarten, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	cur, err := a.Kindergarten(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !policy.CanEditKindergartenProfile(p, cur) {
		return nil, domain.Forbidden("you cannot change this kindergarten")
	}
	if in.RegionCode != cur.RegionCode {
		if !policy.CanManageKindergarten(p, cur.RegionPath) || !policy.CanManageKindergarten(p, domain.RegionPath(in.RegionCode)) {
			return nil, domain.Forbidden("you cannot move this kindergarten to region %s", in.RegionCode)
		}
		if _, err := lookupRef(ctx, "input.regionCode", "region", in.RegionCode, a.Store.Region); err != nil {
			return nil, err
		}
		paired, err := a.Store.PairedKindergartenIDs(ctx, id)
		if err != nil {
			return nil, err
		}
		if len(paired) > 1 {
			return nil, domain.Invalid("input.regionCode", "a kindergarten with pairings cannot move to another region")
		}
	}
	return a.Store.UpdateKindergarten(ctx, id, func(k *domain.Kindergarten) error {
		applyKindergarten(k, &in)
		return nil
	})
}

// Kindergarten returns one kindergarten the caller may see.
func (a *App) Kindergarten(ctx context.Context, p *policy.Principal, id string) (*domain.Kindergarten, error) {
	return visible(ctx, p, "kindergarten", id, a.Store.Kindergarten, func(k *domain.Kindergarten) (bool, error) {
		return policy.SeesKindergarten(p, k)
	})
}

// Kindergartens lists the kindergartens in the caller's scope.
func (a *App) Kindergartens(ctx context.Context, p *policy.Principal, f *domain.KindergartenFilter, sortBy string, desc bool, first int, after string) (*storage.Page[domain.Kindergarten], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	return a.Store.ListKindergartens(ctx, sc, f, sortBy, desc, first, after)
}

var _ = mutation("createTeacher", InTransaction)

// CreateTeacher adds a teacher to a kindergarten.
func (a *App) CreateTeacher(ctx context.Context, p *policy.Principal, in domain.TeacherInput) (*domain.Teacher, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	k, err := lookupRef(ctx, "input.kindergartenId", "kindergarten", in.KindergartenID, a.visibleKindergarten(p))
	if err != nil {
		return nil, err
	}
	if !policy.CanManageTeachers(p, k) {
		return nil, domain.Forbidden("you cannot add teachers to %s", k.Name)
	}
	t := &domain.Teacher{ID: str(in.ID)}
	if t.ID == "" {
		t.ID = domain.NewID()
	}
	applyTeacher(t, &in, k)
	t.CreatedBy, t.InputHash = p.UserID, domain.Fingerprint(in)
	stored, _, err := a.Store.CreateTeacher(ctx, t)
	return stored, err
}

func applyTeacher(t *domain.Teacher, in *domain.TeacherInput, k *domain.Kindergarten) {
	t.Name, t.KindergartenID, t.RegionPath, t.Post = in.Name, k.ID, k.RegionPath, in.Post
	t.Backbone = in.Backbone != nil && *in.Backbone
	t.Title, t.Phone = str(in.Title), str(in.Phone)
	t.LeftOn = in.LeftOn
}

// visibleKindergarten loads a kindergarten the caller may see, NOT_FOUND otherwise.
func (a *App) visibleKindergarten(p *policy.Principal) func(context.Context, string) (*domain.Kindergarten, error) {
	return func(ctx context.Context, id string) (*domain.Kindergarten, error) { return a.Kindergarten(ctx, p, id) }
}

var _ = mutation("updateTeacher", InTransaction)

// UpdateTeacher replaces a teacher's record; moving a teacher needs the right to manage
// both kindergartens.
func (a *App) UpdateTeacher(ctx context.Context, p *policy.Principal, id string, in domain.TeacherInput) (*domain.Teacher, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	cur, err := a.Teacher(ctx, p, id)
	if err != nil {
		return nil, err
	}
	from, err := a.Store.Kindergarten(ctx, cur.KindergartenID)
	if err != nil {
		return nil, err
	}
	to, err := lookupRef(ctx, "input.kindergartenId", "kindergarten", in.KindergartenID, a.visibleKindergarten(p))
	if err != nil {
		return nil, err
	}
	if !policy.CanManageTeachers(p, from) || !policy.CanManageTeachers(p, to) {
		return nil, domain.Forbidden("you cannot change this teacher")
	}
	return a.Store.UpdateTeacher(ctx, id, func(t *domain.Teacher) error {
		applyTeacher(t, &in, to)
		return nil
	})
}

// Teacher returns one teacher the caller may see.
func (a *App) Teacher(ctx context.Context, p *policy.Principal, id string) (*domain.Teacher, error) {
	return visible(ctx, p, "teacher", id, a.Store.Teacher, func(t *domain.Teacher) (bool, error) {
		return policy.SeesTeacher(p, t)
	})
}

// Teachers lists the teachers in the caller's scope.
func (a *App) Teachers(ctx context.Context, p *policy.Principal, f *domain.TeacherFilter, sortBy string, desc bool, first int, after string) (*storage.Page[domain.Teacher], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	return a.Store.ListTeachers(ctx, sc, f, sortBy, desc, first, after)
}

var _ = mutation("createUser", OutsideTransaction)

// CreateUser adds a login; only admins may.
func (a *App) CreateUser(ctx context.Context, p *policy.Principal, in domain.UserInput) (*domain.User, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if !policy.CanManageUsers(p) {
		return nil, domain.Forbidden("only admins manage users")
	}
	if err := in.Validate(true); err != nil {
		return nil, err
	}
	u := &domain.User{ID: str(in.ID)}
	if u.ID == "" {
		u.ID = domain.NewID()
	}
	if err := a.applyUser(ctx, u, &in); err != nil {
		return nil, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(*in.Password), a.PasswordCost)
	if err != nil {
		return nil, err
	}
	u.PasswordHash, u.PasswordAt = string(hash), domain.Now()
	// A password an admin chose is the user's to replace, unless said otherwise (the
	// user chose it, sitting beside the admin).
	u.MustChangePassword = in.MustChangePassword == nil || *in.MustChangePassword
	// The password is not part of the fingerprint: a retry re-hashes it differently.
	in.Password = nil
	u.CreatedBy, u.InputHash = p.UserID, domain.Fingerprint(in)
	stored, _, err := a.Store.CreateUser(ctx, u)
	if domain.CodeOf(err) == domain.CodeConflict {
		if existing, _ := a.Store.UserByUsername(ctx, u.Username); existing != nil && existing.ID != u.ID {
			return nil, &domain.Error{Code: domain.CodeConflict, Field: "input.username", Message: "this username is taken"}
		}
	}
	return stored, err
}

func (a *App) applyUser(ctx context.Context, u *domain.User, in *domain.UserInput) error {
	u.Username, u.DisplayName, u.Role = in.Username, in.DisplayName, in.Role
	u.RegionCode, u.KindergartenID, u.TeacherID, u.RegionPath = "", "", "", nil
	switch in.Role {
	case domain.RoleBureau:
		if _, err := lookupRef(ctx, "input.regionCode", "region", *in.RegionCode, a.Store.Region); err != nil {
			return err
		}
		u.RegionCode, u.RegionPath = *in.RegionCode, domain.RegionPath(*in.RegionCode)
	case domain.RoleKindergartenAdmin, domain.RoleTeacher:
		k, err := lookupRef(ctx, "input.kindergartenId", "kindergarten", *in.KindergartenID, a.Store.Kindergarten)
		if err != nil {
			return err
		}
		u.KindergartenID, u.RegionPath = k.ID, k.RegionPath
	}
	if in.TeacherID != nil {
		t, err := lookupRef(ctx, "input.teacherId", "teacher", *in.TeacherID, a.Store.Teacher)
		if err != nil {
			return err
		}
		if t.KindergartenID != u.KindergartenID {
			return domain.Invalid("input.teacherId", "works at another kindergarten than the user")
		}
		u.TeacherID = t.ID
	}
	if in.Disabled != nil {
		u.Disabled = *in.Disabled
	}
	return nil
}

var _ = mutation("updateUser", OutsideTransaction)

// UpdateUser changes a user's name, role, scope or disabled state; only admins may.
func (a *App) UpdateUser(ctx context.Context, p *policy.Principal, id string, in domain.UserInput) (*domain.User, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if !policy.CanManageUsers(p) {
		return nil, domain.Forbidden("only admins manage users")
	}
	if err := in.Validate(false); err != nil {
		return nil, err
	}
	if id == p.UserID && ((in.Disabled != nil && *in.Disabled) || in.Role != domain.RoleAdmin) {
		// Nobody would be left to undo it if this was the last admin.
		return nil, domain.Invalid("input", "you cannot disable your own account or take away your own admin role; ask another admin")
	}
	probe := &domain.User{}
	if err := a.applyUser(ctx, probe, &in); err != nil {
		return nil, err
	}
	u, err := a.Store.UpdateUser(ctx, id, func(u *domain.User) error {
		// What the input does not name stays as it is: the password and whether it was
		// given out, the last sign-in, and the disabled state unless disabled is sent.
		// Disabling ends every session at once; enabling again brings none back.
		wasDisabled := u.Disabled
		if in.Disabled != nil {
			u.Disabled = *in.Disabled
		}
		if u.Disabled && !wasDisabled {
			now := domain.Now()
			u.SignedOutAt = &now
		}
		u.Username, u.DisplayName, u.Role, u.RegionCode = probe.Username, probe.DisplayName, probe.Role, probe.RegionCode
		u.KindergartenID, u.TeacherID, u.RegionPath = probe.KindergartenID, probe.TeacherID, probe.RegionPath
		return nil
	})
	if domain.CodeOf(err) == domain.CodeConflict {
		return nil, &domain.Error{Code: domain.CodeConflict, Field: "input.username", Message: "this username is taken or the user was changed meanwhile"}
	}
	return u, err
}

var _ = mutation("resetPassword", OutsideTransaction)

// ResetPassword sets another user's password; their logins end, and they choose their
// own at the next sign-in. Only admins may.
func (a *App) ResetPassword(ctx context.Context, p *policy.Principal, id, password string) (*domain.User, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if !policy.CanManageUsers(p) {
		return nil, domain.Forbidden("only admins reset passwords")
	}
	if err := domain.CheckPassword(password); err != nil {
		return nil, domain.Invalid("password", "%s", err.Error())
	}
	return a.setPassword(ctx, id, password, true)
}

// User returns one user the caller may see.
func (a *App) User(ctx context.Context, p *policy.Principal, id string) (*domain.User, error) {
	return visible(ctx, p, "user", id, a.Store.User, always(func(u *domain.User) bool { return policy.SeesUser(p, u) }))
}

// Users lists the users in the caller's scope.
func (a *App) Users(ctx context.Context, p *policy.Principal, f *domain.UserFilter, sortBy string, desc bool, first int, after string) (*storage.Page[domain.User], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	return a.Store.ListUsers(ctx, sc, f, sortBy, desc, first, after)
}

// CreateFirstAdmin creates an admin in a store that has no users yet, so that a fresh
// installation can be managed without any default password.
func (a *App) CreateFirstAdmin(ctx context.Context, username, password string) (*domain.User, error) {
	n, err := a.Store.CountUsers(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, domain.Forbidden("the store already has users")
	}
	system := &policy.Principal{UserID: "system", Role: domain.RoleAdmin}
	// The operator chose this password (HANDINHAND_ADMIN_PASSWORD): it stands.
	keep := false
	return a.CreateUser(ctx, system, domain.UserInput{Username: username, DisplayName: "管理员", Password: &password, Role: domain.RoleAdmin,
		MustChangePassword: &keep})
}
