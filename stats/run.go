package stats

import (
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
)

// prepare notes the columns the query reads and, for a kindergarten dimension within a
// region, numbers that region's kindergartens.
func (p *plan) prepare() {
	has := func(m Measure) bool { return slices.Contains(p.measures, m) }
	by := func(d Dimension) bool { return slices.Contains(p.dims, d) }
	p.need = needs{
		pairing:  p.pairSel != nil || has(DistinctPairings) || by(PairingDim),
		domains:  p.domSel != 0 || by(DomainDim),
		hours:    has(Hours),
		attend:   has(Attendees),
		rating:   has(AvgRating),
		teachers: has(DistinctTeachers) || by(TeacherDim),
	}
	if by(KindergartenDim) || by(SupportingKindergarten) || by(PartnerKindergarten) {
		p.numberKindergartens()
	}
	p.placeTables()
	p.checks = p.kgScope != nil || p.kgSel != nil || p.pairSel != nil || p.domSel != 0 ||
		p.dirSel != 0 || p.setSel != 0 || p.q.Filter.Confirmed != nil
}

// numberKindergartens numbers the kindergartens for the kindergarten dimensions: those
// of the effective region first, in clustered order, then the others. The kindergarten
// dimension's values (places within the region) then take a third of the numbers for a
// province, and consecutive facts of clustered rows have neighbouring numbers.
func (p *plan) numberKindergartens() {
	ix := p.ix
	p.kgSlot = make([]int32, len(ix.kgs))
	p.kgOfSlot = make([]int32, 0, len(ix.kgs))
	within := func(k int32) bool {
		r := ix.kgs[k].region
		return p.regionIn == nil || (r != none && p.regionIn[r])
	}
	for _, in := range []bool{true, false} {
		number := func(k int32) {
			if within(k) == in {
				p.kgSlot[k] = int32(len(p.kgOfSlot))
				p.kgOfSlot = append(p.kgOfSlot, k)
			}
		}
		for _, k := range ix.kgOrder {
			number(k)
		}
		for k := len(ix.kgOrder); k < len(ix.kgs); k++ { // added since the rows were clustered
			number(int32(k))
		}
		if in {
			p.kgsWithin = len(p.kgOfSlot)
		}
	}
}

// distincts are a query's distinct counts per group (nil for measures not asked for).
type distincts struct{ n [nDistinct][]int32 }

func (p *plan) run() *Result {
	p.prepare()
	l := p.layout()
	src := p.source()
	workers := 1
	if src.n >= parallelRows {
		workers = min(runtime.GOMAXPROCS(0), 4)
	}
	parts := make([]*part, workers)
	// The first part takes in the others' groups at the end: it is sized for all.
	parts[0] = p.newPart(l, src.n/workers, src.n)
	start, split := 0, false
	if workers > 1 {
		// A first chunk tells whether the query's groups are few, so that the workers
		// share the rows and then merge their groups, or nearly as many as its facts
		// (kindergartens by month, say): then merging would cost about as much again as
		// the scan, so each worker reads every row but counts only its share of the
		// groups, and there is nothing to merge.
		a := parts[0]
		start = min(scanChunk, src.n)
		a.scan(src, 0, start)
		if a.entries >= splitSample && len(a.groups)*splitRatio >= a.entries {
			split, start = true, 0
			a.release()
			for w := range parts {
				parts[w] = p.newPart(l, src.n/workers, src.n/workers)
				parts[w].owner, parts[w].owners = w, workers
			}
		}
	}
	var wg sync.WaitGroup
	// Workers sharing the rows take chunks as they finish the last, so that a core that
	// is slowed by other work does less of the scan instead of holding up the answer.
	var next atomic.Int64
	next.Store(int64(start))
	for w := range parts {
		if parts[w] == nil {
			parts[w] = p.newPart(l, src.n/workers, src.n/workers)
		}
		pt := parts[w]
		wg.Go(func() {
			if split {
				pt.scan(src, 0, src.n)
				return
			}
			for {
				lo := int(next.Add(int64(scanChunk))) - scanChunk
				if lo >= src.n {
					return
				}
				pt.scan(src, lo, min(lo+scanChunk, src.n))
			}
		})
	}
	wg.Wait()
	return p.finish(parts, l, split)
}

