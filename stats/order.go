package stats

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// order returns the indexes of the groups a query shows (at most its limit), in the
// query's order, then by their keys: time and codes in their natural order, enums as
// declared, names alphabetically, unknown last. Each dimension's values are ranked once,
// so rows compare as numbers; when the limit keeps few of many groups, only those are
// sorted.
func (p *plan) order(groups []group, d distincts, l *layout, limit int) []int32 {
	slot := l.slot
	// The values each dimension takes, gathered in one pass over the groups.
	seen := make([][]bool, len(p.dims))
	vs := make([][]uint32, len(p.dims))
	for i := range p.dims {
		seen[i] = make([]bool, l.cards[i])
	}
	for gi := range groups {
		k := &groups[gi].key
		for i := range p.dims {
			if s := slot(i, k[i]); !seen[i][s] {
				seen[i][s] = true
				vs[i] = append(vs[i], k[i])
			}
		}
	}
	ranks := make([][]int32, len(p.dims)) // by dimension and value slot
	used := make([]int, len(p.dims))      // values each dimension takes
	for i, dim := range p.dims {
		ranks[i] = make([]int32, l.cards[i])
		used[i] = len(vs[i])
		if p.rankedByName(dim) {
			slices.SortFunc(vs[i], func(a, b uint32) int { return cmp.Compare(p.nameRank(dim, a), p.nameRank(dim, b)) })
			for r, v := range vs[i] {
				ranks[i][slot(i, v)] = int32(r)
			}
			continue
		}
		type valueKey struct {
			v uint32
			k Key
		}
		keyed := make([]valueKey, len(vs[i]))
		for j, v := range vs[i] {
			keyed[j] = valueKey{v, p.keyOf(dim, v)}
		}
		slices.SortFunc(keyed, func(a, b valueKey) int { return compareKey(dim, a.v, b.v, a.k, b.k) })
		for r, x := range keyed {
			ranks[i][slot(i, x.v)] = int32(r)
		}
	}
	rankOf := func(gi int32, i int) int32 { return ranks[i][slot(i, groups[gi].key[i])] }
	// Each group's ranks packed into one number that orders as the tuple does, when the
	// rows are ordered by their keys alone.
	shifts := make([]uint, len(p.dims))
	var width uint
	for i := len(p.dims) - 1; i >= 0; i-- {
		shifts[i] = width
		width += uint(bits.Len(uint(used[i])))
	}
	packed := width <= 64
	var rank []uint64
	if packed && len(p.q.OrderBy) == 0 {
		rank = make([]uint64, len(groups))
		for gi := range groups {
			var k uint64
			for i := range p.dims {
				k |= uint64(rankOf(int32(gi), i)) << shifts[i]
			}
			rank[gi] = k
		}
	}
	byRanks := func(a, b int32) int {
		if rank != nil {
			return cmp.Compare(rank[a], rank[b])
		}
		for i := range p.dims { // compare dimension by dimension
			if c := cmp.Compare(rankOf(a, i), rankOf(b, i)); c != 0 {
				return c
			}
		}
		return 0
	}
	// primary orders the groups as the first ordering term does (see smallest).
	var primary []uint64
	if rank != nil {
		primary = rank
	} else {
		primary = make([]uint64, len(groups))
		switch {
		case len(p.q.OrderBy) == 0:
			for gi := range groups {
				primary[gi] = uint64(rankOf(int32(gi), 0))
			}
		case p.q.OrderBy[0].Dimension != nil:
			i, desc := slices.Index(p.dims, *p.q.OrderBy[0].Dimension), p.q.OrderBy[0].Desc
			for gi := range groups {
				r := uint64(rankOf(int32(gi), i))
				if desc {
					r = math.MaxUint32 - r
				}
				primary[gi] = r
			}
		}
	}
	// The measures rows are ordered by are computed once per group.
	var by []func(a, b int32) int
	for t, o := range p.q.OrderBy {
		if o.Measure != nil {
			vals := make([]float64, len(groups))
			has := make([]bool, len(groups))
			for gi := range groups {
				vals[gi], has[gi] = measureValue(*o.Measure, &groups[gi], d)
				if t == 0 {
					primary[gi] = orderable(vals[gi], has[gi], o.Desc)
				}
			}
			value := func(gi int32) *float64 {
				if !has[gi] {
					return nil
				}
				return &vals[gi]
			}
			by = append(by, func(a, b int32) int { return compareValue(value(a), value(b), o.Desc) })
			continue
		}
		i := slices.Index(p.dims, *o.Dimension)
		by = append(by, func(a, b int32) int {
			c := cmp.Compare(rankOf(a, i), rankOf(b, i))
			if o.Desc {
				c = -c
			}
			return c
		})
	}
	compare := func(a, b int32) int {
		for _, f := range by {
			if c := f(a, b); c != 0 {
				return c
			}
		}
		return byRanks(a, b)
	}
	return smallest(len(groups), limit, compare, primary)
}

