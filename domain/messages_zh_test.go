package domain

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Every Chinese reason stands for a check the code makes: its English pattern is written,
// as it is, in the source (a pattern changed there and not here would fall back to English).
func TestEveryChineseReasonMatchesACheck(t *testing.T) {
	var src strings.Builder
	for _, dir := range []string{".", "../app", "../httpapi", "../graph", "../stats"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "messages_zh.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src.Write(b)
		}
	}
	all := src.String()
	for en := range messagesZh {
		if !strings.Contains(all, strconv.Quote(en)) && !strings.Contains(all, "\""+en+"\"") {
			t.Errorf("no check says %q", en)
		}
	}
	e := Invalid("input.topic", "is too long (%d characters, at most %d)", 230, 200)
	if got := e.MessageZh(); got != "太长了（230 个字，最多 200 个）" {
		t.Errorf("in Chinese: %q", got)
	}
	if Invalid("x", "something new %d", 1).MessageZh() != "" {
		t.Error("an unknown pattern should have no Chinese")
	}
}
