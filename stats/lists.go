package stats

// regionLists are, for one subject, the rows touching each province, city and county, so
// that a bureau's query reads only its region's rows instead of every fact. New rows are
// added as they come; anything that moves a row's places (a kindergarten changing region,
// an event changing organiser) marks them dirty and the next query rebuilds them. Rows
// that die stay listed and are skipped as dead.
type regionLists struct {
	built bool
	dirty bool
	by    map[int32][]uint32
}

// listed adds a new row of subject s (0 sessions, 1 attendance, 2 photos) to its lists.
func (ix *Index) listed(s int, row uint32) {
	l := &ix.lists[s]
	if !l.built || l.dirty {
		return
	}
	a, b := ix.rowRegions(s, row)
	l.add(ix, row, a, b)
}

func (l *regionLists) add(ix *Index, row uint32, a, b int32) {
	var seen [6]int32
	n := 0
	for _, r := range [2]int32{a, b} {
		if r == none {
			continue
		}
		for _, node := range ix.regions[r].levels {
			if node == none {
				continue
			}
			dup := false
			for _, x := range seen[:n] {
				dup = dup || x == node
			}
			if !dup {
				seen[n] = node
				n++
				l.by[node] = append(l.by[node], row)
			}
		}
	}
}

// rowRegions returns the region nodes of a row's places.
func (ix *Index) rowRegions(s int, r uint32) (int32, int32) {
	switch s {
	case 0:
		return ix.kgRegion(ix.sess.kgA[r]), ix.kgRegion(ix.sess.kgB[r])
	case 1:
		return ix.kgRegion(ix.att.kg[r]), none
	}
	t := &ix.photo
	if t.flags[r]&fEventSubject != 0 {
		return ix.organizerRegion(&ix.events[t.kgB[r]]), none
	}
	return ix.kgRegion(t.kgA[r]), ix.kgRegion(t.kgB[r])
}

// organizerRegion is the region node of a training event's organiser: its kindergarten's,
// or the bureau's region where a bureau organised it.
func (ix *Index) organizerRegion(ev *event) int32 {
	if ev.organizerKG != none {
		return ix.kgRegion(ev.organizerKG)
	}
	return ev.organizerRegion
}

func (ix *Index) rowCount(s int) int {
	switch s {
	case 0:
		return len(ix.sess.flags)
	case 1:
		return len(ix.att.live)
	}
	return len(ix.photo.flags)
}

// needsUpkeep reports whether subject s's lists must be (re)built or the rows clustered
// again; the caller then holds the write lock for upkeep.
func (ix *Index) needsUpkeep(s int) bool {
	return !ix.lists[s].built || ix.lists[s].dirty || ix.unclustered() || ix.namesStale()
}

// upkeep clusters the rows if enough have arrived since the last time and rebuilds
// subject s's region lists if needed.
func (ix *Index) upkeep(s int) {
	if ix.unclustered() {
		ix.cluster()
	}
	if !ix.lists[s].built || ix.lists[s].dirty {
		ix.rebuildLists(s)
	}
	if ix.namesStale() {
		ix.rankNames()
	}
}

func (ix *Index) rebuildLists(s int) {
	l := &ix.lists[s]
	l.by = map[int32][]uint32{}
	l.built, l.dirty = true, false
	for r, n := 0, ix.rowCount(s); r < n; r++ {
		a, b := ix.rowRegions(s, uint32(r))
		l.add(ix, uint32(r), a, b)
	}
}

func subjectIndex(s Subject) int {
	switch s {
	case SubjectAttendance:
		return 1
	case SubjectPhotos:
		return 2
	}
	return 0
}

// Prepare puts the rows in clustered order and builds every subject's region lists now
// rather than at the first query.
func (ix *Index) Prepare() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.cluster()
	for s := range ix.lists {
		ix.rebuildLists(s)
	}
	ix.rankNames()
}
