package main

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/photos/phototest"
)

// A story of 督查 and 整改: the county bureau inspects the demo pairing and asks for two
// things by deadlines (one already past); the partner answers one, the bureau closes it
// and sends the other back; an overdue item shows as overdue until it is closed.
func TestTheBureauInspectsAndThePartnerPutsItRight(t *testing.T) {
	e := demoServer(t)
	id, late, soon := newID(), newID(), newID()
	q := `mutation($in: InspectionInput!){ recordInspection(input:$in){ id open items { id status overdue } } }`
	r := e.as(t, "bureau", q, map[string]any{"in": map[string]any{"id": id, "pairingId": demo.TeacherPairing, "date": daysAgo(30),
		"inspectors": "县教育局学前科 王科长、李老师", "findings": "送教记录齐全；部分活动缺少照片；结对园教研记录不全。",
		"items": []any{
			map[string]any{"id": late, "text": "补齐十月份的教研记录", "deadline": daysAgo(5)},
			map[string]any{"id": soon, "text": "每次送教上传活动照片", "deadline": daysAgo(-30)},
		}}})
	items := get(r, "recordInspection", "items").([]any)
	if get(r, "recordInspection", "open") != true || get(items[0], "overdue") != true || get(items[1], "overdue") != false {
		t.Fatalf("the inspection as recorded: %v", r)
	}
	// The partner sees it among the open ones, and answers the overdue item.
	open := e.as(t, "partner", `{ inspections(first: 50, filter:{openOnly: true}){ edges { node { id } } } }`, nil)
	if !listHas("inspections")(open, map[string]any{"id": id}) {
		t.Fatal("the partner does not see the open inspection")
	}
	// It is sent with an id made on the phone, so the outbox may send it again.
	ans := `mutation($id:ID!, $item:ID!, $t:String!, $a:ID){ answerInspectionItem(inspectionId:$id, itemId:$item, text:$t, answerId:$a){ updatedAt items { id status answers { id text kindergarten { id } } } } }`
	answerID, answerText := newID(), "已补齐十月份三次教研记录，并上传签到表。"
	answer := map[string]any{"id": id, "item": late, "t": answerText, "a": answerID}
	r = e.as(t, "partner", ans, answer)
	if it := get(r, "answerInspectionItem", "items").([]any)[0]; get(it, "status") != "ANSWERED" || get(it, "answers", 0, "kindergarten", "id") != demo.PartnerKindergarten ||
		get(it, "answers", 0, "id") != answerID {
		t.Errorf("after the answer: %v", it)
	}
	updated := get(r, "answerInspectionItem", "updatedAt")
	answersOf := func(r map[string]any, field string) []any {
		return get(get(r, field, "items").([]any)[0], "answers").([]any)
	}
	if again := e.as(t, "partner", ans, answer); len(answersOf(again, "answerInspectionItem")) != 1 || get(again, "answerInspectionItem", "updatedAt") != updated {
		t.Errorf("the same answer sent again should be kept once, the inspection unchanged: %v", again)
	}
	if x := e.try(t, "partner", ans, map[string]any{"id": id, "item": late, "t": "另一段文字", "a": answerID}); x.Code() != "CONFLICT" {
		t.Errorf("another text under the same answerId: %+v", x.Errors)
	}
	if x := e.try(t, "partner", ans, map[string]any{"id": id, "item": late, "t": "x", "a": `{"$gt":""}`}); x.Code() != "BAD_USER_INPUT" || x.Field() != "answerId" {
		t.Errorf("a malformed answerId: %+v", x.Errors)
	}
	if x := e.try(t, "partner", `mutation($id:ID!, $item:ID!){ closeInspectionItem(inspectionId:$id, itemId:$item){ id } }`,
		map[string]any{"id": id, "item": late}); x.Code() != "FORBIDDEN" {
		t.Errorf("the partner closing an item: %+v", x.Errors)
	}
	// The bureau closes it and sends the other back.
	r = e.as(t, "bureau", `mutation($id:ID!, $item:ID!){ closeInspectionItem(inspectionId:$id, itemId:$item){ open items { status overdue closedBy { username } } } }`,
		map[string]any{"id": id, "item": late})
	if it := get(r, "closeInspectionItem", "items").([]any)[0]; get(it, "status") != "CLOSED" || get(it, "overdue") != false || get(it, "closedBy", "username") != "bureau" {
		t.Errorf("the closed item: %v", it)
	}
	if get(r, "closeInspectionItem", "open") != true {
		t.Error("the inspection should stay open while an item is not closed")
	}
	// The phone's copy of the answer arriving late, after the close, is no error and no second answer.
	if resent := e.as(t, "partner", ans, answer); len(answersOf(resent, "answerInspectionItem")) != 1 {
		t.Errorf("the answer sent again after the close: %v", resent)
	}
	if x := e.try(t, "partner", ans, map[string]any{"id": id, "item": late, "t": "新的答复", "a": newID()}); x.Code() != "CONFLICT" {
		t.Errorf("a new answer to a closed item: %+v", x.Errors)
	}
	r = e.as(t, "bureau", `mutation($id:ID!, $item:ID!){ reopenInspectionItem(inspectionId:$id, itemId:$item){ items { status reopened } } }`,
		map[string]any{"id": id, "item": soon})
	if it := get(r, "reopenInspectionItem", "items").([]any)[1]; get(it, "status") != "OPEN" {
		t.Errorf("the item sent back: %v", it)
	}
	e.as(t, "bureau", `mutation($id:ID!, $item:ID!){ closeInspectionItem(inspectionId:$id, itemId:$item){ id } }`, map[string]any{"id": id, "item": soon})
	if r := e.as(t, "bureau", `query($id:ID!){ node(id:$id){ ... on Inspection { open } } }`, map[string]any{"id": id}); get(r, "node", "open") != false {
		t.Errorf("with every item closed the inspection is closed: %v", r)
	}
	// A deadline before the inspection's day is refused, saying where.
	bad := e.try(t, "bureau", q, map[string]any{"in": map[string]any{"id": newID(), "pairingId": demo.TeacherPairing, "date": daysAgo(3),
		"inspectors": "督查组", "findings": "—", "items": []any{map[string]any{"id": newID(), "text": "x", "deadline": daysAgo(10)}}}})
	if bad.Code() != "BAD_USER_INPUT" || bad.Field() != "input.items[0].deadline" {
		t.Errorf("a deadline before the inspection: %+v", bad.Errors)
	}
}

