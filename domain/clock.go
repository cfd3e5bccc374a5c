package domain

import "time"

// Now is the clock every rule reads; tests may replace it.
var Now = func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }
