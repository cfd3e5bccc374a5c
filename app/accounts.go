package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math/big"
	"regexp"
	"sync"

	"golang.org/x/crypto/bcrypt"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/sheet"
)

// Accounts for many teachers at once, and passwords given out by an admin: each is shown
// once, in the answer that made it (and the Excel file in it, to print or hand out), and
// never kept on the server in readable form; its user must choose their own at the first
// sign-in.

// MaxAccountsAtOnce is the most accounts one createAccounts makes (each costs a password
// hash, about 0.1 s of CPU).
const MaxAccountsAtOnce = 100

// Issued is an account with the one-time password just given out for it.
type Issued struct {
	User     *domain.User
	Password string
	// Kindergarten names the user's kindergarten for the file handed out.
	Kindergarten string
}

// Skipped is a teacher createAccounts left out, and why.
type Skipped struct {
	Teacher *domain.Teacher
	Reason  string
}

// IssuedPasswords is what createAccounts and issuePassword answer.
type IssuedPasswords struct {
	Accounts []*Issued
	Skipped  []*Skipped
	// XLSX is the accounts and passwords as an Excel file.
	XLSX []byte
}

// AuditedRecord: the entry of issuing passwords is about the request (its input names the
// teachers), never the passwords.
func (*IssuedPasswords) AuditedRecord() domain.AuditRecord {
	return domain.AuditRecord{Type: "IssuedPasswords"}
}

// The letters and digits of a one-time password: none that look alike in print (0 O o,
// 1 l I), so that a teacher can type what was handed to them.
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// OneTimePassword makes a 10-character password of letters and digits, both.
func OneTimePassword() (string, error) {
	for {
		b := make([]byte, 10)
		for i := range b {
			n, err := rand.Int(rand.Reader, big.NewInt(int64(len(passwordAlphabet))))
			if err != nil {
				return "", err
			}
			b[i] = passwordAlphabet[n.Int64()]
		}
		if domain.CheckPassword(string(b)) == nil {
			return string(b), nil
		}
	}
}

// A mobile number as a login name (11 digits starting with 1, as Chinese mobiles are).
var mobile = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

var _ = mutation("createAccounts", OutsideTransaction)

// CreateAccounts makes a login for each teacher record given (role TEACHER or
// KINDERGARTEN_ADMIN) with a one-time password: the teacher's mobile number as the
// username where known and free, else a made-up one. Teachers who have an account
// already or are not found are skipped with the reason. Only admins may.
func (a *App) CreateAccounts(ctx context.Context, p *policy.Principal, teacherIDs []string, role domain.Role) (*IssuedPasswords, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if !policy.CanManageUsers(p) {
		return nil, domain.Forbidden("only admins create accounts")
	}
	if role != domain.RoleTeacher && role != domain.RoleKindergartenAdmin {
		return nil, domain.Invalid("input.role", "must be TEACHER or KINDERGARTEN_ADMIN")
	}
	ids := unique(teacherIDs)
	if len(ids) == 0 || len(ids) > MaxAccountsAtOnce {
		return nil, domain.Invalid("input.teacherIds", "must name 1 to %d teachers", MaxAccountsAtOnce)
	}
	for _, id := range ids {
		if err := domain.ValidID(id); err != nil {
			return nil, domain.Invalid("input.teacherIds", "%s", err.Error())
		}
	}
	teachers, err := a.Store.TeachersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	have, err := a.Store.UsersOfTeachers(ctx, ids)
	if err != nil {
		return nil, err
	}
	kgIDs := []string{}
	for _, t := range teachers {
		kgIDs = append(kgIDs, t.KindergartenID)
	}
	kgs, err := a.Store.KindergartensByID(ctx, unique(kgIDs))
	if err != nil {
		return nil, err
	}
	out := &IssuedPasswords{Accounts: []*Issued{}, Skipped: []*Skipped{}}
	type job struct {
		t        *domain.Teacher
		kg       *domain.Kindergarten
		password string
		hash     []byte
		err      error
	}
	var jobs []*job
	for _, id := range ids {
		t := teachers[id]
		switch {
		case t == nil:
			out.Skipped = append(out.Skipped, &Skipped{Teacher: &domain.Teacher{ID: id}, Reason: "no such teacher"})
		case t.LeftOn != nil:
			out.Skipped = append(out.Skipped, &Skipped{Teacher: t, Reason: "left the kindergarten on " + string(*t.LeftOn)})
		case have[id] != nil:
			out.Skipped = append(out.Skipped, &Skipped{Teacher: t, Reason: fmt.Sprintf("already has the account %s: give it a new password instead", have[id].Username)})
		case kgs[t.KindergartenID] == nil:
			out.Skipped = append(out.Skipped, &Skipped{Teacher: t, Reason: "the teacher's kindergarten no longer exists"})
		default:
			jobs = append(jobs, &job{t: t, kg: kgs[t.KindergartenID]})
		}
	}
	// The hashes are the slow part: two at a time (this machine's cores).
	var wg sync.WaitGroup
	slots := make(chan struct{}, 2)
	for _, j := range jobs {
		if j.password, j.err = OneTimePassword(); j.err != nil {
			return nil, j.err
		}
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer wg.Done()
			j.hash, j.err = bcrypt.GenerateFromPassword([]byte(j.password), a.PasswordCost)
			<-slots
		}()
	}
	wg.Wait()
	for _, j := range jobs {
		if j.err != nil {
			return nil, j.err
		}
		u, err := a.newAccount(ctx, p, j.t, j.kg, role, string(j.hash))
		if err != nil {
			return nil, err
		}
		out.Accounts = append(out.Accounts, &Issued{User: u, Password: j.password, Kindergarten: j.kg.Name})
	}
	if out.XLSX, err = issuedSheet(out.Accounts); err != nil {
		return nil, err
	}
	return out, nil
}

