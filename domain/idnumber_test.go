package domain

import (
	"strings"
	"testing"
)

// An ID number is checked by its check character, birth date and form; its birth date and
// sex are read from it.
func TestIDNumbers(t *testing.T) {
	for _, c := range []struct {
		in    string
		why   string // what the refusal says; "" when the number is good
		birth Date
		male  bool
	}{
		{"11010519491231002X", "", "1949-12-31", false}, // the standard's own example
		{"11010519491231002x", "", "1949-12-31", false}, // x typed in lower case
		{" 370523202003150014 ", "", "2020-03-15", true},
		{"370523202003150011", "does not match", "", false}, // a digit mistyped
		{"37052320200315001", "18 characters", "", false},
		{"3705232020031500A4", "digits", "", false},
		{"370523202002300017", "birth date", "", false}, // 30 February, with a right check character
		{"370523209903150011", "birth date", "", false}, // born in the future
		{"011023202003150016", "region code", "", false},
	} {
		got, err := ParseIDNumber(c.in)
		if c.why == "" && err != nil || c.why != "" && (err == nil || !strings.Contains(err.Error(), c.why)) {
			t.Errorf("%q: %v, want %q", c.in, err, c.why)
			continue
		}
		if c.why == "" && (got.Birth != c.birth || got.Male != c.male) {
			t.Errorf("%q: born %s, male %v", c.in, got.Birth, got.Male)
		}
	}
}

// A child's form refuses a mistyped ID number in the field's name, with the reason in Chinese.
func TestAChildsMistypedIDNumberIsRefusedInWords(t *testing.T) {
	in := ChildInput{ID: "c1", KindergartenID: "k1", Name: "王小明", BirthDate: "2020-03-15", Class: ClassSmall, EnrolledOn: "2023-09-01",
		Protected: ChildProtected{IDNumber: "370523202003150011"}}
	err := in.Validate()
	e, ok := err.(*Error)
	if !ok || e.Field != "input.idNumber" || e.MessageZh() != "最后一位校验码与前面不符（可能有数字输错）" {
		t.Errorf("%#v", err)
	}
	in.Protected.IDNumber = "370523202003150014"
	in.BirthDate = "2020-03-16"
	if err := in.Validate(); err == nil || err.(*Error).Field != "input.birthDate" {
		t.Errorf("a birth date other than the ID number's: %v", err)
	}
}
