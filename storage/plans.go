package storage

import (
	"context"
	"errors"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
)

// Plan returns a pairing's plan of a semester; one with no activities if none was set.
func (s *Store) Plan(ctx context.Context, pairingID, semester string) (*domain.Plan, error) {
	id := domain.PlanID(pairingID, semester)
	pl, err := get[domain.Plan](ctx, s, CollPlans, "plan", id)
	if domain.CodeOf(err) == domain.CodeNotFound {
		return &domain.Plan{ID: id, PairingID: pairingID, Semester: semester}, nil
	}
	return pl, err
}

// SetPlan stores a pairing's planned activities of a semester, replacing what it had.
func (s *Store) SetPlan(ctx context.Context, pairingID, semester string, activities []domain.PlannedActivity) (*domain.Plan, error) {
	if activities == nil {
		activities = []domain.PlannedActivity{}
	}
	fresh := &domain.Plan{ID: domain.PlanID(pairingID, semester), PairingID: pairingID, Semester: semester, Activities: []domain.PlannedActivity{}}
	var out *domain.Plan
	err := s.Tx(ctx, func(ctx context.Context) error {
		if _, _, err := insertOnce(ctx, s, CollPlans, "plan", fresh.ID, fresh); err != nil {
			return err
		}
		var err error
		out, err = modify(ctx, s, CollPlans, "plan", fresh.ID, func(pl *domain.Plan) error {
			pl.Activities = activities
			return nil
		})
		return err
	})
	return out, err
}

// Upgrade brings records written by an earlier release to this one's layout; Open runs it,
// and so does a restore (an archive may be older than the release restoring it). Each step
// finds nothing to do once done.
func (s *Store) Upgrade(ctx context.Context) error {
	return s.movePlansOut(ctx)
}

// movePlansOut moves the planned activities that pairings kept inside themselves (releases
// before 2026-12-03) to the plans collection, a record a semester. A pairing's move is one
// transaction on SQLite; on MongoDB its plans are written first and the pairing stripped
// after, so a move cut short is done again, not lost. A plan already there (set by another
// instance meanwhile) is kept.
func (s *Store) movePlansOut(ctx context.Context) error {
	var held []bson.Raw
	if err := s.eng.Find(ctx, CollPairings, query{}, func(raw bson.Raw) error {
		if raw.Lookup("plan").Type != 0 {
			held = append(held, slices.Clone(raw))
		}
		return nil
	}); err != nil {
		return err
	}
	for _, raw := range held {
		var old struct {
			ID      string                   `bson:"_id"`
			Version int                      `bson:"version"`
			Plan    []domain.PlannedActivity `bson:"plan"`
		}
		if err := bson.Unmarshal(raw, &old); err != nil {
			return err
		}
		var rest bson.D
		if err := bson.Unmarshal(raw, &rest); err != nil {
			return err
		}
		stripped, err := bson.Marshal(slices.DeleteFunc(rest, func(e bson.E) bool { return e.Key == "plan" }))
		if err != nil {
			return err
		}
		bySemester := map[string][]domain.PlannedActivity{}
		for _, x := range old.Plan {
			bySemester[x.Semester] = append(bySemester[x.Semester], x)
		}
		err = s.eng.Tx(ctx, func(ctx context.Context) error {
			now := domain.Now()
			for sem, acts := range bySemester {
				pl := &domain.Plan{ID: domain.PlanID(old.ID, sem), PairingID: old.ID, Semester: sem, Activities: acts,
					Meta: domain.Meta{CreatedAt: now, UpdatedAt: now, Version: 1}}
				doc, err := marshal(pl)
				if err != nil {
					return err
				}
				if err := s.eng.Insert(ctx, CollPlans, doc); err != nil && !errors.Is(err, errDuplicate) {
					return err
				}
			}
			// The pairing keeps its version: nothing a reader of it sees has changed.
			_, err := s.eng.Replace(ctx, CollPairings, old.ID, old.Version, stripped)
			return err
		})
		if err != nil {
			return err
		}
	}
	if len(held) > 0 {
		s.log.Info("moved the plans out of the pairings' records", "pairings", len(held))
	}
	return nil
}
