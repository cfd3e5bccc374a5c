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
	// InputReaders, when set, are the kindergartens whose users alone may read what the
	// input said (the text of a draft): anyone else who sees the entry reads it withheld.
	InputReaders []string `bson:"inputReaders,omitempty"`
}

// PrivateInput is a record some of whose content only some kindergartens may read: the
// audit entry of the mutation that returned it shows its input only to them.
type PrivateInput interface {
	// AuditInputReaders names those kindergartens; nil when everyone who sees the record
	// may read it in full.
	AuditInputReaders() []string
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	UserID     *string
	RecordID   *string
	Operations []string
	From       *time.Time
	To         *time.Time
}
