package httpapi

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Every operation the phone app sends is within the document limits, with room to spare.
func TestTheAppsOperationsAreWithinTheDocumentLimits(t *testing.T) {
	tagged := regexp.MustCompile("(?s)graphql(?:<[^`>]*>)?`(.*?)`")
	n := 0
	err := filepath.Walk("../pwa/src", func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !(strings.HasSuffix(path, ".ts") || strings.HasSuffix(path, ".tsx")) || strings.HasSuffix(path, "gql.ts") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range tagged.FindAllStringSubmatch(string(b), -1) {
			n++
			if e := checkDocument(m[1]); e != nil {
				t.Errorf("%s: %s\n%s", path, e.Message, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("found only %d operations in the app", n)
	}
}

// The documents of the probe's families are measured in linear time: even the largest
// is refused within milliseconds, before validation would have taken minutes.
func TestHostileDocumentsAreMeasuredInLinearTime(t *testing.T) {
	fanOut := func(n int) string {
		var b strings.Builder
		b.WriteString("{...L0}")
		for i := range n {
			b.WriteString(" fragment L" + itoa(i) + " on Query{...L" + itoa(i+1) + " ...L" + itoa(i+1) + "}")
		}
		b.WriteString(" fragment L" + itoa(n) + " on Query{__typename}")
		return b.String()
	}
	cases := map[string]string{
		"fragment fan-out 30":       fanOut(30),
		"fragment fan-out 12":       fanOut(12),
		"repeated __typename 4,000": "{" + strings.Repeat("__typename ", 4000) + "}",
		"repeated id 1,200":         "{me{" + strings.Repeat("id ", 1200) + "}}",
		"nested 40 levels":          strings.Repeat("{a", 40) + strings.Repeat("}", 40),
		"aliases 40":                "{" + strings.Repeat("a: me{id} ", 1) + aliases(40) + "}",
	}
	for name, q := range cases {
		start := time.Now()
		e := checkDocument(q)
		took := time.Since(start)
		if e == nil || e.Extensions["code"] != "TOO_COMPLEX" {
			t.Errorf("%s: %v, want TOO_COMPLEX", name, e)
		}
		if took > 50*time.Millisecond {
			t.Errorf("%s: measured in %s", name, took)
		}
	}
	if e := checkDocument(fanOut(8)); e != nil { // 256 fields: a document like that passes
		t.Errorf("fan-out of 8: %v", e.Message)
	}
}

func aliases(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("x" + itoa(i) + ": me{id} ")
	}
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }
