package storage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/storage/storagetest"
)

func kg(id, name, region string) *domain.Kindergarten {
	return &domain.Kindergarten{ID: id, Name: name, RegionCode: region, RegionPath: domain.RegionPath(region),
		Setting: domain.SettingVillage, Ownership: domain.OwnershipPublic, Level: domain.LevelUnrated,
		Meta: domain.Meta{InputHash: name}}
}

func TestRepeatedCreateReturnsTheStoredRecordAndDifferentContentConflicts(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	first, created, err := s.CreateKindergarten(ctx, kg("k1", "锦秋幼儿园", "370522"))
	if err != nil || !created {
		t.Fatalf("first create: %v created=%v", err, created)
	}
	again, created, err := s.CreateKindergarten(ctx, kg("k1", "锦秋幼儿园", "370522"))
	if err != nil || created || again.CreatedAt != first.CreatedAt {
		t.Fatalf("repeat: err=%v created=%v", err, created)
	}
	_, _, err = s.CreateKindergarten(ctx, kg("k1", "博昌幼儿园", "370522"))
	if domain.CodeOf(err) != domain.CodeConflict {
		t.Fatalf("different content with the same id: %v, want CONFLICT", err)
	}
}

func TestListPagesThroughEveryRecordOnceInOrder(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	for i := range 25 {
		region := "370522"
		if i%5 == 0 {
			region = "370523"
		}
		// Names repeat so that ties are broken by id across page boundaries.
		if _, _, err := s.CreateKindergarten(ctx, kg(fmt.Sprintf("k%02d", i), fmt.Sprintf("园%d", i%7), region)); err != nil {
			t.Fatal(err)
		}
	}
	sc := domain.Scope{RegionCode: "370522"}
	var got []string
	after := ""
	for pages := 0; ; pages++ {
		p, err := s.ListKindergartens(ctx, sc, nil, "NAME", true, 6, after)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range p.Items {
			got = append(got, k.ID)
		}
		if n, _ := p.TotalCount(ctx); n != 20 {
			t.Fatalf("totalCount = %d, want 20", n)
		}
		if !p.HasNext {
			break
		}
		after = p.Cursors[len(p.Cursors)-1]
		if pages > 10 {
			t.Fatal("paging does not end")
		}
	}
	if len(got) != 20 {
		t.Fatalf("paged through %d kindergartens, want the 20 in 370522: %v", len(got), got)
	}
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Fatalf("%s listed twice", id)
		}
		seen[id] = true
	}
	if _, err := s.ListKindergartens(ctx, sc, nil, "NAME", false, 5, "not-a-cursor"); domain.CodeOf(err) != domain.CodeBadUserInput {
		t.Fatalf("bad cursor: %v", err)
	}
}

func TestModifyRaisesTheVersion(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t)
	if _, _, err := s.CreateKindergarten(ctx, kg("k1", "A", "370522")); err != nil {
		t.Fatal(err)
	}
	k, err := s.UpdateKindergarten(ctx, "k1", func(k *domain.Kindergarten) error { k.Name = "B"; return nil })
	if err != nil || k.Version != 2 {
		t.Fatalf("update: %v version=%d", err, k.Version)
	}
	got, _ := s.Kindergarten(ctx, "k1")
	if got.Name != "B" || got.Version != 2 {
		t.Fatalf("stored %q v%d", got.Name, got.Version)
	}
	m, err := s.KindergartensByID(ctx, []string{"k1", "nope"})
	if err != nil || len(m) != 1 || m["k1"] == nil {
		t.Fatalf("by id: %v %v", m, err)
	}
}
