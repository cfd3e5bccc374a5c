package httpapi

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/ast"
)

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
