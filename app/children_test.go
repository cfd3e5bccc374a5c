package app_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/app/apptest"
	"github.com/handinhand/handinhand/backup"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
)

func childInput(kg, idNumber string) domain.ChildInput {
	id, _ := domain.ParseIDNumber(idNumber)
	agri := true
	return domain.ChildInput{ID: uuid.NewString(), KindergartenID: kg, Name: "王小𠮷", Male: id.Male, BirthDate: id.Birth,
		Class: domain.ClassMiddle, ClassName: "中二班", EnrolledOn: "2025-09-01",
		Protected: domain.ChildProtected{IDNumber: idNumber, Address: "大王镇西村二组17号", HukouCode: demo.CountyGuangrao, Agricultural: &agri,
			Categories: []domain.CategoryEntry{{Kind: domain.CategoryLowIncome}, {Kind: domain.CategoryLeftBehind, Note: "父母在青岛务工"}},
			Guardians:  []domain.Guardian{{Name: "王奶奶", Relation: "祖母", Phone: "13912340001"}}}}
}

// A child's protected fields never reach the store in plain text (nor a backup of it); its
// admin reads them back, each read recorded; its teachers and the other side of a pairing
// read none; a second kindergarten's enrolment of the same ID number is refused saying only
// where and since when.
func TestAChildsProtectedFieldsAreSealedAndReadOnlyByItsAdmins(t *testing.T) {
	a, ctx := apptest.DemoApp(t), context.Background()
	_, partner := apptest.SignIn(t, a, demo.UserPartner, demo.Password)
	_, teacher := apptest.SignIn(t, a, demo.UserTeacher, demo.Password)
	_, supporter := apptest.SignIn(t, a, demo.UserSupporter, demo.Password)
	in := childInput(demo.PartnerKindergarten, "370523202003150014")
	c, err := a.SaveChild(ctx, partner, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveChild(ctx, supporter, childInput(demo.PartnerKindergarten, "370523202105050022")); domain.CodeOf(err) != domain.CodeForbidden {
		t.Errorf("another kindergarten's admin adding to the roster: %v", err)
	}
	// The store, read as a backup reads it, holds none of the protected values.
	var buf bytes.Buffer
	if _, err := backup.Write(ctx, &buf, a.Store, a.Photos); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(zr)
	if !bytes.Contains(raw, []byte("中二班")) {
		t.Fatal("the backup does not hold the child's record at all")
	}
	for _, secret := range []string{"370523202003150014", "13912340001", "大王镇西村二组17号", "父母在青岛务工", "王奶奶"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the store holds %q in plain text", secret)
		}
	}
	// Read back: the admin opens it, recorded; a teacher and the supporting side get nothing.
	stored, err := a.Store.Child(ctx, c.ID)
	if err != nil || stored.Protected != nil {
		t.Fatalf("stored: %v %v", stored, err)
	}
	got, err := a.OpenChild(ctx, partner, stored, app.ChildAccess{Addr: "127.0.0.1"})
	if err != nil || got == nil || got.IDNumber != "370523202003150014" || got.Guardians[0].Phone != "13912340001" || got.Categories[1].Note != "父母在青岛务工" {
		t.Fatalf("the admin reads %+v %v", got, err)
	}
	for who, p := range map[string]*policy.Principal{"the kindergarten's teacher": teacher, "the supporting side": supporter} {
		s2, _ := a.Store.Child(ctx, c.ID)
		if got, err := a.OpenChild(ctx, p, s2, app.ChildAccess{}); got != nil || err != nil {
			t.Errorf("%s reads %+v %v", who, got, err)
		}
	}
	if _, err := a.Children(ctx, supporter, demo.PartnerKindergarten, 10, ""); domain.CodeOf(err) != domain.CodeForbidden {
		t.Errorf("the supporting side lists the partner's roster: %v", err)
	}
	n, problems, err := a.Store.VerifyAccess(ctx)
	if err != nil || len(problems) > 0 || n < 1 {
		t.Errorf("the access log: %d entries, %v %v", n, problems, err)
	}
	// One child, one record.
	w := apptest.NewWorld(t, a)
	other := childInput(w.Partner, "370523202003150014")
	_, err = a.SaveChild(ctx, w.PartnerAdmin, other)
	if domain.CodeOf(err) != domain.CodeConflict || !strings.Contains(err.Error(), "广饶县") || !strings.Contains(err.Error(), "2025-09-01") || strings.Contains(err.Error(), "大王镇") {
		t.Errorf("a second enrolment: %v", err)
	}
	var de *domain.Error
	if e, ok := err.(*domain.Error); ok {
		de = e
	}
	if de == nil || de.MessageZh() != "已在广饶县的一所幼儿园在册（自2025-09-01起），请该园先办理转出" {
		t.Errorf("in Chinese: %v", de)
	}
	// Once the first kindergarten records the transfer, the second may enrol the child.
	left, reason := domain.Date("2026-06-30"), domain.LeftTransferred
	in.LeftOn, in.LeavingReason = &left, &reason
	if _, err := a.SaveChild(ctx, partner, in); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveChild(ctx, w.PartnerAdmin, other); err != nil {
		t.Errorf("enrolling after the transfer: %v", err)
	}
}
