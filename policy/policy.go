// Package policy decides who may see and do what. Every query, mutation and nested field
// asks here; nothing else in the code decides access. Roles: ADMIN sees and manages all;
// BUREAU sees its region's subtree; KINDERGARTEN_ADMIN and TEACHER belong to one
// kindergarten and, through it, to its pairings.
package policy

import (
	"slices"

	"github.com/handinhand/handinhand/domain"
)

// Principal is the logged-in caller.
type Principal struct {
	UserID         string
	Role           domain.Role
	RegionCode     string // BUREAU
	KindergartenID string // KINDERGARTEN_ADMIN, TEACHER
	TeacherID      string
	// MustChangePassword: until the user has chosen their own password, only me,
	// changePassword and logout are answered.
	MustChangePassword bool
	// OwnRegionPath is the region path of the caller's kindergarten.
	OwnRegionPath []string
	// Paired lists the caller's kindergarten and those it shares a pairing with; it is
	// loaded on first use, once per request.
	Paired func() ([]string, error)
}

func (p *Principal) admin() bool { return p != nil && p.Role == domain.RoleAdmin }
func (p *Principal) bureau() bool {
	return p != nil && p.Role == domain.RoleBureau && p.RegionCode != ""
}
func (p *Principal) kgUser() bool {
	return p != nil && (p.Role == domain.RoleKindergartenAdmin || p.Role == domain.RoleTeacher) && p.KindergartenID != ""
}
func (p *Principal) kgAdminOf(kindergartenID string) bool {
	return p.kgUser() && p.Role == domain.RoleKindergartenAdmin && p.KindergartenID == kindergartenID
}

// Scope returns the part of the data the caller may see, for storage to filter by.
func Scope(p *Principal) (domain.Scope, error) {
	switch {
	case p.admin():
		return domain.Scope{All: true, UserID: p.UserID, Role: p.Role}, nil
	case p.bureau():
		return domain.Scope{RegionCode: p.RegionCode, UserID: p.UserID, Role: p.Role}, nil
	case p.kgUser():
		paired, err := p.paired()
		if err != nil {
			return domain.Scope{}, err
		}
		return domain.Scope{KindergartenID: p.KindergartenID, PairedKindergartenIDs: paired,
			OwnRegionPath: p.OwnRegionPath, UserID: p.UserID, Role: p.Role}, nil
	}
	return domain.Scope{}, domain.Unauthenticated
}

func (p *Principal) paired() ([]string, error) {
	if p.Paired == nil {
		return []string{p.KindergartenID}, nil
	}
	return p.Paired()
}

// inRegion: the record's region path contains the bureau's region.
func (p *Principal) inRegion(path []string) bool { return slices.Contains(path, p.RegionCode) }

// recordScope is the caller's scope without the paired kindergartens, which deciding for
// a pairing's records does not need (nor a store call to find them).
func recordScope(p *Principal) domain.Scope {
	switch {
	case p.admin():
		return domain.Scope{All: true}
	case p.bureau():
		return domain.Scope{RegionCode: p.RegionCode}
	case p.kgUser():
		return domain.Scope{KindergartenID: p.KindergartenID}
	}
	return domain.Scope{}
}

// SeesRecord decides for pairings, sessions, mentorships and donations: bureaus see
// those touching their region, kindergarten users those involving their kindergarten
// (domain.Scope.SeesRecord, the rule's one home).
func SeesRecord(p *Principal, s domain.Scoped) bool {
	return recordScope(p).SeesRecord(s.RegionPath, s.KindergartenIDs)
}

// SeesKindergarten: bureaus see their region's kindergartens; kindergarten users their
// own and those they are paired with (domain.Scope.SeesKindergarten).
func SeesKindergarten(p *Principal, k *domain.Kindergarten) (bool, error) {
	return seesKindergarten(p, k.ID, k.RegionPath)
}

// SeesTeacher follows the teacher's kindergarten.
func SeesTeacher(p *Principal, t *domain.Teacher) (bool, error) {
	return seesKindergarten(p, t.KindergartenID, t.RegionPath)
}

func seesKindergarten(p *Principal, id string, regionPath []string) (bool, error) {
	sc := recordScope(p)
	if p.kgUser() {
		paired, err := p.paired()
		if err != nil {
			return false, err
		}
		sc.PairedKindergartenIDs = paired
	}
	return sc.SeesKindergarten(id, regionPath), nil
}

