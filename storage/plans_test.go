package storage_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/storage"
	"github.com/handinhand/handinhand/storage/storagetest"
)

// A pairing written by an earlier release keeps its plan inside itself. The upgrade (run
// by every start and restore) moves it out, a plan a semester, leaves the rest of the
// pairing as it was, finds nothing to do the second time, and never overwrites a plan
// set since.
func TestContractPlansMoveOutOfOldPairings(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		s := storagetest.OpenEngine(t, kind)
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Millisecond)
		old := bson.D{
			{Key: "_id", Value: "p1"}, {Key: "name", Value: "锦秋—大王镇结对帮扶"}, {Key: "supportingKindergartenId", Value: "k1"},
			{Key: "partnerKindergartenIds", Value: bson.A{"k2"}}, {Key: "start", Value: "2024-09-01"}, {Key: "end", Value: "2027-07-31"},
			{Key: "status", Value: "ACTIVE"}, {Key: "leadingGroup", Value: bson.A{}}, {Key: "phases", Value: bson.A{}},
			{Key: "targets", Value: bson.D{{Key: "teachingHours", Value: 40.0}}}, {Key: "targetOverrides", Value: bson.A{}},
			{Key: "plan", Value: bson.A{
				bson.D{{Key: "id", Value: "a1"}, {Key: "semester", Value: "2025-2026-1"}, {Key: "type", Value: "MONTHLY_VISIT"}, {Key: "month", Value: "2025-10"}},
				bson.D{{Key: "id", Value: "a2"}, {Key: "semester", Value: "2025-2026-1"}, {Key: "type", Value: "SPECIAL_LECTURE"}, {Key: "month", Value: "2025-11"}, {Key: "responsible", Value: "张老师"}},
				bson.D{{Key: "id", Value: "a3"}, {Key: "semester", Value: "2025-2026-2"}, {Key: "type", Value: "MONTHLY_VISIT"}, {Key: "month", Value: "2026-03"}},
			}},
			{Key: "regionPath", Value: bson.A{"37", "3705", "370523"}}, {Key: "kindergartenIds", Value: bson.A{"k1", "k2"}},
			{Key: "createdAt", Value: now}, {Key: "updatedAt", Value: now}, {Key: "version", Value: 3},
		}
		if err := s.InsertRaw(ctx, storage.CollPairings, old); err != nil {
			t.Fatal(err)
		}
		if err := s.Upgrade(ctx); err != nil {
			t.Fatal(err)
		}
		first, err := s.Plan(ctx, "p1", "2025-2026-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(first.Activities) != 2 || first.Activities[0].ID != "a1" || first.Activities[1].Responsible != "张老师" || first.PairingID != "p1" {
			t.Fatalf("the first semester's plan: %+v", first)
		}
		second, err := s.Plan(ctx, "p1", "2025-2026-2")
		if err != nil || len(second.Activities) != 1 || second.Activities[0].Month != "2026-03" {
			t.Fatalf("the second semester's plan: %+v, %v", second, err)
		}
		raw, err := s.GetRaw(ctx, storage.CollPairings, "p1")
		if err != nil {
			t.Fatal(err)
		}
		if raw.Lookup("plan").Type != 0 {
			t.Fatal("the pairing still holds its plan")
		}
		pr, err := s.Pairing(ctx, "p1")
		if err != nil {
			t.Fatal(err)
		}
		if pr.Name != "锦秋—大王镇结对帮扶" || pr.Version != 3 || pr.Targets.TeachingHours != 40 || len(pr.KindergartenIDs) != 2 || !pr.UpdatedAt.Equal(now) {
			t.Fatalf("the pairing after the move: %+v", pr)
		}
		// A plan set since is kept by a second run, which has nothing to move.
		if _, err := s.SetPlan(ctx, "p1", "2025-2026-1", []domain.PlannedActivity{{ID: "b1", Semester: "2025-2026-1", Type: domain.SessionMonthlyVisit, Month: "2025-12"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.Upgrade(ctx); err != nil {
			t.Fatal(err)
		}
		again, err := s.Plan(ctx, "p1", "2025-2026-1")
		if err != nil || len(again.Activities) != 1 || again.Activities[0].ID != "b1" {
			t.Fatalf("the plan set after the move: %+v, %v", again, err)
		}
		none, err := s.Plan(ctx, "p1", "2026-2027-1")
		if err != nil || len(none.Activities) != 0 || none.ID != domain.PlanID("p1", "2026-2027-1") {
			t.Fatalf("a semester without a plan: %+v, %v", none, err)
		}
	})
}
