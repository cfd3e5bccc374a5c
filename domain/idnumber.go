package domain

import (
	"strings"
	"time"
)

// Resident ID numbers (居民身份证号码, GB 11643-1999): 18 characters — the six-digit region
// code of the place of first registration, the birth date (YYYYMMDD), a three-digit
// sequence (odd for boys, even for girls), and a check character (ISO 7064 MOD 11-2, X for
// 10). A child's record keeps it sealed; this only checks what is typed.

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idChecks = "10X98765432"

// IDCheckCharacter is the check character of an ID number's first 17 digits.
func IDCheckCharacter(first17 string) byte {
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idChecks[sum%11]
}

// IDNumber is a checked ID number: its normalised text (X upper case), birth date and sex.
type IDNumber struct {
	Text  string
	Birth Date
	Male  bool
}

// ParseIDNumber checks an 18-character ID number, its birth date and its check character;
// a bad one is BAD_USER_INPUT with its reason (in Chinese too).
func ParseIDNumber(s string) (IDNumber, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 18 {
		return IDNumber{}, Invalid("idNumber", "an ID number has 18 characters")
	}
	for i := range 17 {
		if s[i] < '0' || s[i] > '9' {
			return IDNumber{}, Invalid("idNumber", "the first 17 characters of an ID number are digits")
		}
	}
	if s[17] != IDCheckCharacter(s[:17]) {
		return IDNumber{}, Invalid("idNumber", "the last character does not match the others (a digit mistyped?)")
	}
	if s[0] == '0' {
		return IDNumber{}, Invalid("idNumber", "the first six digits are not a region code")
	}
	birth, err := time.Parse("20060102", s[6:14])
	if err != nil || birth.Year() < 1900 || birth.After(Now()) {
		return IDNumber{}, Invalid("idNumber", "digits 7 to 14 are not a birth date")
	}
	return IDNumber{Text: s, Birth: DateOf(birth), Male: (s[16]-'0')%2 == 1}, nil
}
