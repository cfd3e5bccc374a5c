package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/demo"
)

// hostile is one malformed or malicious request and the code it must get.
type hostile struct {
	name  string
	actor string
	query string
	vars  map[string]any
	raw   string // a raw body instead of query+vars, when isRaw
	isRaw bool
	token string // a raw Authorization header value
	want  string
}

func with(base map[string]any, k string, v any) map[string]any {
	m := maps.Clone(base)
	if v == nil {
		delete(m, k)
	} else {
		m[k] = v
	}
	return m
}

func hostileCorpus() []hostile {
	var cs []hostile
	add := func(name, actor, query string, vars map[string]any, want string) {
		cs = append(cs, hostile{name: name, actor: actor, query: query, vars: vars, want: want})
	}
	huge := strings.Repeat("长", 5000)
	injection := []any{map[string]any{"$gt": ""}, map[string]any{"$ne": nil}, []any{"$where", "1"}, 12, true}
	badIDs := []any{"", "../../etc/passwd", `{"$gt": ""}`, strings.Repeat("a", 65), "id with spaces", "'; DROP TABLE users; --"}
	badDates := []any{"2026-02-30", "1899-12-31", "2100-01-01", "20261001", "2026/10/01", "", "tomorrow", 20261001}

	// Teaching sessions, field by field.
	session := map[string]any{"id": "00000000-0000-4000-8000-000000000001", "pairingId": demo.TeacherPairing,
		"date": "2026-11-02", "hours": 2, "type": "DEMONSTRATION_CLASS"}
	for i, v := range []any{0, -1, 12.01, 1e308, "two", nil} {
		add(fmt.Sprintf("session hours %d", i), "teacher", logSession, map[string]any{"in": with(session, "hours", v)}, "BAD_USER_INPUT")
	}
	for i, v := range badDates {
		add(fmt.Sprintf("session date %d", i), "teacher", logSession, map[string]any{"in": with(session, "date", v)}, "BAD_USER_INPUT")
	}
	for i, v := range badIDs {
		add(fmt.Sprintf("session id %d", i), "teacher", logSession, map[string]any{"in": with(session, "id", v)}, "BAD_USER_INPUT")
		add(fmt.Sprintf("session pairing id %d", i), "teacher", logSession, map[string]any{"in": with(session, "pairingId", v)}, "BAD_USER_INPUT")
		add(fmt.Sprintf("session teacher id %d", i), "teacher", logSession, map[string]any{"in": with(session, "teacherIds", []any{v})}, "BAD_USER_INPUT")
	}
	for i, v := range injection {
		add(fmt.Sprintf("session pairing injection %d", i), "teacher", logSession, map[string]any{"in": with(session, "pairingId", v)}, "BAD_USER_INPUT")
		add(fmt.Sprintf("session topic injection %d", i), "teacher", logSession, map[string]any{"in": with(session, "topic", v)}, "BAD_USER_INPUT")
	}
	for i, v := range []any{"PICNIC", "demonstration_class", "", 3} {
		add(fmt.Sprintf("session type %d", i), "teacher", logSession, map[string]any{"in": with(session, "type", v)}, "BAD_USER_INPUT")
	}
	for i, v := range []any{[]any{"CHESS"}, []any{"ART", "ART"}, "ART,SCIENCE"} {
		add(fmt.Sprintf("session domains %d", i), "teacher", logSession, map[string]any{"in": with(session, "domains", v)}, "BAD_USER_INPUT")
	}
	for i, v := range []any{-5, 100000, 1.5} {
		add(fmt.Sprintf("session attendees %d", i), "teacher", logSession, map[string]any{"in": with(session, "attendees", v)}, "BAD_USER_INPUT")
	}
	add("session huge topic", "teacher", logSession, map[string]any{"in": with(session, "topic", huge)}, "BAD_USER_INPUT")
	add("session huge notes", "teacher", logSession, map[string]any{"in": with(session, "notes", strings.Repeat(huge, 2))}, "BAD_USER_INPUT")
	add("session other county pairing", "teacher", logSession, map[string]any{"in": with(session, "pairingId", demo.OtherCountyPairing)}, "BAD_USER_INPUT")
	add("session as anonymous", "", logSession, map[string]any{"in": session}, "UNAUTHENTICATED")
	add("session as bureau", "bureau", logSession, map[string]any{"in": session}, "FORBIDDEN")
	add("session unknown field", "teacher", logSession, map[string]any{"in": with(session, "loggedBySide", "PARTNER")}, "BAD_USER_INPUT")
	add("session missing input", "teacher", logSession, map[string]any{}, "BAD_USER_INPUT")

	// Confirming, querying, deleting what does not exist or is not yours.
	for i, v := range badIDs {
		add(fmt.Sprintf("confirm id %d", i), "partner", confirmSession, map[string]any{"id": v}, "NOT_FOUND")
	}
	for i, r := range []any{0, 6, -1, 2.5, "five"} {
		add(fmt.Sprintf("confirm rating %d", i), "partner", confirmSession, map[string]any{"id": "00000000-0000-4000-8000-00000000ffff", "rating": r},
			map[bool]string{true: "BAD_USER_INPUT", false: "NOT_FOUND"}[r == 2.5 || r == "five"])
	}

	// Kindergartens as an admin, field by field.
	kg := map[string]any{"name": "新村幼儿园", "regionCode": "370523100", "setting": "VILLAGE", "ownership": "PUBLIC", "level": "UNRATED"}
	createKG := `mutation($in: KindergartenInput!){ createKindergarten(input:$in){ id } }`
	for i, v := range []any{"", huge, nil, 12} {
		add(fmt.Sprintf("kindergarten name %d", i), "admin", createKG, map[string]any{"in": with(kg, "name", v)}, "BAD_USER_INPUT")
	}
	for i, v := range []any{"3", "3705231", "37052310x", "999999", "", map[string]any{"$gt": ""}} {
		add(fmt.Sprintf("kindergarten region %d", i), "admin", createKG, map[string]any{"in": with(kg, "regionCode", v)}, "BAD_USER_INPUT")
	}
	for i, f := range []string{"setting", "ownership", "level"} {
		add(fmt.Sprintf("kindergarten enum %d", i), "admin", createKG, map[string]any{"in": with(kg, f, "BEST")}, "BAD_USER_INPUT")
	}
	for i, f := range []string{"classes", "children", "staffCount", "teacherCount"} {
		add(fmt.Sprintf("kindergarten count %d", i), "admin", createKG, map[string]any{"in": with(kg, f, -1)}, "BAD_USER_INPUT")
		add(fmt.Sprintf("kindergarten count huge %d", i), "admin", createKG, map[string]any{"in": with(kg, f, 1<<40)}, "BAD_USER_INPUT")
	}
	for i, v := range []any{"call me", "++++", strings.Repeat("1", 40)} {
		add(fmt.Sprintf("kindergarten phone %d", i), "admin", createKG, map[string]any{"in": with(kg, "contactPhone", v)}, "BAD_USER_INPUT")
	}
	add("kindergarten by a teacher", "teacher", createKG, map[string]any{"in": kg}, "FORBIDDEN")
	add("kindergarten by bureau elsewhere", "bureau", createKG, map[string]any{"in": with(kg, "regionCode", "370522100")}, "FORBIDDEN")

	// Users.
	user := map[string]any{"username": "new-user-1", "displayName": "新用户", "password": "good-pass-123", "role": "TEACHER", "kindergartenId": demo.TeacherKindergarten}
	createUser := `mutation($in: UserInput!){ createUser(input:$in){ id } }`
	for i, v := range []any{"ab", "has space", strings.Repeat("u", 65), "名字", "", "admin"} {
		want := "BAD_USER_INPUT"
		if v == "admin" {
			want = "CONFLICT"
		}
		add(fmt.Sprintf("user name %d", i), "admin", createUser, map[string]any{"in": with(user, "username", v)}, want)
	}
	for i, v := range []any{"short", "onlyletters", "1234567890123", strings.Repeat("p1", 70), nil} {
		add(fmt.Sprintf("user password %d", i), "admin", createUser, map[string]any{"in": with(user, "password", v)}, "BAD_USER_INPUT")
	}
	add("user bureau without region", "admin", createUser, map[string]any{"in": with(with(user, "role", "BUREAU"), "kindergartenId", nil)}, "BAD_USER_INPUT")
	add("user teacher without kindergarten", "admin", createUser, map[string]any{"in": with(user, "kindergartenId", nil)}, "BAD_USER_INPUT")
	add("user unknown kindergarten", "admin", createUser, map[string]any{"in": with(user, "kindergartenId", "00000000-0000-4000-8000-000000000009")}, "BAD_USER_INPUT")
	add("user role SUPERUSER", "admin", createUser, map[string]any{"in": with(user, "role", "SUPERUSER")}, "BAD_USER_INPUT")
	for _, a := range []string{"bureau", "teacher", "supporter", "partner", ""} {
		want := "FORBIDDEN"
		if a == "" {
			want = "UNAUTHENTICATED"
		}
		add("user by "+a, a, createUser, map[string]any{"in": with(user, "role", "ADMIN")}, want)
	}

	// Pairings.
	pairing := map[string]any{"name": "新结对", "supportingKindergartenId": demo.TeacherKindergarten, "partnerKindergartenIds": []string{demo.PartnerKindergarten},
		"start": "2026-09-01", "end": "2027-07-15"}
	createPairing := `mutation($in: PairingInput!){ createPairing(input:$in){ id } }`
	for i, v := range []any{[]string{}, []string{demo.TeacherKindergarten}, []string{demo.PartnerKindergarten, demo.PartnerKindergarten}, []string{"nope"}} {
		add(fmt.Sprintf("pairing partners %d", i), "admin", createPairing, map[string]any{"in": with(pairing, "partnerKindergartenIds", v)}, "BAD_USER_INPUT")
	}
	add("pairing ends before it starts", "admin", createPairing, map[string]any{"in": with(pairing, "end", "2026-01-01")}, "BAD_USER_INPUT")
	for i, v := range []any{map[string]any{"teachingHours": -1}, map[string]any{"passRate": 1.5}, map[string]any{"specialLectures": 1000}, map[string]any{"teachingHours": "ten"}} {
		add(fmt.Sprintf("pairing targets %d", i), "admin", createPairing, map[string]any{"in": with(pairing, "targets", v)}, "BAD_USER_INPUT")
	}
	for i, v := range []any{[]any{map[string]any{"semester": "2026", "targets": map[string]any{}}}, []any{map[string]any{"semester": "2026-2028-1", "targets": map[string]any{}}}} {
		add(fmt.Sprintf("pairing override %d", i), "admin", createPairing, map[string]any{"in": with(pairing, "targetOverrides", v)}, "BAD_USER_INPUT")
	}
	add("pairing phase inverted", "admin", createPairing, map[string]any{"in": with(pairing, "phases", []any{map[string]any{"name": "x", "start": "2027-01-01", "end": "2026-01-01"}})}, "BAD_USER_INPUT")
	add("pairing by partner", "partner", createPairing, map[string]any{"in": pairing}, "FORBIDDEN")

	// Training events and donations.
	event := map[string]any{"id": "00000000-0000-4000-8000-000000000002", "title": "培训", "type": "TRAINING", "organizerKindergartenId": demo.TeacherKindergarten, "date": "2026-10-01", "hours": 2}
	createEvent := `mutation($in: TrainingEventInput!){ createTrainingEvent(input:$in){ id } }`
	for i, v := range []any{0, 25, -2} {
		add(fmt.Sprintf("event hours %d", i), "supporter", createEvent, map[string]any{"in": with(event, "hours", v)}, "BAD_USER_INPUT")
	}
	add("event two organisers", "supporter", createEvent, map[string]any{"in": with(event, "organizerRegionCode", "370523")}, "BAD_USER_INPUT")
	add("event no organiser", "supporter", createEvent, map[string]any{"in": with(event, "organizerKindergartenId", nil)}, "BAD_USER_INPUT")
	add("event other organiser", "partner", createEvent, map[string]any{"in": event}, "FORBIDDEN")
	donation := map[string]any{"id": "00000000-0000-4000-8000-000000000003", "pairingId": demo.TeacherPairing, "date": "2026-10-01", "items": []any{map[string]any{"name": "书", "quantity": 1, "value": 10}}}
	createDonation := `mutation($in: DonationInput!){ createDonation(input:$in){ id } }`
	for i, v := range []any{[]any{}, []any{map[string]any{"name": "书", "quantity": 0, "value": 10}}, []any{map[string]any{"name": "书", "quantity": 1, "value": -10}}, []any{map[string]any{"name": "", "quantity": 1, "value": 1}}} {
		add(fmt.Sprintf("donation items %d", i), "supporter", createDonation, map[string]any{"in": with(donation, "items", v)}, "BAD_USER_INPUT")
	}

	// Queries with bad arguments.
	for i, v := range []any{0, -1, 101, "ten"} {
		add(fmt.Sprintf("page size %d", i), "teacher", `query($n:Int){ teachingSessions(first:$n){ totalCount } }`, map[string]any{"n": v}, "BAD_USER_INPUT")
	}
	add("page size a million", "teacher", `{ teachingSessions(first:1000000){ edges { node { id } } } }`, nil, "TOO_COMPLEX")
	for i, v := range []any{"!!!", "bm90IGEgY3Vyc29y", strings.Repeat("A", 5000), `{"$gt":""}`} {
		add(fmt.Sprintf("cursor %d", i), "teacher", `query($a:String){ pairings(after:$a){ totalCount } }`, map[string]any{"a": v}, "BAD_USER_INPUT")
	}
	for i, v := range []any{"2026", "2025-2026-9", "'; --"} {
		add(fmt.Sprintf("semester filter %d", i), "teacher", `query($s:[String!]){ teachingSessions(filter:{semesters:$s}){ totalCount } }`, map[string]any{"s": []any{v}}, "BAD_USER_INPUT")
	}
	for i, v := range injection[:3] {
		add(fmt.Sprintf("filter injection %d", i), "bureau", `query($r:ID){ kindergartens(filter:{regionCode:$r}){ totalCount } }`, map[string]any{"r": v}, "BAD_USER_INPUT")
	}
	add("node bad id", "teacher", `{ node(id:"../../x"){ id } }`, nil, "BAD_USER_INPUT")
	add("nodes too many", "teacher", `query($ids:[ID!]!){ nodes(ids:$ids){ id } }`, map[string]any{"ids": make101()}, "BAD_USER_INPUT")
	add("unknown field", "teacher", `{ me { password passwordHash } }`, nil, "BAD_USER_INPUT")
	add("syntax error", "teacher", `{ me { id `, nil, "BAD_USER_INPUT")
	add("mutation on GET-only op name", "teacher", `subscription { me { id } }`, nil, "BAD_USER_INPUT")
	add("deep query", "admin", "{ me { kindergarten { pairings { edges { node { sessions { edges { node { pairing { supportingKindergarten { teachers { edges { node { kindergarten { id } } } } } } } } } } } } } } }", nil, "TOO_COMPLEX")
	add("wide query", "admin", `{ kindergartens(first:100){ edges { node { teachers(first:100){ edges { node { kindergarten { pairings(first:100){ totalCount } } } } } } } } }`, nil, "TOO_COMPLEX")
	var aliases strings.Builder
	for i := range 60 {
		fmt.Fprintf(&aliases, "a%d: me { id } ", i)
	}
	add("many aliases", "admin", "{ "+aliases.String()+"}", nil, "TOO_COMPLEX")

	// Raw bodies and tokens.
	for i, raw := range []string{`{"query": `, `[{"query":"{ me { id } }"},{"query":"{ me { id } }"}]`, `"just a string"`, `{"query": 12}`, ``, strings.Repeat("[", 10000)} {
		cs = append(cs, hostile{name: fmt.Sprintf("raw body %d", i), raw: raw, isRaw: true, want: "BAD_USER_INPUT"})
	}
	cs = append(cs, hostile{name: "body over 1 MB", isRaw: true, raw: `{"query":"{ me { id } }","variables":{"x":"` + strings.Repeat("x", 1<<20) + `"}}`, want: "BAD_USER_INPUT"})
	for i, tok := range []string{"Bearer forged", "Basic YWRtaW46YWRtaW4=", "Bearer " + strings.Repeat("t", 300), "bearer", "Bearer ", "Token abc"} {
		cs = append(cs, hostile{name: fmt.Sprintf("token %d", i), token: tok, query: `{ me { id } }`, want: "UNAUTHENTICATED"})
	}
	add("login huge password", "", `mutation($p:String!){ login(username:"partner", password:$p){ token } }`, map[string]any{"p": huge}, "UNAUTHENTICATED")
	add("login injection", "", `mutation($u:String!){ login(username:$u, password:"x"){ token } }`, map[string]any{"u": map[string]any{"$gt": ""}}, "BAD_USER_INPUT")

	// Every id-taking mutation: anonymous callers, and ids that name nothing.
	for _, m := range []string{"deleteTeachingSession(id:$id){ id }", `queryTeachingSession(id:$id, reason:"x"){ id }`, "deleteTrainingEvent(id:$id){ id }",
		"deleteMentorship(id:$id){ id }", "deleteDonation(id:$id){ id }", "deletePhoto(id:$id){ id }", "completePhotoUpload(id:$id){ id }",
		"setTrainingAttendance(eventId:$id, attendance:[]){ id }"} {
		q := "mutation($id:ID!){ " + m + " }"
		add("anonymous "+m, "", q, map[string]any{"id": "00000000-0000-4000-8000-00000000000a"}, "UNAUTHENTICATED")
		add("nothing named "+m, "supporter", q, map[string]any{"id": "00000000-0000-4000-8000-00000000000a"}, "NOT_FOUND")
	}
	teacher := map[string]any{"name": "新老师", "kindergartenId": demo.PartnerKindergarten, "post": "TEACHER"}
	createTeacher := `mutation($in: TeacherInput!){ createTeacher(input:$in){ id } }`
	for i, kv := range [][2]any{{"name", ""}, {"name", huge}, {"post", "JANITOR"}, {"phone", "not a phone"}, {"kindergartenId", "nope"}, {"title", huge}} {
		add(fmt.Sprintf("teacher field %d", i), "partner", createTeacher, map[string]any{"in": with(teacher, kv[0].(string), kv[1])}, "BAD_USER_INPUT")
	}

	// Other tenants' records.
	add("confirm another county's session", "partner", `mutation($id:ID!){ confirmTeachingSession(id:$id){ id } }`, map[string]any{"id": demo.ID("nope")}, "NOT_FOUND")
	add("update another county's kindergarten", "supporter", `mutation($id:ID!,$in:KindergartenInput!){ updateKindergarten(id:$id,input:$in){ id } }`,
		map[string]any{"id": demo.OtherCountyKindergarten, "in": kg}, "NOT_FOUND")
	add("teacher into another county", "partner", `mutation($in: TeacherInput!){ createTeacher(input:$in){ id } }`,
		map[string]any{"in": map[string]any{"name": "x", "kindergartenId": demo.OtherCountyKindergarten, "post": "TEACHER"}}, "BAD_USER_INPUT")
	add("photo for another county's session", "teacher", `mutation($in: PhotoUploadInput!){ requestPhotoUpload(input:$in){ uploadUrl } }`,
		map[string]any{"in": map[string]any{"id": "00000000-0000-4000-8000-000000000004", "subjectId": demo.ID("nope"), "contentType": "image/jpeg", "size": 10}}, "BAD_USER_INPUT")

	// Statistics: malformed queries, and reaching outside one's region.
	statsQ := `query($q: StatsQuery!){ stats(query:$q){ total { values } } }`
	base := map[string]any{"subject": "TEACHING_SESSIONS", "measures": []any{"HOURS"}}
	for name, q := range map[string]map[string]any{
		"no measures":          with(base, "measures", []any{}),
		"a measure twice":      with(base, "measures", []any{"HOURS", "HOURS"}),
		"a measure of photos":  with(with(base, "subject", "PHOTOS"), "measures", []any{"HOURS"}),
		"five group-bys":       with(base, "groupBy", []any{"COUNTY", "CITY", "PROVINCE", "SEMESTER", "MONTH"}),
		"a dimension twice":    with(base, "groupBy", []any{"COUNTY", "COUNTY"}),
		"limit zero":           with(base, "limit", 0),
		"limit huge":           with(base, "limit", 1000000),
		"order by a stranger":  with(base, "orderBy", []any{map[string]any{"measure": "COUNT"}}),
		"order by both":        with(base, "orderBy", []any{map[string]any{"measure": "HOURS", "dimension": "COUNTY"}}),
		"bad semester":         with(base, "filter", map[string]any{"semesters": []any{"2025-2027-1"}}),
		"from after to":        with(base, "filter", map[string]any{"from": "2026-03-01", "to": "2026-02-01"}),
		"confirmed for photos": with(with(base, "subject", "PHOTOS"), "filter", map[string]any{"confirmed": true}),
		"region not a code":    with(base, "filter", map[string]any{"regionCode": "37 OR 1=1"}),
		"region injection":     with(base, "filter", map[string]any{"regionCode": `{"$gt": ""}`}),
		"unknown measure":      with(base, "measures", []any{"PROFIT"}),
		"wrong-case dimension": with(base, "groupBy", []any{"county"}),
	} {
		add("stats: "+name, "bureau", statsQ, map[string]any{"q": q}, "BAD_USER_INPUT")
	}
	for name, f := range map[string]map[string]any{
		"another county's region":       {"regionCode": "370522"},
		"another county's pairing":      {"pairingIds": []any{demo.OtherCountyPairing}},
		"another county's kindergarten": {"kindergartenIds": []any{demo.OtherCountyKindergarten}},
		"a pairing that does not exist": {"pairingIds": []any{demo.ID("no such pairing")}},
	} {
		add("stats: "+name, "bureau", statsQ, map[string]any{"q": with(base, "filter", f)}, "FORBIDDEN")
	}
	add("compliance: bad semester", "bureau", `{ compliance(semester:"last term"){ pairingId } }`, nil, "BAD_USER_INPUT")
	add("compliance: another county", "bureau", `{ compliance(semester:"2025-2026-1", regionCode:"370522"){ pairingId } }`, nil, "FORBIDDEN")
	add("compliance: anonymous", "", `{ compliance(semester:"2025-2026-1"){ pairingId } }`, nil, "UNAUTHENTICATED")

	// Round three: reflections, nested reads and account edits.
	reflect := `mutation($in: ReflectionInput!){ addReflection(input:$in){ id } }`
	ref := map[string]any{"id": "00000000-0000-4000-8000-000000000077", "sessionId": demo.ID("no such session"), "kind": "REFLECTION", "text": "今天的活动很成功👍"}
	add("reflection huge text", "teacher", reflect, map[string]any{"in": with(ref, "text", strings.Repeat(huge, 2))}, "BAD_USER_INPUT")
	add("reflection unknown kind", "teacher", reflect, map[string]any{"in": with(ref, "kind", "POEM")}, "BAD_USER_INPUT")
	add("reflection bad id", "teacher", reflect, map[string]any{"in": with(ref, "id", "../x")}, "BAD_USER_INPUT")
	add("reflection anonymous", "", reflect, map[string]any{"in": ref}, "UNAUTHENTICATED")
	add("nested me anonymous", "", `{ me { kindergarten { teachers { edges { node { phone } } } } } }`, nil, "UNAUTHENTICATED")
	add("re-enabling a user as a bureau", "bureau", `mutation($in:UserInput!){ updateUser(id:"user:partner", input:$in){ id } }`,
		map[string]any{"in": map[string]any{"username": "partner", "displayName": "x", "role": "KINDERGARTEN_ADMIN", "kindergartenId": demo.PartnerKindergarten, "disabled": false}}, "FORBIDDEN")
	return cs
}

