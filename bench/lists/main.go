// Command lists measures every list page at the size a city reaches in a few years, as
// its users receive it: through HTTP, from the real server binary.
//
//	go run ./bench/lists -fill DIR    fill an empty embedded data directory and exit
//	go run ./bench/lists -dir DIR -compare=false [-bin OLD]   time a filled copy (with -bin,
//	                                  an earlier release's binary, to compare)
//	go run ./bench/lists              fill a temporary one, start the server on it, time
//	                                  each user's lists, compliance, stats, the audit log,
//	                                  node, 20 concurrent writers and start-up; then the
//	                                  same on the MongoDB implementation (FerretDB here)
//
// The data set: 1 city, 8 counties, 600 kindergartens, 6,000 teachers, 200 pairings,
// 100,000 teaching sessions over six school years up to today, 2,000 training events with
// 40,000 attendances, 300,000 ready photo records, 200,000 audit entries, and the users
// admin, city, county, teacher and partner (password bench-password).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/handinhand/handinhand/storage"
	"github.com/handinhand/handinhand/storage/storagetest"
)

const password = "bench-password"

func main() {
	fill := flag.String("fill", "", "fill this empty embedded data directory with the data set and exit")
	use := flag.String("dir", "", "time this data directory, filled before by -fill, instead of filling a new one (it gains the writers' sessions)")
	samples := flag.Int("n", 30, "timed requests per operation on SQLite")
	compare := flag.Bool("compare", true, "also time the MongoDB implementation through FerretDB")
	mongoSamples := flag.Int("mongo-n", 2, "timed requests per operation on FerretDB (each takes seconds)")
	sessions := flag.Int("sessions", 100_000, "teaching sessions")
	photos := flag.Int("photos", 300_000, "photo records")
	writersOnly := flag.Bool("writers-only", false, "time only the 20 concurrent writers (and start-up)")
	prebuilt := flag.String("bin", "", "a server binary to time instead of building ./server (an earlier release, to compare)")
	tags := flag.String("tags", "", "build tags for the server binary (profile: Go's profiles on HANDINHAND_PPROF_ADDR)")
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()
	spec := citySpec(*sessions, *photos)
	if *fill != "" {
		st, err := storage.Open(ctx, storage.Config{DataDir: *fill, Logger: quiet()})
		check(err)
		took, err := fillStore(ctx, st, spec)
		check(err)
		st.Close(ctx)
		fmt.Printf("filled %s in %s\n", *fill, took.Round(time.Millisecond))
		return
	}

	onlyWriters = *writersOnly
	bin := *prebuilt
	if bin == "" {
		bin = buildServer(*tags)
	}
	dir := *use
	if dir == "" {
		var err error
		dir, err = os.MkdirTemp("", "handinhand-lists-")
		check(err)
		defer os.RemoveAll(dir)
		st, err := storage.Open(ctx, storage.Config{DataDir: dir, Logger: quiet()})
		check(err)
		took, err := fillStore(ctx, st, spec)
		check(err)
		st.Close(ctx)
		fmt.Printf("SQLite: filled in %s\n", took.Round(time.Millisecond))
	}
	sqliteRes := measure(bin, []string{"HANDINHAND_DATA=" + dir}, *samples, false)

	var mongoRes *results
	if *compare {
		fdir, err := os.MkdirTemp("", "handinhand-ferretdb-")
		check(err)
		defer os.RemoveAll(fdir)
		f, err := storagetest.StartFerretDB(fdir, quiet())
		check(err)
		defer f.Stop()
		mst, err := storage.Open(ctx, storage.Config{MongoURI: f.URI, Database: "bench", Logger: quiet()})
		check(err)
		took, err := fillStore(ctx, mst, spec)
		check(err)
		mst.Close(ctx)
		fmt.Printf("FerretDB: filled in %s\n", took.Round(time.Millisecond))
		pdir, err := os.MkdirTemp("", "handinhand-photos-")
		check(err)
		defer os.RemoveAll(pdir)
		mongoRes = measure(bin, []string{"MONGODB_URI=" + f.URI, "MONGODB_DATABASE=bench", "HANDINHAND_DATA=" + pdir}, *mongoSamples, true)
	}
	report(sqliteRes, mongoRes)
}
