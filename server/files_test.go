package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
)

// fetch sends a request with a demo user's token and returns status, headers and body.
func (e *demoEnv) fetch(t *testing.T, user, method, path string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	return e.fetchWith(t, e.token(t, user), method, path, body)
}

// fetchWith sends a request with a token ("" for none).
func (e *demoEnv) fetchWith(t *testing.T, tok, method, path string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, e.URL+path, bytes.NewReader(body))
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

func xlsxRows(t *testing.T, b []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not an XLSX file: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func errorCode(t *testing.T, b []byte) string {
	t.Helper()
	var r gqlResponse
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("not a JSON error: %s", b)
	}
	return r.Code()
}

func TestStatsExportMatchesTheQuery(t *testing.T) {
	e := demoServer(t)
	q := map[string]any{"subject": "TEACHING_SESSIONS", "measures": []string{"HOURS", "COUNT"}, "groupBy": []string{"COUNTY", "SEMESTER"}}
	d := e.as(t, "bureau", `query($q: StatsQuery!){ stats(query:$q){ rows { keys { label } values } total { values } } }`, map[string]any{"q": q})
	rows := get(d, "stats", "rows").([]any)
	if len(rows) == 0 {
		t.Fatal("the bureau's stats are empty")
	}
	qs, _ := json.Marshal(q)
	status, h, b := e.fetch(t, "bureau", "GET", "/export/stats.xlsx?query="+url.QueryEscape(string(qs)), nil)
	if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %s", status, b)
	}
	sheet := xlsxRows(t, b)
	if got := strings.Join(sheet[0], ","); got != "县（区）,学期,课时,记录数" {
		t.Errorf("headers %q", got)
	}
	if len(sheet) != len(rows)+2 || sheet[len(sheet)-1][0] != "合计" {
		t.Fatalf("%d lines for %d rows: %v", len(sheet), len(rows), sheet)
	}
	for i, r := range rows {
		line := sheet[i+1]
		if line[0] != get(r, "keys", 0, "label") || line[1] != get(r, "keys", 1, "label") {
			t.Errorf("row %d labels %v vs %v", i, line[:2], get(r, "keys"))
		}
		if v := get(r, "values", 0).(float64); math.Abs(parse(line[2])-v) > 1e-9 {
			t.Errorf("row %d hours %s vs %v", i, line[2], v)
		}
	}
	// CSV in English, with a byte-order mark for Excel.
	q["locale"] = "EN"
	qs, _ = json.Marshal(q)
	status, _, b = e.fetch(t, "bureau", "GET", "/export/stats.csv?query="+url.QueryEscape(string(qs)), nil)
	if status != 200 || !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("csv: %d", status)
	}
	lines, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil || strings.Join(lines[0], ",") != "County,Semester,Hours,Count" || lines[len(lines)-1][0] != "Total" {
		t.Errorf("csv %v %v", lines, err)
	}
	// Naming a pairing outside the bureau's county is FORBIDDEN; no token is 401.
	bad, _ := json.Marshal(map[string]any{"subject": "TEACHING_SESSIONS", "measures": []string{"COUNT"}, "filter": map[string]any{"pairingIds": []string{demo.OtherCountyPairing}}})
	if status, _, b := e.fetch(t, "bureau", "GET", "/export/stats.csv?query="+url.QueryEscape(string(bad)), nil); status != 403 || errorCode(t, b) != "FORBIDDEN" {
		t.Errorf("out-of-scope filter: %d %s", status, b)
	}
	if status, _, _ := e.fetch(t, "", "GET", "/export/stats.csv?query="+url.QueryEscape(string(qs)), nil); status != 401 {
		t.Errorf("anonymous: %d", status)
	}
	for _, p := range []string{"/export/stats.pdf?query=" + url.QueryEscape(string(qs)), "/export/stats.csv?query=%7Bnot-json", "/export/stats.csv",
		"/export/stats.csv?query=" + url.QueryEscape(`{"subject":"TEACHING_SESSIONS","measures":["COUNT"],"filter":{"sessionTypes":["NAP"]}}`)} {
		if status, _, b := e.fetch(t, "bureau", "GET", p, nil); status != 400 || errorCode(t, b) != "BAD_USER_INPUT" {
			t.Errorf("%s: %d %s", p, status, b)
		}
	}
}

func parse(s string) float64 {
	var f float64
	_ = json.Unmarshal([]byte(s), &f)
	return f
}

