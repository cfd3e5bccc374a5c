// Command lists measures every list page at the size a city reaches in a few years, as
// its users receive it: through HTTP, from the real server binary.
//
//	go run ./bench/lists -fill DIR    fill an empty embedded data directory and exit
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
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/stats/statsgen"
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
	bin := buildServer(*tags)
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

func citySpec(sessions, photos int) statsgen.Spec {
	return statsgen.Spec{Provinces: 1, CitiesPerProvince: 1, CountiesPerCity: 8, Kindergartens: 600,
		TeachersPerKindergarten: 10, Pairings: 200, Sessions: sessions, Events: 2000, AttendeesPerEvent: 20,
		Photos: photos, FirstYear: 2020, Years: 7, Until: domain.DateOf(time.Now())}
}

// world is what the fill wrote that the timings need.
type world struct {
	city, county   string
	teacherKg      string // a supporting kindergarten with active pairings
	partnerKg      string
	teacherPairing string
	sessionID      string
}

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"}

// fillStore writes the data set into an empty store, a collection at a time.
func fillStore(ctx context.Context, st *storage.Store, spec statsgen.Spec) (time.Duration, error) {
	start := time.Now()
	if n, err := st.CountUsers(ctx); err != nil || n > 0 {
		return 0, fmt.Errorf("the store is not empty (%d users, %v)", n, err)
	}
	byColl := map[string][]any{}
	var kgs []*domain.Kindergarten
	var pairings []*domain.Pairing
	var sessions []*domain.TeachingSession
	err := statsgen.Generate(rand.New(rand.NewPCG(1, 2)), spec, func(doc any) error {
		switch d := doc.(type) {
		case *domain.Kindergarten:
			kgs = append(kgs, d)
		case *domain.Pairing:
			pairings = append(pairings, d)
		case *domain.TeachingSession:
			sessions = append(sessions, d)
		}
		byColl[statsgen.Collection(doc)] = append(byColl[statsgen.Collection(doc)], doc)
		return nil
	})
	if err != nil {
		return 0, err
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i, k := range kgs {
		for t := range spec.TeachersPerKindergarten {
			byColl[storage.CollTeachers] = append(byColl[storage.CollTeachers], &domain.Teacher{
				ID: statsgen.ID("t", i*1000+t), Name: surnames[r.IntN(len(surnames))] + fmt.Sprintf("老师%d", i*1000+t),
				KindergartenID: k.ID, RegionPath: k.RegionPath, Post: domain.PostTeacher, Backbone: t == 0,
				Meta: domain.Meta{CreatedAt: time.Now(), UpdatedAt: time.Now(), Version: 1}})
		}
	}
	// The audit log: who changed what, over the same years.
	ops := []string{"logTeachingSession", "confirmTeachingSession", "updatePairing", "createTrainingEvent"}
	for i := range 200_000 {
		s := sessions[r.IntN(len(sessions))]
		byColl[storage.CollAudit] = append(byColl[storage.CollAudit], &domain.AuditEntry{
			ID: statsgen.ID("audit", i), At: s.Date.Time().Add(time.Duration(r.IntN(36000)) * time.Second),
			UserID: statsgen.ID("user", r.IntN(500)), Role: domain.RoleTeacher, Operation: ops[r.IntN(len(ops))],
			RecordID: s.ID, RecordType: "TeachingSession", Input: "{}", RegionPath: s.RegionPath})
	}
	followUp(r, byColl, pairings, spec)
	for _, coll := range []string{storage.CollRegions, storage.CollKindergartens, storage.CollTeachers, storage.CollPairings,
		storage.CollTrainingEvents, storage.CollSessions, storage.CollPhotos, storage.CollAudit,
		storage.CollLessonGrades, storage.CollDonations, storage.CollSummaries, storage.CollPlans, storage.CollInspections} {
		docs := byColl[coll]
		for len(docs) > 0 {
			n := min(len(docs), 20_000)
			if err := st.Tx(ctx, func(ctx context.Context) error { return st.InsertMany(ctx, coll, docs[:n]) }); err != nil {
				return 0, fmt.Errorf("%s: %w", coll, err)
			}
			docs = docs[n:]
		}
		fmt.Printf("  %-16s %7d\n", coll, len(byColl[coll]))
	}
	w := pick(kgs, pairings, sessions)
	a := app.New(st, quiet())
	a.PasswordCost = 10
	system := &policy.Principal{UserID: "system", Role: domain.RoleAdmin}
	pw := password
	teacherID := ""
	for i, k := range kgs {
		if k.ID == w.teacherKg {
			teacherID = statsgen.ID("t", i*1000+1)
		}
	}
	for _, u := range []domain.UserInput{
		{Username: "admin", DisplayName: "管理员", Role: domain.RoleAdmin},
		{Username: "city", DisplayName: "市教育局", Role: domain.RoleBureau, RegionCode: &w.city},
		{Username: "county", DisplayName: "县教育局", Role: domain.RoleBureau, RegionCode: &w.county},
		{Username: "teacher", DisplayName: "送教老师", Role: domain.RoleTeacher, KindergartenID: &w.teacherKg, TeacherID: &teacherID},
		{Username: "partner", DisplayName: "结对园园长", Role: domain.RoleKindergartenAdmin, KindergartenID: &w.partnerKg},
	} {
		keep := false
		u.Password, u.MustChangePassword = &pw, &keep
		if _, err := a.CreateUser(ctx, system, u); err != nil {
			return 0, fmt.Errorf("user %s: %w", u.Username, err)
		}
	}
	fmt.Printf("  users            admin city county teacher partner (password %s)\n", password)
	return time.Since(start), nil
}

// followUp adds what a pairing's cycle keeps, each semester of each pairing's period up
// to today: a plan of ten items, ten lesson grades of each partner, both sides' summaries
// (the last semester's partly missing), an inspection with two items to rectify (the
// latest open), and two donations a year.
func followUp(r *rand.Rand, byColl map[string][]any, pairings []*domain.Pairing, spec statsgen.Spec) {
	now := time.Now()
	meta := domain.Meta{CreatedAt: now, UpdatedAt: now, Version: 1}
	today := domain.DateOf(now)
	grades := []domain.LessonGradeValue{domain.GradeExcellent, domain.GradeGood, domain.GradeGood, domain.GradePass, domain.GradeFail}
	types := []domain.SessionType{domain.SessionDemonstrationClass, domain.SessionMonthlyVisit, domain.SessionSpecialLecture}
	n := 0
	id := func(kind string) string { n++; return statsgen.ID(kind, n) }
	for _, p := range pairings {
		scoped := domain.Scoped{RegionPath: p.RegionPath, KindergartenIDs: append([]string{p.SupportingKindergartenID}, p.PartnerKindergartenIDs...)}
		var sems []string
		for d := p.Start; d <= p.End && d <= today; d = d.AddDays(28) {
			if sem := domain.SemesterOf(d); !slices.Contains(sems, sem) {
				sems = append(sems, sem)
			}
		}
		for _, sem := range sems {
			parsed, _ := domain.ParseSemester(sem)
			months := parsed.Months()
			plan := &domain.Plan{ID: domain.PlanID(p.ID, sem), PairingID: p.ID, Semester: sem, Meta: meta}
			for i := range 10 {
				plan.Activities = append(plan.Activities, domain.PlannedActivity{ID: id("plan"), Semester: sem, Type: types[i%len(types)], Month: months[i%len(months)],
					PartnerKindergartenID: p.PartnerKindergartenIDs[i%len(p.PartnerKindergartenIDs)], Responsible: "张老师"})
			}
			byColl[storage.CollPlans] = append(byColl[storage.CollPlans], plan)
			day := func() domain.Date { return domain.Date(months[r.IntN(len(months))] + "-15") }
			for _, partner := range p.PartnerKindergartenIDs {
				for range 10 {
					g := &domain.LessonGrade{ID: id("grade"), PairingID: p.ID, SupportingKindergartenID: p.SupportingKindergartenID,
						PartnerKindergartenID: partner, TeacherID: statsgen.ID("t", r.IntN(6000)), Date: day(), Semester: sem,
						Topic: "大班科学活动", Grade: grades[r.IntN(len(grades))], Scoped: domain.Scoped{RegionPath: p.RegionPath,
							KindergartenIDs: []string{p.SupportingKindergartenID, partner}}, Meta: meta}
					byColl[storage.CollLessonGrades] = append(byColl[storage.CollLessonGrades], g)
				}
			}
			for _, kg := range scoped.KindergartenIDs {
				if r.IntN(4) == 0 && sem == domain.SemesterOf(today) {
					continue // a quarter of this semester's summaries not written yet
				}
				side := domain.SidePartner
				if kg == p.SupportingKindergartenID {
					side = domain.SideSupporting
				}
				byColl[storage.CollSummaries] = append(byColl[storage.CollSummaries], &domain.SemesterSummary{ID: domain.SummaryID(p.ID, sem, kg),
					PairingID: p.ID, Semester: sem, KindergartenID: kg, Side: side, Text: "本学期送教与视导按计划完成。", Status: domain.SummarySubmitted,
					Scoped: scoped, Meta: meta})
			}
			date := day()
			if date > today {
				date = today
			}
			in := &domain.Inspection{ID: id("inspection"), PairingID: p.ID, Date: date, Semester: sem, Inspectors: "县教育局督导组",
				Findings: "档案基本齐全。", Scoped: scoped, Meta: meta}
			for i := range 2 {
				it := domain.RectifyItem{ID: id("item"), Text: "补齐视导记录", Deadline: date.AddDays(30), Status: domain.ItemClosed}
				if sem == domain.SemesterOf(today) && i == 0 {
					it.Status = domain.ItemOpen
				}
				in.Items = append(in.Items, it)
			}
			in.Reckon()
			byColl[storage.CollInspections] = append(byColl[storage.CollInspections], in)
			byColl[storage.CollDonations] = append(byColl[storage.CollDonations], &domain.Donation{ID: id("donation"), PairingID: p.ID,
				PartnerKindergartenID: p.PartnerKindergartenIDs[0], Date: day(), Items: []domain.DonationItem{{Name: "图书", Quantity: 50}},
				Value: float64(500 + r.IntN(5000)), Scoped: domain.Scoped{RegionPath: p.RegionPath,
					KindergartenIDs: []string{p.SupportingKindergartenID, p.PartnerKindergartenIDs[0]}}, Meta: meta})
		}
	}
}

// pick chooses the county, the teacher's kindergarten and its partner: the supporting
// kindergarten of an active pairing within the county holding most sessions.
func pick(kgs []*domain.Kindergarten, pairings []*domain.Pairing, sessions []*domain.TeachingSession) world {
	w := world{city: kgs[0].RegionPath[1]}
	w.county = kgs[0].RegionPath[2]
	region := map[string]string{}
	for _, k := range kgs {
		region[k.ID] = k.RegionPath[2]
	}
	for _, p := range pairings {
		if p.Status == domain.PairingActive && region[p.SupportingKindergartenID] == w.county {
			w.teacherKg, w.partnerKg, w.teacherPairing = p.SupportingKindergartenID, p.PartnerKindergartenIDs[0], p.ID
			break
		}
	}
	return w
}

// op is one timed request.
type op struct {
	user, name string
	query      string
	vars       map[string]any
	path       string // a download (GET) instead of a GraphQL request
}

type timing struct {
	user, name  string
	took        []time.Duration
	total       string // totalCount of the answer, for the record
	refused     string
	concurrency int
}

type results struct {
	engine  string
	startup time.Duration
	rssMB   float64
	ops     []*timing
}

// measure starts the server binary with env, waits until it listens, and times the
// operations of every user, n requests each.
func measure(bin string, env []string, n int, short bool) *results {
	port := freePort()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	url := "http://" + addr
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), append(env, "HANDINHAND_ADDR="+addr)...)
	var logBuf bytes.Buffer
	cmd.Stderr = &logBuf
	start := time.Now()
	check(cmd.Start())
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	for {
		if resp, err := http.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Since(start) > 10*time.Minute {
			log.Fatalf("the server did not start:\n%s", logBuf.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	res := &results{engine: "SQLite", startup: time.Since(start)}
	if short {
		res.engine = "MongoDB impl. on FerretDB"
	}
	fmt.Printf("%s: listening %s after start\n", res.engine, res.startup.Round(time.Millisecond))

	tokens := map[string]string{}
	for _, u := range []string{"admin", "city", "county", "teacher", "partner"} {
		var out struct {
			Login struct{ Token string }
		}
		if err := post(url, "", `mutation($u:String!,$p:String!){login(username:$u,password:$p){token}}`, map[string]any{"u": u, "p": password}, &out); err != nil {
			log.Fatalf("login %s: %v", u, err)
		}
		tokens[u] = out.Login.Token
	}
	semester := domain.SemesterOf(domain.DateOf(time.Now()))
	var pairing, partner, session string
	{
		var out struct {
			Pairings struct {
				Edges []struct {
					Node struct {
						ID                   string
						PartnerKindergartens []struct{ ID string }
					}
				}
			}
		}
		if err := post(url, tokens["teacher"], `{pairings(first:1, filter:{statuses:[ACTIVE]}){edges{node{id partnerKindergartens{id}}}}}`, nil, &out); err != nil || len(out.Pairings.Edges) == 0 {
			log.Fatalf("the teacher's pairing: %v", err)
		}
		pairing, partner = out.Pairings.Edges[0].Node.ID, out.Pairings.Edges[0].Node.PartnerKindergartens[0].ID
		var sess struct {
			Pairing struct {
				Sessions struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
		if !short {
			check(post(url, tokens["teacher"], `query($p:ID!){pairing(id:$p){sessions(first:1){edges{node{id}}}}}`, map[string]any{"p": pairing}, &sess))
			if len(sess.Pairing.Sessions.Edges) == 0 {
				log.Fatal("the teacher's pairing has no sessions")
			}
			session = sess.Pairing.Sessions.Edges[0].Node.ID
		}
	}
	page := `totalCount edges{cursor node{id}} pageInfo{hasNextPage endCursor}`
	list := func(field, args string) string {
		if args != "" {
			args = "(" + args + ", first:20)"
		} else {
			args = "(first:20)"
		}
		return "{" + field + args + "{" + page + "}}"
	}
	var ops []op
	users := []string{"admin", "city", "county", "teacher", "partner"}
	if short {
		// On FerretDB each list takes seconds: the first page of the sessions list, as
		// three kinds of user, makes the comparison.
		users = []string{"admin", "county", "teacher"}
	}
	if onlyWriters {
		users = nil
	}
	for _, u := range users {
		add := func(name, q string, vars map[string]any) {
			ops = append(ops, op{user: u, name: name, query: q, vars: vars})
		}
		add("teachingSessions", list("teachingSessions", ""), nil)
		add("teachingSessions this semester", list("teachingSessions", `filter:{semesters:["`+semester+`"]}`), nil)
		if short {
			continue
		}
		add("teachingSessions waiting", list("teachingSessions", `filter:{confirmed:false}`), nil)
		add("teachingSessions one pairing", list("teachingSessions", `filter:{pairingIds:["`+pairing+`"]}`), nil)
		add("kindergartens", list("kindergartens", ""), nil)
		add("kindergartens name", list("kindergartens", `filter:{nameContains:"园001"}`), nil)
		add("teachers", list("teachers", ""), nil)
		add("teachers name", list("teachers", `filter:{nameContains:"王"}`), nil)
		add("pairings", list("pairings", ""), nil)
		add("pairings active", list("pairings", `filter:{statuses:[ACTIVE]}`), nil)
		add("pairings name", list("pairings", `filter:{nameContains:"结对000"}`), nil)
		add("trainingEvents", list("trainingEvents", ""), nil)
		add("trainingEvents this semester", list("trainingEvents", `filter:{semesters:["`+semester+`"]}`), nil)
		add("trainingEvents name", list("trainingEvents", `filter:{titleContains:"培训1"}`), nil)
		add("mentorships", list("mentorships", ""), nil)
		add("donations", list("donations", ""), nil)
		add("users", list("users", ""), nil)
		add("photos", list("photos", ""), nil)
		add("photos this semester", list("photos", `filter:{semesters:["`+semester+`"]}`), nil)
		add("photos one pairing", list("photos", `filter:{pairingIds:["`+pairing+`"]}`), nil)
		add("photos flagged", list("photos", `filter:{flaggedOnly:true}`), nil)
		add("flaggedPhotos", list("flaggedPhotos", ""), nil)
		add("auditLog", list("auditLog", ""), nil)
		add("auditLog one record", list("auditLog", `filter:{recordId:"`+session+`"}`), nil)
		add("compliance", `query($s:String!){compliance(semester:$s){pairingId partnerKindergartenId status}}`, map[string]any{"s": semester})
		add("stats", `{stats(query:{subject:TEACHING_SESSIONS, measures:[COUNT,HOURS], groupBy:[COUNTY,SEMESTER]}){rows{values} total{values}}}`, nil)
		add("node", `query($id:ID!){node(id:$id){id ... on TeachingSession{date hours}}}`, map[string]any{"id": session})
		// A pairing's cycle (issue 15): its grades, summaries, inspections, what is due.
		add("lessonGrades", list("lessonGrades", ""), nil)
		add("lessonGrades one pairing", list("lessonGrades", `filter:{pairingIds:["`+pairing+`"]}`), nil)
		add("inspections open", list("inspections", `filter:{openOnly:true}`), nil)
		add("summaries missing", `query($s:String!){summaries(semester:$s, missingOnly:true){kindergarten{id} side}}`, map[string]any{"s": semester})
		add("due", `{due{weeksLeft items{kind count}}}`, nil)
		add("plan", `query($p:ID!,$s:String!){pairing(id:$p){plan(semester:$s){id status}}}`, map[string]any{"p": pairing, "s": semester})
		add("stats grades by grade", `{stats(query:{subject:LESSON_GRADES, measures:[COUNT], groupBy:[GRADE,SEMESTER]}){rows{values}}}`, nil)
		if u != "teacher" { // the file is the admins' and the bureaus'
			ops = append(ops, op{user: u, name: "pairing-file.pdf this semester", path: "/export/pairing-file.pdf?pairingId=" + pairing + "&semester=" + semester})
		}
		add("stats donations", `{stats(query:{subject:DONATIONS, measures:[VALUE,COUNT], groupBy:[COUNTY,SEMESTER]}){rows{values}}}`, nil)
	}
	for _, o := range ops {
		t := &timing{user: o.user, name: o.name}
		for i := range n + 1 {
			var out map[string]any
			t0 := time.Now()
			var err error
			if o.path != "" {
				var size int
				if size, err = download(url+o.path, tokens[o.user]); err == nil {
					out = map[string]any{"file": []any{fmt.Sprintf("%d KB", size>>10)}}
				}
			} else {
				err = post(url, tokens[o.user], o.query, o.vars, &out)
			}
			d := time.Since(t0)
			if err != nil {
				t.refused = shortErr(err)
				break
			}
			if i == 0 && !short {
				t.total = totalOf(out) // the first request warms caches; it is not counted
				continue
			}
			t.total = totalOf(out)
			t.took = append(t.took, d)
			if short && len(t.took) == n {
				break
			}
		}
		res.ops = append(res.ops, t)
		fmt.Printf("  %s %-8s %-32s %s  %s\n", res.engine, t.user, t.name, cell(t, !short), t.total)
	}
	// 20 writers at once, as the teacher, each logging lessons with fresh ids.
	writers, each := 20, max(n/2, 2)
	if short {
		each = 1
	}
	w := &timing{user: "teacher", name: "logTeachingSession", concurrency: writers}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var lost []string
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				id := domain.NewID()
				t0 := time.Now()
				var out map[string]any
				err := post(url, tokens["teacher"], `mutation($in:TeachingSessionInput!){logTeachingSession(input:$in){id}}`, map[string]any{"in": map[string]any{
					"id": id, "pairingId": pairing, "partnerKindergartenId": partner, "date": string(domain.DateOf(time.Now())), "hours": 1.5, "type": "DEMONSTRATION_CLASS",
					"topic": fmt.Sprintf("压测%d-%d", i, j)}}, &out)
				d := time.Since(t0)
				mu.Lock()
				if err != nil {
					w.refused = shortErr(err)
					lost = append(lost, id)
				} else {
					w.took = append(w.took, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	w.total = fmt.Sprintf("%d written, %d refused", len(w.took), len(lost))
	res.ops = append(res.ops, w)
	res.rssMB = peakRSS(cmd.Process.Pid)
	return res
}

func report(s, m *results) {
	fmt.Println()
	fmt.Println("| user | operation | SQLite p50 / p95 / max (ms) | totalCount | MongoDB impl. on FerretDB p50 / max (ms) |")
	fmt.Println("|---|---|---|---|---|")
	var worst time.Duration
	worstName := ""
	for _, t := range s.ops {
		cmp := ""
		if m != nil {
			for _, mt := range m.ops {
				if mt.user == t.user && mt.name == t.name {
					cmp = cell(mt, false)
				}
			}
		}
		fmt.Printf("| %s | %s | %s | %s | %s |\n", t.user, t.name, cell(t, true), t.total, cmp)
		if t.name != "logTeachingSession" && t.refused == "" && len(t.took) > 0 {
			if p := pct(t.took, 95); p > worst {
				worst, worstName = p, t.user+" "+t.name
			}
		}
	}
	fmt.Println()
	fmt.Printf("slowest list p95: %.2f ms (%s), target ≤ 50 ms\n", ms(worst), worstName)
	w := s.ops[len(s.ops)-1]
	fmt.Printf("logTeachingSession, %d concurrent writers: p95 %.2f ms (target ≤ 30 ms), %s\n", w.concurrency, ms(pct(w.took, 95)), w.total)
	fmt.Printf("start-up to listening, statistics index loaded: SQLite %s (target ≤ 10 s)", s.startup.Round(time.Millisecond))
	if m != nil {
		fmt.Printf(", FerretDB %s", m.startup.Round(time.Millisecond))
	}
	fmt.Println()
	fmt.Printf("server peak resident memory: SQLite %.0f MB (target ≤ 600 MB)", s.rssMB)
	if m != nil {
		fmt.Printf(", on FerretDB %.0f MB (the server only; FerretDB runs in the bench)", m.rssMB)
	}
	fmt.Println()
}

func cell(t *timing, full bool) string {
	if t.refused != "" && len(t.took) == 0 {
		return "refused: " + t.refused
	}
	if len(t.took) == 0 {
		return ""
	}
	if !full {
		return fmt.Sprintf("%.0f / %.0f", ms(pct(t.took, 50)), ms(pct(t.took, 100)))
	}
	return fmt.Sprintf("%.2f / %.2f / %.2f", ms(pct(t.took, 50)), ms(pct(t.took, 95)), ms(pct(t.took, 100)))
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func totalOf(out map[string]any) string {
	for _, v := range out {
		if m, ok := v.(map[string]any); ok {
			if n, ok := m["totalCount"].(float64); ok {
				return fmt.Sprintf("%.0f", n)
			}
		}
		if l, ok := v.([]any); ok {
			return fmt.Sprintf("%d rows", len(l))
		}
	}
	return ""
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return s
}

// post sends a GraphQL request; a GraphQL error is returned as an error.
// download GETs a file and reads it to the end, giving its size.
func download(url, token string) (int, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, b)
	}
	return len(b), err
}

func post(url, token, query string, vars map[string]any, into any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var env struct {
		Data   json.RawMessage
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, b)
	}
	if len(env.Errors) > 0 {
		return errors.New(env.Errors[0].Extensions.Code + " " + env.Errors[0].Message)
	}
	return json.Unmarshal(env.Data, into)
}

// onlyWriters skips the lists: only start-up and the writers are timed.
var onlyWriters bool

// buildServer compiles the server binary the measurements start.
func buildServer(tags string) string {
	dir, err := os.MkdirTemp("", "handinhand-bin-")
	check(err)
	bin := filepath.Join(dir, "server")
	cmd := exec.Command("go", "build", "-tags", tags, "-o", bin, "./server")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	check(cmd.Run())
	return bin
}

func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// peakRSS is the process's peak resident memory (VmHWM), in MB.
func peakRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb float64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}

func quiet() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