// Each side writes its semester summary: a draft only its own kindergarten reads; once
// submitted, the other side and the bureau read it and it no longer changes; the bureau
// lists whose summaries are missing.
func TestEachSideSubmitsItsSemesterSummary(t *testing.T) {
	e := demoServer(t)
	sem := domain.SemesterOf(domain.DateOf(domain.Now()))
	save := `mutation($in: SummaryInput!){ saveSummary(input:$in){ id status side kindergarten { id } } }`
	list := `query($s:String!, $p:ID){ summaries(semester:$s, pairingId:$p){ kindergarten { id } side summary { text status } } }`
	stateOf := func(user, kg string) map[string]any {
		t.Helper()
		for _, st := range get(e.as(t, user, list, map[string]any{"s": sem, "p": demo.TeacherPairing}), "summaries").([]any) {
			if get(st, "kindergarten", "id") == kg {
				return st.(map[string]any)
			}
		}
		t.Fatalf("%s sees no state for %s", user, kg)
		return nil
	}
	r := e.as(t, "supporter", save, map[string]any{"in": map[string]any{"pairingId": demo.TeacherPairing, "semester": sem,
		"text": "本学期送教下乡十次，开展专题讲座两次，每月视导。"}})
	if get(r, "saveSummary", "status") != "DRAFT" || get(r, "saveSummary", "side") != "SUPPORTING" {
		t.Fatalf("the draft: %v", r)
	}
	if st := stateOf("partner", demo.TeacherKindergarten); st["summary"] != nil {
		t.Errorf("the partner reads the other side's draft: %v", st)
	}
	if st := stateOf("supporter", demo.TeacherKindergarten); get(st, "summary", "status") != "DRAFT" {
		t.Errorf("the writer does not read its draft: %v", st)
	}
	missing := func() bool {
		for _, st := range get(e.as(t, "bureau", `query($s:String!){ summaries(semester:$s, missingOnly:true){ pairing { id } kindergarten { id } } }`,
			map[string]any{"s": sem}), "summaries").([]any) {
			if get(st, "pairing", "id") == demo.TeacherPairing && get(st, "kindergarten", "id") == demo.TeacherKindergarten {
				return true
			}
		}
		return false
	}
	if !missing() {
		t.Error("a draft is still missing for the bureau")
	}
	r = e.as(t, "supporter", save, map[string]any{"in": map[string]any{"pairingId": demo.TeacherPairing, "semester": sem,
		"text": "本学期送教下乡十次，开展专题讲座两次，每月视导；下学期重点帮助结对园建立教研制度。", "submit": true}})
	if get(r, "saveSummary", "status") != "SUBMITTED" {
		t.Fatalf("submitted: %v", r)
	}
	if st := stateOf("partner", demo.TeacherKindergarten); get(st, "summary", "status") != "SUBMITTED" {
		t.Errorf("the partner does not read the submitted summary: %v", st)
	}
	if st := stateOf("bureau", demo.TeacherKindergarten); get(st, "summary", "text") == nil {
		t.Errorf("the bureau does not read it: %v", st)
	}
	if missing() {
		t.Error("a submitted summary is listed as missing")
	}
	if x := e.try(t, "supporter", save, map[string]any{"in": map[string]any{"pairingId": demo.TeacherPairing, "semester": sem, "text": "改"}}); x.Code() != "CONFLICT" {
		t.Errorf("changing a submitted summary: %+v", x.Errors)
	}
	if x := e.try(t, "partner", save, map[string]any{"in": map[string]any{"pairingId": demo.TeacherPairing, "semester": sem, "text": "", "submit": true}}); x.Code() != "BAD_USER_INPUT" {
		t.Errorf("submitting an empty summary: %+v", x.Errors)
	}
}

