package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/graph"
	"github.com/handinhand/handinhand/graph/generated"
)

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
