// Package stats is the bureaus' analytic index: teaching sessions, training attendance
// and photos held as compact in-memory columns with their dimensions resolved, so that a
// custom aggregate or the compliance table never scans the database. It is loaded at
// start, kept current by this instance's writes at once, and by polling the store's
// change marker for other instances' writes.
package stats

import (
	"time"

	"github.com/google/uuid"

	"github.com/handinhand/handinhand/domain"
)

// none marks a missing reference in an int32 column.
const none = -1

// epoch is day 0 of the day columns; domain dates run from 2000-01-01 to 2099-12-31, so
// a day fits in a uint16.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// dayOf turns a date into its day number; false if the date cannot be read.
func dayOf(d domain.Date) (uint16, bool) {
	t, err := time.Parse("2006-01-02", string(d))
	if err != nil || t.Before(epoch) {
		return 0, false
	}
	n := int(t.Sub(epoch).Hours() / 24)
	if n > 0xffff {
		return 0, false
	}
	return uint16(n), true
}

// calendar maps day numbers to month and semester numbers, computed once.
type calendar struct {
	month    []uint16 // day → index into months
	semester []uint16 // day → index into semesters
	months   []string // "2025-09"
	sems     []string // "2025-2026-1"
	semIdx   map[string]uint16
	monIdx   map[string]uint16
}

var cal = newCalendar()

func newCalendar() *calendar {
	c := &calendar{semIdx: map[string]uint16{}, monIdx: map[string]uint16{}}
	for t := epoch; t.Year() < 2100; t = t.AddDate(0, 0, 1) {
		d := domain.Date(t.Format("2006-01-02"))
		m := d.Month()
		mi, ok := c.monIdx[m]
		if !ok {
			mi = uint16(len(c.months))
			c.monIdx[m] = mi
			c.months = append(c.months, m)
		}
		s := domain.SemesterOf(d)
		si, ok := c.semIdx[s]
		if !ok {
			si = uint16(len(c.sems))
			c.semIdx[s] = si
			c.sems = append(c.sems, s)
		}
		c.month = append(c.month, mi)
		c.semester = append(c.semester, si)
	}
	return c
}

// enumIndex numbers the values of an enum in their declared order, from 1 (0 = unknown).
type enumIndex[T ~string] struct {
	values []T
	idx    map[T]uint8
}

func newEnumIndex[T ~string](values []T) enumIndex[T] {
	e := enumIndex[T]{values: values, idx: map[T]uint8{}}
	for i, v := range values {
		e.idx[v] = uint8(i + 1)
	}
	return e
}

func (e enumIndex[T]) of(v T) uint8 { return e.idx[v] }

func (e enumIndex[T]) value(i uint8) T {
	if i == 0 || int(i) > len(e.values) {
		return ""
	}
	return e.values[i-1]
}

var (
	sessionTypes  = newEnumIndex(domain.AllSessionTypes)
	trainingTypes = newEnumIndex(domain.AllTrainingTypes)
	domainsIdx    = newEnumIndex(domain.AllDomains)
	settingsIdx   = newEnumIndex(domain.AllSettings)
	directions    = newEnumIndex(domain.AllDirections)
)

// idMap finds a row by record id. Ids are UUIDs almost always; those are kept as 16
// bytes, which keeps the map within the memory budget per fact.
type idMap struct {
	uuids map[[16]byte]uint32
	other map[string]uint32
}

func newIDMap() idMap {
	return idMap{uuids: map[[16]byte]uint32{}, other: map[string]uint32{}}
}

func (m idMap) get(id string) (uint32, bool) {
	if u, err := uuid.Parse(id); err == nil && len(id) == 36 {
		r, ok := m.uuids[u]
		return r, ok
	}
	r, ok := m.other[id]
	return r, ok
}

func (m idMap) put(id string, row uint32) {
	if u, err := uuid.Parse(id); err == nil && len(id) == 36 {
		m.uuids[u] = row
		return
	}
	m.other[id] = row
}

// remap replaces every id's row by f of it.
func (m idMap) remap(f func(uint32) uint32) {
	for k, r := range m.uuids {
		m.uuids[k] = f(r)
	}
	for k, r := range m.other {
		m.other[k] = f(r)
	}
}

func (m idMap) len() int { return len(m.uuids) + len(m.other) }

// interner numbers the ids of a dimension (teachers, events) that need no other detail.
type interner struct {
	ids idMap
	n   uint32
	// byNum holds each number's id.
	byNum []string
}

func newInterner() *interner { return &interner{ids: newIDMap()} }

func (in *interner) of(id string) int32 {
	if id == "" {
		return none
	}
	if r, ok := in.ids.get(id); ok {
		return int32(r)
	}
	r := in.n
	in.n++
	in.ids.put(id, r)
	in.byNum = append(in.byNum, id)
	return int32(r)
}
