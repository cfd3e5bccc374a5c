//go:build !cgo

package storage

import (
	"database/sql"
	"errors"
	"net/url"
	"strings"

	"modernc.org/sqlite"
)

// Without cgo the embedded store runs modernc.org/sqlite, SQLite translated to Go: the
// same file format and statements, about half as fast on writes (bench/RESULTS.md).
const sqliteDriverName = "modernc.org/sqlite"

// openSQLitePool opens connections to the file at path, each set up with pragmas
// ("busy_timeout = 10000") before use; immediate makes transactions take the write lock
// when they begin.
func openSQLitePool(path string, immediate bool, pragmas ...string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range pragmas {
		name, value, _ := strings.Cut(p, "=")
		q.Add("_pragma", strings.TrimSpace(name)+"("+strings.TrimSpace(value)+")")
	}
	if immediate {
		q.Set("_txlock", "immediate")
	}
	return sql.Open("sqlite", "file:"+path+"?"+q.Encode())
}

// sqliteCode is the primary result code of an error from SQLite.
func sqliteCode(err error) (int, bool) {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff, true
	}
	return 0, false
}
