package policy

import (
	"testing"

	"github.com/handinhand/handinhand/domain"
)

func session(loggedBy domain.Side, status domain.ConfirmationStatus) *domain.TeachingSession {
	return &domain.TeachingSession{SupportingKindergartenID: "city", PartnerKindergartenID: "village",
		LoggedBySide: loggedBy, Status: status,
		Scoped: domain.Scoped{KindergartenIDs: []string{"city", "village"}, RegionPath: []string{"37", "3705", "370523"}}}
}

func TestOnlyTheOtherSideConfirms(t *testing.T) {
	teacher := &Principal{Role: domain.RoleTeacher, KindergartenID: "city"}
	partner := &Principal{Role: domain.RoleKindergartenAdmin, KindergartenID: "village"}
	admin := &Principal{Role: domain.RoleAdmin}
	s := session(domain.SideSupporting, domain.ConfirmationPending)
	if _, err := CanConfirmSession(teacher, s); domain.CodeOf(err) != domain.CodeForbidden {
		t.Errorf("the logging side confirmed its own session")
	}
	if side, err := CanConfirmSession(partner, s); err != nil || side != domain.SidePartner {
		t.Errorf("partner: %v %v", side, err)
	}
	if _, err := CanConfirmSession(admin, s); err == nil {
		t.Errorf("an admin confirmed for a kindergarten")
	}
	if err := CanEditSession(teacher, s); err != nil {
		t.Errorf("the logging side cannot edit a pending session: %v", err)
	}
	if err := CanEditSession(partner, s); err == nil {
		t.Errorf("the other side edited")
	}
	confirmed := session(domain.SideSupporting, domain.ConfirmationConfirmed)
	if err := CanEditSession(teacher, confirmed); domain.CodeOf(err) != domain.CodeForbidden {
		t.Errorf("a confirmed session was editable")
	}
	if err := CanDeleteSession(admin, confirmed); err != nil {
		t.Errorf("admin cannot delete: %v", err)
	}
}

func TestBureausSeeTheirSubtreeOnly(t *testing.T) {
	s := session(domain.SideSupporting, domain.ConfirmationPending)
	for region, want := range map[string]bool{"37": true, "3705": true, "370523": true, "370522": false, "3706": false} {
		p := &Principal{Role: domain.RoleBureau, RegionCode: region}
		if got := SeesRecord(p, s.Scoped); got != want {
			t.Errorf("bureau %s sees a 370523 session: %v, want %v", region, got, want)
		}
	}
	if SeesRecord(&Principal{Role: domain.RoleBureau}, s.Scoped) {
		t.Error("a bureau without a region sees records")
	}
	if SeesRecord(nil, s.Scoped) {
		t.Error("anonymous sees records")
	}
	sc, err := Scope(&Principal{Role: domain.RoleTeacher, KindergartenID: "elsewhere"})
	if err != nil || sc.All || sc.KindergartenID != "elsewhere" {
		t.Errorf("teacher scope: %+v %v", sc, err)
	}
	if SeesRecord(&Principal{Role: domain.RoleTeacher, KindergartenID: "elsewhere"}, s.Scoped) {
		t.Error("a teacher of another kindergarten sees the session")
	}
}
