package main

import (
	"strings"
	"testing"

	"github.com/handinhand/handinhand/demo"
)

// A kindergarten's training event lists only its own and its paired kindergartens'
// teachers; a teacher elsewhere gets the very answer an id that does not exist gets, so
// the organiser learns nothing of other kindergartens' staff.
func TestAttendanceIsLimitedToTheOrganisersKindergartens(t *testing.T) {
	e := demoServer(t)
	ev := newID()
	e.as(t, "supporter", `mutation($in: TrainingEventInput!){ createTrainingEvent(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"id": ev, "title": "园本教研", "type": "TRAINING", "organizerKindergartenId": demo.TeacherKindergarten, "date": daysAgo(3), "hours": 2}})
	set := `mutation($id:ID!, $a:[AttendanceInput!]!){ setTrainingAttendance(eventId:$id, attendance:$a){ attendance { teacher { id } } } }`
	attend := func(teacher string) *gqlResponse {
		return e.try(t, "supporter", set, map[string]any{"id": ev, "a": []any{map[string]any{"teacherId": teacher}}})
	}
	if r := attend(demo.TeacherOf("大王镇中心幼儿园", 1)); r.Code() != "" { // the partner's teacher
		t.Fatalf("a paired kindergarten's teacher: %s %v", r.Code(), r.Errors)
	}
	foreign := demo.TeacherOf("盐窝镇中心幼儿园", 1) // another county, not paired
	unknown := newID()
	rf, ru := attend(foreign), attend(unknown)
	if rf.Code() != "BAD_USER_INPUT" || ru.Code() != "BAD_USER_INPUT" {
		t.Fatalf("foreign %s, unknown %s: want BAD_USER_INPUT for both", rf.Code(), ru.Code())
	}
	if strings.ReplaceAll(rf.Errors[0].Message, foreign, "ID") != strings.ReplaceAll(ru.Errors[0].Message, unknown, "ID") {
		t.Fatalf("the answers differ:\n%s\n%s", rf.Errors[0].Message, ru.Errors[0].Message)
	}
	if strings.Contains(rf.Errors[0].Message, "盐窝") {
		t.Fatalf("the answer names the foreign kindergarten: %s", rf.Errors[0].Message)
	}
}