// finish merges the parts' groups, counts the distinct measures and makes the result.
func (p *plan) finish(parts []*part, l *layout, split bool) *Result {
	var wg sync.WaitGroup
	a := parts[0]
	var groupD, totalD distincts
	if split {
		groupD, totalD = join(parts)
	} else {
		moved := merge(parts)
		for _, m := range l.measured {
			a.ids[m] = zeroed(a.t.ids[m], l.words[m])
		}
		for _, m := range l.measured {
			wg.Go(func() {
				groupD.n[m] = distinct(parts, moved, m)
				totalD.n[m] = []int32{a.ids[m].count()}
			})
		}
		wg.Wait()
	}
	res := &Result{Facts: a.facts, Overlapping: a.multi, RowCount: len(a.groups)}
	res.Total = Total{Values: p.measureValues(&a.total, totalD)}
	order := p.order(a.groups, groupD, l, *p.q.Limit)
	res.Rows = make([]Row, len(order))
	for i, gi := range order {
		g := &a.groups[gi]
		res.Rows[i] = Row{Keys: p.keys(g.key), Values: p.measureValues(g, groupD)}
	}
	for _, pt := range slices.Backward(parts) { // the first part's tables, the largest, on top
		pt.release()
	}
	return res
}

// A query splits its groups between the workers (see run) when its first splitSample
// entries or more fell in at least one group per splitRatio entries.
var (
	splitSample = 1024
	splitRatio  = 4
)

// owner is the worker that counts the group of key code when groups are split between
// workers: the workers take pages of the key space in turn, so that each keeps the
// locality of clustered rows and needs only its own pages (see pagedTable).
func owner(code uint64, owners int) int {
	return int(code >> pageBits % uint64(owners))
}

// join gathers the parts of a query whose workers counted disjoint groups: each part's
// distinct counts are made on its own, in parallel, and the groups are put one after
// another in the first part. The facts and the total are the first part's already.
func join(parts []*part) (groupD, totalD distincts) {
	a, l := parts[0], parts[0].l
	n := make([][nDistinct][]int32, len(parts))
	var wg sync.WaitGroup
	for k, pt := range parts {
		for _, m := range l.measured {
			pt.ids[m] = zeroed(pt.t.ids[m], l.words[m])
			wg.Go(func() { n[k][m] = distinct([]*part{pt}, nil, m) })
		}
	}
	wg.Wait()
	for _, m := range l.measured {
		groupD.n[m] = n[0][m]
		for k, b := range parts[1:] {
			groupD.n[m] = append(groupD.n[m], n[k+1][m]...)
			for i, w := range b.ids[m] {
				a.ids[m][i] |= w
			}
		}
		totalD.n[m] = []int32{a.ids[m].count()}
	}
	for _, b := range parts[1:] {
		off := len(a.groups)
		for _, g := range b.groups {
			g.idx += off
			a.groups = append(a.groups, g)
		}
		a.codes = append(a.codes, b.codes...)
		a.multi = a.multi || b.multi
	}
	return groupD, totalD
}

// cardinality is the number of values dimension d takes in this index, plus one for
// unknown, and the smallest value (the key space starts there).
func (p *plan) cardinality(d Dimension) (card, base uint64) {
	ix := p.ix
	var n int
	switch d {
	case Province, City, County:
		n = len(ix.levelNodes[levelOf(d)])
	case KindergartenDim, SupportingKindergarten, PartnerKindergarten:
		n = len(ix.kgs)
		if d == KindergartenDim { // only places within the region
			n = p.kgsWithin
		}
	case PairingDim:
		n = len(ix.pairings)
	case TeacherDim:
		n = int(ix.teachers.n)
	case SemesterDim, MonthDim:
		of := cal.semester
		if d == MonthDim {
			of = cal.month
		}
		if ix.minDay > ix.maxDay {
			return 1, 0
		}
		lo, hi := of[ix.minDay], of[ix.maxDay]
		return uint64(hi-lo) + 2, uint64(lo)
	case SessionTypeDim:
		n = len(sessionTypes.values) + 1
	case TrainingTypeDim:
		n = len(trainingTypes.values) + 1
	case GradeDim:
		n = len(gradesIdx.values) + 1
	case DomainDim:
		n = len(domainsIdx.values) + 1
	case SettingDim:
		n = len(settingsIdx.values) + 1
	case DirectionDim:
		n = len(directions.values) + 1
	case ConfirmedDim:
		n = 2
	}
	return uint64(n) + 1, 0
}

