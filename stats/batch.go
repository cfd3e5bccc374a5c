package stats

import (
	"math/bits"

	"github.com/handinhand/handinhand/domain"
)

// batchRows is the number of rows a worker takes through each step of its scan together.
const batchRows = 256

// maxCross is the number of groups a row may fall in on the batch path: two dimensions
// with two values each (a session's two kindergartens in two counties, say). Rows that
// fall in more take the fact-at-a-time path (part.add).
const maxCross = 4

// batch holds a run of rows while a query's scan reads them a column at a time: each step
// (the quick filters, the other filters, each dimension's part of the group keys, the
// groups, the sums, the distinct ids) is a short loop over every row of the batch. That
// keeps each loop's work in registers and the columns it reads streaming, where taking
// one fact through every step at a time cost some 150 ns a fact.
type batch struct {
	n       int
	row     [batchRows]uint32
	day     [batchRows]uint16
	typ     [batchRows]uint8
	flags   [batchRows]uint8
	np      [batchRows]uint8 // places in use
	place   [2][batchRows]int32
	reg     [2][batchRows]int32 // region nodes of the places, where the query needs them
	pairing [batchRows]int32
	domains [batchRows]uint8
	weight  [batchRows]uint32 // facts the row stands for
	// The measures' columns, read only when the query asks for them (see sums).
	hours  [batchRows]float32
	attend [batchRows]uint16
	rating [batchRows]int8
	// code is each row's group key with the first value of each dimension; two marks
	// the dimensions in which it has a second value, and delta what that value changes
	// the key by. empty rows fall in no group; slow rows take the fact path.
	code  [batchRows]uint64
	two   [batchRows]uint8
	delta [MaxGroupBy][batchRows]uint64
	empty [batchRows]bool
	slow  [batchRows]bool
	// The (row, group) entries of the batch.
	ne    int
	ej    [batchRows * maxCross]int32
	ecode [batchRows * maxCross]uint64
	egi   [batchRows * maxCross]int32
}

// placeTable is how a region, kindergarten or setting dimension finds the value of a
// place: by its region node or by the kindergarten.
type placeTable struct {
	vals     []uint32
	byRegion bool
}

// placeTables readies the tables of the query's place dimensions.
func (p *plan) placeTables() {
	ix := p.ix
	p.places = make([]placeTable, len(p.dims))
	for i, d := range p.dims {
		switch d {
		case Province, City, County:
			lvl := levelOf(d)
			t := make([]uint32, len(ix.regions))
			for r := range ix.regions {
				t[r] = unknown
				if at := ix.regions[r].at[lvl]; at != none {
					t[r] = uint32(at)
				}
			}
			p.places[i] = placeTable{vals: t, byRegion: true}
		case KindergartenDim, SettingDim:
			t := make([]uint32, len(ix.kgs))
			for k := range ix.kgs {
				if d == KindergartenDim {
					t[k] = uint32(p.kgSlot[k])
				} else {
					t[k] = uint32(ix.kgs[k].setting)
				}
			}
			p.places[i] = placeTable{vals: t}
		}
		if d == Province || d == City || d == County {
			p.regions = true
		}
	}
	if p.regionIn != nil {
		p.regions = true
	}
}

// scan counts the source's rows lo…hi-1 in the part.
func (pt *part) scan(src source, lo, hi int) {
	if pt.b == nil {
		pt.b = &batch{}
	}
	for lo < hi {
		k := min(hi, lo+batchRows)
		pt.batch(src, lo, k)
		lo = k
	}
}

func (pt *part) batch(src source, lo, hi int) {
	p, b := pt.p, pt.b
	b.n = hi - lo
	if src.all {
		for i := range b.n {
			b.row[i] = uint32(lo + i)
		}
	} else {
		copy(b.row[:], src.rows[lo:hi])
	}
	switch pt.subject {
	case 0:
		p.loadSessions(b)
	case 1:
		p.loadAttendance(b)
	default:
		p.loadPhotos(b)
	}
	if p.checks || (p.regionIn != nil && !src.exact) {
		p.filter(b, !src.exact)
	}
	p.keysOf(b, pt.l)
	pt.tally(b)
}

