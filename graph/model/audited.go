package model

import "github.com/handinhand/handinhand/domain"

// AuditedRecord: changing one's password is recorded as such; the entry holds no password.
func (*AuthPayload) AuditedRecord() domain.AuditRecord {
	return domain.AuditRecord{Type: "AuthPayload"}
}
