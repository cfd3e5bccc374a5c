package stats

import (
	"slices"
	"sync"

	"github.com/handinhand/handinhand/domain"
)

// region is one node of the region hierarchy, with its ancestors at each level.
type region struct {
	code, name string
	// levels holds the node index of the province, city and county the region lies in
	// (itself included), none where the code is not that deep.
	levels [3]int32
	// at holds the place of each of those within its level's list (Index.levelNodes),
	// the numbers a province, city or county dimension groups by.
	at [3]int32
}

// kindergarten is what facts need to know of a kindergarten.
type kindergarten struct {
	id, name string
	region   int32 // node of its region code
	setting  uint8
}

// pairing is what facts and compliance need to know of a pairing.
type pairing struct {
	id, name   string
	supporting int32
	partners   []int32
	regionPath []string
	targets    domain.Targets
	overrides  []domain.SemesterTargets
	start, end domain.Date
	status     domain.PairingStatus
	deleted    bool
}

// event is what attendance and photo facts need to know of a training event.
type event struct {
	id              string
	organizerKG     int32
	organizerRegion int32
	typ             uint8
	day             uint16
	rows            []uint32 // its attendance rows
	// The pairings it serves and its date, for the rule of which events count as a
	// pairing's special lectures (domain.CountsAsLectureFor).
	pairings []string
	date     domain.Date
}

// Session fact flags.
const (
	fLive uint8 = 1 << iota
	fConfirmed
	fQueried
	fInbound
	fEventSubject // photos: the subject is a training event
)

// sessions are the teaching-session facts, one row each, in columns.
type sessions struct {
	rows      idMap
	pairing   []int32
	kgA, kgB  []int32 // supporting, partner
	day       []uint16
	typ       []uint8
	flags     []uint8
	domains   []uint8 // bit i: domain i+1
	hours     []float32
	attendees []uint16
	rating    []int8 // 0: not rated
	tOff      []uint32
	tN        []uint8
	teachers  []int32 // pool the tOff/tN ranges point into
}

// attendance are the training-attendance facts: one per teacher per event.
type attendance struct {
	event   []int32
	teacher []int32
	kg      []int32
	day     []uint16
	typ     []uint8
	hours   []float32
	live    []bool
}

// photos are the photo facts: READY photos that are not deleted. Photos that share every
// dimension (a lesson's 3–10 photos do) share one row, a bucket that counts them, so a
// query reads a row per lesson rather than per photo.
type photos struct {
	rows    idMap // photo id → its bucket + 1, 0 while it counts nowhere
	buckets map[photoKey]uint32
	pairing []int32
	// kgA and kgB are the session's two kindergartens; for a training event's photo
	// (fEventSubject) kgB holds the event instead.
	kgA, kgB []int32
	day      []uint16
	flags    []uint8
	n        []uint32 // photos in the bucket; it is live while this is above 0
}

// photoKey is what a photo's bucket is found by: all it has that queries can see.
type photoKey struct {
	pairing, kgA, kgB int32
	day               uint16
	flags             uint8
}

// Index holds every fact and the dimension tables that label them. It is safe for
// concurrent use: queries share a read lock, applying a change takes the write lock.
type Index struct {
	mu sync.RWMutex

	regions   []region
	regionIdx map[string]int32
	// levelNodes lists the provinces, cities and counties, so that region dimensions
	// number their values within a level rather than among every region.
	levelNodes [3][]int32
	kgs        []kindergarten
	kgIdx      idMap
	pairings   []pairing
	pairIdx    idMap
	events     []event
	eventIdx   idMap
	teachers   *interner
	// teacherNames labels the TEACHER dimension, by teacher id.
	teacherNames map[string]string

	sess  sessions
	att   attendance
	photo photos
	// grades are the live lesson grades by id, counted per partner and semester in
	// gradeCounts (see grades.go).
	grades      map[string]gradeFact
	gradeCounts map[gradeKey]*gradeCount
	// small holds the facts of the small subjects, grades and donations (small.go).
	small [nSmall]smallTable
	// lists holds, per subject, the rows that touch each region (see lists.go).
	lists [3]regionLists
	// clustered holds each subject's row count when its rows were last put in order
	// (see cluster.go).
	clustered [3]int
	// kgOrder lists the kindergartens in the order rows were clustered by (region code).
	kgOrder []int32
	// names ranks the kindergartens and the pairings by name (see names.go).
	names nameRanks
	// minDay and maxDay bound the days of every fact ever applied, so that a query sizes
	// its month and semester keys to the data rather than to the calendar.
	minDay, maxDay uint16
}

