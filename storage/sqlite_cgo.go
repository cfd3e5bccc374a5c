//go:build cgo

package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// With cgo (release builds, which link libjpeg-turbo the same way), the embedded store
// runs SQLite's C library through mattn/go-sqlite3: it keeps statements prepared and
// writes about twice as fast as the translation to Go (bench/sqlitedriver,
// bench/RESULTS.md). Builds without cgo use modernc.org/sqlite (sqlite_nocgo.go).
const sqliteDriverName = "mattn/go-sqlite3"

// openSQLitePool opens connections to the file at path, each set up with pragmas
// ("busy_timeout = 10000") before use; immediate makes transactions take the write lock
// when they begin.
func openSQLitePool(path string, immediate bool, pragmas ...string) (*sql.DB, error) {
	dsn := "file:" + path
	if immediate {
		dsn += "?_txlock=immediate"
	}
	return sql.OpenDB(&pragmaConnector{dsn: dsn, pragmas: pragmas, d: &sqlite3.SQLiteDriver{}}), nil
}

type pragmaConnector struct {
	dsn     string
	pragmas []string
	d       *sqlite3.SQLiteDriver
}

func (c *pragmaConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.d.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	sc := conn.(*sqlite3.SQLiteConn)
	for _, p := range c.pragmas {
		if _, err := sc.Exec("PRAGMA "+p, nil); err != nil {
			conn.Close()
			return nil, err
		}
	}
	return conn, nil
}

func (c *pragmaConnector) Driver() driver.Driver { return c.d }

// sqliteCode is the primary result code of an error from SQLite.
func sqliteCode(err error) (int, bool) {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return int(se.Code), true
	}
	var sp *sqlite3.Error
	if errors.As(err, &sp) && sp != nil {
		return int(sp.Code), true
	}
	return 0, false
}
