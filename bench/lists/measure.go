package main

import (
	"bytes"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/handinhand/handinhand/domain"
)

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
