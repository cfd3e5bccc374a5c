package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/httpapi"
	"github.com/handinhand/handinhand/photos/phototest"
	"github.com/handinhand/handinhand/storage/miniotest"
)

const (
	requestUpload = `mutation($in: PhotoUploadInput!) { requestPhotoUpload(input: $in) { photo { id status } uploadUrl method headers { name value } expiresAt } }`
	completeQ     = `mutation($id: ID!) { completePhotoUpload(id: $id) { id status width height url thumbnailUrl } }`
)

// photoServer serves the demo store with photos on the given store: "disk" (the
// embedded default) or "minio" (a real MinIO started for the test).
func photoServer(t *testing.T, kind string) (*demoEnv, *miniotest.Server) {
	base := demoServer(t)
	if kind == "disk" {
		return base, nil
	}
	m := miniotest.Start(t)
	a := app.New(base.App.Store, testLogger())
	a.PasswordCost = 4
	if err := httpapi.SetupPhotos(context.Background(), a, httpapi.PhotoConfig{MinIO: m.Config}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.NewHandler(a, testLogger(), httpapi.Options{Introspection: true}))
	t.Cleanup(srv.Close)
	return &demoEnv{URL: srv.URL, App: a, tok: map[string]string{}}, m
}

// put sends bytes to a ticket's upload URL as the phone does.
func put(t *testing.T, e *demoEnv, ticket any, data []byte) int {
	t.Helper()
	u := get(ticket, "uploadUrl").(string)
	if strings.HasPrefix(u, "/") {
		u = e.URL + u
	}
	req, _ := http.NewRequest(get(ticket, "method").(string), u, bytes.NewReader(data))
	for _, h := range get(ticket, "headers").([]any) {
		req.Header.Set(get(h, "name").(string), get(h, "value").(string))
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func fetch(t *testing.T, e *demoEnv, u string) (*http.Response, []byte) {
	t.Helper()
	if strings.HasPrefix(u, "/") {
		u = e.URL + u
	}
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func photoInput(subject string, data []byte, ct string) map[string]any {
	return map[string]any{"id": newID(), "subjectId": subject, "contentType": ct, "size": len(data)}
}

func TestVisitPhotosAreCheckedStrippedAndPrivate(t *testing.T) {
	for _, kind := range []string{"disk", "minio"} {
		t.Run(kind, func(t *testing.T) {
			e, m := photoServer(t, kind)
			session := newID()
			e.as(t, "teacher", logSession, map[string]any{"in": lesson(session)})
			camera := phototest.CameraJPEG(t, 240, 120, 6)

			in := photoInput(session, camera, "image/jpeg")
			ticket := e.as(t, "teacher", requestUpload, map[string]any{"in": in})["requestPhotoUpload"]
			if st := put(t, e, ticket, camera); st != 200 {
				t.Fatalf("upload: %d", st)
			}
			ph := e.as(t, "teacher", completeQ, map[string]any{"id": in["id"]})["completePhotoUpload"]
			if get(ph, "status") != "READY" || get(ph, "width") != 120.0 || get(ph, "height") != 240.0 {
				t.Fatalf("completed: %v", ph)
			}
			// Served upright, as a JPEG that can run nothing, and without the location.
			for _, field := range []string{"url", "thumbnailUrl"} {
				res, body := fetch(t, e, get(ph, field).(string))
				if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" ||
					res.Header.Get("Content-Security-Policy") != "default-src 'none'; sandbox" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
					t.Fatalf("%s: %d %v", field, res.StatusCode, res.Header)
				}
				if bytes.Contains(body, []byte("Exif")) || bytes.Contains(body, []byte("secret-location")) {
					t.Fatalf("%s still carries metadata", field)
				}
			}
			// Completing again, or the same bytes under a new id, gives one photo.
			again := e.as(t, "teacher", completeQ, map[string]any{"id": in["id"]})["completePhotoUpload"]
			dup := photoInput(session, camera, "image/jpeg")
			tk := e.as(t, "teacher", requestUpload, map[string]any{"in": dup})["requestPhotoUpload"]
			put(t, e, tk, camera)
			second := e.as(t, "teacher", completeQ, map[string]any{"id": dup["id"]})["completePhotoUpload"]
			if get(again, "id") != in["id"] || get(second, "id") != in["id"] {
				t.Fatalf("the same bytes made two photos: %v %v", again, second)
			}
			count := `query($id:ID!){ teachingSession(id:$id){ photos { count items { id } } } }`
			if c := e.as(t, "teacher", count, map[string]any{"id": session}); get(c, "teachingSession", "photos", "count") != 1.0 {
				t.Fatalf("photos on the session: %v", c)
			}

			// Refusals, each with a reason a teacher can act on.
			bad := map[string][]byte{"text named .jpg": []byte("just some text, not a photo"), "truncated JPEG": camera[:len(camera)/2]}
			for name, data := range bad {
				in := photoInput(session, data, "image/jpeg")
				tk := e.as(t, "teacher", requestUpload, map[string]any{"in": in})["requestPhotoUpload"]
				put(t, e, tk, data)
				r := e.try(t, "teacher", completeQ, map[string]any{"id": in["id"]})
				if r.Code() != "BAD_USER_INPUT" {
					t.Fatalf("%s: %s", name, r.Code())
				}
				n := e.as(t, "teacher", `query($id:ID!){ node(id:$id){ ... on Photo { status reason } } }`, map[string]any{"id": in["id"]})
				if get(n, "node", "status") != "REJECTED" || get(n, "node", "reason") == "" {
					t.Fatalf("%s: %v", name, n)
				}
			}
			big := map[string]any{"id": newID(), "subjectId": session, "contentType": "image/jpeg", "size": 30 << 20}
			if r := e.try(t, "teacher", requestUpload, map[string]any{"in": big}); r.Code() != "BAD_USER_INPUT" || r.Field() != "input.size" {
				t.Fatalf("30 MB: %s %s", r.Code(), r.Field())
			}
			heic := map[string]any{"id": newID(), "subjectId": session, "contentType": "image/heic", "size": 1000}
			if r := e.try(t, "teacher", requestUpload, map[string]any{"in": heic}); r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "JPEG") {
				t.Fatalf("HEIC: %v", r.Errors)
			}

			// The other side may see but not add; another county's teacher neither.
			if r := e.try(t, "partner", requestUpload, map[string]any{"in": photoInput(session, camera, "image/jpeg")}); r.Code() != "FORBIDDEN" {
				t.Fatalf("partner ticket: %s", r.Code())
			}
			if r := e.try(t, "supporter", `query($id:ID!){ node(id:$id){ ... on Photo { url } } }`, map[string]any{"id": in["id"]}); get(r.Data, "node", "url") == nil {
				t.Fatalf("the supporting kindergarten's admin cannot see the photo: %+v", r)
			}
			other := otherCountyTeacher(t, e)
			if r := e.do(t, other, requestUpload, map[string]any{"in": photoInput(session, camera, "image/jpeg")}); r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("other county's teacher got a ticket: %s", r.Code())
			}
			if r := e.do(t, other, `query($id:ID!){ node(id:$id){ id } }`, map[string]any{"id": in["id"]}); r.Data["node"] != nil {
				t.Fatalf("other county's teacher sees the photo: %+v", r.Data)
			}

			// An expired or altered upload link is refused by the store itself.
			_, u, h, err := e.App.Photos.UploadURL(context.Background(), "photos/expiry-test/upload", "image/jpeg", int64(len(camera)), time.Second)
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(2100 * time.Millisecond)
			expired := map[string]any{"uploadUrl": u, "method": "PUT", "headers": []any{map[string]any{"name": "Content-Type", "value": h["Content-Type"]}}}
			if st := put(t, e, expired, camera); st != 403 {
				t.Fatalf("expired link: %d", st)
			}

			if m != nil {
				minioOnly(t, e, m, session, camera)
			}
		})
	}
}

