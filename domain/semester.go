package domain

import (
	"fmt"
	"regexp"
	"strconv"
)

// Semesters follow the school year: "2025-2026-1" runs September 2025 to January 2026 and
// "2025-2026-2" February to July 2026. August belongs to no term; activities then (usually
// preparation and training before term) count toward the coming first semester.

// SemesterOf returns the semester a day falls in.
func SemesterOf(d Date) string {
	t := d.Time()
	y, m := t.Year(), int(t.Month())
	switch {
	case m >= 8:
		return fmt.Sprintf("%d-%d-1", y, y+1)
	case m == 1:
		return fmt.Sprintf("%d-%d-1", y-1, y)
	default:
		return fmt.Sprintf("%d-%d-2", y-1, y)
	}
}

var semesterPattern = regexp.MustCompile(`^(\d{4})-(\d{4})-([12])$`)

// Semester is a parsed semester name.
type Semester struct {
	StartYear int
	Term      int // 1 or 2
}

// ParseSemester checks a name such as "2025-2026-1".
func ParseSemester(s string) (Semester, error) {
	m := semesterPattern.FindStringSubmatch(s)
	if m == nil {
		return Semester{}, fmt.Errorf("%q is not a semester such as 2025-2026-1", s)
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	if b != a+1 {
		return Semester{}, fmt.Errorf("%q: the school year must span two consecutive years", s)
	}
	t, _ := strconv.Atoi(m[3])
	sem := Semester{StartYear: a, Term: t}
	// Some day of the semester must be a date the system takes (1999-2000-1 ends in January
	// 2000; 2099-2100-1 begins in September 2099, 2099-2100-2 only in 2100).
	months := sem.Months()
	if Date(months[0]+"-01") > MaxDate || Date(months[len(months)-1]+"-31") < MinDate {
		return Semester{}, fmt.Errorf("%q falls outside the dates %s–%s", s, MinDate, MaxDate)
	}
	return sem, nil
}

func (s Semester) String() string { return fmt.Sprintf("%d-%d-%d", s.StartYear, s.StartYear+1, s.Term) }

// Months returns the teaching months of the semester as "YYYY-MM", in order: five for the
// first term (Sep–Jan) and six for the second (Feb–Jul).
func (s Semester) Months() []string {
	if s.Term == 1 {
		y := s.StartYear
		return []string{
			fmt.Sprintf("%d-09", y), fmt.Sprintf("%d-10", y), fmt.Sprintf("%d-11", y),
			fmt.Sprintf("%d-12", y), fmt.Sprintf("%d-01", y+1),
		}
	}
	y := s.StartYear + 1
	out := make([]string, 0, 6)
	for m := 2; m <= 7; m++ {
		out = append(out, fmt.Sprintf("%d-%02d", y, m))
	}
	return out
}

// Label is the semester's Chinese name, e.g. "2025–2026学年第一学期".
func (s Semester) Label() string {
	term := "第一学期"
	if s.Term == 2 {
		term = "第二学期"
	}
	return fmt.Sprintf("%d–%d学年%s", s.StartYear, s.StartYear+1, term)
}
