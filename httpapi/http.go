// Package httpapi is the HTTP face of the API: the GraphQL endpoint with its limits,
// authentication, error codes and security headers, signed photo serving, and downloads.
package httpapi

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/graph"
	"github.com/handinhand/handinhand/graph/generated"
	"github.com/handinhand/handinhand/policy"
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

// metricsAuth serves the metrics only to a scraper that sends the configured token.
func metricsAuth(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" {
			http.NotFound(w, r)
			return
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "the metrics need the token set in HANDINHAND_METRICS_TOKEN", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
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

// newGraphQL builds the GraphQL executor: POST and GET transports, the error
// presenter that gives every error an extensions.code, and panic recovery.
func newGraphQL(a *app.App, log *slog.Logger, m *metrics, introspection bool) http.Handler {
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{App: a}, Complexity: graph.Complexity()}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if introspection {
		srv.Use(extension.Introspection{})
	}
	// The PWA may send a query's hash instead of its text.
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	// After the persisted query is looked up, before anything parses the text in full.
	srv.Use(documentLimits{})
	srv.SetParserTokenLimit(maxTokens)
	srv.Use(extension.FixedComplexityLimit(maxComplexity))
	// Outside demo mode, "did you mean …" would tell what introspection does not.
	srv.SetDisableSuggestion(!introspection)
	srv.SetErrorPresenter(func(ctx context.Context, err error) *gqlerror.Error {
		return presentError(ctx, err, log)
	})
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		log.Error("panic in resolver", "panic", v, "path", graphql.GetPath(ctx).String())
		return &domain.Error{Code: domain.CodeInternal, Message: "internal error"}
	})
	// Every mutation runs as it declares beside its code in app/ (app.Operation): in the
	// store's shared write transaction with its audit entry, both stored or neither; or,
	// when it does slow work, outside it with its entry written after; or unrecorded.
	srv.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		if p := graph.Principal(ctx); p != nil && p.MustChangePassword && fc != nil && !answeredWhilePasswordGivenOut(fc) {
			return nil, errPasswordChange
		}
		if fc == nil || fc.Object != "Mutation" {
			return next(ctx)
		}
		op, declared := app.OperationOf(fc.Field.Name)
		if !declared || op.Writes == 0 {
			log.Error("a mutation declares nothing in app/: refused", "operation", fc.Field.Name)
			return nil, &domain.Error{Code: domain.CodeInternal, Message: "internal error"}
		}
		if op.Writes == app.Unrecorded {
			return next(ctx)
		}
		record := func(ctx context.Context, res any) error {
			return a.RecordMutation(context.WithoutCancel(ctx), graph.Principal(ctx), fc.Field.Name, fc.Args, res)
		}
		if op.Writes == app.OutsideTransaction {
			res, err := next(ctx)
			if err == nil {
				if aerr := record(ctx, res); aerr != nil {
					log.Error("writing the audit log failed", "operation", fc.Field.Name, "err", aerr)
				}
			}
			return res, err
		}
		var res any
		err := a.Store.Tx(ctx, func(ctx context.Context) error {
			var err error
			if res, err = next(ctx); err != nil {
				return err
			}
			return record(ctx, res)
		})
		if err != nil {
			return nil, err
		}
		return res, nil
	})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		m.operations.WithLabelValues(operationLabel(graphql.GetOperationContext(ctx).Operation)).Inc()
		return next(ctx)
	})
	if !introspection {
		return limitBody(srv) // GraphiQL cannot work without reading the schema
	}
	return limitBody(browserGraphiQL(srv, introspection))
}

// answeredWhilePasswordGivenOut decides each field of a request by a user whose password
// was given out: the root fields that declare so in app/ (who they are, the change itself,
// signing in and out), everything beneath those but me (the caller's own new session), the
// schema, and me's own scalar fields — not its kindergarten, teacher record or region, nor
// anything beneath them.
func answeredWhilePasswordGivenOut(fc *graphql.FieldContext) bool {
	if strings.HasPrefix(fc.Object, "__") || strings.HasPrefix(fc.Field.Name, "__") {
		return true
	}
	root, depth := fc, 0
	for c := fc.Parent; c != nil; c = c.Parent {
		if c.Field.Field != nil { // not the context of a list's element
			root, depth = c, depth+1
		}
	}
	if op, _ := app.OperationOf(root.Field.Name); !op.WhilePasswordGivenOut {
		return false
	}
	if depth == 0 || root.Field.Name != "me" {
		return true
	}
	return depth == 1 && len(fc.Field.Selections) == 0
}

var errPasswordChange = &domain.Error{Code: domain.CodePasswordChangeRequired,
	Message: "choose your own password first: the one you signed in with was given out by an admin (changePassword)"}

// limitBody refuses request bodies over maxBody with 413 and a coded error.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBody {
			writeGraphQLError(w, r, http.StatusRequestEntityTooLarge, domain.Invalid("body", "the request is larger than 1 MB"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		next.ServeHTTP(w, r)
	})
}

