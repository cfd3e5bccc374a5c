package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/sheet"
	"github.com/handinhand/handinhand/stats"
)

// MaxExportRows bounds a record list export.
const MaxExportRows = 50000

// StatsTable answers a stats query laid out as a table: a column per dimension (its
// label), a column per measure, and the total last.
func (a *App) StatsTable(ctx context.Context, p *policy.Principal, q stats.Query) (*sheet.Table, error) {
	res, err := a.Stats(ctx, p, q)
	if err != nil {
		return nil, err
	}
	loc := q.Locale
	t := &sheet.Table{Title: stats.Text("stats", loc)}
	for _, d := range q.GroupBy {
		t.Headers = append(t.Headers, stats.Header(string(d), loc))
	}
	for _, m := range q.Measures {
		t.Headers = append(t.Headers, stats.Header(string(m), loc))
	}
	for _, r := range res.Rows {
		row := make([]any, 0, len(t.Headers))
		for _, k := range r.Keys {
			row = append(row, k.Label)
		}
		t.Rows = append(t.Rows, append(row, numbers(r.Values)...))
	}
	total := make([]any, len(q.GroupBy))
	if len(total) > 0 {
		total[0] = stats.Header("TOTAL", loc)
	}
	t.Rows = append(t.Rows, append(total, numbers(res.Total.Values)...))
	if res.Overlapping {
		t.Notes = append(t.Notes, stats.Text("overlapping", loc))
	}
	return t, nil
}

func numbers(vs []*float64) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		if v != nil {
			out[i] = *v
		}
	}
	return out
}

// ComplianceTable lays out the compliance rows.
func (a *App) ComplianceTable(ctx context.Context, p *policy.Principal, q stats.ComplianceQuery, loc stats.Locale) (*sheet.Table, error) {
	rows, err := a.Compliance(ctx, p, q)
	if err != nil {
		return nil, err
	}
	t := &sheet.Table{Title: stats.Text("compliance", loc) + " " + stats.SemesterLabel(q.Semester, loc)}
	for _, k := range []string{"pairing", "supporting", "partner", "semester", "hours", "hoursTarget", "lectures",
		"lecturesTarget", "visited", "elapsed", "required", "missed", "records", "confirmed", "share", "status"} {
		t.Headers = append(t.Headers, stats.Text(k, loc))
	}
	for _, r := range rows {
		var share any
		if r.ConfirmedShare != nil {
			share = *r.ConfirmedShare
		}
		t.Rows = append(t.Rows, []any{r.PairingName, r.SupportingKindergartenName, r.PartnerKindergartenName,
			stats.SemesterLabel(r.Semester, loc), r.Hours, r.Targets.TeachingHours, r.Lectures, r.Targets.SpecialLectures,
			r.MonthsVisited, r.MonthsElapsed, r.MonthsRequired, strings.Join(r.MissedMonths, " "), r.Sessions, r.Confirmed,
			share, stats.EnumLabel(string(r.Status), loc)})
	}
	return t, nil
}

