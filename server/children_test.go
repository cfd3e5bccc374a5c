package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/demo"
)

// Through the API: the partner's admin enrols a child and reads its protected fields back;
// the audit log holds the mutation without them; each answer carrying them is in the access
// log; the child is a node for its kindergarten and nobody else.
func TestTheRosterThroughTheAPI(t *testing.T) {
	e := demoServer(t)
	ctx := context.Background()
	in := childVars(demo.PartnerKindergarten)
	before, _, _ := e.App.Store.VerifyAccess(ctx)
	r := e.try(t, "partner", `mutation($in: ChildInput!){ saveChild(input:$in){ id name sex className idNumber address guardians { phone } kindergarten { id } } }`,
		map[string]any{"in": in})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	c := get(r.Data, "saveChild")
	if get(c, "idNumber") != in["idNumber"] || get(c, "guardians", 0, "phone") != "13900001111" || get(c, "sex") != "FEMALE" {
		t.Errorf("saved: %v", c)
	}
	id := get(c, "id").(string)
	q := `query($id:ID!){ node(id:$id){ ... on Child { id name idNumber categories guardians { name } } } }`
	if d := e.as(t, "partner", q, map[string]any{"id": id}); get(d, "node", "idNumber") != in["idNumber"] {
		t.Errorf("the partner reads %v", d)
	}
	for _, user := range []string{"supporter", "teacher", "bureau", "admin"} {
		if d := e.try(t, user, q, map[string]any{"id": id}); get(d.Data, "node") != nil {
			t.Errorf("%s reads the partner's child: %v", user, d.Data)
		}
	}
	// Two answers carried the protected fields: two access entries, one saying it was the save.
	after, problems, err := e.App.Store.VerifyAccess(ctx)
	if err != nil || len(problems) > 0 || after-before != 2 {
		t.Errorf("the access log: %d new entries, problems %v, %v", after-before, problems, err)
	}
	// The audit log holds the mutation, never the protected fields.
	d := e.as(t, "admin", `query($id:ID!){ auditLog(filter:{recordId:$id}){ edges { node { operation input } } } }`, map[string]any{"id": id})
	raw, _ := json.Marshal(d)
	if !strings.Contains(string(raw), "saveChild") || strings.Contains(string(raw), in["idNumber"].(string)) || strings.Contains(string(raw), "13900001111") {
		t.Errorf("the audit log: %s", raw)
	}
}
