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

// Audited is what a mutation returns: it names the record its audit entry is about.
type Audited interface {
	AuditedRecord() AuditRecord
}

// AuditRecord is the record an audit entry is about.
type AuditRecord struct {
	Type, ID string
	// RegionPath decides which bureaus see the entry.
	RegionPath []string
	// InputReaders, when set, are the kindergartens whose users alone may read what the
	// input said (a draft's text).
	InputReaders []string
}

func audited(typ, id string, regionPath []string) AuditRecord {
	return AuditRecord{Type: typ, ID: id, RegionPath: regionPath}
}

func (k *Kindergarten) AuditedRecord() AuditRecord {
	return audited("Kindergarten", k.ID, k.RegionPath)
}
func (t *Teacher) AuditedRecord() AuditRecord { return audited("Teacher", t.ID, t.RegionPath) }
func (u *User) AuditedRecord() AuditRecord    { return audited("User", u.ID, u.RegionPath) }
func (r *Region) AuditedRecord() AuditRecord  { return audited("Region", r.Code, RegionPath(r.Code)) }
func (p *Pairing) AuditedRecord() AuditRecord { return audited("Pairing", p.ID, p.RegionPath) }
func (s *TeachingSession) AuditedRecord() AuditRecord {
	return audited("TeachingSession", s.ID, s.RegionPath)
}
func (e *TrainingEvent) AuditedRecord() AuditRecord {
	return audited("TrainingEvent", e.ID, e.RegionPath)
}
func (p *Photo) AuditedRecord() AuditRecord       { return audited("Photo", p.ID, p.RegionPath) }
func (g *LessonGrade) AuditedRecord() AuditRecord { return audited("LessonGrade", g.ID, g.RegionPath) }
func (m *Mentorship) AuditedRecord() AuditRecord  { return audited("Mentorship", m.ID, m.RegionPath) }
func (d *Donation) AuditedRecord() AuditRecord    { return audited("Donation", d.ID, d.RegionPath) }
func (x *Inspection) AuditedRecord() AuditRecord  { return audited("Inspection", x.ID, x.RegionPath) }

// AuditedRecord: a draft is read by its own kindergarten only, in the audit log too.
func (s *SemesterSummary) AuditedRecord() AuditRecord {
	r := audited("SemesterSummary", s.ID, s.RegionPath)
	if s.Status != SummarySubmitted {
		r.InputReaders = []string{s.KindergartenID}
	}
	return r
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	UserID     *string
	RecordID   *string
	Operations []string
	From       *time.Time
	To         *time.Time
}
