package app

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Every problem the import can report in its own words has a Chinese version; only the
// record checks' messages passed through ("%s", "%v") keep their English.
func TestEveryImportProblemHasItsChineseWords(t *testing.T) {
	src, err := os.ReadFile("import.go")
	if err != nil {
		t.Fatal(err)
	}
	formats := regexp.MustCompile(`(?:r\.fail\([^,]+, |importError\([^,]+, [^,]+, )"((?:[^"\\]|\\.)*)"`).FindAllSubmatch(src, -1)
	if len(formats) < 15 {
		t.Fatalf("found only %d problem patterns in import.go", len(formats))
	}
	for _, m := range formats {
		f := strings.ReplaceAll(string(m[1]), `\"`, `"`)
		if f == "%s" || f == "%v" {
			continue
		}
		if _, ok := importZh[f]; !ok {
			t.Errorf("no Chinese for the import problem %q", f)
		}
	}
	rep := &ImportReport{Errors: []ImportError{importError(3, "名称", "the same %s as row %d", "kindergarten", 2), importError(4, "岗位", "%q is not one of %s", "宇航员", "教师/园长")}}
	rep.InChinese()
	if rep.Errors[0].Message != "与第 2 行是同一所幼儿园" || rep.Errors[1].Message != "“宇航员”不是可填的值，可填：教师/园长" {
		t.Errorf("in Chinese: %q, %q", rep.Errors[0].Message, rep.Errors[1].Message)
	}
}
