package graph

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/graph/model"
	"github.com/handinhand/handinhand/policy"
)

type ctxKey int

const (
	principalKey ctxKey = iota
	loadersKey
	tokenKey
	addrKey
)

// client is what a request tells of who sent it, for login rate limits.
type client struct {
	addr   string
	logins atomic.Int32 // login fields resolved in this request
}

type langKey struct{}

// WithChinese records that the client reads Chinese first (its Accept-Language): refused
// input then also says why in Chinese (extensions.localizedMessage).
func WithChinese(ctx context.Context, zh bool) context.Context {
	return context.WithValue(ctx, langKey{}, zh)
}

// PrefersChinese reports what WithChinese recorded.
func PrefersChinese(ctx context.Context) bool {
	zh, _ := ctx.Value(langKey{}).(bool)
	return zh
}

// WithClientAddr records the client's address (for login rate limits).
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, addrKey, &client{addr: addr})
}

func clientAddr(ctx context.Context) string {
	if c, _ := ctx.Value(addrKey).(*client); c != nil {
		return c.addr
	}
	return ""
}

// anotherLogin says whether a login was already tried in this request: thirty aliased
// logins in one document are one attempt, not thirty guesses.
func anotherLogin(ctx context.Context) bool {
	c, _ := ctx.Value(addrKey).(*client)
	return c != nil && c.logins.Add(1) > 1
}

// WithPrincipal attaches the caller (nil for anonymous) and its bearer token to a
// request, with fresh dataloaders.
func WithPrincipal(ctx context.Context, a *app.App, p *policy.Principal, token string) context.Context {
	ctx = context.WithValue(ctx, principalKey, p)
	ctx = context.WithValue(ctx, tokenKey, token)
	return withOpened(context.WithValue(ctx, loadersKey, newLoaders(a, p)))
}

// Principal returns the caller of a request (nil for anonymous).
func Principal(ctx context.Context) *policy.Principal { return principal(ctx) }

func principal(ctx context.Context) *policy.Principal {
	p, _ := ctx.Value(principalKey).(*policy.Principal)
	return p
}

func bearerToken(ctx context.Context) string {
	t, _ := ctx.Value(tokenKey).(string)
	return t
}

// loaders batch the lookups of referenced records made while resolving one request, so
// a list of N sessions costs one lookup per referenced type, not N.
type loaders struct {
	kindergartens *dataloader.Loader[string, *domain.Kindergarten]
	teachers      *dataloader.Loader[string, *domain.Teacher]
	users         *dataloader.Loader[string, *domain.User]
	pairings      *dataloader.Loader[string, *domain.Pairing]
	photos        *dataloader.Loader[string, *domain.Photo]
	events        *dataloader.Loader[string, *domain.TrainingEvent]
	// accounts are the users linked to teacher records, by teacher id.
	accounts *dataloader.Loader[string, *domain.User]
}

func batch[V any](load func(context.Context, []string) (map[string]*V, error)) dataloader.BatchFunc[string, *V] {
	return func(ctx context.Context, keys []string) []*dataloader.Result[*V] {
		found, err := load(ctx, keys)
		out := make([]*dataloader.Result[*V], len(keys))
		for i, k := range keys {
			switch {
			case err != nil:
				out[i] = &dataloader.Result[*V]{Error: err}
			case found[k] == nil:
				out[i] = &dataloader.Result[*V]{Error: domain.NotFound("record", k)}
			default:
				out[i] = &dataloader.Result[*V]{Data: found[k]}
			}
		}
		return out
	}
}

func newLoader[V any](load func(context.Context, []string) (map[string]*V, error)) *dataloader.Loader[string, *V] {
	return dataloader.NewBatchedLoader(batch(load),
		dataloader.WithWait[string, *V](2*time.Millisecond),
		dataloader.WithBatchCapacity[string, *V](200))
}