// loadSessions keeps the live sessions that pass the quick filters and reads the columns
// the rest of the query needs.
func (p *plan) loadSessions(b *batch) {
	t, ix := &p.ix.sess, p.ix
	n := 0
	for _, r := range b.row[:b.n] {
		fl, d, ty := t.flags[r], t.day[r], t.typ[r]
		if fl&fLive == 0 || !p.quick(d, ty) {
			continue
		}
		b.row[n], b.flags[n], b.day[n], b.typ[n], b.np[n], b.weight[n] = r, fl, d, ty, 2, 1
		b.place[0][n], b.place[1][n] = t.kgA[r], t.kgB[r]
		n++
	}
	b.n = n
	if p.need.pairing {
		for j, r := range b.row[:n] {
			b.pairing[j] = t.pairing[r]
		}
	}
	if p.need.domains {
		for j, r := range b.row[:n] {
			b.domains[j] = t.domains[r]
		}
	}
	if p.regions {
		for j := range n {
			b.reg[0][j], b.reg[1][j] = ix.kgRegion(b.place[0][j]), ix.kgRegion(b.place[1][j])
		}
	}
}

func (p *plan) loadAttendance(b *batch) {
	t, ix := &p.ix.att, p.ix
	n := 0
	for _, r := range b.row[:b.n] {
		d, ty := t.day[r], t.typ[r]
		if !t.live[r] || !p.quick(d, ty) {
			continue
		}
		b.row[n], b.flags[n], b.day[n], b.typ[n], b.np[n], b.weight[n] = r, fLive, d, ty, 1, 1
		b.place[0][n], b.place[1][n], b.pairing[n], b.domains[n] = t.kg[r], none, none, 0
		n++
	}
	b.n = n
	if p.regions {
		for j := range n {
			b.reg[0][j], b.reg[1][j] = ix.kgRegion(b.place[0][j]), none
		}
	}
}

func (p *plan) loadPhotos(b *batch) {
	t, ix := &p.ix.photo, p.ix
	n := 0
	for _, r := range b.row[:b.n] {
		fl, d := t.flags[r], t.day[r]
		if fl&fLive == 0 || !p.quick(d, 0) {
			continue
		}
		b.row[n], b.flags[n], b.day[n], b.typ[n], b.weight[n] = r, fl, d, 0, t.n[r]
		b.pairing[n], b.domains[n] = t.pairing[r], 0
		if fl&fEventSubject != 0 {
			ev := &ix.events[t.kgB[r]]
			b.np[n], b.place[0][n], b.place[1][n] = 1, ev.organizerKG, none
			b.reg[0][n], b.reg[1][n] = ix.organizerRegion(ev), none
		} else {
			b.np[n], b.place[0][n], b.place[1][n] = 2, t.kgA[r], t.kgB[r]
			if p.regions {
				b.reg[0][n], b.reg[1][n] = ix.kgRegion(t.kgA[r]), ix.kgRegion(t.kgB[r])
			}
		}
		n++
	}
	b.n = n
}

