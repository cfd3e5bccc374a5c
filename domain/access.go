package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// AccessEntry records one answer, export or file that carried a child's protected fields:
// who read which fields of which child, when, from where, and why where a reason was asked.
// Entries are numbered in order and each holds the hash of the one before, so an entry
// deleted or edited in the store is found (the access log's verification).
type AccessEntry struct {
	ID     string    `bson:"_id"` // Seq, zero-padded: the store keeps them in order by id
	Seq    int64     `bson:"seq"`
	At     time.Time `bson:"at"`
	UserID string    `bson:"userId"`
	Role   Role      `bson:"role"`
	// ChildID, KindergartenID and RegionPath name the child read and where it is on roll:
	// the kindergarten's admins read the entries about their children, bureaus their region's.
	ChildID        string   `bson:"childId"`
	KindergartenID string   `bson:"kindergartenId"`
	RegionPath     []string `bson:"regionPath"`
	Fields         []string `bson:"fields"`
	Reason         string   `bson:"reason,omitempty"`
	// Opens: a bureau or an admin stated Reason to open the child's record, for OpenFor.
	Opens bool   `bson:"opens,omitempty"`
	Addr  string `bson:"addr,omitempty"`
	// Prev is the hash of the entry before (empty for the first); Hash this entry's.
	Prev string `bson:"prev"`
	Hash string `bson:"hash"`
}

// AccessID is the id of the entry numbered seq.
func AccessID(seq int64) string { return fmt.Sprintf("%020d", seq) }

// Chain numbers the entry after prev (nil for the first) and seals it with its hash.
func (e *AccessEntry) Chain(prev *AccessEntry) {
	e.Seq, e.Prev = 1, ""
	if prev != nil {
		e.Seq, e.Prev = prev.Seq+1, prev.Hash
	}
	e.ID = AccessID(e.Seq)
	e.At = e.At.UTC().Truncate(time.Millisecond) // as both stores keep times
	e.Hash = e.ComputeHash()
}

// ComputeHash is the hash of the entry's content and the hash before it.
func (e *AccessEntry) ComputeHash() string {
	c := *e
	c.Hash = ""
	c.At = c.At.UTC()
	b, _ := json.Marshal(c) // a struct: its fields in their declared order
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// OpenFor is how long a stated reason opens one child's record to a bureau or an admin.
const OpenFor = 2 * time.Hour

// AccessFilter narrows the access log.
type AccessFilter struct {
	ChildID *string
	UserID  *string
}
