package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/httpapi"
)

func TestOversizedQueriesAreRefusedBeforeTheyRun(t *testing.T) {
	e := demoServer(t)
	deep := `{ pairings { edges { node { sessions { edges { node { pairing { sessions { edges { node { pairing { supportingKindergarten { teachers { edges { node { kindergarten { id } } } } } } } } } } } } } } } } }`
	var b strings.Builder
	b.WriteString("{ ")
	for i := range 40 {
		b.WriteString("m")
		b.WriteString(strings.Repeat("x", i+1))
		b.WriteString(": me { id } ")
	}
	b.WriteString("}")
	wide := `{ teachingSessions(first: 100) { edges { node { pairing { sessions(first: 100) { edges { node { teachers { name } } } } } } } } }`
	for name, q := range map[string]string{"deep": deep, "aliases": b.String(), "wide": wide} {
		r := e.try(t, "admin", q, nil)
		if r.Code() != "TOO_COMPLEX" || r.Data != nil && len(r.Data) > 0 {
			t.Errorf("%s: %s %v", name, r.Code(), r.Errors)
		}
	}
	// An ordinary screen's query passes.
	ok := `{ pairings(first: 20) { edges { node { name partnerKindergartens { name } sessions(first: 10) { edges { node { date hours teachers { name } } } } } } } }`
	if r := e.try(t, "teacher", ok, nil); len(r.Errors) > 0 {
		t.Fatalf("normal query refused: %v", r.Errors)
	}
}

// ownLoginLimits serves the demo store through an app of its own, so that its login
// limiter does not slow the other tests down.
func ownLoginLimits(t *testing.T) (*demoEnv, *app.App) {
	base := demoServer(t)
	a := app.New(base.App.Store, testLogger())
	a.Photos, a.Signer = base.App.Photos, base.App.Signer
	srv := httptest.NewServer(httpapi.NewHandler(a, testLogger(), httpapi.Options{}))
	t.Cleanup(srv.Close)
	return &demoEnv{URL: srv.URL, App: a, tok: map[string]string{}}, a
}

func TestRepeatedFailedLoginsMustWait(t *testing.T) {
	e, a := ownLoginLimits(t)
	attempt := func(user, pw string) string {
		return e.do(t, "", `mutation($u:String!,$p:String!){ login(username:$u, password:$p){ token } }`, map[string]any{"u": user, "p": pw}).Code()
	}
	for i := range 5 {
		if c := attempt("partner", "wrong-password-1"); c != "UNAUTHENTICATED" {
			t.Fatalf("attempt %d: %s", i+1, c)
		}
	}
	// Now even the right password waits, and an unknown user reads the same.
	if c := attempt("partner", "demo-password"); c != "RATE_LIMITED" {
		t.Fatalf("sixth attempt: %s", c)
	}
	for range 5 {
		attempt("no-such-user", "wrong-password-1")
	}
	if c := attempt("no-such-user", "wrong-password-1"); c != "RATE_LIMITED" {
		t.Fatalf("unknown user: %s", c)
	}
	// Other accounts are unaffected until the address itself has failed too often.
	if c := attempt("teacher", "demo-password"); c != "" {
		t.Fatalf("another account: %s", c)
	}
	for i := range 20 {
		attempt("guess-"+strings.Repeat("x", i+1), "wrong-password-1")
	}
	if c := attempt("teacher", "demo-password"); c != "RATE_LIMITED" {
		t.Fatalf("address over its limit: %s", c)
	}
	// Production default: no introspection.
	if r := e.do(t, "", `{ __schema { types { name } } }`, nil); r.Code() == "" {
		t.Fatal("introspection is on without being enabled")
	}
	// The account partner is held back, but its owner, from an address that has failed
	// nothing, gets in: five wrong guesses by someone else lock nobody out.
	ctx := context.Background()
	if _, err := a.Login(ctx, "partner", "wrong-password-1", "198.51.100.7"); domain.CodeOf(err) != domain.CodeRateLimited && domain.CodeOf(err) != domain.CodeUnauthenticated {
		t.Fatalf("a wrong password from a clean address: %v", err)
	}
	// That address has now failed: it waits like the others.
	if _, err := a.Login(ctx, "partner", "demo-password", "198.51.100.7"); domain.CodeOf(err) != domain.CodeRateLimited {
		t.Fatalf("the right password after a failure from that address: %v", err)
	}
	if _, err := a.Login(ctx, "partner", "demo-password", "203.0.113.9"); err != nil {
		t.Fatalf("the owner from a clean address: %v", err)
	}
}

