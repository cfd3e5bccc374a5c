package main

import (
	"testing"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
)

const gradeQ = `mutation($in: LessonGradeInput!){ gradeLesson(input:$in){ id grade semester teacher { id } partnerKindergarten { id } gradedByBureau } }`

// A story of 听课评课: the county bureau's inspectors grade ten lessons of a partner's
// teachers, three of them 优秀; compliance shows an excellent-lesson rate of 30 % and a
// pass rate of 100 %, against the targets. A grade sent twice counts once; an id reused
// for another grade is CONFLICT; the partner does not grade itself; only a partner's
// teacher can be graded.
func TestGradedLessonsMakeTheRatesInCompliance(t *testing.T) {
	e := demoServer(t)
	// A pairing of the demo county that no other test grades.
	prs := e.as(t, "bureau", `{ pairings(first: 5, filter:{nameContains:"乐安实验学校"}){ edges { node { id supportingKindergarten { id }
		partnerKindergartens { id } } } } }`, nil)
	pr := get(prs, "pairings", "edges").([]any)[0]
	pairing := get(pr, "node", "id").(string)
	partner := get(get(pr, "node", "partnerKindergartens").([]any)[0], "id").(string)
	supporting := get(pr, "node", "supportingKindergarten", "id").(string)
	teacherOf := func(kg string) string {
		ts := e.as(t, "bureau", `query($k:ID!){ teachers(first: 3, filter:{kindergartenId:$k}){ edges { node { id } } } }`, map[string]any{"k": kg})
		return get(get(ts, "teachers", "edges").([]any)[1], "node", "id").(string)
	}
	teacher := teacherOf(partner)
	day := daysAgo(10)
	in := func(id, grade string) map[string]any {
		return map[string]any{"id": id, "pairingId": pairing, "teacherId": teacher, "date": day, "grade": grade,
			"topic": "中班语言《小蝌蚪找妈妈》", "domain": "LANGUAGE", "comments": "目标清楚，提问有层次"}
	}
	var ids []string
	for i := range 10 {
		grade := "GOOD"
		if i < 3 {
			grade = "EXCELLENT"
		}
		id := newID()
		r := e.as(t, "bureau", gradeQ, map[string]any{"in": in(id, grade)})
		if get(r, "gradeLesson", "id") != id || get(r, "gradeLesson", "grade") != grade || get(r, "gradeLesson", "gradedByBureau") != true ||
			get(r, "gradeLesson", "partnerKindergarten", "id") != partner {
			t.Fatalf("grade %d: %v", i, r)
		}
		ids = append(ids, id)
	}
	// Sent again from a phone that did not hear the answer: the same grade, counted once.
	if r := e.as(t, "bureau", gradeQ, map[string]any{"in": in(ids[0], "EXCELLENT")}); get(r, "gradeLesson", "id") != ids[0] {
		t.Errorf("a repeated grade: %v", r)
	}
	if r := e.try(t, "bureau", gradeQ, map[string]any{"in": in(ids[0], "FAIL")}); r.Code() != "CONFLICT" {
		t.Errorf("an id reused for another grade: %+v", r.Errors)
	}
	if r := e.try(t, "partner", gradeQ, map[string]any{"in": in(newID(), "EXCELLENT")}); r.Code() != "FORBIDDEN" && r.Code() != "BAD_USER_INPUT" {
		t.Errorf("a partner grading: %+v", r.Errors)
	}
	wrong := in(newID(), "GOOD")
	wrong["teacherId"] = teacherOf(supporting)
	if r := e.try(t, "bureau", gradeQ, map[string]any{"in": wrong}); r.Code() != "BAD_USER_INPUT" || r.Field() != "input.teacherId" {
		t.Errorf("grading a supporting teacher: %+v", r.Errors)
	}
	sem := get(e.as(t, "bureau", gradeQ, map[string]any{"in": in(ids[1], "EXCELLENT")}), "gradeLesson", "semester").(string)
	row := func() map[string]any {
		c := e.as(t, "bureau", `query($s:String!){ compliance(semester:$s){ pairingId partnerKindergartenId graded excellent passed
			excellentLessonRate passRate targets { excellentLessonRate passRate } } }`, map[string]any{"s": sem})
		for _, r := range get(c, "compliance").([]any) {
			if get(r, "pairingId") == pairing && get(r, "partnerKindergartenId") == partner {
				return r.(map[string]any)
			}
		}
		t.Fatalf("no compliance row for the pairing's partner")
		return nil
	}
	r := row()
	if r["graded"] != 10.0 || r["excellent"] != 3.0 || r["passed"] != 10.0 || r["excellentLessonRate"] != 0.3 || r["passRate"] != 1.0 {
		t.Errorf("compliance after 3 优秀 of 10: %v", r)
	}
	if rate, target := r["excellentLessonRate"].(float64), get(r, "targets", "excellentLessonRate").(float64); rate < target {
		t.Errorf("30 %% should meet the target %v", target)
	}
	// The list shows them, newest first, filtered by pairing and grade.
	l := e.as(t, "bureau", `query($p:ID!){ lessonGrades(first: 50, filter:{pairingIds:[$p], grades:[EXCELLENT]}){ totalCount edges { node { teacher { id } topic } } } }`,
		map[string]any{"p": pairing})
	if get(l, "lessonGrades", "totalCount") != 3.0 {
		t.Errorf("the excellent grades listed: %v", get(l, "lessonGrades", "totalCount"))
	}
	// One removed: 2 of 9.
	e.as(t, "bureau", `mutation($id:ID!){ deleteLessonGrade(id:$id){ id } }`, map[string]any{"id": ids[0]})
	if r := row(); r["graded"] != 9.0 || r["excellent"] != 2.0 {
		t.Errorf("after removing an excellent grade: %v", r)
	}
}

