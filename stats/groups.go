package stats

import (
	"cmp"
	"math/bits"
	"slices"
	"sync"
)

// group accumulates the measures of one row.
type group struct {
	key                     [MaxGroupBy]uint32
	idx                     int
	count, hours, attendees float64
	ratingSum, ratingN      float64
}

// The distinct measures, as indexes into per-measure arrays.
const (
	dTeachers = iota
	dKindergartens
	dPairings
	nDistinct
)

var distinctMeasures = [nDistinct]Measure{DistinctTeachers, DistinctKindergartens, DistinctPairings}

// idsPerFact is about how many ids a fact brings to each distinct measure.
var idsPerFact = [nDistinct]int{2, 2, 1}

type bitset []uint64

func (b bitset) set(id int32) { b[id>>6] |= 1 << (uint(id) & 63) }

func (b bitset) count() int32 {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return int32(n)
}

// distinctBudget is the bitset memory, in words, that one distinct measure of a query may
// use per worker: 8 MB. Groups get a bitset over the ids, as they appear, while it lasts;
// the groups after that gather (group, id) pairs that are counted at the end, so that
// many small groups (by kindergarten and month, say) cost memory in proportion to their
// facts.
var distinctBudget = 1 << 20

// scanChunk is the number of rows a worker takes at a time.
var scanChunk = 8192

// parallelRows is the number of rows from which a query's scan is split between cores.
var parallelRows = 50_000

// pagedKeys is the largest key space whose groups are found in a pagedTable rather than
// a keyTable.
var pagedKeys = uint64(maxPagedKeys)

// layout is how a query's groups are keyed, shared by its workers: each group's key is a
// number in mixed radix over its dimensions' values.
type layout struct {
	cards, bases []uint64
	mults        []uint64 // what a dimension's value slot is multiplied by in a key
	size         uint64   // key space
	paged        bool     // groups found in a pagedTable
	want         [nDistinct]bool
	measured     []int          // the distinct measures wanted
	space        [nDistinct]int // ids a distinct measure counts among
	words        [nDistinct]int // words of a group's bitset
}

func (p *plan) layout() *layout {
	l := &layout{cards: make([]uint64, len(p.dims)), bases: make([]uint64, len(p.dims)), mults: make([]uint64, len(p.dims)), size: 1}
	for i, d := range p.dims {
		l.cards[i], l.bases[i] = p.cardinality(d)
	}
	// The dimensions rows are clustered by weigh most in a key, whatever order the query
	// names them in, so that the groups of consecutive facts have neighbouring keys.
	byLocality := make([]int, len(p.dims))
	for i := range byLocality {
		byLocality[i] = i
	}
	slices.SortStableFunc(byLocality, func(a, b int) int { return cmp.Compare(locality(p.dims[a]), locality(p.dims[b])) })
	for _, i := range slices.Backward(byLocality) {
		l.mults[i] = l.size
		l.size *= l.cards[i]
	}
	l.paged = l.size <= pagedKeys
	l.space = [nDistinct]int{int(p.ix.teachers.n), len(p.ix.kgs), len(p.ix.pairings)}
	for m, dm := range distinctMeasures {
		l.want[m] = slices.Contains(p.measures, dm)
		l.words[m] = (l.space[m] + 63) / 64
		if l.want[m] {
			l.measured = append(l.measured, m)
		}
	}
	return l
}