// Thirty aliased logins in one request are one attempt: the first is checked, the rest
// refused unread, and the account is not held back by them.
func TestAliasedLoginsInOneRequestAreOneAttempt(t *testing.T) {
	e, _ := ownLoginLimits(t)
	var q strings.Builder
	q.WriteString("mutation {")
	for i := range 30 {
		fmt.Fprintf(&q, ` a%d: login(username:"supporter", password:"guess-%d"){ token }`, i, i)
	}
	q.WriteString(" }")
	r := e.do(t, "", q.String(), nil)
	if len(r.Errors) != 30 {
		t.Fatalf("%d errors: %+v", len(r.Errors), r.Errors)
	}
	codes := map[string]int{}
	for _, er := range r.Errors {
		c, _ := er.Extensions["code"].(string)
		codes[c]++
	}
	if codes["UNAUTHENTICATED"] != 1 || codes["BAD_USER_INPUT"] != 29 {
		t.Fatalf("codes %v", codes)
	}
	// One failure counted: the owner still logs in, from the same address, at once.
	login := `mutation{ login(username:"supporter", password:"demo-password"){ token } }`
	if r := e.do(t, "", login, nil); r.Code() != "" {
		t.Fatalf("the owner after one aliased request: %s", r.Code())
	}
}

// The outside probe's worst documents, sent anonymously over HTTP, each of which once
// pinned a core for seconds to minutes: each is refused as TOO_COMPLEX in well under a
// second, and the server answers an ordinary request at once meanwhile.
func TestHostileDocumentsAreRefusedAtOnceAndTheServerStaysResponsive(t *testing.T) {
	e := demoServer(t)
	fanOut := func(n int) string {
		var b strings.Builder
		b.WriteString("{...L0}")
		for i := range n {
			fmt.Fprintf(&b, " fragment L%d on Query{...L%d ...L%d}", i, i+1, i+1)
		}
		fmt.Fprintf(&b, " fragment L%d on Query{__typename}", n)
		return b.String()
	}
	docs := map[string]string{
		"fragment fan-out n=24": fanOut(24),
		"fragment fan-out n=30": fanOut(30),
		"16,000 × __typename":   "{" + strings.Repeat("__typename ", 16000) + "}",
		"150,000 × id in me":    "{me{" + strings.Repeat("id ", 150000) + "}}",
		"3,000 aliases":         "{" + aliasList(3000) + "}",
		"1,500 levels":          strings.Repeat("{me", 1500) + strings.Repeat("}", 1500),
	}
	var wg sync.WaitGroup
	for name, q := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			r, err := tryDo(e, "", q, nil)
			took := time.Since(start)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				return
			}
			if r.Code() != "TOO_COMPLEX" {
				t.Errorf("%s: %s %v, want TOO_COMPLEX", name, r.Code(), r.Errors)
			}
			if took > 500*time.Millisecond {
				t.Errorf("%s: refused after %s", name, took)
			}
			t.Logf("%s (%d bytes): %s in %s", name, len(q), r.Code(), took.Round(time.Microsecond))
		}()
	}
	start := time.Now()
	r, err := tryDo(e, "", `{__typename}`, nil)
	if err != nil || len(r.Errors) > 0 || time.Since(start) > time.Second {
		t.Errorf("an ordinary request meanwhile: %v %v after %s", err, r, time.Since(start))
	}
	wg.Wait()
}

func aliasList(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "a%d: __typename ", i)
	}
	return b.String()
}

// Outside demo mode the schema is not told, neither by introspection nor by "did you
// mean" suggestions; such refusals, and a persisted query that does not match its hash,
// carry client codes and never reach the error log.
func TestWithoutIntrospectionTheSchemaIsNotToldAndRefusalsAreNotErrors(t *testing.T) {
	base := demoServer(t)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv := httptest.NewServer(httpapi.NewHandler(base.App, log, httpapi.Options{}))
	defer srv.Close()
	e := &demoEnv{URL: srv.URL, App: base.App, tok: map[string]string{}}
	if r := e.do(t, "", `{ __schema { types { name } } }`, nil); r.Code() != "FORBIDDEN" {
		t.Errorf("introspection: %s %v", r.Code(), r.Errors)
	}
	r := e.do(t, "", `{ teachingSesions { totalCount } }`, nil)
	if r.Code() != "BAD_USER_INPUT" || len(r.Errors) == 0 || strings.Contains(r.Errors[0].Message, "Did you mean") {
		t.Errorf("a misspelt field: %s %v", r.Code(), r.Errors)
	}
	body := `{"query":"{ __typename }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + strings.Repeat("ab", 32) + `"}}}`
	res, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), "BAD_USER_INPUT") {
		t.Errorf("a persisted query that does not match its hash: %s", b)
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("client refusals were logged as errors:\n%s", logs.String())
	}
}