// filter keeps the rows that pass the scope and the filters beyond the quick ones; the
// region is checked only when the source's rows are not all within it already.
func (p *plan) filter(b *batch, region bool) {
	region = region && p.regionIn != nil
	n := 0
	for j := range b.n {
		if region && !p.inRegion(b, 0, j) && !(b.np[j] > 1 && p.inRegion(b, 1, j)) {
			continue
		}
		if p.kgScope != nil && !anyIn(b, j, p.kgScope) || p.kgSel != nil && !anyIn(b, j, p.kgSel) {
			continue
		}
		if p.pairSel != nil && (b.pairing[j] == none || !p.pairSel[b.pairing[j]]) {
			continue
		}
		if p.domSel != 0 && p.domSel&b.domains[j] == 0 {
			continue
		}
		fl := b.flags[j]
		if p.dirSel != 0 && p.dirSel&(1<<directionOf(fl)) == 0 {
			continue
		}
		if p.setSel != 0 {
			ok := false
			for k := range int(b.np[j]) {
				if x := b.place[k][j]; x != none && p.setSel&(1<<p.ix.kgs[x].setting) != 0 {
					ok = true
				}
			}
			if !ok {
				continue
			}
		}
		if c := p.q.Filter.Confirmed; c != nil && (fl&fConfirmed != 0) != *c {
			continue
		}
		b.move(j, n)
		n++
	}
	b.n = n
}

// inRegion reports whether place k of row j lies within the effective region.
func (p *plan) inRegion(b *batch, k, j int) bool {
	r := b.reg[k][j]
	return r != none && p.regionIn[r]
}

func anyIn(b *batch, j int, set []bool) bool {
	for k := range int(b.np[j]) {
		if x := b.place[k][j]; x != none && set[x] {
			return true
		}
	}
	return false
}

// move copies what the load step read of row j to place n.
func (b *batch) move(j, n int) {
	b.row[n], b.day[n], b.typ[n], b.flags[n], b.np[n] = b.row[j], b.day[j], b.typ[j], b.flags[j], b.np[j]
	b.place[0][n], b.place[1][n], b.reg[0][n], b.reg[1][n] = b.place[0][j], b.place[1][j], b.reg[0][j], b.reg[1][j]
	b.pairing[n], b.domains[n], b.weight[n] = b.pairing[j], b.domains[j], b.weight[j]
}

func directionOf(flags uint8) uint8 {
	if flags&fInbound != 0 {
		return directions.of(domain.DirectionInbound)
	}
	return directions.of(domain.DirectionOutbound)
}

// keysOf makes each row's group key, a dimension at a time (see values for what a
// dimension's values are).
func (p *plan) keysOf(b *batch, l *layout) {
	n := b.n
	clear(b.code[:n])
	clear(b.two[:n])
	clear(b.empty[:n])
	clear(b.slow[:n])
	for i, d := range p.dims {
		m, card, base := l.mults[i], l.cards[i], l.bases[i]
		slot := func(v uint32) uint64 {
			if v == unknown {
				return card - 1
			}
			return uint64(v) - base
		}
		code := b.code[:n]
		switch d {
		case Province, City, County, KindergartenDim, SettingDim:
			t := &p.places[i]
			for j := range code {
				var v [2]uint32
				c := 0
				for k := range int(b.np[j]) {
					if p.regionIn != nil && !p.inRegion(b, k, j) {
						continue
					}
					at := b.place[k][j]
					if t.byRegion {
						at = b.reg[k][j]
					}
					x := unknown
					if at != none {
						x = t.vals[at]
					}
					if c == 0 || v[0] != x {
						v[c] = x
						c++
					}
				}
				switch c {
				case 0:
					b.empty[j] = true
				case 2:
					b.two[j] |= 1 << i
					b.delta[i][j] = (slot(v[1]) - slot(v[0])) * m
				}
				code[j] += slot(v[0]) * m
			}
		case SemesterDim:
			for j := range code {
				code[j] += slot(uint32(cal.semester[b.day[j]])) * m
			}
		case MonthDim:
			for j := range code {
				code[j] += slot(uint32(cal.month[b.day[j]])) * m
			}
		case TeacherDim:
			// A session may name any number of teachers: each row takes the slow path.
			for j := range code {
				b.slow[j] = true
			}
		case SessionTypeDim, TrainingTypeDim:
			for j := range code {
				code[j] += slot(uint32(b.typ[j])) * m
			}
		case DomainDim:
			for j := range code {
				ds := b.domains[j]
				switch bits.OnesCount8(ds) {
				case 0:
					code[j] += slot(0) * m
				case 1:
					code[j] += slot(uint32(bits.TrailingZeros8(ds)+1)) * m
				case 2:
					lo, hi := uint32(bits.TrailingZeros8(ds)+1), uint32(8-bits.LeadingZeros8(ds))
					code[j] += slot(lo) * m
					b.two[j] |= 1 << i
					b.delta[i][j] = (slot(hi) - slot(lo)) * m
				default:
					b.slow[j] = true
				}
			}
		case PairingDim:
			for j := range code {
				code[j] += slot(uint32(b.pairing[j])) * m
			}
		case SupportingKindergarten, PartnerKindergarten:
			k := 0
			if d == PartnerKindergarten {
				k = 1
			}
			for j := range code {
				v := unknown
				if x := b.place[k][j]; b.np[j] == 2 && x != none {
					v = uint32(p.kgSlot[x])
				}
				code[j] += slot(v) * m
			}
		case ConfirmedDim:
			for j := range code {
				code[j] += slot(uint32(b.flags[j]&fConfirmed)/uint32(fConfirmed)) * m
			}
		case DirectionDim:
			for j := range code {
				code[j] += slot(uint32(directionOf(b.flags[j]))) * m
			}
		}
	}
	for j := range n {
		if bits.OnesCount8(b.two[j]) > 2 {
			b.slow[j] = true
		}
	}
}

