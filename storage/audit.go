package storage

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
)

// CollAudit holds the audit log.
const CollAudit = "audit"

// AppendAudit adds an entry to the audit log.
func (s *Store) AppendAudit(ctx context.Context, e *domain.AuditEntry) error {
	_, err := s.c(CollAudit).InsertOne(ctx, e)
	return wrap(err)
}

// ListAudit returns a page of the audit log, newest first, within regionCode ("" for all).
func (s *Store) ListAudit(ctx context.Context, regionCode string, f *domain.AuditFilter, first int, after string) (*Page[domain.AuditEntry], error) {
	q := where{}
	if regionCode != "" {
		q = q.and(bson.E{Key: "regionPath", Value: regionCode})
	}
	if f != nil {
		if f.UserID != nil {
			q = q.and(bson.E{Key: "userId", Value: *f.UserID})
		}
		if f.RecordID != nil {
			q = q.and(bson.E{Key: "recordId", Value: *f.RecordID})
		}
		if len(f.Operations) > 0 {
			q = q.and(in("operation", f.Operations))
		}
		if f.From != nil {
			q = q.and(bson.E{Key: "at", Value: bson.D{{Key: "$gte", Value: *f.From}}})
		}
		if f.To != nil {
			q = q.and(bson.E{Key: "at", Value: bson.D{{Key: "$lte", Value: *f.To}}})
		}
	}
	return list[domain.AuditEntry](ctx, s, CollAudit, ListOptions{Filter: q, SortField: "at", Desc: true, First: first, After: after})
}
