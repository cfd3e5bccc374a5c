package pairingfile

import (
	"context"
	"runtime"
	"time"

	"github.com/handinhand/handinhand/domain"
)

// Making a PDF takes a core and holds the whole document in memory until it is written,
// so only as many are made at once as there are cores; another waits its turn up to
// TurnWait, then is told to try again. Each stops at MaxPDFTime, or as soon as its request
// ends (the client left).
var (
	TurnWait   = 30 * time.Second
	MaxPDFTime = 60 * time.Second
	turns      = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
)

// turn waits for a turn to make a PDF; release gives it back.
func turn(ctx context.Context) (release func(), err error) {
	wait := time.NewTimer(TurnWait)
	defer wait.Stop()
	select {
	case turns <- struct{}{}:
		return func() { <-turns }, nil
	case <-wait.C:
		return nil, &domain.Error{Code: domain.CodeRateLimited, Message: "other assistance files are being made; try again in a minute"}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