// SeesUser: admins see all users, bureaus those in their region, kindergarten admins
// their kindergarten's, and everyone themselves.
func SeesUser(p *Principal, u *domain.User) bool {
	switch {
	case p == nil:
		return false
	case p.admin(), p.UserID == u.ID:
		return true
	case p.bureau():
		return p.inRegion(u.RegionPath)
	case p.kgUser() && p.Role == domain.RoleKindergartenAdmin:
		return u.KindergartenID == p.KindergartenID
	}
	return false
}

// SeesTrainingEvent: as records, and kindergarten users also see events that a bureau
// above their kindergarten organises, so they can take part.
func SeesTrainingEvent(p *Principal, e *domain.TrainingEvent) bool {
	if SeesRecord(p, e.Scoped) {
		return true
	}
	return p.kgUser() && e.OrganizerRegionCode != "" && slices.Contains(p.OwnRegionPath, e.OrganizerRegionCode)
}

// SeesAttendee: an event's attendee is shown to whoever may see the teacher, and to the
// organiser, who took the attendance.
func SeesAttendee(p *Principal, e *domain.TrainingEvent, a domain.Attendance) (bool, error) {
	if CanManageTrainingEvent(p, e) {
		return true, nil
	}
	switch {
	case p.admin():
		return true, nil
	case p.bureau():
		return SeesRecord(p, e.Scoped), nil
	case p.kgUser():
		paired, err := p.paired()
		return slices.Contains(paired, a.KindergartenID), err
	}
	return false, nil
}

// CanManageRegions: only admins keep the region list.
func CanManageRegions(p *Principal) bool { return p.admin() }

// CanManageKindergarten: admins anywhere, bureaus within their region (regionPath is the
// kindergarten's region, after the change for an edit).
func CanManageKindergarten(p *Principal, regionPath []string) bool {
	return p.admin() || (p.bureau() && p.inRegion(regionPath))
}

// CanEditKindergartenProfile: whoever manages it, and the kindergarten's own admin
// (who may not move it to another region).
func CanEditKindergartenProfile(p *Principal, k *domain.Kindergarten) bool {
	return CanManageKindergarten(p, k.RegionPath) || p.kgAdminOf(k.ID)
}

// CanManageTeachers of a kindergarten: admins, its region's bureau, its own admin.
func CanManageTeachers(p *Principal, k *domain.Kindergarten) bool {
	return CanManageKindergarten(p, k.RegionPath) || p.kgAdminOf(k.ID)
}

// CanImport says whether p may import a list at all (each row is checked again): the
// kindergarten list admins and bureaus, the teacher list also kindergarten admins. It is
// asked before the file is read, so that no one else can make the server parse one.
func CanImport(p *Principal, teachers bool) bool {
	if p.admin() || p.bureau() {
		return true
	}
	return teachers && p.kgUser() && p.Role == domain.RoleKindergartenAdmin
}

// CanManageUsers: only admins create users, change roles or reset passwords.
func CanManageUsers(p *Principal) bool { return p.admin() }

// CanManagePairing: admins, the bureau of the supporting kindergarten's region, and the
// supporting kindergarten's admin. supporting is the pairing's supporting kindergarten.
func CanManagePairing(p *Principal, supporting *domain.Kindergarten) bool {
	return CanManageKindergarten(p, supporting.RegionPath) || p.kgAdminOf(supporting.ID)
}

// CanActivatePairing: a pairing takes effect (leaves DRAFT, or changes its kindergartens
// while in effect) by an admin or by a bureau whose region covers every kindergarten in
// it. A kindergarten admin's pairing waits as a draft until then: pairing with a
// kindergarten opens that kindergarten's records to the other side.
func CanActivatePairing(p *Principal, kindergartens []*domain.Kindergarten) bool {
	if p.admin() {
		return true
	}
	if !p.bureau() {
		return false
	}
	for _, k := range kindergartens {
		if !p.inRegion(k.RegionPath) {
			return false
		}
	}
	return true
}

// SideIn returns the caller's side of a pairing, if the caller works at one of its
// kindergartens.
func SideIn(p *Principal, pr *domain.Pairing) (domain.Side, bool) {
	if !p.kgUser() {
		return "", false
	}
	return pr.SideOf(p.KindergartenID)
}

