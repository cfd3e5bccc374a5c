package storage

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"github.com/handinhand/handinhand/domain"
)

// mongoEngine keeps the records in MongoDB, for production: several server instances
// share one replica set (or, past one machine, a sharded cluster). Every filter is
// answered by an index created at start from the collection schemas (schema.go). It
// uses no aggregation pipeline and no multi-document transaction, so that the same code
// runs against FerretDB, the MongoDB stand-in the tests use here.
type mongoEngine struct {
	client *mongo.Client
	db     *mongo.Database
	// health follows the driver's heartbeats, so that requests can be refused at once
	// while the database is unreachable instead of each waiting to time out.
	health health
}

// health is what the driver's monitor last heard from each server.
type health struct {
	mu   sync.Mutex
	up   map[string]bool
	down atomic.Bool // every known server failed its last heartbeat
}

// set records a heartbeat of the connection named id ("host:port[-n]").
func (h *health) set(id string, up bool) {
	addr, _, _ := strings.Cut(id, "[")
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.up == nil {
		h.up = map[string]bool{}
	}
	h.up[addr] = up
	someUp := false
	for _, u := range h.up {
		someUp = someUp || u
	}
	h.down.Store(!someUp)
}

// openMongo connects to the MongoDB at uri and creates the indexes.
func openMongo(ctx context.Context, uri, database string) (*mongoEngine, error) {
	m := &mongoEngine{}
	opts := options.Client().ApplyURI(uri).
		SetServerSelectionTimeout(2 * time.Second).
		SetTimeout(30 * time.Second).
		SetHeartbeatInterval(500 * time.Millisecond).
		SetServerMonitor(&event.ServerMonitor{
			ServerHeartbeatSucceeded: func(e *event.ServerHeartbeatSucceededEvent) { m.health.set(e.ConnectionID, true) },
			ServerHeartbeatFailed:    func(e *event.ServerHeartbeatFailedEvent) { m.health.set(e.ConnectionID, false) },
		})
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("connect to MongoDB: %w", err)
	}
	m.client, m.db = client, client.Database(database)
	if err := m.Ping(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("MongoDB unreachable: %w", err)
	}
	if err := m.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("create indexes: %w", err)
	}
	return m, nil
}

func (m *mongoEngine) Kind() string                    { return "mongodb" }
func (m *mongoEngine) Available() bool                 { return !m.health.down.Load() }
func (m *mongoEngine) c(name string) *mongo.Collection { return m.db.Collection(name) }

func (m *mongoEngine) Ping(ctx context.Context) error {
	return mwrap(m.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err())
}

func (m *mongoEngine) Close(ctx context.Context) { _ = m.client.Disconnect(ctx) }

func (m *mongoEngine) Drop(ctx context.Context) error { return mwrap(m.db.Drop(ctx)) }

// ensureIndexes creates the schemas' indexes that are missing. One at a time, and only
// those missing: FerretDB fails when asked to create an index that exists.
func (m *mongoEngine) ensureIndexes(ctx context.Context) error {
	for coll, sc := range schemas {
		if len(sc.indexes) == 0 {
			continue
		}
		existing, err := m.indexNames(ctx, coll)
		if err != nil {
			return fmt.Errorf("%s: %w", coll, err)
		}
		for _, ix := range sc.indexes {
			if ix.counting {
				continue
			}
			keys := mongoKeys(ix.keys)
			name := indexName(keys)
			if existing[name] {
				continue
			}
			o := options.Index().SetName(name)
			if ix.unique {
				o = o.SetUnique(true)
			}
			if _, err := m.c(coll).Indexes().CreateOne(ctx, mongo.IndexModel{Keys: keys, Options: o}); err != nil {
				return fmt.Errorf("%s: %w", coll, err)
			}
		}
	}
	return nil
}

func (m *mongoEngine) indexNames(ctx context.Context, coll string) (map[string]bool, error) {
	cur, err := m.c(coll).Indexes().List(ctx)
	if err != nil {
		return nil, err
	}
	var specs []struct {
		Name string `bson:"name"`
	}
	if err := cur.All(ctx, &specs); err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, sp := range specs {
		out[sp.Name] = true
	}
	return out, nil
}

// mongoKeys is keys as MongoDB writes an index or a sort: field 1 or -1.
func mongoKeys(keys []sortKey) bson.D {
	out := bson.D{}
	for _, k := range keys {
		dir := 1
		if k.desc {
			dir = -1
		}
		out = append(out, bson.E{Key: k.field, Value: dir})
	}
	return out
}

// indexName is MongoDB's default name for an index on keys: field_direction joined.
func indexName(keys bson.D) string {
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('_')
		}
		fmt.Fprintf(&b, "%s_%v", k.Key, k.Value)
	}
	return b.String()
}

func (m *mongoEngine) Get(ctx context.Context, coll, id string) (bson.Raw, error) {
	raw, err := m.c(coll).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, mwrap(err)
	}
	return raw, nil
}

