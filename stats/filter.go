package stats

import (
	"fmt"
	"slices"

	"github.com/handinhand/handinhand/domain"
)

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
	kgs := make([]string, 0, 1+len(pr.partners))
	for _, k := range append([]int32{pr.supporting}, pr.partners...) {
		if k >= 0 && int(k) < len(ix.kgs) {
			kgs = append(kgs, ix.kgs[k].id)
		}
	}
	return sc.SeesRecord(pr.regionPath, kgs)
}

// seesKindergarten follows the policy's rule for kindergartens.
func (ix *Index) seesKindergarten(sc domain.Scope, n int32) bool {
	var path []string
	if r := ix.kgs[n].region; r != none {
		path = domain.RegionPath(ix.regions[r].code)
	}
	return sc.SeesKindergarten(ix.kgs[n].id, path)
}