// orderable maps a measure's value to a number that orders as compareValue does: absent
// values last, either way.
func orderable(v float64, has, desc bool) uint64 {
	if !has {
		return math.MaxUint64
	}
	var u uint64
	switch {
	case math.IsNaN(v): // cmp.Compare puts NaN first
	case v == 0: // -0 and +0 are equal
		u = 1 << 63
	default:
		u = math.Float64bits(v)
		if u>>63 == 1 {
			u = ^u
		} else {
			u |= 1 << 63
		}
	}
	if desc {
		u = math.MaxUint64 - 1 - u
	}
	return u
}

// smallest returns the first k of 0…n-1 in the order of compare, sorted. For k much
// below n it keeps the k best in a heap rather than sorting all n. primary, when given,
// is a coarser order agreeing with compare (primary[a] < primary[b] means a comes first;
// equal primaries leave it to compare): most indexes are then turned away by comparing
// two numbers.
func smallest(n, k int, compare func(a, b int32) int, primary []uint64) []int32 {
	if primary != nil {
		fine := compare
		compare = func(a, b int32) int {
			if c := cmp.Compare(primary[a], primary[b]); c != 0 {
				return c
			}
			return fine(a, b)
		}
	}
	if k*4 >= n {
		out := make([]int32, n)
		for i := range out {
			out[i] = int32(i)
		}
		slices.SortFunc(out, compare)
		return out[:min(k, n)]
	}
	// h is a heap with the worst kept index on top.
	h := make([]int32, 0, k)
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= len(h) {
				return
			}
			if c+1 < len(h) && compare(h[c+1], h[c]) > 0 {
				c++
			}
			if compare(h[c], h[i]) <= 0 {
				return
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
	}
	for x := int32(0); int(x) < n; x++ {
		switch {
		case len(h) < k:
			h = append(h, x)
			for i := len(h) - 1; i > 0 && compare(h[i], h[(i-1)/2]) > 0; i = (i - 1) / 2 {
				h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
			}
		case primary != nil && primary[x] > primary[h[0]]:
		case compare(x, h[0]) < 0:
			h[0] = x
			down(0)
		}
	}
	slices.SortFunc(h, compare)
	return h
}

func compareValue(a, b *float64, desc bool) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	if desc {
		return cmp.Compare(*b, *a)
	}
	return cmp.Compare(*a, *b)
}

func compareKey(d Dimension, va, vb uint32, ka, kb Key) int {
	if (va == unknown) != (vb == unknown) {
		if va == unknown {
			return 1
		}
		return -1
	}
	switch d {
	case SessionTypeDim, TrainingTypeDim, DomainDim, SettingDim, DirectionDim, ConfirmedDim, GradeDim:
		return cmp.Compare(va, vb)
	case PairingDim, KindergartenDim, SupportingKindergarten, PartnerKindergarten, TeacherDim:
		if c := cmp.Compare(ka.Label, kb.Label); c != 0 {
			return c
		}
	}
	return cmp.Compare(ka.Value, kb.Value)
}
