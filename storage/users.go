package storage

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

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

// UserByUsername finds a user by login name. Logins are rare enough that the scan the
// embedded store makes here does not matter.
func (s *Store) UserByUsername(ctx context.Context, username string) (*domain.User, error) {
	var u domain.User
	err := s.c(CollUsers).FindOne(ctx, bson.D{{Key: "username", Value: username}, notDeleted}).Decode(&u)
	if err != nil {
		if isNoDocuments(err) {
			return nil, domain.NotFound("user", username)
		}
		return nil, wrap(err)
	}
	return &u, nil
}

// CountUsers counts all users (to tell an empty store).
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	n, err := s.c(CollUsers).CountDocuments(ctx, bson.D{})
	return n, wrap(err)
}

var userSort = map[string]string{"USERNAME": "username", "DISPLAY_NAME": "displayName", "CREATED_AT": "createdAt"}

// ListUsers returns a page of the users in scope that match f.
func (s *Store) ListUsers(ctx context.Context, sc domain.Scope, f *domain.UserFilter, sortBy string, desc bool, first int, after string) (*Page[domain.User], error) {
	q := where{scopeOfUsers(sc)}
	if f != nil {
		if len(f.Roles) > 0 {
			q = q.and(in("role", f.Roles))
		}
		if f.RegionCode != nil {
			q = q.and(bson.E{Key: "regionPath", Value: *f.RegionCode})
		}
		if f.KindergartenID != nil {
			q = q.and(bson.E{Key: "kindergartenId", Value: *f.KindergartenID})
		}
		if f.NameContains != nil && *f.NameContains != "" {
			q = q.and(bson.E{Key: "$or", Value: bson.A{
				bson.D{contains("username", *f.NameContains)}, bson.D{contains("displayName", *f.NameContains)}}})
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
	_, err := s.c(CollTokens).InsertOne(ctx, t)
	return wrap(err)
}

// TokenByHash returns a login session, NOT_FOUND if there is none.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*Token, error) {
	var t Token
	err := s.c(CollTokens).FindOne(ctx, bson.D{{Key: "_id", Value: hash}}).Decode(&t)
	if err != nil {
		if isNoDocuments(err) {
			return nil, domain.NotFound("token", "")
		}
		return nil, wrap(err)
	}
	return &t, nil
}

// DeleteToken ends one login session.
func (s *Store) DeleteToken(ctx context.Context, hash string) error {
	_, err := s.c(CollTokens).DeleteOne(ctx, bson.D{{Key: "_id", Value: hash}})
	return wrap(err)
}
