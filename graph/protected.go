package graph

import (
	"context"
	"sync"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
)

// A child's protected fields are opened once a request (one access entry, however many of
// its fields are asked for), and only for a reader who may see them; for anyone else each
// such field is null.

type opened struct {
	once sync.Once
	p    *domain.ChildProtected
	err  error
}

type openedKey struct{}

// withOpened gives a request its cache of opened children.
func withOpened(ctx context.Context) context.Context {
	return context.WithValue(ctx, openedKey{}, &sync.Map{})
}

func protectedOf(ctx context.Context, a *app.App, c *domain.Child) (*domain.ChildProtected, error) {
	m, _ := ctx.Value(openedKey{}).(*sync.Map)
	if m == nil {
		return a.OpenChild(ctx, principal(ctx), c, app.ChildAccess{Addr: clientAddr(ctx)})
	}
	v, _ := m.LoadOrStore(c.ID, &opened{})
	o := v.(*opened)
	o.once.Do(func() { o.p, o.err = a.OpenChild(ctx, principal(ctx), c, app.ChildAccess{Addr: clientAddr(ctx)}) })
	return o.p, o.err
}

func protectedText(ctx context.Context, a *app.App, c *domain.Child, field func(*domain.ChildProtected) string) (*string, error) {
	p, err := protectedOf(ctx, a, c)
	if p == nil || err != nil {
		return nil, err
	}
	return optString(field(p)), nil
}
