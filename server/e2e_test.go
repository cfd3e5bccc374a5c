package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/httpapi"
	"github.com/handinhand/handinhand/photos/phototest"
	"github.com/handinhand/handinhand/sheet"
	"github.com/handinhand/handinhand/storage/storagetest"
	"net/http/httptest"
)

// e2eReady says whether the browser tests can run: Debian's Chromium and the app's node
// modules. scripts/test.sh installs both and sets HANDINHAND_REQUIRE_E2E, so there a
// missing piece fails instead of skipping.
func e2eReady(t *testing.T) string {
	t.Helper()
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	_, errC := os.Stat(chromium)
	_, errN := os.Stat("../pwa/node_modules/playwright-core")
	if errC != nil || errN != nil {
		if os.Getenv("HANDINHAND_REQUIRE_E2E") != "" {
			t.Fatalf("browser tests need %s and pwa/node_modules (scripts/test.sh installs them)", chromium)
		}
		t.Skip("no Chromium or pwa/node_modules: run scripts/test.sh")
	}
	return chromium
}

// screenshots is where the browser tests save what each screen looked like.
func screenshots(t *testing.T, name string) string {
	dir, err := filepath.Abs(filepath.Join("..", "test-output", "screens", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestTeacherLogsALessonOffline drives the real app in Chromium against the real server:
// a lesson logged with no network, the app reloaded offline, then synced exactly once.
func TestTeacherLogsALessonOffline(t *testing.T) {
	chromium := e2eReady(t)
	e := demoServer(t)
	topic := "离线示范课 " + newID()[:8]
	// Three 12 MP camera photos, about 3.6 MB each.
	args := []string{"e2e/offline-lesson.mjs", e.URL, "teacher", demo.Password, topic, screenshots(t, "offline-lesson")}
	dir := t.TempDir()
	for i := 0; i < 3; i++ {
		p := filepath.Join(dir, fmt.Sprintf("IMG_%04d.jpg", i))
		if err := os.WriteFile(p, phototest.DetailedJPEG(4000, 3000, i), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	var shown struct {
		BureauHours float64 `json:"bureauHours"`
		Behind      int     `json:"behind"`
	}
	runBrowser(t, chromium, &shown, args...)
	me := e.as(t, "teacher", `{ me { teacher { id } } }`, nil)
	d := e.as(t, "teacher", `query($p:ID!){ teachingSessions(first:100, filter:{pairingIds:[$p]}){ edges { node { id topic hours domains
		teachers { id } photos { count items { id status width height } } } } } }`, map[string]any{"p": demo.TeacherPairing})
	n := 0
	for _, edge := range get(d, "teachingSessions", "edges").([]any) {
		if get(edge, "node", "topic") != topic {
			continue
		}
		n++
		// Taught by the signed-in teacher, as the form suggests without a tap.
		if ts := get(edge, "node", "teachers").([]any); len(ts) != 1 || get(ts[0], "id") != get(me, "me", "teacher", "id") {
			t.Errorf("taught by %v, want the signed-in teacher %v", ts, get(me, "me", "teacher"))
		}
		if get(edge, "node", "hours") != 1.5 || get(edge, "node", "domains", 0) != "ART" {
			t.Errorf("stored as %v", get(edge, "node"))
		}
		if get(edge, "node", "photos", "count") != 3.0 {
			t.Fatalf("photos: %v", get(edge, "node", "photos"))
		}
		for _, it := range get(edge, "node", "photos", "items").([]any) {
			if get(it, "status") != "READY" || get(it, "width") != 1600.0 || get(it, "height") != 1200.0 {
				t.Errorf("photo %v", it)
			}
			// What left the phone: the app's shrunk JPEG.
			ph, err := e.App.Store.Photo(context.Background(), get(it, "id").(string))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("a 12 MP photo of 3.6 MB left the phone as %d KB", ph.DeclaredSize/1024)
			if ph.DeclaredSize > 400<<10 {
				t.Errorf("a photo left the phone as %d bytes (budget 400 KB)", ph.DeclaredSize)
			}
		}
	}
	if n != 1 {
		t.Fatalf("the lesson logged offline is stored %d times, want once", n)
	}
	// The partner confirmed it in the app, and the bureau's dashboard showed its region's
	// hours as the API counts them, this lesson included.
	d = e.as(t, "teacher", `query($p:ID!){ teachingSessions(first:100, filter:{pairingIds:[$p], confirmed:true}){ edges { node { topic rating } } } }`,
		map[string]any{"p": demo.TeacherPairing})
	confirmed := false
	for _, edge := range get(d, "teachingSessions", "edges").([]any) {
		if get(edge, "node", "topic") == topic {
			confirmed = get(edge, "node", "rating") == 4.0
		}
	}
	if !confirmed {
		t.Fatal("the partner's confirmation with rating 4 did not arrive")
	}
	d = e.as(t, "partner", `query($p:ID!){ teachingSessions(first:100, filter:{pairingIds:[$p], directions:[INBOUND]}){ edges { node { topic type loggedBySide } } } }`,
		map[string]any{"p": demo.TeacherPairing})
	study := 0
	for _, edge := range get(d, "teachingSessions", "edges").([]any) {
		if get(edge, "node", "topic") == topic+" 跟岗" && get(edge, "node", "type") == "FOLLOW_UP_STUDY" && get(edge, "node", "loggedBySide") == "PARTNER" {
			study++
		}
	}
	if study != 1 {
		t.Fatalf("the partner's study stay is stored %d times, want once", study)
	}
	st := e.as(t, "bureau", `{ stats(query:{subject:TEACHING_SESSIONS, measures:[HOURS], filter:{directions:[OUTBOUND]}}){ total { values } } }`, nil)
	if want := get(st, "stats", "total", "values", 0).(float64); shown.BureauHours != want || want < 1.5 {
		t.Fatalf("the dashboard showed %v hours; the API counts %v", shown.BureauHours, want)
	}
	c := e.as(t, "bureau", `query($s: String!) { compliance(semester: $s, statuses: [BEHIND], limit: 10) { status } }`,
		map[string]any{"s": domain.SemesterOf(domain.DateOf(time.Now()))})
	if n := len(get(c, "compliance").([]any)); shown.Behind != n {
		t.Fatalf("the dashboard listed %d partners behind; the API has %d", shown.Behind, n)
	}
}

// TestTeacherGradesALessonOffline runs e2e/grade.mjs: a supporting teacher grades a
// partner teacher's lesson with no signal; once online it is stored exactly once, as
// entered, and counts in the partner's compliance row.
func TestTeacherGradesALessonOffline(t *testing.T) {
	chromium := e2eReady(t)
	e := demoServer(t)
	topic := "评课 大班科学 " + newID()[:8]
	var shown struct {
		Teacher   string             `json:"teacher"`
		Queued    int                `json:"queued"`
		Online    map[string]float64 `json:"online"`
		Offline   map[string]float64 `json:"offline"`
		Due       []string           `json:"due"`
		Reflected string             `json:"reflected"`
	}
	runBrowser(t, chromium, &shown, "e2e/grade.mjs", e.URL, "teacher", demo.Password, topic, screenshots(t, "grade"))
	if shown.Queued != 1 {
		t.Errorf("%d records queued offline, want the one grade", shown.Queued)
	}
	// The reflection written in 我的送教 reached its session.
	refl := e.as(t, "teacher", `query($id:ID!){ teachingSession(id:$id){ reflections { text kind } } }`, map[string]any{"id": shown.Reflected})
	if rs, _ := get(refl, "teachingSession", "reflections").([]any); len(rs) == 0 || get(rs[len(rs)-1], "text") != topic+" 反思：下次给幼儿更多动手时间。" {
		t.Errorf("the reflection on %s: %v", shown.Reflected, refl)
	}
	// The first screen listed what the API says is due for the teacher.
	var due []string
	for _, it := range get(e.as(t, "teacher", `{ due { items { kind } } }`, nil), "due", "items").([]any) {
		due = append(due, get(it, "kind").(string))
	}
	slices.Sort(due)
	slices.Sort(shown.Due)
	if !slices.Equal(due, shown.Due) {
		t.Errorf("the home screen listed %v as due; the API has %v", shown.Due, due)
	}
	d := e.as(t, "teacher", `query($p:ID!){ lessonGrades(first:100, filter:{pairingIds:[$p]}){ edges { node { topic grade domain comments semester
		teacher { id kindergarten { id } } gradedBy { username } } } } }`, map[string]any{"p": demo.TeacherPairing})
	var found []any
	for _, edge := range get(d, "lessonGrades", "edges").([]any) {
		if get(edge, "node", "topic") == topic {
			found = append(found, get(edge, "node"))
		}
	}
	if len(found) != 1 {
		t.Fatalf("the grade given offline is stored %d times, want once", len(found))
	}
	g := found[0]
	if get(g, "grade") != "EXCELLENT" || get(g, "domain") != "SCIENCE" || get(g, "comments") != "提问有层次，幼儿参与度高" ||
		get(g, "teacher", "id") != shown.Teacher || get(g, "teacher", "kindergarten", "id") != demo.PartnerKindergarten || get(g, "gradedBy", "username") != "teacher" {
		t.Errorf("stored as %v", g)
	}
	// 我的送教 showed the teacher's sessions of this semester as the API lists them, and the
	// same with no signal.
	me := get(e.as(t, "teacher", `{ me { teacher { id } } }`, nil), "me", "teacher", "id")
	list := e.as(t, "teacher", `query($t:ID!, $s:String!){ teachingSessions(first:100, filter:{teacherId:$t, semesters:[$s]}){ totalCount edges { node { hours type } } } }`,
		map[string]any{"t": me, "s": get(g, "semester")})
	want := map[string]float64{"sessions": get(list, "teachingSessions", "totalCount").(float64)}
	for _, edge := range get(list, "teachingSessions", "edges").([]any) {
		want["hours"] += get(edge, "node", "hours").(float64)
		switch get(edge, "node", "type") {
		case "SPECIAL_LECTURE":
			want["lectures"]++
		case "MONTHLY_VISIT":
			want["visits"]++
		}
	}
	want["hours"] = math.Round(want["hours"]*100) / 100
	if !maps.Equal(shown.Online, want) || !maps.Equal(shown.Offline, want) || want["sessions"] == 0 {
		t.Errorf("我的送教 showed %v online and %v offline; the API has %v", shown.Online, shown.Offline, want)
	}
	c := e.as(t, "teacher", `query($s:String!){ compliance(semester:$s){ pairingId partnerKindergartenId graded excellent } }`, map[string]any{"s": get(g, "semester")})
	for _, r := range get(c, "compliance").([]any) {
		if get(r, "pairingId") == demo.TeacherPairing && (get(r, "graded").(float64) < 1 || get(r, "excellent").(float64) < 1) {
			t.Errorf("the partner's compliance row does not count the grade: %v", r)
		}
	}
}

// TestTheBureauInspectsInTheApp runs e2e/followup.mjs: an inspection recorded in the
// bureau's screen, answered in the partner's, accepted by the bureau; the partner's
// summary submitted. The API has each as the screens showed it.
func TestTheBureauInspectsInTheApp(t *testing.T) {
	chromium := e2eReady(t)
	e := demoServer(t)
	tag := "督查" + newID()[:6]
	var shown struct {
		Inspection string   `json:"inspection"`
		Semester   string   `json:"semester"`
		PlanMonth  string   `json:"planMonth"`
		Planned    []string `json:"planned"`
	}
	photo := filepath.Join(t.TempDir(), "answer.jpg")
	if err := os.WriteFile(photo, phototest.DetailedJPEG(1200, 900, 17), 0o600); err != nil {
		t.Fatal(err)
	}
	runBrowser(t, chromium, &shown, "e2e/followup.mjs", e.URL, demo.Password, demo.TeacherPairing, tag, daysAgo(-14), screenshots(t, "followup"), photo)
	r := e.as(t, "bureau", `query($id:ID!){ node(id:$id){ ... on Inspection { pairing { id } findings open items { text status deadline
		answers { text kindergarten { id } } closedBy { username } photos { items { width } } } } } }`, map[string]any{"id": shown.Inspection})
	it := get(r, "node", "items", 0)
	// The answer's photo, shrunk on the phone (1600 px at most) and kept.
	if ph, _ := get(it, "photos", "items").([]any); len(ph) != 1 || get(ph[0], "width").(float64) > 1600 {
		t.Errorf("the answer's photos: %v", get(it, "photos"))
	}
	if get(r, "node", "pairing", "id") != demo.TeacherPairing || !strings.HasPrefix(get(r, "node", "findings").(string), tag) || get(r, "node", "open") != false ||
		get(it, "status") != "CLOSED" || get(it, "deadline") != daysAgo(-14) || get(it, "answers", 0, "kindergarten", "id") != demo.PartnerKindergarten ||
		get(it, "closedBy", "username") != "bureau" {
		t.Errorf("the inspection is stored as %v", r)
	}
	s := e.as(t, "bureau", `query($s:String!, $p:ID){ summaries(semester:$s, pairingId:$p){ kindergarten { id } summary { text status } } }`,
		map[string]any{"s": shown.Semester, "p": demo.TeacherPairing})
	found := false
	for _, st := range get(s, "summaries").([]any) {
		if get(st, "kindergarten", "id") == demo.PartnerKindergarten {
			found = get(st, "summary", "status") == "SUBMITTED" && strings.HasPrefix(get(st, "summary", "text").(string), tag)
		}
	}
	if !found {
		t.Errorf("the partner's summary of %s is not submitted as typed: %v", shown.Semester, s)
	}
	// The plan the supporting admin saved, with the statuses the screen showed.
	p := e.as(t, "supporter", `query($p:ID!, $s:String!){ pairing(id:$p){ plan(semester:$s){ month status responsible } } }`,
		map[string]any{"p": demo.TeacherPairing, "s": domain.SemesterOf(domain.DateOf(domain.Now()))})
	var statuses []string
	for _, it := range get(p, "pairing", "plan").([]any) {
		if get(it, "responsible") != tag+"责任人" {
			continue
		}
		if get(it, "month") != shown.PlanMonth {
			t.Errorf("a planned item in %v, want %s", get(it, "month"), shown.PlanMonth)
		}
		statuses = append(statuses, get(it, "status").(string))
	}
	if len(statuses) != 2 || !slices.Equal(statuses, shown.Planned) {
		t.Errorf("the plan is stored as %v; the screen showed %v", p, shown.Planned)
	}
}

// runBrowser runs one of the app's browser scripts and returns the JSON of its last line.
func runBrowser(t *testing.T, chromium string, result any, args ...string) {
	t.Helper()
	cmd := exec.Command("node", args...)
	cmd.Dir = "../pwa"
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("%s(%s)", out, time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("browser run failed: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), result); err != nil {
		t.Fatalf("no result line in %s", out)
	}
}

// TestSupportingAdminWorksOffline: the supporting kindergarten's admin, with no network,
// adds a phase to a pairing's plan, creates a training event and takes its attendance,
// and starts a mentorship; after a reload offline and the network's return, each is
// stored exactly once, as entered. Every screen passes the accessibility checks.
func TestSupportingAdminWorksOffline(t *testing.T) {
	chromium := e2eReady(t)
	e := demoServer(t)
	tag := newID()[:8]
	var shown struct {
		Present      []string `json:"present"`
		MentorID     string   `json:"mentorId"`
		ApprenticeID string   `json:"apprenticeId"`
		OwnTeachers  float64  `json:"ownTeachers"`
	}
	photo := filepath.Join(t.TempDir(), "books.jpg")
	if err := os.WriteFile(photo, phototest.DetailedJPEG(1200, 900, 23), 0o600); err != nil {
		t.Fatal(err)
	}
	runBrowser(t, chromium, &shown, "e2e/supporting-admin.mjs", e.URL, "supporter", demo.Password, demo.TeacherPairing, tag,
		screenshots(t, "supporting-admin"), photo)
	own := e.as(t, "supporter", `query($k:ID!){ teachers(first: 1, filter:{kindergartenId:$k}){ totalCount } }`, map[string]any{"k": demo.TeacherKindergarten})
	if get(own, "teachers", "totalCount") != shown.OwnTeachers || shown.OwnTeachers == 0 {
		t.Errorf("the admin's own teachers shown: %v; the API has %v", shown.OwnTeachers, get(own, "teachers", "totalCount"))
	}

	d := e.as(t, "supporter", `query($p: ID!) { pairing(id: $p) { phases { name start end } start end
		mentorships(first: 100) { edges { node { goals mentor { id } apprentices { id } } } } } }`, map[string]any{"p": demo.TeacherPairing})
	phases := 0
	for _, ph := range get(d, "pairing", "phases").([]any) {
		if get(ph, "name") == "第三阶段 "+tag {
			phases++
			if get(ph, "start") != get(d, "pairing", "start") || get(ph, "end") != get(d, "pairing", "end") {
				t.Errorf("the new phase is stored as %v", ph)
			}
		}
	}
	if phases != 1 {
		t.Errorf("the phase added offline is stored %d times, want once", phases)
	}
	mentorships := 0
	for _, edge := range get(d, "pairing", "mentorships", "edges").([]any) {
		if get(edge, "node", "goals") != "一年内独立上公开课 "+tag {
			continue
		}
		mentorships++
		if get(edge, "node", "mentor", "id") != shown.MentorID || get(edge, "node", "apprentices", 0, "id") != shown.ApprenticeID {
			t.Errorf("the mentorship is stored as %v; the admin chose %s → %s", get(edge, "node"), shown.MentorID, shown.ApprenticeID)
		}
	}
	if mentorships != 1 {
		t.Errorf("the mentorship started offline is stored %d times, want once", mentorships)
	}
	acts := e.as(t, "supporter", `{ mentorships(first: 100) { edges { node { goals activities { kind notes } } } } }`, nil)
	logged := 0
	for _, edge := range get(acts, "mentorships", "edges").([]any) {
		for _, a := range get(edge, "node", "activities").([]any) {
			if get(a, "notes") == "磨课 "+tag && get(a, "kind") == "LESSON_STUDY" {
				logged++
			}
		}
	}
	if logged != 1 {
		t.Errorf("the activity logged offline is stored %d times, want once", logged)
	}
	donations := 0
	for _, edge := range get(e.as(t, "supporter", `{ donations(first: 100) { edges { node { value partnerKindergarten { id } items { name quantity } photos { count } } } } }`, nil),
		"donations", "edges").([]any) {
		if get(edge, "node", "items", 0, "name") != "绘本 "+tag {
			continue
		}
		donations++
		if get(edge, "node", "value") != 1500.0 || get(edge, "node", "items", 0, "quantity") != 30.0 || get(edge, "node", "partnerKindergarten", "id") != demo.PartnerKindergarten ||
			get(edge, "node", "photos", "count") != 1.0 {
			t.Errorf("the donation is stored as %v", get(edge, "node"))
		}
	}
	if donations != 1 {
		t.Errorf("the donation recorded offline is stored %d times, want once", donations)
	}
	if st, h, b := e.fetch(t, "supporter", "GET", "/export/donations.xlsx", nil); st != 200 || !strings.Contains(h.Get("Content-Type"), "spreadsheet") || len(b) < 1000 {
		t.Errorf("the donations export: %d %s %d bytes", st, h.Get("Content-Type"), len(b))
	}

	d = e.as(t, "supporter", `query($q: String) { trainingEvents(first: 10, filter: { titleContains: $q }) { edges { node {
		title type hours attendeeCount attendance { teacher { id } hours } pairings { id } } } } }`, map[string]any{"q": tag})
	events := get(d, "trainingEvents", "edges").([]any)
	if len(events) != 1 {
		t.Fatalf("the event created offline is stored %d times, want once", len(events))
	}
	ev := get(events[0], "node")
	if get(ev, "type") != "SCHOOL_BASED_RESEARCH" || get(ev, "hours") != 1.5 || get(ev, "attendeeCount") != 3.0 {
		t.Errorf("the event is stored as %v", ev)
	}
	// It serves the kindergarten's active pairings, as the form offers them ticked.
	if prs := get(ev, "pairings").([]any); len(prs) == 0 || !slices.ContainsFunc(prs, func(p any) bool { return get(p, "id") == demo.TeacherPairing }) {
		t.Errorf("the event serves %v; want the kindergarten's pairing", prs)
	}
	var ids []string
	for _, a := range get(ev, "attendance").([]any) {
		ids = append(ids, get(a, "teacher", "id").(string))
		if get(a, "hours") != 1.5 {
			t.Errorf("attendance %v: want the event's 1.5 hours", a)
		}
	}
	if fmt.Sprint(sorted(ids)) != fmt.Sprint(sorted(shown.Present)) {
		t.Errorf("attendance %v, the admin ticked %v", ids, shown.Present)
	}
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	slices.Sort(s)
	return s
}

// TestThePhoneInTheField runs e2e/field.mjs (a shared phone, a stalled upload, a flaky
// network, a closed app, a slow phone, a reused photo, pause and Wi-Fi only) and checks
// through the API that each lesson was stored exactly once, as its own teacher's, with
// what was typed, its photos, their capture time and the flags the bureau saw.
func TestThePhoneInTheField(t *testing.T) {
	chromium := e2eReady(t)
	e := demoServer(t)
	tag := newID()[:8]
	dir := t.TempDir()
	// 30 days before the lesson, which the app dates today in China time.
	cn := time.Now().In(domain.ChinaTime)
	taken := time.Date(cn.Year(), cn.Month(), cn.Day(), 10, 15, 30, 0, domain.ChinaTime).AddDate(0, 0, -30)
	scene := filepath.Join(dir, "IMG_0100.jpg")
	if err := os.WriteFile(scene, phototest.CameraSceneJPEG(t, 2000, 1500, 7, taken), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"e2e/field.mjs", e.URL, demo.Password, tag, screenshots(t, "field"), scene}
	for i := 0; i < 3; i++ {
		p := filepath.Join(dir, fmt.Sprintf("IMG_%04d.jpg", i))
		if err := os.WriteFile(p, phototest.DetailedJPEG(4000, 3000, 10+i), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	var shown struct {
		Topics      map[string]string `json:"topics"`
		ReconnectMs float64           `json:"reconnectMs"`
	}
	runBrowser(t, chromium, &shown, args...)
	t.Logf("after failed tries, the network's return sent the lesson in %.0f ms", shown.ReconnectMs)

	d := e.as(t, "teacher", `{ teachingSessions(first: 100, orderBy: {field: CREATED_AT, direction: DESC}) { edges { node {
		id topic notes loggedBySide loggedBy { username } capturedAt createdAt
		photos { count items { id status takenAt flags { kind days exact otherSession { id } } } } } } } }`, nil)
	byTopic := map[string][]any{}
	for _, edge := range get(d, "teachingSessions", "edges").([]any) {
		if tp, ok := get(edge, "node", "topic").(string); ok {
			byTopic[tp] = append(byTopic[tp], get(edge, "node"))
		}
	}
	one := func(key string, photos int) any {
		t.Helper()
		list := byTopic[shown.Topics[key]]
		if len(list) != 1 {
			t.Fatalf("%q is stored %d times, want once", shown.Topics[key], len(list))
		}
		s := list[0]
		if get(s, "loggedBySide") != "SUPPORTING" || get(s, "loggedBy", "username") != "teacher" {
			t.Errorf("%q stored as logged by %v on side %v, want the teacher, SUPPORTING", shown.Topics[key], get(s, "loggedBy"), get(s, "loggedBySide"))
		}
		if n := get(s, "photos", "count"); n != float64(photos) {
			t.Errorf("%q has %v photos, want %d", shown.Topics[key], n, photos)
		}
		// Saved on the phone before the server had it.
		captured, err1 := time.Parse(time.RFC3339, fmt.Sprint(get(s, "capturedAt")))
		created, err2 := time.Parse(time.RFC3339, fmt.Sprint(get(s, "createdAt")))
		if err1 != nil || err2 != nil || captured.After(created.Add(time.Second)) {
			t.Errorf("%q: capturedAt %v, createdAt %v", shown.Topics[key], get(s, "capturedAt"), get(s, "createdAt"))
		}
		return s
	}
	one("shared", 0)
	one("stall", 1)
	one("retry", 0)
	one("worker", 0)
	one("paused", 0)
	one("wifi", 1)
	if s := one("typing", 3); get(s, "notes") != shown.Topics["notes"] {
		t.Errorf("the notes typed while photos were prepared are stored as %q", get(s, "notes"))
	}
	first, second := one("taken1", 1), one("taken2", 1)
	for _, s := range []any{first, second} {
		ph := get(s, "photos", "items", 0)
		got, err := time.Parse(time.RFC3339, fmt.Sprint(get(ph, "takenAt")))
		if err != nil || !got.Equal(taken) {
			t.Errorf("takenAt %v, want the file's EXIF time %v", get(ph, "takenAt"), taken)
		}
	}
	kinds := func(s any) map[string]any {
		out := map[string]any{}
		for _, f := range get(s, "photos", "items", 0, "flags").([]any) {
			out[get(f, "kind").(string)] = f
		}
		return out
	}
	if f := kinds(first); len(f) != 1 || get(f["CAPTURE_DATE_FAR"], "days") != 30.0 {
		t.Errorf("the first lesson's photo is flagged %v, want CAPTURE_DATE_FAR by 30 days", f)
	}
	if f := kinds(second); len(f) != 2 || get(f["REUSED"], "otherSession", "id") != get(first, "id") {
		t.Errorf("the second lesson's photo is flagged %v, want CAPTURE_DATE_FAR and REUSED of the first lesson", f)
	}
}

// TestAdminMakesAccountsInTheApp runs e2e/accounts.mjs and checks through the API what the
// screens did: two accounts, the Excel file with their passwords, one disabled (its
// password no longer signs in), the other with the password its teacher chose.
func TestAdminMakesAccountsInTheApp(t *testing.T) {
	chromium := e2eReady(t)
	e := demoServer(t)
	var shown struct {
		Made []struct {
			Username string `json:"username"`
			Password string `json:"password"`
		} `json:"made"`
		File     string `json:"file"`
		Disabled string `json:"disabled"`
		Own      string `json:"own"`
	}
	runBrowser(t, chromium, &shown, "e2e/accounts.mjs", e.URL, demo.Password, "广饶县实验幼儿园", screenshots(t, "accounts"))
	data, err := os.ReadFile(shown.File)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := sheet.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprint(rows)
	for _, m := range shown.Made {
		if !strings.Contains(text, m.Username) || !strings.Contains(text, m.Password) {
			t.Errorf("the downloaded sheet lacks %s and its password: %s", m.Username, text)
		}
	}
	loginQ := `mutation($u:String!,$p:String!){ login(username:$u,password:$p){ user { mustChangePassword lastLoginAt } } }`
	if r := e.do(t, "", loginQ, map[string]any{"u": shown.Disabled, "p": shown.Made[1].Password}); r.Code() != "UNAUTHENTICATED" {
		t.Errorf("the disabled account signs in: %+v", r)
	}
	role := e.as(t, "admin", `query($q:String){ users(first: 2, filter:{nameContains:$q}){ edges { node { username role disabled kindergarten { name } } } } }`,
		map[string]any{"q": shown.Disabled})
	if u := get(role, "users", "edges", 0, "node"); get(u, "role") != "KINDERGARTEN_ADMIN" || get(u, "disabled") != true || get(u, "kindergarten", "name") != "广饶县实验幼儿园" {
		t.Errorf("the account whose role was changed: %v", u)
	}
	if r := e.do(t, "", loginQ, map[string]any{"u": shown.Made[0].Username, "p": shown.Made[0].Password}); r.Code() != "UNAUTHENTICATED" {
		t.Errorf("the initial password still works after the teacher chose their own: %+v", r)
	}
	r := e.do(t, "", loginQ, map[string]any{"u": shown.Made[0].Username, "p": shown.Own})
	if len(r.Errors) > 0 || get(r.Data, "login", "user", "mustChangePassword") != false {
		t.Errorf("the teacher's own password: %+v", r)
	}
}

// TestBureauBrowsesEvidence runs e2e/bureau-evidence.mjs: the compliance view of any
// semester with every row, the lessons and photos behind a row, the rows behind only, and
// one lesson's audit log; the counts shown are the API's.
func TestBureauBrowsesEvidence(t *testing.T) {
	chromium := e2eReady(t)
	e, _ := photoServer(t, "disk")
	session := logLessonOn(t, e, daysAgo(3))
	uploadPhoto(t, e, e.token(t, "teacher"), session, phototest.CameraSceneJPEG(t, 800, 600, 31, time.Time{}), nil)
	var shown struct {
		Semesters  []string `json:"semesters"`
		RowsNow    int      `json:"rowsNow"`
		RowsBefore int      `json:"rowsBefore"`
		RowsBehind int      `json:"rowsBehind"`
		Operations []string `json:"operations"`
		BehindRow  int      `json:"behindRow"`
		Confirmed  int      `json:"confirmedBehind"`
		Counted    int      `json:"counted"`
		Listed     int      `json:"listed"`
		Events     float64  `json:"events"`
		Behind     map[string]struct {
			Key    string `json:"key"`
			Count  int    `json:"count"`
			Listed int    `json:"listed"`
		} `json:"behind"`
		FlaggedShown float64 `json:"flaggedShown"`
		FilePairing  string  `json:"filePairing"`
	}
	runBrowser(t, chromium, &shown, "e2e/bureau-evidence.mjs", e.URL, "bureau", demo.Password, demo.PartnerKindergarten, session,
		screenshots(t, "bureau-evidence"))
	count := func(semester string, statuses ...string) int {
		vars := map[string]any{"s": semester}
		q := `query($s:String!){ compliance(semester:$s){ status } }`
		if len(statuses) > 0 {
			q, vars["st"] = `query($s:String!, $st:[ComplianceStatus!]){ compliance(semester:$s, statuses:$st){ status } }`, statuses
		}
		return len(get(e.as(t, "bureau", q, vars), "compliance").([]any))
	}
	if want := count(shown.Semesters[0]); shown.RowsNow != want || want == 0 {
		t.Errorf("this semester's rows shown: %d, the API has %d", shown.RowsNow, want)
	}
	if want := count(shown.Semesters[1]); shown.RowsBefore != want {
		t.Errorf("%s's rows shown: %d, the API has %d", shown.Semesters[1], shown.RowsBefore, want)
	}
	if want := count(shown.Semesters[0], "BEHIND"); shown.RowsBehind != want {
		t.Errorf("rows behind shown: %d, the API has %d", shown.RowsBehind, want)
	}
	if !slices.Contains(shown.Operations, "logTeachingSession") {
		t.Errorf("the lesson's audit log shows %v", shown.Operations)
	}
	// The records browser lists what the row counted, and the confirmed among them as the API does.
	sem := shown.Semesters[0]
	c := e.as(t, "bureau", `query($p:ID!,$k:ID!,$s:String!){ all: teachingSessions(first:1, filter:{pairingIds:[$p], kindergartenId:$k, semesters:[$s], directions:[OUTBOUND]}){ totalCount }
		confirmed: teachingSessions(first:1, filter:{pairingIds:[$p], kindergartenId:$k, semesters:[$s], directions:[OUTBOUND], statuses:[CONFIRMED]}){ totalCount } }`,
		map[string]any{"p": demo.TeacherPairing, "k": demo.PartnerKindergarten, "s": sem})
	if shown.BehindRow == 0 || float64(shown.BehindRow) != get(c, "all", "totalCount") || float64(shown.Confirmed) != get(c, "confirmed", "totalCount") {
		t.Errorf("records behind the row: %d (%d confirmed); the API has %v (%v)", shown.BehindRow, shown.Confirmed, get(c, "all", "totalCount"), get(c, "confirmed", "totalCount"))
	}
	if shown.Counted <= 0 || shown.Listed != shown.Counted {
		t.Errorf("a statistics row counting %d lessons opened %d records", shown.Counted, shown.Listed)
	}
	// A county's attendance row opened that county's training events, and its photos row its
	// photos, as many as the row counted.
	att, ph := shown.Behind["TRAINING_ATTENDANCE"], shown.Behind["PHOTOS"]
	if ev := e.as(t, "bureau", `query($r:ID!){ trainingEvents(first: 1, filter:{regionCode:$r}){ totalCount } }`, map[string]any{"r": att.Key}); att.Count == 0 ||
		float64(att.Listed) != get(ev, "trainingEvents", "totalCount") {
		t.Errorf("an attendance row of %s (%d attendances) opened %d events; the API has %v", att.Key, att.Count, att.Listed, get(ev, "trainingEvents", "totalCount"))
	}
	if p := e.as(t, "bureau", `query($r:ID!){ photos(first: 1, filter:{regionCode:$r}){ totalCount } }`, map[string]any{"r": ph.Key}); ph.Count == 0 ||
		ph.Listed != ph.Count || float64(ph.Listed) != get(p, "photos", "totalCount") {
		t.Errorf("a photos row of %s counting %d opened %d photos; the API has %v", ph.Key, ph.Count, ph.Listed, get(p, "photos", "totalCount"))
	}
	if p := e.as(t, "bureau", `query($r:ID!){ photos(first: 1, filter:{regionCode:$r, flaggedOnly: true}){ totalCount } }`, map[string]any{"r": ph.Key}); get(p, "photos", "totalCount") != shown.FlaggedShown {
		t.Errorf("flagged photos shown %v; the API has %v", shown.FlaggedShown, get(p, "photos", "totalCount"))
	}
	// The assistance file the app downloaded is the pairing's PDF.
	if pdf, err := os.ReadFile(filepath.Join(screenshots(t, "bureau-evidence"), "pairing-file-from-app.pdf")); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) ||
		shown.FilePairing != demo.TeacherPairing {
		t.Errorf("the assistance file from the app (%s): %v %.20q", shown.FilePairing, err, pdf)
	}
	if ev := e.as(t, "bureau", `{ trainingEvents(first: 1){ totalCount } }`, nil); shown.Events == 0 || get(ev, "trainingEvents", "totalCount") != shown.Events {
		t.Errorf("training events shown: %v; the API has %v", shown.Events, get(ev, "trainingEvents", "totalCount"))
	}
}

// TestBureauImportsTeachersInTheApp runs e2e/people.mjs: a sheet with three bad rows is
// refused row by row and imports nothing; the fixed one goes in; the tables show, find
// and sort what the API has.
func TestBureauImportsTeachersInTheApp(t *testing.T) {
	chromium := e2eReady(t)
	e := demoServer(t)
	tag := "导" + newID()[:6]
	dir := t.TempDir()
	bad := filepath.Join(dir, "teachers-bad.csv")
	good := filepath.Join(dir, "teachers-good.csv")
	kg := "大王镇中心幼儿园"
	if err := os.WriteFile(bad, []byte("姓名,幼儿园,岗位,电话\n"+
		"甲"+tag+","+kg+",教师,13900000001\n"+
		","+kg+",教师,\n"+
		"乙"+tag+",没有这所幼儿园,教师,\n"+
		"丙"+tag+","+kg+",宇航员,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte("姓名,幼儿园,岗位,电话\n"+
		"甲"+tag+","+kg+",教师,13900000001\n"+
		"乙"+tag+","+kg+",保育员,\n"+
		"丙"+tag+","+kg+",教师,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var shown struct {
		ProblemRows []int    `json:"problemRows"`
		Problems    []string `json:"problemTexts"`
		Found       int      `json:"found"`
		Names       []string `json:"names"`
		KgTotal     float64  `json:"kgTotal"`
		Leaver      string   `json:"leaver"`
		KgName      string   `json:"kgName"`
		TeacherName string   `json:"teacherName"`
	}
	runBrowser(t, chromium, &shown, "e2e/people.mjs", e.URL, "bureau", demo.Password, tag, bad, good, screenshots(t, "people"))
	if !slices.Equal(shown.ProblemRows, []int{3, 4, 5}) {
		t.Errorf("problems reported in rows %v, want 3, 4 and 5", shown.ProblemRows)
	}
	// In the words of the people who fill in the sheets.
	if want := []string{"必须填写", "没有名为“没有这所幼儿园”的幼儿园（或您无权查看）", "“宇航员”不是可填的值"}; len(shown.Problems) != 3 ||
		!strings.Contains(shown.Problems[0], want[0]) || shown.Problems[1] != want[1] || !strings.HasPrefix(shown.Problems[2], want[2]) {
		t.Errorf("the problems read %q", shown.Problems)
	}
	d := e.as(t, "bureau", `query($q:String){ teachers(first: 20, filter:{nameContains:$q}){ totalCount edges { node { name post kindergarten { name } } } } }`,
		map[string]any{"q": tag})
	if n := get(d, "teachers", "totalCount"); n != 3.0 || shown.Found != 3 {
		t.Errorf("teachers imported: %v in the API, %d shown; want 3", n, shown.Found)
	}
	// Descending by the names' code points, as the store sorts them (甲 U+7532, 乙 U+4E59,
	// 丙 U+4E19).
	if want := []string{"甲" + tag, "乙" + tag, "丙" + tag}; !slices.Equal(shown.Names, want) {
		t.Errorf("names sorted descending: %v, want %v", shown.Names, want)
	}
	// The one marked as left is kept, and no longer among the current teachers.
	cur := e.as(t, "bureau", `query($q:String){ all: teachers(first: 20, filter:{nameContains:$q}){ edges { node { name leftOn } } }
		current: teachers(first: 20, filter:{nameContains:$q, current: true}){ edges { node { name } } } }`, map[string]any{"q": tag})
	left := 0
	for _, edge := range get(cur, "all", "edges").([]any) {
		if get(edge, "node", "leftOn") != nil {
			left++
			if get(edge, "node", "name") != shown.Leaver || get(edge, "node", "leftOn") != string(domain.DateOf(domain.Now())) {
				t.Errorf("marked as left: %v, want %s today", get(edge, "node"), shown.Leaver)
			}
		}
	}
	if n := len(get(cur, "current", "edges").([]any)); left != 1 || n != 2 {
		t.Errorf("%d marked as left, %d current; want 1 and 2", left, n)
	}
	// Made by hand in the forms, then changed.
	hand := e.as(t, "bureau", `query($k:String, $t:String){ kindergartens(first: 2, filter:{nameContains:$k}){ edges { node { regionCode setting children } } }
		teachers(first: 2, filter:{nameContains:$t}){ edges { node { post phone kindergarten { name } } } } }`, map[string]any{"k": shown.KgName, "t": shown.TeacherName})
	if k := get(hand, "kindergartens", "edges", 0, "node"); get(k, "regionCode") != "370523" || get(k, "setting") != "TOWNSHIP" || get(k, "children") != 135.0 {
		t.Errorf("the kindergarten made by hand: %v", k)
	}
	if x := get(hand, "teachers", "edges", 0, "node"); get(x, "post") != "PRINCIPAL" || get(x, "phone") != "13955550001" || get(x, "kindergarten", "name") != shown.KgName {
		t.Errorf("the teacher made by hand: %v", x)
	}
	// The table's total was read before the kindergarten made by hand.
	k := e.as(t, "bureau", `{ kindergartens(first: 1){ totalCount } }`, nil)
	if get(k, "kindergartens", "totalCount") != shown.KgTotal+1 {
		t.Errorf("kindergartens shown %v before one more was made, the API has %v", shown.KgTotal, get(k, "kindergartens", "totalCount"))
	}
}

// TestBureauSetsUpAPairingInTheApp runs e2e/pairing-admin.mjs and checks the pairing the
// screens made: its kindergartens, period, targets, this semester's other targets, and
// that it is active.
func TestBureauSetsUpAPairingInTheApp(t *testing.T) {
	chromium := e2eReady(t)
	e := demoServer(t)
	name := "新结对 " + newID()[:6]
	var shown struct {
		ID           string `json:"id"`
		SupportingID string `json:"supportingId"`
		PartnerID    string `json:"partnerId"`
	}
	runBrowser(t, chromium, &shown, "e2e/pairing-admin.mjs", e.URL, "bureau", demo.Password, name, "广饶县第二实验幼儿园", "大王镇中心幼儿园",
		screenshots(t, "pairing-admin"))
	sem := domain.SemesterOf(domain.DateOf(domain.Now()))
	d := e.as(t, "bureau", `query($id:ID!, $s:String!){ pairing(id:$id){ name status supportingKindergarten { id } partnerKindergartens { id }
		targets { teachingHours specialLectures } targetsFor(semester:$s){ teachingHours } } }`, map[string]any{"id": shown.ID, "s": sem})
	p := get(d, "pairing")
	if get(p, "name") != name || get(p, "status") != "ACTIVE" || get(p, "supportingKindergarten", "id") != shown.SupportingID ||
		get(p, "partnerKindergartens", 0, "id") != shown.PartnerID || get(p, "targets", "teachingHours") != 12.0 ||
		get(p, "targetsFor", "teachingHours") != 8.0 {
		t.Errorf("the pairing made in the app: %v", p)
	}
}

// emptyServer serves a fresh embedded store with only the first admin, as a new county's
// installation starts (HANDINHAND_ADMIN_PASSWORD).
func emptyServer(t *testing.T, adminPassword string) *demoEnv {
	t.Helper()
	store := storagetest.Open(t)
	a := app.New(store, testLogger())
	a.PasswordCost = 4
	if err := httpapi.SetupPhotos(context.Background(), a, httpapi.PhotoConfig{DataDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateFirstAdmin(context.Background(), "admin", adminPassword); err != nil {
		t.Fatal(err)
	}
	if err := startStats(context.Background(), a, testLogger(), 0); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.NewHandler(a, testLogger(), httpapi.Options{}))
	t.Cleanup(srv.Close)
	return &demoEnv{URL: srv.URL, App: a, tok: map[string]string{}}
}

// TestACountysFirstRunThroughTheScreens runs e2e/first-run.mjs on an empty store and
// checks through the API what the screens made: the region tree, 20 kindergartens and 100
// teachers from the sheets (the first kindergartens sheet refused row by row), 10 teachers'
// accounts (their passwords in the downloaded sheet) and the bureau's, the active
// pairing, and the new teacher's first lesson in it, which the bureau opened.
func TestACountysFirstRunThroughTheScreens(t *testing.T) {
	chromium := e2eReady(t)
	adminPassword := "county-admin-2026"
	e := emptyServer(t, adminPassword)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	regions := write("regions.txt", "37 山东省\n3705 东营市\n370523000000 广饶县\n370523101 大王镇\n370523102 丁庄镇\n这一行不是区划\n")
	badKgs := write("kindergartens-bad.csv", "名称,区划代码,城乡类别\n广饶县城关幼儿园,370523,城区\n,370523101,乡镇\n大王镇中心幼儿园,999999,乡镇\n丁庄镇中心幼儿园,370523102,海边\n")
	// The county's lists as a bureau keeps them: 20 kindergartens, 100 teachers (ten at the
	// city kindergarten that will send teachers, half of them with a mobile number).
	var kgSheet, teacherSheet strings.Builder
	kgSheet.WriteString("名称,区划代码,城乡类别\n广饶县城关幼儿园,370523,城区\n大王镇中心幼儿园,370523101,乡镇\n")
	teacherSheet.WriteString("姓名,幼儿园,岗位,电话\n")
	for i := 1; i <= 10; i++ {
		phone := ""
		if i%2 == 0 {
			phone = fmt.Sprintf("1381234%04d", i)
		}
		fmt.Fprintf(&teacherSheet, "城关老师%02d,广饶县城关幼儿园,教师,%s\n", i, phone)
	}
	for i := 1; i <= 18; i++ {
		township := []string{"370523101", "370523102"}[i%2]
		fmt.Fprintf(&kgSheet, "第%02d村幼儿园,%s,村\n", i, township)
	}
	for i := 1; i <= 90; i++ {
		kg := "大王镇中心幼儿园"
		if i > 5 {
			kg = fmt.Sprintf("第%02d村幼儿园", (i-6)%18+1)
		}
		fmt.Fprintf(&teacherSheet, "乡村老师%02d,%s,教师,\n", i, kg)
	}
	kgs := write("kindergartens.csv", kgSheet.String())
	teachers := write("teachers.csv", teacherSheet.String())
	topic := "第一次送教 " + newID()[:6]
	photo := filepath.Join(dir, "IMG_0001.jpg")
	if err := os.WriteFile(photo, phototest.CameraSceneJPEG(t, 1600, 1200, 41, time.Now().Add(-time.Hour)), 0o600); err != nil {
		t.Fatal(err)
	}
	var shown struct {
		RegionsOK      int   `json:"regionsOk"`
		RegionProblems int   `json:"regionProblems"`
		KgProblems     []int `json:"kgProblems"`
		Made           []struct{ Username, Password string }
		Sheet, Own     string
		Bureau         string
	}
	runBrowser(t, chromium, &shown, "e2e/first-run.mjs", e.URL, adminPassword, regions, badKgs, kgs, teachers, "广饶县城关幼儿园", "大王镇中心幼儿园",
		topic, photo, screenshots(t, "first-run"))
	if !slices.Equal(shown.KgProblems, []int{3, 4, 5}) {
		t.Errorf("the bad kindergartens sheet was refused in rows %v, want 3, 4 and 5", shown.KgProblems)
	}
	if shown.RegionsOK != 5 || shown.RegionProblems != 1 {
		t.Errorf("regions: %d added, %d refused; want 5 and 1", shown.RegionsOK, shown.RegionProblems)
	}
	admin := login(t, e, "admin", adminPassword)
	q := func(query string, vars map[string]any) map[string]any {
		t.Helper()
		r := e.do(t, admin, query, vars)
		if len(r.Errors) > 0 {
			t.Fatal(r.Errors[0].Message)
		}
		return r.Data
	}
	d := q(`{ regions { code } kindergartens(first: 10){ totalCount } teachers(first: 10){ totalCount }
		pairings(first: 5){ edges { node { id status } } } users(first: 10){ totalCount } }`, nil)
	if n := len(get(d, "regions").([]any)); n != 5 {
		t.Errorf("%d regions, want 5", n)
	}
	if get(d, "kindergartens", "totalCount") != 20.0 || get(d, "teachers", "totalCount") != 100.0 || get(d, "users", "totalCount") != 12.0 {
		t.Errorf("kindergartens, teachers, users: %v", d)
	}
	if len(shown.Made) != 10 || shown.Made[0].Username == "" {
		t.Fatalf("accounts made: %+v", shown.Made)
	}
	data, err := os.ReadFile(shown.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := sheet.Read(data)
	for _, m := range shown.Made {
		if !strings.Contains(fmt.Sprint(rows), m.Password) {
			t.Errorf("the sheet lacks %s's password", m.Username)
		}
	}
	pairing := get(d, "pairings", "edges", 0, "node")
	if get(pairing, "status") != "ACTIVE" {
		t.Fatalf("the pairing: %v", pairing)
	}
	b := q(`{ users(first: 10, filter:{roles:[BUREAU]}){ edges { node { username mustChangePassword region { code } } } } }`, nil)
	if u := get(b, "users", "edges", 0, "node"); get(u, "username") != shown.Bureau || get(u, "region", "code") != "370523" || get(u, "mustChangePassword") != false {
		t.Errorf("the county bureau's account: %v", u)
	}
	s := q(`query($p:ID!){ pairing(id:$p){ sessions(first: 5){ edges { node { topic loggedBySide loggedBy { username } } } } } }`,
		map[string]any{"p": get(pairing, "id")})
	lessons := get(s, "pairing", "sessions", "edges").([]any)
	if len(lessons) != 1 || get(lessons[0], "node", "topic") != topic || get(lessons[0], "node", "loggedBy", "username") != shown.Made[0].Username {
		t.Errorf("the new teacher's first lesson: %v", lessons)
	}
}