// part is what one worker gathers from its share of the rows.
type part struct {
	p      *plan
	l      *layout
	groups []group
	codes  []uint64            // each group's key
	pages  *pagedTable         // key → group, where the key space allows
	index  *keyTable           // key → group for keys without a page (nil until needed)
	arena  [nDistinct]bitset   // the groups' bitsets, one after another
	inUse  [nDistinct]int      // words of the arena given out
	sets   [nDistinct][]idSet  // by group
	pairs  [nDistinct][]uint64 // group << 32 | id, for groups without a bitset
	total  group
	ids    [nDistinct]bitset // of the total, gathered in the first part only (see distinct)
	facts  int
	multi  bool // some fact fell in more than one group
	vals   [MaxGroupBy][]uint32
	key    [MaxGroupBy]uint32
	one    [1]int32
	t      *tables
	// subject is the query's subject (0 sessions, 1 attendance, 2 photos), b the batch
	// its scan reads rows into (see batch.go).
	subject int
	b       *batch
	// entries counts the (fact, group) pairs the part has seen; when the groups are
	// split between workers, the part counts the groups of keys whose owner is owner
	// (of owners), and only the first part counts the facts and the total.
	entries       int
	owner, owners int
	// recent holds the groups of recent keys where they are found in index: consecutive
	// facts of clustered rows mostly fall in the same few groups, and this small table
	// stays in the core's cache where index does not.
	recent [recentKeys]recentKey
}

const recentKeys = 512

type recentKey struct {
	code uint64 // key + 1; 0 for none
	gi   int32
}

// spare holds the large tables of finished queries for the next ones: a part's pages
// and bitsets are returned all zero (only the entries a query used are cleared), so
// a query neither zeroes nor faults in megabytes it will barely touch.
//
// They are kept in a short list of their own rather than a sync.Pool, which the garbage
// collector empties: a query's first use of fresh tables faults in their pages, which cost
// as much again as the query. At most maxSpare sets are kept (some 100 MB each at the
// largest).
var spare struct {
	sync.Mutex
	free []*tables
}

const maxSpare = 4

// tables are the reusable arrays of a part.
type tables struct {
	pages  *pagedTable
	arena  [nDistinct]bitset
	sets   [nDistinct][]idSet
	ids    [nDistinct]bitset
	pairs  [nDistinct][]uint64
	groups []group
	codes  []uint64
	index  *keyTable
	batch  *batch
}

// zeroed returns a zero slice of n elements, reusing buf when it is large enough (its
// elements must already be zero).
func zeroed[T any](buf []T, n int) []T {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]T, n)
}

// newPart readies a worker for a share of rows: its (group, id) pairs are sized for them
// and its groups for about as many as it may hold up front, as growing them by copying
// cost a sixth of a query's time.
func (p *plan) newPart(l *layout, rows, groups int) *part {
	t := &tables{}
	spare.Lock()
	if n := len(spare.free); n > 0 {
		t = spare.free[n-1]
		spare.free = spare.free[:n-1]
	}
	spare.Unlock()
	n := int(min(uint64(groups), l.size))
	pt := &part{p: p, l: l, subject: subjectIndex(p.q.Subject), groups: t.groups[:0], codes: t.codes[:0], t: t, b: t.batch}
	if cap(pt.groups) < n {
		pt.groups, pt.codes = make([]group, 0, n), make([]uint64, 0, n)
	}
	if l.paged {
		if t.pages == nil {
			t.pages = &pagedTable{}
		}
		pt.pages = t.pages
		pt.pages.reset(l.size)
	} else {
		pt.hashed(n)
	}
	for _, m := range l.measured {
		pt.arena[m] = zeroed(t.arena[m], distinctBudget)
		pt.sets[m] = t.sets[m][:0]
		if pt.pairs[m] = t.pairs[m][:0]; cap(pt.pairs[m]) < rows*idsPerFact[m] {
			pt.pairs[m] = make([]uint64, 0, rows*idsPerFact[m])
		}
	}
	return pt
}