func (p *plan) measureValues(g *group, d distincts) []*float64 {
	out := make([]*float64, len(p.measures))
	for i, m := range p.measures {
		if v, ok := measureValue(m, g, d); ok {
			out[i] = &v
		}
	}
	return out
}

// measureValue is measure m of group g; false for an average of nothing.
func measureValue(m Measure, g *group, d distincts) (float64, bool) {
	switch m {
	case Count:
		return g.count, true
	case Hours:
		return g.hours, true
	case Attendees:
		return g.attendees, true
	case AvgRating:
		return g.ratingSum / g.ratingN, g.ratingN != 0
	case DistinctTeachers:
		return float64(d.n[dTeachers][g.idx]), true
	case DistinctKindergartens:
		return float64(d.n[dKindergartens][g.idx]), true
	case DistinctPairings:
		return float64(d.n[dPairings][g.idx]), true
	case Value: // donations carry their value where the others carry hours
		return g.hours, true
	}
	return 0, false
}

// keys turns a group's numbers back into values and labels.
func (p *plan) keys(k [MaxGroupBy]uint32) []Key {
	out := make([]Key, len(p.dims))
	for i, d := range p.dims {
		out[i] = p.keyOf(d, k[i])
	}
	return out
}

// keyOf is the value and label of one dimension's number.
func (p *plan) keyOf(d Dimension, v uint32) Key {
	ix, loc := p.ix, p.q.Locale
	key := Key{Dimension: d}
	{
		if v == unknown {
			key.Label = unknownLabel.in(loc)
			return key
		}
		switch d {
		case Province, City, County:
			r := ix.regions[ix.levelNodes[levelOf(d)][v]]
			key.Value, key.Label = r.code, r.name
		case KindergartenDim, SupportingKindergarten, PartnerKindergarten:
			v = uint32(p.kgOfSlot[v])
			key.Value, key.Label = ix.kgs[v].id, ix.kgs[v].name
		case SettingDim:
			key.Value = string(settingsIdx.value(uint8(v)))
		case SemesterDim:
			key.Value = cal.sems[v]
			key.Label = SemesterLabel(key.Value, loc)
		case MonthDim:
			key.Value = cal.months[v]
			key.Label = MonthLabel(key.Value, loc)
		case SessionTypeDim:
			key.Value = string(sessionTypes.value(uint8(v)))
		case TrainingTypeDim:
			key.Value = string(trainingTypes.value(uint8(v)))
		case GradeDim:
			key.Value = string(gradesIdx.value(uint8(v)))
		case DomainDim:
			if v == 0 {
				key.Label = noDomainLabel.in(loc)
			} else {
				key.Value = string(domainsIdx.value(uint8(v)))
			}
		case PairingDim:
			if int32(v) == none {
				key.Label = unknownLabel.in(loc)
			} else {
				key.Value, key.Label = ix.pairings[v].id, ix.pairings[v].name
			}
		case TeacherDim:
			key.Value = ix.teachers.byNum[v]
			key.Label = ix.teacherNames[key.Value]
		case ConfirmedDim:
			key.Value = strconv.FormatBool(v == 1)
			key.Label = confirmedLabel[v].in(loc)
		case DirectionDim:
			key.Value = string(directions.value(uint8(v)))
		}
		if key.Label == "" {
			key.Label = EnumLabel(key.Value, loc)
		}
		if key.Label == "" {
			key.Label = unknownLabel.in(loc)
		}
	}
	return key
}
