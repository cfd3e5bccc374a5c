package stats_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/handinhand/handinhand/stats"
)

func TestRadixSortMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{1, 2, 17, 1000, 70000} {
		for _, bits := range []uint{8, 20, 40, 64} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = r.Uint64() >> (64 - bits)
			}
			want := slices.Clone(keys)
			slices.Sort(want)
			stats.RadixSort(keys)
			if !slices.Equal(keys, want) {
				t.Fatalf("n=%d bits=%d: not sorted", n, bits)
			}
		}
	}
}
