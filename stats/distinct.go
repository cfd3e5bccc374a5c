package stats

import (
	"math/bits"
	"slices"
)

// idSet is a group's distinct ids of one measure: a few kept inline, which is all most
// groups of a fine-grained table ever have; a group that outgrows them gets a bitset
// from the arena while it lasts, and after that records (group, id) pairs.
type idSet struct {
	ids   [inlineIDs]int32
	n     uint8
	spill bool  // pairs were recorded
	off   int32 // where its bitset starts in the arena + 1, 0 for none
}

const inlineIDs = 4

// addID adds id to group gi's distinct ids of measure m.
func (pt *part) addID(m int, gi int32, id int32) {
	d := &pt.sets[m][gi]
	if d.off > 0 {
		pt.arena[m][d.off-1+id>>6] |= 1 << (uint(id) & 63)
		return
	}
	for _, x := range d.ids[:d.n] {
		if x == id {
			return
		}
	}
	if d.n < inlineIDs {
		d.ids[d.n] = id
		d.n++
		return
	}
	if w := pt.l.words[m]; !d.spill && pt.inUse[m]+w <= len(pt.arena[m]) {
		d.off = int32(pt.inUse[m]) + 1
		pt.inUse[m] += w
		b := pt.arena[m][d.off-1:][:w]
		for _, x := range d.ids {
			b.set(x)
		}
		b.set(id)
		d.n = 0
		return
	}
	d.spill = true
	pt.pairs[m] = append(pt.pairs[m], uint64(gi)<<32|uint64(id))
}

// find returns the group of a key, adding it if new; key holds its dimensions' values,
// or is nil for find to work them out.
func (pt *part) find(code uint64, key *[MaxGroupBy]uint32) int32 {
	var pg *page
	if pt.pages != nil {
		if pg = pt.pages.at(code); pg != nil {
			if gi := pg[code&pageMask] - 1; gi >= 0 {
				return gi
			}
		}
	}
	if pg == nil && pt.index != nil {
		c := &pt.recent[code&(recentKeys-1)]
		if c.code == code+1 {
			return c.gi
		}
		if gi, ok := pt.index.get(code); ok {
			c.code, c.gi = code+1, gi
			return gi
		}
	}
	gi := int32(len(pt.groups))
	if key == nil {
		k := pt.l.decode(code)
		key = &k
	}
	pt.groups = append(pt.groups, group{key: *key, idx: int(gi)})
	pt.codes = append(pt.codes, code)
	for _, m := range pt.l.measured {
		pt.sets[m] = append(pt.sets[m], idSet{})
	}
	if pg == nil && pt.pages != nil {
		pg = pt.pages.add(code)
	}
	if pg != nil {
		pg[code&pageMask] = gi + 1
		return gi
	}
	if pt.index == nil { // the pages ran out
		pt.hashed(len(pt.groups))
	}
	pt.index.put(code, gi)
	pt.recent[code&(recentKeys-1)] = recentKey{code + 1, gi}
	return gi
}

// hashed readies the part's keyTable for about n keys.
func (pt *part) hashed(n int) {
	if pt.t.index == nil {
		pt.t.index = &keyTable{}
	}
	pt.index = pt.t.index
	pt.index.reset(n)
}

// merge folds the other workers' parts into the first and returns, per part, where its
// groups went (nil for the first).
func merge(parts []*part) [][]int32 {
	a := parts[0]
	moved := make([][]int32, len(parts))
	for k, b := range parts[1:] {
		a.facts += b.facts
		a.multi = a.multi || b.multi
		mergeSums(&a.total, &b.total)
		to := make([]int32, len(b.groups))
		for li := range b.groups {
			g := &b.groups[li]
			gi := a.find(b.codes[li], &g.key)
			mergeSums(&a.groups[gi], g)
			to[li] = gi
			for _, m := range a.l.measured {
				d := &b.sets[m][li]
				for _, id := range d.ids[:d.n] {
					a.addID(m, gi, id)
				}
				if d.off == 0 {
					continue
				}
				for i, x := range b.arena[m][d.off-1:][:a.l.words[m]] {
					for ; x != 0; x &= x - 1 {
						a.addID(m, gi, int32(i*64+bits.TrailingZeros64(x)))
					}
				}
			}
		}
		moved[k+1] = to
	}
	return moved
}

// distinct counts the distinct ids of measure m in each group of the merged parts, and
// gathers every group's ids in the first part's total set: each fact is in some group.
func distinct(parts []*part, moved [][]int32, m int) []int32 {
	a, w := parts[0], parts[0].l.words[m]
	sets, total := a.sets[m], a.ids[m]
	n := make([]int32, len(a.groups))
	for g := range n {
		if d := &sets[g]; d.off > 0 {
			b := a.arena[m][d.off-1:][:w]
			n[g] = b.count()
			for i, x := range b {
				total[i] |= x
			}
		} else {
			n[g] = int32(d.n)
			for _, id := range d.ids[:d.n] {
				total.set(id)
			}
		}
	}
	// Groups that outgrew their few ids with no bitset left gathered pairs: sorted by
	// group with a counting sort, then each group's ids are told apart by stamping them
	// with the group's number, its own few ids first.
	groupOf := func(k int, pair uint64) int32 {
		if k == 0 {
			return int32(pair >> 32)
		}
		return moved[k][pair>>32]
	}
	start := make([]int32, len(a.groups)+1)
	for k, pt := range parts {
		for _, pair := range pt.pairs[m] {
			start[groupOf(k, pair)+1]++
			total.set(int32(uint32(pair)))
		}
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	if start[len(start)-1] == 0 {
		return n
	}
	ids := make([]int32, start[len(start)-1])
	next := slices.Clone(start[:len(start)-1])
	for k, pt := range parts {
		for _, pair := range pt.pairs[m] {
			g := groupOf(k, pair)
			ids[next[g]] = int32(uint32(pair))
			next[g]++
		}
	}
	stamp := make([]int32, a.l.space[m])
	for g := range n {
		if start[g] == start[g+1] {
			continue
		}
		d := &sets[g]
		if d.off > 0 {
			b := a.arena[m][d.off-1:][:w]
			for _, id := range ids[start[g]:start[g+1]] {
				if bit := uint64(1) << (uint(id) & 63); b[id>>6]&bit == 0 {
					b[id>>6] |= bit
					n[g]++
				}
			}
			continue
		}
		for _, id := range d.ids[:d.n] {
			stamp[id] = int32(g + 1)
		}
		for _, id := range ids[start[g]:start[g+1]] {
			if stamp[id] != int32(g+1) {
				stamp[id] = int32(g + 1)
				n[g]++
			}
		}
	}
	return n
}
