package stats

import (
	"cmp"
	"slices"
)

// Clustering lays each subject's rows out in the order queries read them: by the region
// and kindergarten they belong to, then pairing, then date. A bureau's rows are then one
// stretch of every column rather than every third row of it, and consecutive facts land in
// the same few groups of a table keyed by kindergarten, pairing or month, so that adding
// a fact to its group is a cache hit rather than a trip to memory. Teachers are numbered
// in the same order, so a group's distinct teachers fall in a narrow part of its bitset.
//
// Row order is only a matter of speed: every answer is the same in any order. Rows added
// after clustering are appended in arrival order, and the index clusters again once they
// are a quarter of its rows (see unclustered).

// clusterMin is the number of rows added since the last clustering below which the index
// does not cluster again, however small it is.
var clusterMin = 100_000

// sortKey is a row's place in the clustered order.
type sortKey struct {
	k   uint64
	row uint32
}

// kgRanks numbers the kindergartens in the order of their region codes (a province's,
// city's and county's kindergartens are then consecutive), those with no region last,
// and keeps that order in kgOrder.
func (ix *Index) kgRanks() []uint32 {
	order := make([]int32, len(ix.kgs))
	for k := range order {
		order[k] = int32(k)
	}
	code := func(k int32) string {
		if r := ix.kgs[k].region; r != none {
			return ix.regions[r].code
		}
		return "\xff"
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(code(a), code(b)), cmp.Compare(a, b))
	})
	ix.kgOrder = order
	rank := make([]uint32, len(ix.kgs))
	for i, k := range order {
		rank[k] = uint32(i)
	}
	return rank
}

// packKey makes a sort key of a kindergarten's rank, a second number (pairing or
// teacher) and a day; numbers too large for their bits only cluster less well.
func packKey(rank []uint32, kg int32, second int32, day uint16) uint64 {
	r := uint64(1<<24 - 1)
	if kg >= 0 && int(kg) < len(rank) {
		r = uint64(min(rank[kg], 1<<24-1))
	}
	s := uint64(min(uint32(second+1), 1<<24-1))
	return r<<40 | s<<16 | uint64(day)
}

// sortedRows returns the rows 0…n-1 in the order of their keys.
func sortedRows(n int, key func(r uint32) uint64) []uint32 {
	keys := make([]sortKey, n)
	for r := range keys {
		keys[r] = sortKey{key(uint32(r)), uint32(r)}
	}
	slices.SortFunc(keys, func(a, b sortKey) int { return cmp.Or(cmp.Compare(a.k, b.k), cmp.Compare(a.row, b.row)) })
	order := make([]uint32, n)
	for i, k := range keys {
		order[i] = k.row
	}
	return order
}

// permute returns col with its rows in the given order.
func permute[T any](col []T, order []uint32) []T {
	out := make([]T, len(col))
	for i, r := range order {
		out[i] = col[r]
	}
	return out
}

// newPlaces inverts an order: where each old row now is.
func newPlaces(order []uint32) []uint32 {
	to := make([]uint32, len(order))
	for i, r := range order {
		to[r] = uint32(i)
	}
	return to
}

// cluster reorders every subject's rows and renumbers the teachers; the region lists are
// rebuilt at the next query.
func (ix *Index) cluster() {
	rank := ix.kgRanks()
	ix.clusterSessions(rank)
	ix.clusterAttendance(rank)
	ix.clusterPhotos(rank)
	ix.renumberTeachers()
	for s := range ix.lists {
		ix.lists[s].dirty = true
		ix.clustered[s] = ix.rowCount(s)
	}
}

// unclustered reports whether enough rows arrived since the last clustering to do it again.
func (ix *Index) unclustered() bool {
	for s := range ix.clustered {
		added := ix.rowCount(s) - ix.clustered[s]
		if added >= clusterMin && added > ix.clustered[s]/4 {
			return true
		}
	}
	return false
}

