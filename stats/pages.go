package stats

// pagedTable finds a query's groups by key in a table over the whole key space that is
// made, a page at a time, only where keys fall. A key's group is then one lookup with no
// hashing; because clustered rows bring neighbouring keys one after another (see
// cluster.go and locality), a query touches few pages and finds them in the core's cache
// however large its key space. When a query would need more pages than its budget, the
// keys of the pages it cannot have go to a keyTable instead.
type pagedTable struct {
	dir   []*page  // by key >> pageBits; nil where no key fell yet
	used  []uint32 // the directory entries given a page
	spare []*page  // zeroed pages for reuse
}

const (
	pageBits = 10
	pageMask = 1<<pageBits - 1
)

// page holds group index + 1 by the low bits of a key; 0 for none.
type page [1 << pageBits]int32

// maxPagedKeys is the largest key space a directory is made for (256K entries, 2 MB);
// larger ones find every group in a keyTable.
const maxPagedKeys = 1 << 28

// pageBudget is the number of pages (4 KB each) one worker of a query may use.
var pageBudget = 4096

// reset readies the table for a key space of size keys.
func (t *pagedTable) reset(size uint64) {
	n := int((size + pageMask) >> pageBits)
	if cap(t.dir) < n {
		t.dir = make([]*page, n)
	}
	t.dir = t.dir[:n]
}

// at returns the page of key, nil if it has none.
func (t *pagedTable) at(key uint64) *page { return t.dir[key>>pageBits] }

// add gives key's part of the key space a page and returns it, or nil when the budget is
// spent.
func (t *pagedTable) add(key uint64) *page {
	if len(t.used) >= pageBudget {
		return nil
	}
	var pg *page
	if n := len(t.spare); n > 0 {
		pg, t.spare = t.spare[n-1], t.spare[:n-1]
	} else {
		pg = new(page)
	}
	i := key >> pageBits
	t.dir[i] = pg
	t.used = append(t.used, uint32(i))
	return pg
}

// clear removes the given keys (every key put since reset) and keeps the pages, all zero
// again, for the next query.
func (t *pagedTable) clear(keys []uint64) {
	for _, k := range keys {
		if pg := t.dir[k>>pageBits]; pg != nil {
			pg[k&pageMask] = 0
		}
	}
	for _, i := range t.used {
		t.spare = append(t.spare, t.dir[i])
		t.dir[i] = nil
	}
	t.used = t.used[:0]
}
