package domain

import "testing"

// Which training events count as a pairing partner's special lecture: one rule, each of
// its conditions tried on its own.
func TestWhichEventsCountAsALecture(t *testing.T) {
	pr := &Pairing{ID: "pr", SupportingKindergartenID: "city", PartnerKindergartenIDs: []string{"village", "town"}, Start: "2026-09-01", End: "2027-07-15"}
	base := func() *TrainingEvent {
		return &TrainingEvent{ID: "e", Type: TrainingSpecialLecture, OrganizerKindergartenID: "city", Date: "2026-10-15",
			PairingIDs: []string{"other", "pr"}, Attendance: []Attendance{{TeacherID: "t1", KindergartenID: "village"}, {TeacherID: "t0", KindergartenID: "city"}}}
	}
	if !CountsAsLectureFor(base(), pr, "village") {
		t.Error("the supporting kindergarten's lecture for the pairing, the partner's teacher attending: counts")
	}
	if CountsAsLectureFor(base(), pr, "town") {
		t.Error("a partner none of whose teachers attended: does not count")
	}
	for name, change := range map[string]func(*TrainingEvent){
		"a training, not a lecture":       func(e *TrainingEvent) { e.Type = TrainingTraining },
		"organised by the partner":        func(e *TrainingEvent) { e.OrganizerKindergartenID = "village" },
		"organised by a bureau":           func(e *TrainingEvent) { e.OrganizerKindergartenID, e.OrganizerRegionCode = "", "370523" },
		"not naming the pairing":          func(e *TrainingEvent) { e.PairingIDs = []string{"other"} },
		"before the pairing's period":     func(e *TrainingEvent) { e.Date = "2026-08-20" },
		"deleted":                         func(e *TrainingEvent) { now := Now(); e.DeletedAt = &now },
		"only the city's teachers attend": func(e *TrainingEvent) { e.Attendance = e.Attendance[1:] },
	} {
		e := base()
		change(e)
		if CountsAsLectureFor(e, pr, "village") {
			t.Errorf("%s: should not count", name)
		}
	}
}