// New returns an empty index.
func New() *Index {
	return &Index{minDay: 0xffff, regionIdx: map[string]int32{}, kgIdx: newIDMap(), pairIdx: newIDMap(),
		eventIdx: newIDMap(), teachers: newInterner(), teacherNames: map[string]string{},
		sess: sessions{rows: newIDMap()}, photo: photos{rows: newIDMap(), buckets: map[photoKey]uint32{}}}
}

// regionOf returns the node of a region code, adding it and its ancestors if new.
func (ix *Index) regionOf(code string) int32 {
	if code == "" {
		return none
	}
	if r, ok := ix.regionIdx[code]; ok {
		return r
	}
	r := region{code: code, name: code, levels: [3]int32{none, none, none}, at: [3]int32{none, none, none}}
	path := domain.RegionPath(code)
	for i, c := range path {
		if i >= 3 {
			break
		}
		if c == code {
			continue
		}
		r.levels[i] = ix.regionOf(c)
		r.at[i] = ix.regions[r.levels[i]].at[i]
	}
	n := int32(len(ix.regions))
	if l := len(path) - 1; l >= 0 && l < 3 {
		r.levels[l] = n
		r.at[l] = int32(len(ix.levelNodes[l]))
		ix.levelNodes[l] = append(ix.levelNodes[l], n)
	}
	ix.regions = append(ix.regions, r)
	ix.regionIdx[code] = n
	return n
}

func (ix *Index) putRegion(r *domain.Region) {
	n := ix.regionOf(r.Code)
	ix.regions[n].name = r.Name
}

func (ix *Index) kgOf(id string) int32 {
	if id == "" {
		return none
	}
	if r, ok := ix.kgIdx.get(id); ok {
		return int32(r)
	}
	n := int32(len(ix.kgs))
	ix.kgs = append(ix.kgs, kindergarten{id: id, name: id, region: none})
	ix.kgIdx.put(id, uint32(n))
	return n
}

func (ix *Index) putKindergarten(k *domain.Kindergarten) {
	n := ix.kgOf(k.ID)
	if ix.kgs[n].name != k.Name {
		ix.kgs[n].name = k.Name
		ix.names.stale = true
	}
	if r := ix.regionOf(k.RegionCode); r != ix.kgs[n].region {
		ix.kgs[n].region = r
		for i := range ix.lists {
			ix.lists[i].dirty = true
		}
	}
	ix.kgs[n].setting = settingsIdx.of(k.Setting)
}

func (ix *Index) pairingOf(id string) int32 {
	if id == "" {
		return none
	}
	if r, ok := ix.pairIdx.get(id); ok {
		return int32(r)
	}
	n := int32(len(ix.pairings))
	ix.pairings = append(ix.pairings, pairing{id: id, name: id, supporting: none, deleted: true})
	ix.pairIdx.put(id, uint32(n))
	return n
}

func (ix *Index) putPairing(p *domain.Pairing) {
	n := ix.pairingOf(p.ID)
	pr := &ix.pairings[n]
	if pr.name != p.Name {
		pr.name = p.Name
		ix.names.stale = true
	}
	pr.supporting = ix.kgOf(p.SupportingKindergartenID)
	pr.partners = pr.partners[:0]
	for _, k := range p.PartnerKindergartenIDs {
		pr.partners = append(pr.partners, ix.kgOf(k))
	}
	pr.regionPath = slices.Clone(p.RegionPath)
	pr.targets, pr.overrides = p.Targets, slices.Clone(p.TargetOverrides)
	pr.start, pr.end, pr.status = p.Start, p.End, p.Status
	pr.deleted = p.DeletedAt != nil
}

