package sheet_test

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/handinhand/handinhand/sheet"
)

func TestReadsWhatItWrites(t *testing.T) {
	tb := &sheet.Table{Title: "幼儿园", Headers: []string{"名称", "幼儿数"}, Rows: [][]any{{"大王镇中心幼儿园", 180}, {"稻庄, \"一\"园", 3.5}}}
	for _, f := range []sheet.Format{sheet.CSV, sheet.XLSX} {
		var buf bytes.Buffer
		if err := sheet.Write(&buf, f, tb); err != nil {
			t.Fatal(err)
		}
		rows, err := sheet.Read(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(rows) != 3 || rows[0][0] != "名称" || rows[1][1] != "180" || rows[2][0] != "稻庄, \"一\"园" || rows[2][1] != "3.5" {
			t.Errorf("%s: %q", f, rows)
		}
	}
}

func TestReadsGBKAndTabs(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("名称\t区划代码\n大王镇中心幼儿园\t370523\n"))
	rows, err := sheet.Read(gbk)
	if err != nil || len(rows) != 2 || rows[1][0] != "大王镇中心幼儿园" || rows[1][1] != "370523" {
		t.Fatalf("%q %v", rows, err)
	}
}

func TestRefusesWhatIsNotASpreadsheet(t *testing.T) {
	for name, data := range map[string][]byte{
		"binary":         {0, 1, 2, 3},
		"broken zip":     []byte("PK\x03\x04not really a zip"),
		"too many cells": bytes.Repeat([]byte("a,"), 100),
	} {
		if _, err := sheet.Read(data); err == nil {
			t.Errorf("%s: read without error", name)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("名称,区划代码\n大王镇中心幼儿园,370523\n"))
	f.Add([]byte("\xEF\xBB\xBFa\tb\n\"c\"\"\",d"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := sheet.Read(data)
		if err != nil {
			return
		}
		if len(rows) > sheet.MaxRows+1 {
			t.Fatalf("%d rows passed the limit", len(rows))
		}
		for _, r := range rows {
			if len(r) > sheet.MaxCells {
				t.Fatalf("%d cells passed the limit", len(r))
			}
		}
	})
}

// Text a spreadsheet would run as a formula comes out of a CSV as text, in every export
// (sessions, stats, compliance all write through here); numbers stay numbers.
func TestCSVCellsThatLookLikeFormulasAreWrittenAsText(t *testing.T) {
	evil := []string{`=HYPERLINK("http://x","click")`, "=1+1", "+1+1", "-1+2", "@SUM(1)", "\t=1", "\r=1"}
	tb := &sheet.Table{Title: "t", Headers: []string{"主题", "课时"}}
	for _, e := range evil {
		tb.Rows = append(tb.Rows, []any{e, -1.5})
	}
	tb.Rows = append(tb.Rows, []any{"大班科学 -1", 2})
	var buf bytes.Buffer
	if err := sheet.Write(&buf, sheet.CSV, tb); err != nil {
		t.Fatal(err)
	}
	rows, err := sheet.Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range evil {
		if got := rows[i+1][0]; got != "'"+e {
			t.Errorf("%q came out as %q", e, got)
		}
		if rows[i+1][1] != "-1.5" {
			t.Errorf("the number -1.5 came out as %q", rows[i+1][1])
		}
	}
	if rows[len(rows)-1][0] != "大班科学 -1" {
		t.Errorf("ordinary text changed: %q", rows[len(rows)-1][0])
	}
}

// A UTF-8 file with one stray byte is not read as GBK (which would garble every name in
// it); it is refused with the row to correct. A GBK file with a byte GBK has no
// character for is refused the same way.
func TestAStrayByteIsReportedNotDecodedAsGBK(t *testing.T) {
	utf := []byte("姓名,幼儿园\n张三,广饶县实验幼儿园\n李\xff四,大王镇中心幼儿园\n王五,大王镇中心幼儿园\n")
	if _, err := sheet.Read(utf); err == nil || !strings.Contains(err.Error(), "row 3") || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("UTF-8 with a stray byte: %v", err)
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("名称,区划代码\n大王镇中心幼儿园,370523\n"))
	bad := append(append([]byte{}, gbk...), []byte("\xff\xff,370523\n")...)
	if _, err := sheet.Read(bad); err == nil || !strings.Contains(err.Error(), "row 3") {
		t.Errorf("GBK with a byte it has no character for: %v", err)
	}
	rows, err := sheet.Read(gbk)
	if err != nil || rows[1][0] != "大王镇中心幼儿园" {
		t.Errorf("GBK: %v %v", rows, err)
	}
}
