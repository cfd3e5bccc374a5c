package main

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"sort"
	"testing"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
)

// The access matrix runs every query and mutation of the schema as every role, against
// a record in the caller's own scope (the demo teacher's pairing in 广饶县) and one in
// another scope (a pairing in 利津县), and checks the outcome: "ok", "hidden" (null, or
// absent from a list), or an error code.

var actors = []string{"", "admin", "bureau", "teacher", "supporter", "partner"}

const (
	ok     = "ok"
	hidden = "hidden"
	unauth = "UNAUTHENTICATED"
	forbid = "FORBIDDEN"
	absent = "NOT_FOUND"
	badIn  = "BAD_USER_INPUT"
)

// expect lists the outcomes for admin, bureau, teacher, supporter, partner; anonymous
// callers are always UNAUTHENTICATED unless the op says otherwise.
type expect struct{ own, other [5]string }

// seen: every role sees records of its own scope and none of another.
var seen = expect{own: [5]string{ok, ok, ok, ok, ok}, other: [5]string{ok, hidden, hidden, hidden, hidden}}

type matrixOp struct {
	name  string
	query string
	// vars prepares fresh targets in the given scope and returns the variables.
	vars func(t *testing.T, e *demoEnv, other bool) map[string]any
	// found tells, for reads, whether the response shows the target.
	found  func(data map[string]any, vars map[string]any) bool
	want   expect
	anon   string // outcome for anonymous callers; default UNAUTHENTICATED
	fresh  bool   // run with a token of its own (the operation ends sessions)
	target string // for reads: the variable holding the target id
}