func make101() []string {
	out := make([]string, 101)
	for i := range out {
		out[i] = fmt.Sprintf("id-%d", i)
	}
	return out
}

func TestHostileRequestsAreRefusedAndChangeNothing(t *testing.T) {
	e := demoServer(t)
	ctx := context.Background()
	corpus := hostileCorpus()
	if len(corpus) < 200 {
		t.Fatalf("the corpus has %d cases, want at least 200", len(corpus))
	}
	before, err := e.App.Store.CountAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	passed := 0
	for _, c := range corpus {
		var got string
		switch {
		case c.isRaw:
			got = rawCode(t, e, c.raw)
		case c.token != "":
			got = rawCodeWithToken(t, e, c.token, c.query)
		default:
			got = e.try(t, c.actor, c.query, c.vars).Code()
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
			continue
		}
		passed++
	}
	after, err := e.App.Store.CountAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	delete(before, "tokens") // the helper's own logins
	delete(after, "tokens")
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("rejected requests changed the store:\nbefore %v\nafter  %v", before, after)
	}
	if res, err := http.Get(e.URL + "/healthz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("server down after the corpus: %v", err)
	}
	t.Logf("hostile corpus: %d cases tried, %d answered with the expected code, store unchanged", len(corpus), passed)
}

func rawCode(t *testing.T, e *demoEnv, body string) string {
	res, err := http.Post(e.URL+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return codeOf(t, res)
}

func rawCodeWithToken(t *testing.T, e *demoEnv, auth, query string) string {
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/graphql", bytes.NewReader([]byte(`{"query":"`+query+`"}`)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", auth)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return codeOf(t, res)
}

func codeOf(t *testing.T, res *http.Response) string {
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := &gqlResponse{}
	if err := jsonUnmarshal(b, r); err != nil {
		return fmt.Sprintf("status %d, not JSON", res.StatusCode)
	}
	return r.Code()
}
