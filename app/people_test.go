package app_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/handinhand/handinhand/app/apptest"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
)

// Disabling a user ends its sessions for good; an edit that does not name disabled keeps
// the state, and keeps a given-out password given out.
func TestDisablingEndsSessionsAndEditsKeepWhatTheyDoNotName(t *testing.T) {
	a, ctx, adm := apptest.DemoApp(t), context.Background(), apptest.Admin()
	username, password, kg := "probe-"+uuid.NewString()[:8], "given-out-pass-1", demo.PartnerKindergarten
	u, err := a.CreateUser(ctx, adm, domain.UserInput{Username: username, DisplayName: "新来的老师", Password: &password,
		Role: domain.RoleKindergartenAdmin, KindergartenID: &kg})
	if err != nil || !u.MustChangePassword {
		t.Fatalf("a new account: %+v %v", u, err)
	}
	token, _ := apptest.SignIn(t, a, username, password)
	edit := func(disabled *bool) *domain.User {
		t.Helper()
		u, err := a.UpdateUser(ctx, adm, u.ID, domain.UserInput{Username: username, DisplayName: "改过名的老师", Role: domain.RoleKindergartenAdmin,
			KindergartenID: &kg, Disabled: disabled})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	yes, no := true, false
	if u := edit(nil); !u.MustChangePassword || u.Disabled {
		t.Errorf("after an edit: must change %v, disabled %v", u.MustChangePassword, u.Disabled)
	}
	if _, err := a.Authenticate(ctx, token); err != nil {
		t.Fatalf("the token before disabling: %v", err)
	}
	if u := edit(&yes); !u.Disabled {
		t.Fatal("not disabled")
	}
	if _, err := a.Authenticate(ctx, token); domain.CodeOf(err) != domain.CodeUnauthenticated {
		t.Errorf("while disabled: %v", err)
	}
	if u := edit(nil); !u.Disabled {
		t.Error("an edit without disabled enabled the user again")
	}
	edit(&no)
	if _, err := a.Authenticate(ctx, token); domain.CodeOf(err) != domain.CodeUnauthenticated {
		t.Errorf("the old token after enabling again: %v", err)
	}
	if _, p := apptest.SignIn(t, a, username, password); !p.MustChangePassword {
		t.Error("signing in again: the given-out password stopped being one")
	}
}