// SessionsTable lists the teaching sessions the caller may see that match f, oldest
// first, up to MaxExportRows.
func (a *App) SessionsTable(ctx context.Context, p *policy.Principal, f *domain.TeachingSessionFilter, loc stats.Locale) (*sheet.Table, error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	var list []*domain.TeachingSession
	err = a.Store.EachTeachingSession(ctx, sc, f, MaxExportRows+1, func(s *domain.TeachingSession) error {
		list = append(list, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(list) > MaxExportRows {
		return nil, domain.Invalid("filter", "more than %d sessions match; narrow the filter (a semester or a region)", MaxExportRows)
	}
	var kgIDs, pairingIDs []string
	for _, s := range list {
		kgIDs = append(kgIDs, s.SupportingKindergartenID, s.PartnerKindergartenID)
		pairingIDs = append(pairingIDs, s.PairingID)
	}
	kgs, err := a.Store.KindergartensByID(ctx, unique(kgIDs))
	if err != nil {
		return nil, err
	}
	prs, err := a.Store.PairingsByID(ctx, unique(pairingIDs))
	if err != nil {
		return nil, err
	}
	name := func(k *domain.Kindergarten) string {
		if k == nil {
			return ""
		}
		return k.Name
	}
	t := &sheet.Table{Title: stats.Text("sessions", loc)}
	for _, k := range []string{"date", "semester", "pairing", "supporting", "partner", "type", "direction", "hours",
		"domains", "topic", "attendees", "status", "rating", "photos"} {
		t.Headers = append(t.Headers, stats.Text(k, loc))
	}
	for _, s := range list {
		pairing := ""
		if pr := prs[s.PairingID]; pr != nil {
			pairing = pr.Name
		}
		var domains []string
		for _, d := range s.Domains {
			domains = append(domains, stats.EnumLabel(string(d), loc))
		}
		var rating any
		if s.Rating != nil {
			rating = *s.Rating
		}
		t.Rows = append(t.Rows, []any{string(s.Date), stats.SemesterLabel(s.Semester, loc), pairing,
			name(kgs[s.SupportingKindergartenID]), name(kgs[s.PartnerKindergartenID]), stats.EnumLabel(string(s.Type), loc),
			stats.EnumLabel(string(s.Direction), loc), s.Hours, strings.Join(domains, "、"), s.Topic, s.Attendees,
			stats.EnumLabel(string(s.Status), loc), rating, len(s.PhotoIDs)})
	}
	return t, nil
}

func unique(ids []string) []string {
	seen := map[string]bool{}
	out := ids[:0:0]
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// ExportName is a download's file name, e.g. 统计-2026-11-23.xlsx.
func ExportName(kind string, loc stats.Locale, f sheet.Format) string {
	return fmt.Sprintf("%s-%s.%s", stats.Text(kind, loc), domain.DateOf(domain.Now()), f)
}

// DonationsTable lists the donations the caller may see, of one semester if given, by date,
// with a total.
func (a *App) DonationsTable(ctx context.Context, p *policy.Principal, semester string, loc stats.Locale) (*sheet.Table, error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	var f domain.DonationFilter
	if semester != "" {
		sem, err := domain.ParseSemester(semester)
		if err != nil {
			return nil, domain.Invalid("semester", "must be a semester like 2026-2027-1")
		}
		months := sem.Months()
		from, to := domain.Date(months[0]+"-01"), domain.Date(months[len(months)-1]+"-31")
		f.From, f.To = &from, &to
	}
	var list []*domain.Donation
	for after := ""; ; {
		page, err := a.Store.ListDonations(ctx, sc, &f, 100, after)
		if err != nil {
			return nil, err
		}
		list = append(list, page.Items...)
		if !page.HasNext || len(list) > MaxExportRows {
			break
		}
		after = page.Cursors[len(page.Cursors)-1]
	}
	var kgIDs, pairingIDs []string
	for _, d := range list {
		kgIDs = append(kgIDs, d.PartnerKindergartenID)
		pairingIDs = append(pairingIDs, d.PairingID)
	}
	kgs, err := a.Store.KindergartensByID(ctx, unique(kgIDs))
	if err != nil {
		return nil, err
	}
	prs, err := a.Store.PairingsByID(ctx, unique(pairingIDs))
	if err != nil {
		return nil, err
	}
	t := &sheet.Table{Title: stats.Text("donations", loc)}
	for _, k := range []string{"date", "semester", "pairing", "partner", "items", "value", "notes"} {
		t.Headers = append(t.Headers, stats.Text(k, loc))
	}
	total := 0.0
	for i := len(list) - 1; i >= 0; i-- { // oldest first
		d := list[i]
		var items []string
		for _, it := range d.Items {
			items = append(items, fmt.Sprintf("%s × %d", it.Name, it.Quantity))
		}
		pairing, partner := "", ""
		if pr := prs[d.PairingID]; pr != nil {
			pairing = pr.Name
		}
		if k := kgs[d.PartnerKindergartenID]; k != nil {
			partner = k.Name
		}
		total += d.Value
		t.Rows = append(t.Rows, []any{string(d.Date), stats.SemesterLabel(domain.SemesterOf(d.Date), loc), pairing, partner,
			strings.Join(items, "、"), d.Value, d.Notes})
	}
	t.Rows = append(t.Rows, []any{stats.Header("TOTAL", loc), nil, nil, nil, nil, total, nil})
	return t, nil
}
