package main

import (
	"fmt"
	"slices"
	"time"
)

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
