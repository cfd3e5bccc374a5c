package stats

import (
	"time"

	"github.com/handinhand/handinhand/domain"
)

// The small subjects: lesson grades and donations. A pairing has a handful of each a
// semester (a city some thousands a year, against a hundred thousand sessions), so they
// are kept as whole facts and counted one at a time (part.add), without the columns,
// clustering and region lists the large subjects need to stay fast.

var gradesIdx = newEnumIndex(domain.AllLessonGrades)

const (
	smallGrades = iota
	smallDonations
	nSmall
)

// smallTable holds one small subject's facts; a removed fact's slot stays, not live.
type smallTable struct {
	rows  map[string]int
	facts []fact
	live  []bool
}

func smallOf(s Subject) (int, bool) {
	switch s {
	case SubjectGrades:
		return smallGrades, true
	case SubjectDonations:
		return smallDonations, true
	}
	return 0, false
}

// putSmall replaces the fact of record id in table t (removes it unless keep).
func (ix *Index) putSmall(t int, id string, f fact, keep bool) {
	tb := &ix.small[t]
	if tb.rows == nil {
		tb.rows = map[string]int{}
	}
	r, ok := tb.rows[id]
	if !keep {
		if ok {
			tb.live[r] = false
		}
		return
	}
	ix.sawDay(f.day)
	if !ok {
		r = len(tb.facts)
		tb.facts = append(tb.facts, fact{})
		tb.live = append(tb.live, false)
		tb.rows[id] = r
	}
	tb.facts[r], tb.live[r] = f, true
}

// placed fills f's places (supporting kindergarten, partner) and their regions.
func (ix *Index) placed(f *fact, supporting, partner string) {
	f.np = 2
	f.places = [2]int32{ix.kgOf(supporting), ix.kgOf(partner)}
	f.regions = [2]int32{ix.kgRegion(f.places[0]), ix.kgRegion(f.places[1])}
	f.n = 1
	f.flags = fLive
}

type donationDoc struct {
	ID                    string      `bson:"_id"`
	PairingID             string      `bson:"pairingId"`
	PartnerKindergartenID string      `bson:"partnerKindergartenId"`
	Date                  domain.Date `bson:"date"`
	Value                 float64     `bson:"value"`
	DeletedAt             *time.Time  `bson:"deletedAt"`
}

// putGrades keeps a lesson grade twice: counted for compliance (putGrade) and as a fact.
func (ix *Index) putGrades(g *gradeDoc) {
	ix.putGrade(g)
	ix.putGradeFact(g)
}

// putGradeFact keeps a lesson grade's fact: the grade in the fact's type, the graded
// teacher as its one teacher, its domain if it has one.
func (ix *Index) putGradeFact(g *gradeDoc) {
	day, ok := dayOf(g.Date)
	if g.DeletedAt != nil || !ok || !g.Grade.Valid() {
		ix.putSmall(smallGrades, g.ID, fact{}, false)
		return
	}
	f := fact{day: day, pairing: ix.pairingOf(g.PairingID), typ: gradesIdx.of(g.Grade)}
	ix.placed(&f, g.SupportingKindergartenID, g.PartnerKindergartenID)
	if g.Domain != nil {
		if d := domainsIdx.of(*g.Domain); d > 0 {
			f.domains = 1 << (d - 1)
		}
	}
	if g.TeacherID != "" {
		f.teachers = []int32{ix.teachers.of(g.TeacherID)}
	}
	ix.putSmall(smallGrades, g.ID, f, true)
}

// putDonation keeps a donation's fact: its value in the hours sum (VALUE reads it), the
// supporting kindergarten the pairing's.
func (ix *Index) putDonation(d *donationDoc) {
	day, ok := dayOf(d.Date)
	if d.DeletedAt != nil || !ok {
		ix.putSmall(smallDonations, d.ID, fact{}, false)
		return
	}
	f := fact{day: day, pairing: ix.pairingOf(d.PairingID), hours: float32(d.Value)}
	supporting := ""
	if f.pairing != none && ix.pairings[f.pairing].supporting != none {
		supporting = ix.kgs[ix.pairings[f.pairing].supporting].id
	}
	ix.placed(&f, supporting, d.PartnerKindergartenID)
	ix.putSmall(smallDonations, d.ID, f, true)
}

// passes applies the query's filters to a small subject's fact.
func (p *plan) passes(f *fact) bool {
	if !p.quick(f.day, 0) {
		return false
	}
	in := func(set []bool) bool { return p.anyPlace(f, set) }
	if p.regionIn != nil && !p.placeIn(f, 0) && !p.placeIn(f, 1) {
		return false
	}
	if p.kgScope != nil && !in(p.kgScope) || p.kgSel != nil && !in(p.kgSel) {
		return false
	}
	if p.pairSel != nil && (f.pairing == none || !p.pairSel[f.pairing]) {
		return false
	}
	if p.domSel != 0 && p.domSel&f.domains == 0 {
		return false
	}
	if p.setSel != 0 {
		ok := false
		for i := range f.np {
			if k := f.places[i]; k != none && p.setSel&(1<<p.ix.kgs[k].setting) != 0 {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// runSmall answers a query of a small subject: every fact read whole, on one worker.
func (p *plan) runSmall(t int) *Result {
	p.prepare()
	l := p.layout()
	tb := &p.ix.small[t]
	pt := p.newPart(l, len(tb.facts), len(tb.facts))
	for r := range tb.facts {
		if f := &tb.facts[r]; tb.live[r] && p.passes(f) {
			pt.add(f)
		}
	}
	return p.finish([]*part{pt}, l, false)
}