// CanLogSession: staff of either side of a pairing that is not a draft log sessions;
// their kindergarten decides the side. Admins and bureaus do not log sessions (they correct or watch).
func CanLogSession(p *Principal, pr *domain.Pairing) (domain.Side, error) {
	side, ok := SideIn(p, pr)
	if !ok {
		return "", domain.Forbidden("only staff of this pairing's kindergartens can log its sessions")
	}
	// An ended pairing still takes sessions within its period: a phone that was offline
	// may sync a lesson given before the pairing ended.
	if pr.Status == domain.PairingDraft {
		return "", domain.Forbidden("the pairing is still a draft; sessions are logged once it is active")
	}
	return side, nil
}

// sideKindergarten is the kindergarten of one side of a session.
func sideKindergarten(s *domain.TeachingSession, side domain.Side) string {
	if side == domain.SideSupporting {
		return s.SupportingKindergartenID
	}
	return s.PartnerKindergartenID
}

// CanEditSession: the side that logged it, until it is confirmed.
func CanEditSession(p *Principal, s *domain.TeachingSession) error {
	if !p.kgUser() || p.KindergartenID != sideKindergarten(s, s.LoggedBySide) {
		return domain.Forbidden("only the side that logged this session can change it")
	}
	if s.Confirmed() {
		return domain.Forbidden("this session is confirmed; only an admin can correct it now")
	}
	return nil
}

// CanDeleteSession: the logging side until it is confirmed, or an admin.
func CanDeleteSession(p *Principal, s *domain.TeachingSession) error {
	if p.admin() {
		return nil
	}
	return CanEditSession(p, s)
}

// CanConfirmSession: staff of the other side than the one that logged it. It returns
// the confirming side.
func CanConfirmSession(p *Principal, s *domain.TeachingSession) (domain.Side, error) {
	other := s.LoggedBySide.Other()
	if !p.kgUser() || p.KindergartenID != sideKindergarten(s, other) {
		return "", domain.Forbidden("only the other side of this session (the %s kindergarten) can confirm or query it", other)
	}
	return other, nil
}

// CanCorrectSession: admins correct confirmed sessions, with a recorded reason.
func CanCorrectSession(p *Principal) bool { return p.admin() }

// CanManageTrainingEvent: admins; the organising kindergarten's admin; the bureau whose
// region contains the organiser.
func CanManageTrainingEvent(p *Principal, e *domain.TrainingEvent) bool {
	switch {
	case p.admin():
		return true
	case p.bureau():
		return slices.Contains(e.OrganizerPath, p.RegionCode)
	case p.kgUser():
		return p.kgAdminOf(e.OrganizerKindergartenID)
	}
	return false
}

// CanOrganizeTraining decides who may create an event for the given organiser.
func CanOrganizeTraining(p *Principal, organizerKG *domain.Kindergarten, organizerRegion string) bool {
	switch {
	case p.admin():
		return true
	case organizerKG != nil:
		return p.kgAdminOf(organizerKG.ID) || (p.bureau() && p.inRegion(organizerKG.RegionPath))
	default:
		return p.bureau() && domain.InRegion(organizerRegion, p.RegionCode)
	}
}

// CanAddSessionPhotos: staff of the kindergarten that logged the session add its
// evidence, even after it is confirmed (a phone may sync photos late).
func CanAddSessionPhotos(p *Principal, s *domain.TeachingSession) error {
	if !p.kgUser() || p.KindergartenID != sideKindergarten(s, s.LoggedBySide) {
		return domain.Forbidden("only the side that logged this session can add its photos")
	}
	return nil
}

// CanDeletePhoto: its uploader, an admin of the sending kindergarten, or an admin.
func CanDeletePhoto(p *Principal, ph *domain.Photo) bool {
	return p.admin() || (p != nil && p.UserID == ph.CreatedBy) || p.kgAdminOf(ph.SendingKindergartenID)
}

// CanGradeLesson: staff of the pairing's supporting kindergarten grade its partners'
// lessons, and so do the bureau's inspectors within their region (byBureau), and admins;
// a partner does not grade its own. Not in a draft pairing.
func CanGradeLesson(p *Principal, pr *domain.Pairing) (byBureau bool, err error) {
	if pr.Status == domain.PairingDraft {
		return false, domain.Forbidden("the pairing is still a draft; lessons are graded once it is active")
	}
	switch {
	case p.admin():
		return true, nil
	case p.bureau() && p.inRegion(pr.RegionPath):
		return true, nil
	case p.kgUser() && p.KindergartenID == pr.SupportingKindergartenID:
		return false, nil
	}
	return false, domain.Forbidden("only the supporting kindergarten's staff or the bureau grade this pairing's lessons")
}

