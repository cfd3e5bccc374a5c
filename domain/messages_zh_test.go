package domain

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
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
	for _, dir := range []string{".", "../app", "../httpapi", "../graph", "../stats", "../storage"} {
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

// Every reason a check gives with a written pattern has its Chinese: the test reads the
// source for each call of Invalid and looks its pattern up.
func TestEveryCheckHasAChineseReason(t *testing.T) {
	var missing []string
	for _, dir := range []string{".", "../app", "../httpapi", "../graph", "../stats", "../storage", "../policy", "../sheet", "../backup", "../pairingfile"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			fs := token.NewFileSet()
			af, err := parser.ParseFile(fs, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(af, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok || len(c.Args) < 2 {
					return true
				}
				var name string
				switch fn := c.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				lit, ok := c.Args[1].(*ast.BasicLit)
				// Invalid(field, pattern, …), and a form's check.fail(field, pattern, …).
				// (An import's row problems have their Chinese in app/import_zh.go.)
				if (name != "Invalid" && (name != "fail" || dir != ".")) || !ok || lit.Kind != token.STRING {
					return true
				}
				pattern, _ := strconv.Unquote(lit.Value)
				if pattern == "%s" || pattern == "%v" { // a reason made elsewhere, passed on
					return true
				}
				if _, ok := messagesZh[pattern]; !ok {
					missing = append(missing, fmt.Sprintf("%s: %q", fs.Position(c.Pos()), pattern))
				}
				return true
			})
		}
	}
	for _, m := range missing {
		t.Errorf("no Chinese for %s", m)
	}
	if got := Invalid("input.partnerKindergartenIds[0]", "no %s with id %s that you can use", "kindergarten", "kg-9").MessageZh(); got != "没有您可以使用的幼儿园（编号 kg-9）" {
		t.Errorf("a reference in Chinese: %q", got)
	}
	if got := Invalid("query.groupBy[0]", "%s cannot group %s; choose from %v", "DOMAIN", "PHOTOS", []string{"COUNTY"}).MessageZh(); got != "PHOTOS 不能按 DOMAIN 分组；可选：[COUNTY]" {
		t.Errorf("reordered values: %q", got)
	}
}