func (ix *Index) eventOf(id string) int32 {
	if r, ok := ix.eventIdx.get(id); ok {
		return int32(r)
	}
	n := int32(len(ix.events))
	ix.events = append(ix.events, event{organizerKG: none, organizerRegion: none})
	ix.eventIdx.put(id, uint32(n))
	return n
}

// putSession adds, replaces or (when deleted) removes a session's fact.
func (ix *Index) putSession(s *sessionDoc) {
	t := &ix.sess
	row, ok := t.rows.get(s.ID)
	if !ok {
		if s.DeletedAt != nil {
			return
		}
		row = uint32(len(t.pairing))
		t.rows.put(s.ID, row)
		t.pairing = append(t.pairing, 0)
		t.kgA = append(t.kgA, 0)
		t.kgB = append(t.kgB, 0)
		t.day = append(t.day, 0)
		t.typ = append(t.typ, 0)
		t.flags = append(t.flags, 0)
		t.domains = append(t.domains, 0)
		t.hours = append(t.hours, 0)
		t.attendees = append(t.attendees, 0)
		t.rating = append(t.rating, 0)
		t.tOff = append(t.tOff, 0)
		t.tN = append(t.tN, 0)
	}
	day, okDay := dayOf(s.Date)
	if s.DeletedAt != nil || !okDay {
		t.flags[row] = 0
		return
	}
	t.pairing[row] = ix.pairingOf(s.PairingID)
	kgA, kgB := ix.kgOf(s.SupportingKindergartenID), ix.kgOf(s.PartnerKindergartenID)
	if ok && (kgA != t.kgA[row] || kgB != t.kgB[row]) {
		ix.lists[0].dirty = true
	}
	t.kgA[row], t.kgB[row] = kgA, kgB
	t.day[row] = day
	ix.sawDay(day)
	t.typ[row] = sessionTypes.of(s.Type)
	f := fLive
	switch s.Status {
	case domain.ConfirmationConfirmed:
		f |= fConfirmed
	case domain.ConfirmationQueried:
		f |= fQueried
	}
	if s.Direction == domain.DirectionInbound {
		f |= fInbound
	}
	t.flags[row] = f
	var dm uint8
	for _, d := range s.Domains {
		if i := domainsIdx.of(d); i > 0 {
			dm |= 1 << (i - 1)
		}
	}
	t.domains[row] = dm
	t.hours[row] = float32(s.Hours)
	t.attendees[row] = uint16(min(max(s.Attendees, 0), 0xffff))
	var r int8
	if s.Rating != nil {
		r = int8(*s.Rating)
	}
	t.rating[row] = r
	ts := uniqueStrings(s.TeacherIDs)
	if len(ts) > 255 {
		ts = ts[:255]
	}
	if int(t.tN[row]) >= len(ts) && ok { // reuse the old range when the new list fits
		for i, id := range ts {
			t.teachers[int(t.tOff[row])+i] = ix.teachers.of(id)
		}
	} else {
		t.tOff[row] = uint32(len(t.teachers))
		for _, id := range ts {
			t.teachers = append(t.teachers, ix.teachers.of(id))
		}
	}
	t.tN[row] = uint8(len(ts))
	if !ok {
		ix.listed(0, row)
	}
}