// minioOnly: the bucket is private, and an outage during completion is retryable and
// loses nothing.
func minioOnly(t *testing.T, e *demoEnv, m *miniotest.Server, session string, camera []byte) {
	res, err := http.Get("http://" + m.Config.Endpoint + "/" + m.Config.Bucket + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Fatalf("anonymous listing of the bucket: %d", res.StatusCode)
	}
	other := phototest.CameraJPEG(t, 200, 100, 1)
	in := photoInput(session, other, "image/jpeg")
	tk := e.as(t, "teacher", requestUpload, map[string]any{"in": in})["requestPhotoUpload"]
	put(t, e, tk, other)
	res, err = http.Get("http://" + m.Config.Endpoint + "/" + m.Config.Bucket + "/" + domain.PhotoKey(in["id"].(string), "upload"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Fatalf("anonymous GET of an object: %d", res.StatusCode)
	}

	m.Stop()
	r := e.try(t, "teacher", completeQ, map[string]any{"id": in["id"]})
	if r.Code() != "UNAVAILABLE" || r.Errors[0].Extensions["retryable"] != true {
		t.Fatalf("completion with MinIO down: %s %v", r.Code(), r.Errors)
	}
	m.Restart()
	ph := e.as(t, "teacher", completeQ, map[string]any{"id": in["id"]})["completePhotoUpload"]
	if get(ph, "status") != "READY" {
		t.Fatalf("retry after the outage: %v", ph)
	}
	c := e.as(t, "teacher", `query($id:ID!){ teachingSession(id:$id){ photos { count } } }`, map[string]any{"id": session})
	if get(c, "teachingSession", "photos", "count") != 2.0 {
		t.Fatalf("photos after the outage: %v", c)
	}
}

func otherCountyTeacher(t *testing.T, e *demoEnv) string {
	name := "lijin-" + newID()[:8]
	e.as(t, "admin", `mutation($in: UserInput!){ createUser(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"username": name, "displayName": "利津老师", "password": "other-pass-123", "role": "TEACHER", "kindergartenId": demo.OtherCountyKindergarten, "mustChangePassword": false}})
	return login(t, e, name, "other-pass-123")
}

func TestUnfinishedUploadsExpireAndDeletedPhotosLeaveNothing(t *testing.T) {
	for _, kind := range []string{"disk", "minio"} {
		t.Run(kind, func(t *testing.T) {
			e, _ := photoServer(t, kind)
			ctx := context.Background()
			session := newID()
			e.as(t, "teacher", logSession, map[string]any{"in": lesson(session)})
			camera := phototest.CameraJPEG(t, 64, 48, 1)

			// A ticket used but never completed: the janitor removes its bytes and record.
			stale := photoInput(session, camera, "image/jpeg")
			put(t, e, e.as(t, "teacher", requestUpload, map[string]any{"in": stale})["requestPhotoUpload"], camera)
			id := stale["id"].(string)
			if _, err := e.App.Store.UpdatePhoto(ctx, id, func(p *domain.Photo) error {
				p.ExpiresAt = domain.Now().Add(-time.Hour)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if n, err := e.App.SweepPhotoUploads(ctx); err != nil || n < 1 {
				t.Fatalf("sweep: %d %v", n, err)
			}
			if _, err := e.App.Store.Photo(ctx, id); domain.CodeOf(err) != domain.CodeNotFound {
				t.Fatalf("expired record still there: %v", err)
			}
			if _, err := e.App.Photos.Stat(ctx, domain.PhotoKey(id, "upload")); domain.CodeOf(err) != domain.CodeNotFound {
				t.Fatalf("expired upload's bytes still there: %v", err)
			}

			// A completed photo deleted by the supporting kindergarten's admin.
			in := photoInput(session, camera, "image/jpeg")
			put(t, e, e.as(t, "teacher", requestUpload, map[string]any{"in": in})["requestPhotoUpload"], camera)
			e.as(t, "teacher", completeQ, map[string]any{"id": in["id"]})
			pid := in["id"].(string)
			if r := e.try(t, "partner", `mutation($id:ID!){ deletePhoto(id:$id){ id } }`, map[string]any{"id": pid}); r.Code() != "FORBIDDEN" {
				t.Fatalf("partner deleting: %s", r.Code())
			}
			e.as(t, "supporter", `mutation($id:ID!){ deletePhoto(id:$id){ id } }`, map[string]any{"id": pid})
			for _, v := range []string{"upload", "display.jpg", "thumb.jpg"} {
				if _, err := e.App.Photos.Stat(ctx, domain.PhotoKey(pid, v)); domain.CodeOf(err) != domain.CodeNotFound {
					t.Fatalf("%s of a deleted photo still stored: %v", v, err)
				}
			}
			c := e.as(t, "teacher", `query($id:ID!){ teachingSession(id:$id){ photos { count } } }`, map[string]any{"id": session})
			if get(c, "teachingSession", "photos", "count") != 0.0 {
				t.Fatalf("deleted photo still listed: %v", c)
			}
		})
	}
}
