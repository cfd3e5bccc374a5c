package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
)

const logSession = `mutation($in: TeachingSessionInput!) {
  logTeachingSession(input: $in) {
    id date semester hours type confirmed confirmedAt status loggedBySide
    pairing { id } hostKindergarten { id regionCode } partnerKindergarten { id }
  }
}`

const confirmSession = `mutation($id: ID!, $rating: Int, $feedback: String) {
  confirmTeachingSession(id: $id, rating: $rating, feedback: $feedback) { id confirmed confirmedAt rating feedback status confirmedBy { username } }
}`

const updateSession = `mutation($in: TeachingSessionInput!) { updateTeachingSession(input: $in) { id hours status topic } }`

func lesson(id string) map[string]any {
	return map[string]any{
		"id": id, "pairingId": demo.TeacherPairing, "date": daysAgo(5), "hours": 2.5,
		"type": "DEMONSTRATION_CLASS", "domains": []string{"SCIENCE"}, "topic": "大班科学活动《有趣的沉浮》",
		"teacherIds": []string{demo.TeacherOf("广饶县实验幼儿园", 3)}, "attendees": 12,
	}
}

func TestTeacherLogsLessonTwiceOfflineAndOneRecordExists(t *testing.T) {
	e := demoServer(t)
	id := newID()
	first := e.as(t, "teacher", logSession, map[string]any{"in": lesson(id)})["logTeachingSession"]
	if get(first, "id") != id || get(first, "semester") != domain.SemesterOf(domain.Date(daysAgo(5))) || get(first, "confirmed") != false ||
		get(first, "loggedBySide") != "SUPPORTING" || get(first, "hostKindergarten", "id") != demo.PartnerKindergarten {
		t.Fatalf("logged session: %v", first)
	}
	// The phone retries after a lost answer: the same record comes back.
	again := e.as(t, "teacher", logSession, map[string]any{"in": lesson(id)})["logTeachingSession"]
	if get(again, "id") != id || get(again, "hours") != 2.5 {
		t.Fatalf("retry: %v", again)
	}
	list := e.as(t, "teacher", `query($p:[ID!]){ teachingSessions(filter:{pairingIds:$p}, first:100){ edges { node { id } } } }`,
		map[string]any{"p": []string{demo.TeacherPairing}})
	n := 0
	for _, edge := range get(list, "teachingSessions", "edges").([]any) {
		if get(edge, "node", "id") == id {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the session is listed %d times, want once", n)
	}
	// The same id with different content is a conflict, not a silent overwrite.
	changed := lesson(id)
	changed["hours"] = 3
	if r := e.try(t, "teacher", logSession, map[string]any{"in": changed}); r.Code() != "CONFLICT" {
		t.Fatalf("same id, other content: %v %v", r.Code(), r.Errors)
	}
}

func TestPartnerConfirmsLessonOnceAndItIsThenClosedToEdits(t *testing.T) {
	e := demoServer(t)
	id := newID()
	e.as(t, "teacher", logSession, map[string]any{"in": lesson(id)})

	// The side that logged it cannot confirm it.
	if r := e.try(t, "teacher", confirmSession, map[string]any{"id": id}); r.Code() != "FORBIDDEN" {
		t.Fatalf("teacher confirming own lesson: %v", r.Code())
	}
	if r := e.try(t, "partner", confirmSession, map[string]any{"id": id, "rating": 6}); r.Code() != "BAD_USER_INPUT" || r.Field() != "rating" {
		t.Fatalf("rating 6: %v %v", r.Code(), r.Field())
	}
	c := e.as(t, "partner", confirmSession, map[string]any{"id": id, "rating": 5, "feedback": "示范课很有启发"})["confirmTeachingSession"]
	if get(c, "confirmed") != true || get(c, "rating") != 5.0 || get(c, "confirmedAt") == nil || get(c, "confirmedBy", "username") != "partner" {
		t.Fatalf("confirmed: %v", c)
	}
	again := e.as(t, "partner", confirmSession, map[string]any{"id": id, "rating": 5})["confirmTeachingSession"]
	if get(again, "confirmedAt") != get(c, "confirmedAt") {
		t.Fatalf("a repeated confirmation changed the record: %v then %v", c, again)
	}

	// Neither side may edit or delete it now.
	edit := lesson(id)
	edit["hours"] = 1
	if r := e.try(t, "teacher", updateSession, map[string]any{"in": edit}); r.Code() != "FORBIDDEN" {
		t.Fatalf("teacher editing a confirmed lesson: %v", r.Code())
	}
	if r := e.try(t, "partner", updateSession, map[string]any{"in": edit}); r.Code() != "FORBIDDEN" {
		t.Fatalf("partner editing a confirmed lesson: %v", r.Code())
	}
	if r := e.try(t, "teacher", `mutation($id:ID!){ deleteTeachingSession(id:$id){ id } }`, map[string]any{"id": id}); r.Code() != "FORBIDDEN" {
		t.Fatalf("teacher deleting a confirmed lesson: %v", r.Code())
	}

	// Only an admin corrects it, and the correction is recorded.
	corr := e.as(t, "admin", `mutation($in: TeachingSessionInput!, $r: String!) {
	  correctTeachingSession(input: $in, reason: $r) { hours confirmed corrections { reason by { username } changes { field before after } } }
	}`, map[string]any{"in": edit, "r": "课时登记错误，经双方核实为1课时"})["correctTeachingSession"]
	if get(corr, "hours") != 1.0 || get(corr, "confirmed") != true {
		t.Fatalf("corrected: %v", corr)
	}
	ch := get(corr, "corrections", 0, "changes", 0)
	if get(ch, "field") != "hours" || get(ch, "before") != "2.5" || get(ch, "after") != "1" || get(corr, "corrections", 0, "by", "username") != "admin" {
		t.Fatalf("correction record: %v", get(corr, "corrections"))
	}
}

func TestPartnerQueriesLessonAndTeacherFixesIt(t *testing.T) {
	e := demoServer(t)
	id := newID()
	e.as(t, "teacher", logSession, map[string]any{"in": lesson(id)})
	q := e.as(t, "partner", `mutation($id:ID!){ queryTeachingSession(id:$id, reason:"实际只有2课时"){ status queryReason } }`, map[string]any{"id": id})
	if get(q, "queryTeachingSession", "status") != "QUERIED" {
		t.Fatalf("queried: %v", q)
	}
	fixed := lesson(id)
	fixed["hours"] = 2
	u := e.as(t, "teacher", updateSession, map[string]any{"in": fixed})["updateTeachingSession"]
	if get(u, "status") != "PENDING" || get(u, "hours") != 2.0 {
		t.Fatalf("after the fix: %v", u)
	}
	// The partner cannot edit what the teacher logged.
	if r := e.try(t, "partner", updateSession, map[string]any{"in": fixed}); r.Code() != "FORBIDDEN" {
		t.Fatalf("partner editing the teacher's lesson: %v", r.Code())
	}
}

func TestPartnerLogsLessonItReceivedAndTheTeacherConfirms(t *testing.T) {
	e := demoServer(t)
	id := newID()
	in := lesson(id)
	s := e.as(t, "partner", logSession, map[string]any{"in": in})["logTeachingSession"]
	if get(s, "loggedBySide") != "PARTNER" || get(s, "partnerKindergarten", "id") != demo.PartnerKindergarten {
		t.Fatalf("partner-logged: %v", s)
	}
	// Only the partner rates lessons.
	if r := e.try(t, "teacher", confirmSession, map[string]any{"id": id, "rating": 4}); r.Code() != "BAD_USER_INPUT" {
		t.Fatalf("supporting side rating: %v", r.Code())
	}
	c := e.as(t, "teacher", confirmSession, map[string]any{"id": id})["confirmTeachingSession"]
	if get(c, "confirmed") != true {
		t.Fatalf("teacher confirmation: %v", c)
	}
}

func TestBureauOfAnotherCountyCannotSeeTheLesson(t *testing.T) {
	e := demoServer(t)
	id := newID()
	e.as(t, "teacher", logSession, map[string]any{"in": lesson(id)})
	// A bureau user for 利津县, made by the admin.
	e.as(t, "admin", `mutation($in: UserInput!){ createUser(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"username": "lijin-bureau-" + id[:8], "displayName": "利津县教育局", "password": "another-pass-123", "role": "BUREAU", "regionCode": "370522", "mustChangePassword": false}})
	other := login(t, e, "lijin-bureau-"+id[:8], "another-pass-123")

	byID := `query($id:ID!){ teachingSession(id:$id){ id } node(id:$id){ id } }`
	r := e.do(t, other, byID, map[string]any{"id": id})
	if len(r.Errors) > 0 || r.Data["teachingSession"] != nil || r.Data["node"] != nil {
		t.Fatalf("other county's bureau reads the lesson: %+v", r)
	}
	list := `query($p:[ID!]){ teachingSessions(filter:{pairingIds:$p}){ totalCount } pairing(id:"` + demo.TeacherPairing + `"){ id } }`
	r = e.do(t, other, list, map[string]any{"p": []string{demo.TeacherPairing}})
	if get(r.Data, "teachingSessions", "totalCount") != 0.0 || r.Data["pairing"] != nil {
		t.Fatalf("other county's bureau lists the pairing's lessons: %+v", r.Data)
	}
	// The county's own bureau sees it, and the city bureau above it too.
	for _, u := range []string{"bureau", "city"} {
		d := e.as(t, u, byID, map[string]any{"id": id})
		if get(d, "teachingSession", "id") != id {
			t.Fatalf("%s cannot see a lesson in its region: %v", u, d)
		}
	}
	// The bureau cannot widen its scope with a filter.
	d := e.as(t, "bureau", `{ kindergartens(filter:{regionCode:"370522"}){ totalCount } }`, nil)
	if get(d, "kindergartens", "totalCount") != 0.0 {
		t.Fatalf("bureau of 370523 sees kindergartens of 370522: %v", d)
	}
}

func TestInputErrorsNameTheFieldAndStoreNothing(t *testing.T) {
	e := demoServer(t)
	cases := []struct {
		name  string
		edit  func(map[string]any)
		code  string
		field string
	}{
		{"zero hours", func(m map[string]any) { m["hours"] = 0 }, "BAD_USER_INPUT", "input.hours"},
		{"more than 12 hours", func(m map[string]any) { m["hours"] = 12.5 }, "BAD_USER_INPUT", "input.hours"},
		{"impossible date", func(m map[string]any) { m["date"] = "2026-02-30" }, "BAD_USER_INPUT", ""},
		{"future date", func(m map[string]any) { m["date"] = "2030-01-05" }, "BAD_USER_INPUT", "input.date"},
		{"before the pairing", func(m map[string]any) { m["date"] = "2020-01-06" }, "BAD_USER_INPUT", "input.date"},
		{"unknown pairing", func(m map[string]any) { m["pairingId"] = newID() }, "BAD_USER_INPUT", "input.pairingId"},
		{"pairing of another county", func(m map[string]any) { m["pairingId"] = demo.OtherCountyPairing }, "BAD_USER_INPUT", "input.pairingId"},
		{"teacher of another kindergarten", func(m map[string]any) { m["teacherIds"] = []string{demo.TeacherOf("利津县实验幼儿园", 3)} }, "BAD_USER_INPUT", "input.teacherIds[0]"},
		{"topic too long", func(m map[string]any) { m["topic"] = string(make([]rune, 201)) + "x" }, "BAD_USER_INPUT", "input.topic"},
		{"bad id", func(m map[string]any) { m["id"] = "{\"$gt\": \"\"}" }, "BAD_USER_INPUT", "input.id"},
		{"unknown enum", func(m map[string]any) { m["type"] = "PICNIC" }, "BAD_USER_INPUT", ""},
		{"repeated domain", func(m map[string]any) { m["domains"] = []string{"ART", "ART"} }, "BAD_USER_INPUT", "input.domains[1]"},
		{"negative attendees", func(m map[string]any) { m["attendees"] = -1 }, "BAD_USER_INPUT", "input.attendees"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := lesson(newID())
			c.edit(in)
			r := e.try(t, "teacher", logSession, map[string]any{"in": in})
			if r.Code() != c.code || (c.field != "" && r.Field() != c.field) {
				t.Fatalf("got %s %q (%v), want %s %q", r.Code(), r.Field(), r.Errors, c.code, c.field)
			}
			if id, ok := in["id"].(string); ok {
				if got, _ := e.App.Store.TeachingSessionIncludingDeleted(t.Context(), id); got != nil {
					t.Fatalf("a rejected session was stored: %+v", got)
				}
			}
		})
	}
}

// A user named on a record (who logged it, who confirmed it) is shown whole only to
// those who may see that user; the other side sees the display name and nothing of the
// account: not the login name, last sign-in, kindergarten or state.
func TestPeopleNamedOnASessionShowOnlyTheirNameAcrossTheScope(t *testing.T) {
	e := demoServer(t)
	id := newID()
	e.as(t, "teacher", logSession, map[string]any{"in": lesson(id)})
	e.as(t, "partner", confirmSession, map[string]any{"id": id, "rating": 5})
	q := `query($id:ID!){ node(id:$id){ ... on TeachingSession {
	  loggedBy { id displayName username lastLoginAt disabled kindergarten { id } teacher { id } }
	  confirmedBy { id displayName username lastLoginAt disabled kindergarten { id } } } } }`
	for _, c := range []struct {
		user, field, name string
		whole             bool
	}{
		{"teacher", "confirmedBy", "partner", false},
		{"partner", "loggedBy", "teacher", false},
		{"teacher", "loggedBy", "teacher", true},
		{"partner", "confirmedBy", "partner", true},
		{"bureau", "confirmedBy", "partner", true},
		{"admin", "loggedBy", "teacher", true},
	} {
		u := get(e.as(t, c.user, q, map[string]any{"id": id}), "node", c.field)
		if get(u, "id") != demo.ID("user:"+c.name) || get(u, "displayName") == "" {
			t.Errorf("%s reading %s: %v", c.user, c.field, u)
			continue
		}
		shown := get(u, "username") == c.name && get(u, "lastLoginAt") != nil && get(u, "kindergarten") != nil
		if shown != c.whole {
			t.Errorf("%s reading %s: %v (whole: %v)", c.user, c.field, u, c.whole)
		}
	}
}

// Refused input says why in Chinese too when the client reads Chinese first, beside the
// English message API clients rely on.
func TestRefusedInputSaysWhyInChinese(t *testing.T) {
	e := demoServer(t)
	in := lesson(newID())
	in["topic"] = strings.Repeat("长", 230)
	body, _ := json.Marshal(map[string]any{"query": logSession, "variables": map[string]any{"in": in}})
	ask := func(lang string) map[string]any {
		req, _ := http.NewRequest(http.MethodPost, e.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+e.token(t, "teacher"))
		if lang != "" {
			req.Header.Set("Accept-Language", lang)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out gqlResponse
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		if out.Code() != "BAD_USER_INPUT" || out.Field() != "input.topic" {
			t.Fatalf("a topic of 230 characters: %+v", out.Errors)
		}
		return out.Errors[0].Extensions
	}
	if zh := ask("zh-CN,zh;q=0.9,en;q=0.8"); zh["localizedMessage"] != "太长了（230 个字，最多 200 个）" {
		t.Errorf("in Chinese: %v", zh)
	}
	if en := ask("en-GB,en;q=0.9"); en["localizedMessage"] != nil {
		t.Errorf("in English no Chinese is added: %v", en)
	}
	// A file refused outside GraphQL (an empty spreadsheet) says why in Chinese too.
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/import/kindergartens?dryRun=true", bytes.NewReader(nil))
	req.Header.Set("Authorization", "Bearer "+e.token(t, "bureau"))
	req.Header.Set("Accept-Language", "zh-CN")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out gqlResponse
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusBadRequest || out.Code() != "BAD_USER_INPUT" || out.Errors[0].Extensions["localizedMessage"] != "文件是空的" {
		t.Errorf("an empty import: %d %+v", res.StatusCode, out.Errors)
	}
}
