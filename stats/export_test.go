package stats

// SetDistinctBudget changes the bitset budget of distinct measures (so tests reach the
// pairs path with small data) and returns a function that restores it.
func SetDistinctBudget(words int) func() {
	old := distinctBudget
	distinctBudget = words
	return func() { distinctBudget = old }
}

// SetParallelRows changes the number of rows from which a scan is split between cores
// (so tests reach the parallel path with small data) and returns a function that
// restores it.
func SetParallelRows(n int) func() {
	old := parallelRows
	parallelRows = n
	return func() { parallelRows = old }
}

// Smallest exposes the top-k selection to tests.
var Smallest = smallest
