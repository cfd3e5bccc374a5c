// Package app carries out each operation of the API: it asks the policy package whether
// the caller may, validates the input with the domain's rules, and reads or writes
// through storage. The GraphQL resolvers are thin translations onto these methods.
package app

import (
	"context"
	"log/slog"
	"runtime"
	"sync/atomic"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/photos"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/protect"
	"github.com/handinhand/handinhand/stats"
	"github.com/handinhand/handinhand/storage"
)

// App is the set of operations over one store.
type App struct {
	Store *storage.Store
	Log   *slog.Logger
	// PasswordCost is the bcrypt cost of new password hashes.
	PasswordCost int
	// Photos keeps photo bytes; Signer signs the URLs that show them.
	Photos      storage.PhotoStore
	Signer      storage.Signer
	PhotoLimits photos.Limits
	// Index answers statistics; nil until it is loaded.
	Index *stats.Index
	// Keys seal and open children's protected fields; nil without a master key, when the
	// children's features answer UNAVAILABLE.
	Keys *protect.Keyring

	logins *loginLimiter
	// decodes bounds the photos decoded at once: a 50-megapixel photo takes some 300 MB
	// while it is decoded, so a dozen at once would take gigabytes.
	decodes      chan struct{}
	largeDecodes chan struct{} // one large image at a time, on top of decodes
	// decoded counts photos decoded; inFlight and peak how many at once.
	decoded, inFlight, peak atomic.Int64
}

// PhotoDecodes reports how many photos were decoded so far and the most decoded at once
// (for the metrics and the tests).
func (a *App) PhotoDecodes() (total, peakAtOnce int64) { return a.decoded.Load(), a.peak.Load() }

// MaxConcurrentDecodes is how many photos are decoded at the same time; completions
// beyond it wait their turn.
var MaxConcurrentDecodes = max(2, runtime.NumCPU())

// LargePhotoPixels is the size beyond which a photo is decoded alone among large ones
// (16 megapixels: every phone photo of 12 MP and less is not large).
const LargePhotoPixels = 16_000_000

// New returns the operations over store.
func New(store *storage.Store, log *slog.Logger) *App {
	if log == nil {
		log = slog.Default()
	}
	return &App{Store: store, Log: log, PasswordCost: defaultPasswordCost, PhotoLimits: photos.DefaultLimits, logins: newLoginLimiter(),
		decodes: make(chan struct{}, MaxConcurrentDecodes), largeDecodes: make(chan struct{}, 1)}
}

// scope returns what the caller may see.
func scope(p *policy.Principal) (domain.Scope, error) {
	if p == nil {
		return domain.Scope{}, domain.Unauthenticated
	}
	return policy.Scope(p)
}

// need returns UNAUTHENTICATED when there is no caller.
func need(p *policy.Principal) error {
	if p == nil {
		return domain.Unauthenticated
	}
	return nil
}

// hidden turns "exists but you may not see it" into NOT_FOUND, so that reading by id
// reveals nothing about records outside the caller's scope.
func hidden(kind, id string) error { return domain.NotFound(kind, id) }

// visible loads a record by id and returns it only if the caller may see it; a record
// outside the caller's scope is NOT_FOUND, exactly as one that does not exist.
func visible[T any](ctx context.Context, p *policy.Principal, kind, id string,
	load func(context.Context, string) (*T, error), sees func(*T) (bool, error)) (*T, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	v, err := load(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, err := sees(v)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, hidden(kind, id)
	}
	return v, nil
}

// always adapts a policy check that cannot fail to visible's signature.
func always[T any](sees func(*T) bool) func(*T) (bool, error) {
	return func(v *T) (bool, error) { return sees(v), nil }
}

// refError reports an id in an input that does not name a record the caller can use.
func refError(field, kind, id string) error {
	return domain.Invalid(field, "no %s with id %s that you can use", kind, id)
}

// lookupRef loads a record an input refers to, turning NOT_FOUND into an input error.
func lookupRef[T any](ctx context.Context, field, kind, id string, load func(context.Context, string) (*T, error)) (*T, error) {
	v, err := load(ctx, id)
	if domain.CodeOf(err) == domain.CodeNotFound {
		return nil, refError(field, kind, id)
	}
	return v, err
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}
