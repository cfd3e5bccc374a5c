package httpapi

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/graph/generated"
)

// Every mutation of the schema declares, beside its code in app/, how it writes; one
// that is recorded returns a result naming the record its audit entry is about. Adding a
// mutation without its declaration fails here (and the server refuses to run it).
func TestEveryMutationDeclaresHowItRuns(t *testing.T) {
	resolvers := reflect.TypeFor[generated.MutationResolver]()
	audited := reflect.TypeFor[domain.Audited]()
	if resolvers.NumMethod() < 40 {
		t.Fatalf("only %d mutations found", resolvers.NumMethod())
	}
	for i := range resolvers.NumMethod() {
		m := resolvers.Method(i)
		name := string(unicode.ToLower(rune(m.Name[0]))) + m.Name[1:]
		op, ok := app.OperationOf(name)
		if !ok || op.Writes == 0 {
			t.Errorf("mutation %s declares nothing in app/ (var _ = mutation(%q, app.InTransaction) beside its method)", name, name)
			continue
		}
		if op.Writes == app.Unrecorded {
			continue
		}
		if res := m.Type.Out(0); !res.Implements(audited) {
			t.Errorf("mutation %s returns %v, which does not name the record its audit entry is about (domain.Audited)", name, res)
		}
	}
	// Queries write nothing; a user with a given-out password is answered me only.
	var early []string
	for _, name := range []string{"me", "login", "logout", "changePassword", "pairings", "createUser", "teachingSessions"} {
		if op, _ := app.OperationOf(name); op.WhilePasswordGivenOut {
			early = append(early, name)
		}
	}
	if got := strings.Join(early, " "); got != "me login logout changePassword" {
		t.Errorf("answered while a password is given out: %s", got)
	}
}
