package storage

import (
	"context"
	"errors"
	"time"

	"github.com/handinhand/handinhand/domain"
)

// CreateUser stores a new user; a taken username is CONFLICT.
func (s *Store) CreateUser(ctx context.Context, u *domain.User) (*domain.User, bool, error) {
	return insertOnce(ctx, s, CollUsers, "user", u.ID, u)
}

// UpdateUser applies change to a user.
func (s *Store) UpdateUser(ctx context.Context, id string, change func(*domain.User) error) (*domain.User, error) {
	return modify(ctx, s, CollUsers, "user", id, change)
}

// User returns one user.
func (s *Store) User(ctx context.Context, id string) (*domain.User, error) {
	return get[domain.User](ctx, s, CollUsers, "user", id)
}

// UsersByID returns the users among ids that exist.
func (s *Store) UsersByID(ctx context.Context, ids []string) (map[string]*domain.User, error) {
	return getMany(ctx, s, CollUsers, ids, func(u *domain.User) string { return u.ID })
}

// UsersOfTeachers returns the live accounts linked to any of the teacher records, by
// teacher id.
func (s *Store) UsersOfTeachers(ctx context.Context, teacherIDs []string) (map[string]*domain.User, error) {
	out := map[string]*domain.User{}
	if len(teacherIDs) == 0 {
		return out, nil
	}
	err := each(ctx, s, CollUsers, []cond{in("teacherId", teacherIDs)}, nil, 0, func(u *domain.User) error {
		out[u.TeacherID] = u
		return nil
	})
	return out, err
}

// UserByUsername finds a user by login name (from the unique username index).
func (s *Store) UserByUsername(ctx context.Context, username string) (*domain.User, error) {
	var found *domain.User
	err := each(ctx, s, CollUsers, []cond{eq("username", username)}, nil, 1, func(u *domain.User) error {
		found = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, domain.NotFound("user", username)
	}
	return found, nil
}

// CountUsers counts all users (to tell an empty store).
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	return s.eng.Count(ctx, CollUsers, nil)
}

var userSort = map[string]string{"USERNAME": "username", "DISPLAY_NAME": "displayName", "CREATED_AT": "createdAt"}

// ListUsers returns a page of the users in scope that match f.
func (s *Store) ListUsers(ctx context.Context, sc domain.Scope, f *domain.UserFilter, sortBy string, desc bool, first int, after string) (*Page[domain.User], error) {
	q := scopeOfUsers(sc)
	if f != nil {
		if len(f.Roles) > 0 {
			q = append(q, in("role", f.Roles))
		}
		if f.RegionCode != nil {
			q = append(q, eq("regionPath", *f.RegionCode))
		}
		if f.KindergartenID != nil {
			q = append(q, eq("kindergartenId", *f.KindergartenID))
		}
		if notEmpty(f.NameContains) {
			q = append(q, anyOf([]cond{contains("username", *f.NameContains)}, []cond{contains("displayName", *f.NameContains)}))
		}
	}
	return list[domain.User](ctx, s, CollUsers, ListOptions{Filter: q, SortField: sortField(userSort, sortBy, "username"), Desc: desc, First: first, After: after})
}

// Token is a login session. Only the hash of the bearer token is stored, as _id, so
// checking a token is one point lookup.
type Token struct {
	Hash      string    `bson:"_id"`
	UserID    string    `bson:"userId"`
	CreatedAt time.Time `bson:"createdAt"`
	ExpiresAt time.Time `bson:"expiresAt"`
}

// PutToken stores a login session.
func (s *Store) PutToken(ctx context.Context, t *Token) error {
	raw, err := marshal(t)
	if err != nil {
		return err
	}
	return s.eng.Insert(ctx, CollTokens, raw)
}

// TokenByHash returns a login session, NOT_FOUND if there is none.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*Token, error) {
	raw, err := s.eng.Get(ctx, CollTokens, hash)
	if errors.Is(err, errNotFound) {
		return nil, domain.NotFound("token", "")
	}
	if err != nil {
		return nil, err
	}
	return decode[Token](raw)
}

// DeleteToken ends one login session.
func (s *Store) DeleteToken(ctx context.Context, hash string) error {
	return s.eng.Delete(ctx, CollTokens, hash)
}
