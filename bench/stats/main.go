// Command stats measures the bureaus' statistics index at full size. It generates a
// province-scale data set (by default 1,000,000 teaching sessions between 20,000
// kindergartens in 3 provinces with 10,000 pairings over three school years, 3,000,000
// training attendances and 2,000,000 photos), feeds every document as BSON through the
// same decoding path the start-up loader uses, and prints the bytes of memory per fact.
// It then times random stats queries through the real HTTP GraphQL handler as county
// bureaus and as a province bureau (p50 / p95 / max), recomputes a sample of them from the
// documents for the ratio, and separately loads facts from the embedded store at start-up
// and prints facts per second.
//
//	go run ./bench/stats [-sessions 1000000] [-queries 200] [-load 100000]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/httpapi"
	"github.com/handinhand/handinhand/stats"
	"github.com/handinhand/handinhand/stats/statsgen"
	"github.com/handinhand/handinhand/storage"
)

func main() {
	sessions := flag.Int("sessions", 1_000_000, "teaching sessions")
	attendances := flag.Int("attendances", 3_000_000, "training attendances (30 per event)")
	photos := flag.Int("photos", 2_000_000, "photos")
	queries := flag.Int("queries", 200, "random stats queries through HTTP")
	sample := flag.Int("sample", 10, "queries also recomputed from the documents")
	load := flag.Int("load", 100_000, "sessions stored in the embedded store and loaded at start-up")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the HTTP queries to this file")
	flag.Parse()
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))

	spec := statsgen.Spec{Provinces: 3, CitiesPerProvince: 16, CountiesPerCity: 8, Kindergartens: 20_000,
		TeachersPerKindergarten: 12, Pairings: 10_000, Sessions: *sessions, Events: *attendances / 30,
		AttendeesPerEvent: 30, Photos: *photos, FirstYear: 2023, Years: 3}

	// 1. The index at full size, fed through the loader's decoding path.
	fmt.Printf("building the index: %d sessions, %d attendances, %d photos\n", spec.Sessions, spec.Events*spec.AttendeesPerEvent, spec.Photos)
	before := heap()
	ix := stats.New()
	start := time.Now()
	var regions []string
	kgRegion := map[string]string{}
	err := statsgen.Generate(rand.New(rand.NewPCG(1, 2)), spec, func(doc any) error {
		switch d := doc.(type) {
		case *domain.Region:
			regions = append(regions, d.Code)
		case *domain.Kindergarten:
			kgRegion[d.ID] = d.RegionCode
		}
		raw, err := bson.Marshal(doc)
		if err != nil {
			return err
		}
		return ix.ApplyRaw(statsgen.Collection(doc), raw)
	})
	check(err)
	t0 := time.Now()
	ix.Prepare()
	prepared := time.Since(t0)
	took := time.Since(start)
	size := ix.Size()
	facts := size.Sessions + size.Attendances + size.Photos
	after := heap()
	perFact := float64(after-before) / float64(facts)
	fmt.Printf("  %d facts (%d sessions, %d attendances, %d photos) generated, encoded and applied in %s\n",
		facts, size.Sessions, size.Attendances, size.Photos, took.Round(time.Millisecond))
	fmt.Printf("  rows clustered and region lists built in %s\n", prepared.Round(time.Millisecond))
	fmt.Printf("  memory: %.1f MB, %.1f bytes per fact (target ≤ 100)\n", float64(after-before)/(1<<20), perFact)

	// 2. Random queries through HTTP GraphQL, as county bureaus and a province bureau.
	store, err := storage.Open(ctx, storage.Config{DataDir: tempDir(), Logger: quiet})
	check(err)
	defer store.Close(context.Background())
	a := app.New(store, quiet)
	a.PasswordCost = 4
	a.Index = ix
	srv := httptest.NewServer(httpapi.NewHandler(a, quiet, httpapi.Options{}))
	defer srv.Close()
	r := rand.New(rand.NewPCG(3, 4))
	var counties []string
	for _, c := range regions {
		if len(c) == 6 {
			counties = append(counties, c)
		}
	}
	province := "32"
	bureaus := []string{province}
	for len(bureaus) < 11 {
		if c := counties[r.IntN(len(counties))]; !slices.Contains(bureaus, c) {
			bureaus = append(bureaus, c)
		}
	}
	tokens := users(ctx, a, srv.URL, bureaus)
	type timing struct {
		scope string
		d     time.Duration
		q     map[string]any
	}
	var times []timing
	if *profile != "" {
		f, err := os.Create(*profile)
		check(err)
		check(pprof.StartCPUProfile(f))
	}
	for i := 0; i < *queries; i++ {
		code := bureaus[1+r.IntN(len(bureaus)-1)]
		if i%2 == 1 {
			code = province
		}
		q := randomQuery(r)
		t0 := time.Now()
		post(srv.URL, tokens[code], `query($q: StatsQuery!){ stats(query:$q){ rowCount facts rows { keys { value label } values } total { values } } }`, map[string]any{"q": q})
		times = append(times, timing{code, time.Since(t0), q})
	}
	if *profile != "" {
		pprof.StopCPUProfile()
	}
	report := func(name string, keep func(timing) bool) []time.Duration {
		var ds []time.Duration
		for _, t := range times {
			if keep(t) {
				ds = append(ds, t.d)
			}
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		fmt.Printf("  %-16s %3d queries: p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms\n", name, len(ds),
			ms(ds[len(ds)/2]), ms(ds[len(ds)*95/100]), ms(ds[len(ds)-1]))
		return ds
	}
	fmt.Printf("stats queries through HTTP GraphQL (target p95 ≤ 50 ms):\n")
	report("county bureaus", func(t timing) bool { return t.scope != province })
	report("province bureau", func(t timing) bool { return t.scope == province })
	all := report("all", func(timing) bool { return true })
	sort.Slice(times, func(i, j int) bool { return times[i].d > times[j].d })
	fmt.Printf("  slowest:\n")
	for _, t := range times[:min(5, len(times))] {
		b, _ := json.Marshal(t.q)
		fmt.Printf("    %6.1f ms as %s: %s\n", ms(t.d), t.scope, b)
	}

	// 3. The same kind of query recomputed from the documents, for the ratio.
	fmt.Printf("recomputing %d queries from the session documents:\n", *sample)
	docs := sessionDocs(spec)
	var indexTime, docTime time.Duration
	for i := 0; i < *sample; i++ {
		code := bureaus[i%len(bureaus)]
		sem := []string{"2023-2024-1", "2024-2025-2", "2025-2026-1"}[i%3]
		q := stats.Query{Subject: stats.SubjectSessions, Measures: []stats.Measure{stats.Count, stats.Hours},
			GroupBy: []stats.Dimension{stats.SemesterDim}, Filter: stats.Filter{Semesters: []string{sem}}}
		t0 := time.Now()
		res, err := ix.Run(domain.Scope{RegionCode: code}, q)
		check(err)
		indexTime += time.Since(t0)
		t0 = time.Now()
		n, h := recompute(docs, kgRegion, code, sem)
		docTime += time.Since(t0)
		if got := *res.Total.Values[0]; int(got) != n || abs(*res.Total.Values[1]-h) > 1e-3*max(1, h) {
			log.Fatalf("%s %s: index says %v sessions %v hours, documents %d and %v", code, sem, got, *res.Total.Values[1], n, h)
		}
	}
	fmt.Printf("  index %.2f ms per query, documents %.1f ms per query: the index is %.0f× faster\n",
		ms(indexTime)/float64(*sample), ms(docTime)/float64(*sample), float64(docTime)/float64(indexTime))
	docs = nil

	// 4. Start-up: facts loaded from the embedded store.
	fmt.Printf("start-up load from the embedded store:\n")
	loadSpec := statsgen.Spec{Provinces: 1, CitiesPerProvince: 4, CountiesPerCity: 4, Kindergartens: 2000,
		TeachersPerKindergarten: 8, Pairings: 1000, Sessions: *load, FirstYear: 2023, Years: 3}
	byColl := map[string][]any{}
	check(statsgen.Generate(rand.New(rand.NewPCG(5, 6)), loadSpec, func(doc any) error {
		byColl[statsgen.Collection(doc)] = append(byColl[statsgen.Collection(doc)], doc)
		return nil
	}))
	loadStore, err := storage.Open(ctx, storage.Config{DataDir: tempDir(), Logger: quiet})
	check(err)
	defer loadStore.Close(context.Background())
	t0 = time.Now()
	for _, c := range []string{storage.CollRegions, storage.CollKindergartens, storage.CollPairings, storage.CollSessions} {
		check(loadStore.InsertMany(ctx, c, byColl[c]))
	}
	fmt.Printf("  stored %d sessions in %s\n", *load, time.Since(t0).Round(time.Millisecond))
	live, rep, err := stats.Open(ctx, loadStore, quiet)
	check(err)
	fmt.Printf("  loaded %s: %.0f facts per second\n", rep, float64(live.Size().Sessions)/rep.Took.Seconds())
	fmt.Printf("summary: p95 %.1f ms (target ≤ 50), %.1f bytes per fact (target ≤ 100)\n", ms(all[len(all)*95/100]), perFact)
}

