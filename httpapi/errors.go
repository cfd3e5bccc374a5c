package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/graph"
)

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
