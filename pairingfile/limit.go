package pairingfile

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/handinhand/handinhand/domain"
)

// Making a PDF takes a core and holds the whole document in memory until it is written,
// so only as many are made at once as there are cores; another waits its turn (30 s; see
// SetTurnWait), then is told to try again. Each stops at MaxPDFTime, or as soon as its
// request ends (the client left).
const MaxPDFTime = 60 * time.Second

var (
	turnWait atomic.Int64
	turns    = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
)

func init() { turnWait.Store(int64(30 * time.Second)) }

// SetTurnWait sets how long a PDF waits for its turn, returning the setting before.
func SetTurnWait(d time.Duration) time.Duration { return time.Duration(turnWait.Swap(int64(d))) }

// turn waits for a turn to make a PDF; release gives it back.
func turn(ctx context.Context) (release func(), err error) {
	wait := time.NewTimer(time.Duration(turnWait.Load()))
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
