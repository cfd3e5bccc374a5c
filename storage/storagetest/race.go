//go:build race

package storagetest

// RaceEnabled tells whether the race detector is on: FerretDB under it is some ten
// times slower, so the suites that run on it are run without it (scripts/test.sh).
const RaceEnabled = true
