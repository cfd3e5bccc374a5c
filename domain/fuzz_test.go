package domain

import "testing"

// Parsers of outside input must never panic, and what they accept must be well formed.

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-09-01", "2025-02-30", "", "9999-99-99", "2024-02-29"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && (d < MinDate || d > MaxDate || len(d) != 10 || SemesterOf(d) == "") {
			t.Fatalf("accepted %q as %q", s, d)
		}
	})
}

func FuzzParseSemester(f *testing.F) {
	for _, s := range []string{"2025-2026-1", "2025-2026-3", "x", "", "0025-0026-1", "2099-2100-1", "1998-1999-2", "2099-2100-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sem, err := ParseSemester(s)
		if err == nil && (sem.String() != s || len(sem.Months()) < 5 || !semesterHasADay(sem)) {
			t.Fatalf("accepted %q as %v", s, sem)
		}
	})
}

func FuzzValidIDAndRegion(f *testing.F) {
	for _, s := range []string{"6f1c1f0e-3b7a-4d3e-9a55-2d1c8e3f0a11", `{"$gt": ""}`, "370523", "37052310"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidID(s) == nil && (len(s) > 64 || s == "") {
			t.Fatalf("accepted id %q", s)
		}
		if _, err := RegionLevelOf(s); err == nil {
			p := RegionPath(s)
			if p[len(p)-1] != s || !InRegion(s, p[0]) {
				t.Fatalf("region %q path %v", s, p)
			}
		}
	})
}

// semesterHasADay tells whether some teaching month of the semester holds a date ParseDate takes.
func semesterHasADay(sem Semester) bool {
	for _, m := range sem.Months() {
		for _, d := range []string{m + "-01", m + "-28"} {
			if _, err := ParseDate(d); err == nil {
				return true
			}
		}
	}
	return false
}
