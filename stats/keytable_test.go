package stats

import (
	"math/rand/v2"
	"testing"
)

// The key table answers as a map does, through growth and reuse, for keys that crowd
// into few slots as well as spread ones.
func TestKeyTableMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	var kt keyTable
	for round, n := range []int{0, 10, 5000, 200_000, 300} {
		kt.reset(n / 8) // too small on purpose: it must grow
		want := map[uint64]int32{}
		for i := 0; i < n; i++ {
			k := uint64(r.IntN(4 * n))
			if round%2 == 1 {
				k <<= 20 // the same low bits everywhere
			}
			if v, ok := kt.get(k); ok != (want[k] != 0) || (ok && v != want[k]-1) {
				t.Fatalf("round %d: get(%d) = %d, %v; want %d", round, k, v, ok, want[k]-1)
			}
			if want[k] == 0 {
				want[k] = int32(i) + 1
				kt.put(k, int32(i))
			}
		}
		if kt.n != len(want) {
			t.Fatalf("round %d: %d keys, want %d", round, kt.n, len(want))
		}
		for k, v := range want {
			if got, ok := kt.get(k); !ok || got != v-1 {
				t.Fatalf("round %d: get(%d) = %d, %v; want %d", round, k, got, ok, v-1)
			}
		}
	}
}
