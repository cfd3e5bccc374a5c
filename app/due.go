package app

import (
	"context"
	"math"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/stats"
)

// DueKind is what a user is reminded of on their first screen.
type DueKind string

const (
	DueVisitMissing  DueKind = "VISIT_MISSING"        // this month's visit to a partner is not logged
	DueHoursNeeded   DueKind = "HOURS_NEEDED"         // teaching hours still needed this semester
	DueLectures      DueKind = "LECTURES_NEEDED"      // special lectures still needed this semester
	DueWaiting       DueKind = "WAITING_CONFIRMATION" // lessons the partner has not confirmed
	DueBehind        DueKind = "BEHIND"               // pairing partners behind their pace (bureaus)
	DueInspections   DueKind = "INSPECTION_OPEN"      // inspections with items not closed
	DueItemOverdue   DueKind = "ITEM_OVERDUE"         // an item to rectify past its deadline
	DueSummaryNeeded DueKind = "SUMMARY_MISSING"      // last semester's summary not submitted
	DuePlanOverdue   DueKind = "PLAN_OVERDUE"         // planned activities whose month or day passed without a record
	DuePlanSoon      DueKind = "PLAN_DUE_SOON"        // planned activities due in the next two weeks
)

// DueItem is one reminder.
type DueItem struct {
	Kind                  DueKind
	PairingID             string
	PartnerKindergartenID string
	Count                 int
	Amount                float64
	Date                  domain.Date
	Days                  int
	InspectionID          string
	Text                  string
}

// Due is what is due for the caller, computed from the targets and the records.
type Due struct {
	Semester  string
	WeeksLeft int
	Items     []DueItem
}

// Due lists the caller's reminders: for the supporting side, this month's missing visits
// and the hours and lectures still needed; for a partner, lessons waiting for its
// confirmation and how long the oldest has waited; for a bureau, the partners behind and
// the open inspections; for everyone, items to rectify past their deadline, and for a
// kindergarten's admin, last semester's summary not yet submitted.
func (a *App) Due(ctx context.Context, p *policy.Principal) (*Due, error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	today := domain.DateOf(domain.Now())
	sem := domain.SemesterOf(today)
	s, _ := domain.ParseSemester(sem)
	months := s.Months()
	end := domain.Date(months[len(months)-1] + "-28")
	for d := end; domain.SemesterOf(d) == sem; d = d.AddDays(1) {
		end = d
	}
	out := &Due{Semester: sem, WeeksLeft: int(math.Ceil(float64(end.Time().Sub(today.Time()).Hours()) / 24 / 7)), Items: []DueItem{}}
	rows, err := a.Compliance(ctx, p, stats.ComplianceQuery{Semester: sem, Today: today})
	if err != nil {
		return nil, err
	}
	kg := p.KindergartenID
	behind := 0
	planned := map[string]bool{}
	for _, r := range rows {
		if r.Status == stats.Behind {
			behind++
		}
		if kg == "" || r.SupportingKindergartenID != kg {
			continue
		}
		pr, err := a.Store.Pairing(ctx, r.PairingID)
		if err != nil {
			return nil, err
		}
		if pr.Status != domain.PairingActive || today < pr.Start || today > pr.End {
			continue
		}
		if !planned[pr.ID] {
			planned[pr.ID] = true
			states, err := a.PlanOf(ctx, p, pr, sem)
			if err != nil {
				return nil, err
			}
			overdue, soon := 0, 0
			for _, st := range states {
				switch {
				case st.Status == domain.PlanOverdue:
					overdue++
				case st.Status == domain.PlanPlanned && st.Due() <= today.AddDays(14):
					soon++
				}
			}
			if overdue > 0 {
				out.Items = append(out.Items, DueItem{Kind: DuePlanOverdue, PairingID: pr.ID, Count: overdue})
			}
			if soon > 0 {
				out.Items = append(out.Items, DueItem{Kind: DuePlanSoon, PairingID: pr.ID, Count: soon})
			}
		}
		if r.Targets.MonthlyVisits && !r.VisitedThisMonth {
			out.Items = append(out.Items, DueItem{Kind: DueVisitMissing, PairingID: r.PairingID, PartnerKindergartenID: r.PartnerKindergartenID, Date: today})
		}
		if need := r.Targets.TeachingHours - r.Hours; need > 1e-9 {
			out.Items = append(out.Items, DueItem{Kind: DueHoursNeeded, PairingID: r.PairingID, PartnerKindergartenID: r.PartnerKindergartenID,
				Amount: math.Round(need*10) / 10})
		}
		if need := r.Targets.SpecialLectures - r.Lectures; need > 0 {
			out.Items = append(out.Items, DueItem{Kind: DueLectures, PairingID: r.PairingID, PartnerKindergartenID: r.PartnerKindergartenID, Count: need})
		}
	}
	if kg != "" {
		// Lessons the supporting side logged in pairings where this kindergarten is the partner.
		var partnerIn []string
		pf := &domain.PairingFilter{KindergartenID: &kg}
		prs, err := a.Store.ListPairings(ctx, sc, pf, "START", false, 100, "")
		if err != nil {
			return nil, err
		}
		for _, pr := range prs.Items {
			if side, _ := pr.SideOf(kg); side == domain.SidePartner {
				partnerIn = append(partnerIn, pr.ID)
			}
		}
		if len(partnerIn) > 0 {
			side := domain.SideSupporting
			f := &domain.TeachingSessionFilter{PairingIDs: partnerIn, KindergartenID: &kg, Statuses: []domain.ConfirmationStatus{domain.ConfirmationPending}, LoggedBySide: &side}
			page, err := a.Store.ListTeachingSessions(ctx, sc, f, "DATE", false, 1, "")
			if err != nil {
				return nil, err
			}
			if len(page.Items) > 0 {
				n, err := page.TotalCount(ctx)
				if err != nil {
					return nil, err
				}
				oldest := page.Items[0].Date
				out.Items = append(out.Items, DueItem{Kind: DueWaiting, Count: int(n), Date: oldest, Days: days(oldest, today)})
			}
		}
	}
	if sc.All || sc.RegionCode != "" {
		if behind > 0 {
			out.Items = append(out.Items, DueItem{Kind: DueBehind, Count: behind})
		}
	}
	yes := true
	open, err := a.Store.ListInspections(ctx, sc, &domain.InspectionFilter{OpenOnly: &yes}, 50, "")
	if err != nil {
		return nil, err
	}
	if n, err := open.TotalCount(ctx); err != nil {
		return nil, err
	} else if n > 0 && (sc.All || sc.RegionCode != "") {
		out.Items = append(out.Items, DueItem{Kind: DueInspections, Count: int(n)})
	}
	for _, x := range open.Items {
		for _, it := range x.Items {
			if it.Overdue(today) {
				out.Items = append(out.Items, DueItem{Kind: DueItemOverdue, PairingID: x.PairingID, InspectionID: x.ID, Text: it.Text,
					Date: it.Deadline, Days: days(it.Deadline, today)})
			}
		}
	}
	if p.Role == domain.RoleKindergartenAdmin {
		last := domain.SemesterOf(today.AddDays(-183))
		states, err := a.Summaries(ctx, p, last, nil, true)
		if err != nil {
			return nil, err
		}
		for _, st := range states {
			if st.KindergartenID == kg {
				out.Items = append(out.Items, DueItem{Kind: DueSummaryNeeded, PairingID: st.PairingID, Text: last})
			}
		}
	}
	return out, nil
}

func days(from, to domain.Date) int { return int(to.Time().Sub(from.Time()).Hours() / 24) }