// users creates a bureau user per region code and logs each in over HTTP.
func users(ctx context.Context, a *app.App, url string, codes []string) map[string]string {
	admin, err := a.CreateFirstAdmin(ctx, "admin", "bench-password-1")
	check(err)
	p, err := a.Authenticate(ctx, mustLogin(url, "admin"))
	check(err)
	_ = admin
	out := map[string]string{}
	for _, c := range codes {
		for _, code := range domain.RegionPath(c) {
			check(a.Store.PutRegion(ctx, &domain.Region{Code: code, Name: code}))
		}
		pw := "bench-password-1"
		keep := false
		_, err := a.CreateUser(ctx, p, domain.UserInput{Username: "bureau" + c, DisplayName: c, Password: &pw,
			Role: domain.RoleBureau, RegionCode: &c, MustChangePassword: &keep})
		check(err)
		out[c] = mustLogin(url, "bureau"+c)
	}
	return out
}

func mustLogin(url, user string) string {
	var r struct {
		Login struct{ Token string } `json:"login"`
	}
	post(url, "", `mutation($u:String!){ login(username:$u, password:"bench-password-1"){ token } }`, map[string]any{"u": user}, &r)
	return r.Login.Token
}

// post sends one GraphQL request and fails on any error in the answer.
func post(url, token, query string, vars map[string]any, into ...any) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	check(err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out struct {
		Data   json.RawMessage
		Errors []any
	}
	check(json.Unmarshal(b, &out))
	if len(out.Errors) > 0 || resp.StatusCode != 200 {
		log.Fatalf("%s: %s", query, b)
	}
	for _, v := range into {
		check(json.Unmarshal(out.Data, v))
	}
}

