package storage

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// engine is the storage interface: what a document database must do for the Store. Two
// implementations are chosen at start, the way the photo stores are: SQLite files in the
// data directory (sqliteEngine, the embedded default) and MongoDB (mongoEngine, for
// production). Both keep every record as the same BSON document, so backups, restores
// and decoding are shared; each answers the Store's filters from its own indexes. The
// Store's record methods (sessions.go, pairings.go, …) are written once on top of it, so
// a rule of what a list means lives in one place whichever engine answers.
type engine interface {
	// Get returns the document with id, deleted or not; errNotFound if there is none.
	Get(ctx context.Context, coll, id string) (bson.Raw, error)
	// GetMany returns the live documents among ids, in no set order.
	GetMany(ctx context.Context, coll string, ids []string) ([]bson.Raw, error)
	// Find passes the documents matching q, in its order, to fn.
	Find(ctx context.Context, coll string, q query, fn func(bson.Raw) error) error
	// Count counts the documents matching every condition.
	Count(ctx context.Context, coll string, where []cond) (int64, error)
	// Insert stores new documents; a used id or unique value is errDuplicate.
	Insert(ctx context.Context, coll string, docs ...bson.Raw) error
	// Replace overwrites the document with id if its version is still version (any
	// version when it is 0); false if no such document (or version) was there.
	Replace(ctx context.Context, coll, id string, version int, doc bson.Raw) (bool, error)
	// Upsert stores doc under id, replacing what was there.
	Upsert(ctx context.Context, coll, id string, doc bson.Raw) error
	// Delete removes the document with id for good; a missing one is not an error.
	Delete(ctx context.Context, coll, id string) error
	// Increment adds one to an integer field of the document id (made if missing) and
	// returns the new value.
	Increment(ctx context.Context, coll, id, field string) (int64, error)
	// Tx runs fn so that its writes are stored all together or not at all, where the
	// engine can: SQLite commits them in one transaction. MongoDB runs fn as it is, as
	// the stand-in it is tested against has no multi-document transactions; the Store's
	// writes are ordered so that a failure there leaves nothing a reader would mistake.
	Tx(ctx context.Context, fn func(context.Context) error) error

	Collections(ctx context.Context) ([]string, error)
	DropCollection(ctx context.Context, coll string) error
	Drop(ctx context.Context) error
	Ping(ctx context.Context) error
	// Available reports whether requests can be served now (false: answer UNAVAILABLE).
	Available() bool
	Close(ctx context.Context)
	// Kind names the engine: "sqlite" or "mongodb".
	Kind() string
}

var (
	errNotFound  = errors.New("no such document")
	errDuplicate = errors.New("duplicate key")
)

// op is what a condition tests.
type op int

const (
	opEq       op = iota // field equals value (an array field: has the value)
	opNe                 // field differs from value, or is missing
	opIn                 // field is one of values (an array field: has one of them)
	opGt                 // field > value
	opGte                // field >= value
	opLt                 // field < value
	opLte                // field <= value
	opContains           // a text field holds value, case-insensitively for Latin letters
	opAbsent             // field is missing (deletedAt: the record is live)
	opOr                 // one of the alternatives holds; each alternative is a conjunction
	opNone               // nothing matches
)

// cond is one condition of a filter; a filter is a list of them that must all hold.
// Values are strings (named string types too), booleans, numbers or times.
type cond struct {
	field  string
	op     op
	value  any
	values []any
	or     [][]cond
}

func eq(field string, v any) cond { return cond{field: field, op: opEq, value: v} }
func ne(field string, v any) cond { return cond{field: field, op: opNe, value: v} }
func gt(field string, v any) cond { return cond{field: field, op: opGt, value: v} }
func gte(field string, v any) cond {
	return cond{field: field, op: opGte, value: v}
}
func lt(field string, v any) cond  { return cond{field: field, op: opLt, value: v} }
func lte(field string, v any) cond { return cond{field: field, op: opLte, value: v} }
func contains(field, s string) cond {
	return cond{field: field, op: opContains, value: s}
}
func absent(field string) cond  { return cond{field: field, op: opAbsent} }
func anyOf(alts ...[]cond) cond { return cond{op: opOr, or: alts} }
func in[T any](field string, vs []T) cond {
	a := make([]any, len(vs))
	for i, v := range vs {
		a[i] = v
	}
	return cond{field: field, op: opIn, values: a}
}

// nothing matches no record: the filter of a scope that sees nothing.
var nothing = cond{op: opNone}

// live keeps records that are not soft-deleted.
var live = absent("deletedAt")

// query selects documents: every condition holds, sorted by the keys, at most limit.
type query struct {
	where []cond
	sort  []sortKey
	limit int
}

type sortKey struct {
	field string
	desc  bool
}

// dateRange is from ≤ field ≤ to, either end open when nil.
func dateRange[T any](field string, from, to *T) []cond {
	var out []cond
	if from != nil {
		out = append(out, gte(field, *from))
	}
	if to != nil {
		out = append(out, lte(field, *to))
	}
	return out
}

// timeValue is how both engines compare times: as BSON does, to the millisecond, UTC.
func timeValue(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }
