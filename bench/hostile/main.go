// Command hostile measures what the outside probe's worst requests cost the real server
// binary (on the embedded store with the demo), as the server's own resident memory and
// answer times:
//
//		go run ./bench/hostile [-round3] [-bin an-earlier-server]
//
//	  - 4 imports at once by a county bureau (dry runs), two 10 MB CSV files and two XLSX
//	    files of 9,000 rows: peak resident memory and time;
//	  - 12 photo completions at once, each a 7,000 × 7,000 PNG of zeros (about 200 kB sent,
//	    196 MB once decoded): peak resident memory and time;
//	  - /metrics before and after 20,000 requests with unique operation names;
//	  - the worst documents (fragment fan-out, repeated fields), anonymous: answer time;
//	  - the third probe's (-round3 measures only these): an import's report of 4,000 bad rows
//	    naming one 10,000-character (and one 400-character) shared string, beside one of 4,000
//	    short bad values; the
//	    assistance file of a pairing with 120 long reflections (emoji, zero-width spaces):
//	    one PDF, 8 at once (peak resident memory, slowest), and two abandoned after 1 s
//	    (the server's CPU seconds in the 10 s after).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/handinhand/handinhand/demo"
)

const metricsToken = "bench-metrics-token"

var onlyThree *bool

func main() {
	photos := flag.Int("photos", 12, "worst-case photos completed at once")
	side := flag.Int("side", 7000, "the photos' width and height in pixels")
	names := flag.Int("names", 20000, "unique operation names sent before /metrics is read again")
	prebuilt := flag.String("bin", "", "a server binary to measure instead of building ./server (an earlier release, to compare)")
	onlyThree = flag.Bool("round3", false, "measure only the third probe's findings (import reports, assistance files)")
	flag.Parse()
	log.SetFlags(0)

	dir, err := os.MkdirTemp("", "handinhand-hostile-")
	check(err)
	defer os.RemoveAll(dir)
	bin := *prebuilt
	if bin == "" {
		bin = filepath.Join(dir, "server")
		build := exec.Command("go", "build", "-o", bin, "./server")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		check(build.Run())
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	addr := ln.Addr().String()
	ln.Close()
	url := "http://" + addr
	cmd := exec.Command(bin, "--demo")
	cmd.Env = append(os.Environ(), "HANDINHAND_DATA="+filepath.Join(dir, "data"), "HANDINHAND_ADDR="+addr, "HANDINHAND_METRICS_TOKEN="+metricsToken)
	var logs bytes.Buffer
	cmd.Stderr = &logs
	check(cmd.Start())
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if r, err := http.Get(url + "/healthz"); err == nil {
			r.Body.Close()
			break
		}
		if time.Since(start) > 3*time.Minute {
			log.Fatalf("the server did not start:\n%s", logs.String())
		}
	}
	pid := cmd.Process.Pid
	fmt.Printf("server started, resident %.0f MB\n", rss(pid, "VmRSS"))
	teacher, bureau := login(url, demo.UserTeacher), login(url, demo.UserBureau)
	roundThree(url, pid, teacher, bureau, login(url, demo.UserSupporter))
	if *onlyThree {
		return
	}

	// Imports: two 10 MB CSV files and two XLSX files, at once.
	var csvFile bytes.Buffer
	csvFile.WriteString("名称,区划代码,城乡类别,地址\n")
	for i := 0; csvFile.Len() < 10<<20-2000; i++ {
		fmt.Fprintf(&csvFile, "压测幼儿园%05d,370523,村,%s\n", i, strings.Repeat("地址", 200))
	}
	xf := excelize.NewFile()
	sw, err := xf.NewStreamWriter("Sheet1")
	check(err)
	check(sw.SetRow("A1", []any{"名称", "区划代码", "城乡类别", "地址"}))
	for i := 2; i < 9000; i++ {
		check(sw.SetRow(fmt.Sprintf("A%d", i), []any{fmt.Sprintf("压测幼儿园%05d", i), "370523", "村", strings.Repeat("地址", 250) + fmt.Sprint(i)}))
	}
	check(sw.Flush())
	var xlsx bytes.Buffer
	_, err = xf.WriteTo(&xlsx)
	check(err)
	fmt.Printf("import files: CSV %.1f MB, XLSX %.0f kB\n", float64(csvFile.Len())/(1<<20), float64(xlsx.Len())/1000)
	files := [][]byte{csvFile.Bytes(), xlsx.Bytes(), csvFile.Bytes(), xlsx.Bytes()}
	took, errs := atOnce(len(files), func(i int) error {
		req, _ := http.NewRequest("POST", url+"/import/kindergartens?dryRun=true", bytes.NewReader(files[i]))
		req.Header.Set("Authorization", "Bearer "+bureau)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode >= 500 {
			return fmt.Errorf("%d %s", res.StatusCode, b[:min(len(b), 200)])
		}
		return nil
	}, pid)
	fmt.Printf("4 imports at once (dry runs): %s, %d failed (%s), peak resident %.0f MB\n", took.Round(time.Millisecond), len(errs), first(errs), rss(pid, "VmHWM"))

	// Photos: tickets and uploads first, then every completion at once.
	session := uuid.NewString()
	var out map[string]any
	check(post(url, teacher, `mutation($in: TeachingSessionInput!){ logTeachingSession(input:$in){ id } }`, map[string]any{"in": map[string]any{
		"id": session, "pairingId": demo.TeacherPairing, "date": time.Now().AddDate(0, 0, -2).Format("2006-01-02"), "hours": 2, "type": "DEMONSTRATION_CLASS"}}, &out))
	ids := make([]string, *photos)
	for i := range ids {
		img := image.NewNRGBA(image.Rect(0, 0, *side, *side))
		img.Set(i, 0, color.NRGBA{R: 1, A: 255}) // each file differs: none is a repeat
		var b bytes.Buffer
		check(png.Encode(&b, img))
		ids[i] = uuid.NewString()
		var tk struct {
			RequestPhotoUpload struct {
				UploadURL string
				Method    string
				Headers   []struct{ Name, Value string }
			}
		}
		check(post(url, teacher, `mutation($in: PhotoUploadInput!){ requestPhotoUpload(input:$in){ uploadUrl method headers { name value } } }`,
			map[string]any{"in": map[string]any{"id": ids[i], "subjectId": session, "contentType": "image/png", "size": b.Len()}}, &tk))
		u := tk.RequestPhotoUpload.UploadURL
		if strings.HasPrefix(u, "/") {
			u = url + u
		}
		req, _ := http.NewRequest(tk.RequestPhotoUpload.Method, u, bytes.NewReader(b.Bytes()))
		for _, h := range tk.RequestPhotoUpload.Headers {
			req.Header.Set(h.Name, h.Value)
		}
		res, err := http.DefaultClient.Do(req)
		check(err)
		res.Body.Close()
		if res.StatusCode != 200 {
			log.Fatalf("upload %d: %d", i, res.StatusCode)
		}
		if i == 0 {
			fmt.Printf("each photo: %d × %d PNG, %.0f kB\n", *side, *side, float64(b.Len())/1000)
		}
	}
	took, errs = atOnce(len(ids), func(i int) error {
		var out map[string]any
		return post(url, teacher, `mutation($id: ID!){ completePhotoUpload(id:$id){ id status } }`, map[string]any{"id": ids[i]}, &out)
	}, pid)
	fmt.Printf("%d photo completions at once: %s, %d refused (%s), peak resident %.0f MB\n", len(ids), took.Round(time.Millisecond), len(errs), first(errs), rss(pid, "VmHWM"))

	// /metrics, before and after unique operation names.
	before := metricsSize(url)
	resetPeak(pid)
	t0 := time.Now()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < *names; i += 8 {
				var out map[string]any
				_ = post(url, "", fmt.Sprintf("query Probe%d { __typename }", i), nil, &out)
			}
		}()
	}
	wg.Wait()
	fmt.Printf("/metrics: %.1f kB before, %.1f kB after %d unique operation names (sent in %s; resident %.0f MB)\n",
		float64(before)/1000, float64(metricsSize(url))/1000, *names, time.Since(t0).Round(time.Millisecond), rss(pid, "VmRSS"))

	// The worst documents.
	fan := func(n int) string {
		var b strings.Builder
		b.WriteString("{...L0}")
		for i := range n {
			fmt.Fprintf(&b, " fragment L%d on Query{...L%d ...L%d}", i, i+1, i+1)
		}
		fmt.Fprintf(&b, " fragment L%d on Query{__typename}", n)
		return b.String()
	}
	for _, d := range []struct{ name, doc string }{
		{"fragment fan-out n = 30", fan(30)},
		{"16,000 × __typename", "{" + strings.Repeat("__typename ", 16000) + "}"},
		{"150,000 × id under me", "{me{" + strings.Repeat("id ", 150000) + "}}"},
	} {
		var out map[string]any
		t0 := time.Now()
		err := post(url, "", d.doc, nil, &out)
		fmt.Printf("%s (%.0f kB): answered in %s: %v\n", d.name, float64(len(d.doc))/1000, time.Since(t0).Round(time.Millisecond), err)
	}
}

