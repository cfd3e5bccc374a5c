package stats

// keyTable finds groups whose keys have no page (a key space too large for a directory,
// or a query past its page budget; see pagedTable): open addressing
// with linear probing over a power-of-two array, kept at most half full. For a query's
// millions of lookups it is about twice as quick as a Go map, and it can be cleared and
// reused by the next query.
type keyTable struct {
	keys []uint64 // key + 1; 0 marks an empty slot
	vals []int32
	n    int
}

// reset empties the table and sizes it for about n keys.
func (t *keyTable) reset(n int) {
	size := 1 << 10
	for size < 2*n {
		size <<= 1
	}
	if len(t.keys) != size {
		t.keys, t.vals = make([]uint64, size), make([]int32, size)
	} else {
		clear(t.keys)
	}
	t.n = 0
}

func (t *keyTable) slot(key uint64) uint64 {
	return (key * 0x9e3779b97f4a7c15) >> 20 & uint64(len(t.keys)-1)
}

// get returns the value of key and whether it is there.
func (t *keyTable) get(key uint64) (int32, bool) {
	mask := uint64(len(t.keys) - 1)
	for i := t.slot(key); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case key + 1:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// put adds a key that is not there yet.
func (t *keyTable) put(key uint64, v int32) {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	i := t.slot(key)
	for t.keys[i] != 0 {
		i = (i + 1) & mask
	}
	t.keys[i], t.vals[i] = key+1, v
	t.n++
}

func (t *keyTable) grow() {
	keys, vals := t.keys, t.vals
	t.keys, t.vals = make([]uint64, 2*len(keys)), make([]int32, 2*len(keys))
	t.n = 0
	for i, k := range keys {
		if k != 0 {
			t.put(k-1, vals[i])
		}
	}
}
