package storage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/handinhand/handinhand/domain"
)

// Collection names.
const (
	CollRegions        = "regions"
	CollKindergartens  = "kindergartens"
	CollTeachers       = "teachers"
	CollUsers          = "users"
	CollTokens         = "tokens"
	CollPairings       = "pairings"
	CollSessions       = "teachingSessions"
	CollTrainingEvents = "trainingEvents"
	CollMentorships    = "mentorships"
	CollDonations      = "donations"
)

// Config says which document store to use.
type Config struct {
	MongoURI string // empty: the embedded FerretDB under DataDir
	Database string // default "handinhand"
	DataDir  string // default "./data"
	Logger   *slog.Logger
}

// Store is the document store. Its methods are safe for concurrent use.
type Store struct {
	client   *mongo.Client
	db       *mongo.Database
	embedded *Embedded
	log      *slog.Logger
	// locks serialises writes to one record within this process. On the embedded store
	// (which only this process can open) that alone makes read-check-write safe, so
	// updates can filter on _id only — the one filter FerretDB does not answer by
	// scanning the whole collection. On MongoDB the version is also part of the filter.
	locks keyedMutex
	obs   observers
	// health follows the driver's heartbeats, so that requests can be refused at once
	// while the document store is unreachable instead of each waiting to time out.
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

// Available reports whether the document store answered its last heartbeat (checked
// twice a second); false means requests would fail.
func (s *Store) Available() bool { return !s.health.down.Load() }

// Open connects to MongoDB, or starts the embedded FerretDB, and creates the indexes.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Database == "" {
		cfg.Database = "handinhand"
	}
	if cfg.DataDir == "" {
		cfg.DataDir = "./data"
	}
	s := &Store{log: cfg.Logger}
	uri := cfg.MongoURI
	if uri == "" {
		e, err := StartEmbedded(cfg.DataDir, cfg.Logger)
		if err != nil {
			return nil, err
		}
		s.embedded = e
		uri = e.URI
	}
	opts := options.Client().ApplyURI(uri).
		SetServerSelectionTimeout(2 * time.Second).
		SetTimeout(30 * time.Second).
		SetHeartbeatInterval(500 * time.Millisecond).
		SetServerMonitor(&event.ServerMonitor{
			ServerHeartbeatSucceeded: func(e *event.ServerHeartbeatSucceededEvent) { s.health.set(e.ConnectionID, true) },
			ServerHeartbeatFailed:    func(e *event.ServerHeartbeatFailedEvent) { s.health.set(e.ConnectionID, false) },
		})
	client, err := mongo.Connect(opts)
	if err != nil {
		s.stopEmbedded()
		return nil, fmt.Errorf("connect to document store: %w", err)
	}
	s.client = client
	s.db = client.Database(cfg.Database)
	if err := s.Ping(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		s.stopEmbedded()
		return nil, fmt.Errorf("document store unreachable: %w", err)
	}
	if err := s.EnsureIndexes(ctx); err != nil {
		s.Close(context.Background())
		return nil, fmt.Errorf("create indexes: %w", err)
	}
	if s.embedded != nil {
		if err := s.indexEmbeddedIDs(ctx, cfg.DataDir, cfg.Database); err != nil {
			s.Close(context.Background())
			return nil, fmt.Errorf("index the embedded store by _id: %w", err)
		}
	}
	return s, nil
}

// Embedded reports whether the store is the in-process FerretDB.
func (s *Store) Embedded() bool { return s.embedded != nil }

// Ping checks the store answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err()
}

// Close disconnects and, for the embedded store, stops FerretDB.
func (s *Store) Close(ctx context.Context) {
	if s.client != nil {
		_ = s.client.Disconnect(ctx)
	}
	s.stopEmbedded()
}

func (s *Store) stopEmbedded() {
	if s.embedded != nil {
		s.embedded.Stop()
		s.embedded = nil
	}
}

// Drop removes every collection; tests use it to start from an empty store.
func (s *Store) Drop(ctx context.Context) error { return s.db.Drop(ctx) }

func (s *Store) c(name string) *mongo.Collection { return s.db.Collection(name) }

