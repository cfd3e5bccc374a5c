// Command sqlitedriver compares the two SQLite drivers the embedded store could use —
// modernc.org/sqlite (SQLite translated to Go, no cgo) and github.com/mattn/go-sqlite3
// (SQLite's C through cgo) — on the store's own kind of work, one after the other in the
// same run: bulk loading records with a scope table, a county's page and count, and
// single-record transactions from 20 writers at once.
//
//	go run ./bench/sqlitedriver [-n 100000]
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3"
	_ "modernc.org/sqlite"
)

func main() {
	n := flag.Int("n", 100_000, "records")
	flag.Parse()
	fmt.Printf("%d records, each with 4 scope rows; times are wall clock on this machine\n\n", *n)
	fmt.Println("| driver | bulk load (records/s) | county page of 20 (ms, p50) | county count (ms, p50) | everyone's count (ms, p50) | 1 write, 20 writers at once (ms p50 / p95) |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, d := range []struct{ name, driver, dsn string }{
		{"modernc.org/sqlite", "sqlite", "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)&_txlock=immediate"},
		{"mattn/go-sqlite3", "sqlite3", "?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=10000&_txlock=immediate"},
	} {
		run(d.name, d.driver, d.dsn, *n)
	}
}

func run(name, driver, dsn string, n int) {
	dir, err := os.MkdirTemp("", "sqlitedriver-")
	check(err)
	defer os.RemoveAll(dir)
	db, err := sql.Open(driver, "file:"+filepath.Join(dir, "t.db")+dsn)
	check(err)
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE TABLE rec (id TEXT PRIMARY KEY, date TEXT, status TEXT, doc BLOB)`,
		`CREATE TABLE scope (f TEXT, v TEXT, id TEXT, date TEXT, status TEXT, PRIMARY KEY (f, v, id)) WITHOUT ROWID`,
		`CREATE INDEX scope_date ON scope (f, v, date, id, status)`,
	} {
		_, err := db.Exec(q)
		check(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	doc := make([]byte, 1200)
	insert := func(tx *sql.Tx, i int) {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", r.Uint32(), i)
		date := time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(1900)).Format("2006-01-02")
		status := []string{"PENDING", "CONFIRMED", "QUERIED"}[r.IntN(3)]
		_, err := tx.Exec(`INSERT INTO rec VALUES (?, ?, ?, ?)`, id, date, status, doc)
		check(err)
		county := fmt.Sprintf("3101%02d", 21+r.IntN(8))
		for _, v := range [][2]string{{"", ""}, {"r", "31"}, {"r", "3101"}, {"r", county}} {
			_, err := tx.Exec(`INSERT INTO scope VALUES (?, ?, ?, ?, ?)`, v[0], v[1], id, date, status)
			check(err)
		}
	}
	start := time.Now()
	for i := 0; i < n; {
		tx, err := db.Begin()
		check(err)
		for j := 0; j < 1000 && i < n; j, i = j+1, i+1 {
			insert(tx, i)
		}
		check(tx.Commit())
	}
	load := float64(n) / time.Since(start).Seconds()
	_, err = db.Exec(`ANALYZE`)
	check(err)
	timeIt := func(q string, args ...any) time.Duration {
		var ds []time.Duration
		for range 21 {
			t0 := time.Now()
			rows, err := db.Query(q, args...)
			check(err)
			for rows.Next() {
			}
			rows.Close()
			ds = append(ds, time.Since(t0))
		}
		slices.Sort(ds)
		return ds[10]
	}
	page := timeIt(`SELECT rec.doc FROM (SELECT id, date FROM scope WHERE f = 'r' AND v = '310121' ORDER BY date DESC, id DESC LIMIT 21) AS s JOIN rec ON rec.id = s.id ORDER BY s.date DESC, s.id DESC`)
	county := timeIt(`SELECT count(*) FROM scope WHERE f = 'r' AND v = '310121'`)
	all := timeIt(`SELECT count(*) FROM scope WHERE f = '' AND v = ''`)

	var mu sync.Mutex
	var ds []time.Duration
	var wg sync.WaitGroup
	ctx := context.Background()
	for w := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 10 {
				t0 := time.Now()
				mu.Lock() // the generator is shared; the lock is not held while the write waits
				i := n + w*10 + k
				mu.Unlock()
				tx, err := db.BeginTx(ctx, nil)
				check(err)
				mu.Lock()
				insert(tx, i)
				mu.Unlock()
				check(tx.Commit())
				mu.Lock()
				ds = append(ds, time.Since(t0))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(ds)
	fmt.Printf("| %s | %.0f | %.2f | %.2f | %.2f | %.2f / %.2f |\n", name, load, ms(page), ms(county), ms(all), ms(ds[len(ds)/2]), ms(ds[len(ds)*95/100]))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
