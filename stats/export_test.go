package stats

// SetDistinctBudget changes the bitset budget of distinct measures (so tests reach the
// sorted-pairs path with small data) and returns a function that restores it.
func SetDistinctBudget(words int) func() {
	old := distinctBudget
	distinctBudget = words
	return func() { distinctBudget = old }
}

// RadixSort exposes the pair sort to tests.
var RadixSort = radixSort
