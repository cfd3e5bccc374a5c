package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/handinhand/handinhand/app/apptest"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/pairingfile"
	"github.com/handinhand/handinhand/photos/phototest"
)

// The findings of the third outside probe (issue "Hardening, round three"), each as the
// probe made it.

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

// Finding 6: a bureau's training event names pairings; a kindergarten user under that
// bureau sees only those of them it may see.
func TestATrainingEventShowsOnlyThePairingsTheReaderSees(t *testing.T) {
	e := demoServer(t)
	w := apptest.NewWorld(t, e.App)
	id := newID()
	e.as(t, "bureau", `mutation($in:TrainingEventInput!){ createTrainingEvent(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"id": id, "title": "全县保教研讨", "type": "SPECIAL_LECTURE", "organizerRegionCode": demo.CountyGuangrao, "date": daysAgo(3), "hours": 2,
		"pairingIds": []string{demo.TeacherPairing, w.Pairing}}})
	q := `query($id:ID!){ node(id:$id){ ... on TrainingEvent { pairings { id name goals leadingGroup { name } } } } }`
	r := e.do(t, w.PartnerToken, q, map[string]any{"id": id})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	ps := get(r.Data, "node", "pairings").([]any)
	if len(ps) != 1 || get(ps, 0, "id") != w.Pairing {
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
	w := apptest.NewWorld(t, e.App)
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
	mentor, err := e.App.CreateTeacher(ctx, admin(), domain.TeacherInput{Name: "探针导师", KindergartenID: w.Supporting, Post: domain.PostTeacher})
	if err != nil {
		t.Fatal(err)
	}
	draft := newID()
	if r := e.do(t, w.SupporterToken, `mutation($in:PairingInput!){ createPairing(input:$in){ id status } }`, map[string]any{"in": map[string]any{
		"id": draft, "name": "草稿结对", "supportingKindergartenId": w.Supporting, "partnerKindergartenIds": []string{far.ID},
		"start": "2026-09-01", "end": "2027-07-15"}}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	if r := e.do(t, w.SupporterToken, `mutation($in:MentorshipInput!){ createMentorship(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"id": newID(), "pairingId": draft, "mentorId": mentor.ID, "apprenticeIds": []string{other.ID}, "start": "2026-09-01", "end": "2027-07-15"}}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	r := e.do(t, w.SupporterToken, `query($id:ID!){ pairing(id:$id){ partnerKindergartens { id name address contactName contactPhone }
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
	w := apptest.NewWorld(t, e.App)
	sem := domain.SemesterOf(domain.DateOf(domain.Now()))
	save := `mutation($in: SummaryInput!){ saveSummary(input:$in){ id } }`
	r := e.do(t, w.PartnerToken, save, map[string]any{"in": map[string]any{"pairingId": w.Pairing, "semester": sem, "text": "草稿"}})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	summary := get(r.Data, "saveSummary", "id").(string)
	photo := uploadPhoto(t, e, w.PartnerToken, summary, phototest.CameraJPEG(t, 320, 240, 9), nil)
	listed := func(user string) (bool, float64) {
		t.Helper()
		d := e.as(t, user, `query($p:[ID!], $s:StatsQuery!){ photos(filter:{pairingIds:$p, subjectKinds:[SEMESTER_SUMMARY]}, first: 50){ edges { node { id } } }
			stats(query:$s){ total { values } } }`, map[string]any{"p": []string{w.Pairing},
			"s": map[string]any{"subject": "PHOTOS", "measures": []string{"COUNT"}, "filter": map[string]any{"pairingIds": []string{w.Pairing}}}})
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
	if r := e.do(t, w.PartnerToken, `query($id:ID!){ node(id:$id){ id } }`, map[string]any{"id": photo}); get(r.Data, "node", "id") != photo {
		t.Errorf("its own kindergarten does not read it: %+v", r)
	}
	if r := e.do(t, w.PartnerToken, save, map[string]any{"in": map[string]any{"pairingId": w.Pairing, "semester": sem, "text": "定稿", "submit": true}}); len(r.Errors) > 0 {
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
	w := apptest.NewWorld(t, e.App)
	teacher, err := e.App.CreateTeacher(context.Background(), admin(), domain.TeacherInput{Name: "跟岗老师", KindergartenID: w.Partner, Post: domain.PostTeacher})
	if err != nil {
		t.Fatal(err)
	}
	session := newID()
	in := lesson(session)
	in["pairingId"], in["teacherIds"], in["type"] = w.Pairing, []string{teacher.ID}, "OBSERVATION_CRITIQUE"
	if r := e.do(t, w.PartnerToken, logSession, map[string]any{"in": in}); len(r.Errors) > 0 || get(r.Data, "logTeachingSession", "loggedBySide") != "PARTNER" {
		t.Fatalf("the partner logs: %+v", r)
	}
	photo := uploadPhoto(t, e, w.PartnerToken, session, phototest.CameraJPEG(t, 320, 240, 11), nil)
	del := `mutation($id:ID!){ deletePhoto(id:$id){ id } }`
	if r := e.do(t, w.SupporterToken, del, map[string]any{"id": photo}); r.Code() != "FORBIDDEN" {
		t.Errorf("the supporting admin deleting the partner's photo: %+v", r.Errors)
	}
	if r := e.do(t, w.PartnerToken, del, map[string]any{"id": photo}); len(r.Errors) > 0 {
		t.Errorf("the partner's admin deleting it: %v", r.Errors)
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
	w := apptest.NewWorld(t, e.App)
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
	ours, stranger, supporter := teacherAt(w.Partner, "结对园的老师"), teacherAt(third.ID, "别园的陌生老师"), teacherAt(w.Supporting, "帮扶园的老师")
	day := daysAgo(3)
	county := demo.CountyGuangrao
	ev, err := e.App.CreateTrainingEvent(ctx, admin(), domain.TrainingEventInput{ID: newID(), Title: "全县培训", Type: domain.TrainingTraining,
		OrganizerRegionCode: &county, Date: domain.Date(day), Hours: 2, PairingIDs: []string{w.Pairing}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.SetTrainingAttendance(ctx, admin(), ev.ID, []*domain.AttendanceInput{{TeacherID: ours}, {TeacherID: stranger}, {TeacherID: supporter}}); err != nil {
		t.Fatal(err)
	}
	// A lesson the partner logged, with a teacher's emoji and a rare character.
	session := newID()
	in := lesson(session)
	in["pairingId"], in["teacherIds"], in["type"], in["date"] = w.Pairing, []string{ours}, "OBSERVATION_CRITIQUE", day
	in["topic"] = "吉\U00020BB7的观察课🌈"
	if r := e.do(t, w.PartnerToken, logSession, map[string]any{"in": in}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	sem := domain.SemesterOf(domain.Date(day))
	path := "/export/pairing-file.%s?pairingId=" + w.Pairing + "&semester=" + sem
	status, _, pdf := e.fetchWith(t, w.PartnerToken, "GET", fmt.Sprintf(path, "pdf"), nil)
	if status != 200 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("the PDF: %d %.200s", status, pdf)
	}
	status, _, z := e.fetchWith(t, w.PartnerToken, "GET", fmt.Sprintf(path, "zip"), nil)
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