// tally adds the batch's rows to their groups.
func (pt *part) tally(b *batch) {
	ne, facts := 0, 0
	for j := range b.n {
		switch {
		case b.slow[j]:
			continue
		case b.empty[j]:
		case b.two[j] == 0:
			b.ej[ne], b.ecode[ne] = int32(j), b.code[j]
			ne++
		default:
			from := ne
			b.ej[ne], b.ecode[ne] = int32(j), b.code[j]
			ne++
			for m := b.two[j]; m != 0; m &= m - 1 {
				i := bits.TrailingZeros8(m)
				for e := from; e < ne; e++ {
					b.ej[e+ne-from], b.ecode[e+ne-from] = int32(j), b.ecode[e]+b.delta[i][j]
				}
				ne += ne - from
			}
			pt.multi = true
		}
		facts += int(b.weight[j])
	}
	pt.entries += ne
	if pt.owners > 1 { // keep the entries of this worker's groups
		k := 0
		for e := range ne {
			if owner(b.ecode[e], pt.owners) == pt.owner {
				b.ej[k], b.ecode[k] = b.ej[e], b.ecode[e]
				k++
			}
		}
		ne = k
	}
	if pt.owner == 0 {
		pt.facts += facts
		pt.total.count += float64(facts)
	}
	b.ne = ne
	last, gi := ^uint64(0), int32(0)
	for e, c := range b.ecode[:ne] {
		if c != last {
			last, gi = c, pt.find(c, nil)
		}
		b.egi[e] = gi
	}
	pt.sums(b)
	for _, m := range pt.l.measured {
		pt.distinctIDs(b, m)
	}
	var f fact
	for j := range b.n {
		if b.slow[j] && pt.fill(b.row[j], &f) {
			pt.add(&f)
		}
	}
}

