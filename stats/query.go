package stats

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"strconv"

	"github.com/handinhand/handinhand/domain"
)

// unknown is the value of a dimension a fact has no value for.
const unknown = ^uint32(0)

// fact is one row of any subject, as a query sees it.
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
	semSel   map[uint16]bool
	from, to uint16
	typeSel  uint32 // bit per session or training type
	domSel   uint8
	dirSel   uint8
	setSel   uint8
	measures []Measure
	dims     []Dimension
}

// Run answers a query for a caller with the given scope.
func (ix *Index) Run(sc domain.Scope, q Query) (*Result, error) {
	ix.mu.RLock()
	if s := subjectIndex(q.Subject); ix.needsLists(s) {
		ix.mu.RUnlock()
		ix.mu.Lock()
		if ix.needsLists(s) {
			ix.rebuildLists(s)
		}
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
		only("domains", subject == SubjectSessions, len(f.Domains) > 0),
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
			p.semSel = map[uint16]bool{}
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

// each calls fn with every live fact of the query's subject that passes the quick
// filters (date and type), reading only the rows of the effective region when there is
// one.
func (p *plan) each(fn func(*fact)) {
	ix := p.ix
	s := subjectIndex(p.q.Subject)
	var rows []uint32
	all := p.region == ""
	if !all {
		code := p.region
		if len(code) > 6 {
			code = code[:6] // lists go down to counties; matches() checks the rest
		}
		if node, ok := ix.regionIdx[code]; ok {
			rows = ix.lists[s].by[node]
		}
	}
	var fill func(r uint32, f *fact) bool
	switch s {
	case 0:
		fill = p.fillSession
	case 1:
		fill = p.fillAttendance
	default:
		fill = p.fillPhoto
	}
	var f fact
	if all {
		for r, n := uint32(0), uint32(ix.rowCount(s)); r < n; r++ {
			if fill(r, &f) {
				fn(&f)
			}
		}
		return
	}
	for _, r := range rows {
		if fill(r, &f) {
			fn(&f)
		}
	}
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
	f.pairing, f.typ, f.domains = t.pairing[r], t.typ[r], t.domains[r]
	f.hours, f.attend, f.rating = t.hours[r], t.attendees[r], t.rating[r]
	off := t.tOff[r]
	f.teachers = t.teachers[off : off+uint32(t.tN[r])]
	return true
}

func (p *plan) fillAttendance(r uint32, f *fact) bool {
	t := &p.ix.att
	if !t.live[r] || !p.quick(t.day[r], t.typ[r]) {
		return false
	}
	f.np, f.pairing, f.flags, f.domains, f.attend, f.rating = 1, none, fLive, 0, 0, 0
	f.day, f.typ, f.hours = t.day[r], t.typ[r], t.hours[r]
	f.places = [2]int32{t.kg[r], none}
	f.regions = [2]int32{p.ix.kgRegion(t.kg[r]), none}
	f.teachers = t.teacher[r : r+1]
	return true
}

func (p *plan) fillPhoto(r uint32, f *fact) bool {
	t := &p.ix.photo
	fl := t.flags[r]
	if fl&fLive == 0 || !p.quick(t.day[r], 0) {
		return false
	}
	f.flags, f.day, f.pairing = fl, t.day[r], t.pairing[r]
	f.typ, f.domains, f.hours, f.attend, f.rating, f.teachers = 0, 0, 0, 0, 0, nil
	if fl&fEventSubject != 0 {
		ev := &p.ix.events[t.kgB[r]]
		f.np = 1
		f.places = [2]int32{ev.organizerKG, none}
		f.regions = [2]int32{ev.organizerRegion, none}
		if ev.organizerKG != none {
			f.regions[0] = p.ix.kgRegion(ev.organizerKG)
		}
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

// matches applies scope and filters to a fact.
func (p *plan) matches(f *fact) bool {
	if p.regionIn != nil && !p.placeIn(f, 0) && !(f.np > 1 && p.placeIn(f, 1)) {
		return false
	}
	if p.kgScope != nil && !p.anyPlace(f, p.kgScope) {
		return false
	}
	if p.kgSel != nil && !p.anyPlace(f, p.kgSel) {
		return false
	}
	if p.pairSel != nil && (f.pairing == none || !p.pairSel[f.pairing]) {
		return false
	}
	if p.domSel != 0 && p.domSel&f.domains == 0 {
		return false
	}
	if p.dirSel != 0 {
		d := directions.of(domain.DirectionOutbound)
		if f.flags&fInbound != 0 {
			d = directions.of(domain.DirectionInbound)
		}
		if p.dirSel&(1<<d) == 0 {
			return false
		}
	}
	if p.setSel != 0 {
		ok := false
		for i := 0; i < f.np; i++ {
			if k := f.places[i]; k != none && p.setSel&(1<<p.ix.kgs[k].setting) != 0 {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	if c := p.q.Filter.Confirmed; c != nil && (f.flags&fConfirmed != 0) != *c {
		return false
	}
	return true
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
	add := func(v uint32) {
		if !slices.Contains(out, v) {
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
			if r := f.regions[i]; r != none && p.ix.regions[r].levels[lvl] != none {
				add(uint32(p.ix.regions[r].levels[lvl]))
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
				add(uint32(k))
			default:
				add(uint32(p.ix.kgs[k].setting))
			}
		}
	case SemesterDim:
		add(uint32(cal.semester[f.day]))
	case MonthDim:
		add(uint32(cal.month[f.day]))
	case SessionTypeDim, TrainingTypeDim:
		add(uint32(f.typ))
	case DomainDim:
		if f.domains == 0 {
			add(0)
		}
		for m := f.domains; m != 0; m &= m - 1 {
			add(uint32(bits.TrailingZeros8(m) + 1))
		}
	case PairingDim:
		add(uint32(f.pairing))
	case SupportingKindergarten, PartnerKindergarten:
		i := 0
		if d == PartnerKindergarten {
			i = 1
		}
		if f.np < 2 || f.places[i] == none {
			add(unknown)
		} else {
			add(uint32(f.places[i]))
		}
	case ConfirmedDim:
		if f.flags&fConfirmed != 0 {
			add(1)
		} else {
			add(0)
		}
	case DirectionDim:
		if f.flags&fInbound != 0 {
			add(uint32(directions.of(domain.DirectionInbound)))
		} else {
			add(uint32(directions.of(domain.DirectionOutbound)))
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

type bitset []uint64

// distinctSet counts distinct ids per group. Groups get a bitset over the ids while a
// per-query budget of memory lasts; the rest record (group, id) pairs that are sorted and
// counted at the end. Many small groups (by kindergarten, say) thus cost memory in
// proportion to their facts, not to groups × ids.
type distinctSet struct {
	size   int
	bits   []bitset
	over   []bool
	n      []int
	pairs  []uint64
	budget int // words of bitset left
}

// distinctBudget is the bitset memory one distinct measure of a query may use: 2 MB.
var distinctBudget = 256 << 10

func newDistinctSet(size int) *distinctSet { return &distinctSet{size: size, budget: distinctBudget} }

func (d *distinctSet) add(g int, id int32) {
	if id < 0 {
		return
	}
	for g >= len(d.bits) {
		d.bits, d.over, d.n = append(d.bits, nil), append(d.over, false), append(d.n, 0)
	}
	b := d.bits[g]
	if b == nil && !d.over[g] {
		if w := (d.size + 63) / 64; d.budget >= w {
			b = make(bitset, w)
			d.bits[g], d.budget = b, d.budget-w
		} else {
			d.over[g] = true
		}
	}
	if b != nil {
		w, m := id/64, uint64(1)<<(uint(id)%64)
		if b[w]&m == 0 {
			b[w] |= m
			d.n[g]++
		}
		return
	}
	d.pairs = append(d.pairs, uint64(g)<<32|uint64(uint32(id)))
}

// count returns the distinct ids of group g; finish must have run.
func (d *distinctSet) count(g int) int {
	if g < len(d.n) {
		return d.n[g]
	}
	return 0
}

// finish counts the recorded pairs.
func (d *distinctSet) finish() {
	if len(d.pairs) == 0 {
		return
	}
	radixSort(d.pairs)
	prev := ^uint64(0)
	for _, p := range d.pairs {
		if p != prev {
			d.n[p>>32]++
			prev = p
		}
	}
	d.pairs = nil
}

// distincts are the distinct measures a query asked for, over its groups.
type distincts struct {
	teachers, kgs, pairings *distinctSet
}

func (p *plan) newDistincts(want measureSet) distincts {
	var d distincts
	if want.teachers {
		d.teachers = newDistinctSet(int(p.ix.teachers.n))
	}
	if want.kgs {
		d.kgs = newDistinctSet(len(p.ix.kgs))
	}
	if want.pairings {
		d.pairings = newDistinctSet(len(p.ix.pairings))
	}
	return d
}

func (d distincts) finish() {
	for _, s := range []*distinctSet{d.teachers, d.kgs, d.pairings} {
		if s != nil {
			s.finish()
		}
	}
}

func (p *plan) accumulate(g *group, f *fact, d distincts) {
	g.count++
	g.hours += float64(f.hours)
	g.attendees += float64(f.attend)
	if f.rating != 0 {
		g.ratingSum += float64(f.rating)
		g.ratingN++
	}
	if d.teachers != nil {
		for _, t := range f.teachers {
			d.teachers.add(g.idx, t)
		}
	}
	if d.kgs != nil {
		for i := 0; i < f.np; i++ {
			d.kgs.add(g.idx, f.places[i])
		}
	}
	if d.pairings != nil {
		d.pairings.add(g.idx, f.pairing)
	}
}

type measureSet struct{ teachers, kgs, pairings bool }

func (p *plan) run() *Result {
	want := measureSet{
		teachers: slices.Contains(p.measures, DistinctTeachers),
		kgs:      slices.Contains(p.measures, DistinctKindergartens),
		pairings: slices.Contains(p.measures, DistinctPairings),
	}
	var total group
	totalD, groupD := p.newDistincts(want), p.newDistincts(want)
	// A group is found by its keys in mixed radix: in a dense table when the dimensions'
	// sizes allow, else in a map.
	cards, bases := make([]uint64, len(p.dims)), make([]uint64, len(p.dims))
	size := uint64(1)
	for i, d := range p.dims {
		cards[i], bases[i] = p.cardinality(d)
		size *= cards[i]
	}
	var dense []int32 // group index + 1; 0 for none yet
	if size <= denseGroups {
		dense = make([]int32, size)
	}
	index := map[uint64]int32{}
	var groups []group
	vals := make([][]uint32, len(p.dims))
	res := &Result{}
	var key [MaxGroupBy]uint32
	var walk func(f *fact, d int, code uint64) int
	walk = func(f *fact, d int, code uint64) int {
		if d == len(p.dims) {
			var gi int32
			var ok bool
			if dense != nil {
				gi = dense[code] - 1
				ok = gi >= 0
			} else {
				gi, ok = index[code]
			}
			if !ok {
				gi = int32(len(groups))
				groups = append(groups, group{key: key, idx: int(gi)})
				if dense != nil {
					dense[code] = gi + 1
				} else {
					index[code] = gi
				}
			}
			p.accumulate(&groups[gi], f, groupD)
			return 1
		}
		n := 0
		for _, v := range vals[d] {
			key[d] = v
			c := uint64(v) - bases[d]
			if v == unknown {
				c = cards[d] - 1
			}
			n += walk(f, d+1, code*cards[d]+c)
		}
		return n
	}
	p.each(func(f *fact) {
		if !p.matches(f) {
			return
		}
		res.Facts++
		p.accumulate(&total, f, totalD)
		for i, d := range p.dims {
			vals[i] = p.values(f, d, vals[i][:0])
		}
		if walk(f, 0, 0) > 1 {
			res.Overlapping = true
		}
	})
	totalD.finish()
	groupD.finish()
	res.Total = Total{Values: p.measureValues(&total, totalD)}
	res.RowCount = len(groups)
	order := p.order(groups, groupD)
	if len(order) > *p.q.Limit {
		order = order[:*p.q.Limit]
	}
	res.Rows = make([]Row, len(order))
	for i, gi := range order {
		g := &groups[gi]
		res.Rows[i] = Row{Keys: p.keys(g.key), Values: p.measureValues(g, groupD)}
	}
	return res
}

// denseGroups is the largest key space whose groups are found in a table rather than a
// map: 4M entries, 16 MB.
const denseGroups = 1 << 22

// cardinality is the number of values dimension d takes in this index, plus one for
// unknown, and the smallest value (the key space starts there).
func (p *plan) cardinality(d Dimension) (card, base uint64) {
	ix := p.ix
	var n int
	switch d {
	case Province, City, County:
		n = len(ix.regions)
	case KindergartenDim, SupportingKindergarten, PartnerKindergarten:
		n = len(ix.kgs)
	case PairingDim:
		n = len(ix.pairings)
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
		var v float64
		switch m {
		case Count:
			v = g.count
		case Hours:
			v = g.hours
		case Attendees:
			v = g.attendees
		case AvgRating:
			if g.ratingN == 0 {
				continue
			}
			v = g.ratingSum / g.ratingN
		case DistinctTeachers:
			v = float64(d.teachers.count(g.idx))
		case DistinctKindergartens:
			v = float64(d.kgs.count(g.idx))
		case DistinctPairings:
			v = float64(d.pairings.count(g.idx))
		}
		out[i] = &v
	}
	return out
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
			key.Value, key.Label = ix.regions[v].code, ix.regions[v].name
		case KindergartenDim, SupportingKindergarten, PartnerKindergarten:
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

// order returns the groups' indexes in the query's order, then by their keys: time and
// codes in their natural order, enums as declared, names alphabetically, unknown last.
// Each dimension's values are ranked once, so rows compare as numbers.
func (p *plan) order(groups []group, d distincts) []int32 {
	ranks := make([]map[uint32]int32, len(p.dims))
	for i, dim := range p.dims {
		var vs []uint32
		seen := map[uint32]bool{}
		for gi := range groups {
			if v := groups[gi].key[i]; !seen[v] {
				seen[v] = true
				vs = append(vs, v)
			}
		}
		keys := make(map[uint32]Key, len(vs))
		for _, v := range vs {
			keys[v] = p.keyOf(dim, v)
		}
		slices.SortFunc(vs, func(a, b uint32) int { return compareKey(dim, a, b, keys[a], keys[b]) })
		ranks[i] = make(map[uint32]int32, len(vs))
		for r, v := range vs {
			ranks[i][v] = int32(r)
		}
	}
	// Each group's ranks packed into one number that orders as the tuple does.
	shifts := make([]uint, len(p.dims))
	var used uint
	for i := len(p.dims) - 1; i >= 0; i-- {
		shifts[i] = used
		used += uint(bits.Len(uint(len(ranks[i]))))
	}
	rank := make([]uint64, len(groups))
	packed := used <= 64
	for gi := range groups {
		var k uint64
		for i := range p.dims {
			if packed {
				k |= uint64(ranks[i][groups[gi].key[i]]) << shifts[i]
			}
		}
		rank[gi] = k
	}
	byRanks := func(a, b int32) int {
		if packed {
			return cmp.Compare(rank[a], rank[b])
		}
		for i := range p.dims { // too many values to pack: compare dimension by dimension
			if c := cmp.Compare(ranks[i][groups[a].key[i]], ranks[i][groups[b].key[i]]); c != 0 {
				return c
			}
		}
		return 0
	}
	// The measures rows are ordered by are computed once per group.
	var by []func(a, b int32) int
	for _, o := range p.q.OrderBy {
		o := o
		if o.Measure != nil {
			sub := &plan{measures: []Measure{*o.Measure}}
			vals := make([]*float64, len(groups))
			for gi := range groups {
				vals[gi] = sub.measureValues(&groups[gi], d)[0]
			}
			by = append(by, func(a, b int32) int { return compareValue(vals[a], vals[b], o.Desc) })
			continue
		}
		i := slices.Index(p.dims, *o.Dimension)
		dim := make([]int32, len(groups))
		for gi := range groups {
			dim[gi] = ranks[i][groups[gi].key[i]]
		}
		by = append(by, func(a, b int32) int {
			c := cmp.Compare(dim[a], dim[b])
			if o.Desc {
				c = -c
			}
			return c
		})
	}
	out := make([]int32, len(groups))
	for i := range out {
		out[i] = int32(i)
	}
	slices.SortFunc(out, func(a, b int32) int {
		for _, f := range by {
			if c := f(a, b); c != 0 {
				return c
			}
		}
		return byRanks(a, b)
	})
	return out
}

// compareValue orders measure values, missing values last either way.
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
	case SessionTypeDim, TrainingTypeDim, DomainDim, SettingDim, DirectionDim, ConfirmedDim:
		return cmp.Compare(va, vb)
	case PairingDim, KindergartenDim, SupportingKindergarten, PartnerKindergarten:
		if c := cmp.Compare(ka.Label, kb.Label); c != 0 {
			return c
		}
	}
	return cmp.Compare(ka.Value, kb.Value)
}

// radixSort sorts keys in place, 16 bits at a time, as many passes as the largest key
// needs: for the millions of (group, id) pairs of a distinct count it is several times
// quicker than comparison sorting.
func radixSort(keys []uint64) {
	var top uint64
	for _, k := range keys {
		top |= k
	}
	buf := make([]uint64, len(keys))
	src, dst := keys, buf
	for shift := uint(0); shift < 64 && top>>shift != 0; shift += 16 {
		var counts [1 << 16]int
		for _, k := range src {
			counts[(k>>shift)&0xffff]++
		}
		pos := 0
		for i, c := range counts {
			counts[i] = pos
			pos += c
		}
		for _, k := range src {
			d := (k >> shift) & 0xffff
			dst[counts[d]] = k
			counts[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}
