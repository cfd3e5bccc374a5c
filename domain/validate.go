package domain

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Length limits of free text, in characters.
const (
	MaxName  = 100
	MaxShort = 200
	MaxText  = 4000
)

// check collects the first input error of a validation pass, so each Validate reads as a
// list of rules.
type check struct{ err *Error }

func (c *check) fail(field, format string, args ...any) {
	if c.err == nil {
		c.err = Invalid(field, format, args...)
	}
}

// refuse records a check's own error (with its Chinese) as field's.
func (c *check) refuse(field string, err error) {
	var e *Error
	if c.err != nil || !errors.As(err, &e) {
		if c.err == nil {
			c.fail(field, "%s", err.Error())
		}
		return
	}
	x := *e
	x.Field = field
	c.err = &x
}

func (c *check) result() error {
	if c.err == nil {
		return nil
	}
	return c.err
}

// text trims *s in place and checks its length.
func (c *check) text(field string, s *string, max int, required bool) {
	*s = strings.TrimSpace(*s)
	if required && *s == "" {
		c.fail(field, "is required")
		return
	}
	if !utf8.ValidString(*s) {
		c.fail(field, "is not valid text")
		return
	}
	if n := utf8.RuneCountInString(*s); n > max {
		c.fail(field, "is too long (%d characters, at most %d)", n, max)
	}
}

func (c *check) optText(field string, s **string, max int) {
	if *s == nil {
		return
	}
	c.text(field, *s, max, false)
}

func (c *check) id(field, id string) {
	if err := ValidID(id); err != nil {
		c.fail(field, "%s", err.Error())
	}
}

func (c *check) ids(field string, ids []string, max int) {
	if len(ids) > max {
		c.fail(field, "lists %d ids, at most %d", len(ids), max)
		return
	}
	seen := map[string]bool{}
	for i, id := range ids {
		c.id(fmt.Sprintf("%s[%d]", field, i), id)
		if seen[id] {
			c.fail(fmt.Sprintf("%s[%d]", field, i), "repeats %s", id)
		}
		seen[id] = true
	}
}

func (c *check) count(field string, n, max int) {
	if n < 0 || n > max {
		c.fail(field, "must be between 0 and %d", max)
	}
}

func (c *check) date(field string, d Date) {
	if _, err := ParseDate(string(d)); err != nil {
		c.fail(field, "%s", err.Error())
	}
}

func (c *check) period(startField string, start, end Date) {
	c.date(startField, start)
	c.date(strings.Replace(startField, "start", "end", 1), end)
	if c.err == nil && end < start {
		c.fail(strings.Replace(startField, "start", "end", 1), "ends (%s) before it starts (%s)", end, start)
	}
}

// ValidID accepts the ids clients generate: UUIDs, or up to 64 letters, digits, '-' and '_'.
func ValidID(id string) error {
	if id == "" {
		return fmt.Errorf("is required")
	}
	if _, err := uuid.Parse(id); err == nil {
		return nil
	}
	if !idPattern.MatchString(id) {
		return fmt.Errorf("%q is not a valid id (use a UUID)", Abbreviate(id, 40))
	}
	return nil
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

var sha256Pattern = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 -]{4,19}$`)

// Abbreviate keeps the first n characters of s, marking a cut with "…".
func Abbreviate(s string, n int) string {
	i := 0
	for at := range s {
		if i == n {
			return s[:at] + "…"
		}
		i++
	}
	return s
}

// NewID returns a fresh UUID for records the server creates itself.
func NewID() string { return uuid.NewString() }
