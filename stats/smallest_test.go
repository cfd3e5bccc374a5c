package stats_test

import (
	"cmp"
	"math"
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
			// Without a primary order, and with a coarser one that agrees with compare.
			primary := make([]uint64, n)
			for i, v := range vals {
				primary[i] = uint64(n - v/2)
			}
			for _, p := range [][]uint64{nil, primary} {
				if got, want := stats.Smallest(n, k, compare, p), all[:min(k, n)]; !slices.Equal(got, want) {
					t.Fatalf("n=%d k=%d primary %v: got %v, want %v", n, k, p != nil, got[:min(len(got), 10)], want[:min(len(want), 10)])
				}
			}
		}
	}
}

// Measure values mapped to numbers order as compareValue orders them, ascending and
// descending, with absent values, zeros of either sign, negatives and NaN.
func TestOrderableAgreesWithCompareValue(t *testing.T) {
	vals := []float64{math.NaN(), math.Inf(-1), -3.5, -1, math.Copysign(0, -1), 0, 1e-300, 0.5, 1, 2.25, 1e300, math.Inf(1)}
	for _, desc := range []bool{false, true} {
		for i := -1; i < len(vals); i++ {
			for j := -1; j < len(vals); j++ {
				var a, b *float64
				va, vb := 0.0, 0.0
				if i >= 0 {
					va = vals[i]
					a = &va
				}
				if j >= 0 {
					vb = vals[j]
					b = &vb
				}
				oa, ob := stats.Orderable(va, a != nil, desc), stats.Orderable(vb, b != nil, desc)
				c := stats.CompareValue(a, b, desc)
				if oa < ob && c >= 0 || oa > ob && c <= 0 || oa == ob && c != 0 {
					t.Errorf("desc=%v %v vs %v: orderable %d, %d but compareValue %d", desc, show(a), show(b), oa, ob, c)
				}
			}
		}
	}
}

func show(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}
