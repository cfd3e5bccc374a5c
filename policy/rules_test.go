package policy

import (
	"testing"

	"github.com/handinhand/handinhand/domain"
)

// The policy's rules as a table: every rule asked of each kind of caller, against a small
// world — a county (370523) of the city 3705 with a supporting kindergarten "city" paired
// with "village", and "far" in the next county (370522).
func TestTheRulesAsATable(t *testing.T) {
	county := []string{"37", "3705", "370523"}
	next := []string{"37", "3705", "370522"}
	kgUser := func(role domain.Role, kg, teacher string, paired ...string) *Principal {
		return &Principal{UserID: "u-" + kg + string(role), Role: role, KindergartenID: kg, TeacherID: teacher,
			OwnRegionPath: map[string][]string{"city": county, "village": county, "far": next}[kg],
			Paired:        func() ([]string, error) { return append([]string{kg}, paired...), nil }}
	}
	var (
		admin      = &Principal{UserID: "admin", Role: domain.RoleAdmin}
		city       = &Principal{UserID: "city-bureau", Role: domain.RoleBureau, RegionCode: "3705"}
		bureau     = &Principal{UserID: "county-bureau", Role: domain.RoleBureau, RegionCode: "370523"}
		nextBureau = &Principal{UserID: "next-bureau", Role: domain.RoleBureau, RegionCode: "370522"}
		noRegion   = &Principal{UserID: "lost-bureau", Role: domain.RoleBureau}
		supporter  = kgUser(domain.RoleKindergartenAdmin, "city", "", "village")
		teacher    = kgUser(domain.RoleTeacher, "city", "t-city", "village")
		partner    = kgUser(domain.RoleKindergartenAdmin, "village", "", "city")
		stranger   = kgUser(domain.RoleKindergartenAdmin, "far", "")
		anonymous  *Principal
	)
	kgCity := &domain.Kindergarten{ID: "city", RegionPath: county}
	kgVillage := &domain.Kindergarten{ID: "village", RegionPath: county}
	kgFar := &domain.Kindergarten{ID: "far", RegionPath: next}
	scoped := domain.Scoped{RegionPath: county, KindergartenIDs: []string{"city", "village"}}
	active := &domain.Pairing{ID: "p", SupportingKindergartenID: "city", PartnerKindergartenIDs: []string{"village"}, Status: domain.PairingActive, Scoped: scoped}
	draft := &domain.Pairing{ID: "d", SupportingKindergartenID: "city", PartnerKindergartenIDs: []string{"village"}, Status: domain.PairingDraft, Scoped: scoped}
	pending := &domain.TeachingSession{SupportingKindergartenID: "city", PartnerKindergartenID: "village", LoggedBySide: domain.SideSupporting,
		Status: domain.ConfirmationPending, Scoped: scoped}
	byPartner := &domain.TeachingSession{SupportingKindergartenID: "city", PartnerKindergartenID: "village", LoggedBySide: domain.SidePartner,
		Status: domain.ConfirmationPending, Scoped: scoped}
	countyEvent := &domain.TrainingEvent{OrganizerRegionCode: "370523", OrganizerPath: county, Scoped: domain.Scoped{RegionPath: county}}
	cityEvent := &domain.TrainingEvent{OrganizerKindergartenID: "city", OrganizerPath: county, Scoped: domain.Scoped{RegionPath: county, KindergartenIDs: []string{"city"}}}
	draftSummary := &domain.SemesterSummary{KindergartenID: "village", Status: domain.SummaryDraft, Scoped: scoped}
	handedIn := &domain.SemesterSummary{KindergartenID: "village", Status: domain.SummarySubmitted, Scoped: scoped}
	photo := &domain.Photo{SendingKindergartenID: "village", Meta: domain.Meta{CreatedBy: "someone"}}
	grade := &domain.LessonGrade{Meta: domain.Meta{CreatedBy: supporter.UserID}}
	mentorship := &domain.Mentorship{MentorID: "t-city", ApprenticeIDs: []string{"t-village"}, Scoped: scoped}
	inspection := &domain.Inspection{Scoped: scoped}
	farTeacher := &domain.Teacher{KindergartenID: "far", RegionPath: next}
	villageTeacher := &domain.Teacher{KindergartenID: "village", RegionPath: county}
	villageUser := &domain.User{ID: "vu", KindergartenID: "village", RegionPath: county}

	ok := func(err error) bool { return err == nil }
	okSide := func(_ domain.Side, err error) bool { return err == nil }
	okOf := func(v bool, err error) bool { return v && err == nil }
	okGrade := func(_ bool, err error) bool { return err == nil }
	everyone := []*Principal{admin, city, bureau, nextBureau, noRegion, supporter, teacher, partner, stranger, anonymous}
	names := map[*Principal]string{admin: "admin", city: "city bureau", bureau: "county bureau", nextBureau: "next county's bureau",
		noRegion: "bureau without a region", supporter: "supporting admin", teacher: "supporting teacher", partner: "partner admin",
		stranger: "admin of a kindergarten elsewhere", anonymous: "anonymous"}
	rules := []struct {
		rule    string
		allowed []*Principal
		ask     func(p *Principal) bool
	}{
		{"SeesRecord", []*Principal{admin, city, bureau, supporter, teacher, partner}, func(p *Principal) bool { return SeesRecord(p, scoped) }},
		{"SeesKindergarten (the partner)", []*Principal{admin, city, bureau, supporter, teacher, partner}, func(p *Principal) bool { return okOf(SeesKindergarten(p, kgVillage)) }},
		{"SeesKindergarten (elsewhere)", []*Principal{admin, city, nextBureau, stranger}, func(p *Principal) bool { return okOf(SeesKindergarten(p, kgFar)) }},
		{"SeesTeacher (the partner's)", []*Principal{admin, city, bureau, supporter, teacher, partner}, func(p *Principal) bool { return okOf(SeesTeacher(p, villageTeacher)) }},
		{"SeesTeacher (elsewhere)", []*Principal{admin, city, nextBureau, stranger}, func(p *Principal) bool { return okOf(SeesTeacher(p, farTeacher)) }},
		{"SeesUser (the partner's)", []*Principal{admin, city, bureau, partner}, func(p *Principal) bool { return p != nil && SeesUser(p, villageUser) }},
		{"SeesTrainingEvent (the county's)", []*Principal{admin, city, bureau, supporter, teacher, partner}, func(p *Principal) bool { return SeesTrainingEvent(p, countyEvent) }},
		{"SeesAttendee (far, at the county's event)", []*Principal{admin, city, bureau, stranger}, func(p *Principal) bool {
			return okOf(SeesAttendee(p, countyEvent, domain.Attendance{KindergartenID: "far"}))
		}},
		{"CanManageRegions", []*Principal{admin}, func(p *Principal) bool { return CanManageRegions(p) }},
		{"CanManageKindergarten", []*Principal{admin, city, bureau}, func(p *Principal) bool { return CanManageKindergarten(p, county) }},
		{"CanEditKindergartenProfile", []*Principal{admin, city, bureau, partner}, func(p *Principal) bool { return CanEditKindergartenProfile(p, kgVillage) }},
		{"CanManageTeachers", []*Principal{admin, city, bureau, supporter}, func(p *Principal) bool { return CanManageTeachers(p, kgCity) }},
		{"CanImport (kindergartens)", []*Principal{admin, city, bureau, nextBureau}, func(p *Principal) bool { return CanImport(p, false) }},
		{"CanImport (teachers)", []*Principal{admin, city, bureau, nextBureau, supporter, partner, stranger}, func(p *Principal) bool { return CanImport(p, true) }},
		{"CanManageUsers", []*Principal{admin}, func(p *Principal) bool { return CanManageUsers(p) }},
		{"CanManagePairing", []*Principal{admin, city, bureau, supporter}, func(p *Principal) bool { return CanManagePairing(p, kgCity) }},
		{"CanActivatePairing", []*Principal{admin, city, bureau}, func(p *Principal) bool { return CanActivatePairing(p, []*domain.Kindergarten{kgCity, kgVillage}) }},
		{"CanActivatePairing (across counties)", []*Principal{admin, city}, func(p *Principal) bool { return CanActivatePairing(p, []*domain.Kindergarten{kgCity, kgFar}) }},
		{"CanLogSession", []*Principal{supporter, teacher, partner}, func(p *Principal) bool { return okSide(CanLogSession(p, active)) }},
		{"CanLogSession (a draft)", nil, func(p *Principal) bool { return okSide(CanLogSession(p, draft)) }},
		{"CanEditSession", []*Principal{supporter, teacher}, func(p *Principal) bool { return ok(CanEditSession(p, pending)) }},
		{"CanDeleteSession", []*Principal{admin, supporter, teacher}, func(p *Principal) bool { return ok(CanDeleteSession(p, pending)) }},
		{"CanConfirmSession", []*Principal{partner}, func(p *Principal) bool { return okSide(CanConfirmSession(p, pending)) }},
		{"CanConfirmSession (logged by the partner)", []*Principal{supporter, teacher}, func(p *Principal) bool { return okSide(CanConfirmSession(p, byPartner)) }},
		{"CanCorrectSession", []*Principal{admin}, func(p *Principal) bool { return CanCorrectSession(p) }},
		{"CanAddSessionPhotos (logged by the partner)", []*Principal{partner}, func(p *Principal) bool { return ok(CanAddSessionPhotos(p, byPartner)) }},
		{"CanManageTrainingEvent (the county's)", []*Principal{admin, city, bureau}, func(p *Principal) bool { return CanManageTrainingEvent(p, countyEvent) }},
		{"CanManageTrainingEvent (the city kindergarten's)", []*Principal{admin, city, bureau, supporter}, func(p *Principal) bool { return CanManageTrainingEvent(p, cityEvent) }},
		{"CanOrganizeTraining (for the county)", []*Principal{admin, city, bureau}, func(p *Principal) bool { return CanOrganizeTraining(p, nil, "370523") }},
		{"CanOrganizeTraining (for the city kindergarten)", []*Principal{admin, city, bureau, supporter}, func(p *Principal) bool { return CanOrganizeTraining(p, kgCity, "") }},
		{"CanDeletePhoto", []*Principal{admin, partner}, func(p *Principal) bool { return CanDeletePhoto(p, photo) }},
		{"CanGradeLesson", []*Principal{admin, city, bureau, supporter, teacher}, func(p *Principal) bool { return okGrade(CanGradeLesson(p, active)) }},
		{"CanGradeLesson (a draft)", nil, func(p *Principal) bool { return okGrade(CanGradeLesson(p, draft)) }},
		{"CanChangeLessonGrade", []*Principal{admin, supporter}, func(p *Principal) bool { return ok(CanChangeLessonGrade(p, grade)) }},
		{"CanReadPairingFile", []*Principal{admin, city, bureau, supporter, partner}, func(p *Principal) bool { return ok(CanReadPairingFile(p, active)) }},
		{"CanWriteSummary", []*Principal{supporter, partner}, func(p *Principal) bool { return okSide(CanWriteSummary(p, active)) }},
		{"SeesSummary (a draft)", []*Principal{partner}, func(p *Principal) bool { return SeesSummary(p, draftSummary) }},
		{"SeesSummary (handed in)", []*Principal{admin, city, bureau, supporter, teacher, partner}, func(p *Principal) bool { return SeesSummary(p, handedIn) }},
		{"CanInspect", []*Principal{admin, city, bureau}, func(p *Principal) bool { return ok(CanInspect(p, active)) }},
		{"CanLogMentorship", []*Principal{supporter, teacher, partner}, func(p *Principal) bool { return CanLogMentorship(p, mentorship) }},
		{"CanAnswerInspection", []*Principal{supporter, partner}, func(p *Principal) bool { return ok(CanAnswerInspection(p, inspection)) }},
	}
	for _, r := range rules {
		for _, p := range everyone {
			want := false
			for _, a := range r.allowed {
				want = want || a == p
			}
			if got := r.ask(p); got != want {
				t.Errorf("%s, asked as the %s: %v, want %v", r.rule, names[p], got, want)
			}
		}
	}
}
