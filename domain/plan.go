package domain

import (
	"fmt"
	"io"
	"slices"
)

// A pairing's plan (计划): what should happen when, per semester — the activity, its month
// or day, the partner and who is responsible (责任人). Each planned item is done when a
// record of that type, partner and month (or day) is logged, and overdue once its month
// (or day) has passed without one.

// Plan is a pairing's planned activities of one semester. It is kept apart from the
// pairing, which every lesson logged reads: three school years of plans made a pairing's
// record 29 kB, and decoding it was nearly a third of what logging a lesson cost.
type Plan struct {
	ID         string            `bson:"_id"`
	PairingID  string            `bson:"pairingId"`
	Semester   string            `bson:"semester"`
	Activities []PlannedActivity `bson:"activities"`
	Meta       `bson:",inline"`
}

// PlanID is the id of a pairing's plan of a semester: there is one.
func PlanID(pairingID, semester string) string { return "plan:" + pairingID + ":" + semester }

// PlannedActivity is one planned item.
type PlannedActivity struct {
	ID                    string      `bson:"id"`
	Semester              string      `bson:"semester"`
	Type                  SessionType `bson:"type"`
	Month                 string      `bson:"month"`          // YYYY-MM
	Date                  *Date       `bson:"date,omitempty"` // a day within Month, if fixed
	PartnerKindergartenID string      `bson:"partnerKindergartenId,omitempty"`
	Responsible           string      `bson:"responsible,omitempty"`
	Notes                 string      `bson:"notes,omitempty"`
}

// Due is the last day the item can be done on: its day, or its month's last.
func (a *PlannedActivity) Due() Date {
	if a.Date != nil {
		return *a.Date
	}
	d := Date(a.Month + "-28")
	for n := d; n.Month() == a.Month; n = n.AddDays(1) {
		d = n
	}
	return d
}

// Fulfils reports whether session s is a record of the planned item.
func (a *PlannedActivity) Fulfils(s *TeachingSession) bool {
	if s.Type != a.Type || s.Status == ConfirmationQueried || s.Deleted() {
		return false
	}
	if a.PartnerKindergartenID != "" && s.PartnerKindergartenID != a.PartnerKindergartenID {
		return false
	}
	if a.Date != nil {
		return s.Date == *a.Date
	}
	return s.Month == a.Month
}

// PlanStatus is where a planned item stands.
type PlanStatus string

var AllPlanStatuses = []PlanStatus{PlanPlanned, PlanDone, PlanOverdue}

func (e PlanStatus) Valid() bool            { return validEnum(e, AllPlanStatuses) }
func (e PlanStatus) MarshalGQL(w io.Writer) { marshalEnum(w, e) }
func (e *PlanStatus) UnmarshalGQL(v any) (err error) {
	*e, err = unmarshalEnum(v, AllPlanStatuses, "PlanStatus")
	return err
}

const (
	PlanPlanned PlanStatus = "PLANNED"
	PlanDone    PlanStatus = "DONE"
	PlanOverdue PlanStatus = "OVERDUE"
)

// PlanState is a planned item with its status and the record that fulfilled it.
type PlanState struct {
	PlannedActivity
	Status    PlanStatus
	SessionID string
}

// ReckonPlan gives each planned item its status on day today: the records fulfil the
// items in date order, each record one item (two visits planned in October need two).
func ReckonPlan(items []PlannedActivity, sessions []*TeachingSession, today Date) []PlanState {
	order := slices.Clone(items)
	slices.SortStableFunc(order, func(a, b PlannedActivity) int {
		// Items fixed to a day take their records first.
		if (a.Date == nil) != (b.Date == nil) {
			if a.Date != nil {
				return -1
			}
			return 1
		}
		return compareDates(a.Due(), b.Due())
	})
	byDate := slices.Clone(sessions)
	slices.SortStableFunc(byDate, func(a, b *TeachingSession) int { return compareDates(a.Date, b.Date) })
	used := map[string]bool{}
	done := map[string]string{}
	for _, it := range order {
		for _, s := range byDate {
			if !used[s.ID] && it.Fulfils(s) {
				used[s.ID], done[it.ID] = true, s.ID
				break
			}
		}
	}
	out := make([]PlanState, 0, len(items))
	for _, it := range items {
		st := PlanState{PlannedActivity: it, Status: PlanPlanned}
		switch {
		case done[it.ID] != "":
			st.Status, st.SessionID = PlanDone, done[it.ID]
		case it.Due() < today:
			st.Status = PlanOverdue
		}
		out = append(out, st)
	}
	return out
}

func compareDates(a, b Date) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// PlannedActivityInput is one planned item as a client sends it; the client makes the id.
type PlannedActivityInput struct {
	ID                    string
	Type                  SessionType
	Month                 string
	Date                  *Date
	PartnerKindergartenID *string
	Responsible           *string
	Notes                 *string
}

// MaxPlanItems is the most items a semester's plan holds.
const MaxPlanItems = 100

// ValidatePlan checks a semester's planned items against the pairing's partners.
func ValidatePlan(semester string, items []*PlannedActivityInput, partners []string) error {
	var c check
	sem, err := ParseSemester(semester)
	if err != nil {
		c.fail("semester", "must be a semester like 2026-2027-1")
		return c.result()
	}
	if len(items) > MaxPlanItems {
		c.fail("activities", "lists %d ids, at most %d", len(items), MaxPlanItems)
	}
	months := sem.Months()
	seen := map[string]bool{}
	for i, it := range items {
		f := func(s string) string { return fmt.Sprintf("activities[%d].%s", i, s) }
		c.id(f("id"), it.ID)
		if seen[it.ID] {
			c.fail(f("id"), "repeats %s", it.ID)
		}
		seen[it.ID] = true
		if !it.Type.Valid() {
			c.fail(f("type"), "must be one of %v", AllSessionTypes)
		}
		if !slices.Contains(months, it.Month) {
			c.fail(f("month"), "is not a month of %s", semester)
		}
		if it.Date != nil {
			c.date(f("date"), *it.Date)
			if c.err == nil && it.Date.Month() != it.Month {
				c.fail(f("date"), "is not in %s", it.Month)
			}
		}
		if it.PartnerKindergartenID != nil && !slices.Contains(partners, *it.PartnerKindergartenID) {
			c.fail(f("partnerKindergartenId"), "is not a partner kindergarten of this pairing")
		}
		c.optText(f("responsible"), &it.Responsible, MaxName)
		c.optText(f("notes"), &it.Notes, MaxShort)
	}
	return c.result()
}
