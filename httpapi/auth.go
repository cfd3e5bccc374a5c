package httpapi

import (
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/graph"
	"github.com/handinhand/handinhand/policy"
)

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