func TestComplianceAndSessionExports(t *testing.T) {
	e := demoServer(t)
	d := e.as(t, "bureau", `query($s:String!){ compliance(semester:$s){ pairingName status } }`, map[string]any{"s": currentSemester()})
	rows := get(d, "compliance").([]any)
	status, _, b := e.fetch(t, "bureau", "GET", "/export/compliance.xlsx?semester="+currentSemester(), nil)
	if status != 200 {
		t.Fatalf("compliance export: %d %s", status, b)
	}
	sheet := xlsxRows(t, b)
	if len(sheet) != len(rows)+1 || sheet[0][0] != "结对" || sheet[0][len(sheet[0])-1] != "状态" {
		t.Fatalf("compliance sheet: %d lines for %d rows; header %v", len(sheet), len(rows), sheet[0])
	}
	for i, r := range rows {
		if sheet[i+1][0] != get(r, "pairingName") {
			t.Errorf("row %d: %s vs %v", i, sheet[i+1][0], get(r, "pairingName"))
		}
	}
	if status, _, b := e.fetch(t, "bureau", "GET", "/export/compliance.csv?semester=2025-2026-3", nil); status != 400 || errorCode(t, b) != "BAD_USER_INPUT" {
		t.Errorf("bad semester: %d %s", status, b)
	}

	// The session list: the teacher's pairing, as many lines as the API counts.
	filter, _ := json.Marshal(map[string]any{"pairingIds": []string{demo.TeacherPairing}})
	d = e.as(t, "teacher", `query($p:ID!){ teachingSessions(filter:{pairingIds:[$p]}){ totalCount } }`, map[string]any{"p": demo.TeacherPairing})
	n := int(get(d, "teachingSessions", "totalCount").(float64))
	status, _, b = e.fetch(t, "teacher", "GET", "/export/sessions.xlsx?filter="+url.QueryEscape(string(filter)), nil)
	if status != 200 {
		t.Fatalf("sessions export: %d %s", status, b)
	}
	if sheet := xlsxRows(t, b); len(sheet) != n+1 || sheet[0][0] != "日期" {
		t.Errorf("%d lines for %d sessions", len(sheet), n)
	}
	// Another county's bureau exports none of them.
	status, _, b = e.fetch(t, "city", "GET", "/export/sessions.csv?filter="+url.QueryEscape(`{"regionCode":"370522"}`), nil)
	if status != 200 {
		t.Fatalf("city export: %d %s", status, b)
	}
}

func currentSemester() string {
	return currentSemesterOf(daysAgo(0))
}

// importFile posts a CSV to an import endpoint.
func (e *demoEnv) importFile(t *testing.T, user, kind string, rows [][]string, dryRun bool) (int, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(rows)
	path := "/import/" + kind
	if dryRun {
		path += "?dryRun=true"
	}
	status, _, b := e.fetch(t, user, "POST", path, buf.Bytes())
	var rep map[string]any
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("import answer is not JSON (%d): %s", status, b)
	}
	return status, rep
}

func countKindergartens(t *testing.T, e *demoEnv, name string) int {
	t.Helper()
	d := e.as(t, "admin", `query($n:String){ kindergartens(filter:{nameContains:$n}){ totalCount } }`, map[string]any{"n": name})
	return int(get(d, "kindergartens", "totalCount").(float64))
}