// putEvent replaces a training event's attendance facts and remembers its organiser.
func (ix *Index) putEvent(e *eventDoc) {
	n := ix.eventOf(e.ID)
	ev := &ix.events[n]
	kg, region := ix.kgOf(e.OrganizerKindergartenID), int32(none)
	if e.OrganizerKindergartenID == "" {
		region = ix.regionOf(e.OrganizerRegionCode)
	}
	if kg != ev.organizerKG || region != ev.organizerRegion {
		ix.lists[2].dirty = true // its photos' places move
	}
	ev.organizerKG, ev.organizerRegion = kg, region
	ev.typ = trainingTypes.of(e.Type)
	ev.id, ev.pairings, ev.date = e.ID, e.PairingIDs, e.Date
	if e.DeletedAt != nil {
		ev.pairings = nil
	}
	day, okDay := dayOf(e.Date)
	ev.day = day
	if okDay {
		ix.sawDay(day)
	}
	a := &ix.att
	// Rows are never reused: a removed attendance stays a dead row, so that the region
	// lists (which point at rows) stay true.
	for _, r := range ev.rows {
		a.live[r] = false
	}
	ev.rows = ev.rows[:0]
	if e.DeletedAt != nil || !okDay {
		return
	}
	seen := map[string]bool{}
	for _, at := range e.Attendance {
		if seen[at.TeacherID] {
			continue
		}
		seen[at.TeacherID] = true
		r := uint32(len(a.event))
		a.event = append(a.event, 0)
		a.teacher = append(a.teacher, 0)
		a.kg = append(a.kg, 0)
		a.day = append(a.day, 0)
		a.typ = append(a.typ, 0)
		a.hours = append(a.hours, 0)
		a.live = append(a.live, false)
		a.event[r] = n
		a.teacher[r] = ix.teachers.of(at.TeacherID)
		a.kg[r] = ix.kgOf(at.KindergartenID)
		a.day[r] = day
		a.typ[r] = ev.typ
		a.hours[r] = float32(at.Hours)
		a.live[r] = true
		ev.rows = append(ev.rows, r)
		ix.listed(1, r)
	}
}

// putPhoto adds, replaces or removes a photo's fact: only READY, live photos count.
func (ix *Index) putPhoto(p *photoDoc) {
	t := &ix.photo
	if held, ok := t.rows.get(p.ID); ok && held > 0 { // taken out of its bucket, put back below if it still counts
		b := held - 1
		if t.n[b]--; t.n[b] == 0 {
			t.flags[b] &^= fLive
		}
		t.rows.put(p.ID, 0)
	}
	counts := p.DeletedAt == nil && p.Status == domain.PhotoReady && !p.Withheld
	date := p.SubjectDate
	if date == "" {
		date = domain.Date(p.Month + "-01")
	}
	day, okDay := dayOf(date)
	if !counts || !okDay {
		return
	}
	k := photoKey{pairing: ix.pairingOf(p.PairingID), kgA: none, kgB: none, day: day}
	if p.SubjectKind == domain.SubjectTrainingEvent {
		// The organiser is looked up when a query runs, so it follows later edits.
		k.flags = fEventSubject
		k.kgB = ix.eventOf(p.SubjectID)
	} else if len(p.KindergartenIDs) > 0 {
		k.kgA = ix.kgOf(p.KindergartenIDs[0])
		if len(p.KindergartenIDs) > 1 {
			k.kgB = ix.kgOf(p.KindergartenIDs[1])
		}
	}
	b, ok := t.buckets[k]
	if !ok {
		b = uint32(len(t.n))
		t.buckets[k] = b
		t.pairing = append(t.pairing, k.pairing)
		t.kgA = append(t.kgA, k.kgA)
		t.kgB = append(t.kgB, k.kgB)
		t.day = append(t.day, day)
		t.flags = append(t.flags, k.flags)
		t.n = append(t.n, 0)
		ix.sawDay(day)
		ix.listed(2, b)
	}
	t.n[b]++
	t.flags[b] |= fLive
	t.rows.put(p.ID, b+1)
}

func (ix *Index) sawDay(d uint16) {
	ix.minDay, ix.maxDay = min(ix.minDay, d), max(ix.maxDay, d)
}

func uniqueStrings(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Size reports how many live facts the index holds.
type Size struct {
	Sessions, Attendances, Photos int
}

// Size counts the live facts.
func (ix *Index) Size() Size {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var s Size
	for _, f := range ix.sess.flags {
		if f&fLive != 0 {
			s.Sessions++
		}
	}
	for _, l := range ix.att.live {
		if l {
			s.Attendances++
		}
	}
	for _, n := range ix.photo.n {
		s.Photos += int(n)
	}
	return s
}
