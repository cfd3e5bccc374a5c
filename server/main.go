// Command server runs Hand in Hand: the GraphQL API at /graphql, the phone app, downloads
// and imports, health and metrics endpoints, over MongoDB (MONGODB_URI) or, with no
// configuration, the embedded SQLite store in HANDINHAND_DATA.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/httpapi"
	"github.com/handinhand/handinhand/protect"
	"github.com/handinhand/handinhand/stats"
	"github.com/handinhand/handinhand/storage"
)

// Config is read from the environment; flags of the same meaning override it.
type Config struct {
	Addr          string
	DataDir       string
	Demo          bool
	MongoURI      string
	MongoDatabase string
	AdminPassword string
	DrainTimeout  time.Duration
	Introspection bool
	CORSOrigins   []string
	MetricsToken  string // HANDINHAND_METRICS_TOKEN: the bearer token /metrics asks for
	RobotsTxt     string // the text of the file HANDINHAND_ROBOTS_TXT names; "" disallows every crawler
	// StatsPoll is how often the statistics index looks for other instances' writes.
	StatsPoll time.Duration
	MinIO     storage.MinIOConfig
	// MasterKeyFile (HANDINHAND_MASTER_KEY_FILE) holds the key that wraps the keys of
	// children's protected fields, outside the data directory; Algorithm
	// (HANDINHAND_PROTECT_ALGORITHM) is AES-256-GCM or SM4-GCM for new data keys.
	MasterKeyFile string
	Algorithm     protect.Algorithm
}

