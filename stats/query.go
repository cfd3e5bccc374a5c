package stats

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/handinhand/handinhand/domain"
)

// unknown is the value of a dimension a fact has no value for.
const unknown = ^uint32(0)

// fact is one row of any subject read whole: the path for rows that fall in more groups
// than a batch crosses (see batch.go), which have passed the filters already.
type fact struct {
	places   [2]int32 // kindergartens (none if absent)
	regions  [2]int32 // region nodes of the places
	np       int      // places in use
	pairing  int32
	day      uint16
	typ      uint8 // session or training type
	flags    uint8
	domains  uint8
	hours    float32
	attend   uint16
	rating   int8
	teachers []int32
	n        uint32 // facts the row stands for: photos share rows
}

// plan is a checked query, ready to run over the index.
type plan struct {
	q        Query
	ix       *Index
	region   string // the effective region: the bureau's, narrowed by the filter ("" for none)
	regionIn []bool // region node → within the effective region (nil: no restriction)
	kgScope  []bool // kindergarten users: kindergartens whose facts they may count (nil: not restricted)
	kgSel    []bool // filter kindergartenIds
	pairSel  []bool // filter pairingIds
	semSel   []bool // by semester index
	from, to uint16
	typeSel  uint32 // bit per session or training type
	domSel   uint8
	dirSel   uint8
	setSel   uint8
	measures []Measure
	dims     []Dimension
	need     needs
	// kgSlot numbers the kindergartens for the kindergarten dimensions (see
	// numberKindergartens), kgOfSlot turns the numbers back, and the first kgsWithin
	// numbers are the effective region's.
	kgSlot    []int32
	kgOfSlot  []int32
	kgsWithin int
	// places holds the tables of the place dimensions (by dimension), regions whether
	// a scan reads the places' region nodes, and checks whether any filter beyond the
	// quick ones and the region is set.
	places  []placeTable
	regions bool
	checks  bool
}

// needs are the columns beyond places, day, type and flags that a query reads.
type needs struct{ pairing, domains, hours, attend, rating, teachers bool }

// Run answers a query for a caller with the given scope.
func (ix *Index) Run(sc domain.Scope, q Query) (*Result, error) {
	if t, ok := smallOf(q.Subject); ok {
		ix.mu.RLock()
		defer ix.mu.RUnlock()
		p, err := ix.plan(sc, q)
		if err != nil {
			return nil, err
		}
		// Names not ranked yet (ranked at a large subject's upkeep) are ordered by
		// their labels (rankedByName).
		return p.runSmall(t), nil
	}
	ix.mu.RLock()
	if s := subjectIndex(q.Subject); ix.needsUpkeep(s) {
		ix.mu.RUnlock()
		ix.mu.Lock()
		ix.upkeep(s)
		ix.mu.Unlock()
		ix.mu.RLock()
	}
	defer ix.mu.RUnlock()
	p, err := ix.plan(sc, q)
	if err != nil {
		return nil, err
	}
	return p.run(), nil
}

