package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/pairingfile"
	"github.com/handinhand/handinhand/photos/phototest"
)

// The findings of the third outside probe (issue "Hardening, round three"), each as the
// probe made it.

// sharedStringBook is an XLSX of n teacher rows whose name, kindergarten and post cells
// all name one shared string of k characters: a small file whose every row is wrong.
func sharedStringBook(t *testing.T, n, k int) []byte {
	t.Helper()
	f := excelize.NewFile()
	long := strings.Repeat("长", k)
	rows := [][]any{{"姓名", "幼儿园", "岗位"}}
	for range n {
		rows = append(rows, []any{long, long, long})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 100<<10 {
		t.Fatalf("the book is %d bytes: its cells should share one string", buf.Len())
	}
	return buf.Bytes()
}

// Finding 1: an import's report is bounded in problems listed, characters quoted and
// bytes, and says how many more problems there are.
func TestImportReportIsBounded(t *testing.T) {
	e := demoServer(t)
	// Read cell by cell, the probe's file holds 360 MB of text: refused before any row is
	// checked, in words.
	status, _, b := e.fetch(t, "supporter", "POST", "/import/teachers?dryRun=true", sharedStringBook(t, 4000, 10000))
	if status != 400 || errorCode(t, b) != "BAD_USER_INPUT" || !strings.Contains(string(b), "MB of text") {
		t.Errorf("the probe's file: %d %.300s", status, b)
	}
	// Within that bound, 8,000 problems quoting a 400-character cell are reported in a few
	// kilobytes.
	book := sharedStringBook(t, 4000, 400)
	for _, locale := range []string{"", "&locale=zh-CN"} {
		status, _, b := e.fetch(t, "supporter", "POST", "/import/teachers?dryRun=true"+locale, book)
		if status != 422 {
			t.Fatalf("status %d: %.300s", status, b)
		}
		if len(b) > 200<<10 {
			t.Errorf("the report is %d bytes (file %d bytes): want it bounded", len(b), len(book))
		}
		var rep struct {
			Rows   int
			Errors []struct {
				Row     int
				Message string
			}
			MoreErrors int
		}
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Rows != 4000 || len(rep.Errors) != app.MaxReportedProblems {
			t.Fatalf("rows %d, %d problems listed", rep.Rows, len(rep.Errors))
		}
		// Every row has at least two problems: no such kindergarten, no such post.
		if rep.MoreErrors < 2*4000-app.MaxReportedProblems {
			t.Errorf("%d more problems counted: want every one beyond those listed", rep.MoreErrors)
		}
		for _, x := range rep.Errors {
			if n := len([]rune(x.Message)); n > app.MaxQuotedRunes+120 {
				t.Fatalf("a message of %d characters: %.200s", n, x.Message)
			}
		}
	}
}

// newAccount makes a teacher's account at the partner kindergarten with a password an
// admin gave out, and returns its id and that password.
func newAccount(t *testing.T, e *demoEnv) (id, username, password string) {
	t.Helper()
	username, password = "probe-"+newID()[:8], "given-out-pass-1"
	u := e.as(t, "admin", `mutation($in:UserInput!){ createUser(input:$in){ id mustChangePassword } }`, map[string]any{"in": map[string]any{
		"username": username, "displayName": "新来的老师", "password": password, "role": "KINDERGARTEN_ADMIN", "kindergartenId": demo.PartnerKindergarten}})
	if get(u, "createUser", "mustChangePassword") != true {
		t.Fatalf("a new account: %v", u)
	}
	return get(u, "createUser", "id").(string), username, password
}

// Finding 4: until a given-out password is changed, me answers its own scalar fields and
// nothing beneath, by POST or GET.
func TestPasswordGateCoversNestedFields(t *testing.T) {
	e := demoServer(t)
	_, username, password := newAccount(t, e)
	tok := login(t, e, username, password)
	if r := e.do(t, tok, `{ me { id username displayName role mustChangePassword disabled __typename } __typename }`, nil); len(r.Errors) > 0 ||
		get(r.Data, "me", "username") != username {
		t.Fatalf("me's own fields: %+v", r)
	}
	for _, q := range []string{
		`{ me { id kindergarten { name teachers(first: 5){ edges { node { name phone } } } pairings(first: 5){ edges { node { name goals } } } } } }`,
		`{ me { kindergarten { id } } }`,
		`{ me { region { name } } }`,
		`{ me { teacher { name } } }`,
	} {
		r := e.do(t, tok, q, nil)
		if r.Code() != "PASSWORD_CHANGE_REQUIRED" {
			t.Errorf("%s: %+v", q, r.Errors)
		}
		if k := get(r.Data, "me", "kindergarten"); k != nil {
			t.Errorf("%s answered %v", q, k)
		}
		// The same by GET.
		req, _ := http.NewRequest(http.MethodGet, e.URL+"/graphql?query="+url.QueryEscape(q), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if strings.Contains(string(b), "大王镇") || !strings.Contains(string(b), "PASSWORD_CHANGE_REQUIRED") {
			t.Errorf("GET %s: %s", q, b)
		}
	}
	// Changing it answers the new session in full.
	r := e.do(t, tok, `mutation($c:String!,$n:String!){ changePassword(currentPassword:$c, newPassword:$n){ token user { mustChangePassword kindergarten { name } } } }`,
		map[string]any{"c": password, "n": "chosen-by-me-42"})
	if len(r.Errors) > 0 || get(r.Data, "changePassword", "user", "kindergarten", "name") == nil {
		t.Fatalf("the change: %+v", r)
	}
	own := get(r.Data, "changePassword", "token").(string)
	if r := e.do(t, own, `{ me { kindergarten { name } } }`, nil); len(r.Errors) > 0 {
		t.Errorf("after the change: %v", r.Errors)
	}
}

// Findings 7 and 8: disabling a user ends its sessions for good; an edit that does not
// name disabled keeps the state, and keeps a given-out password given out.
func TestDisablingEndsSessionsAndEditsKeepWhatTheyDoNotName(t *testing.T) {
	e := demoServer(t)
	id, username, password := newAccount(t, e)
	tok := login(t, e, username, password)
	edit := func(extra map[string]any) map[string]any {
		t.Helper()
		in := map[string]any{"username": username, "displayName": "改过名的老师", "role": "KINDERGARTEN_ADMIN", "kindergartenId": demo.PartnerKindergarten}
		for k, v := range extra {
			in[k] = v
		}
		return get(e.as(t, "admin", `mutation($id:ID!,$in:UserInput!){ updateUser(id:$id, input:$in){ disabled mustChangePassword } }`,
			map[string]any{"id": id, "in": in}), "updateUser").(map[string]any)
	}
	// An edit of a new account keeps its one-time password one-time.
	if u := edit(nil); u["mustChangePassword"] != true || u["disabled"] != false {
		t.Errorf("after an edit: %v", u)
	}
	if r := e.do(t, tok, `{ me { mustChangePassword } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("the token before disabling: %v", r.Errors)
	}
	if u := edit(map[string]any{"disabled": true}); u["disabled"] != true {
		t.Fatalf("disabling: %v", u)
	}
	if r := e.do(t, tok, `{ me { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Errorf("while disabled: %v", r.Errors)
	}
	// An edit that leaves disabled out keeps the user disabled.
	if u := edit(nil); u["disabled"] != true {
		t.Errorf("an edit without disabled re-enabled the user: %v", u)
	}
	if u := edit(map[string]any{"disabled": false}); u["disabled"] != false {
		t.Fatalf("enabling: %v", u)
	}
	if r := e.do(t, tok, `{ me { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Errorf("the old token after enabling again: %v", r.Errors)
	}
	if r := e.do(t, login(t, e, username, password), `{ me { mustChangePassword } }`, nil); len(r.Errors) > 0 || get(r.Data, "me", "mustChangePassword") != true {
		t.Errorf("signing in again: %+v", r)
	}
}

// world is a pairing of two new kindergartens in the demo bureau's county, with an admin
// signed in at each: records made there disturb no other test.
type world struct {
	pairing, supporting, partner string
	supporter, partnerAdmin      string // tokens
}

func newWorld(t *testing.T, e *demoEnv) world {
	t.Helper()
	ctx, adm := context.Background(), admin()
	tag := newID()[:6]
	kg := func(name string, setting domain.Setting) string {
		k, err := e.App.CreateKindergarten(ctx, adm, domain.KindergartenInput{Name: name + tag, RegionCode: demo.CountyGuangrao,
			Setting: setting, Ownership: domain.OwnershipPublic, Level: domain.LevelUnrated})
		if err != nil {
			t.Fatal(err)
		}
		return k.ID
	}
	w := world{supporting: kg("探针城区幼儿园", domain.SettingUrban), partner: kg("探针村幼儿园", domain.SettingVillage)}
	active := domain.PairingActive
	pr, err := e.App.CreatePairing(ctx, adm, domain.PairingInput{Name: "探针结对" + tag, SupportingKindergartenID: w.supporting,
		PartnerKindergartenIDs: []string{w.partner}, Start: "2025-09-01", End: "2029-07-15", Status: &active})
	if err != nil {
		t.Fatal(err)
	}
	w.pairing = pr.ID
	user := func(kg string) string {
		name, pw, keep := "probe-"+newID()[:8], "probe-password-1", false
		if _, err := e.App.CreateUser(ctx, adm, domain.UserInput{Username: name, DisplayName: "探针园长", Password: &pw,
			Role: domain.RoleKindergartenAdmin, KindergartenID: &kg, MustChangePassword: &keep}); err != nil {
			t.Fatal(err)
		}
		return login(t, e, name, pw)
	}
	w.supporter, w.partnerAdmin = user(w.supporting), user(w.partner)
	return w
}

// Finding 5: the audit log shows a reader only what they may read of a record: a draft
// summary's text is withheld from the bureau and the admin; once submitted it is shown.
func TestAuditLogWithholdsADraftsText(t *testing.T) {
	e := demoServer(t)
	w := newWorld(t, e)
	sem := domain.SemesterOf(domain.DateOf(domain.Now()))
	save := `mutation($in: SummaryInput!){ saveSummary(input:$in){ id status } }`
	draft, final := "草稿：园里的困难还没想好怎么写"+newID()[:6], "本学期送教十次，定稿"+newID()[:6]
	r := e.do(t, w.partnerAdmin, save, map[string]any{"in": map[string]any{"pairingId": w.pairing, "semester": sem, "text": draft}})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	id := get(r.Data, "saveSummary", "id").(string)
	audit := `query($id:ID!){ auditLog(filter:{recordId:$id}, first: 10){ edges { node { operation input } } } }`
	for _, reader := range []string{"bureau", "city", "admin"} {
		out, _ := json.Marshal(e.as(t, reader, audit, map[string]any{"id": id}))
		if strings.Contains(string(out), "困难") || !strings.Contains(string(out), "saveSummary") || !strings.Contains(string(out), sem) {
			t.Errorf("%s reads the draft's entry as %s", reader, out)
		}
	}
	if r := e.do(t, w.partnerAdmin, save, map[string]any{"in": map[string]any{"pairingId": w.pairing, "semester": sem, "text": final, "submit": true}}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	out, _ := json.Marshal(e.as(t, "bureau", audit, map[string]any{"id": id}))
	if !strings.Contains(string(out), final) || strings.Contains(string(out), "困难") {
		t.Errorf("after submission the bureau reads %s", out)
	}
}

// Finding 6: a bureau's training event names pairings; a kindergarten user under that
// bureau sees only those of them it may see.
func TestATrainingEventShowsOnlyThePairingsTheReaderSees(t *testing.T) {
	e := demoServer(t)
	w := newWorld(t, e)
	id := newID()
	e.as(t, "bureau", `mutation($in:TrainingEventInput!){ createTrainingEvent(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"id": id, "title": "全县保教研讨", "type": "SPECIAL_LECTURE", "organizerRegionCode": demo.CountyGuangrao, "date": daysAgo(3), "hours": 2,
		"pairingIds": []string{demo.TeacherPairing, w.pairing}}})
	q := `query($id:ID!){ node(id:$id){ ... on TrainingEvent { pairings { id name goals leadingGroup { name } } } } }`
	r := e.do(t, w.partnerAdmin, q, map[string]any{"id": id})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	ps := get(r.Data, "node", "pairings").([]any)
	if len(ps) != 1 || get(ps, 0, "id") != w.pairing {
		t.Errorf("the partner of one pairing reads the event's pairings as %v", ps)
	}
	if n := len(get(e.as(t, "bureau", q, map[string]any{"id": id}), "node", "pairings").([]any)); n != 2 {
		t.Errorf("the bureau reads %d of the event's 2 pairings", n)
	}
}

// Finding 13: a draft pairing names any kindergarten; its creator reads that kindergarten
// and, through a mentorship on the draft, its teachers by name only.
func TestADraftPairingOpensNoProfile(t *testing.T) {
	e := demoServer(t)
	w := newWorld(t, e)
	ctx := context.Background()
	phone, addr, contact := "13912345678", "利津县某村", "李园长"
	far, err := e.App.CreateKindergarten(ctx, admin(), domain.KindergartenInput{Name: "外县村幼儿园" + newID()[:6], RegionCode: demo.CountyLijin,
		Setting: domain.SettingVillage, Ownership: domain.OwnershipPublic, Level: domain.LevelUnrated, Address: &addr, ContactName: &contact, ContactPhone: &phone})
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.App.CreateTeacher(ctx, admin(), domain.TeacherInput{Name: "外县老师", KindergartenID: far.ID, Post: domain.PostTeacher, Phone: &phone})
	if err != nil {
		t.Fatal(err)
	}
	mentor, err := e.App.CreateTeacher(ctx, admin(), domain.TeacherInput{Name: "探针导师", KindergartenID: w.supporting, Post: domain.PostTeacher})
	if err != nil {
		t.Fatal(err)
	}
	draft := newID()
	if r := e.do(t, w.supporter, `mutation($in:PairingInput!){ createPairing(input:$in){ id status } }`, map[string]any{"in": map[string]any{
		"id": draft, "name": "草稿结对", "supportingKindergartenId": w.supporting, "partnerKindergartenIds": []string{far.ID},
		"start": "2026-09-01", "end": "2027-07-15"}}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	if r := e.do(t, w.supporter, `mutation($in:MentorshipInput!){ createMentorship(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"id": newID(), "pairingId": draft, "mentorId": mentor.ID, "apprenticeIds": []string{other.ID}, "start": "2026-09-01", "end": "2027-07-15"}}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	r := e.do(t, w.supporter, `query($id:ID!){ pairing(id:$id){ partnerKindergartens { id name address contactName contactPhone }
		mentorships { edges { node { apprentices { id name phone title } } } } } }`, map[string]any{"id": draft})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	k := get(r.Data, "pairing", "partnerKindergartens", 0)
	if get(k, "id") != far.ID || get(k, "name") == nil || present(get(k, "contactPhone")) || present(get(k, "contactName")) || present(get(k, "address")) {
		t.Errorf("the draft's partner reads as %v", k)
	}
	a := get(r.Data, "pairing", "mentorships", "edges", 0, "node", "apprentices", 0)
	if get(a, "name") != "外县老师" || present(get(a, "phone")) {
		t.Errorf("an apprentice on the draft reads as %v", a)
	}
	// The admin, who may see both, reads them whole.
	d := e.as(t, "admin", `query($id:ID!){ teacher(id:$id){ phone } }`, map[string]any{"id": other.ID})
	if get(d, "teacher", "phone") != phone {
		t.Errorf("the admin reads %v", d)
	}
}

// present: a JSON value that says something (not null, not "").
func present(v any) bool { return v != nil && v != "" }

// Finding 9: a draft summary's photos are in no region's records browser nor statistics
// until it is handed in, as the draft itself.
func TestADraftSummarysPhotosStayWithItsKindergarten(t *testing.T) {
	e := demoServer(t)
	w := newWorld(t, e)
	sem := domain.SemesterOf(domain.DateOf(domain.Now()))
	save := `mutation($in: SummaryInput!){ saveSummary(input:$in){ id } }`
	r := e.do(t, w.partnerAdmin, save, map[string]any{"in": map[string]any{"pairingId": w.pairing, "semester": sem, "text": "草稿"}})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	summary := get(r.Data, "saveSummary", "id").(string)
	photo := uploadPhoto(t, e, w.partnerAdmin, summary, phototest.CameraJPEG(t, 320, 240, 9), nil)
	listed := func(user string) (bool, float64) {
		t.Helper()
		d := e.as(t, user, `query($p:[ID!], $s:StatsQuery!){ photos(filter:{pairingIds:$p, subjectKinds:[SEMESTER_SUMMARY]}, first: 50){ edges { node { id } } }
			stats(query:$s){ total { values } } }`, map[string]any{"p": []string{w.pairing},
			"s": map[string]any{"subject": "PHOTOS", "measures": []string{"COUNT"}, "filter": map[string]any{"pairingIds": []string{w.pairing}}}})
		found := false
		for _, x := range get(d, "photos", "edges").([]any) {
			found = found || get(x, "node", "id") == photo
		}
		return found, get(d, "stats", "total", "values", 0).(float64)
	}
	if in, n := listed("bureau"); in || n != 0 {
		t.Errorf("the bureau lists the draft's photo: %v, counts %v", in, n)
	}
	if d := e.as(t, "bureau", `query($id:ID!){ node(id:$id){ id } }`, map[string]any{"id": photo}); get(d, "node") != nil {
		t.Errorf("the bureau reads the draft's photo: %v", d)
	}
	if r := e.do(t, w.partnerAdmin, `query($id:ID!){ node(id:$id){ id } }`, map[string]any{"id": photo}); get(r.Data, "node", "id") != photo {
		t.Errorf("its own kindergarten does not read it: %+v", r)
	}
	if r := e.do(t, w.partnerAdmin, save, map[string]any{"in": map[string]any{"pairingId": w.pairing, "semester": sem, "text": "定稿", "submit": true}}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	if in, n := listed("bureau"); !in || n != 1 {
		t.Errorf("after submission the bureau lists it %v, counts %v", in, n)
	}
}

// Finding 10: the photos of a session the partner logged are the partner's: the supporting
// kindergarten's admin may not delete them.
func TestPhotosOfAPartnerLoggedSessionAreThePartners(t *testing.T) {
	e := demoServer(t)
	w := newWorld(t, e)
	teacher, err := e.App.CreateTeacher(context.Background(), admin(), domain.TeacherInput{Name: "跟岗老师", KindergartenID: w.partner, Post: domain.PostTeacher})
	if err != nil {
		t.Fatal(err)
	}
	session := newID()
	in := lesson(session)
	in["pairingId"], in["teacherIds"], in["type"] = w.pairing, []string{teacher.ID}, "OBSERVATION_CRITIQUE"
	if r := e.do(t, w.partnerAdmin, logSession, map[string]any{"in": in}); len(r.Errors) > 0 || get(r.Data, "logTeachingSession", "loggedBySide") != "PARTNER" {
		t.Fatalf("the partner logs: %+v", r)
	}
	photo := uploadPhoto(t, e, w.partnerAdmin, session, phototest.CameraJPEG(t, 320, 240, 11), nil)
	del := `mutation($id:ID!){ deletePhoto(id:$id){ id } }`
	if r := e.do(t, w.supporter, del, map[string]any{"id": photo}); r.Code() != "FORBIDDEN" {
		t.Errorf("the supporting admin deleting the partner's photo: %+v", r.Errors)
	}
	if r := e.do(t, w.partnerAdmin, del, map[string]any{"id": photo}); len(r.Errors) > 0 {
		t.Errorf("the partner's admin deleting it: %v", r.Errors)
	}
}

// Finding 11: a record takes a bounded number of reflections (answers, activities) and of
// their text; what it holds is sent again harmlessly, what goes beyond is refused in words.
func TestARecordTakesBoundedEntries(t *testing.T) {
	e := demoServer(t)
	add := `mutation($in: ReflectionInput!){ addReflection(input:$in){ id } }`
	fill := func(session string, n int, text string) string {
		t.Helper()
		var first string
		for i := range n {
			id := newID()
			if i == 0 {
				first = id
			}
			e.as(t, "teacher", add, map[string]any{"in": map[string]any{"id": id, "sessionId": session, "kind": "NOTES", "text": text}})
		}
		return first
	}
	// By count.
	short := logLessonOn(t, e, daysAgo(2))
	first := fill(short, domain.MaxReflectionsPerSession, "听课笔记")
	r := e.try(t, "teacher", add, map[string]any{"in": map[string]any{"id": newID(), "sessionId": short, "kind": "NOTES", "text": "再多一条"}})
	if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, fmt.Sprint(domain.MaxReflectionsPerSession)) {
		t.Errorf("one reflection too many: %+v", r.Errors)
	}
	if r := e.try(t, "teacher", add, map[string]any{"in": map[string]any{"id": first, "sessionId": short, "kind": "NOTES", "text": "听课笔记"}}); len(r.Errors) > 0 {
		t.Errorf("sending a kept one again: %v", r.Errors)
	}
	// By text.
	long := logLessonOn(t, e, daysAgo(2))
	fill(long, domain.MaxAddedText/domain.MaxText, strings.Repeat("长", domain.MaxText))
	if r := e.try(t, "teacher", add, map[string]any{"in": map[string]any{"id": newID(), "sessionId": long, "kind": "NOTES", "text": "短"}}); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("text beyond the record's room: %+v", r.Errors)
	}
}

// workbookRows reads one sheet of the workbook in an assistance file's ZIP.
func workbookRows(t *testing.T, z []byte, sheetName string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != pairingfile.RecordsName {
			continue
		}
		rc, _ := f.Open()
		xb, _ := io.ReadAll(rc)
		rc.Close()
		x, err := excelize.OpenReader(bytes.NewReader(xb))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(sheetName)
		return fmtRows(rows)
	}
	t.Fatal("no workbook in the ZIP")
	return ""
}

// Findings 2 and 12: a reflection with an emoji and a name beyond the Basic Multilingual
// Plane leave the assistance file whole (drawn or □ in the PDF, kept in the workbook); the
// file's training sheet lists only the attendees its reader may see through the API.
func TestTheAssistanceFileTakesEmojiAndShowsOnlyVisibleAttendees(t *testing.T) {
	e := demoServer(t)
	w := newWorld(t, e)
	ctx := context.Background()
	teacherAt := func(kg, name string) string {
		x, err := e.App.CreateTeacher(ctx, admin(), domain.TeacherInput{Name: name, KindergartenID: kg, Post: domain.PostTeacher})
		if err != nil {
			t.Fatal(err)
		}
		return x.ID
	}
	third, err := e.App.CreateKindergarten(ctx, admin(), domain.KindergartenInput{Name: "第三所幼儿园" + newID()[:6], RegionCode: demo.CountyGuangrao,
		Setting: domain.SettingTownship, Ownership: domain.OwnershipPublic, Level: domain.LevelUnrated})
	if err != nil {
		t.Fatal(err)
	}
	ours, stranger, supporter := teacherAt(w.partner, "结对园的老师"), teacherAt(third.ID, "别园的陌生老师"), teacherAt(w.supporting, "帮扶园的老师")
	day := daysAgo(3)
	county := demo.CountyGuangrao
	ev, err := e.App.CreateTrainingEvent(ctx, admin(), domain.TrainingEventInput{ID: newID(), Title: "全县培训", Type: domain.TrainingTraining,
		OrganizerRegionCode: &county, Date: domain.Date(day), Hours: 2, PairingIDs: []string{w.pairing}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.SetTrainingAttendance(ctx, admin(), ev.ID, []*domain.AttendanceInput{{TeacherID: ours}, {TeacherID: stranger}, {TeacherID: supporter}}); err != nil {
		t.Fatal(err)
	}
	// A lesson the partner logged, with a teacher's emoji and a rare character.
	session := newID()
	in := lesson(session)
	in["pairingId"], in["teacherIds"], in["type"], in["date"] = w.pairing, []string{ours}, "OBSERVATION_CRITIQUE", day
	in["topic"] = "吉\U00020BB7的观察课🌈"
	if r := e.do(t, w.partnerAdmin, logSession, map[string]any{"in": in}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	sem := domain.SemesterOf(domain.Date(day))
	path := "/export/pairing-file.%s?pairingId=" + w.pairing + "&semester=" + sem
	status, _, pdf := e.fetchWith(t, w.partnerAdmin, "GET", fmt.Sprintf(path, "pdf"), nil)
	if status != 200 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("the PDF: %d %.200s", status, pdf)
	}
	status, _, z := e.fetchWith(t, w.partnerAdmin, "GET", fmt.Sprintf(path, "zip"), nil)
	if status != 200 {
		t.Fatalf("the ZIP: %d %.200s", status, z)
	}
	if s := workbookRows(t, z, "送教记录"); !strings.Contains(s, "吉\U00020BB7的观察课🌈") {
		t.Errorf("the workbook does not keep the topic as typed:\n%s", s)
	}
	events := workbookRows(t, z, "培训活动")
	if !strings.Contains(events, "结对园的老师") || strings.Contains(events, "陌生老师") {
		t.Errorf("the partner's training sheet:\n%s", events)
	}
}

// Finding 15: a dry-run import answers alike for an id out of the caller's sight and an id
// that names nothing.
func TestAnImportTellsNothingOfIdsOutOfSight(t *testing.T) {
	e := demoServer(t)
	otherTeacher := get(e.as(t, "admin", `query($k:ID!){ teachers(filter:{kindergartenId:$k}, first: 1){ edges { node { id } } } }`,
		map[string]any{"k": demo.OtherCountyKindergarten}), "teachers", "edges", 0, "node", "id").(string)
	answer := func(user, kind string, row []string, id string) string {
		t.Helper()
		var head []string
		if kind == "kindergartens" {
			head = []string{"编号", "名称", "区划代码", "城乡类别"}
		} else {
			head = []string{"编号", "姓名", "幼儿园编号", "岗位"}
		}
		status, rep := e.importFile(t, user, kind, [][]string{head, append([]string{id}, row...)}, true)
		out, _ := json.Marshal(rep["errors"])
		return fmt.Sprint(status) + strings.ReplaceAll(string(out), id, "ID")
	}
	kg := []string{"探针幼儿园", demo.CountyGuangrao, "乡镇"}
	if a, b := answer("bureau", "kindergartens", kg, demo.OtherCountyKindergarten), answer("bureau", "kindergartens", kg, newID()); a != b || !strings.HasPrefix(a, "422") {
		t.Errorf("a kindergarten id out of sight: %s\nan id of nothing: %s", a, b)
	}
	tr := []string{"探针老师", demo.TeacherKindergarten, "教师"}
	if a, b := answer("supporter", "teachers", tr, otherTeacher), answer("supporter", "teachers", tr, newID()); a != b || !strings.HasPrefix(a, "422") {
		t.Errorf("a teacher id out of sight: %s\nan id of nothing: %s", a, b)
	}
}
