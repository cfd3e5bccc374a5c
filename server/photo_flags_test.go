package main

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"
	"time"

	"golang.org/x/image/draw"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/photos/phototest"
)

const flagsQ = `query($id:ID!){ teachingSession(id:$id){ photos { items { id flags { kind days exact otherDate otherSession { id } otherPhoto { id } } } } } }`

const flaggedQ = `query($s:String, $after:String){ flaggedPhotos(semester:$s, first: 2, after: $after){ totalCount
  edges { cursor node { id subjectId subjectDate takenAt thumbnailUrl teachingSession { id date } flags { kind days exact otherDate otherSession { id } } } }
  pageInfo { hasNextPage endCursor } } }`

// uploadPhoto sends a photo through the ticket flow as token's user and returns its id.
func uploadPhoto(t *testing.T, e *demoEnv, token, session string, data []byte, takenAt *time.Time) string {
	t.Helper()
	in := photoInput(session, data, "image/jpeg")
	if takenAt != nil {
		in["takenAt"] = takenAt.Format(time.RFC3339)
	}
	r := e.do(t, token, requestUpload, map[string]any{"in": in})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors[0].Message)
	}
	if st := put(t, e, r.Data["requestPhotoUpload"], data); st != 200 {
		t.Fatalf("upload: %d", st)
	}
	if c := e.do(t, token, completeQ, map[string]any{"id": in["id"]}); len(c.Errors) > 0 {
		t.Fatal(c.Errors[0].Message)
	}
	return in["id"].(string)
}

func logLessonOn(t *testing.T, e *demoEnv, day string) string {
	t.Helper()
	id := newID()
	in := lesson(id)
	in["date"] = day
	e.as(t, "teacher", logSession, map[string]any{"in": in})
	return id
}

// A photo taken 30 days before its lesson, the same photo sent again for a second
// lesson, and a shrunk copy of it for a third are flagged to the county's bureau, with
// the record they repeat; an unrelated photo, a photo taken the day before, and the
// same picture in another county are not.
func TestFarCaptureDatesAndReusedPhotosAreFlaggedToTheBureau(t *testing.T) {
	e, _ := photoServer(t, "disk")
	teacher := e.token(t, "teacher")
	dayA, dayB, dayC, dayD := daysAgo(20), daysAgo(12), daysAgo(9), daysAgo(4)
	a, b, c, d := logLessonOn(t, e, dayA), logLessonOn(t, e, dayB), logLessonOn(t, e, dayC), logLessonOn(t, e, dayD)

	thirtyBefore := domain.Date(dayA).Time().AddDate(0, 0, -30).Add(10 * time.Hour)
	scene := phototest.CameraSceneJPEG(t, 1200, 900, 21, thirtyBefore)
	far := uploadPhoto(t, e, teacher, a, scene, &thirtyBefore)
	sameBytes := uploadPhoto(t, e, teacher, b, scene, nil)
	// A copy as a phone would make it: shrunk and re-encoded, every byte different.
	img, _ := jpeg.Decode(bytes.NewReader(scene))
	small := image.NewRGBA(image.Rect(0, 0, 800, 600))
	draw.CatmullRom.Scale(small, small.Bounds(), img, img.Bounds(), draw.Src, nil)
	var shrunk bytes.Buffer
	_ = jpeg.Encode(&shrunk, small, &jpeg.Options{Quality: 70})
	nearCopy := uploadPhoto(t, e, teacher, c, shrunk.Bytes(), nil)
	dayBefore := domain.Date(dayD).Time().Add(-14 * time.Hour)
	fine := uploadPhoto(t, e, teacher, d, phototest.CameraSceneJPEG(t, 1200, 900, 22, time.Time{}), &dayBefore)
	// The same picture in another county is that county's business, not a reuse here.
	other := otherCountyTeacher(t, e)
	otherSession := newID()
	oin := sessionInput(otherSession, true)
	if r := e.do(t, other, logSession, map[string]any{"in": oin}); len(r.Errors) > 0 {
		t.Fatal(r.Errors[0].Message)
	}
	elsewhere := uploadPhoto(t, e, other, otherSession, scene, nil)

	flagsOf := func(user, session string) []any {
		items := get(e.as(t, user, flagsQ, map[string]any{"id": session}), "teachingSession", "photos", "items").([]any)
		if len(items) != 1 {
			t.Fatalf("photos of %s: %v", session, items)
		}
		return get(items[0], "flags").([]any)
	}
	// In the record's detail, for the teacher who logged it.
	if f := flagsOf("teacher", a); len(f) != 1 || get(f[0], "kind") != "CAPTURE_DATE_FAR" || get(f[0], "days") != 30.0 {
		t.Errorf("the photo taken 30 days before: %v", f)
	}
	f := flagsOf("teacher", b)
	if len(f) != 1 || get(f[0], "kind") != "REUSED" || get(f[0], "exact") != true || get(f[0], "otherDate") != dayA ||
		get(f[0], "otherSession", "id") != a || get(f[0], "otherPhoto", "id") != far {
		t.Errorf("the same bytes on a second lesson: %v", f)
	}
	f = flagsOf("teacher", c)
	if len(f) != 1 || get(f[0], "kind") != "REUSED" || get(f[0], "exact") != false || get(f[0], "otherSession", "id") == nil {
		t.Errorf("a shrunk copy on a third lesson: %v", f)
	}
	if f := flagsOf("teacher", d); len(f) != 0 {
		t.Errorf("an unrelated photo taken the evening before: %v", f)
	}
	if f := flagsOf("admin", otherSession); len(f) != 0 {
		t.Errorf("the same picture in another county: %v", f)
	}

	// The bureau pages through its county's flagged photos, the latest lessons first (the
	// server is shared with other tests, whose photos may be flagged too: only this
	// test's are compared).
	mine := map[string]bool{far: true, sameBytes: true, nearCopy: true, fine: true, elsewhere: true}
	var got []string
	after := any(nil)
	total := 0.0
	for {
		r := e.as(t, "bureau", flaggedQ, map[string]any{"s": nil, "after": after})
		conn := get(r, "flaggedPhotos")
		total = get(conn, "totalCount").(float64)
		for _, edge := range get(conn, "edges").([]any) {
			n := get(edge, "node")
			if !mine[get(n, "id").(string)] {
				continue
			}
			got = append(got, get(n, "id").(string))
			if get(n, "teachingSession", "id") != get(n, "subjectId") || get(n, "subjectDate") != get(n, "teachingSession", "date") || get(n, "thumbnailUrl") == nil {
				t.Errorf("a flagged photo should name its lesson and show its thumbnail: %v", n)
			}
		}
		if get(conn, "pageInfo", "hasNextPage") != true {
			break
		}
		after = get(conn, "pageInfo", "endCursor")
	}
	if want := []string{nearCopy, sameBytes, far}; total < 3 || len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("the bureau's flagged photos: %v (total %v), want %v", got, total, want)
	}
	// A semester with none, and roles that may not list them.
	if r := e.as(t, "bureau", flaggedQ, map[string]any{"s": "2019-2020-1"}); get(r, "flaggedPhotos", "totalCount") != 0.0 {
		t.Errorf("an old semester: %v", r)
	}
	if r := e.try(t, "bureau", flaggedQ, map[string]any{"s": "spring"}); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("a malformed semester: %v", r.Errors)
	}
	for _, user := range []string{"teacher", "partner", "supporter"} {
		if r := e.try(t, user, flaggedQ, nil); r.Code() != "FORBIDDEN" {
			t.Errorf("%s listing flagged photos: %v", user, r.Errors)
		}
	}
}
