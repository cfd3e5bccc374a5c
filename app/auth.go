package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

const defaultPasswordCost = 11

// TokenLifetime is how long a login lasts. Phones may stay offline for weeks; a token
// is revoked sooner by logout or a password change.
const TokenLifetime = 30 * 24 * time.Hour

// Session is the result of a login: the bearer token and who it belongs to.
type Session struct {
	Token     string
	ExpiresAt time.Time
	User      *domain.User
}

// dummyHash makes a login for an unknown user take as long as one for a known user.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("no such user, no such password"), defaultPasswordCost)

var errBadLogin = &domain.Error{Code: domain.CodeUnauthenticated, Message: "the username or password is wrong"}

// me answers who is signed in, also before a given-out password is changed.
var _ = declare(Operation{Name: "me", WhilePasswordGivenOut: true})

var _ = declare(Operation{Name: "login", Writes: Unrecorded, WhilePasswordGivenOut: true})

// Login checks a username and password and starts a session. The error never says
// whether the user exists. Repeated failures for an account or from an address (addr,
// may be empty) make further attempts wait: RATE_LIMITED.
//
// An account held back by failures from elsewhere still lets its owner in from an
// address that has failed nothing: anyone could otherwise lock anyone out by guessing
// wrong five times. Such an address gets one try; if it fails it is held back as well.
func (a *App) Login(ctx context.Context, username, password, addr string) (*Session, error) {
	account, client := "user:"+username, "addr:"+addr
	if err := a.logins.check(client); err != nil {
		return nil, err
	}
	if addr == "" || a.logins.hasFailed(client) {
		if err := a.logins.check(account); err != nil {
			return nil, err
		}
	}
	sess, err := a.login(ctx, username, password)
	if domain.CodeOf(err) == domain.CodeUnauthenticated {
		a.logins.failed(5, account)
		if addr != "" {
			a.logins.failed(20, client)
		}
	} else if err == nil {
		a.logins.succeeded(account)
	}
	return sess, err
}

func (a *App) login(ctx context.Context, username, password string) (*Session, error) {
	u, err := a.Store.UserByUsername(ctx, username)
	if err != nil && domain.CodeOf(err) != domain.CodeNotFound {
		return nil, err
	}
	hash := dummyHash
	if u != nil {
		hash = []byte(u.PasswordHash)
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || u == nil || u.Disabled {
		return nil, errBadLogin
	}
	sess, err := a.startSession(ctx, u)
	if err != nil {
		return nil, err
	}
	now := domain.Now()
	_, _ = a.Store.UpdateUser(ctx, u.ID, func(u *domain.User) error { u.LastLoginAt = &now; return nil })
	return sess, nil
}

func (a *App) startSession(ctx context.Context, u *domain.User) (*Session, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := domain.Now()
	t := &storage.Token{Hash: tokenHash(token), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(TokenLifetime)}
	if err := a.Store.PutToken(ctx, t); err != nil {
		return nil, err
	}
	return &Session{Token: token, ExpiresAt: t.ExpiresAt, User: u}, nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Authenticate returns the principal a bearer token stands for: UNAUTHENTICATED if the
// token is unknown, expired, revoked by a password change, or its user is disabled.
func (a *App) Authenticate(ctx context.Context, token string) (*policy.Principal, error) {
	if token == "" || len(token) > 200 {
		return nil, domain.Unauthenticated
	}
	t, err := a.Store.TokenByHash(ctx, tokenHash(token))
	if domain.CodeOf(err) == domain.CodeNotFound {
		return nil, domain.Unauthenticated
	}
	if err != nil {
		return nil, err
	}
	now := domain.Now()
	if now.After(t.ExpiresAt) {
		return nil, &domain.Error{Code: domain.CodeUnauthenticated, Message: "your login has expired; please log in again"}
	}
	u, err := a.Store.User(ctx, t.UserID)
	if domain.CodeOf(err) == domain.CodeNotFound {
		return nil, domain.Unauthenticated
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled || t.CreatedAt.Before(u.PasswordAt) || u.SignedOutAt != nil && !t.CreatedAt.After(*u.SignedOutAt) {
		return nil, &domain.Error{Code: domain.CodeUnauthenticated, Message: "your login is no longer valid; please log in again"}
	}
	return a.principal(ctx, u)
}

// principal builds the policy's view of a user.
func (a *App) principal(ctx context.Context, u *domain.User) (*policy.Principal, error) {
	p := &policy.Principal{UserID: u.ID, Role: u.Role, RegionCode: u.RegionCode, KindergartenID: u.KindergartenID, TeacherID: u.TeacherID,
		MustChangePassword: u.MustChangePassword}
	if u.KindergartenID != "" {
		p.OwnRegionPath = u.RegionPath
		var (
			once   sync.Once
			paired []string
			err    error
		)
		// Detached from the request's cancellation only in that the result is shared by
		// every resolver of the request; it still uses the request context.
		p.Paired = func() ([]string, error) {
			once.Do(func() { paired, err = a.Store.PairedKindergartenIDs(ctx, u.KindergartenID) })
			return paired, err
		}
	}
	return p, nil
}

var _ = declare(Operation{Name: "logout", Writes: Unrecorded, WhilePasswordGivenOut: true})

// Logout ends the session of token.
func (a *App) Logout(ctx context.Context, token string) error {
	return a.Store.DeleteToken(ctx, tokenHash(token))
}

var _ = declare(Operation{Name: "changePassword", Writes: OutsideTransaction, WhilePasswordGivenOut: true})

// ChangePassword sets the caller's own password after checking the current one. Every
// existing login of the user ends; the returned session continues on this device.
func (a *App) ChangePassword(ctx context.Context, p *policy.Principal, current, next string) (*Session, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	u, err := a.Store.User(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(current)) != nil {
		return nil, domain.Invalid("currentPassword", "is not your current password")
	}
	if err := domain.CheckPassword(next); err != nil {
		return nil, domain.Invalid("newPassword", "%s", err.Error())
	}
	if next == current {
		return nil, domain.Invalid("newPassword", "must differ from the current password")
	}
	u, err = a.setPassword(ctx, u.ID, next, false)
	if err != nil {
		return nil, err
	}
	return a.startSession(ctx, u)
}

// setPassword stores a new password; must says whether it was given out by an admin (the
// user then chooses their own at the next sign-in).
func (a *App) setPassword(ctx context.Context, userID, password string, must bool) (*domain.User, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), a.PasswordCost)
	if err != nil {
		return nil, err
	}
	return a.Store.UpdateUser(ctx, userID, func(u *domain.User) error {
		u.PasswordHash = string(hash)
		u.PasswordAt = domain.Now()
		u.MustChangePassword = must
		return nil
	})
}
