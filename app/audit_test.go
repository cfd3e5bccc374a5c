package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/handinhand/handinhand/app/apptest"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
)

// The audit log shows a reader only what they may read of a record: a draft summary's
// text is withheld from the bureaus and the admin; once handed in it is shown.
func TestTheAuditLogWithholdsADraftsText(t *testing.T) {
	a, ctx := apptest.DemoApp(t), context.Background()
	w := apptest.NewWorld(t, a)
	sem := domain.SemesterOf(domain.DateOf(domain.Now()))
	save := func(text string, submit bool) *domain.SemesterSummary {
		t.Helper()
		in := domain.SummaryInput{PairingID: w.Pairing, Semester: sem, Text: text, Submit: &submit}
		s, err := a.SaveSummary(ctx, w.PartnerAdmin, in)
		if err != nil {
			t.Fatal(err)
		}
		// As the HTTP layer records a mutation: its arguments and its result.
		if err := a.RecordMutation(ctx, w.PartnerAdmin, "saveSummary", map[string]any{"input": in}, s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	draft, final := "草稿：园里的困难还没想好怎么写"+uuid.NewString()[:6], "本学期送教十次，定稿"+uuid.NewString()[:6]
	s := save(draft, false)
	readers := map[string]*policy.Principal{"county bureau": {UserID: "b", Role: domain.RoleBureau, RegionCode: demo.CountyGuangrao},
		"city bureau": {UserID: "c", Role: domain.RoleBureau, RegionCode: demo.City}, "admin": apptest.Admin()}
	inputs := func(p *policy.Principal) string {
		t.Helper()
		page, err := a.AuditLog(ctx, p, &domain.AuditFilter{RecordID: &s.ID}, 10, "")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range page.Items {
			if e.RecordType != "SemesterSummary" || e.Operation != "saveSummary" {
				t.Errorf("an entry about %s %s by %s", e.RecordType, e.RecordID, e.Operation)
			}
			out = append(out, e.Input)
		}
		return strings.Join(out, "\n")
	}
	for who, p := range readers {
		if in := inputs(p); strings.Contains(in, "困难") || !strings.Contains(in, sem) || !strings.Contains(in, w.Pairing) {
			t.Errorf("the %s reads the draft's entry as %s", who, in)
		}
	}
	save(final, true)
	if in := inputs(readers["county bureau"]); !strings.Contains(in, final) || strings.Contains(in, "困难") {
		t.Errorf("after it is handed in the bureau reads %s", in)
	}
}
