package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/handinhand/handinhand/domain"
)

// CollAccess is the access log of children's protected fields.
const CollAccess = "accessLog"

// AppendAccess adds an entry at the end of the access log, chained to the last one. Two
// servers appending at once both try the next number: the store keeps one, the other
// chains again to it.
func (s *Store) AppendAccess(ctx context.Context, e *domain.AccessEntry) error {
	for range 100 {
		last, err := s.lastAccess(ctx)
		if err != nil {
			return err
		}
		e.Chain(last)
		raw, err := marshal(e)
		if err != nil {
			return err
		}
		if err = s.eng.Insert(ctx, CollAccess, raw); !errors.Is(err, errDuplicate) {
			return err
		}
	}
	return &domain.Error{Code: domain.CodeUnavailable, Message: "the access log is busy; try again"}
}

// lastAccess is the entry with the highest number, nil for an empty log.
func (s *Store) lastAccess(ctx context.Context) (*domain.AccessEntry, error) {
	var last *domain.AccessEntry
	err := each(ctx, s, CollAccess, nil, []sortKey{{field: "_id", desc: true}}, 1, func(e *domain.AccessEntry) error {
		last = e
		return nil
	})
	return last, err
}

// VerifyAccess walks the access log in order and reports every entry that breaks its
// chain: a number missing (deleted), a hash that is not the entry's (edited), an entry
// that does not follow the one before. It returns the number of entries read.
func (s *Store) VerifyAccess(ctx context.Context) (int64, []string, error) {
	var (
		n        int64
		problems []string
		prev     *domain.AccessEntry
	)
	err := each(ctx, s, CollAccess, nil, []sortKey{{field: "_id"}}, 0, func(e *domain.AccessEntry) error {
		n++
		want := int64(1)
		if prev != nil {
			want = prev.Seq + 1
		}
		switch {
		case e.ID != domain.AccessID(e.Seq):
			problems = append(problems, fmt.Sprintf("entry %s: its number was changed (it says %d)", e.ID, e.Seq))
		case e.Seq != want:
			problems = append(problems, fmt.Sprintf("entries %s to %s are missing (deleted)", domain.AccessID(want), domain.AccessID(e.Seq-1)))
		case prev != nil && e.Prev != prev.Hash:
			problems = append(problems, fmt.Sprintf("entry %s: does not follow entry %s (one of them was changed)", e.ID, prev.ID))
		}
		if e.Hash != e.ComputeHash() {
			problems = append(problems, fmt.Sprintf("entry %s: its content was changed after it was written", e.ID))
		}
		prev = e
		return nil
	})
	return n, problems, err
}

// AccessScope says whose entries a reader of the access log sees: all (admins), a region's
// (bureaus), or a kindergarten's children's (its admins).
type AccessScope struct {
	All            bool
	RegionCode     string
	KindergartenID string
}

// ListAccess returns a page of the access log, newest first.
func (s *Store) ListAccess(ctx context.Context, sc AccessScope, f *domain.AccessFilter, first int, after string) (*Page[domain.AccessEntry], error) {
	var q []cond
	switch {
	case sc.All:
	case sc.RegionCode != "":
		q = append(q, eq("regionPath", sc.RegionCode))
	case sc.KindergartenID != "":
		q = append(q, eq("kindergartenId", sc.KindergartenID))
	default:
		q = append(q, nothing)
	}
	if f != nil {
		if f.ChildID != nil {
			q = append(q, eq("childId", *f.ChildID))
		}
		if f.UserID != nil {
			q = append(q, eq("userId", *f.UserID))
		}
	}
	return list[domain.AccessEntry](ctx, s, CollAccess, ListOptions{Filter: q, SortField: "at", Desc: true, First: first, After: after})
}

// OpenedSince reports whether user stated a reason to open child's record since t.
func (s *Store) OpenedSince(ctx context.Context, userID, childID string, t time.Time) (bool, error) {
	found := false
	err := each(ctx, s, CollAccess, []cond{eq("childId", childID), eq("userId", userID), gte("at", t)}, nil, 0, func(e *domain.AccessEntry) error {
		found = found || e.Opens
		return nil
	})
	return found, err
}
