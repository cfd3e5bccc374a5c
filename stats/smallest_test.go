package stats_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/handinhand/handinhand/stats"
)

// The top-k selection agrees with sorting everything and cutting, for k below, near and
// above n, with many equal values told apart by index as the query's keys tell rows apart.
func TestSmallestMatchesFullSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, n := range []int{0, 1, 5, 100, 5000} {
		vals := make([]int, n)
		for i := range vals {
			vals[i] = r.IntN(n/3 + 1)
		}
		compare := func(a, b int32) int { return cmp.Or(cmp.Compare(vals[b], vals[a]), cmp.Compare(a, b)) }
		all := make([]int32, n)
		for i := range all {
			all[i] = int32(i)
		}
		slices.SortFunc(all, compare)
		for _, k := range []int{1, 3, 10, n / 4, n / 2, n, n + 3} {
			if k < 1 {
				continue
			}
			if got, want := stats.Smallest(n, k, compare), all[:min(k, n)]; !slices.Equal(got, want) {
				t.Fatalf("n=%d k=%d: got %v, want %v", n, k, got[:min(len(got), 10)], want[:min(len(want), 10)])
			}
		}
	}
}
