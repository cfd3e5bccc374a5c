package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/pairingfile"
	"github.com/handinhand/handinhand/photos/phototest"
)

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// The assistance file (帮扶档案) of a demo pairing for this semester: its PDF holds every
// record of the semester the API lists, its photos and its grades, in text pdftotext reads
// back in Chinese; its ZIP holds the PDF, a workbook of every record with teachers, notes
// and feedback, and each photo. The bureau of another region, and a teacher, cannot fetch it.
func TestThePairingFileHoldsEverythingOfItsSemester(t *testing.T) {
	if _, err := pairingfile.Font(); err != nil {
		if os.Getenv("HANDINHAND_REQUIRE_E2E") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("HANDINHAND_REQUIRE_E2E") != "" {
			t.Fatal("pdftotext (poppler-utils) is needed")
		}
		t.Skip("no pdftotext")
	}
	e := demoServer(t)
	day := daysAgo(2)
	sem := domain.SemesterOf(domain.Date(day))
	session := logLessonOn(t, e, day)
	e.as(t, "teacher", `mutation($id:ID!, $n:String){ updateTeachingSession(input:{id:$id, pairingId:"`+demo.TeacherPairing+`", date:"`+day+`", hours:2.5,
		type:DEMONSTRATION_CLASS, topic:"档案检查《会变的影子》", notes:$n}){ id } }`, map[string]any{"id": session, "n": "孩子们在操场上观察影子的变化"})
	uploadPhoto(t, e, e.token(t, "teacher"), session, phototest.CameraSceneJPEG(t, 1200, 900, 77, time.Time{}), nil)
	e.as(t, "teacher", gradeQ, map[string]any{"in": map[string]any{"id": newID(), "pairingId": demo.TeacherPairing, "teacherId": demo.PartnerTeacher,
		"date": day, "grade": "EXCELLENT", "topic": "档案检查 中班美术《秋天的树》"}})

	e.as(t, "partner", `mutation($in: SummaryInput!){ saveSummary(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"pairingId": demo.TeacherPairing, "semester": sem, "text": "档案检查：本学期我园教师跟岗学习三次，教研水平明显提高。", "submit": true}})
	e.as(t, "bureau", `mutation($in: InspectionInput!){ recordInspection(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"id": newID(), "pairingId": demo.TeacherPairing, "date": day, "inspectors": "档案检查督查组", "findings": "档案检查：活动照片需补充",
		"items": []any{map[string]any{"id": newID(), "text": "档案检查：补充照片", "deadline": daysAgo(-10)}}}})
	path := "/export/pairing-file.pdf?pairingId=" + demo.TeacherPairing + "&semester=" + sem
	status, h, pdf := e.fetch(t, "bureau", "GET", path, nil)
	if status != 200 || h.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("the PDF: %d %s %.200s", status, h.Get("Content-Type"), pdf)
	}
	out := screenshots(t, "pairing-file")
	pdfPath := filepath.Join(out, "pairing-file.pdf")
	if err := os.WriteFile(pdfPath, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-enc", "UTF-8", pdfPath, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := squeeze(string(text))
	// Every record of the semester the API lists is in it, by its topic.
	d := e.as(t, "bureau", `query($p:ID!, $s:String!){ teachingSessions(first:100, filter:{pairingIds:[$p], semesters:[$s]}){ totalCount
		edges { node { date topic photos { count } } } } pairing(id:$p){ name }
		inspections(first:100, filter:{pairingIds:[$p], semesters:[$s]}){ edges { node { items { photos { count } } } } }
		mentorships(first:100, filter:{pairingId:$p}){ edges { node { activities { photos { count } } } } }
		summaries(semester:$s, pairingId:$p){ summary { photos { count } } }
		donations(first:100, filter:{pairingId:$p}){ edges { node { photos { count } } } } }`, map[string]any{"p": demo.TeacherPairing, "s": sem})
	for _, want := range []string{"帮扶档案", get(d, "pairing", "name").(string), "目标达成情况", "档案检查《会变的影子》", "孩子们在操场上观察影子的变化",
		"档案检查中班美术《秋天的树》", "优秀",
		"档案检查：本学期我园教师跟岗学习三次，教研水平明显提高。", "档案检查督查组", "档案检查：补充照片", "学期总结", "督查与整改"} {
		if !strings.Contains(got, squeeze(want)) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	// The semester's plan is in it, each planned item with its status as the API gives it.
	plan := get(e.as(t, "bureau", `query($p:ID!, $s:String!){ pairing(id:$p){ plan(semester:$s){ month date responsible status } } }`,
		map[string]any{"p": demo.TeacherPairing, "s": sem}), "pairing", "plan").([]any)
	if len(plan) == 0 {
		t.Error("the demo pairing has no plan this semester")
	} else if !strings.Contains(got, squeeze("计划的活动")) {
		t.Error("the PDF lacks the planned activities")
	}
	statusZh := map[string]string{"PLANNED": "计划中", "OVERDUE": "已逾期", "DONE": "已完成"}
	for _, x := range plan {
		when, _ := get(x, "date").(string)
		if when == "" {
			when = get(x, "month").(string)
		}
		if !strings.Contains(got, squeeze(when)) || !strings.Contains(got, squeeze(statusZh[get(x, "status").(string)])) {
			t.Errorf("the PDF lacks the planned item %v", x)
		}
	}
	photos := 0
	for _, edge := range get(d, "teachingSessions", "edges").([]any) {
		photos += int(get(edge, "node", "photos", "count").(float64))
		if topic, _ := get(edge, "node", "topic").(string); topic != "" && !strings.Contains(got, squeeze(topic)) {
			t.Errorf("the PDF lacks the record of %v: %s", get(edge, "node", "date"), topic)
		}
	}
	// The follow-up records' photos are in the file too (other tests add some).
	for _, edge := range get(d, "inspections", "edges").([]any) {
		for _, it := range get(edge, "node", "items").([]any) {
			photos += int(get(it, "photos", "count").(float64))
		}
	}
	for _, edge := range get(d, "mentorships", "edges").([]any) {
		for _, a := range get(edge, "node", "activities").([]any) {
			photos += int(get(a, "photos", "count").(float64))
		}
	}
	for _, edge := range get(d, "donations", "edges").([]any) {
		photos += int(get(edge, "node", "photos", "count").(float64))
	}
	for _, st := range get(d, "summaries").([]any) {
		if n, ok := get(st, "summary", "photos", "count").(float64); ok {
			photos += int(n)
		}
	}
	// (Other tests mark photo records READY without stored images; the file holds every
	// photo that has them, this lesson's among them.)
	if imgs, err := exec.Command("pdfimages", "-list", pdfPath).Output(); err == nil {
		if n := strings.Count(string(imgs), "\n") - 2; n < 1 || n > photos {
			t.Errorf("the PDF holds %d images; the semester's records have %d photos", n, photos)
		}
	}
	// Its first pages, as an inspector sees them.
	if err := exec.Command("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "3", pdfPath, filepath.Join(out, "page")).Run(); err != nil {
		t.Errorf("pdftoppm: %v", err)
	}

	status, h, zbytes := e.fetch(t, "partner", "GET", strings.Replace(path, ".pdf", ".zip", 1), nil)
	if status != 200 || h.Get("Content-Type") != "application/zip" {
		t.Fatalf("the ZIP: %d %s", status, h.Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(zbytes), int64(len(zbytes)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*zip.File{}
	inPhotos, ours := 0, 0
	for _, f := range zr.File {
		files[f.Name] = f
		if strings.HasPrefix(f.Name, pairingfile.PhotosDir) {
			inPhotos++
			if strings.Contains(f.Name, session[:8]) && strings.HasPrefix(f.Name, pairingfile.PhotosDir+day+"_示范课_") {
				ours++
				if f.UncompressedSize64 < 10000 {
					t.Errorf("the lesson's photo in the ZIP is %d bytes", f.UncompressedSize64)
				}
			}
		}
	}
	if files[pairingfile.PDFName] == nil || files[pairingfile.RecordsName] == nil || ours != 1 || inPhotos > photos {
		t.Errorf("the ZIP holds %d files, %d photos (%d of the lesson; the records have %d)", len(zr.File), inPhotos, ours, photos)
	}
	rc, _ := files[pairingfile.RecordsName].Open()
	xb, _ := io.ReadAll(rc)
	rc.Close()
	x, err := excelize.OpenReader(bytes.NewReader(xb))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("送教记录")
	if len(rows)-1 != int(get(d, "teachingSessions", "totalCount").(float64)) {
		t.Errorf("the workbook lists %d records; the API %v", len(rows)-1, get(d, "teachingSessions", "totalCount"))
	}
	if head := strings.Join(rows[0], ","); !strings.Contains(head, "授课教师") || !strings.Contains(head, "内容与备注") || !strings.Contains(head, "对方反馈") {
		t.Errorf("the workbook's columns: %s", head)
	}
	if !strings.Contains(fmtRows(rows), "孩子们在操场上观察影子的变化") {
		t.Error("the workbook lacks the record's notes")
	}

	// Every pairing of the county in one ZIP: a folder each, with its PDF and workbook.
	status, h, cz := e.fetch(t, "bureau", "GET", "/export/pairing-files.zip?regionCode="+demo.CountyGuangrao+"&semester="+sem, nil)
	if status != 200 {
		t.Fatalf("the county's files: %d %s", status, cz)
	}
	czr, err := zip.NewReader(bytes.NewReader(cz), int64(len(cz)))
	if err != nil {
		t.Fatal(err)
	}
	pdfs := 0
	for _, f := range czr.File {
		if strings.HasSuffix(f.Name, "/"+pairingfile.PDFName) {
			pdfs++
		}
	}
	if n := h.Get("X-Pairing-Count"); pdfs == 0 || n != fmt.Sprint(pdfs) || len(czr.File) != 2*pdfs {
		t.Errorf("the county ZIP: %d PDFs among %d files for %s pairings", pdfs, len(czr.File), n)
	}
	if st, _, _ := e.fetch(t, "partner", "GET", "/export/pairing-files.zip?semester="+sem, nil); st != 403 {
		t.Errorf("a kindergarten admin fetching a region's files: %d", st)
	}

	// Another region's pairing is not there for the bureau; a teacher reads no file.
	if st, _, _ := e.fetch(t, "bureau", "GET", "/export/pairing-file.pdf?pairingId="+demo.OtherCountyPairing, nil); st != 404 {
		t.Errorf("the bureau fetching another county's file: %d", st)
	}
	if st, _, _ := e.fetch(t, "teacher", "GET", path, nil); st != 403 {
		t.Errorf("a teacher fetching the file: %d", st)
	}
}

func fmtRows(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|"))
		b.WriteByte('\n')
	}
	return b.String()
}