// browserGraphiQL sends a person opening /graphql in a browser to GraphiQL, where
// introspection is on (the demo).
func browserGraphiQL(api http.Handler, introspection bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if introspection && r.Method == http.MethodGet && r.URL.Query().Get("query") == "" && strings.Contains(r.Header.Get("Accept"), "text/html") {
			http.Redirect(w, r, "/graphiql", http.StatusFound)
			return
		}
		api.ServeHTTP(w, r)
	})
}

// prefersChinese reads an Accept-Language header: true when its first language is Chinese.
func prefersChinese(h string) bool {
	first, _, _ := strings.Cut(h, ",")
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(first)), "zh")
}

// presentError gives every error a code a client can act on. Domain errors keep theirs;
// GraphQL syntax and validation errors are BAD_USER_INPUT; anything else is logged
// and shown only as INTERNAL.
func presentError(ctx context.Context, err error, log *slog.Logger) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	var de *domain.Error
	if errors.As(err, &de) {
		gerr.Message = de.Error()
		gerr.Extensions = map[string]any{"code": string(de.Code)}
		if de.Field != "" {
			gerr.Extensions["field"] = de.Field
		}
		if graph.PrefersChinese(ctx) {
			if zh := de.MessageZh(); zh != "" {
				gerr.Extensions["localizedMessage"] = zh
			}
		}
		if de.Code == domain.CodeInternal || de.Code == domain.CodeUnavailable {
			log.Error("request failed", "code", de.Code, "err", de.Err, "path", gerr.Path.String())
		}
		if de.Code == domain.CodeUnavailable {
			gerr.Extensions["retryable"] = true
		}
		return gerr
	}
	if code, ok := gerr.Extensions["code"].(string); ok {
		switch code {
		case string(domain.CodeTooComplex), "PERSISTED_QUERY_NOT_FOUND":
			// The persisted-query protocol's own code: the client sends the full query next.
			return gerr
		case "COMPLEXITY_LIMIT_EXCEEDED":
			gerr.Extensions["code"] = string(domain.CodeTooComplex)
			return gerr
		case "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED":
			gerr.Extensions["code"] = string(domain.CodeBadUserInput)
			gerr.Extensions["reason"] = code
			return gerr
		}
	}
	// What any client can cause: answered with a code it can act on, logged at most as
	// information (an anonymous client could otherwise flood the error log).
	switch {
	case strings.Contains(gerr.Message, "introspection disabled"):
		log.Info("introspection refused", "path", gerr.Path.String())
		return &gqlerror.Error{Message: "this server does not describe its schema (introspection is off)", Path: gerr.Path,
			Extensions: map[string]any{"code": string(domain.CodeForbidden)}}
	case strings.Contains(gerr.Message, "APQ"):
		log.Info("persisted query refused", "err", gerr.Message)
		return &gqlerror.Error{Message: "the persisted query is not valid: " + gerr.Message,
			Extensions: map[string]any{"code": string(domain.CodeBadUserInput)}}
	}
	if strings.Contains(gerr.Message, "request body too large") || strings.Contains(gerr.Message, "could not be decoded") {
		gerr.Extensions = map[string]any{"code": string(domain.CodeBadUserInput)}
		return gerr
	}
	if gerr.Path == nil && gerr.Rule != "" {
		gerr.Extensions = map[string]any{"code": string(domain.CodeBadUserInput)}
		return gerr
	}
	log.Error("unexpected error", "err", err, "path", gerr.Path.String())
	return &gqlerror.Error{Message: "internal error", Path: gerr.Path, Extensions: map[string]any{"code": string(domain.CodeInternal)}}
}

// withAuth resolves the bearer token to a principal. No token is an anonymous request
// (which may only log in); a bad token is refused with 401 before any work is done.
func withAuth(a *app.App, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.Store.Available() {
			// Every request needs the document store; while its heartbeats fail, say so
			// at once rather than let each request wait for a timeout.
			w.Header().Set("Retry-After", "2")
			writeGraphQLError(w, r, http.StatusServiceUnavailable, &domain.Error{Code: domain.CodeUnavailable,
				Message: "the database is not reachable right now; your data is safe — try again shortly"})
			return
		}
		token := ""
		if h := r.Header.Get("Authorization"); h != "" {
			t, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				writeGraphQLError(w, r, http.StatusUnauthorized, domain.Unauthenticated)
				return
			}
			token = strings.TrimSpace(t)
		}
		var p *policy.Principal
		if token != "" {
			var err error
			p, err = a.Authenticate(r.Context(), token)
			if err != nil {
				status := http.StatusUnauthorized
				if domain.CodeOf(err) != domain.CodeUnauthenticated {
					status = http.StatusServiceUnavailable
					log.Error("authentication failed", "err", err)
				}
				writeGraphQLError(w, r, status, err)
				return
			}
		}
		if p != nil && p.MustChangePassword && r.URL.Path != "/graphql" {
			// Downloads and imports wait too, until the user has chosen their own password.
			writeGraphQLError(w, r, http.StatusForbidden, errPasswordChange)
			return
		}
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		ctx := graph.WithClientAddr(graph.WithPrincipal(r.Context(), a, p, token), host)
		ctx = graph.WithChinese(ctx, prefersChinese(r.Header.Get("Accept-Language")))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// writeGraphQLError answers a request outside GraphQL's own handling (a file, a refused
