package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/handinhand/handinhand/domain"
)

// TestMeasureRefill times an upgrade's refill at a city's size, when asked to (it is a
// measurement, not a check): REFILL_N photos are written into REFILL_DIR (unless a file is
// there already), the photos' pairingId column and its index are taken away as an earlier
// release's file lacked them, and the store is opened, which fills them in again.
// REFILL_FILLONLY stops after the fill. Figures in bench/RESULTS.md.
//
//	REFILL_N=300000 REFILL_DIR=/tmp/refill go test -timeout 60m -count=1 -run TestMeasureRefill -v ./storage
func TestMeasureRefill(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("REFILL_N"))
	if n == 0 {
		t.Skip("a measurement: set REFILL_N and REFILL_DIR")
	}
	ctx := context.Background()
	dir := os.Getenv("REFILL_DIR")
	path := filepath.Join(dir, SQLiteFile)
	if _, err := os.Stat(path); err != nil {
		s, err := Open(ctx, Config{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		for b := 0; b < n; b += 5000 {
			err := s.eng.Tx(ctx, func(ctx context.Context) error {
				for i := b; i < b+5000 && i < n; i++ {
					d := domain.Date("2021-09-01").AddDays(i % 1900)
					p := &domain.Photo{ID: fmt.Sprintf("photo-%07d", i), SubjectKind: domain.SubjectTeachingSession, SubjectID: fmt.Sprintf("s-%d", i/3), PairingID: fmt.Sprintf("pr-%d", i%200),
						Status: domain.PhotoReady, SubjectDate: d, Semester: domain.SemesterOf(d), Month: d.Month(), PHashBands: []string{fmt.Sprintf("0:%d", i%5000), fmt.Sprintf("1:%d", i%4999), fmt.Sprintf("2:%d", i%4998), fmt.Sprintf("3:%d", i%4997)},
						Scoped: domain.Scoped{RegionPath: domain.RegionPath(fmt.Sprintf("37052%d1%02d", i%8, i%20)), KindergartenIDs: []string{fmt.Sprintf("kg-%d", i%40), fmt.Sprintf("kg-%d", 40+i%560)}}}
					raw, err := marshal(p)
					if err != nil {
						return err
					}
					if err := s.eng.Insert(ctx, CollPhotos, raw); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("filled %d in %s", n, time.Since(start))
		s.Close(ctx)
		db, err := openSQLitePool(path, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`DROP INDEX "photos__scope__pairingId_subjectDate_with_status"`, `ALTER TABLE photos DROP COLUMN "pairingId"`, `ALTER TABLE photos__scope DROP COLUMN "pairingId"`, `VACUUM`} {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		db.Close()
		if os.Getenv("REFILL_FILLONLY") != "" {
			return
		}
	}
	start := time.Now()
	s, err := Open(ctx, Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("open with refill of %d photos: %s", n, time.Since(start))
	s.Close(ctx)
}
