package app

import (
	"strings"
	"testing"
)

// FuzzKindergartenRow feeds arbitrary spreadsheet cells to the row reader: every row is
// either a valid input or reported with at least one error naming a row, never a panic,
// and a row reported good passes the input's own validation.
func FuzzKindergartenRow(f *testing.F) {
	f.Add("大王镇中心幼儿园\x1f370523\x1f乡镇\x1f公办\x1f县一级园\x1f\x1f6\x1f180\x1f24\x1f14\x1f李园长\x1f0546-6881234")
	f.Add("\x1f9999999\x1f海边\x1f\x1f\x1f\x1f-2")
	f.Add("x\x1f37\x1fVILLAGE\x1fPRIVATE\x1fUNRATED\x1f" + strings.Repeat("长", 300))
	head := make([]string, len(kindergartenColumns)-1)
	for i, c := range kindergartenColumns[1:] {
		head[i] = c.zh
	}
	idx, _ := header(kindergartenColumns, head)
	f.Fuzz(func(t *testing.T, line string) {
		rep := &ImportReport{}
		r := &rowReader{n: 2, row: strings.Split(line, "\x1f"), idx: idx, cols: kindergartenColumns, rep: rep}
		in, ok := kindergartenRow(r)
		errs := rep.Errors
		if ok != (len(errs) == 0) {
			t.Fatalf("ok=%v with errors %v", ok, errs)
		}
		if ok {
			if err := in.Validate(); err != nil {
				t.Fatalf("a row reported good fails validation: %v", err)
			}
			return
		}
		for _, e := range errs {
			if e.Row != 2 || e.Message == "" {
				t.Fatalf("error without its row or message: %+v", e)
			}
		}
	})
}