// CanChangeLessonGrade: whoever graded it, and admins.
func CanChangeLessonGrade(p *Principal, g *domain.LessonGrade) error {
	if p.admin() || (p != nil && p.UserID == g.CreatedBy) {
		return nil
	}
	return domain.Forbidden("only whoever graded this lesson can change it")
}

// CanReadPairingFile: a pairing's assistance file (帮扶档案) is read by admins, by bureaus
// within their region, and by the admins of its supporting and partner kindergartens.
func CanReadPairingFile(p *Principal, pr *domain.Pairing) error {
	switch {
	case p.admin():
		return nil
	case p.bureau() && p.inRegion(pr.RegionPath):
		return nil
	case p != nil && p.Role == domain.RoleKindergartenAdmin && slices.Contains(pr.KindergartenIDs, p.KindergartenID):
		return nil
	}
	return domain.Forbidden("only the bureau and the admins of this pairing's kindergartens read its assistance file")
}

// CanWriteSummary: a kindergarten's admin writes its own side's summary of a pairing.
func CanWriteSummary(p *Principal, pr *domain.Pairing) (domain.Side, error) {
	if p == nil || p.Role != domain.RoleKindergartenAdmin {
		return "", domain.Forbidden("a kindergarten's admin writes its summary of a pairing")
	}
	side, ok := pr.SideOf(p.KindergartenID)
	if !ok {
		return "", domain.Forbidden("a kindergarten's admin writes its summary of a pairing")
	}
	return side, nil
}

// SeesSummary: its own kindergarten always; the other side and the bureau once it is
// submitted.
func SeesSummary(p *Principal, s *domain.SemesterSummary) bool {
	if !SeesRecord(p, s.Scoped) {
		return false
	}
	return s.Status == domain.SummarySubmitted || (p.kgUser() && p.KindergartenID == s.KindergartenID)
}

// CanKeepRoster: a kindergarten's admins keep its roster (幼儿名册).
func CanKeepRoster(p *Principal, kindergartenID string) bool { return p.kgAdminOf(kindergartenID) }

// SeesRoster: a kindergarten's staff see its children's names and classes; a pairing opens
// none of them to the other side.
func SeesRoster(p *Principal, kindergartenID string) bool {
	return p.kgUser() && p.KindergartenID == kindergartenID
}

// SeesChildProtected: a child's protected fields (ID number, address, categories,
// guardians) are read by its kindergarten's admins.
func SeesChildProtected(p *Principal, c *domain.Child) bool { return p.kgAdminOf(c.KindergartenID) }

// MayOpenChild: a bureau within the child's region, and an admin, may open one child's
// record by stating a reason (recorded, shown to the kindergarten's admins, for two hours).
func MayOpenChild(p *Principal, c *domain.Child) bool {
	return p.admin() || (p.bureau() && p.inRegion(c.RegionPath))
}

// AccessScope is whose access entries p reads: admins all, bureaus their region's,
// kindergarten admins their children's; nobody else any.
func AccessScope(p *Principal) (all bool, regionCode, kindergartenID string, ok bool) {
	switch {
	case p.admin():
		return true, "", "", true
	case p.bureau():
		return false, p.RegionCode, "", true
	case p.kgUser() && p.Role == domain.RoleKindergartenAdmin:
		return false, "", p.KindergartenID, true
	}
	return false, "", "", false
}

// CanInspect: bureaus within their region, and admins, record inspections and close or
// reopen their items.
func CanInspect(p *Principal, pr *domain.Pairing) error {
	if p.admin() || (p.bureau() && p.inRegion(pr.RegionPath)) {
		return nil
	}
	return domain.Forbidden("only the bureau inspects a pairing")
}

// CanAnswerInspection: the admins of the pairing's kindergartens answer its items.
// CanLogMentorship: the mentor, an apprentice or their kindergartens' admins log a
// mentorship's activities and their photos.
func CanLogMentorship(p *Principal, m *domain.Mentorship) bool {
	if p == nil {
		return false
	}
	member := p.TeacherID != "" && (p.TeacherID == m.MentorID || slices.Contains(m.ApprenticeIDs, p.TeacherID))
	return member || p.Role == domain.RoleKindergartenAdmin && slices.Contains(m.KindergartenIDs, p.KindergartenID)
}

func CanAnswerInspection(p *Principal, in *domain.Inspection) error {
	if p != nil && p.Role == domain.RoleKindergartenAdmin && slices.Contains(in.KindergartenIDs, p.KindergartenID) {
		return nil
	}
	return domain.Forbidden("the admins of the pairing's kindergartens answer its inspection")
}
