package storage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/storage/storagetest"
)

// Conditions on the same operator must all hold: a kindergarten user's scope on training
// events is an $or, and so is the cursor that continues a page.
func TestEveryConditionOfAFilterHolds(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	for i := range 12 {
		org := "k1"
		if i%2 == 1 {
			org = "k2"
		}
		e := &domain.TrainingEvent{ID: fmt.Sprintf("e%02d", i), Title: "培训", Type: domain.TrainingTraining,
			OrganizerKindergartenID: org, Date: domain.Date(fmt.Sprintf("2026-10-%02d", 1+i)), Semester: "2026-2027-1", Hours: 2,
			Scoped: domain.Scoped{KindergartenIDs: []string{org}, RegionPath: []string{"37"}}}
		if _, _, err := s.CreateTrainingEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	sc := domain.Scope{KindergartenID: "k1", OwnRegionPath: []string{"99"}}
	from, to := domain.Date("2026-10-02"), domain.Date("2026-10-10")
	f := &domain.TrainingEventFilter{From: &from, To: &to}
	var got []string
	after := ""
	for {
		p, err := s.ListTrainingEvents(ctx, sc, f, "DATE", false, 2, after)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Items {
			got = append(got, string(e.Date)+"/"+e.OrganizerKindergartenID)
		}
		if n, _ := p.TotalCount(ctx); n != 4 {
			t.Fatalf("totalCount %d, want 4", n)
		}
		if !p.HasNext {
			break
		}
		after = p.Cursors[len(p.Cursors)-1]
	}
	want := []string{"2026-10-03/k1", "2026-10-05/k1", "2026-10-07/k1", "2026-10-09/k1"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