// sums adds the counts, hours, attendees and ratings of the batch's rows to their groups
// and the total. Consecutive entries mostly share a group: their sums are gathered in
// registers and added to the group once.
func (pt *part) sums(b *batch) {
	nd := &pt.p.need
	hours, attend, rating := nd.hours, nd.attend && pt.subject == 0, nd.rating && pt.subject == 0
	if hours {
		switch pt.subject {
		case 0:
			for j, r := range b.row[:b.n] {
				b.hours[j] = pt.p.ix.sess.hours[r]
			}
		case 1:
			for j, r := range b.row[:b.n] {
				b.hours[j] = pt.p.ix.att.hours[r]
			}
		default:
			hours = false
		}
	}
	if attend {
		for j, r := range b.row[:b.n] {
			b.attend[j] = pt.p.ix.sess.attendees[r]
		}
	}
	if rating {
		for j, r := range b.row[:b.n] {
			b.rating[j] = pt.p.ix.sess.rating[r]
		}
	}
	// Measures not asked for are summed as zero.
	if !hours {
		clear(b.hours[:b.n])
	}
	if !attend {
		clear(b.attend[:b.n])
	}
	if !rating {
		clear(b.rating[:b.n])
	}
	var t group
	for j := range b.n {
		if b.slow[j] {
			continue
		}
		t.hours += float64(b.hours[j])
		t.attendees += float64(b.attend[j])
		if x := b.rating[j]; x != 0 {
			t.ratingSum += float64(x)
			t.ratingN++
		}
	}
	if pt.owner == 0 {
		mergeSums(&pt.total, &t)
	}
	if b.ne == 0 {
		return
	}
	var run group
	at := b.egi[0]
	for e, gi := range b.egi[:b.ne] {
		if gi != at {
			mergeSums(&pt.groups[at], &run)
			run, at = group{}, gi
		}
		j := b.ej[e]
		run.count += float64(b.weight[j])
		run.hours += float64(b.hours[j])
		run.attendees += float64(b.attend[j])
		if x := b.rating[j]; x != 0 {
			run.ratingSum += float64(x)
			run.ratingN++
		}
	}
	mergeSums(&pt.groups[at], &run)
}

// distinctIDs adds the ids the batch's rows bring to distinct measure m to their groups.
// Clustered rows bring the same id to the same group many times running (a pairing's
// sessions, a kindergarten's teachers): a repeat of the last (group, id) is skipped.
func (pt *part) distinctIDs(b *batch, m int) {
	lastG, lastID := int32(-1), int32(-1)
	add := func(gi, id int32) {
		if id >= 0 && (gi != lastG || id != lastID) {
			lastG, lastID = gi, id
			pt.addID(m, gi, id)
		}
	}
	switch m {
	case dTeachers:
		switch pt.subject {
		case 0:
			t := &pt.p.ix.sess
			for e, gi := range b.egi[:b.ne] {
				r := b.row[b.ej[e]]
				off := t.tOff[r]
				for _, id := range t.teachers[off : off+uint32(t.tN[r])] {
					add(gi, id)
				}
			}
		case 1:
			t := &pt.p.ix.att
			for e, gi := range b.egi[:b.ne] {
				add(gi, t.teacher[b.row[b.ej[e]]])
			}
		}
	case dKindergartens: // the supporting and the partner kindergarten repeat apart
		placeG, placeID := [2]int32{-1, -1}, [2]int32{-1, -1}
		for e, gi := range b.egi[:b.ne] {
			j := b.ej[e]
			for k := range int(b.np[j]) {
				if id := b.place[k][j]; id >= 0 && (gi != placeG[k] || id != placeID[k]) {
					placeG[k], placeID[k] = gi, id
					pt.addID(m, gi, id)
				}
			}
		}
	case dPairings:
		for e, gi := range b.egi[:b.ne] {
			add(gi, b.pairing[b.ej[e]])
		}
	}
}

// fill reads row r as a fact for the fact-at-a-time path.
func (pt *part) fill(r uint32, f *fact) bool {
	switch pt.subject {
	case 0:
		return pt.p.fillSession(r, f)
	case 1:
		return pt.p.fillAttendance(r, f)
	}
	return pt.p.fillPhoto(r, f)
}

// decode returns the dimension values of a group key.
func (l *layout) decode(code uint64) (key [MaxGroupBy]uint32) {
	for i, m := range l.mults {
		s := code / m % l.cards[i]
		if s == l.cards[i]-1 {
			key[i] = unknown
		} else {
			key[i] = uint32(s + l.bases[i])
		}
	}
	return key
}
