package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
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

// A bureau reads a child's protected fields only after stating why: the reason opens that
// one child for two hours, shows in the kindergarten's access log, and then lapses.
func TestABureauOpensAChildByStatingWhyForTwoHours(t *testing.T) {
	e := demoServer(t)
	// A child of its own: the access matrix opens the demo's children to the bureau.
	child := childVars(demo.PartnerKindergarten)
	e.as(t, "partner", `mutation($in: ChildInput!){ saveChild(input:$in){ id } }`, map[string]any{"in": child})
	id := child["id"].(string)
	q := `query($id:ID!){ node(id:$id){ ... on Child { id idNumber guardians { phone } } } }`
	vars := map[string]any{"id": id}
	if d := e.try(t, "bureau", q, vars); get(d.Data, "node") != nil {
		t.Fatalf("the bureau reads the child before stating why: %v", d.Data)
	}
	open := `mutation($c:ID!, $r:String!){ openChildRecord(childId:$c, reason:$r){ id idNumber } }`
	if r := e.try(t, "bureau", open, map[string]any{"c": id, "r": "查"}); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("a reason of one character: %v", r.Errors)
	}
	reason := "核实学前资助申请：家访记录与名册不符"
	r := e.try(t, "bureau", open, map[string]any{"c": id, "r": reason})
	if len(r.Errors) > 0 || get(r.Data, "openChildRecord", "idNumber") == nil {
		t.Fatalf("opening with a reason: %+v", r)
	}
	if d := e.as(t, "bureau", q, vars); get(d, "node", "idNumber") == nil {
		t.Errorf("within the two hours the bureau reads %v", d)
	}
	// The kindergarten's admins see who opened it and why.
	log := e.as(t, "partner", `query($c:ID!){ accessLog(filter:{childId:$c}){ edges { node { reason opens role user { id } child { id } } } } }`,
		map[string]any{"c": id})
	found := false
	for _, x := range get(log, "accessLog", "edges").([]any) {
		if get(x, "node", "reason") == reason && get(x, "node", "opens") == true && get(x, "node", "role") == "BUREAU" {
			found = true
		}
	}
	if !found {
		t.Errorf("the partner's access log: %v", log)
	}
	// Two hours and a minute later the record is closed again.
	now := domain.Now
	domain.Now = func() time.Time { return now().Add(domain.OpenFor + time.Minute) }
	defer func() { domain.Now = now }()
	if d := e.try(t, "bureau", q, vars); get(d.Data, "node") != nil {
		t.Errorf("after two hours the bureau reads %v", d.Data)
	}
}