func TestImportKindergartensAndTeachers(t *testing.T) {
	e := demoServer(t)
	// The template has the columns the import reads.
	status, _, b := e.fetch(t, "bureau", "GET", "/import/templates/kindergartens.xlsx", nil)
	if status != 200 {
		t.Fatalf("template: %d %s", status, b)
	}
	head := xlsxRows(t, b)[0]
	if strings.Join(head, ",") != "编号,名称*,区划代码*,城乡类别*,办园性质,等级,地址,班级数,幼儿数,教职工数,专任教师数,联系人,联系电话" {
		t.Fatalf("template header %v", head)
	}
	good := [][]string{
		head,
		{"", "导入测试一幼", "370523", "乡镇", "公办", "县一级园", "", "6", "180", "24", "14", "李园长", "0546-6881234"},
		{"", "导入测试二幼", "370523", "村", "", "", "", "3", "60", "", "", "", ""},
		{"", "导入测试三幼", "370523", "VILLAGE", "民办", "未定级", "", "", "", "", "", "", ""},
	}
	// A file with bad rows writes nothing and names every bad cell.
	bad := append(append([][]string{}, good...),
		[]string{"", "", "370523", "村"},
		[]string{"", "导入测试四幼", "9999999", "海边", "", "", "", "-2"},
		[]string{"", "导入测试五幼", "370522", "村"},
	)
	status, rep := e.importFile(t, "bureau", "kindergartens", bad, false)
	errs, _ := rep["errors"].([]any)
	if status != 422 || len(errs) < 5 {
		t.Fatalf("bad file: %d %v", status, rep)
	}
	want := map[string]bool{"5/名称": false, "6/区划代码": false, "6/城乡类别": false, "6/班级数": false, "7/区划代码": false}
	for _, x := range errs {
		k := str(get(x, "row")) + "/" + str(get(x, "column"))
		if _, ok := want[k]; ok {
			want[k] = true
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("no error reported for %s in %v", k, errs)
		}
	}
	if n := countKindergartens(t, e, "导入测试"); n != 0 {
		t.Fatalf("a rejected file wrote %d kindergartens", n)
	}
	// A dry run says what would happen and writes nothing.
	status, rep = e.importFile(t, "bureau", "kindergartens", good, true)
	if status != 200 || rep["created"].(float64) != 3 || countKindergartens(t, e, "导入测试") != 0 {
		t.Fatalf("dry run: %d %v", status, rep)
	}
	status, rep = e.importFile(t, "bureau", "kindergartens", good, false)
	if status != 200 || rep["created"].(float64) != 3 || countKindergartens(t, e, "导入测试") != 3 {
		t.Fatalf("import: %d %v", status, rep)
	}
	// The same file again changes nothing; a corrected row updates its kindergarten.
	status, rep = e.importFile(t, "bureau", "kindergartens", good, false)
	if status != 200 || rep["created"].(float64) != 0 || rep["unchanged"].(float64) != 3 || countKindergartens(t, e, "导入测试") != 3 {
		t.Fatalf("re-import: %d %v", status, rep)
	}
	good[2][8] = "75"
	status, rep = e.importFile(t, "bureau", "kindergartens", good, false)
	if status != 200 || rep["updated"].(float64) != 1 || rep["unchanged"].(float64) != 2 {
		t.Fatalf("corrected import: %d %v", status, rep)
	}
	d := e.as(t, "bureau", `{ kindergartens(filter:{nameContains:"导入测试二幼"}){ edges { node { id children setting } } } }`, nil)
	if get(d, "kindergartens", "edges", 0, "node", "children") != 75.0 || get(d, "kindergartens", "edges", 0, "node", "setting") != "VILLAGE" {
		t.Errorf("imported kindergarten: %v", d)
	}
	// A record created by an import has a random id (version 4), not one derived from its
	// public name that anybody could compute.
	if id, err := uuid.Parse(str(get(d, "kindergartens", "edges", 0, "node", "id"))); err != nil || id.Version() != 4 {
		t.Errorf("imported kindergarten's id %v (%v): want a random one", id, err)
	}
	// When two kindergartens of the region share the name, a row without 编号 cannot say
	// which it means: the row is refused and nothing is written.
	e.as(t, "bureau", `mutation($in: KindergartenInput!){ createKindergarten(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"name": "导入测试三幼", "regionCode": "370523", "setting": "VILLAGE", "ownership": "PUBLIC", "level": "UNRATED"}})
	status, rep = e.importFile(t, "bureau", "kindergartens", good, false)
	if errs, _ := rep["errors"].([]any); status != 422 || len(errs) != 1 || !strings.Contains(str(get(errs[0], "message")), "编号") || get(errs[0], "row") != 4.0 {
		t.Errorf("import naming two kindergartens: %d %v", status, rep)
	}
	// A teacher cannot import kindergartens: refused before the file is read.
	if status, rep := e.importFile(t, "teacher", "kindergartens", good, false); status != 403 {
		t.Errorf("teacher import: %d %v", status, rep)
	}

	// Teachers, by kindergarten name.
	teachers := [][]string{
		{"姓名", "幼儿园", "岗位", "骨干教师", "电话"},
		{"导入老师甲", "导入测试一幼", "教师", "是", "13800000001"},
		{"导入老师乙", "导入测试二幼", "保育员", "否", ""},
	}
	status, rep = e.importFile(t, "bureau", "teachers", teachers, false)
	if status != 200 || rep["created"].(float64) != 2 {
		t.Fatalf("teachers: %d %v", status, rep)
	}
	if status, rep := e.importFile(t, "bureau", "teachers", teachers, false); status != 200 || rep["unchanged"].(float64) != 2 {
		t.Errorf("teachers again: %d %v", status, rep)
	}
	teachers = append(teachers, []string{"导入老师丙", "没有这个幼儿园", "教师"}, []string{"导入老师丁", "导入测试一幼", "厨师"})
	if status, rep := e.importFile(t, "bureau", "teachers", teachers, false); status != 422 || len(rep["errors"].([]any)) != 2 {
		t.Errorf("bad teachers: %d %v", status, rep)
	}
	d = e.as(t, "bureau", `{ teachers(filter:{nameContains:"导入老师甲"}){ edges { node { id } } } }`, nil)
	if id, err := uuid.Parse(str(get(d, "teachers", "edges", 0, "node", "id"))); err != nil || id.Version() != 4 {
		t.Errorf("imported teacher's id %v (%v): want a random one", id, err)
	}
	// Not a spreadsheet at all.
	if status, _, b := e.fetch(t, "bureau", "POST", "/import/kindergartens", []byte("\x00\x01\x02binary")); status != 400 || errorCode(t, b) != "BAD_USER_INPUT" {
		t.Errorf("binary upload: %d %s", status, b)
	}
}

func currentSemesterOf(day string) string { return domain.SemesterOf(domain.Date(day)) }

// Who may not import is refused before the file is read: a teacher's 10 MB CSV costs the
// server nothing; a partner admin may import teachers but not kindergartens.
func TestImportsAskForTheRightBeforeReadingTheFile(t *testing.T) {
	e := demoServer(t)
	big := bytes.Repeat([]byte("名称,区划代码,城乡类别\n大王镇中心幼儿园,370523,乡镇\n"), 200_000)[:10<<20]
	for _, c := range []struct{ user, kind string }{{"teacher", "kindergartens"}, {"teacher", "teachers"}, {"partner", "kindergartens"}} {
		start := time.Now()
		status, _, body := e.fetch(t, c.user, "POST", "/import/"+c.kind, big)
		if status != 403 || !strings.Contains(string(body), "FORBIDDEN") {
			t.Errorf("%s importing %s: %d %.200s", c.user, c.kind, status, body)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("%s importing %s was refused after %s", c.user, c.kind, took)
		}
	}
	// The partner's admin may send its teachers (rows are checked as ever).
	status, _, body := e.fetch(t, "partner", "POST", "/import/teachers?dryRun=true", []byte("姓名*,幼儿园编号*\n"))
	if status == 403 {
		t.Errorf("a kindergarten admin may not import teachers: %s", body)
	}
}

// Grades and donations are subjects of the statistics: the bureau's totals are those of
// the records it can list, and the export carries the new measure and dimension's names.
func TestGradesAndDonationsInStats(t *testing.T) {
	e := demoServer(t)
	list := e.as(t, "bureau", `{ donations(first: 100){ totalCount edges { node { value } } } lessonGrades(first: 100){ totalCount edges { node { grade } } } }`, nil)
	var value float64
	for _, ed := range get(list, "donations", "edges").([]any) {
		value += get(ed, "node", "value").(float64)
	}
	donations := get(list, "donations", "totalCount").(float64)
	if donations == 0 {
		t.Fatal("the demo has no donations in the bureau's county")
	}
	q := map[string]any{"subject": "DONATIONS", "measures": []string{"VALUE", "COUNT"}, "groupBy": []string{"PAIRING"}}
	d := e.as(t, "bureau", `query($q: StatsQuery!){ stats(query:$q){ rows { keys { label } values } total { values } } }`, map[string]any{"q": q})
	if got := get(d, "stats", "total", "values").([]any); math.Abs(got[0].(float64)-value) > 1e-6 || got[1].(float64) != donations {
		t.Errorf("donations in stats: %v, listed: value %v of %v", got, value, donations)
	}
	grades := map[string]float64{}
	for _, ed := range get(list, "lessonGrades", "edges").([]any) {
		grades[get(ed, "node", "grade").(string)]++
	}
	q = map[string]any{"subject": "LESSON_GRADES", "measures": []string{"COUNT"}, "groupBy": []string{"GRADE"}}
	d = e.as(t, "bureau", `query($q: StatsQuery!){ stats(query:$q){ rows { keys { value label } values } } }`, map[string]any{"q": q})
	rows := get(d, "stats", "rows").([]any)
	if len(rows) == 0 || len(rows) != len(grades) {
		t.Fatalf("grades by grade: %v, listed %v", rows, grades)
	}
	for _, r := range rows {
		if g := get(r, "keys", 0, "value").(string); grades[g] != get(r, "values", 0).(float64) {
			t.Errorf("grade %s (%v): %v in stats, %v listed", g, get(r, "keys", 0, "label"), get(r, "values", 0), grades[g])
		}
	}
	qs, _ := json.Marshal(map[string]any{"subject": "DONATIONS", "measures": []string{"VALUE"}, "groupBy": []string{"SEMESTER"}})
	status, _, b := e.fetch(t, "bureau", "GET", "/export/stats.xlsx?query="+url.QueryEscape(string(qs)), nil)
	if status != 200 {
		t.Fatalf("export: %d %s", status, b)
	}
	if got := strings.Join(xlsxRows(t, b)[0], ","); got != "学期,捐赠价值（元）" {
		t.Errorf("donations export headers %q", got)
	}
}