// What is due, from the targets and the records: the supporting side's hours still
// needed fall as lessons are logged, and this month's visit stops being missing once
// logged; the partner is told how many lessons wait for it; an item past its deadline is
// on the partner's and the bureau's lists until it is closed.
func TestWhatIsDueFollowsTheRecords(t *testing.T) {
	e := demoServer(t)
	dueQ := `{ due { semester weeksLeft items { kind pairing { id } partnerKindergarten { id } count amount days date text } } }`
	items := func(user string, kind string) []map[string]any {
		t.Helper()
		var out []map[string]any
		for _, it := range get(e.as(t, user, dueQ, nil), "due", "items").([]any) {
			if get(it, "kind") == kind {
				out = append(out, it.(map[string]any))
			}
		}
		return out
	}
	ours := func(list []map[string]any) map[string]any {
		for _, it := range list {
			if get(it, "pairing", "id") == demo.TeacherPairing && get(it, "partnerKindergarten", "id") == demo.PartnerKindergarten {
				return it
			}
		}
		return nil
	}
	if w := get(e.as(t, "teacher", dueQ, nil), "due", "weeksLeft").(float64); w < 0 || w > 27 {
		t.Errorf("weeks left in the semester: %v", w)
	}
	hoursBefore := 0.0
	if it := ours(items("supporter", "HOURS_NEEDED")); it != nil {
		hoursBefore = it["amount"].(float64)
	}
	// A lesson today, and this month's visit.
	today := daysAgo(0)
	in := lesson(newID())
	in["date"], in["hours"] = today, 1.0
	e.as(t, "teacher", logSession, map[string]any{"in": in})
	visit := lesson(newID())
	visit["date"], visit["type"], visit["hours"] = today, "MONTHLY_VISIT", 1.0
	e.as(t, "teacher", logSession, map[string]any{"in": visit})
	hoursAfter := 0.0
	if it := ours(items("supporter", "HOURS_NEEDED")); it != nil {
		hoursAfter = it["amount"].(float64)
	}
	if hoursBefore > 0 && hoursAfter != max(0, hoursBefore-1) && !(hoursBefore <= 1 && hoursAfter == 0) {
		t.Errorf("hours still needed: %v before a 1-hour lesson, %v after", hoursBefore, hoursAfter)
	}
	if it := ours(items("teacher", "VISIT_MISSING")); it != nil {
		t.Errorf("this month's visit is logged, yet it is missing: %v", it)
	}
	// The partner: lessons waiting for its confirmation.
	w := items("partner", "WAITING_CONFIRMATION")
	if len(w) != 1 || w[0]["count"].(float64) < 2 || w[0]["days"].(float64) < 0 {
		t.Errorf("waiting for the partner: %v", w)
	}
	// An item past its deadline, on both lists until it is closed.
	id, item := newID(), newID()
	text := "逾期事项 " + id[:6]
	e.as(t, "bureau", `mutation($in: InspectionInput!){ recordInspection(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"id": id, "pairingId": demo.TeacherPairing, "date": daysAgo(20), "inspectors": "督查组", "findings": "记录不全",
		"items": []any{map[string]any{"id": item, "text": text, "deadline": daysAgo(2)}}}})
	has := func(user string) bool {
		for _, it := range items(user, "ITEM_OVERDUE") {
			if it["text"] == text && it["days"].(float64) == 2 {
				return true
			}
		}
		return false
	}
	if !has("partner") || !has("bureau") || !has("supporter") {
		t.Errorf("the overdue item: partner %v, bureau %v, supporter %v", has("partner"), has("bureau"), has("supporter"))
	}
	if open := items("bureau", "INSPECTION_OPEN"); len(open) != 1 || open[0]["count"].(float64) < 1 {
		t.Errorf("open inspections for the bureau: %v", open)
	}
	e.as(t, "bureau", `mutation($id:ID!, $item:ID!){ closeInspectionItem(inspectionId:$id, itemId:$item){ id } }`, map[string]any{"id": id, "item": item})
	if has("partner") || has("bureau") {
		t.Error("a closed item is still overdue")
	}
}

// The plan says n+1 visits in a month that has passed, where n were logged: n are done,
// each linked to its record, one is overdue, and the home screen's list says so; copied
// forward, the plan lands in the next semester's months, undone.
func TestThePlanShowsWhatIsDoneAndOverdue(t *testing.T) {
	e := demoServer(t)
	today := domain.DateOf(domain.Now())
	sem := domain.SemesterOf(today)
	s, _ := domain.ParseSemester(sem)
	month := ""
	for _, m := range s.Months() {
		if m < today.Month() {
			month = m
			break
		}
	}
	current := month != ""
	if !current { // early in a term: the previous semester's first month
		sem = domain.SemesterOf(today.AddDays(-183))
		s, _ = domain.ParseSemester(sem)
		month = s.Months()[0]
	}
	visits := e.as(t, "supporter", `query($p:ID!, $s:String!){ teachingSessions(first:100, filter:{pairingIds:[$p], semesters:[$s], types:[MONTHLY_VISIT]}){
		edges { node { id month status } } } }`, map[string]any{"p": demo.TeacherPairing, "s": sem})
	var logged []string
	for _, edge := range get(visits, "teachingSessions", "edges").([]any) {
		if get(edge, "node", "month") == month && get(edge, "node", "status") != "QUERIED" {
			logged = append(logged, get(edge, "node", "id").(string))
		}
	}
	var items []any
	for range len(logged) + 1 {
		items = append(items, map[string]any{"id": newID(), "type": "MONTHLY_VISIT", "month": month, "partnerKindergartenId": demo.PartnerKindergarten,
			"responsible": "马霞"})
	}
	items = append(items, map[string]any{"id": newID(), "type": "SPECIAL_LECTURE", "month": s.Months()[len(s.Months())-1], "responsible": "园长"})
	r := e.as(t, "supporter", `mutation($p:ID!, $s:String!, $a:[PlannedActivityInput!]!){ setPlan(pairingId:$p, semester:$s, activities:$a){
		plan(semester:$s){ type month status due responsible session { id } } } }`, map[string]any{"p": demo.TeacherPairing, "s": sem, "a": items})
	done, overdue, planned := 0, 0, 0
	for _, it := range get(r, "setPlan", "plan").([]any) {
		switch get(it, "status") {
		case "DONE":
			done++
			if sid, _ := get(it, "session", "id").(string); !slices.Contains(logged, sid) {
				t.Errorf("a done item links %v, not one of the month's visits %v", get(it, "session"), logged)
			}
		case "OVERDUE":
			overdue++
		case "PLANNED":
			planned++
		}
	}
	if done != len(logged) || overdue != 1 || planned+done+overdue != len(items) {
		t.Errorf("%d visits logged in %s: %d done, %d overdue, %d planned", len(logged), month, done, overdue, planned)
	}
	if current {
		found := false
		for _, it := range get(e.as(t, "supporter", `{ due { items { kind count pairing { id } } } }`, nil), "due", "items").([]any) {
			found = found || (get(it, "kind") == "PLAN_OVERDUE" && get(it, "pairing", "id") == demo.TeacherPairing && get(it, "count") == 1.0)
		}
		if !found {
			t.Error("the home screen's list does not say one planned visit is overdue")
		}
	}
	// Copied forward into the next semester: the same months of its term, nothing done yet.
	last := s.Months()[len(s.Months())-1]
	next := domain.SemesterOf(domain.Date(last + "-28").AddDays(20))
	c := e.as(t, "supporter", `mutation($p:ID!, $f:String!, $t:String!){ copyPlanForward(pairingId:$p, from:$f, to:$t){ plan(semester:$t){ month status } } }`,
		map[string]any{"p": demo.TeacherPairing, "f": sem, "t": next})
	ns, _ := domain.ParseSemester(next)
	copied := get(c, "copyPlanForward", "plan").([]any)
	if len(copied) != len(items) || get(copied[0], "month") != ns.Months()[slices.Index(s.Months(), month)] {
		t.Errorf("copied forward: %v", copied)
	}
	if x := e.try(t, "supporter", `mutation($p:ID!, $f:String!, $t:String!){ copyPlanForward(pairingId:$p, from:$f, to:$t){ id } }`,
		map[string]any{"p": demo.TeacherPairing, "f": sem, "t": next}); x.Code() != "CONFLICT" {
		t.Errorf("copying onto a plan: %+v", x.Errors)
	}
}

// A mentorship keeps its activities and a session its teachers' reflections, each once
// however often a phone sends it; both are in the assistance file.
func TestMentorshipActivitiesAndReflectionsReachTheFile(t *testing.T) {
	e := demoServer(t)
	m := demo.ID("mentorship:" + demo.TeacherPairingName)
	act := map[string]any{"id": newID(), "mentorshipId": m, "date": daysAgo(3), "kind": "LESSON_STUDY", "notes": "反思检查：与徒弟一起磨课《小蝌蚪找妈妈》"}
	for range 2 {
		e.as(t, "partner", `mutation($in: MentorshipActivityInput!){ addMentorshipActivity(input:$in){ id } }`, map[string]any{"in": act})
	}
	r := e.as(t, "supporter", `query($id:ID!){ node(id:$id){ ... on Mentorship { activities { id kind notes loggedBy { id } } } } }`, map[string]any{"id": m})
	n := 0
	for _, a := range get(r, "node", "activities").([]any) {
		if get(a, "id") == act["id"] {
			n++
			if get(a, "loggedBy", "id") != demo.ID("user:partner") {
				t.Errorf("logged by %v", get(a, "loggedBy"))
			}
		}
	}
	if n != 1 {
		t.Errorf("the activity sent twice is kept %d times", n)
	}
	session := logLessonOn(t, e, daysAgo(1))
	ref := map[string]any{"id": newID(), "sessionId": session, "kind": "REFLECTION", "text": "反思检查：幼儿对沉浮的猜想很丰富，下次留更多操作时间。"}
	for range 2 {
		e.as(t, "teacher", `mutation($in: ReflectionInput!){ addReflection(input:$in){ id } }`, map[string]any{"in": ref})
	}
	s := e.as(t, "partner", `query($id:ID!){ teachingSession(id:$id){ reflections { text kind teacher { id } } } }`, map[string]any{"id": session})
	if rs := get(s, "teachingSession", "reflections").([]any); len(rs) != 1 || get(rs[0], "text") != ref["text"] {
		t.Errorf("reflections: %v", rs)
	}
	if x := e.try(t, "supporter", `mutation($in: ReflectionInput!){ addReflection(input:$in){ id } }`,
		map[string]any{"in": map[string]any{"id": newID(), "sessionId": session, "kind": "NOTES", "text": "x"}}); x.Code() != "FORBIDDEN" {
		t.Errorf("an admin without a teacher record writing a reflection: %+v", x.Errors)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return
	}
	status, _, pdf := e.fetch(t, "bureau", "GET", "/export/pairing-file.pdf?pairingId="+demo.TeacherPairing+"&semester="+domain.SemesterOf(domain.Date(daysAgo(1))), nil)
	if status != 200 {
		t.Fatalf("the file: %d", status)
	}
	path := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	text, _ := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	for _, want := range []string{squeeze(act["notes"].(string)), squeeze(ref["text"].(string)), "带教活动", "教育反思"} {
		if !strings.Contains(squeeze(string(text)), want) {
			t.Errorf("the file lacks %q", want)
		}
	}
}

// The follow-up records take photos as sessions do (the ticket flow): a summary's while
// it is a draft, by its own kindergarten's admin; what a side did about an inspection's
// item; a mentorship activity's; a donation's. Each shows on its record and in the file's ZIP, and is
// counted among the photos of the statistics.
func TestSummariesInspectionsActivitiesAndDonationsTakePhotos(t *testing.T) {
	e := demoServer(t)
	photosStat := func() float64 {
		t.Helper()
		r := e.as(t, "bureau", `{ stats(query:{subject:PHOTOS, measures:[COUNT]}){ total { values } } }`, nil)
		return get(r, "stats", "total", "values", 0).(float64)
	}
	before := photosStat()
	send := func(user, subject string, part *string, seed byte) (string, *gqlResponse) {
		t.Helper()
		data := phototest.DetailedJPEG(320, 240, 900+int(seed))
		in := photoInput(subject, data, "image/jpeg")
		if part != nil {
			in["partId"] = *part
		}
		r := e.do(t, e.token(t, user), requestUpload, map[string]any{"in": in})
		if len(r.Errors) > 0 {
			return "", r
		}
		if st := put(t, e, r.Data["requestPhotoUpload"], data); st != 200 {
			t.Fatalf("upload: %d", st)
		}
		if c := e.do(t, e.token(t, user), completeQ, map[string]any{"id": in["id"]}); len(c.Errors) > 0 {
			t.Fatal(c.Errors[0].Message)
		}
		return in["id"].(string), nil
	}
	must := func(id string, r *gqlResponse) string {
		t.Helper()
		if r != nil {
			t.Fatalf("refused: %s %s", r.Code(), r.Errors[0].Message)
		}
		return id
	}
	refused := func(what, want, user, subject string, part *string, seed byte) {
		t.Helper()
		if _, r := send(user, subject, part, seed); r == nil || r.Code() != want {
			t.Errorf("%s: %+v, want %s", what, r, want)
		}
	}

	// A summary of two semesters ago, as the partner's draft.
	sem := domain.SemesterOf(domain.Date(daysAgo(365)))
	save := `mutation($in: SummaryInput!){ saveSummary(input:$in){ id } }`
	r := e.as(t, "partner", save, map[string]any{"in": map[string]any{"pairingId": demo.TeacherPairing, "semester": sem, "text": "照片检查：本学期参加送教活动十次。"}})
	summary := get(r, "saveSummary", "id").(string)
	// The other side does not see a draft, so cannot name it either.
	refused("the other side adding to the partner's draft summary", "BAD_USER_INPUT", "supporter", summary, nil, 1)
	summaryPhoto := must(send("partner", summary, nil, 2))
	e.as(t, "partner", save, map[string]any{"in": map[string]any{"pairingId": demo.TeacherPairing, "semester": sem, "text": "照片检查：本学期参加送教活动十次。", "submit": true}})
	refused("a photo for a submitted summary", "CONFLICT", "partner", summary, nil, 3)
	q := `query($s:String!, $p:ID){ summaries(semester:$s, pairingId:$p){ kindergarten { id } summary { photos { count items { id } } } } }`
	found := false
	for _, st := range get(e.as(t, "bureau", q, map[string]any{"s": sem, "p": demo.TeacherPairing}), "summaries").([]any) {
		if ph := get(st, "summary", "photos", "items"); ph != nil && len(ph.([]any)) == 1 && get(ph.([]any)[0], "id") == summaryPhoto {
			found = true
		}
	}
	if !found {
		t.Errorf("the bureau does not see the summary's photo %s", summaryPhoto)
	}

	// An inspection's item, answered with a photo by the partner.
	insp, item := newID(), newID()
	e.as(t, "bureau", `mutation($in: InspectionInput!){ recordInspection(input:$in){ id } }`, map[string]any{"in": map[string]any{"id": insp, "pairingId": demo.TeacherPairing,
		"date": daysAgo(2), "inspectors": "县教育局 照片检查", "findings": "活动缺少照片。", "items": []any{map[string]any{"id": item, "text": "补交活动照片", "deadline": daysAgo(-20)}}}})
	refused("an inspection photo without its item", "BAD_USER_INPUT", "partner", insp, nil, 4)
	other := newID()
	refused("an inspection photo of no item of it", "BAD_USER_INPUT", "partner", insp, &other, 5)
	refused("a teacher adding to an inspection", "FORBIDDEN", "teacher", insp, &item, 6)
	itemPhoto := must(send("partner", insp, &item, 7))
	r = e.as(t, "bureau", `query($id:ID!){ node(id:$id){ ... on Inspection { items { id photos { items { id } } } } } }`, map[string]any{"id": insp})
	if ph := get(r, "node", "items", 0, "photos", "items").([]any); len(ph) != 1 || get(ph[0], "id") != itemPhoto {
		t.Errorf("the item's photos: %v", ph)
	}

	// A mentorship's activity, with a photo from the apprentice's admin.
	m := demo.ID("mentorship:" + demo.TeacherPairingName)
	act := newID()
	e.as(t, "partner", `mutation($in: MentorshipActivityInput!){ addMentorshipActivity(input:$in){ id } }`,
		map[string]any{"in": map[string]any{"id": act, "mentorshipId": m, "date": daysAgo(4), "kind": "OBSERVATION", "notes": "照片检查：听课观摩"}})
	actPhoto := must(send("partner", m, &act, 8))
	r = e.as(t, "supporter", `query($id:ID!){ node(id:$id){ ... on Mentorship { activities { id photos { items { id } } } } } }`, map[string]any{"id": m})
	ok := false
	for _, a := range get(r, "node", "activities").([]any) {
		if get(a, "id") == act {
			ph := get(a, "photos", "items").([]any)
			ok = len(ph) == 1 && get(ph[0], "id") == actPhoto
		}
	}
	if !ok {
		t.Errorf("the activity's photos: %v", r)
	}

	// A donation's, from the supporting admin (the partner does not manage the pairing).
	don := newID()
	e.as(t, "supporter", `mutation($in: DonationInput!){ createDonation(input:$in){ id } }`, map[string]any{"in": map[string]any{"id": don,
		"pairingId": demo.TeacherPairing, "partnerKindergartenId": demo.PartnerKindergarten, "date": daysAgo(6), "items": []any{map[string]any{"name": "照片检查：绘本", "quantity": 20, "value": 600}}}})
	refused("the partner adding to a donation", "FORBIDDEN", "partner", don, nil, 9)
	donPhoto := must(send("supporter", don, nil, 10))
	r = e.as(t, "bureau", `query($id:ID!){ node(id:$id){ ... on Donation { photos { items { id } } } } }`, map[string]any{"id": don})
	if ph := get(r, "node", "photos", "items").([]any); len(ph) != 1 || get(ph[0], "id") != donPhoto {
		t.Errorf("the donation's photos: %v", ph)
	}

	// The statistics count them with the other photos, as the records browser lists them.
	if after := photosStat(); after != before+4 {
		t.Errorf("the statistics' photos went from %v to %v, want 4 more", before, after)
	}
	// The whole period's ZIP names each photo by its record.
	status, _, zb := e.fetch(t, "bureau", "GET", "/export/pairing-file.zip?pairingId="+demo.TeacherPairing, nil)
	if status != 200 {
		t.Fatalf("the file's ZIP: %d", status)
	}
	zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	for _, want := range []string{"学期总结_结对园", "督查整改_" + item[:8], "带教活动_" + act[:8], "捐赠_" + don[:8]} {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, want) }) {
			t.Errorf("the ZIP has no photo named %q", want)
		}
	}
}