func (s *Store) EnsureIndexes(ctx context.Context) error {
	idx := map[string][]mongo.IndexModel{
		CollUsers: {{Keys: bson.D{{Key: "username", Value: 1}}, Options: options.Index().SetUnique(true)}},
		CollKindergartens: {
			{Keys: bson.D{{Key: "regionPath", Value: 1}, {Key: "name", Value: 1}}},
			{Keys: bson.D{{Key: "updatedAt", Value: 1}}}, // the statistics index catching up
		},
		CollTeachers: {{Keys: bson.D{{Key: "kindergartenId", Value: 1}, {Key: "name", Value: 1}}}},
		CollPairings: {
			{Keys: bson.D{{Key: "kindergartenIds", Value: 1}}},
			{Keys: bson.D{{Key: "regionPath", Value: 1}}},
			{Keys: bson.D{{Key: "updatedAt", Value: 1}}},
		},
		CollSessions: {
			{Keys: bson.D{{Key: "pairingId", Value: 1}, {Key: "date", Value: -1}}},
			{Keys: bson.D{{Key: "kindergartenIds", Value: 1}, {Key: "date", Value: -1}}},
			{Keys: bson.D{{Key: "regionPath", Value: 1}, {Key: "date", Value: -1}}},
			{Keys: bson.D{{Key: "updatedAt", Value: 1}}},
		},
		CollTrainingEvents: {
			{Keys: bson.D{{Key: "kindergartenIds", Value: 1}, {Key: "date", Value: -1}}},
			{Keys: bson.D{{Key: "regionPath", Value: 1}, {Key: "date", Value: -1}}},
			{Keys: bson.D{{Key: "updatedAt", Value: 1}}},
		},
		CollPhotos: {
			{Keys: bson.D{{Key: "updatedAt", Value: 1}}},
			{Keys: bson.D{{Key: "status", Value: 1}, {Key: "expiresAt", Value: 1}}}, // the janitor
		},
		CollMentorships: {{Keys: bson.D{{Key: "pairingId", Value: 1}}}},
		CollAudit: {
			{Keys: bson.D{{Key: "regionPath", Value: 1}, {Key: "at", Value: -1}}},
			{Keys: bson.D{{Key: "recordId", Value: 1}}},
		},
		CollDonations: {{Keys: bson.D{{Key: "pairingId", Value: 1}}}},
	}
	for coll, models := range idx {
		existing, err := s.indexNames(ctx, coll)
		if err != nil {
			return fmt.Errorf("%s: %w", coll, err)
		}
		// One at a time, and only those missing: FerretDB fails when asked to create an
		// index that already exists, as it is on every start after the first.
		for _, m := range models {
			name := indexName(m.Keys.(bson.D))
			if existing[name] {
				continue
			}
			if m.Options == nil {
				m.Options = options.Index()
			}
			m.Options = m.Options.SetName(name)
			if _, err := s.c(coll).Indexes().CreateOne(ctx, m); err != nil {
				return fmt.Errorf("%s: %w", coll, err)
			}
		}
	}
	return nil
}

func (s *Store) indexNames(ctx context.Context, coll string) (map[string]bool, error) {
	cur, err := s.c(coll).Indexes().List(ctx)
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

// wrap turns driver errors into coded errors: a store that cannot be reached is
// UNAVAILABLE, so a client knows to retry; anything else is INTERNAL.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.Is(err, mongo.ErrClientDisconnected) {
		return &domain.Error{Code: domain.CodeUnavailable, Message: "the database is not reachable right now; try again shortly", Err: err}
	}
	return &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: err}
}

type keyedMutex struct {
	mu sync.Mutex
	m  map[string]*lockEntry
}

type lockEntry struct {
	mu   sync.Mutex
	refs int
}

func (k *keyedMutex) lock(key string) func() {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*lockEntry{}
	}
	e := k.m[key]
	if e == nil {
		e = &lockEntry{}
		k.m[key] = e
	}
	e.refs++
	k.mu.Unlock()
	e.mu.Lock()
	return func() {
		e.mu.Unlock()
		k.mu.Lock()
		e.refs--
		if e.refs == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
}

func isNoDocuments(err error) bool { return errors.Is(err, mongo.ErrNoDocuments) }

// CountAll counts the documents of every collection, deleted or not (for checks that a
// rejected request changed nothing).
func (s *Store) CountAll(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	for _, c := range []string{CollRegions, CollKindergartens, CollTeachers, CollUsers, CollTokens, CollPairings,
		CollSessions, CollTrainingEvents, CollMentorships, CollDonations, CollPhotos, CollPhotoHashes, CollAudit} {
		n, err := s.c(c).CountDocuments(ctx, bson.D{})
		if err != nil {
			return nil, wrap(err)
		}
		out[c] = n
	}
	return out, nil
}