func configFromEnv(args []string) (Config, error) {
	c := Config{
		Addr:          envOr("HANDINHAND_ADDR", ":8080"),
		DataDir:       envOr("HANDINHAND_DATA", "./data"),
		MongoURI:      os.Getenv("MONGODB_URI"),
		MongoDatabase: envOr("MONGODB_DATABASE", "handinhand"),
		AdminPassword: os.Getenv("HANDINHAND_ADMIN_PASSWORD"),
		CORSOrigins:   httpapi.SplitList(os.Getenv("HANDINHAND_CORS_ORIGINS")),
		MetricsToken:  os.Getenv("HANDINHAND_METRICS_TOKEN"),
		MasterKeyFile: os.Getenv("HANDINHAND_MASTER_KEY_FILE"),
		DrainTimeout:  20 * time.Second,
		StatsPoll:     2 * time.Second,
		MinIO: storage.MinIOConfig{
			Endpoint:  os.Getenv("MINIO_ENDPOINT"),
			AccessKey: os.Getenv("MINIO_ACCESS_KEY"),
			SecretKey: os.Getenv("MINIO_SECRET_KEY"),
			Bucket:    envOr("MINIO_BUCKET", "handinhand-photos"),
			UseSSL:    os.Getenv("MINIO_USE_SSL") == "true" || os.Getenv("MINIO_USE_SSL") == "1",
		},
	}
	if v := os.Getenv("HANDINHAND_DEMO"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("HANDINHAND_DEMO=%q: use 1 or 0", v)
		}
		c.Demo = b
	}
	alg, err := protect.ParseAlgorithm(os.Getenv("HANDINHAND_PROTECT_ALGORITHM"))
	if err != nil {
		return c, fmt.Errorf("HANDINHAND_PROTECT_ALGORITHM: %w", err)
	}
	c.Algorithm = alg
	if v := os.Getenv("HANDINHAND_INTROSPECTION"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("HANDINHAND_INTROSPECTION=%q: use 1 or 0", v)
		}
		c.Introspection = b
	}
	if v := os.Getenv("HANDINHAND_ROBOTS_TXT"); v != "" {
		b, err := os.ReadFile(v)
		if err != nil {
			return c, fmt.Errorf("HANDINHAND_ROBOTS_TXT: %w", err)
		}
		c.RobotsTxt = string(b)
	}
	if v := os.Getenv("HANDINHAND_STATS_POLL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 100*time.Millisecond {
			return c, fmt.Errorf("HANDINHAND_STATS_POLL=%q: use a duration of at least 100ms, such as 2s", v)
		}
		c.StatsPoll = d
	}
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (HANDINHAND_ADDR)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data directory of the embedded store (HANDINHAND_DATA)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "load the demo region into an empty store (HANDINHAND_DEMO)")
	fs.StringVar(&c.MongoURI, "mongodb-uri", c.MongoURI, "MongoDB URI; empty for the embedded store (MONGODB_URI)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// defaultMemoryLimit is the Go heap's soft limit unless GOMEMLIMIT sets another.
const defaultMemoryLimit = 768 << 20

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	slog.SetDefault(log)
	if os.Getenv("GOMEMLIMIT") == "" {
		// The collector works harder as the heap nears this, rather than letting it grow
		// to twice what is live: large photos decoded at once stay within a small server.
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	args := os.Args[1:]
	if len(args) > 0 && (args[0] == "verify-access-log" || args[0] == "rewrap-master-key") {
		// server verify-access-log; server rewrap-master-key NEW-KEY-FILE (the old key
		// in HANDINHAND_MASTER_KEY_FILE), with the server's configuration.
		cfg, err := configFromEnv(nil)
		if err != nil {
			log.Error("bad configuration", "err", err)
			os.Exit(2)
		}
		os.Exit(protectCommand(context.Background(), cfg, os.Stdout, args))
	}
	if len(args) > 0 && (args[0] == "backup" || args[0] == "restore") {
		// server backup FILE / server restore FILE, with the server's configuration.
		if len(args) != 2 {
			fmt.Fprintf(os.Stderr, "usage: server %s FILE\n", args[0])
			os.Exit(2)
		}
		cfg, err := configFromEnv(nil)
		if err != nil {
			log.Error("bad configuration", "err", err)
			os.Exit(2)
		}
		if err := archive(context.Background(), cfg, log, args[0], args[1]); err != nil {
			log.Error(args[0]+" failed", "err", err)
			os.Exit(1)
		}
		return
	}
	cfg, err := configFromEnv(args)
	if err != nil {
		log.Error("bad configuration", "err", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, cfg, log, nil); err != nil {
		log.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

// run starts the server and blocks until ctx ends, then drains requests and closes the
// store. ready, if not nil, receives the listening address once requests are served.
func run(ctx context.Context, cfg Config, log *slog.Logger, ready chan<- string) error {
	unlock, err := lockDataDir(cfg)
	if err != nil {
		return err
	}
	defer unlock()
	// Opening has no deadline of its own: upgrading an embedded file from an earlier
	// release may take minutes at a city's size, and MongoDB's driver bounds its own wait
	// for a server.
	store, err := storage.Open(ctx, storage.Config{MongoURI: cfg.MongoURI, Database: cfg.MongoDatabase, DataDir: cfg.DataDir, Logger: log})
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	startCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if store.Kind() == "sqlite" {
		log.Info("using the embedded SQLite store", "file", filepath.Join(cfg.DataDir, storage.SQLiteFile))
	} else {
		log.Info("using MongoDB", "database", cfg.MongoDatabase)
	}
	a := app.New(store, log)
	if a.Keys, err = openKeys(startCtx, store, cfg, log); err != nil {
		return err
	}
	if err := httpapi.SetupPhotos(startCtx, a, httpapi.PhotoConfig{MinIO: cfg.MinIO, DataDir: cfg.DataDir}); err != nil {
		return fmt.Errorf("photo store: %w", err)
	}
	if cfg.MinIO.Endpoint != "" {
		log.Info("photos in MinIO", "endpoint", cfg.MinIO.Endpoint, "bucket", cfg.MinIO.Bucket)
	} else {
		log.Info("photos on local disk", "dir", cfg.DataDir+"/photos")
	}
	// Loading the demo has no deadline either: on a slow database (or MongoDB's stand-in)
	// it takes minutes, and it says so as it goes rather than give up.
	if err := bootstrap(ctx, a, cfg, log); err != nil {
		return err
	}
	go httpapi.SweepPhotoUploads(ctx, a, log, 5*time.Minute)
	if err := startStats(ctx, a, log, cfg.StatsPoll); err != nil {
		return fmt.Errorf("statistics index: %w", err)
	}

	srv := &http.Server{
		Addr: cfg.Addr,
		Handler: httpapi.NewHandler(a, log, httpapi.Options{Introspection: cfg.Introspection || cfg.Demo, CORSOrigins: cfg.CORSOrigins, MetricsToken: cfg.MetricsToken,
			RobotsTxt: cfg.RobotsTxt}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", ln.Addr().String())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests", "timeout", cfg.DrainTimeout.String())
	drainCtx, cancelDrain := context.WithTimeout(context.Background(), cfg.DrainTimeout)
	defer cancelDrain()
	if err := srv.Shutdown(drainCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		// The drain time is up: what still runs is cut off (its clients see the connection
		// close and retry), and the server stops as it said it would.
		log.Warn("requests still running when the drain time ran out were cut off", "timeout", cfg.DrainTimeout.String())
		_ = srv.Close()
	}
	log.Info("stopped")
	return nil
}

// startStats loads the statistics index and keeps it following the store.
func startStats(ctx context.Context, a *app.App, log *slog.Logger, poll time.Duration) error {
	live, rep, err := stats.Open(ctx, a.Store, log)
	if err != nil {
		return err
	}
	a.Index = live.Index
	log.Info("statistics index loaded", "sessions", rep.Size.Sessions, "attendances", rep.Size.Attendances,
		"photos", rep.Size.Photos, "took", rep.Took.Round(time.Millisecond).String(), "heapMB", fmt.Sprintf("%.1f", float64(rep.HeapUsed)/(1<<20)))
	if poll > 0 {
		go live.Follow(ctx, poll)
	}
	return nil
}

// bootstrap fills an empty store: the demo region in demo mode, or a first admin when
// HANDINHAND_ADMIN_PASSWORD is set. Outside demo mode no default password exists.
func bootstrap(ctx context.Context, a *app.App, cfg Config, log *slog.Logger) error {
	n, err := a.Store.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	switch {
	case cfg.Demo:
		start := time.Now()
		log.Info("loading the demo region")
		done := make(chan struct{})
		defer close(done)
		go func() {
			tick := time.NewTicker(15 * time.Second)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
					log.Info("still loading the demo region: the database is answering slowly", "elapsed", time.Since(start).Round(time.Second).String())
				}
			}
		}()
		// One transaction: the demo region is stored whole or not at all, and at once.
		var sum demo.Summary
		err := a.Store.Tx(ctx, func(ctx context.Context) error {
			var err error
			sum, err = demo.Load(ctx, a)
			return err
		})
		if err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
		log.Info("loaded the demo region", "kindergartens", sum.Kindergartens, "pairings", sum.Pairings,
			"sessions", sum.Sessions, "trainingEvents", sum.TrainingEvents, "children", sum.Children, "took", time.Since(start).String(),
			"users", "admin, bureau, city, teacher, supporter, partner (password: "+demo.Password+")")
	case cfg.AdminPassword != "":
		if _, err := a.CreateFirstAdmin(ctx, "admin", cfg.AdminPassword); err != nil {
			return fmt.Errorf("create the first admin: %w", err)
		}
		log.Info("created the first admin user", "username", "admin")
	default:
		log.Warn("the store has no users: start once with HANDINHAND_ADMIN_PASSWORD set to create user admin, or with --demo")
	}
	return nil
}

// lockDataDir makes sure only one server (or backup, or restore) uses an embedded data
// directory at a time: a second one is refused with the reason, not let loose on the
// same files. MongoDB installations need no lock (many servers share one database).
func lockDataDir(cfg Config) (func(), error) {
	if cfg.MongoURI != "" {
		return func() {}, nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	path := filepath.Join(cfg.DataDir, "handinhand.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("the data directory %s is in use by another server, backup or restore (it holds %s); stop that one first", cfg.DataDir, path)
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
