package domain

import (
	"slices"
	"testing"
)

func TestSemesterFollowsTheSchoolYear(t *testing.T) {
	cases := map[Date]string{
		"2025-09-01": "2025-2026-1",
		"2025-12-31": "2025-2026-1",
		"2026-01-20": "2025-2026-1",
		"2026-02-01": "2025-2026-2",
		"2026-07-10": "2025-2026-2",
		"2026-08-25": "2026-2027-1",
	}
	for d, want := range cases {
		if got := SemesterOf(d); got != want {
			t.Errorf("SemesterOf(%s) = %s, want %s", d, got, want)
		}
	}
}

func TestSemesterMonthsAndLabel(t *testing.T) {
	s, err := ParseSemester("2025-2026-1")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Months(); !slices.Equal(got, []string{"2025-09", "2025-10", "2025-11", "2025-12", "2026-01"}) {
		t.Errorf("months = %v", got)
	}
	if s.Label() != "2025–2026学年第一学期" {
		t.Errorf("label = %s", s.Label())
	}
	s2, _ := ParseSemester("2025-2026-2")
	if got := s2.Months(); len(got) != 6 || got[0] != "2026-02" || got[5] != "2026-07" {
		t.Errorf("second term months = %v", got)
	}
	for _, bad := range []string{"2025-2027-1", "2025-2026-3", "2025", ""} {
		if _, err := ParseSemester(bad); err == nil {
			t.Errorf("ParseSemester(%q) accepted", bad)
		}
	}
}

func TestParseDateRejectsImpossibleDays(t *testing.T) {
	for _, bad := range []string{"2025-02-30", "2025-9-1", "1999-12-31", "2100-01-01", "yesterday"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	if _, err := ParseDate("2024-02-29"); err != nil {
		t.Errorf("leap day refused: %v", err)
	}
}
