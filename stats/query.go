package stats

import (
	"fmt"
	"slices"

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
