package storage

import (
	"context"
	"errors"

	"github.com/handinhand/handinhand/domain"
)

// SQLite's primary result codes (https://sqlite.org/rescode.html), the same in every
// driver.
const (
	sqliteBusy       = 5
	sqliteLocked     = 6
	sqliteReadOnly   = 8
	sqliteIOErr      = 10
	sqliteCorrupt    = 11
	sqliteFull       = 13
	sqliteCantOpen   = 14
	sqliteProtocol   = 15
	sqliteConstraint = 19
	sqliteNotADB     = 26
)

func isConstraint(err error) bool {
	code, ok := sqliteCode(err)
	return ok && code == sqliteConstraint
}

// swrap turns SQLite errors into coded errors. A disk that is full, read-only or failing,
// or a database busy past its timeout, is UNAVAILABLE: the client keeps its record and
// tries again, and the server goes on once space returns.
func swrap(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return unavailable(err)
	}
	if code, ok := sqliteCode(err); ok {
		switch code {
		case sqliteFull, sqliteReadOnly, sqliteIOErr, sqliteBusy, sqliteLocked, sqliteCantOpen, sqliteProtocol:
			return &domain.Error{Code: domain.CodeUnavailable, Message: "the server cannot store data right now (its disk is full or not writable); try again shortly", Err: err}
		}
	}
	return &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: err}
}