// request) in GraphQL's error shape, with the reason in Chinese when the request asked
// in Chinese.
func writeGraphQLError(w http.ResponseWriter, r *http.Request, status int, err error) {
	var de *domain.Error
	if !errors.As(err, &de) {
		de = &domain.Error{Code: domain.CodeInternal, Message: "internal error"}
	}
	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="handinhand"`)
	}
	w.WriteHeader(status)
	ext := map[string]any{"code": de.Code}
	if de.Field != "" {
		ext["field"] = de.Field
	}
	if de.Code == domain.CodeUnavailable || de.Code == domain.CodeRateLimited {
		ext["retryable"] = true
	}
	if zh := de.MessageZh(); zh != "" && prefersChinese(r.Header.Get("Accept-Language")) {
		ext["localizedMessage"] = zh
	}
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []any{map[string]any{"message": de.Message, "extensions": ext}},
	})
}

// withDeadline ends a GraphQL request's work after d (default 30 s); resolvers see the
// cancelled context and the client gets an error instead of waiting on.
func withDeadline(next http.Handler, d time.Duration) http.Handler {
	if d <= 0 {
		d = 30 * time.Second
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// graphiQLPage is GraphiQL, for people trying the API where introspection is on (the
// demo). Its scripts and styles are the server's own (GraphiQL's and React's npm
// packages, built into the app's files): nothing comes from another origin, and no
// script is inline.
func graphiQLPage() http.Handler {
	const page = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>手拉手 Hand in Hand — GraphQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">GraphiQL …</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script src="/graphiql/start.js"></script>
</body>
</html>
`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", graphiQLPolicy)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = io.WriteString(w, page)
	})
}

// graphiQLPolicy lets GraphiQL's page load the server's own scripts and styles (its
// styles set inline ones too, and its fonts are data: URLs) and call the API.
const graphiQLPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src data:; " +
	"img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// graphiQLFiles serves GraphiQL's scripts and styles from the app's built files.
func graphiQLFiles(static *staticFiles) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := "graphiql/" + r.PathValue("file")
		if !static.has(p) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", graphiQLPolicy)
		w.Header().Set("Cache-Control", "no-cache")
		static.serve(w, r, p)
	})
}

// DisallowAll is /robots.txt unless another is configured: the app holds nothing for a
// search engine, and its sign-in page should not be listed.
const DisallowAll = "User-agent: *\nDisallow: /\n"

// robotsTxt answers /robots.txt with text ("" is DisallowAll).
func robotsTxt(text string) http.Handler {
	if text == "" {
		text = DisallowAll
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		_, _ = io.WriteString(w, text)
	})
}

// photoOrigin is the origin photos are uploaded to when it is not the server's own ("").
func photoOrigin(a *app.App) string {
	if o, ok := a.Photos.(interface{ Origin() string }); ok {
		return o.Origin()
	}
	return ""
}

// securityHeaders are sent with every response.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if r.URL.Path != "/graphql" && r.URL.Path != "/graphiql" && !strings.HasPrefix(r.URL.Path, app.PhotoPath) {
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'") // the app's pages set their own
		}
		next.ServeHTTP(w, r)
	})
}

// operationLabel names an operation for the metrics by its kind and first root field
// ("query:teachingSessions"), which the schema bounds, never by the name the client
// chose: unique names would grow the metrics without end.
func operationLabel(op *ast.OperationDefinition) string {
	if op == nil {
		return "none"
	}
	kind := string(op.Operation)
	for _, sel := range op.SelectionSet {
		if f, ok := sel.(*ast.Field); ok && f.Definition != nil {
			return kind + ":" + f.Name
		}
	}
	return kind + ":other"
}

type metrics struct {
	requests   *prometheus.HistogramVec
	operations *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "handinhand_http_request_duration_seconds", Help: "HTTP requests by route and status.",
		}, []string{"route", "status"}),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handinhand_graphql_operations_total", Help: "GraphQL operations by kind and first root field.",
		}, []string{"operation"}),
	}
	reg.MustRegister(m.requests, m.operations)
	return m
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		route := r.URL.Path
		switch route {
		case "/graphql", "/graphiql", "/healthz", "/readyz", "/metrics", "/":
		default:
			route = "other"
		}
		m.requests.WithLabelValues(route, http.StatusText(sw.status)).Observe(time.Since(start).Seconds())
	})
}
