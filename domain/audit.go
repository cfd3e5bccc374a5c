package domain

import "time"

// AuditEntry records one mutation that changed something: who, when, which operation
// on which record, and the input it applied (passwords removed).
type AuditEntry struct {
	ID         string    `bson:"_id"`
	At         time.Time `bson:"at"`
	UserID     string    `bson:"userId"`
	Role       Role      `bson:"role"`
	Operation  string    `bson:"operation"`
	RecordID   string    `bson:"recordId,omitempty"`
	RecordType string    `bson:"recordType,omitempty"`
	Input      string    `bson:"input"` // JSON
	// RegionPath is the affected record's, so bureaus see the entries of their region.
	RegionPath []string `bson:"regionPath"`
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	UserID     *string
	RecordID   *string
	Operations []string
	From       *time.Time
	To         *time.Time
}