// A 专题讲座 the supporting kindergarten holds for its pairing, with the partner's teachers
// attending, counts as one special lecture in the partner's compliance row, which names
// the event; an event that does not name the pairing counts nothing.
func TestALectureEventCountsForThePartner(t *testing.T) {
	e := demoServer(t)
	day := daysAgo(4)
	row := func() map[string]any {
		c := e.as(t, "supporter", `query($s:String!){ compliance(semester:$s){ pairingId partnerKindergartenId lectures lectureEvents { id title } } }`,
			map[string]any{"s": domain.SemesterOf(domain.Date(day))})
		for _, r := range get(c, "compliance").([]any) {
			if get(r, "pairingId") == demo.TeacherPairing && get(r, "partnerKindergartenId") == demo.PartnerKindergarten {
				return r.(map[string]any)
			}
		}
		t.Fatal("no compliance row for the demo pairing")
		return nil
	}
	before := row()["lectures"].(float64)
	create := `mutation($in: TrainingEventInput!){ createTrainingEvent(input:$in){ id pairings { id } } }`
	attend := `mutation($id:ID!, $a:[AttendanceInput!]!){ setTrainingAttendance(eventId:$id, attendance:$a){ attendeeCount } }`
	lecture, plain := newID(), newID()
	for _, ev := range []map[string]any{
		{"id": lecture, "title": "专题讲座：幼儿园区域活动的组织", "type": "SPECIAL_LECTURE", "organizerKindergartenId": demo.TeacherKindergarten,
			"date": day, "hours": 2, "pairingIds": []string{demo.TeacherPairing}},
		{"id": plain, "title": "专题讲座：绘本阅读", "type": "SPECIAL_LECTURE", "organizerKindergartenId": demo.TeacherKindergarten, "date": day, "hours": 2},
	} {
		r := e.as(t, "supporter", create, map[string]any{"in": ev})
		if _, want := ev["pairingIds"]; (len(get(r, "createTrainingEvent", "pairings").([]any)) == 1) != want {
			t.Errorf("the event's pairings: %v", r)
		}
		e.as(t, "supporter", attend, map[string]any{"id": ev["id"], "a": []any{
			map[string]any{"teacherId": demo.TeacherOf("大王镇中心幼儿园", 1)}, map[string]any{"teacherId": demo.TeacherOf("大王镇中心幼儿园", 2)}}})
	}
	r := row()
	if r["lectures"].(float64) != before+1 {
		t.Errorf("lectures %v, want %v: the lecture event counts once, the one not naming the pairing not at all", r["lectures"], before+1)
	}
	named := false
	for _, x := range r["lectureEvents"].([]any) {
		named = named || get(x, "id") == lecture
		if get(x, "id") == plain {
			t.Error("the event that does not name the pairing is listed as counted")
		}
	}
	if !named {
		t.Errorf("the row does not name the lecture event: %v", r["lectureEvents"])
	}
	// A pairing the organiser is not part of cannot be named.
	bad := e.try(t, "supporter", create, map[string]any{"in": map[string]any{"id": newID(), "title": "讲座", "type": "SPECIAL_LECTURE",
		"organizerKindergartenId": demo.TeacherKindergarten, "date": day, "hours": 1, "pairingIds": []string{demo.OtherCountyPairing}}})
	if bad.Code() != "BAD_USER_INPUT" || bad.Field() != "input.pairingIds[0]" {
		t.Errorf("naming another county's pairing: %+v", bad.Errors)
	}
}
