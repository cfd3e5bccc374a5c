package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/httpapi"
)

func TestGraphQLOverHTTP(t *testing.T) {
	e := demoServer(t)
	tok := e.token(t, "teacher")
	get := func(query string, header map[string]string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, e.URL+"/graphql?query="+url.QueryEscape(query), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}

	res, body := get(`{ me { username } }`, nil)
	if res.StatusCode != 200 || !strings.Contains(body, `"username":"teacher"`) || !strings.Contains(res.Header.Get("Content-Type"), "json") {
		t.Fatalf("GET query: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	res, body = get(`mutation { logout }`, nil)
	if res.StatusCode < 400 || strings.Contains(body, `"logout":true`) {
		t.Fatalf("GET may not run mutations: %d %s", res.StatusCode, body)
	}
	res, body = get(`{ me { nosuchfield } }`, map[string]string{"Accept": "application/graphql-response+json"})
	if res.StatusCode != 400 || !strings.Contains(body, "BAD_USER_INPUT") {
		t.Fatalf("invalid query with graphql-response+json: %d %s", res.StatusCode, body)
	}

	// A person opening /graphql in a browser gets GraphiQL.
	req, _ := http.NewRequest(http.MethodGet, e.URL+"/graphql", nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || !strings.Contains(strings.ToLower(string(page)), "graphiql") {
		t.Fatalf("GraphiQL page: %d", r.StatusCode)
	}

	// A forged token is refused before anything runs.
	resp := e.do(t, "forged-token", `{ me { id } }`, nil)
	if resp.Status != 401 || resp.Code() != "UNAUTHENTICATED" {
		t.Fatalf("forged token: %d %s", resp.Status, resp.Code())
	}
	// Anonymous requests may only log in.
	resp = e.do(t, "", `{ pairings { totalCount } }`, nil)
	if resp.Code() != "UNAUTHENTICATED" {
		t.Fatalf("anonymous list: %s", resp.Code())
	}
	// Malformed JSON is a 400.
	bad, _ := http.Post(e.URL+"/graphql", "application/json", strings.NewReader(`{"query": `))
	if bad.StatusCode != 400 {
		t.Fatalf("malformed body: %d", bad.StatusCode)
	}
	bad.Body.Close()
}

const testMetricsToken = "metrics-token-for-tests"

func TestHealthReadinessAndMetrics(t *testing.T) {
	e := demoServer(t)
	get := func(path, token string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, e.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s lacks nosniff", path)
		}
		return res.StatusCode, string(b)
	}
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		if code, b := get(path, ""); code != 200 || !strings.Contains(b, want) {
			t.Errorf("%s: %d %.200s", path, code, b)
		}
	}
	// The metrics are for the operator's scraper, not for anyone.
	for _, tok := range []string{"", "wrong-token"} {
		if code, _ := get("/metrics", tok); code != http.StatusUnauthorized {
			t.Errorf("/metrics with token %q: %d, want 401", tok, code)
		}
	}
	code, before := get("/metrics", testMetricsToken)
	if code != 200 || !strings.Contains(before, "handinhand_http_request_duration_seconds") {
		t.Fatalf("/metrics with the token: %d %.200s", code, before)
	}
	// Operation names are the client's to choose: 1,000 unique ones add nothing.
	for i := range 1000 {
		e.do(t, "", fmt.Sprintf("query Probe%d { __typename }", i), nil)
	}
	_, after := get("/metrics", testMetricsToken)
	if strings.Contains(after, "Probe") || len(after) > len(before)+4096 {
		t.Fatalf("/metrics grew from %d to %d bytes after 1,000 operation names", len(before), len(after))
	}
	if !strings.Contains(after, `operation="query:__typename"`) {
		t.Errorf("operations are not counted by their root field:\n%.2000s", after)
	}
	t.Logf("/metrics: %d bytes before, %d after 1,000 unique operation names", len(before), len(after))
}

func TestLoginLogoutAndPasswordChange(t *testing.T) {
	e := demoServer(t)
	// Wrong password and unknown user read the same.
	a := e.do(t, "", `mutation { login(username:"teacher", password:"wrong-password-1") { token } }`, nil)
	b := e.do(t, "", `mutation { login(username:"nobody-here", password:"wrong-password-1") { token } }`, nil)
	if a.Code() != "UNAUTHENTICATED" || b.Code() != "UNAUTHENTICATED" || a.Errors[0].Message != b.Errors[0].Message {
		t.Fatalf("failed logins differ: %v / %v", a.Errors, b.Errors)
	}

	// A user of our own, so that changing its password disturbs no other test.
	name := "story-" + newID()[:8]
	e.as(t, "admin", `mutation($in: UserInput!){ createUser(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"username": name, "displayName": "测试老师", "password": "first-pass-123", "role": "TEACHER", "kindergartenId": demo.TeacherKindergarten, "mustChangePassword": false}})
	phone, laptop := login(t, e, name, "first-pass-123"), login(t, e, name, "first-pass-123")

	// Logging out ends that session only.
	if r := e.do(t, laptop, `mutation { logout }`, nil); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	if r := e.do(t, laptop, `{ me { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("token works after logout: %v", r.Code())
	}
	// Password rules are checked, and the current password is required.
	if r := e.do(t, phone, `mutation { changePassword(currentPassword:"first-pass-123", newPassword:"short") { token } }`, nil); r.Code() != "BAD_USER_INPUT" || r.Field() != "newPassword" {
		t.Fatalf("weak password: %v %v", r.Code(), r.Field())
	}
	if r := e.do(t, phone, `mutation { changePassword(currentPassword:"not-it-123", newPassword:"second-pass-456") { token } }`, nil); r.Code() != "BAD_USER_INPUT" {
		t.Fatalf("wrong current password: %v", r.Code())
	}
	r := e.do(t, phone, `mutation { changePassword(currentPassword:"first-pass-123", newPassword:"second-pass-456") { token } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	fresh := get(r.Data, "changePassword", "token").(string)
	// The change ends every older session; the new token works.
	if r := e.do(t, phone, `{ me { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("old token works after a password change: %v", r.Code())
	}
	if r := e.do(t, fresh, `{ me { username } }`, nil); get(r.Data, "me", "username") != name {
		t.Fatalf("new token: %+v", r)
	}
	if r := e.do(t, "", `mutation($u:String!){ login(username:$u, password:"first-pass-123") { token } }`, map[string]any{"u": name}); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("old password still logs in: %v", r.Code())
	}
}

func TestCrossOriginCallsOnlyFromConfiguredOrigins(t *testing.T) {
	base := demoServer(t)
	srv := httptest.NewServer(httpapi.NewHandler(base.App, testLogger(), httpapi.Options{CORSOrigins: []string{"https://app.example.cn"}}))
	defer srv.Close()
	for origin, allowed := range map[string]bool{"https://app.example.cn": true, "https://evil.example.com": false} {
		req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Access-Control-Allow-Origin") == origin; got != allowed {
			t.Errorf("%s: allowed=%v, want %v", origin, got, allowed)
		}
	}
}

func TestPersistedQueryByHash(t *testing.T) {
	e := demoServer(t)
	q := `{ me { username } }`
	sum := sha256.Sum256([]byte(q))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	post := func(body map[string]any) string {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(http.MethodPost, e.URL+"/graphql", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+e.token(t, "teacher"))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return string(out)
	}
	if r := post(map[string]any{"extensions": ext}); !strings.Contains(r, "PersistedQueryNotFound") {
		t.Fatalf("unknown hash: %s", r)
	}
	post(map[string]any{"query": q, "extensions": ext})
	if r := post(map[string]any{"extensions": ext}); !strings.Contains(r, `"username":"teacher"`) {
		t.Fatalf("by hash after registering: %s", r)
	}
}
