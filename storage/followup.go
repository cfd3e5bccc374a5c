package storage

import (
	"context"

	"github.com/handinhand/handinhand/domain"
)

// PutSummary creates a kindergarten's summary of a pairing's semester if there is none
// (an empty draft), then applies change to it.
func (s *Store) PutSummary(ctx context.Context, fresh *domain.SemesterSummary, change func(*domain.SemesterSummary) error) (*domain.SemesterSummary, error) {
	if _, _, err := insertOnce(ctx, s, CollSummaries, "semester summary", fresh.ID, fresh); err != nil {
		return nil, err
	}
	return modify(ctx, s, CollSummaries, "semester summary", fresh.ID, change)
}

// UpdateSummary applies change to a summary.
func (s *Store) UpdateSummary(ctx context.Context, id string, change func(*domain.SemesterSummary) error) (*domain.SemesterSummary, error) {
	return modify(ctx, s, CollSummaries, "semester summary", id, change)
}

// Summary returns one summary.
func (s *Store) Summary(ctx context.Context, id string) (*domain.SemesterSummary, error) {
	return get[domain.SemesterSummary](ctx, s, CollSummaries, "semester summary", id)
}

// EachSummary passes the summaries in scope of the pairings (all when none) and
// semesters (all when none) to fn.
func (s *Store) EachSummary(ctx context.Context, sc domain.Scope, pairingIDs, semesters []string, fn func(*domain.SemesterSummary) error) error {
	q := scopeOfRecords(sc)
	if len(pairingIDs) > 0 {
		q = append(q, in("pairingId", pairingIDs))
	}
	if len(semesters) > 0 {
		q = append(q, in("semester", semesters))
	}
	return each(ctx, s, CollSummaries, q, []sortKey{{field: "pairingId"}, {field: "semester"}, {field: "_id"}}, 0, fn)
}

// CreateInspection stores an inspection, once per client id.
func (s *Store) CreateInspection(ctx context.Context, in *domain.Inspection) (*domain.Inspection, bool, error) {
	return insertOnce(ctx, s, CollInspections, "inspection", in.ID, in)
}

// UpdateInspection applies change to an inspection.
func (s *Store) UpdateInspection(ctx context.Context, id string, change func(*domain.Inspection) error) (*domain.Inspection, error) {
	return modify(ctx, s, CollInspections, "inspection", id, change)
}

// Inspection returns one inspection.
func (s *Store) Inspection(ctx context.Context, id string) (*domain.Inspection, error) {
	return get[domain.Inspection](ctx, s, CollInspections, "inspection", id)
}

// ListInspections returns a page of the inspections in scope that match f, newest first.
func (s *Store) ListInspections(ctx context.Context, sc domain.Scope, f *domain.InspectionFilter, first int, after string) (*Page[domain.Inspection], error) {
	q := scopeOfRecords(sc)
	if f != nil {
		if len(f.PairingIDs) > 0 {
			q = append(q, in("pairingId", f.PairingIDs))
		}
		if f.OpenOnly != nil && *f.OpenOnly {
			q = append(q, eq("open", true))
		}
		if len(f.Semesters) > 0 {
			q = append(q, in("semester", f.Semesters))
		}
	}
	return list[domain.Inspection](ctx, s, CollInspections, ListOptions{Filter: q, SortField: "date", Desc: true, First: first, After: after})
}
