// Package model holds the GraphQL-only types: generated inputs and enums that have no
// domain counterpart, and the Relay connection wrappers around a list's pages.
package model

import (
	"context"

	"github.com/handinhand/handinhand/domain"
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

// Connection is a Relay connection over one page of a list.
type Connection[T any] struct {
	items   []*T
	cursors []string
	hasNext bool
	count   func(context.Context) (int, error)
}

// NewConnection wraps one page: its records, the cursor after each, whether more follow,
// and how to count the whole list (asked only when a client wants the total).
func NewConnection[T any](items []*T, cursors []string, hasNext bool, count func(context.Context) (int, error)) *Connection[T] {
	return &Connection[T]{items: items, cursors: cursors, hasNext: hasNext, count: count}
}

func (c *Connection[T]) Edges() []*Edge[T] {
	out := make([]*Edge[T], len(c.items))
	for i, v := range c.items {
		out[i] = &Edge[T]{Cursor: c.cursors[i], Node: v}
	}
	return out
}

func (c *Connection[T]) PageInfo() *PageInfo {
	pi := &PageInfo{HasNextPage: c.hasNext}
	if n := len(c.cursors); n > 0 {
		pi.EndCursor = &c.cursors[n-1]
	}
	return pi
}

// TotalCount is counted only when a client asks for it.
func (c *Connection[T]) TotalCount(ctx context.Context) (int, error) { return c.count(ctx) }

// Nodes returns the page's records (for dataloader priming).
func (c *Connection[T]) Nodes() []*T { return c.items }

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
	ChildConnection           = Connection[domain.Child]
	ChildEdge                 = Edge[domain.Child]
	AccessEntryConnection     = Connection[domain.AccessEntry]
	AccessEntryEdge           = Edge[domain.AccessEntry]
)

// Node is any record fetchable by id; the executor tells them apart by Go type.
type Node interface{}
