package main

import (
	"strings"
	"testing"

	"github.com/handinhand/handinhand/demo"
)

func TestEveryChangeIsInTheAuditLog(t *testing.T) {
	e := demoServer(t)
	id := newID()
	e.as(t, "teacher", logSession, map[string]any{"in": lesson(id)})
	e.as(t, "partner", confirmSession, map[string]any{"id": id, "rating": 4})
	// A rejected change leaves no entry.
	e.try(t, "teacher", confirmSession, map[string]any{"id": id})

	q := `query($id:ID!){ auditLog(filter:{recordId:$id}){ totalCount edges { node { operation recordType user { username } input } } } }`
	log := e.as(t, "admin", q, map[string]any{"id": id})
	if get(log, "auditLog", "totalCount") != 2.0 {
		t.Fatalf("entries: %v", log)
	}
	newest, oldest := get(log, "auditLog", "edges", 0, "node"), get(log, "auditLog", "edges", 1, "node")
	if get(newest, "operation") != "confirmTeachingSession" || get(newest, "user", "username") != "partner" ||
		get(oldest, "operation") != "logTeachingSession" || get(oldest, "recordType") != "TeachingSession" ||
		!strings.Contains(get(oldest, "input").(string), "有趣的沉浮") {
		t.Fatalf("entries: %v", log)
	}
	// The county bureau reads it; another county's would not, and teachers may not.
	if d := e.as(t, "bureau", q, map[string]any{"id": id}); get(d, "auditLog", "totalCount") != 2.0 {
		t.Fatalf("bureau: %v", d)
	}
	if r := e.try(t, "teacher", q, map[string]any{"id": id}); r.Code() != "FORBIDDEN" {
		t.Fatalf("teacher reading the audit log: %s", r.Code())
	}

	// Passwords never reach the log.
	name := "audited-" + newID()[:8]
	u := e.as(t, "admin", `mutation($in: UserInput!){ createUser(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"username": name, "displayName": "审计", "password": "secret-pass-987", "role": "TEACHER", "kindergartenId": demo.TeacherKindergarten}})
	entry := e.as(t, "admin", q, map[string]any{"id": get(u, "createUser", "id")})
	in := get(entry, "auditLog", "edges", 0, "node", "input").(string)
	if strings.Contains(in, "secret-pass-987") || !strings.Contains(in, "[redacted]") || !strings.Contains(in, name) {
		t.Fatalf("audited input: %s", in)
	}
}
