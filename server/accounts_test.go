package main

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/sheet"
)

const createAccountsQ = `mutation($ids:[ID!]!){ createAccounts(input:{teacherIds:$ids}){
  accounts { password kindergartenName user { id username displayName role mustChangePassword teacher { id } kindergarten { id } } }
  skipped { teacherId teacher { id } reason } xlsx fileName } }`

func newTeacher(t *testing.T, e *demoEnv, name, phone string) string {
	t.Helper()
	in := map[string]any{"name": name, "kindergartenId": demo.TeacherKindergarten, "post": "TEACHER"}
	if phone != "" {
		in["phone"] = phone
	}
	return get(e.as(t, "admin", `mutation($in: TeacherInput!){ createTeacher(input:$in){ id } }`, map[string]any{"in": in}), "createTeacher", "id").(string)
}

// An admin makes accounts for teachers at once: the mobile number as the username where
// known, a one-time password each, shown once and in an Excel file; teachers who have an
// account are skipped with the reason. The teacher signing in with it can do nothing but
// choose their own password; then everything works. A new one-time password ends the
// user's sessions and the old password.
func TestAccountsForTeachersWithOneTimePasswords(t *testing.T) {
	e := demoServer(t)
	tag := newID()[:6]
	phone := fmt.Sprintf("139%08d", rand.IntN(100_000_000))
	withPhone := newTeacher(t, e, "手机老师"+tag, phone)
	without := newTeacher(t, e, "无号老师"+tag, "")
	linked := demo.TeacherOf("广饶县实验幼儿园", 3) // the demo teacher's own record has an account
	missing := "00000000-0000-4000-8000-00000000dead"

	for _, user := range []string{"bureau", "teacher", "supporter", "partner"} {
		if r := e.try(t, user, createAccountsQ, map[string]any{"ids": []string{without}}); r.Code() != "FORBIDDEN" {
			t.Errorf("%s making accounts: %v", user, r.Errors)
		}
	}
	r := e.as(t, "admin", createAccountsQ, map[string]any{"ids": []string{withPhone, without, linked, missing, without}})
	out := get(r, "createAccounts")
	accounts := get(out, "accounts").([]any)
	if len(accounts) != 2 {
		t.Fatalf("accounts made: %v", accounts)
	}
	byTeacher := map[string]any{}
	for _, a := range accounts {
		byTeacher[get(a, "user", "teacher", "id").(string)] = a
		pw := get(a, "password").(string)
		if len(pw) != 10 || strings.ContainsAny(pw, "0O1lI") {
			t.Errorf("one-time password %q", pw)
		}
		if get(a, "user", "mustChangePassword") != true || get(a, "user", "role") != "TEACHER" ||
			get(a, "user", "kindergarten", "id") != demo.TeacherKindergarten || get(a, "kindergartenName") != "广饶县实验幼儿园" {
			t.Errorf("account %v", a)
		}
	}
	if u := get(byTeacher[withPhone], "user", "username"); u != phone {
		t.Errorf("the teacher with a mobile number got the username %v, want %s", u, phone)
	}
	if u, _ := get(byTeacher[without], "user", "username").(string); len(u) != 9 || u[0] != 't' {
		t.Errorf("the teacher without a number got the username %q", u)
	}
	skipped := get(out, "skipped").([]any)
	reasons := map[string]string{}
	for _, s := range skipped {
		reasons[get(s, "teacherId").(string)] = get(s, "reason").(string)
	}
	if len(skipped) != 2 || !strings.Contains(reasons[linked], "already has the account teacher") || reasons[missing] != "no such teacher" {
		t.Errorf("skipped: %v", skipped)
	}
	// The file to hand out holds each account's name, username and password.
	xlsx, err := base64.StdEncoding.DecodeString(get(out, "xlsx").(string))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := sheet.Read(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, row := range rows {
		text += strings.Join(row, "\t") + "\n"
	}
	for _, a := range accounts {
		line := strings.Join([]string{get(a, "user", "displayName").(string), "广饶县实验幼儿园", get(a, "user", "username").(string), get(a, "password").(string)}, "\t")
		if !strings.Contains(text, line) {
			t.Errorf("the file lacks %q:\n%s", line, text)
		}
	}
	if !strings.HasSuffix(get(out, "fileName").(string), ".xlsx") {
		t.Errorf("file name %v", get(out, "fileName"))
	}
	// Making them again makes none: each is skipped, naming its account.
	again := get(e.as(t, "admin", createAccountsQ, map[string]any{"ids": []string{withPhone}}), "createAccounts")
	if len(get(again, "accounts").([]any)) != 0 || !strings.Contains(get(again, "skipped", 0, "reason").(string), phone) {
		t.Errorf("a second time: %v", again)
	}
	// The audit log has the request, never a password.
	pw := get(byTeacher[withPhone], "password").(string)
	audit := e.as(t, "admin", `{ auditLog(filter:{operations:["createAccounts"]}, first: 5){ edges { node { input } } } }`, nil)
	if edges := get(audit, "auditLog", "edges").([]any); len(edges) == 0 || strings.Contains(get(edges[0], "node", "input").(string), pw) {
		t.Errorf("audit of createAccounts: %v", edges)
	}

	// Signing in with it: only me, changePassword and logout until a password of one's own.
	tok := login(t, e, phone, pw)
	if me := e.do(t, tok, `{ me { username mustChangePassword } }`, nil); len(me.Errors) > 0 || get(me.Data, "me", "mustChangePassword") != true {
		t.Fatalf("me: %+v", me)
	}
	for _, q := range []string{`{ teachingSessions(first: 1){ totalCount } }`, `{ me { id } pairings(first: 1){ totalCount } }`} {
		if r := e.do(t, tok, q, nil); r.Code() != "PASSWORD_CHANGE_REQUIRED" {
			t.Errorf("%s before the change: %v", q, r.Errors)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, e.URL+"/export/sessions.csv", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("an export before the change: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	change := `mutation($c:String!,$n:String!){ changePassword(currentPassword:$c, newPassword:$n){ token user { mustChangePassword } } }`
	if r := e.do(t, tok, change, map[string]any{"c": pw, "n": pw}); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("keeping the given password: %v", r.Errors)
	}
	r2 := e.do(t, tok, change, map[string]any{"c": pw, "n": "my-own-pass-42"})
	if len(r2.Errors) > 0 || get(r2.Data, "changePassword", "user", "mustChangePassword") != false {
		t.Fatalf("changing it: %+v", r2)
	}
	own := get(r2.Data, "changePassword", "token").(string)
	if r := e.do(t, own, `{ teachingSessions(first: 1){ totalCount } }`, nil); len(r.Errors) > 0 {
		t.Errorf("after the change: %v", r.Errors)
	}

	// Disabled: the token in use stops at once; enabled again, signing in works.
	userID := get(byTeacher[withPhone], "user", "id").(string)
	setDisabled := func(off bool) {
		t.Helper()
		u := get(e.as(t, "admin", `query($id:ID!){ user(id:$id){ username displayName role kindergarten { id } teacher { id } } }`, map[string]any{"id": userID}), "user")
		e.as(t, "admin", `mutation($id:ID!,$in:UserInput!){ updateUser(id:$id, input:$in){ id disabled } }`, map[string]any{"id": userID, "in": map[string]any{
			"username": get(u, "username"), "displayName": get(u, "displayName"), "role": get(u, "role"),
			"kindergartenId": get(u, "kindergarten", "id"), "teacherId": get(u, "teacher", "id"), "disabled": off}})
	}
	setDisabled(true)
	if r := e.do(t, own, `{ me { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Errorf("a disabled user's token: %v", r.Errors)
	}
	setDisabled(false)
	own = login(t, e, phone, "my-own-pass-42")

	// A new one-time password: the sessions end, the old password stops, the new one works once.
	issued := get(e.as(t, "admin", `mutation($id:ID!){ issuePassword(id:$id){ accounts { password user { mustChangePassword } } xlsx } }`,
		map[string]any{"id": userID}), "issuePassword", "accounts", 0)
	if r := e.do(t, own, `{ me { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Errorf("a session after the new password: %v", r.Errors)
	}
	if r := e.do(t, "", `mutation($u:String!,$p:String!){ login(username:$u,password:$p){ token } }`, map[string]any{"u": phone, "p": "my-own-pass-42"}); r.Code() != "UNAUTHENTICATED" {
		t.Errorf("the old password after a new one was given out: %v", r.Errors)
	}
	tok = login(t, e, phone, get(issued, "password").(string))
	if r := e.do(t, tok, `{ teachingSessions(first: 1){ totalCount } }`, nil); r.Code() != "PASSWORD_CHANGE_REQUIRED" {
		t.Errorf("with the new one-time password: %v", r.Errors)
	}
	if r := e.try(t, "bureau", `mutation($id:ID!){ issuePassword(id:$id){ xlsx } }`, map[string]any{"id": userID}); r.Code() != "FORBIDDEN" {
		t.Errorf("a bureau giving out a password: %v", r.Errors)
	}

	// An admin cannot lock themselves out.
	me := get(e.as(t, "admin", `{ me { id username displayName } }`, nil), "me")
	self := map[string]any{"username": get(me, "username"), "displayName": get(me, "displayName"), "role": "ADMIN", "disabled": true}
	if r := e.try(t, "admin", `mutation($id:ID!,$in:UserInput!){ updateUser(id:$id, input:$in){ id } }`, map[string]any{"id": get(me, "id"), "in": self}); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("an admin disabling their own account: %v", r.Errors)
	}
	// The teacher record shows its account to the admin.
	acct := e.as(t, "admin", `query($id:ID!){ teacher(id:$id){ account { username } } }`, map[string]any{"id": withPhone})
	if get(acct, "teacher", "account", "username") != phone {
		t.Errorf("the teacher's account: %v", acct)
	}

	// A teacher who left gets no account, and is not offered as current.
	gone := newTeacher(t, e, "离职老师"+tag, "")
	today := string(domain.DateOf(domain.Now()))
	e.as(t, "admin", `mutation($id:ID!,$in:TeacherInput!){ updateTeacher(id:$id, input:$in){ id } }`, map[string]any{"id": gone,
		"in": map[string]any{"name": "离职老师" + tag, "kindergartenId": demo.TeacherKindergarten, "post": "TEACHER", "leftOn": today}})
	skip := get(e.as(t, "admin", createAccountsQ, map[string]any{"ids": []string{gone}}), "createAccounts")
	if len(get(skip, "accounts").([]any)) != 0 || !strings.Contains(get(skip, "skipped", 0, "reason").(string), "left") {
		t.Errorf("an account for a teacher who left: %v", skip)
	}
	future := string(domain.DateOf(domain.Now()).AddDays(3))
	if r := e.try(t, "admin", `mutation($id:ID!,$in:TeacherInput!){ updateTeacher(id:$id, input:$in){ id } }`, map[string]any{"id": gone,
		"in": map[string]any{"name": "离职老师" + tag, "kindergartenId": demo.TeacherKindergarten, "post": "TEACHER", "leftOn": future}}); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("leaving in three days: %v", r.Errors)
	}

	// A user made one by one with a password the admin typed changes it too, unless the
	// admin says the user chose it.
	for _, must := range []bool{true, false} {
		name := "one-" + newID()[:8]
		in := map[string]any{"username": name, "displayName": "单个", "password": "typed-by-admin-1", "role": "TEACHER", "kindergartenId": demo.TeacherKindergarten}
		if !must {
			in["mustChangePassword"] = false
		}
		e.as(t, "admin", `mutation($in: UserInput!){ createUser(input:$in){ id } }`, map[string]any{"in": in})
		r := e.do(t, login(t, e, name, "typed-by-admin-1"), `{ teachingSessions(first: 1){ totalCount } }`, nil)
		if got := r.Code() == "PASSWORD_CHANGE_REQUIRED"; got != must {
			t.Errorf("createUser with mustChangePassword %v: %v", must, r.Errors)
		}
	}
}