var (
	measures = []string{"COUNT", "HOURS", "ATTENDEES", "AVG_RATING", "DISTINCT_TEACHERS", "DISTINCT_KINDERGARTENS", "DISTINCT_PAIRINGS"}
	dims     = []string{"PROVINCE", "CITY", "COUNTY", "SEMESTER", "MONTH", "SESSION_TYPE", "DOMAIN", "PAIRING",
		"SUPPORTING_KINDERGARTEN", "PARTNER_KINDERGARTEN", "CONFIRMED", "DIRECTION", "KINDERGARTEN", "SETTING"}
	attMeasures   = []string{"COUNT", "HOURS", "DISTINCT_TEACHERS", "DISTINCT_KINDERGARTENS"}
	attDims       = []string{"PROVINCE", "CITY", "COUNTY", "SEMESTER", "MONTH", "TRAINING_TYPE", "KINDERGARTEN", "SETTING"}
	photoMeasures = []string{"COUNT", "DISTINCT_KINDERGARTENS", "DISTINCT_PAIRINGS"}
	photoDims     = []string{"PROVINCE", "CITY", "COUNTY", "SEMESTER", "MONTH", "PAIRING", "SUPPORTING_KINDERGARTEN", "PARTNER_KINDERGARTEN", "KINDERGARTEN", "SETTING"}
	semesters     = []string{"2023-2024-1", "2023-2024-2", "2024-2025-1", "2024-2025-2", "2025-2026-1", "2025-2026-2"}
)

// randomQuery draws a query like a bureau's: 1–3 measures, 0–3 dimensions, often a
// semester or a type, sometimes a top-N.
func randomQuery(r *rand.Rand) map[string]any {
	subject, ms, ds := "TEACHING_SESSIONS", measures, dims
	switch r.IntN(5) {
	case 0:
		subject, ms, ds = "TRAINING_ATTENDANCE", attMeasures, attDims
	case 1:
		subject, ms, ds = "PHOTOS", photoMeasures, photoDims
	}
	q := map[string]any{"subject": subject, "measures": some(r, ms, 3), "groupBy": some(r, ds, r.IntN(4))}
	f := map[string]any{}
	if r.IntN(2) == 0 {
		f["semesters"] = some(r, semesters, 2)
	}
	if subject == "TEACHING_SESSIONS" && r.IntN(3) == 0 {
		f["sessionTypes"] = some(r, []string{"DEMONSTRATION_CLASS", "SPECIAL_LECTURE", "MONTHLY_VISIT", "OBSERVATION_CRITIQUE"}, 2)
	}
	if r.IntN(4) == 0 {
		f["settings"] = []string{"VILLAGE"}
	}
	q["filter"] = f
	if r.IntN(3) == 0 {
		q["limit"] = 10
		m := q["measures"].([]string)
		q["orderBy"] = []map[string]any{{"measure": m[0], "desc": true}}
	}
	return q
}

func some(r *rand.Rand, from []string, n int) []string {
	out := []string{}
	for len(out) < min(n, len(from)) {
		if v := from[r.IntN(len(from))]; !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if n > 0 && len(out) == 0 {
		out = append(out, from[0])
	}
	return out
}

// sessionDocs regenerates the session documents as stored BSON.
func sessionDocs(spec statsgen.Spec) []bson.Raw {
	var out []bson.Raw
	check(statsgen.Generate(rand.New(rand.NewPCG(1, 2)), spec, func(doc any) error {
		if _, ok := doc.(*domain.TeachingSession); ok {
			raw, err := bson.Marshal(doc)
			out = append(out, raw)
			return err
		}
		return nil
	}))
	return out
}

// recompute counts the sessions and hours of a bureau's region in a semester by decoding
// every session document, as a query without the index would.
func recompute(docs []bson.Raw, kgRegion map[string]string, region, semester string) (int, float64) {
	n, h := 0, 0.0
	for _, raw := range docs {
		var s domain.TeachingSession
		check(bson.Unmarshal(raw, &s))
		if s.DeletedAt != nil || domain.SemesterOf(s.Date) != semester {
			continue
		}
		if !strings.HasPrefix(kgRegion[s.SupportingKindergartenID], region) && !strings.HasPrefix(kgRegion[s.PartnerKindergartenID], region) {
			continue
		}
		n++
		h += s.Hours
	}
	return n, h
}

func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func tempDir() string {
	d, err := os.MkdirTemp("", "handinhand-bench-")
	check(err)
	return d
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