func TestAccessMatrixCoversEveryOperation(t *testing.T) {
	e := demoServer(t)
	ops := matrixOps()
	cases := 0
	for _, op := range ops {
		for i, actor := range actors {
			for _, other := range []bool{false, true} {
				scope := "own"
				if other {
					scope = "other"
				}
				name := fmt.Sprintf("%s/%s/%s", op.name, roleName(actor), scope)
				t.Run(name, func(t *testing.T) {
					vars := op.vars(t, e, other)
					token := e.token(t, actor)
					if op.fresh && actor != "" {
						token = login(t, e, actor, demo.Password)
					}
					r := e.do(t, token, op.query, vars)
					got := r.Code()
					if got == "" {
						got = ok
						if op.found != nil && !op.found(r.Data, vars) {
							got = hidden
						}
					}
					want := op.anon
					if actor != "" {
						if other {
							want = op.want.other[i-1]
						} else {
							want = op.want.own[i-1]
						}
					} else if want == "" {
						want = unauth
					}
					if got != want {
						msg := ""
						if len(r.Errors) > 0 {
							msg = r.Errors[0].Message
						}
						t.Fatalf("got %s, want %s (%s)", got, want, msg)
					}
				})
				cases++
			}
		}
	}
	t.Logf("access matrix: %d operations × %d roles × 2 scopes = %d cases", len(ops), len(actors), cases)

	// Every field of Query and Mutation is in the matrix.
	schema := e.as(t, "admin", `{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`, nil)
	covered := map[string]bool{}
	for _, op := range ops {
		covered[op.name] = true
	}
	var missing []string
	for _, root := range []string{"queryType", "mutationType"} {
		for _, f := range get(schema, "__schema", root, "fields").([]any) {
			if n := get(f, "name").(string); !covered[n] {
				missing = append(missing, n)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("operations missing from the access matrix: %v", missing)
	}
}

func roleName(actor string) string {
	if actor == "" {
		return "anonymous"
	}
	return actor
}

// listHas reports whether a connection at path lists the node with id.
func listHas(path ...any) func(map[string]any, map[string]any) bool {
	return func(data map[string]any, vars map[string]any) bool {
		edges, _ := get(data, append(path, "edges")...).([]any)
		for _, e := range edges {
			if get(e, "node", "id") == vars["id"] {
				return true
			}
		}
		return false
	}
}

// isNotNull reports whether the field is present.
func isNotNull(field string) func(map[string]any, map[string]any) bool {
	return func(data map[string]any, _ map[string]any) bool { return data[field] != nil }
}

func fixed(own, other string) func(*testing.T, *demoEnv, bool) map[string]any {
	return func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
		if o {
			return map[string]any{"id": other}
		}
		return map[string]any{"id": own}
	}
}

func admin() *policy.Principal {
	return &policy.Principal{UserID: "matrix-admin", Role: domain.RoleAdmin}
}

func staffOf(kg string) *policy.Principal {
	return &policy.Principal{UserID: "matrix-staff-" + kg, Role: domain.RoleTeacher, KindergartenID: kg}
}

// pick returns own or other.
func pick(other bool, own, oth string) string {
	if other {
		return oth
	}
	return own
}

// freshSession logs a new session in the scope, by its supporting side.
func freshSession(t *testing.T, e *demoEnv, other bool) string {
	t.Helper()
	pairing, sup := demo.TeacherPairing, demo.TeacherKindergarten
	p := staffOf(sup)
	if other {
		pairing, sup = demo.OtherCountyPairing, demo.OtherCountyKindergarten
		p = staffOf(sup)
	} else {
		u, err := e.App.Authenticate(context.Background(), e.token(t, "teacher"))
		if err != nil {
			t.Fatal(err)
		}
		p = u
	}
	in := domain.TeachingSessionInput{ID: newID(), PairingID: pairing, Date: domain.Date(daysAgo(6)), Hours: 2, Type: domain.SessionDemonstrationClass}
	if other {
		partner := demo.OtherCountyPartner
		in.PartnerKindergartenID = &partner
	}
	s, err := e.App.LogTeachingSession(context.Background(), p, in)
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}

// freshPhoto asks for an upload ticket for a fresh session, as its logging side.
func freshPhoto(t *testing.T, e *demoEnv, other bool) string {
	t.Helper()
	session := freshSession(t, e, other)
	p := staffOf(demo.OtherCountyKindergarten)
	if !other {
		var err error
		if p, err = e.App.Authenticate(context.Background(), e.token(t, "teacher")); err != nil {
			t.Fatal(err)
		}
	}
	tk, err := e.App.RequestPhotoUpload(context.Background(), p, domain.PhotoUploadInput{ID: newID(), SubjectID: session, ContentType: "image/jpeg", Size: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return tk.Photo.ID
}

func gradeInput(id string, other bool) map[string]any {
	return map[string]any{"id": id, "pairingId": pick(other, demo.TeacherPairing, demo.OtherCountyPairing),
		"teacherId": pick(other, demo.PartnerTeacher, demo.OtherCountyPartnerTeacher), "date": daysAgo(5), "grade": "GOOD",
		"topic": "大班科学《沉与浮》", "comments": "提问层次清楚"}
}

// freshGrade is a grade the demo teacher gave (own), or the other county's supporting
// staff (other).
func freshGrade(t *testing.T, e *demoEnv, other bool) string {
	t.Helper()
	p := staffOf(demo.OtherCountyKindergarten)
	if !other {
		var err error
		if p, err = e.App.Authenticate(context.Background(), e.token(t, "teacher")); err != nil {
			t.Fatal(err)
		}
	}
	in := gradeInput(newID(), other)
	g, err := e.App.GradeLesson(context.Background(), p, domain.LessonGradeInput{ID: in["id"].(string), PairingID: in["pairingId"].(string),
		TeacherID: in["teacherId"].(string), Date: domain.Date(in["date"].(string)), Grade: domain.GradeGood})
	if err != nil {
		t.Fatal(err)
	}
	return g.ID
}

var copyTarget int

func inspectionInput(id string, other bool) map[string]any {
	return map[string]any{"id": id, "pairingId": pick(other, demo.TeacherPairing, demo.OtherCountyPairing), "date": daysAgo(3),
		"inspectors": "县教育局学前科", "findings": "送教记录齐全，照片佐证不足",
		"items": []any{map[string]any{"id": newID(), "text": "补充本学期送教照片", "deadline": daysAgo(-20)}}}
}

// freshInspection is an inspection of the own or the other county's pairing, by an admin.
func freshInspection(t *testing.T, e *demoEnv, other bool) string {
	t.Helper()
	in := inspectionInput(newID(), other)
	it := in["items"].([]any)[0].(map[string]any)
	x, err := e.App.RecordInspection(context.Background(), admin(), domain.InspectionInput{ID: in["id"].(string), PairingID: in["pairingId"].(string),
		Date: domain.Date(in["date"].(string)), Inspectors: "督查组", Findings: "照片不足",
		Items: []*domain.RectifyItemInput{{ID: it["id"].(string), Text: "补照片", Deadline: domain.Date(it["deadline"].(string))}}})
	if err != nil {
		t.Fatal(err)
	}
	return x.ID
}

func inspectionItemVars(t *testing.T, e *demoEnv, other bool) map[string]any {
	id := freshInspection(t, e, other)
	x, err := e.App.Store.Inspection(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any{"id": id, "item": x.Items[0].ID}
}

func sessionInput(id string, other bool) map[string]any {
	m := map[string]any{"id": id, "pairingId": pick(other, demo.TeacherPairing, demo.OtherCountyPairing),
		"date": daysAgo(7), "hours": 1.5, "type": "SPECIAL_LECTURE"}
	if other {
		m["partnerKindergartenId"] = demo.OtherCountyPartner
	}
	return m
}

func kgOf(other bool) string { return pick(other, demo.PartnerKindergarten, demo.OtherCountyPartner) }

func freshTeacher(t *testing.T, e *demoEnv, other bool) string {
	t.Helper()
	tc, err := e.App.CreateTeacher(context.Background(), admin(), domain.TeacherInput{Name: "矩阵老师", KindergartenID: kgOf(other), Post: domain.PostTeacher})
	if err != nil {
		t.Fatal(err)
	}
	return tc.ID
}

func freshEvent(t *testing.T, e *demoEnv, other bool) string {
	t.Helper()
	org := pick(other, demo.TeacherKindergarten, demo.OtherCountyKindergarten)
	ev, err := e.App.CreateTrainingEvent(context.Background(), admin(), domain.TrainingEventInput{ID: newID(), Title: "园本教研", Type: domain.TrainingSchoolResearch,
		OrganizerKindergartenID: &org, Date: domain.Date(daysAgo(20)), Hours: 2})
	if err != nil {
		t.Fatal(err)
	}
	teacher := pick(other, demo.TeacherOf("大王镇中心幼儿园", 1), demo.TeacherOf("盐窝镇中心幼儿园", 1))
	if _, err := e.App.SetTrainingAttendance(context.Background(), admin(), ev.ID, []*domain.AttendanceInput{{TeacherID: teacher}}); err != nil {
		t.Fatal(err)
	}
	return ev.ID
}

func mentorshipInput(id string, other bool) map[string]any {
	if other {
		return map[string]any{"id": id, "pairingId": demo.OtherCountyPairing, "mentorId": demo.TeacherOf("利津县实验幼儿园", 0),
			"apprenticeIds": []string{demo.TeacherOf("盐窝镇中心幼儿园", 1)}, "start": "2026-09-01", "end": "2027-01-20"}
	}
	return map[string]any{"id": id, "pairingId": demo.TeacherPairing, "mentorId": demo.TeacherOf("广饶县实验幼儿园", 0),
		"apprenticeIds": []string{demo.TeacherOf("大王镇中心幼儿园", 1)}, "start": "2026-09-01", "end": "2027-01-20"}
}

func freshMentorship(t *testing.T, e *demoEnv, other bool) string {
	t.Helper()
	in := mentorshipInput(newID(), other)
	m, err := e.App.CreateMentorship(context.Background(), admin(), domain.MentorshipInput{ID: in["id"].(string), PairingID: in["pairingId"].(string),
		MentorID: in["mentorId"].(string), ApprenticeIDs: in["apprenticeIds"].([]string), Start: "2026-09-01", End: "2027-01-20"})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func donationInput(id string, other bool) map[string]any {
	m := map[string]any{"id": id, "pairingId": pick(other, demo.TeacherPairing, demo.OtherCountyPairing), "date": daysAgo(30),
		"items": []map[string]any{{"name": "绘本", "quantity": 10, "value": 300}}}
	if other {
		m["partnerKindergartenId"] = demo.OtherCountyPartner
	}
	return m
}

func freshDonation(t *testing.T, e *demoEnv, other bool) string {
	t.Helper()
	pr := pick(other, demo.TeacherPairing, demo.OtherCountyPairing)
	partner := kgOf(other)
	d, err := e.App.CreateDonation(context.Background(), admin(), domain.DonationInput{ID: newID(), PairingID: pr, PartnerKindergartenID: &partner,
		Date: domain.Date(daysAgo(30)), Items: []*domain.DonationItemInput{{Name: "玩具", Quantity: 3, Value: 90}}})
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

func freshUser(t *testing.T, e *demoEnv, other bool) string {
	t.Helper()
	kg := pick(other, demo.TeacherKindergarten, demo.OtherCountyKindergarten)
	pw := "matrix-pass-123"
	u, err := e.App.CreateUser(context.Background(), admin(), domain.UserInput{Username: "m-" + newID()[:12], DisplayName: "矩阵", Password: &pw, Role: domain.RoleTeacher, KindergartenID: &kg})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func pairingInput(id string, other bool) map[string]any {
	if other {
		return map[string]any{"id": id, "name": "矩阵结对", "supportingKindergartenId": demo.OtherCountyKindergarten,
			"partnerKindergartenIds": []string{demo.OtherCountyPartner}, "start": "2026-09-01", "end": "2027-07-15", "status": "DRAFT"}
	}
	return map[string]any{"id": id, "name": "矩阵结对", "supportingKindergartenId": demo.TeacherKindergarten,
		"partnerKindergartenIds": []string{demo.PartnerKindergarten}, "start": "2026-09-01", "end": "2027-07-15", "status": "DRAFT"}
}

func freshPairing(t *testing.T, e *demoEnv, other bool) string {
	t.Helper()
	in := pairingInput("", other)
	st := domain.PairingDraft
	p, err := e.App.CreatePairing(context.Background(), admin(), domain.PairingInput{Name: "矩阵结对", SupportingKindergartenID: in["supportingKindergartenId"].(string),
		PartnerKindergartenIDs: in["partnerKindergartenIds"].([]string), Start: "2026-09-01", End: "2027-07-15", Status: &st})
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func kindergartenInput(name, region string) map[string]any {
	return map[string]any{"name": name, "regionCode": region, "setting": "VILLAGE", "ownership": "PUBLIC", "level": "UNRATED", "classes": 2}
}

func matrixOps() []matrixOp {
	sessionVars := func(t *testing.T, e *demoEnv, o bool) map[string]any {
		return map[string]any{"id": freshSession(t, e, o)}
	}
	eventVars := func(t *testing.T, e *demoEnv, o bool) map[string]any {
		return map[string]any{"id": freshEvent(t, e, o)}
	}
	mentorVars := func(t *testing.T, e *demoEnv, o bool) map[string]any {
		return map[string]any{"id": freshMentorship(t, e, o)}
	}
	donationVars := func(t *testing.T, e *demoEnv, o bool) map[string]any {
		return map[string]any{"id": freshDonation(t, e, o)}
	}
	teacherUser := demo.ID("user:" + demo.UserTeacher)
	// Managing a pairing's records: admins and the supporting kindergarten's bureau and
	// admin; a record elsewhere is unseen.
	manage := expect{own: [5]string{ok, ok, forbid, ok, forbid}, other: [5]string{ok, absent, absent, absent, absent}}
	createInPairing := expect{own: [5]string{ok, ok, forbid, ok, forbid}, other: [5]string{ok, badIn, badIn, badIn, badIn}}
	adminOnly := expect{own: [5]string{ok, forbid, forbid, forbid, forbid}, other: [5]string{ok, forbid, forbid, forbid, forbid}}
	confirm := expect{own: [5]string{forbid, forbid, forbid, forbid, ok}, other: [5]string{forbid, absent, absent, absent, absent}}

	return []matrixOp{
		{name: "login", query: `mutation { login(username:"partner", password:"demo-password") { token } }`, vars: fixed("", ""),
			want: expect{own: [5]string{ok, ok, ok, ok, ok}, other: [5]string{ok, ok, ok, ok, ok}}, anon: ok},
		{name: "node", query: `query($id:ID!){ node(id:$id){ id } }`, vars: sessionVars, found: isNotNull("node"), want: seen},
		{name: "nodes", query: `query($id:ID!){ nodes(ids:[$id]){ id } }`, vars: sessionVars,
			found: func(d, _ map[string]any) bool { return get(d, "nodes", 0) != nil }, want: seen},
		{name: "me", query: `{ me { id } }`, vars: fixed("", ""), want: expect{own: [5]string{ok, ok, ok, ok, ok}, other: [5]string{ok, ok, ok, ok, ok}}},
		{name: "users", query: `query($id:ID!){ users(first:100, filter:{kindergartenId:null}) { edges { node { id } } } user(id:$id){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				if o {
					return map[string]any{"id": freshUser(t, e, true)}
				}
				return map[string]any{"id": teacherUser}
			}, found: isNotNull("user"),
			want: expect{own: [5]string{ok, ok, ok, ok, hidden}, other: [5]string{ok, hidden, hidden, hidden, hidden}}},
		{name: "user", query: `query($id:ID!){ user(id:$id){ id } }`, vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
			if o {
				return map[string]any{"id": freshUser(t, e, true)}
			}
			return map[string]any{"id": teacherUser}
		}, found: isNotNull("user"), want: expect{own: [5]string{ok, ok, ok, ok, hidden}, other: [5]string{ok, hidden, hidden, hidden, hidden}}},
		{name: "logout", query: `mutation { logout }`, vars: fixed("", ""), fresh: true, want: expect{own: [5]string{ok, ok, ok, ok, ok}, other: [5]string{ok, ok, ok, ok, ok}}},
		{name: "changePassword", query: `mutation { changePassword(currentPassword:"not-the-password-1", newPassword:"whatever-pass-123") { token } }`,
			vars: fixed("", ""), want: expect{own: [5]string{badIn, badIn, badIn, badIn, badIn}, other: [5]string{badIn, badIn, badIn, badIn, badIn}}},
		{name: "createUser", query: `mutation($in: UserInput!){ createUser(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"in": map[string]any{"username": "u-" + newID()[:12], "displayName": "新用户", "password": "new-user-pass-1",
					"role": "TEACHER", "kindergartenId": pick(o, demo.TeacherKindergarten, demo.OtherCountyKindergarten)}}
			}, want: adminOnly},
		{name: "updateUser", query: `mutation($id:ID!, $in: UserInput!){ updateUser(id:$id, input:$in){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				id := freshUser(t, e, o)
				return map[string]any{"id": id, "in": map[string]any{"username": "u-" + newID()[:12], "displayName": "改名", "role": "TEACHER",
					"kindergartenId": pick(o, demo.TeacherKindergarten, demo.OtherCountyKindergarten)}}
			}, want: adminOnly},
		{name: "resetPassword", query: `mutation($id:ID!){ resetPassword(id:$id, password:"reset-pass-1234"){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any { return map[string]any{"id": freshUser(t, e, o)} }, want: adminOnly},
		{name: "createAccounts", query: `mutation($id:ID!){ createAccounts(input:{teacherIds:[$id]}){ accounts { user { id } } } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"id": freshTeacher(t, e, o)}
			}, want: adminOnly},
		{name: "issuePassword", query: `mutation($id:ID!){ issuePassword(id:$id){ accounts { user { id } } } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any { return map[string]any{"id": freshUser(t, e, o)} }, want: adminOnly},
		{name: "regions", query: `query($id:ID!){ regions { code } region(code:$id){ code } }`, vars: fixed("370523", "370522"), found: isNotNull("region"), want: seen},
		{name: "region", query: `query($id:ID!){ region(code:$id){ code } }`, vars: fixed("370523", "370522"), found: isNotNull("region"), want: seen},
		{name: "putRegion", query: `mutation($id:ID!){ putRegion(code:$id, name:"测试镇"){ code } }`, vars: fixed("370523999", "370522999"), want: adminOnly},
		{name: "kindergartens", query: `{ kindergartens(first:100){ edges { node { id } } } }`, vars: fixed(demo.PartnerKindergarten, demo.OtherCountyPartner),
			found: listHas("kindergartens"), want: seen},
		{name: "kindergarten", query: `query($id:ID!){ kindergarten(id:$id){ id } }`, vars: fixed(demo.PartnerKindergarten, demo.OtherCountyPartner),
			found: isNotNull("kindergarten"), want: seen},
		{name: "createKindergarten", query: `mutation($in: KindergartenInput!){ createKindergarten(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"in": kindergartenInput("新建村幼儿园", pick(o, "370523100", "370522100"))}
			}, want: expect{own: [5]string{ok, ok, forbid, forbid, forbid}, other: [5]string{ok, forbid, forbid, forbid, forbid}}},
		{name: "updateKindergarten", query: `mutation($id:ID!, $in: KindergartenInput!){ updateKindergarten(id:$id, input:$in){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				k, err := e.App.Store.Kindergarten(context.Background(), kgOf(o))
				if err != nil {
					t.Fatal(err)
				}
				in := map[string]any{"name": k.Name, "regionCode": k.RegionCode, "setting": k.Setting, "ownership": k.Ownership, "level": k.Level, "classes": k.Classes, "children": k.Children}
				return map[string]any{"id": k.ID, "in": in}
			}, want: expect{own: [5]string{ok, ok, forbid, forbid, ok}, other: [5]string{ok, absent, absent, absent, absent}}},
		{name: "teachers", query: `{ teachers(first:100, filter:{nameContains:"矩阵"}){ edges { node { id } } } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"id": freshTeacher(t, e, o)}
			},
			found: listHas("teachers"), want: seen},
		{name: "teacher", query: `query($id:ID!){ teacher(id:$id){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"id": freshTeacher(t, e, o)}
			},
			found: isNotNull("teacher"), want: seen},
		{name: "createTeacher", query: `mutation($in: TeacherInput!){ createTeacher(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"in": map[string]any{"name": "新老师", "kindergartenId": kgOf(o), "post": "TEACHER"}}
			}, want: expect{own: [5]string{ok, ok, forbid, forbid, ok}, other: [5]string{ok, badIn, badIn, badIn, badIn}}},
		{name: "updateTeacher", query: `mutation($id:ID!, $in: TeacherInput!){ updateTeacher(id:$id, input:$in){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"id": freshTeacher(t, e, o), "in": map[string]any{"name": "改名老师", "kindergartenId": kgOf(o), "post": "TEACHER", "backbone": true}}
			}, want: expect{own: [5]string{ok, ok, forbid, forbid, ok}, other: [5]string{ok, absent, absent, absent, absent}}},
		{name: "pairings", query: `{ pairings(first:100){ edges { node { id } } } }`, vars: fixed(demo.TeacherPairing, demo.OtherCountyPairing),
			found: listHas("pairings"), want: seen},
		{name: "pairing", query: `query($id:ID!){ pairing(id:$id){ id } }`, vars: fixed(demo.TeacherPairing, demo.OtherCountyPairing),
			found: isNotNull("pairing"), want: seen},
		{name: "createPairing", query: `mutation($in: PairingInput!){ createPairing(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"in": pairingInput(newID(), o)}
			},
			want: expect{own: [5]string{ok, ok, forbid, ok, forbid}, other: [5]string{ok, forbid, forbid, forbid, forbid}}},
		{name: "updatePairing", query: `mutation($id:ID!, $in: PairingInput!){ updatePairing(id:$id, input:$in){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				id := freshPairing(t, e, o)
				in := pairingInput(id, o)
				in["goals"] = "更新后的目标"
				return map[string]any{"id": id, "in": in}
			}, want: expect{own: [5]string{ok, ok, forbid, ok, forbid}, other: [5]string{ok, absent, absent, absent, absent}}},
		{name: "teachingSessions", query: `{ teachingSessions(first:100, orderBy:{field:CREATED_AT, direction:DESC}){ edges { node { id } } } }`,
			vars: sessionVars, found: listHas("teachingSessions"), want: seen},
		{name: "teachingSession", query: `query($id:ID!){ teachingSession(id:$id){ id } }`, vars: sessionVars, found: isNotNull("teachingSession"), want: seen},
		{name: "logTeachingSession", query: `mutation($in: TeachingSessionInput!){ logTeachingSession(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"in": sessionInput(newID(), o)}
			},
			want: expect{own: [5]string{forbid, forbid, ok, ok, ok}, other: [5]string{forbid, badIn, badIn, badIn, badIn}}},
		{name: "updateTeachingSession", query: `mutation($in: TeachingSessionInput!){ updateTeachingSession(input:$in){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"in": sessionInput(freshSession(t, e, o), o)}
			}, want: expect{own: [5]string{forbid, forbid, ok, ok, forbid}, other: [5]string{forbid, absent, absent, absent, absent}}},
		{name: "confirmTeachingSession", query: `mutation($id:ID!){ confirmTeachingSession(id:$id){ id } }`, vars: sessionVars, want: confirm},
		{name: "queryTeachingSession", query: `mutation($id:ID!){ queryTeachingSession(id:$id, reason:"请核对"){ id } }`, vars: sessionVars, want: confirm},
		{name: "deleteTeachingSession", query: `mutation($id:ID!){ deleteTeachingSession(id:$id){ id } }`, vars: sessionVars,
			want: expect{own: [5]string{ok, forbid, ok, ok, forbid}, other: [5]string{ok, absent, absent, absent, absent}}},
		{name: "correctTeachingSession", query: `mutation($in: TeachingSessionInput!){ correctTeachingSession(input:$in, reason:"核实更正"){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"in": sessionInput(freshSession(t, e, o), o)}
			}, want: adminOnly},
		{name: "trainingEvents", query: `{ trainingEvents(first:100, orderBy:{field:CREATED_AT, direction:DESC}){ edges { node { id } } } }`,
			vars: eventVars, found: listHas("trainingEvents"), want: seen},
		{name: "trainingEvent", query: `query($id:ID!){ trainingEvent(id:$id){ id } }`, vars: eventVars, found: isNotNull("trainingEvent"), want: seen},
		{name: "createTrainingEvent", query: `mutation($in: TrainingEventInput!){ createTrainingEvent(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"in": map[string]any{"id": newID(), "title": "业务培训", "type": "TRAINING", "date": daysAgo(25), "hours": 3,
					"organizerKindergartenId": pick(o, demo.TeacherKindergarten, demo.OtherCountyKindergarten)}}
			}, want: expect{own: [5]string{ok, ok, forbid, ok, forbid}, other: [5]string{ok, forbid, forbid, forbid, forbid}}},
		{name: "updateTrainingEvent", query: `mutation($in: TrainingEventInput!){ updateTrainingEvent(input:$in){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"in": map[string]any{"id": freshEvent(t, e, o), "title": "园本教研（改）", "type": "SCHOOL_BASED_RESEARCH", "date": daysAgo(21), "hours": 2,
					"organizerKindergartenId": pick(o, demo.TeacherKindergarten, demo.OtherCountyKindergarten)}}
			}, want: manage},
		{name: "setTrainingAttendance", query: `mutation($id:ID!){ setTrainingAttendance(eventId:$id, attendance:[]){ id } }`, vars: eventVars, want: manage},
		{name: "deleteTrainingEvent", query: `mutation($id:ID!){ deleteTrainingEvent(id:$id){ id } }`, vars: eventVars, want: manage},
		{name: "mentorships", query: `{ mentorships(first:100){ edges { node { id } } } }`, vars: mentorVars, found: listHas("mentorships"), want: seen},
		{name: "createMentorship", query: `mutation($in: MentorshipInput!){ createMentorship(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"in": mentorshipInput(newID(), o)}
			}, want: createInPairing},
		{name: "updateMentorship", query: `mutation($in: MentorshipInput!){ updateMentorship(input:$in){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				in := mentorshipInput(freshMentorship(t, e, o), o)
				in["goals"] = "新目标"
				return map[string]any{"in": in}
			}, want: manage},
		{name: "deleteMentorship", query: `mutation($id:ID!){ deleteMentorship(id:$id){ id } }`, vars: mentorVars, want: manage},
		{name: "gradeLesson", query: `mutation($in: LessonGradeInput!){ gradeLesson(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"in": gradeInput(newID(), o)}
			}, want: expect{own: [5]string{ok, ok, ok, ok, forbid}, other: [5]string{ok, badIn, badIn, badIn, badIn}}},
		{name: "updateLessonGrade", query: `mutation($in: LessonGradeInput!){ updateLessonGrade(input:$in){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				in := gradeInput(freshGrade(t, e, o), o)
				in["grade"] = "EXCELLENT"
				return map[string]any{"in": in}
			}, want: expect{own: [5]string{ok, forbid, ok, forbid, forbid}, other: [5]string{ok, absent, absent, absent, absent}}},
		{name: "deleteLessonGrade", query: `mutation($id:ID!){ deleteLessonGrade(id:$id){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"id": freshGrade(t, e, o)}
			}, want: expect{own: [5]string{ok, forbid, ok, forbid, forbid}, other: [5]string{ok, absent, absent, absent, absent}}},
		{name: "lessonGrades", query: `{ lessonGrades(first:100){ edges { node { id } } } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"id": freshGrade(t, e, o)}
			}, found: listHas("lessonGrades"), want: seen},
		{name: "setPlan", query: `mutation($p:ID!, $s:String!, $a:[PlannedActivityInput!]!){ setPlan(pairingId:$p, semester:$s, activities:$a){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				// A semester no story test plans.
				s := domain.SemesterOf(domain.DateOf(domain.Now()).AddDays(365))
				sem, _ := domain.ParseSemester(s)
				return map[string]any{"p": pick(o, demo.TeacherPairing, demo.OtherCountyPairing), "s": s,
					"a": []any{map[string]any{"id": newID(), "type": "MONTHLY_VISIT", "month": sem.Months()[0]}}}
			}, want: expect{own: [5]string{ok, ok, forbid, ok, forbid}, other: [5]string{ok, badIn, badIn, badIn, badIn}}},
		{name: "copyPlanForward", query: `mutation($p:ID!, $f:String!, $t:String!){ copyPlanForward(pairingId:$p, from:$f, to:$t){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				// Into a semester of its own each time, past the pairings' end: nobody plans it.
				copyTarget++
				return map[string]any{"p": pick(o, demo.TeacherPairing, demo.OtherCountyPairing),
					"f": domain.SemesterOf(domain.DateOf(domain.Now()).AddDays(365)), "t": fmt.Sprintf("%d-%d-1", 2050+copyTarget, 2051+copyTarget)}
			}, fresh: false, want: expect{own: [5]string{ok, ok, forbid, ok, forbid}, other: [5]string{ok, badIn, badIn, badIn, badIn}}},
		{name: "addMentorshipActivity", query: `mutation($in: MentorshipActivityInput!){ addMentorshipActivity(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"in": map[string]any{"id": newID(), "mentorshipId": pick(o, demo.ID("mentorship:"+demo.TeacherPairingName), demo.ID("mentorship:"+demo.OtherCountyPairingName)),
					"date": daysAgo(2), "kind": "OBSERVATION", "notes": "观摩师傅的大班科学活动"}}
			}, want: expect{own: [5]string{forbid, forbid, forbid, ok, ok}, other: [5]string{forbid, absent, absent, absent, absent}}},
		{name: "addReflection", query: `mutation($in: ReflectionInput!){ addReflection(input:$in){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"in": map[string]any{"id": newID(), "sessionId": freshSession(t, e, o), "kind": "REFLECTION", "text": "这次活动中幼儿的提问很多"}}
			}, want: expect{own: [5]string{forbid, forbid, ok, forbid, forbid}, other: [5]string{forbid, absent, absent, absent, absent}}},
		{name: "due", query: `{ due { semester weeksLeft items { kind count } } }`,
			vars: func(*testing.T, *demoEnv, bool) map[string]any { return nil },
			want: expect{own: [5]string{ok, ok, ok, ok, ok}, other: [5]string{ok, ok, ok, ok, ok}}},
		{name: "saveSummary", query: `mutation($in: SummaryInput!){ saveSummary(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				// A year ahead: the demo submits last semester's summaries, the story test this one's.
				return map[string]any{"in": map[string]any{"pairingId": pick(o, demo.TeacherPairing, demo.OtherCountyPairing),
					"semester": domain.SemesterOf(domain.DateOf(domain.Now()).AddDays(365)), "text": "本学期共送教下乡……"}}
			}, want: expect{own: [5]string{forbid, forbid, forbid, ok, ok}, other: [5]string{forbid, badIn, badIn, badIn, badIn}}},
		{name: "summaries", query: `query($s:String!){ summaries(semester:$s){ pairing { id } } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"s": domain.SemesterOf(domain.DateOf(domain.Now())), "p": pick(o, demo.TeacherPairing, demo.OtherCountyPairing)}
			},
			found: func(d, vars map[string]any) bool {
				for _, st := range get(d, "summaries").([]any) {
					if get(st, "pairing", "id") == vars["p"] {
						return true
					}
				}
				return false
			}, want: seen},
		{name: "recordInspection", query: `mutation($in: InspectionInput!){ recordInspection(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"in": inspectionInput(newID(), o)}
			}, want: expect{own: [5]string{ok, ok, forbid, forbid, forbid}, other: [5]string{ok, badIn, badIn, badIn, badIn}}},
		// A kindergarten's roster is its own admins' (and its staff's to read); a pairing, a
		// bureau or an admin opens none of it.
		{name: "children", query: `query($k:ID){ children(filter:{kindergartenId:$k}, first: 5){ totalCount edges { node { id idNumber } } } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any { return map[string]any{"k": kgOf(o)} },
			want: expect{own: [5]string{forbid, forbid, forbid, forbid, ok}, other: [5]string{forbid, forbid, forbid, forbid, forbid}}},
		{name: "saveChild", query: `mutation($in: ChildInput!){ saveChild(input:$in){ id idNumber } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any { return map[string]any{"in": childVars(kgOf(o))} },
			want: expect{own: [5]string{forbid, forbid, forbid, forbid, ok}, other: [5]string{forbid, forbid, forbid, forbid, forbid}}},
		// Opening one child's record takes a stated reason: a bureau within its region, an
		// admin; the kindergarten's own staff need none, everyone else is told nothing.
		{name: "openChildRecord", query: `mutation($c:ID!){ openChildRecord(childId:$c, reason:"核实资助申请"){ id idNumber } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"c": pick(o, demo.PartnerChild, demo.OtherCountyChild)}
			},
			want: expect{own: [5]string{ok, ok, absent, absent, forbid}, other: [5]string{ok, absent, absent, absent, absent}}},
		{name: "accessLog", query: `query($c:ID){ accessLog(filter:{childId:$c}, first: 5){ totalCount edges { node { at fields reason } } } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"c": pick(o, demo.PartnerChild, demo.OtherCountyChild)}
			},
			want: expect{own: [5]string{ok, ok, forbid, ok, ok}, other: [5]string{ok, ok, forbid, ok, ok}}},
		{name: "inspections", query: `{ inspections(first:100){ edges { node { id } } } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"id": freshInspection(t, e, o)}
			}, found: listHas("inspections"), want: seen},
		{name: "answerInspectionItem", query: `mutation($id:ID!, $item:ID!){ answerInspectionItem(inspectionId:$id, itemId:$item, text:"已整改：补齐了活动记录"){ id } }`,
			vars: inspectionItemVars, want: expect{own: [5]string{forbid, forbid, forbid, ok, ok}, other: [5]string{forbid, absent, absent, absent, absent}}},
		{name: "closeInspectionItem", query: `mutation($id:ID!, $item:ID!){ closeInspectionItem(inspectionId:$id, itemId:$item){ id } }`,
			vars: inspectionItemVars, want: expect{own: [5]string{ok, ok, forbid, forbid, forbid}, other: [5]string{ok, absent, absent, absent, absent}}},
		{name: "reopenInspectionItem", query: `mutation($id:ID!, $item:ID!){ reopenInspectionItem(inspectionId:$id, itemId:$item){ id } }`,
			vars: inspectionItemVars, want: expect{own: [5]string{ok, ok, forbid, forbid, forbid}, other: [5]string{ok, absent, absent, absent, absent}}},
		{name: "donations", query: `{ donations(first:100){ edges { node { id } } } }`, vars: donationVars, found: listHas("donations"), want: seen},
		{name: "createDonation", query: `mutation($in: DonationInput!){ createDonation(input:$in){ id } }`,
			vars: func(_ *testing.T, _ *demoEnv, o bool) map[string]any {
				return map[string]any{"in": donationInput(newID(), o)}
			}, want: createInPairing},
		{name: "requestPhotoUpload", query: `mutation($in: PhotoUploadInput!){ requestPhotoUpload(input:$in){ photo { id } } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"in": map[string]any{"id": newID(), "subjectId": freshSession(t, e, o), "contentType": "image/jpeg", "size": 2048}}
			}, want: expect{own: [5]string{forbid, forbid, ok, ok, forbid}, other: [5]string{forbid, badIn, badIn, badIn, badIn}}},
		{name: "completePhotoUpload", query: `mutation($id:ID!){ completePhotoUpload(id:$id){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"id": freshPhoto(t, e, o)}
			},
			// The uploader reaches the check that the bytes have not arrived.
			want: expect{own: [5]string{forbid, forbid, badIn, forbid, forbid}, other: [5]string{forbid, absent, absent, absent, absent}}},
		{name: "deletePhoto", query: `mutation($id:ID!){ deletePhoto(id:$id){ id } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				return map[string]any{"id": freshPhoto(t, e, o)}
			},
			want: expect{own: [5]string{ok, forbid, ok, ok, forbid}, other: [5]string{ok, absent, absent, absent, absent}}},
		{name: "auditLog", query: `query($id:ID!){ auditLog(filter:{recordId:$id}){ edges { node { id operation } } } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				id := freshSession(t, e, o)
				s, err := e.App.Store.TeachingSession(context.Background(), id)
				if err != nil {
					t.Fatal(err)
				}
				if err := e.App.RecordMutation(context.Background(), admin(), "logTeachingSession", map[string]any{"id": id}, s); err != nil {
					t.Fatal(err)
				}
				return map[string]any{"id": id}
			},
			found: func(d, _ map[string]any) bool { return len(get(d, "auditLog", "edges").([]any)) > 0 },
			want:  expect{own: [5]string{ok, ok, forbid, forbid, forbid}, other: [5]string{ok, hidden, forbid, forbid, forbid}}},
		{name: "flaggedPhotos", query: `query{ flaggedPhotos(first: 100){ edges { node { id } } } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				// A photo of the scope, checked and flagged (the checking itself is tested
				// with real uploads in photo_flags_test.go).
				id := freshPhoto(t, e, o)
				if _, err := e.App.Store.UpdatePhoto(context.Background(), id, func(x *domain.Photo) error {
					x.Status, x.Flags, x.CaptureGapDays = domain.PhotoReady, []domain.PhotoFlagKind{domain.FlagCaptureDateFar}, 30
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				return map[string]any{"id": id}
			},
			found: func(d, vars map[string]any) bool {
				for _, edge := range get(d, "flaggedPhotos", "edges").([]any) {
					if get(edge, "node", "id") == vars["id"] {
						return true
					}
				}
				return false
			},
			want: expect{own: [5]string{ok, ok, forbid, forbid, forbid}, other: [5]string{ok, hidden, forbid, forbid, forbid}}},
		{name: "photos", query: `query($k:ID!){ photos(first: 100, filter:{kindergartenId: $k}){ edges { node { id } } } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				id := freshPhoto(t, e, o)
				ph, err := e.App.Store.UpdatePhoto(context.Background(), id, func(x *domain.Photo) error {
					x.Status = domain.PhotoReady
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				return map[string]any{"id": id, "k": ph.KindergartenIDs[len(ph.KindergartenIDs)-1]}
			},
			found: func(d, vars map[string]any) bool {
				for _, edge := range get(d, "photos", "edges").([]any) {
					if get(edge, "node", "id") == vars["id"] {
						return true
					}
				}
				return false
			},
			want: expect{own: [5]string{ok, ok, forbid, forbid, forbid}, other: [5]string{ok, hidden, forbid, forbid, forbid}}},
		{name: "stats", query: `query($p:ID!){ stats(query:{subject:TEACHING_SESSIONS, measures:[COUNT], filter:{pairingIds:[$p]}}){ total { values } } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				freshSession(t, e, o)
				return map[string]any{"p": pick(o, demo.TeacherPairing, demo.OtherCountyPairing)}
			},
			found: func(d, _ map[string]any) bool {
				v, _ := get(d, "stats", "total", "values").([]any)
				n, _ := v[0].(float64)
				return n > 0
			},
			// Naming a pairing outside what one may count is FORBIDDEN, never an empty answer.
			want: expect{own: [5]string{ok, ok, ok, ok, ok}, other: [5]string{ok, forbid, forbid, forbid, forbid}}},
		{name: "compliance", query: `query($s:String!, $r:ID){ compliance(semester:$s, regionCode:$r){ pairingId status } }`,
			vars: func(t *testing.T, e *demoEnv, o bool) map[string]any {
				r := "370523"
				if o {
					r = "370522"
				}
				return map[string]any{"s": domain.SemesterOf(domain.DateOf(domain.Now())), "r": r}
			},
			found: func(d, vars map[string]any) bool {
				want := demo.TeacherPairing
				if vars["r"] == "370522" {
					want = demo.OtherCountyPairing
				}
				rows, _ := get(d, "compliance").([]any)
				for _, r := range rows {
					if get(r, "pairingId") == want {
						return true
					}
				}
				return false
			},
			// A bureau may not name another county; kindergarten users narrowing by region see nothing of it.
			want: expect{own: [5]string{ok, ok, ok, ok, ok}, other: [5]string{ok, forbid, hidden, hidden, hidden}}},
		{name: "deleteDonation", query: `mutation($id:ID!){ deleteDonation(id:$id){ id } }`, vars: donationVars, want: manage},
	}
}

// fakeIDNumber is a made-up ID number of a child born in 2020 in 广饶县 (the demo's children
// are born from 2021) that passes the check
// character: an unassigned sequence (9xx), so it is nobody's.
func fakeIDNumber() string {
	first := fmt.Sprintf("37052320200%d%02d9%02d", 1+mrand.IntN(9), 1+mrand.IntN(28), mrand.IntN(100))
	return first + string(domain.IDCheckCharacter(first))
}

// childVars is a fresh child's input for kindergarten kg.
func childVars(kg string) map[string]any {
	id := fakeIDNumber()
	birth := id[6:10] + "-" + id[10:12] + "-" + id[12:14]
	return map[string]any{"id": newID(), "kindergartenId": kg, "name": "测试幼儿", "sex": "FEMALE", "birthDate": birth, "class": "SMALL",
		"className": "小一班", "enrolledOn": "2025-09-01", "idNumber": id, "address": "大王镇东村",
		"guardians": []any{map[string]any{"name": "李妈妈", "relation": "母亲", "phone": "13900001111"}}}
}
