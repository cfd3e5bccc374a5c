package graph

import (
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/graph/model"
	"github.com/handinhand/handinhand/storage"
)

// page turns the optional paging arguments into storage's.
func page(first *int, after *string) (int, string) {
	n, a := 20, ""
	if first != nil {
		n = *first
	}
	if after != nil {
		a = *after
	}
	return n, a
}

// order turns an optional orderBy into a sort field name and direction.
func order[F ~string](field *F, dir *domain.OrderDirection, defDesc bool) (string, bool) {
	if field == nil {
		return "", defDesc
	}
	return string(*field), *dir == domain.Desc
}

func conn[T any](p *storage.Page[T], err error) (*model.Connection[T], error) {
	if err != nil {
		return nil, err
	}
	return model.NewConnection(p.Items, p.Cursors, p.HasNext, p.TotalCount), nil
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nullIfNotFound answers a lookup by id with null rather than an error when there is no
// such record the caller may see, as GraphQL clients expect of `node`-style fields.
func nullIfNotFound[T any](v *T, err error) (*T, error) {
	if domain.CodeOf(err) == domain.CodeNotFound {
		return nil, nil
	}
	return v, err
}

// hiddenIfOutOfScope is nullIfNotFound for a record named inside another one: one the
// caller may not read (another kindergarten's lesson a flag points to) is null too.
func hiddenIfOutOfScope[T any](v *T, err error) (*T, error) {
	if c := domain.CodeOf(err); c == domain.CodeNotFound || c == domain.CodeForbidden {
		return nil, nil
	}
	return v, err
}

// deref is an optional text's value, "" when absent.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
