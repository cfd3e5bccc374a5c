package pairingfile

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// The text of the file: every character a person typed comes out, drawn where the font
// has it and shown as □ where it has not (the PDF library draws only the Basic
// Multilingual Plane: an emoji or a rare character of a name beyond it would make it
// fail); characters that are invisible by nature (zero-width spaces, direction marks,
// control characters) are left out. Lines are wrapped in time linear in the text.

// missingGlyph stands for a character the font cannot draw.
const missingGlyph = '□'

// coverage is the set of characters of the Basic Multilingual Plane the font draws.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool { return r >= 0 && r < 0x10000 && c[r/64]&(1<<(r%64)) != 0 }

var glyphs struct {
	once sync.Once
	set  *coverage
	err  error
}

// Glyphs returns the characters the file's font draws, read once from its character map.
func Glyphs() (*coverage, error) {
	glyphs.once.Do(func() {
		data, err := Font()
		if err != nil {
			glyphs.err = err
			return
		}
		glyphs.set, glyphs.err = coverageOf(data)
	})
	return glyphs.set, glyphs.err
}

func coverageOf(data []byte) (*coverage, error) {
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	c := &coverage{}
	for r := rune(0x20); r < 0x10000; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if g, err := f.GlyphIndex(&buf, r); err == nil && g != 0 {
			c[r/64] |= 1 << (r % 64)
		}
	}
	return c, nil
}

// printable is s as the file shows it; replaced counts the characters shown as □.
func printable(s string, c *coverage) (out string, replaced int) {
	clean := true
	for _, r := range s {
		if !c.has(r) || r == '\t' || r < 0x7f && r < ' ' || r >= 0x7f && unicode.Is(unicode.Cf, r) {
			clean = false
			break
		}
	}
	if clean {
		return s, 0
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r):
			// invisible by nature (a zero-width space, a direction mark): nothing to show
		case c.has(r):
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(missingGlyph)
			replaced++
		}
	}
	return b.String(), replaced
}

// printable is s as the file shows it, counting what it replaces.
func (d *doc) printable(s string) string {
	out, n := printable(s, d.glyphs)
	d.replaced += n
	return out
}

// stopped reports whether the file's request has ended (the client left, or its time is
// up): the file then stops being made.
func (d *doc) stopped() bool {
	if d.p.Err() {
		return true
	}
	if err := d.ctx.Err(); err != nil {
		d.p.SetError(err)
		return true
	}
	return false
}

// width is r's width at the current font size.
func (d *doc) width(r rune) float64 {
	_, unit := d.p.GetFontSize()
	w, ok := d.widths[r]
	if !ok {
		w = d.p.GetStringWidth(string(r)) / unit
		d.widths[r] = w
	}
	return w * unit
}

// wrap breaks s into lines no wider than w: at the last character that fits, or at the
// last space or CJK character when a Latin word would be cut. Each character's width is
// added once, so a paragraph of any length costs time in proportion to its length.
func (d *doc) wrap(s string, w float64) []string {
	s = d.printable(s)
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line := []rune{}
		width := 0.0
		for _, r := range para {
			line = append(line, r)
			width += d.width(r)
			if width <= w || len(line) == 1 {
				continue
			}
			// Too wide: break before r, or at the last space if r is inside a Latin word.
			cut := len(line) - 1
			if r < 0x3000 && r != ' ' {
				for i := cut - 1; i > 0; i-- {
					if line[i] == ' ' {
						cut = i + 1
						break
					}
					if line[i] >= 0x3000 {
						cut = i + 1
						break
					}
				}
			}
			out = append(out, strings.TrimRight(string(line[:cut]), " "))
			line = append([]rune{}, line[cut:]...)
			for len(line) > 0 && line[0] == ' ' {
				line = line[1:]
			}
			width = 0
			for _, x := range line {
				width += d.width(x)
			}
		}
		out = append(out, string(line))
	}
	return out
}