// release clears what the part used and keeps its tables for later queries.
func (pt *part) release() {
	t := pt.t
	if pt.pages != nil {
		pt.pages.clear(pt.codes)
	}
	for m := range nDistinct {
		if pt.arena[m] != nil {
			clear(pt.arena[m][:pt.inUse[m]])
			t.arena[m], t.sets[m] = pt.arena[m], pt.sets[m][:0]
		}
		if pt.ids[m] != nil {
			clear(pt.ids[m])
			t.ids[m] = pt.ids[m]
		}
		if pt.pairs[m] != nil {
			t.pairs[m] = pt.pairs[m][:0]
		}
	}
	t.groups, t.codes, t.batch = pt.groups[:0], pt.codes[:0], pt.b
	spare.Lock()
	if len(spare.free) < maxSpare {
		spare.free = append(spare.free, t)
	}
	spare.Unlock()
}

// idsOf returns the ids fact f brings to distinct measure m (negative ones are none).
func (pt *part) idsOf(f *fact, m int) []int32 {
	switch m {
	case dTeachers:
		return f.teachers
	case dKindergartens:
		if f.places[1] == none && f.np == 2 { // a small subject's fact may lack one
			return f.places[:1]
		}
		if f.places[0] == none {
			return f.places[1:f.np]
		}
		return f.places[:f.np]
	}
	pt.one[0] = f.pairing
	return pt.one[:]
}

func addSums(g *group, f *fact) {
	g.count += float64(f.n)
	g.hours += float64(f.hours)
	g.attendees += float64(f.attend)
	if f.rating != 0 {
		g.ratingSum += float64(f.rating)
		g.ratingN++
	}
}

func mergeSums(g, o *group) {
	g.count += o.count
	g.hours += o.hours
	g.attendees += o.attendees
	g.ratingSum += o.ratingSum
	g.ratingN += o.ratingN
}

// add counts one fact of the worker's share that passed the query's filters.
func (pt *part) add(f *fact) {
	p, l := pt.p, pt.l
	if pt.owner == 0 {
		pt.facts += int(f.n)
		addSums(&pt.total, f)
	}
	// Most facts have one value in each dimension: their one group's key is made here;
	// the others are crossed by walk.
	single, code := true, uint64(0)
	for i, d := range p.dims {
		vs := p.values(f, d, pt.vals[i][:0])
		pt.vals[i] = vs
		if len(vs) != 1 {
			single = false
		} else if single {
			pt.key[i] = vs[0]
			code += l.slot(i, vs[0]) * l.mults[i]
		}
	}
	if single {
		pt.count(f, code)
	} else if pt.walk(f, 0, 0) > 1 {
		pt.multi = true
	}
}

// locality ranks dimensions by how closely clustered rows follow them (see cluster.go):
// region, then kindergarten and pairing, then time, then the rest.
func locality(d Dimension) int {
	switch d {
	case Province, City, County:
		return 0
	case PartnerKindergarten, KindergartenDim, SettingDim:
		return 1
	case PairingDim, SupportingKindergarten:
		return 2
	case SemesterDim, MonthDim:
		return 3
	}
	return 4
}

// slot is the place of value v of dimension i in its part of a group key.
func (l *layout) slot(i int, v uint32) uint64 {
	if v == unknown {
		return l.cards[i] - 1
	}
	return uint64(v) - l.bases[i]
}

// walk adds f to every group its dimensions' values span (one per value of each
// dimension, crossed) and returns how many.
func (pt *part) walk(f *fact, d int, code uint64) int {
	l := pt.l
	if d == len(l.cards) {
		pt.count(f, code)
		return 1
	}
	n := 0
	for _, v := range pt.vals[d] {
		pt.key[d] = v
		n += pt.walk(f, d+1, code+l.slot(d, v)*l.mults[d])
	}
	return n
}

// count adds f to the group of key code (whose values are in pt.key).
func (pt *part) count(f *fact, code uint64) {
	pt.entries++
	if pt.owners > 1 && owner(code, pt.owners) != pt.owner {
		return
	}
	gi := pt.find(code, &pt.key)
	addSums(&pt.groups[gi], f)
	for _, m := range pt.l.measured {
		for _, id := range pt.idsOf(f, m) {
			if id >= 0 {
				pt.addID(m, gi, id)
			}
		}
	}
}
