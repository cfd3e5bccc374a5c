package storage

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/handinhand/handinhand/domain"
)

// record is a pointer to any stored record type.
type record[T any] interface {
	*T
	M() *domain.Meta
}

var notDeleted = bson.E{Key: "deletedAt", Value: bson.D{{Key: "$exists", Value: false}}}

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
	var v T
	err := s.c(coll).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&v)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, domain.NotFound(kind, id)
	}
	if err != nil {
		return nil, wrap(err)
	}
	return &v, nil
}

// getMany returns the live records among ids, keyed by id; missing ones are absent.
// MongoDB answers one $in query from its index. FerretDB would scan the whole
// collection for $in, so there each id is a point lookup, several at a time.
func getMany[T any, P record[T]](ctx context.Context, s *Store, coll string, ids []string, idOf func(*T) string) (map[string]*T, error) {
	out := make(map[string]*T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if !s.Embedded() {
		cur, err := s.c(coll).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}, notDeleted})
		if err != nil {
			return nil, wrap(err)
		}
		var all []*T
		if err := cur.All(ctx, &all); err != nil {
			return nil, wrap(err)
		}
		for _, v := range all {
			out[idOf(v)] = v
		}
		return out, nil
	}
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
		sem      = make(chan struct{}, 8)
	)
	for _, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func(id string) {
			defer func() { <-sem; wg.Done() }()
			v, err := get[T, P](ctx, s, coll, "", id)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				out[id] = v
			case domain.CodeOf(err) != domain.CodeNotFound && firstErr == nil:
				firstErr = err
			}
		}(id)
	}
	wg.Wait()
	return out, firstErr
}

// insertOnce stores a new record whose id the client chose. If a record with that id
// exists, the same input from the same author returns the stored record (created is
// false); anything else is CONFLICT. Offline retries therefore never duplicate.
func insertOnce[T any, P record[T]](ctx context.Context, s *Store, coll, kind, id string, doc *T) (stored *T, created bool, err error) {
	m := P(doc).M()
	now := domain.Now()
	m.CreatedAt, m.UpdatedAt, m.Version = now, now, 1
	_, err = s.c(coll).InsertOne(ctx, doc)
	if err == nil {
		s.wrote(ctx, coll, doc)
		return doc, true, nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return nil, false, wrap(err)
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

// modify reads the live record, lets change mutate it (or refuse with an error), and
// writes it back with the version raised. A concurrent change elsewhere makes it
// CONFLICT rather than losing either write.
func modify[T any, P record[T]](ctx context.Context, s *Store, coll, kind, id string, change func(*T) error) (*T, error) {
	unlock := s.locks.lock(coll + "/" + id)
	defer unlock()
	cur, err := get[T, P](ctx, s, coll, kind, id)
	if err != nil {
		return nil, err
	}
	if err := change(cur); err != nil {
		return nil, err
	}
	m := P(cur).M()
	filter := bson.D{{Key: "_id", Value: id}}
	if !s.Embedded() {
		filter = append(filter, bson.E{Key: "version", Value: m.Version})
	}
	m.Version++
	m.UpdatedAt = domain.Now()
	res, err := s.c(coll).ReplaceOne(ctx, filter, cur)
	if err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return nil, domain.Errorf(domain.CodeConflict, "another %s already uses that unique name", kind)
		}
		return nil, wrap(err)
	}
	if res.MatchedCount == 0 {
		return nil, domain.Errorf(domain.CodeConflict, "this %s was changed by someone else meanwhile; reload and try again", kind)
	}
	s.wrote(ctx, coll, cur)
	return cur, nil
}

// ListOptions selects one page of a list.
type ListOptions struct {
	Filter    where  // conditions on the records (scope included)
	SortField string // bson field; ties are broken by _id
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
	base := append(where{{notDeleted}}, opt.Filter...)
	filter := base
	if opt.After != "" {
		v, id, err := decodeCursor(opt.After)
		if err != nil {
			return nil, domain.Invalid("after", "is not a cursor this list gave out")
		}
		op := "$gt"
		if opt.Desc {
			op = "$lt"
		}
		var after bson.A
		if opt.SortField == "_id" {
			after = bson.A{bson.D{{Key: "_id", Value: bson.D{{Key: op, Value: id}}}}}
		} else {
			after = bson.A{
				bson.D{{Key: opt.SortField, Value: bson.D{{Key: op, Value: v}}}},
				bson.D{{Key: opt.SortField, Value: v}, {Key: "_id", Value: bson.D{{Key: op, Value: id}}}},
			}
		}
		filter = append(where{}, base...).and(bson.E{Key: "$or", Value: after})
	}
	dir := 1
	if opt.Desc {
		dir = -1
	}
	sort := bson.D{{Key: opt.SortField, Value: dir}}
	if opt.SortField != "_id" {
		sort = append(sort, bson.E{Key: "_id", Value: dir})
	}
	cur, err := s.c(coll).Find(ctx, filter.doc(), options.Find().SetSort(sort).SetLimit(int64(opt.First+1)))
	if err != nil {
		return nil, wrap(err)
	}
	defer cur.Close(ctx)
	p := &Page[T]{count: func(ctx context.Context) (int64, error) {
		n, err := s.c(coll).CountDocuments(ctx, base.doc())
		return n, wrap(err)
	}}
	for cur.Next(ctx) {
		if len(p.Items) == opt.First {
			p.HasNext = true
			break
		}
		var v T
		if err := cur.Decode(&v); err != nil {
			return nil, wrap(err)
		}
		raw := cur.Current
		id, _ := raw.Lookup("_id").StringValueOK()
		p.Items = append(p.Items, &v)
		p.Cursors = append(p.Cursors, encodeCursor(raw.Lookup(opt.SortField), id))
	}
	if err := cur.Err(); err != nil {
		return nil, wrap(err)
	}
	return p, nil
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

func optionsLimit(n int) *options.FindOptionsBuilder { return options.Find().SetLimit(int64(n)) }