func (ix *Index) plan(sc domain.Scope, q Query) (*plan, error) {
	if !slices.Contains(AllSubjects, q.Subject) {
		return nil, domain.Invalid("query.subject", "choose one of %v", AllSubjects)
	}
	if q.Locale == "" {
		q.Locale = ZhCN
	}
	if len(q.Measures) == 0 {
		return nil, domain.Invalid("query.measures", "choose at least one measure")
	}
	for i, m := range q.Measures {
		if !slices.Contains(measuresOf[q.Subject], m) {
			return nil, domain.Invalid(fmt.Sprintf("query.measures[%d]", i), "%s cannot be measured for %s; choose from %v", m, q.Subject, measuresOf[q.Subject])
		}
		if slices.Index(q.Measures, m) != i {
			return nil, domain.Invalid(fmt.Sprintf("query.measures[%d]", i), "%s is asked for twice", m)
		}
	}
	if len(q.GroupBy) > MaxGroupBy {
		return nil, domain.Invalid("query.groupBy", "group by at most %d dimensions", MaxGroupBy)
	}
	for i, d := range q.GroupBy {
		if !slices.Contains(dimensionsOf[q.Subject], d) {
			return nil, domain.Invalid(fmt.Sprintf("query.groupBy[%d]", i), "%s cannot group %s; choose from %v", d, q.Subject, dimensionsOf[q.Subject])
		}
		if slices.Index(q.GroupBy, d) != i {
			return nil, domain.Invalid(fmt.Sprintf("query.groupBy[%d]", i), "%s is grouped by twice", d)
		}
	}
	limit := DefaultRowLimit
	if q.Limit != nil {
		if *q.Limit < 1 || *q.Limit > MaxRowLimit {
			return nil, domain.Invalid("query.limit", "must be between 1 and %d", MaxRowLimit)
		}
		limit = *q.Limit
	}
	q.Limit = &limit
	for i, o := range q.OrderBy {
		f := fmt.Sprintf("query.orderBy[%d]", i)
		switch {
		case (o.Measure == nil) == (o.Dimension == nil):
			return nil, domain.Invalid(f, "order by either a measure or a dimension")
		case o.Measure != nil && !slices.Contains(q.Measures, *o.Measure):
			return nil, domain.Invalid(f+".measure", "%s is not one of the query's measures", *o.Measure)
		case o.Dimension != nil && !slices.Contains(q.GroupBy, *o.Dimension):
			return nil, domain.Invalid(f+".dimension", "%s is not one of the query's groupBy dimensions", *o.Dimension)
		}
	}
	if err := CheckFilterEnums(q.Filter); err != nil {
		return nil, err
	}
	if q.Locale != ZhCN && q.Locale != En {
		return nil, domain.Invalid("query.locale", "choose ZH_CN or EN")
	}
	p := &plan{q: q, ix: ix, measures: q.Measures, dims: q.GroupBy, to: 0xffff}
	if err := p.filters(sc); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *plan) filters(sc domain.Scope) error {
	ix, f := p.ix, p.q.Filter
	subject := p.q.Subject
	only := func(field string, ok bool, set bool) error {
		if set && !ok {
			return domain.Invalid("query.filter."+field, "does not apply to %s", subject)
		}
		return nil
	}
	if err := firstError(
		only("confirmed", subject == SubjectSessions, f.Confirmed != nil),
		only("sessionTypes", subject == SubjectSessions, len(f.SessionTypes) > 0),
		only("domains", subject == SubjectSessions || subject == SubjectGrades, len(f.Domains) > 0),
		only("directions", subject == SubjectSessions, len(f.Directions) > 0),
		only("trainingTypes", subject == SubjectAttendance, len(f.TrainingTypes) > 0),
		only("pairingIds", subject != SubjectAttendance, len(f.PairingIDs) > 0),
	); err != nil {
		return err
	}
	// The effective region: the bureau's, narrowed by the filter's.
	region := ""
	switch {
	case sc.All:
	case sc.RegionCode != "":
		region = sc.RegionCode
	case sc.KindergartenID != "":
		p.kgScope = make([]bool, len(ix.kgs))
		ids := []string{sc.KindergartenID}
		if subject == SubjectAttendance {
			ids = sc.PairedKindergartenIDs
		}
		for _, id := range ids {
			if k, ok := ix.kgIdx.get(id); ok {
				p.kgScope[k] = true
			}
		}
	default:
		return domain.Unauthenticated
	}
	if f.RegionCode != nil {
		c := *f.RegionCode
		if _, err := domain.RegionLevelOf(c); err != nil {
			return domain.Invalid("query.filter.regionCode", "%v", err)
		}
		if region != "" && !domain.InRegion(c, region) {
			return &domain.Error{Code: domain.CodeForbidden, Field: "query.filter.regionCode", Message: fmt.Sprintf("region %s is outside your region", c)}
		}
		region = c
	}
	p.region = region
	if region != "" {
		p.regionIn = make([]bool, len(ix.regions))
		for i, r := range ix.regions {
			p.regionIn[i] = domain.InRegion(r.code, region)
		}
	}
	for i, id := range f.PairingIDs {
		n, ok := ix.pairIdx.get(id)
		if !ok || ix.pairings[n].deleted || !ix.seesPairing(sc, int32(n)) {
			return forbiddenRef(fmt.Sprintf("query.filter.pairingIds[%d]", i), "pairing", id)
		}
		if p.pairSel == nil {
			p.pairSel = make([]bool, len(ix.pairings))
		}
		p.pairSel[n] = true
	}
	for i, id := range f.KindergartenIDs {
		n, ok := ix.kgIdx.get(id)
		if !ok || !ix.seesKindergarten(sc, int32(n)) {
			return forbiddenRef(fmt.Sprintf("query.filter.kindergartenIds[%d]", i), "kindergarten", id)
		}
		if p.kgSel == nil {
			p.kgSel = make([]bool, len(ix.kgs))
		}
		p.kgSel[n] = true
	}
	for i, s := range f.Semesters {
		if _, err := domain.ParseSemester(s); err != nil {
			return domain.Invalid(fmt.Sprintf("query.filter.semesters[%d]", i), "%v", err)
		}
		if p.semSel == nil {
			p.semSel = make([]bool, len(cal.sems))
		}
		if n, ok := cal.semIdx[s]; ok {
			p.semSel[n] = true
		}
	}
	if f.From != nil {
		d, ok := dayOf(*f.From)
		if !ok {
			return domain.Invalid("query.filter.from", "is not a date")
		}
		p.from = d
	}
	if f.To != nil {
		d, ok := dayOf(*f.To)
		if !ok {
			return domain.Invalid("query.filter.to", "is not a date")
		}
		p.to = d
	}
	if p.from > p.to {
		return domain.Invalid("query.filter.to", "is before from")
	}
	for _, t := range f.SessionTypes {
		p.typeSel |= 1 << sessionTypes.of(t)
	}
	for _, t := range f.TrainingTypes {
		p.typeSel |= 1 << trainingTypes.of(t)
	}
	for _, d := range f.Domains {
		p.domSel |= 1 << (domainsIdx.of(d) - 1)
	}
	for _, d := range f.Directions {
		p.dirSel |= 1 << directions.of(d)
	}
	for _, s := range f.Settings {
		p.setSel |= 1 << settingsIdx.of(s)
	}
	return nil
}