func (ix *Index) clusterSessions(rank []uint32) {
	t := &ix.sess
	order := sortedRows(len(t.flags), func(r uint32) uint64 { return packKey(rank, t.kgB[r], t.pairing[r], t.day[r]) })
	to := newPlaces(order)
	t.rows.remap(func(r uint32) uint32 { return to[r] })
	t.pairing, t.kgA, t.kgB = permute(t.pairing, order), permute(t.kgA, order), permute(t.kgB, order)
	t.day, t.typ, t.flags = permute(t.day, order), permute(t.typ, order), permute(t.flags, order)
	t.domains, t.hours = permute(t.domains, order), permute(t.hours, order)
	t.attendees, t.rating = permute(t.attendees, order), permute(t.rating, order)
	// The teacher lists are laid out again in row order, which also drops the ranges that
	// edits left behind.
	off, n := permute(t.tOff, order), permute(t.tN, order)
	pool := make([]int32, 0, len(t.teachers))
	for i := range off {
		o := uint32(len(pool))
		pool = append(pool, t.teachers[off[i]:off[i]+uint32(n[i])]...)
		off[i] = o
	}
	t.tOff, t.tN, t.teachers = off, n, pool
}

func (ix *Index) clusterAttendance(rank []uint32) {
	a := &ix.att
	order := sortedRows(len(a.live), func(r uint32) uint64 { return packKey(rank, a.kg[r], a.teacher[r], a.day[r]) })
	to := newPlaces(order)
	for i := range ix.events {
		for j, r := range ix.events[i].rows {
			ix.events[i].rows[j] = to[r]
		}
	}
	a.event, a.teacher, a.kg = permute(a.event, order), permute(a.teacher, order), permute(a.kg, order)
	a.day, a.typ, a.hours, a.live = permute(a.day, order), permute(a.typ, order), permute(a.hours, order), permute(a.live, order)
}

func (ix *Index) clusterPhotos(rank []uint32) {
	t := &ix.photo
	order := sortedRows(len(t.n), func(r uint32) uint64 {
		kg := t.kgB[r]
		if t.flags[r]&fEventSubject != 0 {
			kg = ix.events[kg].organizerKG
		} else if kg == none {
			kg = t.kgA[r]
		}
		return packKey(rank, kg, t.pairing[r], t.day[r])
	})
	to := newPlaces(order)
	t.rows.remap(func(b uint32) uint32 {
		if b == 0 { // counted nowhere
			return 0
		}
		return to[b-1] + 1
	})
	for k, b := range t.buckets {
		t.buckets[k] = to[b]
	}
	t.pairing, t.kgA, t.kgB = permute(t.pairing, order), permute(t.kgA, order), permute(t.kgB, order)
	t.day, t.flags, t.n = permute(t.day, order), permute(t.flags, order), permute(t.n, order)
}

// renumberTeachers numbers teachers in the order they first appear in the clustered
// attendance and session rows, so that the teachers of one kindergarten, county or
// province have neighbouring numbers.
func (ix *Index) renumberTeachers() {
	to := make([]int32, ix.teachers.n)
	for i := range to {
		to[i] = none
	}
	next := int32(0)
	see := func(ids []int32) {
		for _, id := range ids {
			if id >= 0 && to[id] == none {
				to[id] = next
				next++
			}
		}
	}
	see(ix.att.teacher)
	see(ix.sess.teachers)
	for i := range to { // teachers no fact names
		if to[i] == none {
			to[i] = next
			next++
		}
	}
	for _, ids := range [][]int32{ix.att.teacher, ix.sess.teachers} {
		for i, id := range ids {
			if id >= 0 {
				ids[i] = to[id]
			}
		}
	}
	ix.teachers.ids.remap(func(r uint32) uint32 { return uint32(to[r]) })
	byNum := make([]string, len(ix.teachers.byNum))
	for i, id := range ix.teachers.byNum {
		byNum[to[i]] = id
	}
	ix.teachers.byNum = byNum
}
