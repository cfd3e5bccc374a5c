package storage_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/storage"
	"github.com/handinhand/handinhand/storage/storagetest"
)

// The access log is a chain on both stores: entries appended at once from many goroutines
// are numbered without gaps, the chain verifies, and an entry edited or deleted in the raw
// store is named by the verification.
func TestContractTheAccessLogIsAChainThatShowsTampering(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, kind string) {
		ctx := context.Background()
		s := storagetest.OpenEngine(t, kind)
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 5 {
					e := &domain.AccessEntry{At: time.Now(), UserID: "u", Role: domain.RoleKindergartenAdmin, ChildID: "c" + string(rune('a'+w)),
						KindergartenID: "k", RegionPath: []string{"37", "3705"}, Fields: []string{"idNumber"}, Reason: strings.Repeat("查", i)}
					if err := s.AppendAccess(ctx, e); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		n, problems, err := s.VerifyAccess(ctx)
		if err != nil || n != 20 || len(problems) > 0 {
			t.Fatalf("%d entries, problems %v, %v", n, problems, err)
		}
		// Edited: another reason written into entry 7.
		raw, err := s.GetRaw(ctx, storage.CollAccess, domain.AccessID(7))
		if err != nil {
			t.Fatal(err)
		}
		var e domain.AccessEntry
		if err := storage.Decode(raw, &e); err != nil {
			t.Fatal(err)
		}
		e.Reason = "改过的理由"
		if err := s.PutRaw(ctx, storage.CollAccess, e.ID, &e); err != nil {
			t.Fatal(err)
		}
		// Deleted: entry 12.
		if err := s.DeleteRaw(ctx, storage.CollAccess, domain.AccessID(12)); err != nil {
			t.Fatal(err)
		}
		_, problems, err = s.VerifyAccess(ctx)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(problems, "\n")
		if !strings.Contains(all, domain.AccessID(7)+": its content was changed") || !strings.Contains(all, domain.AccessID(12)+" to "+domain.AccessID(12)+" are missing") {
			t.Errorf("the verification says:\n%s", all)
		}
	})
}
