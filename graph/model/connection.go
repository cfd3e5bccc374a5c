// Package model holds the GraphQL-only types: generated inputs and enums that have no
// domain counterpart, and the Relay connection wrappers around storage pages.
package model

import (
	"context"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/storage"
)

// PageInfo says where a page ends and whether more follows.
type PageInfo struct {
	HasNextPage bool
	EndCursor   *string
}

// Edge is one record of a page with the cursor that continues after it.
type Edge[T any] struct {
	Cursor string
	Node   *T
}

// Connection is a Relay connection over one storage page.
type Connection[T any] struct {
	page *storage.Page[T]
}

// NewConnection wraps a storage page.
func NewConnection[T any](p *storage.Page[T]) *Connection[T] { return &Connection[T]{page: p} }

func (c *Connection[T]) Edges() []*Edge[T] {
	out := make([]*Edge[T], len(c.page.Items))
	for i, v := range c.page.Items {
		out[i] = &Edge[T]{Cursor: c.page.Cursors[i], Node: v}
	}
	return out
}

func (c *Connection[T]) PageInfo() *PageInfo {
	pi := &PageInfo{HasNextPage: c.page.HasNext}
	if n := len(c.page.Cursors); n > 0 {
		pi.EndCursor = &c.page.Cursors[n-1]
	}
	return pi
}

// TotalCount is counted only when a client asks for it.
func (c *Connection[T]) TotalCount(ctx context.Context) (int, error) { return c.page.TotalCount(ctx) }

// Nodes returns the page's records (for dataloader priming).
func (c *Connection[T]) Nodes() []*T { return c.page.Items }

type (
	KindergartenConnection    = Connection[domain.Kindergarten]
	KindergartenEdge          = Edge[domain.Kindergarten]
	TeacherConnection         = Connection[domain.Teacher]
	TeacherEdge               = Edge[domain.Teacher]
	UserConnection            = Connection[domain.User]
	UserEdge                  = Edge[domain.User]
	PairingConnection         = Connection[domain.Pairing]
	PairingEdge               = Edge[domain.Pairing]
	TeachingSessionConnection = Connection[domain.TeachingSession]
	TeachingSessionEdge       = Edge[domain.TeachingSession]
	TrainingEventConnection   = Connection[domain.TrainingEvent]
	TrainingEventEdge         = Edge[domain.TrainingEvent]
	MentorshipConnection      = Connection[domain.Mentorship]
	MentorshipEdge            = Edge[domain.Mentorship]
	DonationConnection        = Connection[domain.Donation]
	DonationEdge              = Edge[domain.Donation]
	AuditEntryConnection      = Connection[domain.AuditEntry]
	AuditEntryEdge            = Edge[domain.AuditEntry]
	PhotoConnection           = Connection[domain.Photo]
	PhotoEdge                 = Edge[domain.Photo]
	LessonGradeConnection     = Connection[domain.LessonGrade]
	LessonGradeEdge           = Edge[domain.LessonGrade]
	InspectionConnection      = Connection[domain.Inspection]
	InspectionEdge            = Edge[domain.Inspection]
)

// Node is any record fetchable by id; the executor tells them apart by Go type.
type Node interface{}
