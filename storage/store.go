package storage

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"

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
	CollLessonGrades   = "lessonGrades"
	CollSummaries      = "semesterSummaries"
	CollPlans          = "plans"
	CollInspections    = "inspections"
)

// Config says which document store to use.
type Config struct {
	MongoURI string // empty: the embedded SQLite store under DataDir
	Database string // MongoDB's database, default "handinhand"
	DataDir  string // default "./data"
	Logger   *slog.Logger
}

// Store keeps the domain's records, on whichever engine Open chose. Its methods are safe
// for concurrent use.
type Store struct {
	eng engine
	cfg Config
	log *slog.Logger
	// locks serialises writes to one record within this process, so that two requests
	// editing one record (three photos added to one lesson at once) take turns rather
	// than one of them failing its version check.
	locks keyedMutex
	obs   observers
}

// Open opens the store the configuration names: MongoDB when MongoURI is set, otherwise
// the SQLite file in DataDir (created if missing). Its indexes are made if missing.
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
	s := &Store{cfg: cfg, log: cfg.Logger}
	var err error
	if cfg.MongoURI != "" {
		s.eng, err = openMongo(ctx, cfg.MongoURI, cfg.Database)
	} else {
		s.eng, err = openSQLite(ctx, cfg.DataDir, cfg.Logger)
	}
	if err != nil {
		return nil, err
	}
	if err := s.Upgrade(ctx); err != nil {
		s.eng.Close(ctx)
		return nil, err
	}
	return s, nil
}

// Config is the configuration the store was opened with: opening it again reaches the
// same records (a second instance, in tests).
func (s *Store) Config() Config { return s.cfg }

// Kind names the engine: "sqlite" (embedded) or "mongodb".
func (s *Store) Kind() string { return s.eng.Kind() }

// Available reports whether the store can serve requests now; false means they would
// fail (MongoDB missed its last heartbeats, checked twice a second).
func (s *Store) Available() bool { return s.eng.Available() }

// Ping checks the store answers.
func (s *Store) Ping(ctx context.Context) error { return s.eng.Ping(ctx) }

// Close releases the store.
func (s *Store) Close(ctx context.Context) { s.eng.Close(ctx) }

// Drop removes every record; tests use it to leave a MongoDB database as they found it.
func (s *Store) Drop(ctx context.Context) error { return s.eng.Drop(ctx) }

// Tx runs fn so that the writes it makes through the store are kept all together or
// not at all (on SQLite, in one transaction; see engine.Tx for MongoDB). Write
// observers hear of them once they are stored.
func (s *Store) Tx(ctx context.Context, fn func(context.Context) error) error {
	if ctx.Value(pendingKey{}) != nil {
		return s.eng.Tx(ctx, fn)
	}
	p := &pending{}
	err := s.eng.Tx(context.WithValue(ctx, pendingKey{}, p), fn)
	if err != nil && s.eng.Kind() == "sqlite" {
		return err // rolled back: nothing was stored
	}
	// Committed; or, on MongoDB, which has no rollback here, the writes made before the
	// failure are stored and the statistics index must hear of them.
	for _, n := range p.notes {
		s.notify(n.coll, n.doc, n.seq)
	}
	return err
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

// allCollections are every collection the store uses.
var allCollections = []string{CollRegions, CollKindergartens, CollTeachers, CollUsers, CollTokens,
	CollPairings, CollSessions, CollTrainingEvents, CollMentorships, CollDonations, CollLessonGrades, CollSummaries, CollPlans, CollInspections, CollPhotos,
	CollPhotoHashes, CollSettings, CollAudit, CollAccess, CollChildren, CollChanges}

// CountAll counts the documents of every collection, deleted or not (for checks that a
// rejected request changed nothing).
func (s *Store) CountAll(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	for _, c := range allCollections {
		if c == CollChanges {
			continue
		}
		n, err := s.eng.Count(ctx, c, nil)
		if err != nil {
			return nil, err
		}
		out[c] = n
	}
	return out, nil
}

// decode unmarshals a stored document.
func decode[T any](raw bson.Raw) (*T, error) {
	var v T
	if err := bson.Unmarshal(raw, &v); err != nil {
		return nil, &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: fmt.Errorf("decode a stored record: %w", err)}
	}
	return &v, nil
}

func marshal(doc any) (bson.Raw, error) {
	b, err := bson.Marshal(doc)
	if err != nil {
		return nil, &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: err}
	}
	return b, nil
}
