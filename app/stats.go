package app

import (
	"context"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/stats"
)

// Stats answers a custom aggregate over what the caller may count.
func (a *App) Stats(ctx context.Context, p *policy.Principal, q stats.Query) (*stats.Result, error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	if a.Index == nil {
		return nil, domain.Errorf(domain.CodeUnavailable, "statistics are still loading; try again shortly")
	}
	return a.Index.Run(sc, q)
}

// Compliance lists the pairing partners in the caller's scope against their targets for a
// semester, as of today.
func (a *App) Compliance(ctx context.Context, p *policy.Principal, q stats.ComplianceQuery) ([]stats.ComplianceRow, error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	if a.Index == nil {
		return nil, domain.Errorf(domain.CodeUnavailable, "statistics are still loading; try again shortly")
	}
	if q.Today == "" {
		q.Today = domain.DateOf(domain.Now())
	}
	return a.Index.Compliance(sc, q)
}
