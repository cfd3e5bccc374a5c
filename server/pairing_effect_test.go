package main

import (
	"testing"

	"github.com/handinhand/handinhand/demo"
)

// A kindergarten admin's pairing with a kindergarten of another county waits as a draft:
// it cannot be made active by that admin, opens nothing of the other kindergarten, and
// is activated only by a bureau whose region covers both (the city), not by the county.
func TestAKindergartensPairingWaitsForTheBureauThatCoversBothSides(t *testing.T) {
	e := demoServer(t)
	in := map[string]any{"id": newID(), "name": "跨县结对", "supportingKindergartenId": demo.TeacherKindergarten,
		"partnerKindergartenIds": []string{demo.OtherCountyKindergarten}, "start": "2026-09-01", "end": "2027-07-15", "status": "ACTIVE"}
	create := `mutation($in: PairingInput!){ createPairing(input:$in){ id status } }`
	if r := e.try(t, "supporter", create, map[string]any{"in": in}); r.Code() != "FORBIDDEN" {
		t.Fatalf("a kindergarten admin made an active pairing: %s %v", r.Code(), r.Data)
	}
	in["status"] = "DRAFT"
	if r := e.try(t, "supporter", create, map[string]any{"in": in}); r.Code() != "" {
		t.Fatalf("a draft: %s %v", r.Code(), r.Errors)
	}
	// The draft opens nothing: the other county's kindergarten stays hidden.
	seen := `query($id:ID!){ node(id:$id){ id } }`
	if r := e.try(t, "supporter", seen, map[string]any{"id": demo.OtherCountyKindergarten}); r.Code() == "" && get(r.Data, "node") != nil {
		t.Fatalf("a draft pairing showed the other county's kindergarten: %v", r.Data)
	}
	update := `mutation($id:ID!, $in: PairingInput!){ updatePairing(id:$id, input:$in){ id status } }`
	in["status"] = "ACTIVE"
	vars := map[string]any{"id": in["id"], "in": in}
	for _, who := range []string{"supporter", "bureau"} {
		if r := e.try(t, who, update, vars); r.Code() != "FORBIDDEN" {
			t.Fatalf("%s activated a pairing across counties: %s %v", who, r.Code(), r.Data)
		}
	}
	if r := e.try(t, "city", update, vars); r.Code() != "" || get(r.Data, "updatePairing", "status") != "ACTIVE" {
		t.Fatalf("the city bureau could not activate it: %s %v", r.Code(), r.Errors)
	}
	// The supporting admin still edits the plan of a pairing in effect.
	in["goals"] = "提升保教质量"
	if r := e.try(t, "supporter", update, vars); r.Code() != "" {
		t.Fatalf("editing the plan of an active pairing: %s %v", r.Code(), r.Errors)
	}
}
