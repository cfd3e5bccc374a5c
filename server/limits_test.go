package main

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/app"
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

func TestRepeatedFailedLoginsMustWait(t *testing.T) {
	base := demoServer(t)
	// An app of its own, so its limiter does not slow the other tests down.
	a := app.New(base.App.Store, testLogger())
	a.Photos, a.Signer = base.App.Photos, base.App.Signer
	srv := httptest.NewServer(httpapi.NewHandler(a, testLogger(), httpapi.Options{}))
	defer srv.Close()
	e := &demoEnv{URL: srv.URL, tok: map[string]string{}}
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
}
