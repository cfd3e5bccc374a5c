// Package httpapi is the HTTP face of the API: the GraphQL endpoint with its limits,
// authentication, error codes and security headers, signed photo serving, and downloads.
package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/pwa"
	"github.com/handinhand/handinhand/storage"
)

// maxBody is the largest request body accepted: GraphQL documents and variables only,
// photos never pass through here.
const maxBody = 1 << 20

// Options are the switches of the HTTP layer.
type Options struct {
	// Introspection lets clients read the schema (GraphiQL needs it); off in production
	// unless enabled.
	Introspection bool
	// CORSOrigins may call the API from a browser; none by default.
	CORSOrigins []string
	// RequestTimeout bounds the execution of one GraphQL request.
	RequestTimeout time.Duration
	// MetricsToken, if set, is the bearer token /metrics asks for; without one /metrics
	// is not served.
	MetricsToken string
	// RobotsTxt is the text of /robots.txt; "" disallows every crawler.
	RobotsTxt string
}

// NewHandler wires every HTTP route of the server.
func NewHandler(a *app.App, log *slog.Logger, opts Options) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newMetrics(reg)

	static, err := loadStatic(pwa.Files())
	if err != nil {
		panic(fmt.Sprintf("the app's embedded files: %v", err)) // the build is broken
	}
	gql := withDeadline(newGraphQL(a, log, m, opts.Introspection), opts.RequestTimeout)
	mux := http.NewServeMux()
	mux.Handle("/graphql", withAuth(a, log, gql))
	mux.Handle("GET "+app.PhotoPath, photoHandler(a, log))
	if disk, ok := a.Photos.(*storage.DiskPhotos); ok {
		mux.Handle(storage.UploadPath, http.MaxBytesHandler(disk.UploadHandler(), a.PhotoLimits.MaxBytes+1))
	}
	fileRoutes(mux, a, log)
	if opts.Introspection {
		mux.Handle("GET /graphiql", graphiQLPage())
		mux.Handle("GET /graphiql/{file}", graphiQLFiles(static))
	}
	mux.Handle("GET /robots.txt", robotsTxt(opts.RobotsTxt))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := a.Store.Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("document store unreachable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", metricsAuth(opts.MetricsToken, promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	mux.Handle("/", appHandler(static, photoOrigin(a)))
	return securityHeaders(cors(opts.CORSOrigins, m.instrument(compressed(mux))))
}
