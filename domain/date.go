package domain

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// Date is a calendar day written YYYY-MM-DD. It is stored as that string, so dates sort
// and compare as text and never shift with time zones.
type Date string

const dateLayout = "2006-01-02"

// Dates accepted anywhere in the system: pairing work began long after 2000, and nothing
// is planned further ahead than a few school years.
const (
	MinDate Date = "2000-01-01"
	MaxDate Date = "2099-12-31"
)

// ParseDate checks s is a real calendar day within range.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || t.Format(dateLayout) != s {
		return "", fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	if d := Date(s); d < MinDate || d > MaxDate {
		return "", fmt.Errorf("%s is outside %s–%s", s, MinDate, MaxDate)
	}
	return Date(s), nil
}

// DateOf returns the day of t in China Standard Time, the zone every kindergarten works in.
func DateOf(t time.Time) Date { return Date(t.In(ChinaTime).Format(dateLayout)) }

// ChinaTime is UTC+8 without daylight saving.
var ChinaTime = time.FixedZone("CST", 8*3600)

// Time returns midnight of the day in China Standard Time.
func (d Date) Time() time.Time {
	t, _ := time.ParseInLocation(dateLayout, string(d), ChinaTime)
	return t
}

// Month returns "YYYY-MM".
func (d Date) Month() string {
	if len(d) < 7 {
		return ""
	}
	return string(d[:7])
}

func (d Date) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(d))) }

func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return Invalid("date", "a date must be a string in the form YYYY-MM-DD")
	}
	p, err := ParseDate(s)
	if err != nil {
		return Invalid("date", "%s", err.Error())
	}
	*d = p
	return nil
}
