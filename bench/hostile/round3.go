package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/handinhand/handinhand/demo"
	"github.com/handinhand/handinhand/domain"
)

// roundThree measures the third outside probe's findings on the running server.
func roundThree(url string, pid int, teacher, bureau, supporter string) {
	// An import whose every row names one long shared string, beside one of short values.
	for _, c := range []struct {
		name string
		cell string
	}{{"a 10,000-character shared string", strings.Repeat("长", 10000)}, {"a 400-character shared string", strings.Repeat("长", 400)}, {"short values", "宇航员"}} {
		book := teacherBook(4000, c.cell)
		resetPeak(pid)
		t0 := time.Now()
		status, body := send(url, supporter, "POST", "/import/teachers?dryRun=true&locale=zh-CN", book)
		fmt.Printf("import report, 4,000 bad rows of %s (file %.0f kB): %d, %d bytes in %s, peak resident %.0f MB\n",
			c.name, float64(len(book))/1000, status, len(body), time.Since(t0).Round(time.Millisecond), rss(pid, "VmHWM"))
	}

	// A pairing's file with 120 long reflections: 5 lessons × 24 reflections of 4,000
	// characters (Chinese with emoji; every third one mostly zero-width spaces).
	day := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	for l := range 5 {
		session := uuid.NewString()
		var out map[string]any
		check(post(url, teacher, `mutation($in: TeachingSessionInput!){ logTeachingSession(input:$in){ id } }`, map[string]any{"in": map[string]any{
			"id": session, "pairingId": demo.TeacherPairing, "date": day, "hours": 1, "type": "DEMONSTRATION_CLASS", "topic": fmt.Sprintf("反思压测 %d 👍", l)}}, &out))
		for r := range 24 {
			var text string
			if r%3 == 0 {
				text = strings.Repeat("\u200b", 3000) + strings.Repeat("观察", 500)
			} else {
				text = string([]rune(strings.Repeat("今天的活动很成功👍孩子们很投入，", 300))[:4000])
			}
			check(post(url, teacher, `mutation($in: ReflectionInput!){ addReflection(input:$in){ id } }`, map[string]any{"in": map[string]any{
				"id": uuid.NewString(), "sessionId": session, "kind": "REFLECTION", "text": text}}, &out))
		}
	}
	sem := domain.SemesterOf(domain.Date(day))
	path := "/export/pairing-file.pdf?pairingId=" + demo.TeacherPairing + "&semester=" + sem
	t0 := time.Now()
	status, pdf := send(url, bureau, "GET", path, nil)
	fmt.Printf("assistance file PDF with 120 long reflections: %d, %.0f kB in %s\n", status, float64(len(pdf))/1000, time.Since(t0).Round(time.Millisecond))
	var mu sync.Mutex
	var slowest time.Duration
	statuses := map[int]int{}
	took, _ := atOnce(8, func(int) error {
		t0 := time.Now()
		status, _ := send(url, bureau, "GET", path, nil)
		d := time.Since(t0)
		mu.Lock()
		defer mu.Unlock()
		statuses[status]++
		slowest = max(slowest, d)
		return nil
	}, pid)
	fmt.Printf("8 of those PDFs at once: all done in %s, slowest %s, answers %v, peak resident %.0f MB\n",
		took.Round(time.Millisecond), slowest.Round(time.Millisecond), statuses, rss(pid, "VmHWM"))
	// Two downloads abandoned after a second: the server's CPU time in the next 10 s.
	cpu0 := cpuSeconds(pid)
	for range 2 {
		go func() {
			c := &http.Client{Timeout: time.Second}
			req, _ := http.NewRequest("GET", url+path, nil)
			req.Header.Set("Authorization", "Bearer "+bureau)
			if res, err := c.Do(req); err == nil {
				res.Body.Close()
			}
		}()
	}
	time.Sleep(10 * time.Second)
	fmt.Printf("2 downloads abandoned after 1 s: the server spent %.1f CPU seconds in the 10 s that followed\n", cpuSeconds(pid)-cpu0)
}

// teacherBook is an XLSX of n teacher rows whose name, kindergarten and post cells all name
// one shared string.
func teacherBook(n int, cell string) []byte {
	f := excelize.NewFile()
	check(f.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "幼儿园", "岗位"}))
	for i := 2; i <= n+1; i++ {
		check(f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i), &[]any{cell, cell, cell}))
	}
	var b bytes.Buffer
	_, err := f.WriteTo(&b)
	check(err)
	return b.Bytes()
}

func send(url, token, method, path string, body []byte) (int, []byte) {
	req, _ := http.NewRequest(method, url+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil { // the server broke the answer off
		return 0, []byte(err.Error())
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// cpuSeconds is the process's user and system CPU time so far.
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	check(err)
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	var u, s float64
	fmt.Sscan(f[11], &u)
	fmt.Sscan(f[12], &s)
	return (u + s) / 100 // clock ticks
}
