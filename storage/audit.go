package storage

import (
	"context"

	"github.com/handinhand/handinhand/domain"
)

// CollAudit holds the audit log.
const CollAudit = "audit"

// AppendAudit adds an entry to the audit log.
func (s *Store) AppendAudit(ctx context.Context, e *domain.AuditEntry) error {
	raw, err := marshal(e)
	if err != nil {
		return err
	}
	return s.eng.Insert(ctx, CollAudit, raw)
}

// ListAudit returns a page of the audit log, newest first, within regionCode ("" for all).
func (s *Store) ListAudit(ctx context.Context, regionCode string, f *domain.AuditFilter, first int, after string) (*Page[domain.AuditEntry], error) {
	var q []cond
	if regionCode != "" {
		q = append(q, eq("regionPath", regionCode))
	}
	if f != nil {
		if f.UserID != nil {
			q = append(q, eq("userId", *f.UserID))
		}
		if f.RecordID != nil {
			q = append(q, eq("recordId", *f.RecordID))
		}
		if len(f.Operations) > 0 {
			q = append(q, in("operation", f.Operations))
		}
		if f.From != nil {
			q = append(q, gte("at", *f.From))
		}
		if f.To != nil {
			q = append(q, lte("at", *f.To))
		}
	}
	return list[domain.AuditEntry](ctx, s, CollAudit, ListOptions{Filter: q, SortField: "at", Desc: true, First: first, After: after})
}
