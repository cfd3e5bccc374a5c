package stats

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/handinhand/handinhand/domain"
)

// Status is how a pairing stands against its targets.
type Status string

const (
	Met     Status = "MET"      // every target reached
	OnTrack Status = "ON_TRACK" // not yet reached, but at the pace the months passed ask for
	Behind  Status = "BEHIND"   // behind that pace, or the semester ended short
)

// ComplianceOrder sorts the compliance table.
type ComplianceOrder string

const (
	WorstFirst     ComplianceOrder = "WORST_FIRST"
	ByHours        ComplianceOrder = "HOURS"
	ByLectures     ComplianceOrder = "LECTURES"
	ByVisits       ComplianceOrder = "VISITS"
	ByConfirmed    ComplianceOrder = "CONFIRMED_SHARE"
	ByPairingName  ComplianceOrder = "PAIRING_NAME"
	AllComplOrders                 = "WORST_FIRST HOURS LECTURES VISITS CONFIRMED_SHARE PAIRING_NAME"
)

// ComplianceRow is one partner of one pairing in one semester. What counts: sessions
// sent from the supporting kindergarten to the partner (OUTBOUND) that the partner has
// not queried back; teaching hours are those of every such session except monthly
// visits; special lectures are SPECIAL_LECTURE sessions; a month is visited when it has
// at least one MONTHLY_VISIT, however many.
type ComplianceRow struct {
	PairingID, PairingName                               string
	SupportingKindergartenID, SupportingKindergartenName string
	PartnerKindergartenID, PartnerKindergartenName       string
	Semester                                             string
	Targets                                              domain.Targets
	Hours                                                float64
	Lectures                                             int
	MonthsVisited                                        int      // required months with a visit
	MonthsElapsed                                        int      // required months begun by today
	MonthsRequired                                       int      // semester months within the pairing's period
	MissedMonths                                         []string // months that ended without a visit
	Sessions                                             int
	Confirmed                                            int
	ConfirmedShare                                       *float64 // confirmed share of Sessions; nil when none
	// Graded lessons of the partner's teachers in the semester; the shares graded
	// EXCELLENT and passing, nil when none is graded.
	Graded, Excellent, Passed     int
	ExcellentLessonRate, PassRate *float64
	// LectureEventIDs are the training events counted among Lectures (domain.CountsAsLectureFor).
	LectureEventIDs []string
	// VisitedThisMonth: the month of the query's day has a visit.
	VisitedThisMonth bool
	Status           Status
	progress         float64
}

// ComplianceQuery asks for the compliance table of a semester.
type ComplianceQuery struct {
	Semester   string
	RegionCode *string
	OrderBy    ComplianceOrder
	Desc       bool
	// Only rows with these statuses; all when empty.
	Statuses []Status
	// At most this many rows (after ordering); all when nil.
	Limit *int
	Today domain.Date
}

// MaxComplianceLimit is the largest limit a compliance query takes.
const MaxComplianceLimit = 10000

