package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/app/apptest"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/httpapi"
)

// demoEnv is one server on a real store with the demo region loaded, shared by the tests
// of this package: loading the demo takes several seconds. Tests that change records
// make their own with fresh ids, so they do not disturb each other.
type demoEnv struct {
	URL string
	App *app.App
	mu  sync.Mutex
	tok map[string]string
}

var (
	sharedOnce sync.Once
	shared     *demoEnv
	sharedErr  error
)

func testLogger() *slog.Logger { return apptest.Logger() }

// demoServer returns the shared demo server, starting it on first use.
func demoServer(t *testing.T) *demoEnv {
	t.Helper()
	sharedOnce.Do(func() {
		a := apptest.DemoApp(t)
		if sharedErr = startStats(context.Background(), a, testLogger(), 0); sharedErr != nil {
			return
		}
		srv := httptest.NewServer(httpapi.NewHandler(a, testLogger(), httpapi.Options{Introspection: true, MetricsToken: testMetricsToken}))
		shared = &demoEnv{URL: srv.URL, App: a, tok: map[string]string{}}
	})
	if sharedErr != nil {
		t.Fatalf("demo server: %v", sharedErr)
	}
	return shared
}

// gqlResponse is a GraphQL response as a client sees it.
type gqlResponse struct {
	Status int
	Data   map[string]any
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	}
}

// Code is the extensions.code of the first error, "" when there is none.
func (r *gqlResponse) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Field returns extensions.field of the first error.
func (r *gqlResponse) Field() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["field"].(string)
	return c
}

// do posts a GraphQL request with an optional bearer token.
func (e *demoEnv) do(t *testing.T, token, query string, vars map[string]any) *gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /graphql: %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := &gqlResponse{Status: res.StatusCode}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("response is not JSON (%d): %s", res.StatusCode, raw)
	}
	return out
}

// as runs a request as a demo user ("" for anonymous) and fails on any error.
func (e *demoEnv) as(t *testing.T, user, query string, vars map[string]any) map[string]any {
	t.Helper()
	r := e.do(t, e.token(t, user), query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("%s: %s", user, r.Errors[0].Message)
	}
	return r.Data
}

// try runs a request as a demo user and returns the whole response.
func (e *demoEnv) try(t *testing.T, user, query string, vars map[string]any) *gqlResponse {
	t.Helper()
	return e.do(t, e.token(t, user), query, vars)
}

// token logs a demo user in once and remembers the token.
func (e *demoEnv) token(t *testing.T, user string) string {
	t.Helper()
	if user == "" {
		return ""
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if tok, ok := e.tok[user]; ok {
		return tok
	}
	tok := login(t, e, user, demo.Password)
	e.tok[user] = tok
	return tok
}

func login(t *testing.T, e *demoEnv, user, password string) string {
	t.Helper()
	r := e.do(t, "", `mutation($u:String!,$p:String!){ login(username:$u,password:$p){ token } }`, map[string]any{"u": user, "p": password})
	if len(r.Errors) > 0 {
		t.Fatalf("login %s: %s", user, r.Errors[0].Message)
	}
	return r.Data["login"].(map[string]any)["token"].(string)
}

// get walks a decoded JSON value: get(data, "a", "b", 0, "c").
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func newID() string { return uuid.NewString() }

// daysAgo is a date n days before today: inside the demo pairings' period (which runs
// from the September before last), and never in the future.
func daysAgo(n int) string { return string(domain.DateOf(domain.Now()).AddDays(-n)) }

func str(v any) string { return fmt.Sprint(v) }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// tryDo is do for requests that may fail at the transport (a server going down).
func tryDo(e *demoEnv, token, query string, vars map[string]any) (*gqlResponse, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	out := &gqlResponse{Status: res.StatusCode}
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, err
	}
	return out, nil
}
