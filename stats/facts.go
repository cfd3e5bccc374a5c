package stats

import (
	"math/bits"
	"slices"

	"github.com/handinhand/handinhand/domain"
)

// source is the rows a query reads: its effective region's list, or every row.
type source struct {
	rows  []uint32 // unused when all is set: rows 0…n-1
	all   bool
	exact bool // every row has a place within the effective region
	n     int
}

func (p *plan) source() source {
	ix := p.ix
	s := subjectIndex(p.q.Subject)
	if p.region == "" {
		return source{all: true, exact: true, n: ix.rowCount(s)}
	}
	code := p.region
	if len(code) > 6 {
		code = code[:6] // lists go down to counties; the batch's filter checks the rest
	}
	var rows []uint32
	if node, ok := ix.regionIdx[code]; ok {
		rows = ix.lists[s].by[node]
	}
	return source{rows: rows, exact: len(p.region) <= 6, n: len(rows)}
}

// quick applies the filters a row's own columns answer: date, semester and type.
func (p *plan) quick(day uint16, typ uint8) bool {
	if day < p.from || day > p.to {
		return false
	}
	if p.semSel != nil && !p.semSel[cal.semester[day]] {
		return false
	}
	return p.typeSel == 0 || p.typeSel&(1<<typ) != 0
}

func (p *plan) fillSession(r uint32, f *fact) bool {
	t := &p.ix.sess
	fl := t.flags[r]
	if fl&fLive == 0 || !p.quick(t.day[r], t.typ[r]) {
		return false
	}
	f.flags, f.day = fl, t.day[r]
	f.places = [2]int32{t.kgA[r], t.kgB[r]}
	f.regions = [2]int32{p.ix.kgRegion(t.kgA[r]), p.ix.kgRegion(t.kgB[r])}
	f.np = 2
	f.typ, f.n = t.typ[r], 1
	// Only the columns the query uses are read: each is a cache miss on a wide scan.
	nd := &p.need
	if nd.pairing {
		f.pairing = t.pairing[r]
	}
	if nd.domains {
		f.domains = t.domains[r]
	}
	if nd.hours {
		f.hours = t.hours[r]
	}
	if nd.attend {
		f.attend = t.attendees[r]
	}
	if nd.rating {
		f.rating = t.rating[r]
	}
	if nd.teachers {
		off := t.tOff[r]
		f.teachers = t.teachers[off : off+uint32(t.tN[r])]
	}
	return true
}

func (p *plan) fillAttendance(r uint32, f *fact) bool {
	t := &p.ix.att
	if !t.live[r] || !p.quick(t.day[r], t.typ[r]) {
		return false
	}
	f.np, f.pairing, f.flags, f.domains, f.attend, f.rating, f.n = 1, none, fLive, 0, 0, 0, 1
	f.day, f.typ = t.day[r], t.typ[r]
	f.places = [2]int32{t.kg[r], none}
	f.regions = [2]int32{p.ix.kgRegion(t.kg[r]), none}
	if p.need.hours {
		f.hours = t.hours[r]
	}
	if p.need.teachers {
		f.teachers = t.teacher[r : r+1]
	}
	return true
}

func (p *plan) fillPhoto(r uint32, f *fact) bool {
	t := &p.ix.photo
	fl := t.flags[r]
	if fl&fLive == 0 || !p.quick(t.day[r], 0) {
		return false
	}
	f.flags, f.day, f.pairing, f.n = fl, t.day[r], t.pairing[r], t.n[r]
	f.typ, f.domains, f.hours, f.attend, f.rating, f.teachers = 0, 0, 0, 0, 0, nil
	if fl&fEventSubject != 0 {
		ev := &p.ix.events[t.kgB[r]]
		f.np = 1
		f.places = [2]int32{ev.organizerKG, none}
		f.regions = [2]int32{p.ix.organizerRegion(ev), none}
	} else {
		f.np = 2
		f.places = [2]int32{t.kgA[r], t.kgB[r]}
		f.regions = [2]int32{p.ix.kgRegion(t.kgA[r]), p.ix.kgRegion(t.kgB[r])}
	}
	return true
}

// placeIn reports whether place i of f lies within the effective region.
func (p *plan) placeIn(f *fact, i int) bool {
	if p.regionIn == nil {
		return true
	}
	r := f.regions[i]
	return r != none && p.regionIn[r]
}

func (p *plan) anyPlace(f *fact, set []bool) bool {
	for i := 0; i < f.np; i++ {
		if k := f.places[i]; k != none && set[k] {
			return true
		}
	}
	return false
}

// values appends the values fact f has for dimension d. Region, kindergarten and setting
// dimensions take each of the fact's places that lies within the effective region.
func (p *plan) values(f *fact, d Dimension, out []uint32) []uint32 {
	add := func(v uint32) { // the places may share a value
		if len(out) == 0 || out[0] != v {
			out = append(out, v)
		}
	}
	switch d {
	case Province, City, County:
		lvl := levelOf(d)
		for i := 0; i < f.np; i++ {
			if !p.placeIn(f, i) {
				continue
			}
			if r := f.regions[i]; r != none && p.ix.regions[r].at[lvl] != none {
				add(uint32(p.ix.regions[r].at[lvl]))
			} else {
				add(unknown)
			}
		}
	case KindergartenDim, SettingDim:
		for i := 0; i < f.np; i++ {
			if !p.placeIn(f, i) {
				continue
			}
			k := f.places[i]
			switch {
			case k == none:
				add(unknown)
			case d == KindergartenDim:
				add(uint32(p.kgSlot[k]))
			default:
				add(uint32(p.ix.kgs[k].setting))
			}
		}
	case SemesterDim:
		out = append(out, uint32(cal.semester[f.day]))
	case MonthDim:
		out = append(out, uint32(cal.month[f.day]))
	case SessionTypeDim, TrainingTypeDim, GradeDim:
		out = append(out, uint32(f.typ))
	case TeacherDim:
		if len(f.teachers) == 0 {
			out = append(out, unknown)
		}
		for _, t := range f.teachers {
			if t == none {
				out = append(out, unknown)
			} else if !slices.Contains(out, uint32(t)) {
				out = append(out, uint32(t))
			}
		}
	case DomainDim:
		if f.domains == 0 {
			out = append(out, 0)
		}
		for m := f.domains; m != 0; m &= m - 1 {
			out = append(out, uint32(bits.TrailingZeros8(m)+1))
		}
	case PairingDim:
		out = append(out, uint32(f.pairing))
	case SupportingKindergarten, PartnerKindergarten:
		i := 0
		if d == PartnerKindergarten {
			i = 1
		}
		if f.np < 2 || f.places[i] == none {
			out = append(out, unknown)
		} else {
			out = append(out, uint32(p.kgSlot[f.places[i]]))
		}
	case ConfirmedDim:
		if f.flags&fConfirmed != 0 {
			out = append(out, 1)
		} else {
			out = append(out, 0)
		}
	case DirectionDim:
		if f.flags&fInbound != 0 {
			out = append(out, uint32(directions.of(domain.DirectionInbound)))
		} else {
			out = append(out, uint32(directions.of(domain.DirectionOutbound)))
		}
	}
	return out
}

func levelOf(d Dimension) int {
	switch d {
	case Province:
		return 0
	case City:
		return 1
	}
	return 2
}