// newAccount stores a teacher's account under the first free username: the mobile
// number, else "t" and eight random digits.
func (a *App) newAccount(ctx context.Context, p *policy.Principal, t *domain.Teacher, kg *domain.Kindergarten, role domain.Role, hash string) (*domain.User, error) {
	names := []string{}
	if mobile.MatchString(t.Phone) {
		names = append(names, t.Phone)
	}
	for range 5 {
		n, err := rand.Int(rand.Reader, big.NewInt(100_000_000))
		if err != nil {
			return nil, err
		}
		names = append(names, fmt.Sprintf("t%08d", n.Int64()))
	}
	for _, name := range names {
		u := &domain.User{ID: domain.NewID(), Username: name, DisplayName: t.Name, PasswordHash: hash, PasswordAt: domain.Now(),
			Role: role, KindergartenID: kg.ID, TeacherID: t.ID, RegionPath: kg.RegionPath, MustChangePassword: true}
		u.CreatedBy = p.UserID
		stored, _, err := a.Store.CreateUser(ctx, u)
		if domain.CodeOf(err) == domain.CodeConflict {
			continue // the name is taken: the next one
		}
		return stored, err
	}
	return nil, &domain.Error{Code: domain.CodeConflict, Field: "input.teacherIds", Message: "no free username was found for " + t.Name + "; try again"}
}

var _ = mutation("issuePassword", OutsideTransaction)

// IssuePassword gives a user a new one-time password, shown once in the answer; their
// sessions end and they choose their own at the next sign-in. Only admins may.
func (a *App) IssuePassword(ctx context.Context, p *policy.Principal, id string) (*IssuedPasswords, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if !policy.CanManageUsers(p) {
		return nil, domain.Forbidden("only admins give out passwords")
	}
	if _, err := a.Store.User(ctx, id); err != nil {
		return nil, err
	}
	pw, err := OneTimePassword()
	if err != nil {
		return nil, err
	}
	u, err := a.setPassword(ctx, id, pw, true)
	if err != nil {
		return nil, err
	}
	kg := ""
	if u.KindergartenID != "" {
		if k, err := a.Store.Kindergarten(ctx, u.KindergartenID); err == nil {
			kg = k.Name
		}
	}
	out := &IssuedPasswords{Accounts: []*Issued{{User: u, Password: pw, Kindergarten: kg}}, Skipped: []*Skipped{}}
	if out.XLSX, err = issuedSheet(out.Accounts); err != nil {
		return nil, err
	}
	return out, nil
}

// issuedSheet writes the accounts and their passwords as the file an admin hands out.
func issuedSheet(accounts []*Issued) ([]byte, error) {
	t := &sheet.Table{Title: "新账号", Headers: []string{"姓名", "幼儿园", "用户名", "初始密码"},
		Notes: []string{"初始密码只能用一次：首次登录后须设置自己的密码。请妥善交给本人，用后销毁本表。",
			"The initial password works once: at the first sign-in each user sets their own. Hand it to its user only, then destroy this sheet."}}
	for _, x := range accounts {
		t.Rows = append(t.Rows, []any{x.User.DisplayName, x.Kindergarten, x.User.Username, x.Password})
	}
	var b bytes.Buffer
	if err := sheet.Write(&b, sheet.XLSX, t); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// EncodeXLSX is the file as the API sends it, in base64.
func (x *IssuedPasswords) EncodeXLSX() string { return base64.StdEncoding.EncodeToString(x.XLSX) }