// atOnce runs n calls at once after resetting the server's peak memory.
func atOnce(n int, call func(int) error, pid int) (time.Duration, []error) {
	resetPeak(pid)
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	t0 := time.Now()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := call(i); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return time.Since(t0), errs
}

func first(errs []error) string {
	if len(errs) == 0 {
		return "none"
	}
	return errs[0].Error()
}

// resetPeak starts the process's peak resident memory (VmHWM) again from now.
func resetPeak(pid int) {
	_ = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

func rss(pid int, field string) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	check(err)
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field+":") {
			var kb float64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, field+":")), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}

func metricsSize(url string) int {
	req, _ := http.NewRequest("GET", url+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+metricsToken)
	res, err := http.DefaultClient.Do(req)
	check(err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		log.Fatalf("/metrics: %d", res.StatusCode)
	}
	return len(b)
}

func login(url, user string) string {
	var out struct{ Login struct{ Token string } }
	check(post(url, "", `mutation($u:String!,$p:String!){ login(username:$u, password:$p){ token } }`, map[string]any{"u": user, "p": demo.Password}, &out))
	return out.Login.Token
}

func post(url, token, query string, vars map[string]any, into any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var env struct {
		Data   json.RawMessage
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&env); err != nil {
		return fmt.Errorf("%d: %v", res.StatusCode, err)
	}
	if len(env.Errors) > 0 {
		return fmt.Errorf("%v: %s", env.Errors[0].Extensions["code"], env.Errors[0].Message)
	}
	return json.Unmarshal(env.Data, into)
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