// CheckFilterEnums refuses enum values a filter read from JSON (not through the schema)
// may carry.
func CheckFilterEnums(f Filter) error {
	bad := func(field string, i int, v string) error {
		return domain.Invalid(fmt.Sprintf("query.filter.%s[%d]", field, i), "%q is not a known value", v)
	}
	for i, v := range f.SessionTypes {
		if !slices.Contains(domain.AllSessionTypes, v) {
			return bad("sessionTypes", i, string(v))
		}
	}
	for i, v := range f.TrainingTypes {
		if !slices.Contains(domain.AllTrainingTypes, v) {
			return bad("trainingTypes", i, string(v))
		}
	}
	for i, v := range f.Domains {
		if !slices.Contains(domain.AllDomains, v) {
			return bad("domains", i, string(v))
		}
	}
	for i, v := range f.Directions {
		if !slices.Contains(domain.AllDirections, v) {
			return bad("directions", i, string(v))
		}
	}
	for i, v := range f.Settings {
		if !slices.Contains(domain.AllSettings, v) {
			return bad("settings", i, string(v))
		}
	}
	return nil
}

func firstError(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// forbiddenRef refuses an id the caller may not use in a filter, whether or not it
// exists, so that the answer reveals nothing about records outside the caller's scope.
func forbiddenRef(field, kind, id string) error {
	return &domain.Error{Code: domain.CodeForbidden, Field: field,
		Message: fmt.Sprintf("%s %s is not within what you may count", kind, truncatedID(id))}
}

func truncatedID(id string) string {
	if len(id) > 64 {
		return id[:64] + "…"
	}
	return id
}

// seesPairing follows the policy's rule for records: bureaus see pairings touching their
// region, kindergarten users those their kindergarten belongs to.
func (ix *Index) seesPairing(sc domain.Scope, n int32) bool {
	pr := &ix.pairings[n]
	switch {
	case sc.All:
		return true
	case sc.RegionCode != "":
		return slices.Contains(pr.regionPath, sc.RegionCode)
	case sc.KindergartenID != "":
		k, ok := ix.kgIdx.get(sc.KindergartenID)
		return ok && (pr.supporting == int32(k) || slices.Contains(pr.partners, int32(k)))
	}
	return false
}

// seesKindergarten follows the policy's rule for kindergartens.
func (ix *Index) seesKindergarten(sc domain.Scope, n int32) bool {
	switch {
	case sc.All:
		return true
	case sc.RegionCode != "":
		r := ix.kgs[n].region
		return r != none && domain.InRegion(ix.regions[r].code, sc.RegionCode)
	case sc.KindergartenID != "":
		return slices.Contains(sc.PairedKindergartenIDs, ix.kgs[n].id) || ix.kgs[n].id == sc.KindergartenID
	}
	return false
}

// source is the rows a query reads: its effective region's list, or every row.
type source struct {
	rows  []uint32 // unused when all is set: rows 0…n-1
	all   bool
	exact bool // every row has a place within the effective region
	n     int
}

func (p *plan) source() source {
	ix := p.ix
	s := subjectIndex(p.q.Subject)
	if p.region == "" {
		return source{all: true, exact: true, n: ix.rowCount(s)}
	}
	code := p.region
	if len(code) > 6 {
		code = code[:6] // lists go down to counties; the batch's filter checks the rest
	}
	var rows []uint32
	if node, ok := ix.regionIdx[code]; ok {
		rows = ix.lists[s].by[node]
	}
	return source{rows: rows, exact: len(p.region) <= 6, n: len(rows)}
}

// quick applies the filters a row's own columns answer: date, semester and type.
func (p *plan) quick(day uint16, typ uint8) bool {
	if day < p.from || day > p.to {
		return false
	}
	if p.semSel != nil && !p.semSel[cal.semester[day]] {
		return false
	}
	return p.typeSel == 0 || p.typeSel&(1<<typ) != 0
}

func (p *plan) fillSession(r uint32, f *fact) bool {
	t := &p.ix.sess
	fl := t.flags[r]
	if fl&fLive == 0 || !p.quick(t.day[r], t.typ[r]) {
		return false
	}
	f.flags, f.day = fl, t.day[r]
	f.places = [2]int32{t.kgA[r], t.kgB[r]}
	f.regions = [2]int32{p.ix.kgRegion(t.kgA[r]), p.ix.kgRegion(t.kgB[r])}
	f.np = 2
	f.typ, f.n = t.typ[r], 1
	// Only the columns the query uses are read: each is a cache miss on a wide scan.
	nd := &p.need
	if nd.pairing {
		f.pairing = t.pairing[r]
	}
	if nd.domains {
		f.domains = t.domains[r]
	}
	if nd.hours {
		f.hours = t.hours[r]
	}
	if nd.attend {
		f.attend = t.attendees[r]
	}
	if nd.rating {
		f.rating = t.rating[r]
	}
	if nd.teachers {
		off := t.tOff[r]
		f.teachers = t.teachers[off : off+uint32(t.tN[r])]
	}
	return true
}

func (p *plan) fillAttendance(r uint32, f *fact) bool {
	t := &p.ix.att
	if !t.live[r] || !p.quick(t.day[r], t.typ[r]) {
		return false
	}
	f.np, f.pairing, f.flags, f.domains, f.attend, f.rating, f.n = 1, none, fLive, 0, 0, 0, 1
	f.day, f.typ = t.day[r], t.typ[r]
	f.places = [2]int32{t.kg[r], none}
	f.regions = [2]int32{p.ix.kgRegion(t.kg[r]), none}
	if p.need.hours {
		f.hours = t.hours[r]
	}
	if p.need.teachers {
		f.teachers = t.teacher[r : r+1]
	}
	return true
}

func (p *plan) fillPhoto(r uint32, f *fact) bool {
	t := &p.ix.photo
	fl := t.flags[r]
	if fl&fLive == 0 || !p.quick(t.day[r], 0) {
		return false
	}
	f.flags, f.day, f.pairing, f.n = fl, t.day[r], t.pairing[r], t.n[r]
	f.typ, f.domains, f.hours, f.attend, f.rating, f.teachers = 0, 0, 0, 0, 0, nil
	if fl&fEventSubject != 0 {
		ev := &p.ix.events[t.kgB[r]]
		f.np = 1
		f.places = [2]int32{ev.organizerKG, none}
		f.regions = [2]int32{p.ix.organizerRegion(ev), none}
	} else {
		f.np = 2
		f.places = [2]int32{t.kgA[r], t.kgB[r]}
		f.regions = [2]int32{p.ix.kgRegion(t.kgA[r]), p.ix.kgRegion(t.kgB[r])}
	}
	return true
}

// placeIn reports whether place i of f lies within the effective region.
func (p *plan) placeIn(f *fact, i int) bool {
	if p.regionIn == nil {
		return true
	}
	r := f.regions[i]
	return r != none && p.regionIn[r]
}

func (p *plan) anyPlace(f *fact, set []bool) bool {
	for i := 0; i < f.np; i++ {
		if k := f.places[i]; k != none && set[k] {
			return true
		}
	}
	return false
}

// values appends the values fact f has for dimension d. Region, kindergarten and setting
// dimensions take each of the fact's places that lies within the effective region.
func (p *plan) values(f *fact, d Dimension, out []uint32) []uint32 {
	add := func(v uint32) { // the places may share a value
		if len(out) == 0 || out[0] != v {
			out = append(out, v)
		}
	}
	switch d {
	case Province, City, County:
		lvl := levelOf(d)
		for i := 0; i < f.np; i++ {
			if !p.placeIn(f, i) {
				continue
			}
			if r := f.regions[i]; r != none && p.ix.regions[r].at[lvl] != none {
				add(uint32(p.ix.regions[r].at[lvl]))
			} else {
				add(unknown)
			}
		}
	case KindergartenDim, SettingDim:
		for i := 0; i < f.np; i++ {
			if !p.placeIn(f, i) {
				continue
			}
			k := f.places[i]
			switch {
			case k == none:
				add(unknown)
			case d == KindergartenDim:
				add(uint32(p.kgSlot[k]))
			default:
				add(uint32(p.ix.kgs[k].setting))
			}
		}
	case SemesterDim:
		out = append(out, uint32(cal.semester[f.day]))
	case MonthDim:
		out = append(out, uint32(cal.month[f.day]))
	case SessionTypeDim, TrainingTypeDim, GradeDim:
		out = append(out, uint32(f.typ))
	case TeacherDim:
		if len(f.teachers) == 0 {
			out = append(out, unknown)
		}
		for _, t := range f.teachers {
			if t == none {
				out = append(out, unknown)
			} else if !slices.Contains(out, uint32(t)) {
				out = append(out, uint32(t))
			}
		}
	case DomainDim:
		if f.domains == 0 {
			out = append(out, 0)
		}
		for m := f.domains; m != 0; m &= m - 1 {
			out = append(out, uint32(bits.TrailingZeros8(m)+1))
		}
	case PairingDim:
		out = append(out, uint32(f.pairing))
	case SupportingKindergarten, PartnerKindergarten:
		i := 0
		if d == PartnerKindergarten {
			i = 1
		}
		if f.np < 2 || f.places[i] == none {
			out = append(out, unknown)
		} else {
			out = append(out, uint32(p.kgSlot[f.places[i]]))
		}
	case ConfirmedDim:
		if f.flags&fConfirmed != 0 {
			out = append(out, 1)
		} else {
			out = append(out, 0)
		}
	case DirectionDim:
		if f.flags&fInbound != 0 {
			out = append(out, uint32(directions.of(domain.DirectionInbound)))
		} else {
			out = append(out, uint32(directions.of(domain.DirectionOutbound)))
		}
	}
	return out
}

func levelOf(d Dimension) int {
	switch d {
	case Province:
		return 0
	case City:
		return 1
	}
	return 2
}

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
