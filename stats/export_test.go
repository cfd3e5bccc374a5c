package stats

// SetDistinctBudget changes the bitset budget of distinct measures (so tests reach the
// pairs path with small data) and returns a function that restores it.
func SetDistinctBudget(words int) func() {
	old := distinctBudget
	distinctBudget = words
	return func() { distinctBudget = old }
}

// SetParallelRows changes the number of rows from which a scan is split between cores
// and the rows a worker takes at a time (so tests reach the parallel path with small
// data) and returns a function that restores them.
func SetParallelRows(n, chunk int) func() {
	oldRows, oldChunk := parallelRows, scanChunk
	parallelRows, scanChunk = n, chunk
	return func() { parallelRows, scanChunk = oldRows, oldChunk }
}

// Smallest exposes the top-k selection to tests.
var Smallest = smallest

// Orderable and CompareValue expose how measure values are ordered to tests.
var (
	Orderable    = orderable
	CompareValue = compareValue
)

// SetClusterMin changes the number of new rows from which the index clusters its rows
// again (so tests reach reclustering with small data) and returns a function that
// restores it.
func SetClusterMin(n int) func() {
	old := clusterMin
	clusterMin = n
	return func() { clusterMin = old }
}

// SetPaging changes the largest key space found in pages and the pages a worker may
// use (so tests reach the hash table, alone and after the pages run out) and returns a
// function that restores them.
func SetPaging(keys uint64, budget int) func() {
	oldKeys, oldBudget := pagedKeys, pageBudget
	pagedKeys, pageBudget = keys, budget
	return func() { pagedKeys, pageBudget = oldKeys, oldBudget }
}

// SetSplit changes the entries a query's first chunk must reach and the entries per group
// below which the workers split the groups between them rather than the rows (so tests
// reach either way with small data) and returns a function that restores them.
func SetSplit(sample, ratio int) func() {
	oldSample, oldRatio := splitSample, splitRatio
	splitSample, splitRatio = sample, ratio
	return func() { splitSample, splitRatio = oldSample, oldRatio }
}
