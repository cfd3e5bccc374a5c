package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/app/apptest"
	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
)

// sharedStringBook is an XLSX of n teacher rows whose name, kindergarten and post cells all
// name one shared string of k characters: a small file whose every row is wrong.
func sharedStringBook(t *testing.T, n, k int) []byte {
	t.Helper()
	f := excelize.NewFile()
	long := strings.Repeat("长", k)
	rows := [][]any{{"姓名", "幼儿园", "岗位"}}
	for range n {
		rows = append(rows, []any{long, long, long})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 100<<10 {
		t.Fatalf("the book is %d bytes: its cells should share one string", buf.Len())
	}
	return buf.Bytes()
}

// An import's report is bounded in problems listed, characters quoted and bytes, and says
// how many more problems there are; a workbook whose cells name a shared string into more
// text than an import takes is refused before any row is checked.
func TestAnImportsReportIsBounded(t *testing.T) {
	a, ctx := apptest.DemoApp(t), context.Background()
	_, supporter := apptest.SignIn(t, a, demo.UserSupporter, demo.Password)
	_, err := a.Import(ctx, supporter, app.ImportTeachers, sharedStringBook(t, 4000, 10000), true)
	if domain.CodeOf(err) != domain.CodeBadUserInput || !strings.Contains(err.Error(), "MB of text") {
		t.Errorf("the probe's file (360 MB of text read cell by cell): %v", err)
	}
	rep, err := a.Import(ctx, supporter, app.ImportTeachers, sharedStringBook(t, 4000, 400), true)
	if err != nil {
		t.Fatal(err)
	}
	rep.InChinese()
	b, _ := json.Marshal(rep)
	if len(b) > 200<<10 || rep.Rows != 4000 || len(rep.Errors) != app.MaxReportedProblems || rep.MoreErrors < 2*4000-app.MaxReportedProblems {
		t.Errorf("%d bytes, %d rows, %d problems listed, %d more", len(b), rep.Rows, len(rep.Errors), rep.MoreErrors)
	}
	for _, x := range rep.Errors {
		if n := len([]rune(x.Message)); n > app.MaxQuotedRunes+120 {
			t.Fatalf("a message of %d characters: %.200s", n, x.Message)
		}
	}
}

// A dry run answers alike for an id out of the caller's sight and an id that names nothing.
func TestAnImportTellsNothingOfIdsOutOfSight(t *testing.T) {
	a, ctx := apptest.DemoApp(t), context.Background()
	_, bureau := apptest.SignIn(t, a, demo.UserBureau, demo.Password)
	_, supporter := apptest.SignIn(t, a, demo.UserSupporter, demo.Password)
	page, err := a.Teachers(ctx, apptest.Admin(), &domain.TeacherFilter{KindergartenID: ptr(demo.OtherCountyKindergarten)}, "", false, 1, "")
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("another county's teacher: %v", err)
	}
	answer := func(p *policy.Principal, kind app.ImportKind, head, row []string, id string) string {
		t.Helper()
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.WriteAll([][]string{head, append([]string{id}, row...)})
		rep, err := a.Import(ctx, p, kind, buf.Bytes(), true)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := json.Marshal(rep.Errors)
		return fmt.Sprint(rep.Problems()) + strings.ReplaceAll(string(out), id, "ID")
	}
	head, kg := []string{"编号", "名称", "区划代码", "城乡类别"}, []string{"探针幼儿园", demo.CountyGuangrao, "乡镇"}
	if x, y := answer(bureau, app.ImportKindergartens, head, kg, demo.OtherCountyKindergarten), answer(bureau, app.ImportKindergartens, head, kg, uuid.NewString()); x != y || x[0] == '0' {
		t.Errorf("a kindergarten id out of sight: %s\nan id of nothing: %s", x, y)
	}
	head, tr := []string{"编号", "姓名", "幼儿园编号", "岗位"}, []string{"探针老师", demo.TeacherKindergarten, "教师"}
	if x, y := answer(supporter, app.ImportTeachers, head, tr, page.Items[0].ID), answer(supporter, app.ImportTeachers, head, tr, uuid.NewString()); x != y || x[0] == '0' {
		t.Errorf("a teacher id out of sight: %s\nan id of nothing: %s", x, y)
	}
}

func ptr[T any](v T) *T { return &v }
