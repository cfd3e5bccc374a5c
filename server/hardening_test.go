package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/handinhand/handinhand/app"
)

// The findings of the third outside probe (issue "Hardening, round three"), each as the
// probe made it.

// sharedStringBook is an XLSX of n teacher rows whose name, kindergarten and post cells
// all name one shared string of k characters: a small file whose every row is wrong.
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

// Finding 1: an import's report is bounded in problems listed, characters quoted and
// bytes, and says how many more problems there are.
func TestImportReportIsBounded(t *testing.T) {
	e := demoServer(t)
	book := sharedStringBook(t, 4000, 10000)
	for _, locale := range []string{"", "&locale=zh-CN"} {
		status, _, b := e.fetch(t, "supporter", "POST", "/import/teachers?dryRun=true"+locale, book)
		if status != 422 {
			t.Fatalf("status %d: %.300s", status, b)
		}
		if len(b) > 200<<10 {
			t.Errorf("the report is %d bytes (file %d bytes): want it bounded", len(b), len(book))
		}
		var rep struct {
			Rows   int
			Errors []struct {
				Row     int
				Message string
			}
			MoreErrors int
		}
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Rows != 4000 || len(rep.Errors) != app.MaxReportedProblems {
			t.Fatalf("rows %d, %d problems listed", rep.Rows, len(rep.Errors))
		}
		// Every row has at least two problems: no such kindergarten, no such post.
		if rep.MoreErrors < 2*4000-app.MaxReportedProblems {
			t.Errorf("%d more problems counted: want every one beyond those listed", rep.MoreErrors)
		}
		for _, x := range rep.Errors {
			if n := len([]rune(x.Message)); n > app.MaxQuotedRunes+120 {
				t.Fatalf("a message of %d characters: %.200s", n, x.Message)
			}
		}
	}
}