func newLoaders(a *app.App, p *policy.Principal) *loaders {
	return &loaders{
		kindergartens: newLoader(seen(a.Store.KindergartensByID, func(k *domain.Kindergarten) (*domain.Kindergarten, error) {
			ok, err := policy.SeesKindergarten(p, k)
			if err != nil || ok {
				return k, err
			}
			return k.Named(), nil
		})),
		teachers: newLoader(seen(a.Store.TeachersByID, func(t *domain.Teacher) (*domain.Teacher, error) {
			ok, err := policy.SeesTeacher(p, t)
			if err != nil || ok {
				return t, err
			}
			return t.Named(), nil
		})),
		users: newLoader(a.Store.UsersByID),
		pairings: newLoader(seen(a.Store.PairingsByID, func(pr *domain.Pairing) (*domain.Pairing, error) {
			if policy.SeesRecord(p, pr.Scoped) {
				return pr, nil
			}
			return nil, nil
		})),
		photos:   newLoader(a.Store.PhotosByID),
		events:   newLoader(a.Store.TrainingEventsByID),
		accounts: newLoader(a.Store.UsersOfTeachers),
	}
}

func ldr(ctx context.Context) *loaders { return ctx.Value(loadersKey).(*loaders) }

// seen passes what load finds through the policy: as (which returns the record, a part of
// it, or nil when the caller may not see it at all) is asked of every record.
func seen[V any](load func(context.Context, []string) (map[string]*V, error), as func(*V) (*V, error)) func(context.Context, []string) (map[string]*V, error) {
	return func(ctx context.Context, ids []string) (map[string]*V, error) {
		found, err := load(ctx, ids)
		if err != nil {
			return nil, err
		}
		for id, v := range found {
			shown, err := as(v)
			if err != nil {
				return nil, err
			}
			if shown == nil {
				delete(found, id)
			} else {
				found[id] = shown
			}
		}
		return found, nil
	}
}

// Referenced records go through the policy like any other read. A pairing the caller may
// not see is left out (a training event names pairings beyond a kindergarten's own). A
// kindergarten or teacher named by a record the caller sees, but outside the caller's
// scope (the partner of a draft pairing, an organiser of a bureau's event, an apprentice
// of a mentorship on a draft), is shown by its name only, as on a paper form: not its
// address, contacts or phone. Lists reached from a record (a kindergarten's teachers, a
// pairing's sessions) are filtered by the caller's scope like any list.

func loadOne[V any](ctx context.Context, l *dataloader.Loader[string, *V], id string) (*V, error) {
	if id == "" {
		return nil, nil
	}
	return l.Load(ctx, id)()
}

// loadOptional is loadOne for nullable fields: a record deleted since is null.
func loadOptional[V any](ctx context.Context, l *dataloader.Loader[string, *V], id string) (*V, error) {
	v, err := loadOne(ctx, l, id)
	if domain.CodeOf(err) == domain.CodeNotFound {
		return nil, nil
	}
	return v, err
}

// loadMany loads several records in order, leaving out any deleted since.
func loadMany[V any](ctx context.Context, l *dataloader.Loader[string, *V], ids []string) ([]*V, error) {
	vs, errs := l.LoadMany(ctx, ids)()
	out := make([]*V, 0, len(ids))
	for i, v := range vs {
		if errs != nil && errs[i] != nil {
			if domain.CodeOf(errs[i]) == domain.CodeNotFound {
				continue
			}
			return nil, errs[i]
		}
		out = append(out, v)
	}
	return out, nil
}

// readyPhotos lists the ready photos among a subject's photo ids.
func readyPhotos(ctx context.Context, ids []string) (*model.PhotoList, error) {
	all, err := loadMany(ctx, ldr(ctx).photos, ids)
	if err != nil {
		return nil, err
	}
	out := &model.PhotoList{Items: []*domain.Photo{}}
	for _, p := range all {
		if p.Status == domain.PhotoReady {
			out.Items = append(out.Items, p)
		}
	}
	out.Count = len(out.Items)
	return out, nil
}

// nestedUser is a user named by another record (who logged, confirmed, corrected or
// uploaded it, whose audit entry it is). A caller who may see that user gets the whole
// record; anyone else only the id and display name, as on a paper form — not the login
// name, place, account state or last sign-in of someone outside their scope. (The role
// stays: the schema requires one, and what the person did on the record already says
// which side they act for.)
func nestedUser(ctx context.Context, id string) (*domain.User, error) {
	u, err := loadOptional(ctx, ldr(ctx).users, id)
	if err != nil || u == nil || policy.SeesUser(principal(ctx), u) {
		return u, err
	}
	return &domain.User{ID: u.ID, DisplayName: u.DisplayName, Role: u.Role, Meta: domain.Meta{CreatedAt: u.CreatedAt, UpdatedAt: u.CreatedAt}}, nil
}
