package pairingfile

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
)

// needFont skips where the machine has no Chinese font (the test script installs one).
func needFont(t *testing.T) {
	t.Helper()
	if _, err := Font(); err != nil {
		if os.Getenv("HANDINHAND_REQUIRE_E2E") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// fileWith is a pairing's file with one session whose topic and notes are given.
func fileWith(topic, notes string) *app.PairingFile {
	pr := &domain.Pairing{ID: "p1", Name: "城乡结对" + topic, SupportingKindergartenID: "k1", PartnerKindergartenIDs: []string{"k2"},
		Start: "2026-09-01", End: "2029-08-31", Status: domain.PairingActive}
	s := &domain.TeachingSession{ID: "s1", PairingID: "p1", SupportingKindergartenID: "k1", PartnerKindergartenID: "k2", HostKindergartenID: "k2",
		Date: "2026-10-10", Semester: "2026-2027-1", Hours: 2, Type: domain.SessionDemonstrationClass, Topic: topic, Notes: notes,
		Reflections: []domain.Reflection{{ID: "r1", Kind: domain.ReflectionTeaching, Text: notes}}}
	return &app.PairingFile{Pairing: pr, Semester: "2026-2027-1", Semesters: []string{"2026-2027-1"}, Sessions: []*domain.TeachingSession{s},
		Kgs:    map[string]*domain.Kindergarten{"k1": {ID: "k1", Name: "广饶县实验幼儿园"}, "k2": {ID: "k2", Name: "大王镇中心幼儿园"}},
		Photos: map[string]*domain.Photo{}, Teachers: map[string]*domain.Teacher{}, Users: map[string]*domain.User{}, GeneratedAt: "2026-12-07"}
}

func render(t *testing.T, ctx context.Context, f *app.PairingFile) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	err := WritePDF(ctx, &buf, f, func(context.Context, string) (rc io.ReadCloser, err error) { return nil, errors.New("no photos here") })
	return buf.Bytes(), err
}

// pdfText is the text pdftotext reads from a PDF.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// Every character a person can type comes out: drawn where the font has it, □ where it has
// not (an emoji, a character beyond the Basic Multilingual Plane), never a failed file.
func TestEveryTypedCharacterComesOut(t *testing.T) {
	needFont(t)
	topic := "今天的活动很成功👍"
	notes := "吉\U00020BB7祥，家长说“谢谢”🙏\u200b\u200d\u202e反向\u0007铃"
	pdf, err := render(t, context.Background(), fileWith(topic, notes))
	if err != nil {
		t.Fatalf("the file failed: %v", err)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdf)), "")
	for _, want := range []string{"今天的活动很成功□", "吉□祥，家长说“谢谢”□反向铃", "字体无法显示的字符"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %q:\n%s", want, text)
		}
	}
}

// Lines are wrapped in time linear in the text: a paragraph of zero-width characters or one
// long Latin word is not a quadratic amount of work, and every character is kept.
func TestWrapKeepsEveryCharacterAndFitsTheWidth(t *testing.T) {
	needFont(t)
	glyphs, err := Glyphs()
	if err != nil {
		t.Fatal(err)
	}
	d := &doc{p: newTestPDF(t), glyphs: glyphs, widths: map[rune]float64{}, ctx: context.Background()}
	d.font(10)
	for _, s := range []string{
		strings.Repeat("送教下乡，", 400),
		strings.Repeat("\u200b", 20000) + "尾",
		strings.Repeat("a", 3000) + " tail words here",
		"Hand in Hand 手拉手 mixed text, with spaces and 中文 in between " + strings.Repeat("词", 100),
	} {
		lines := d.wrap(s, 60)
		want, _ := printable(s, glyphs)
		if got := strings.ReplaceAll(strings.Join(lines, ""), " ", ""); got != strings.ReplaceAll(want, " ", "") {
			t.Errorf("wrapping lost characters: %d lines, %d of %d characters", len(lines), len([]rune(got)), len([]rune(want)))
		}
		for _, l := range lines {
			if w := d.p.GetStringWidth(l); w > 60.01 && len([]rune(l)) > 1 {
				t.Errorf("a line %.1f mm wide: %.40q", w, l)
			}
		}
	}
}

// A file whose request has ended stops being made and says why.
func TestACancelledFileStops(t *testing.T) {
	needFont(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	_, err := render(t, ctx, fileWith("主题", strings.Repeat("很长的反思。", 600)))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v: want the request's cancellation", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stopping took %v", d)
	}
}

// Names that would climb out of their folder in a region's ZIP are made safe.
func TestSafeNameStaysInItsFolder(t *testing.T) {
	for in, want := range map[string]string{"..": "_", ".": "_", " . ": "_", "../x": "_x", "a/b": "a_b", "结对..": "结对", "": "_"} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func newTestPDF(t *testing.T) *fpdf.Fpdf {
	t.Helper()
	fnt, err := Font()
	if err != nil {
		t.Fatal(err)
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("cjk", "", fnt)
	p.AddPage()
	return p
}