// Compliance lists every pairing partner in scope that is active during the semester,
// with its progress against the pairing's targets for that semester.
func (ix *Index) Compliance(sc domain.Scope, q ComplianceQuery) ([]ComplianceRow, error) {
	sem, err := domain.ParseSemester(q.Semester)
	if err != nil {
		return nil, domain.Invalid("semester", "%v", err)
	}
	if q.OrderBy == "" {
		q.OrderBy = WorstFirst
	}
	if !strings.Contains(" "+AllComplOrders+" ", " "+string(q.OrderBy)+" ") {
		return nil, domain.Invalid("orderBy", "choose one of %s", AllComplOrders)
	}
	if q.Limit != nil && (*q.Limit < 1 || *q.Limit > MaxComplianceLimit) {
		return nil, domain.Invalid("limit", "must be between 1 and %d", MaxComplianceLimit)
	}
	for _, st := range q.Statuses {
		if st != Met && st != OnTrack && st != Behind {
			return nil, domain.Invalid("statuses", "unknown status %q", st)
		}
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	// The scope and region filter are those of a stats query over sessions.
	p := &plan{q: Query{Subject: SubjectSessions}, ix: ix, to: 0xffff}
	if q.RegionCode != nil {
		p.q.Filter.RegionCode = q.RegionCode
	}
	if err := p.filters(sc); err != nil {
		if de, ok := err.(*domain.Error); ok && de.Field == "query.filter.regionCode" {
			de.Field = "regionCode"
		}
		return nil, err
	}
	months := sem.Months()
	first, last := domain.Date(months[0]+"-01"), lastDay(months[len(months)-1])
	curMonth := q.Today.Month()
	type key struct{ pairing, partner int32 }
	rows := map[key]*ComplianceRow{}
	var order []key
	for n := range ix.pairings {
		pr := &ix.pairings[n]
		if pr.deleted || pr.status == domain.PairingDraft || pr.start > last || pr.end < first {
			continue
		}
		for _, partner := range pr.partners {
			f := fact{places: [2]int32{pr.supporting, partner}, np: 2}
			f.regions = [2]int32{ix.kgRegion(pr.supporting), ix.kgRegion(partner)}
			if (p.regionIn != nil && !p.placeIn(&f, 0) && !p.placeIn(&f, 1)) || (p.kgScope != nil && !p.anyPlace(&f, p.kgScope)) {
				continue
			}
			t := pr.targetsFor(q.Semester)
			row := &ComplianceRow{PairingID: pr.id, PairingName: pr.name, Semester: q.Semester, Targets: t,
				SupportingKindergartenID: ix.kgs[pr.supporting].id, SupportingKindergartenName: ix.kgs[pr.supporting].name,
				PartnerKindergartenID: ix.kgs[partner].id, PartnerKindergartenName: ix.kgs[partner].name}
			k := key{int32(n), partner}
			rows[k] = row
			order = append(order, k)
		}
	}
	semIdx, ok := cal.semIdx[q.Semester]
	visited := map[key]map[string]bool{}
	if ok {
		lecture, visit := sessionTypes.of(domain.SessionSpecialLecture), sessionTypes.of(domain.SessionMonthlyVisit)
		t := &ix.sess
		for r, fl := range t.flags {
			if fl&fLive == 0 || fl&(fQueried|fInbound) != 0 || cal.semester[t.day[r]] != semIdx {
				continue
			}
			k := key{t.pairing[r], t.kgB[r]}
			row := rows[k]
			if row == nil {
				continue
			}
			row.Sessions++
			if fl&fConfirmed != 0 {
				row.Confirmed++
			}
			switch t.typ[r] {
			case visit:
				if visited[k] == nil {
					visited[k] = map[string]bool{}
				}
				visited[k][cal.months[cal.month[t.day[r]]]] = true
			case lecture:
				row.Lectures++
				row.Hours += float64(t.hours[r])
			default:
				row.Hours += float64(t.hours[r])
			}
		}
	}
	if ok {
		ix.countLectureEvents(semIdx, func(pairing, partner int32, eventID string) {
			if row := rows[key{pairing, partner}]; row != nil {
				row.Lectures++
				row.LectureEventIDs = append(row.LectureEventIDs, eventID)
			}
		})
	}
	out := make([]ComplianceRow, 0, len(order))
	for _, k := range order {
		row := rows[k]
		pr := &ix.pairings[k.pairing]
		row.Hours = math.Round(row.Hours*1e6) / 1e6
		row.VisitedThisMonth = visited[k][curMonth]
		var completed int
		for _, m := range months {
			if m < pr.start.Month() || m > pr.end.Month() {
				continue
			}
			row.MonthsRequired++
			if m <= curMonth {
				row.MonthsElapsed++
			}
			if visited[k][m] {
				row.MonthsVisited++
			} else if m < curMonth {
				row.MissedMonths = append(row.MissedMonths, m)
			}
			if m < curMonth {
				completed++
			}
		}
		if row.Sessions > 0 {
			share := float64(row.Confirmed) / float64(row.Sessions)
			row.ConfirmedShare = &share
		}
		g := ix.gradesOf(k.pairing, k.partner, q.Semester)
		row.Graded, row.Excellent, row.Passed = g.graded, g.excellent, g.passed
		row.ExcellentLessonRate, row.PassRate = domain.GradeRates(g.graded, g.excellent, g.passed)
		row.Status, row.progress = status(row, completed, q.Today > last || q.Today > pr.end)
		if len(q.Statuses) > 0 && !slices.Contains(q.Statuses, row.Status) {
			continue
		}
		out = append(out, *row)
	}
	sortCompliance(out, q.OrderBy, q.Desc)
	if q.Limit != nil && len(out) > *q.Limit {
		out = out[:*q.Limit]
	}
	return out, nil
}

// status decides MET / ON_TRACK / BEHIND, and a progress figure (the least-reached
// target's share) that orders rows within a status.
func status(r *ComplianceRow, completed int, ended bool) (Status, float64) {
	t := r.Targets
	share := func(have, want float64) float64 {
		if want <= 0 {
			return 1
		}
		return min(have/want, 1)
	}
	visits := 1.0
	if t.MonthlyVisits && r.MonthsRequired > 0 {
		visits = float64(r.MonthsVisited) / float64(r.MonthsRequired)
	}
	progress := min(share(r.Hours, t.TeachingHours), share(float64(r.Lectures), float64(t.SpecialLectures)), visits)
	hoursMet := r.Hours+1e-9 >= t.TeachingHours
	lecturesMet := r.Lectures >= t.SpecialLectures
	visitsMet := !t.MonthlyVisits || r.MonthsVisited >= r.MonthsRequired
	// The rate targets are measured by the lessons graded: with none graded they are not
	// measured and do not decide the status (the row shows the rates as missing); with
	// grades, both must be reached.
	ratesMet := true
	if r.ExcellentLessonRate != nil {
		ratesMet = *r.ExcellentLessonRate+1e-9 >= t.ExcellentLessonRate && *r.PassRate+1e-9 >= t.PassRate
		progress = min(progress, share(*r.ExcellentLessonRate, t.ExcellentLessonRate), share(*r.PassRate, t.PassRate))
	}
	switch {
	case hoursMet && lecturesMet && visitsMet && ratesMet:
		return Met, progress
	case ended:
		return Behind, progress
	}
	pace := 0.0
	if r.MonthsRequired > 0 {
		pace = float64(completed) / float64(r.MonthsRequired)
	}
	onPace := r.Hours+1e-9 >= t.TeachingHours*pace &&
		r.Lectures >= int(math.Floor(float64(t.SpecialLectures)*pace+1e-9)) &&
		(!t.MonthlyVisits || len(r.MissedMonths) == 0)
	if onPace {
		return OnTrack, progress
	}
	return Behind, progress
}

func sortCompliance(rows []ComplianceRow, by ComplianceOrder, desc bool) {
	rank := map[Status]int{Behind: 0, OnTrack: 1, Met: 2}
	names := func(a, b *ComplianceRow) int {
		return cmp.Or(cmp.Compare(a.PairingName, b.PairingName), cmp.Compare(a.PartnerKindergartenName, b.PartnerKindergartenName), cmp.Compare(a.PartnerKindergartenID, b.PartnerKindergartenID))
	}
	share := func(r *ComplianceRow) float64 {
		if r.ConfirmedShare == nil {
			return -1
		}
		return *r.ConfirmedShare
	}
	slices.SortStableFunc(rows, func(a, b ComplianceRow) int {
		var c int
		switch by {
		case WorstFirst:
			c = cmp.Or(cmp.Compare(rank[a.Status], rank[b.Status]), cmp.Compare(a.progress, b.progress))
		case ByHours:
			c = cmp.Compare(a.Hours, b.Hours)
		case ByLectures:
			c = cmp.Compare(a.Lectures, b.Lectures)
		case ByVisits:
			c = cmp.Compare(a.MonthsVisited, b.MonthsVisited)
		case ByConfirmed:
			c = cmp.Compare(share(&a), share(&b))
		}
		if desc {
			c = -c
		}
		return cmp.Or(c, names(&a, &b))
	})
}

func (ix *Index) kgRegion(k int32) int32 {
	if k == none {
		return none
	}
	return ix.kgs[k].region
}

func (pr *pairing) targetsFor(semester string) domain.Targets {
	for _, o := range pr.overrides {
		if o.Semester == semester {
			return o.Targets
		}
	}
	return pr.targets
}

// lastDay is the last day of a month "YYYY-MM".
func lastDay(month string) domain.Date {
	t := domain.Date(month+"-01").Time().AddDate(0, 1, -1)
	return domain.Date(fmt.Sprintf("%04d-%02d-%02d", t.Year(), t.Month(), t.Day()))
}

// countLectureEvents passes each (pairing, partner) that a training event of the semester
// counts as a special lecture for, by the domain's rule.
func (ix *Index) countLectureEvents(semIdx uint16, count func(pairing, partner int32, eventID string)) {
	lecture := trainingTypes.of(domain.TrainingSpecialLecture)
	for n := range ix.events {
		ev := &ix.events[n]
		if len(ev.pairings) == 0 || ev.typ != lecture || ev.organizerKG == none || cal.semester[ev.day] != semIdx {
			continue
		}
		e := &domain.TrainingEvent{ID: ev.id, Type: domain.TrainingSpecialLecture, OrganizerKindergartenID: ix.kgs[ev.organizerKG].id,
			Date: ev.date, PairingIDs: ev.pairings}
		for _, r := range ev.rows {
			if ix.att.live[r] && ix.att.kg[r] != none {
				e.Attendance = append(e.Attendance, domain.Attendance{KindergartenID: ix.kgs[ix.att.kg[r]].id})
			}
		}
		for _, pid := range ev.pairings {
			pi, ok := ix.pairIdx.get(pid)
			if !ok {
				continue
			}
			pr := &ix.pairings[pi]
			if pr.deleted || pr.supporting == none {
				continue
			}
			dp := &domain.Pairing{ID: pr.id, SupportingKindergartenID: ix.kgs[pr.supporting].id, Start: pr.start, End: pr.end}
			for _, partner := range pr.partners {
				if domain.CountsAsLectureFor(e, dp, ix.kgs[partner].id) {
					count(int32(pi), partner, ev.id)
				}
			}
		}
	}
}
