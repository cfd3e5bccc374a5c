package storage

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
)

// record is a pointer to any stored record type.
type record[T any] interface {
	*T
	M() *domain.Meta
}

// get returns the live record with id; NOT_FOUND if it is missing or soft-deleted.
func get[T any, P record[T]](ctx context.Context, s *Store, coll, kind, id string) (*T, error) {
	v, err := getAny[T, P](ctx, s, coll, kind, id)
	if err != nil {
		return nil, err
	}
	if P(v).M().Deleted() {
		return nil, domain.NotFound(kind, id)
	}
	return v, nil
}

// getAny returns the record with id, soft-deleted or not.
func getAny[T any, P record[T]](ctx context.Context, s *Store, coll, kind, id string) (*T, error) {
	raw, err := s.eng.Get(ctx, coll, id)
	if errors.Is(err, errNotFound) {
		return nil, domain.NotFound(kind, id)
	}
	if err != nil {
		return nil, err
	}
	return decode[T](raw)
}

// getMany returns the live records among ids, keyed by id; missing ones are absent.
func getMany[T any, P record[T]](ctx context.Context, s *Store, coll string, ids []string, idOf func(*T) string) (map[string]*T, error) {
	out := make(map[string]*T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	raws, err := s.eng.GetMany(ctx, coll, ids)
	if err != nil {
		return nil, err
	}
	for _, raw := range raws {
		v, err := decode[T](raw)
		if err != nil {
			return nil, err
		}
		out[idOf(v)] = v
	}
	return out, nil
}

// insertOnce stores a new record whose id the client chose. If a record with that id
// exists, the same input from the same author returns the stored record (created is
// false); anything else is CONFLICT. Offline retries therefore never duplicate.
func insertOnce[T any, P record[T]](ctx context.Context, s *Store, coll, kind, id string, doc *T) (stored *T, created bool, err error) {
	m := P(doc).M()
	now := domain.Now()
	m.CreatedAt, m.UpdatedAt, m.Version = now, now, 1
	raw, err := marshal(doc)
	if err != nil {
		return nil, false, err
	}
	err = s.write(ctx, coll, doc, func(ctx context.Context) error { return s.eng.Insert(ctx, coll, raw) })
	if err == nil {
		return doc, true, nil
	}
	if !errors.Is(err, errDuplicate) {
		return nil, false, err
	}
	existing, gerr := getAny[T, P](ctx, s, coll, kind, id)
	if gerr != nil {
		if domain.CodeOf(gerr) == domain.CodeNotFound {
			// The duplicate was on another unique key (e.g. a username).
			return nil, false, domain.Errorf(domain.CodeConflict, "a %s with the same unique name already exists", kind)
		}
		return nil, false, gerr
	}
	em := P(existing).M()
	if em.InputHash != m.InputHash || em.CreatedBy != m.CreatedBy {
		return nil, false, &domain.Error{Code: domain.CodeConflict, Field: "input.id",
			Message: fmt.Sprintf("id %s is already used by a different %s; generate a new id for a new record", id, kind)}
	}
	if em.Deleted() {
		return nil, false, &domain.Error{Code: domain.CodeConflict, Field: "input.id",
			Message: fmt.Sprintf("this %s was created and has since been deleted", kind)}
	}
	return existing, false, nil
}

// Unchanged, returned by a change given to an update, says there is nothing to write: the
// update returns the record as it stands, its version unchanged (a request sent again).
var Unchanged = errors.New("storage: nothing to change")

// modify reads the live record, lets change mutate it (or refuse with an error), and
// writes it back with the version raised, in one transaction. A concurrent change
// elsewhere (another instance, on MongoDB) makes it CONFLICT rather than losing either
// write.
func modify[T any, P record[T]](ctx context.Context, s *Store, coll, kind, id string, change func(*T) error) (*T, error) {
	if s.eng.Kind() == "mongodb" {
		// SQLite's single writer already serialises the transaction below; taking a lock
		// there too could wait on a writer that waits on it.
		unlock := s.locks.lock(coll + "/" + id)
		defer unlock()
	}
	var out *T
	err := s.Tx(ctx, func(ctx context.Context) error {
		cur, err := get[T, P](ctx, s, coll, kind, id)
		if err != nil {
			return err
		}
		if err := change(cur); err != nil {
			if errors.Is(err, Unchanged) {
				out = cur
				return nil
			}
			return err
		}
		m := P(cur).M()
		was := m.Version
		m.Version++
		m.UpdatedAt = domain.Now()
		raw, err := marshal(cur)
		if err != nil {
			return err
		}
		out = cur
		return s.write(ctx, coll, cur, func(ctx context.Context) error {
			ok, err := s.eng.Replace(ctx, coll, id, was, raw)
			if errors.Is(err, errDuplicate) {
				return domain.Errorf(domain.CodeConflict, "another %s already uses that unique name", kind)
			}
			if err != nil {
				return err
			}
			if !ok {
				return domain.Errorf(domain.CodeConflict, "this %s was changed by someone else meanwhile; reload and try again", kind)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListOptions selects one page of a list.
type ListOptions struct {
	Filter    []cond // conditions on the records (scope included)
	SortField string // document field; ties are broken by _id
	Desc      bool
	First     int    // page size, 1–100
	After     string // cursor of the last record of the previous page
}

// Page is one page of records and the cursors that continue after each.
type Page[T any] struct {
	Items   []*T
	Cursors []string
	HasNext bool
	count   func(context.Context) (int64, error)
}

// TotalCount counts every record the list's filter matches, across all pages. It is a
// separate query, made only when a client asks for it.
func (p *Page[T]) TotalCount(ctx context.Context) (int, error) {
	n, err := p.count(ctx)
	return int(n), err
}

// MaxPage is the largest page a list returns.
const MaxPage = 100

// list returns a page of live records in the sort order, continuing after opt.After.
func list[T any](ctx context.Context, s *Store, coll string, opt ListOptions) (*Page[T], error) {
	if opt.First < 1 || opt.First > MaxPage {
		return nil, domain.Invalid("first", "must be between 1 and %d", MaxPage)
	}
	if opt.SortField == "" {
		opt.SortField = "_id"
	}
	base := append([]cond{live}, opt.Filter...)
	filter := base
	if opt.After != "" {
		v, id, err := decodeCursor(opt.After)
		if err != nil {
			return nil, domain.Invalid("after", "is not a cursor this list gave out")
		}
		next := gt
		if opt.Desc {
			next = lt
		}
		after := next("_id", id)
		if opt.SortField != "_id" {
			after = anyOf([]cond{next(opt.SortField, v)}, []cond{eq(opt.SortField, v), next("_id", id)})
		}
		filter = append(append([]cond{}, base...), after)
	}
	sort := []sortKey{{field: opt.SortField, desc: opt.Desc}}
	if opt.SortField != "_id" {
		sort = append(sort, sortKey{field: "_id", desc: opt.Desc})
	}
	p := &Page[T]{count: func(ctx context.Context) (int64, error) { return s.eng.Count(ctx, coll, base) }}
	err := s.eng.Find(ctx, coll, query{where: filter, sort: sort, limit: opt.First + 1}, func(raw bson.Raw) error {
		if len(p.Items) == opt.First {
			p.HasNext = true
			return nil
		}
		v, err := decode[T](raw)
		if err != nil {
			return err
		}
		id, _ := raw.Lookup("_id").StringValueOK()
		p.Items = append(p.Items, v)
		p.Cursors = append(p.Cursors, encodeCursor(raw.Lookup(opt.SortField), id))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// each passes every live record of coll matching where to fn, in sort order, at most
// limit (0: all).
func each[T any](ctx context.Context, s *Store, coll string, where []cond, sort []sortKey, limit int, fn func(*T) error) error {
	return s.eng.Find(ctx, coll, query{where: append([]cond{live}, where...), sort: sort, limit: limit}, func(raw bson.Raw) error {
		v, err := decode[T](raw)
		if err != nil {
			return err
		}
		return fn(v)
	})
}

// A cursor is the sort value and id of a record, as BSON (so dates, numbers and strings
// keep their types), in URL-safe base64.
func encodeCursor(v bson.RawValue, id string) string {
	doc := bson.D{{Key: "i", Value: id}}
	if v.Type != 0 {
		doc = append(doc, bson.E{Key: "v", Value: v})
	}
	b, _ := bson.Marshal(doc)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(c string) (any, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) > 1024 {
		return nil, "", errors.New("bad cursor")
	}
	raw := bson.Raw(b)
	if err := raw.Validate(); err != nil {
		return nil, "", err
	}
	id, ok := raw.Lookup("i").StringValueOK()
	if !ok {
		return nil, "", errors.New("bad cursor")
	}
	v := raw.Lookup("v")
	switch v.Type {
	case bson.TypeString, bson.TypeDouble, bson.TypeInt32, bson.TypeInt64, bson.TypeDateTime, bson.TypeBoolean:
		return v, id, nil
	case 0:
		return nil, id, nil
	}
	return nil, "", errors.New("bad cursor")
}
