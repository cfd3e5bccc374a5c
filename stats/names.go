package stats

import (
	"cmp"
	"math"
	"slices"
)

// nameRanks hold each kindergarten's and each pairing's place in the order of (name, id),
// the order their rows are listed in. A query that groups by kindergarten or pairing
// then orders its values by these numbers rather than sorting names: a province's
// kindergartens took milliseconds to sort for every such query.
type nameRanks struct {
	kgs, pairings []int32
	stale         bool // a name changed since they were made
	unnamed       bool // some name is empty, and is labelled by locale: sort labels instead
}

// namesStale reports whether the ranks must be made again before a query.
func (ix *Index) namesStale() bool {
	return ix.names.stale || len(ix.names.kgs) != len(ix.kgs) || len(ix.names.pairings) != len(ix.pairings)
}

// rankNames makes the ranks; the caller holds the write lock.
func (ix *Index) rankNames() {
	r := &ix.names
	r.stale, r.unnamed = false, false
	r.kgs = rankBy(r.kgs[:0], len(ix.kgs), func(i int) (string, string) { return ix.kgs[i].name, ix.kgs[i].id })
	r.pairings = rankBy(r.pairings[:0], len(ix.pairings), func(i int) (string, string) { return ix.pairings[i].name, ix.pairings[i].id })
	for _, k := range ix.kgs {
		r.unnamed = r.unnamed || k.name == ""
	}
	for _, p := range ix.pairings {
		r.unnamed = r.unnamed || p.name == ""
	}
}

// rankBy returns, for each of n things, its place in the order of (name, id).
func rankBy(ranks []int32, n int, of func(i int) (name, id string)) []int32 {
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		na, ia := of(int(a))
		nb, ib := of(int(b))
		return cmp.Or(cmp.Compare(na, nb), cmp.Compare(ia, ib))
	})
	ranks = slices.Grow(ranks, n)[:n]
	for r, i := range order {
		ranks[i] = int32(r)
	}
	return ranks
}

// rankedByName reports whether the values of dimension d are ordered by the index's
// ranks of names: kindergartens and pairings, while the ranks are up to date (a write
// may come between a query's upkeep and its read lock).
func (p *plan) rankedByName(d Dimension) bool {
	if p.ix.names.unnamed || p.ix.namesStale() {
		return false
	}
	switch d {
	case KindergartenDim, SupportingKindergarten, PartnerKindergarten, PairingDim:
		return true
	}
	return false
}

// nameRank returns the rank that orders value v of dimension d (see rankedByName) as
// its label and id do; unknown comes last.
func (p *plan) nameRank(d Dimension, v uint32) int32 {
	switch {
	case v == unknown:
		return math.MaxInt32
	case d == PairingDim:
		return p.ix.names.pairings[v]
	}
	return p.ix.names.kgs[p.kgOfSlot[v]]
}