func (m *mongoEngine) GetMany(ctx context.Context, coll string, ids []string) ([]bson.Raw, error) {
	var out []bson.Raw
	err := m.Find(ctx, coll, query{where: []cond{in("_id", ids), live}}, func(r bson.Raw) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

func (m *mongoEngine) Find(ctx context.Context, coll string, q query, fn func(bson.Raw) error) error {
	o := options.Find().SetBatchSize(1000)
	if len(q.sort) > 0 {
		o = o.SetSort(mongoKeys(q.sort))
	}
	if q.limit > 0 {
		o = o.SetLimit(int64(q.limit))
	}
	cur, err := m.c(coll).Find(ctx, mongoFilter(q.where), o)
	if err != nil {
		return mwrap(err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		if err := fn(cur.Current); err != nil {
			return err
		}
	}
	return mwrap(cur.Err())
}

func (m *mongoEngine) Count(ctx context.Context, coll string, where []cond) (int64, error) {
	n, err := m.c(coll).CountDocuments(ctx, mongoFilter(where))
	return n, mwrap(err)
}

func (m *mongoEngine) Insert(ctx context.Context, coll string, docs ...bson.Raw) error {
	for len(docs) > 0 {
		n := min(len(docs), 1000)
		batch := make([]any, n)
		for i := range batch {
			batch[i] = docs[i]
		}
		var err error
		if n == 1 {
			_, err = m.c(coll).InsertOne(ctx, docs[0])
		} else {
			_, err = m.c(coll).InsertMany(ctx, batch, options.InsertMany().SetOrdered(false))
		}
		if mongo.IsDuplicateKeyError(err) {
			return errDuplicate
		}
		if err != nil {
			return mwrap(err)
		}
		docs = docs[n:]
	}
	return nil
}

func (m *mongoEngine) Replace(ctx context.Context, coll, id string, version int, doc bson.Raw) (bool, error) {
	filter := bson.D{{Key: "_id", Value: id}}
	if version > 0 {
		filter = append(filter, bson.E{Key: "version", Value: version})
	}
	res, err := m.c(coll).ReplaceOne(ctx, filter, doc)
	if mongo.IsDuplicateKeyError(err) || (err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")) {
		// The second test is for FerretDB, which reports a unique index refusing a
		// replace as an internal error rather than as MongoDB's 11000.
		return false, errDuplicate
	}
	if err != nil {
		return false, mwrap(err)
	}
	return res.MatchedCount > 0, nil
}

func (m *mongoEngine) Upsert(ctx context.Context, coll, id string, doc bson.Raw) error {
	_, err := m.c(coll).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc, options.Replace().SetUpsert(true))
	return mwrap(err)
}

func (m *mongoEngine) Delete(ctx context.Context, coll, id string) error {
	_, err := m.c(coll).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return mwrap(err)
}

func (m *mongoEngine) Increment(ctx context.Context, coll, id, field string) (int64, error) {
	var row bson.Raw
	err := m.c(coll).FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: field, Value: int64(1)}}}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&row)
	if err != nil {
		return 0, mwrap(err)
	}
	n, _ := row.Lookup(field).AsInt64OK()
	return n, nil
}

func (m *mongoEngine) Tx(ctx context.Context, fn func(context.Context) error) error { return fn(ctx) }

func (m *mongoEngine) Collections(ctx context.Context) ([]string, error) {
	names, err := m.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, mwrap(err)
	}
	out := names[:0]
	for _, n := range names {
		if !strings.HasPrefix(n, "system.") {
			out = append(out, n)
		}
	}
	return out, nil
}

func (m *mongoEngine) DropCollection(ctx context.Context, coll string) error {
	return mwrap(m.c(coll).Drop(ctx))
}

// mongoFilter is the filter document of conditions that must all hold, each a document
// of its own joined by one $and: two conditions on one field or operator never collide
// as repeated keys.
func mongoFilter(where []cond) bson.D {
	a := bson.A{}
	for _, c := range where {
		a = append(a, mongoCond(c))
	}
	switch len(a) {
	case 0:
		return bson.D{}
	case 1:
		return a[0].(bson.D)
	}
	return bson.D{{Key: "$and", Value: a}}
}

func mongoCond(c cond) bson.D {
	op := func(name string, v any) bson.D { return bson.D{{Key: c.field, Value: bson.D{{Key: name, Value: v}}}} }
	switch c.op {
	case opEq:
		return bson.D{{Key: c.field, Value: c.value}}
	case opNe:
		return op("$ne", c.value)
	case opIn:
		vs := c.values
		if vs == nil {
			vs = []any{}
		}
		return op("$in", vs)
	case opGt:
		return op("$gt", c.value)
	case opGte:
		return op("$gte", c.value)
	case opLt:
		return op("$lt", c.value)
	case opLte:
		return op("$lte", c.value)
	case opContains:
		return bson.D{{Key: c.field, Value: bson.D{{Key: "$regex", Value: regexp.QuoteMeta(c.value.(string))}, {Key: "$options", Value: "i"}}}}
	case opAbsent:
		return op("$exists", false)
	case opOr:
		alts := bson.A{}
		for _, alt := range c.or {
			alts = append(alts, mongoFilter(alt))
		}
		return bson.D{{Key: "$or", Value: alts}}
	}
	return bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{}}}}}
}

// mwrap turns driver errors into coded errors: a database that cannot be reached is
// UNAVAILABLE, so a client knows to retry; anything else is INTERNAL.
func mwrap(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	var noServer topology.ServerSelectionError
	if errors.Is(err, context.DeadlineExceeded) && !errors.As(err, &noServer) && !mongo.IsNetworkError(err) {
		// The caller's time ran out while the database was answering, slowly: it is there.
		return &domain.Error{Code: domain.CodeUnavailable, Message: "the database answered too slowly for the time allowed; it may be busy — try again shortly", Err: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.Is(err, mongo.ErrClientDisconnected) {
		return unavailable(err)
	}
	return &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: err}
}

func unavailable(err error) error {
	return &domain.Error{Code: domain.CodeUnavailable, Message: "the database is not reachable right now; try again shortly", Err: err}
}
