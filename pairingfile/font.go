// Package pairingfile renders a pairing's assistance file (帮扶档案): an A4 PDF with its
// Chinese text in an embedded font, and a ZIP with that PDF, a workbook of every record and
// the photos.
package pairingfile

import (
	"encoding/binary"
	"errors"
	"os"
	"sync"

	"github.com/handinhand/handinhand/domain"
)

// FontPaths are where the PDF's font is looked for, first HANDINHAND_PDF_FONT: a TrueType
// font (or collection) with both Chinese and Latin glyphs — Debian's fonts-wqy-microhei,
// which the release image carries.
var FontPaths = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/arphic/uming.ttc",
}

var font struct {
	once sync.Once
	data []byte
	err  error
}

// Font returns the font's bytes, read once; UNAVAILABLE, saying what to install, when no
// font is found.
func Font() ([]byte, error) {
	font.once.Do(func() {
		paths := FontPaths
		if p := os.Getenv("HANDINHAND_PDF_FONT"); p != "" {
			paths = []string{p}
		}
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				font.data, font.err = faceOf(b)
				return
			}
		}
		font.err = domain.Errorf(domain.CodeUnavailable, "the assistance file needs a Chinese TrueType font: install fonts-wqy-microhei, or set HANDINHAND_PDF_FONT to a .ttf or .ttc file")
	})
	return font.data, font.err
}

// faceOf returns a standalone TrueType font: data itself, or the first face of a TrueType
// collection (.ttc, as Debian ships WenQuanYi Micro Hei), its tables copied behind a table
// directory of their own.
func faceOf(data []byte) ([]byte, error) {
	if len(data) < 12 || string(data[:4]) != "ttcf" {
		return data, nil
	}
	be := binary.BigEndian
	bad := errors.New("not a TrueType collection this can read")
	if be.Uint32(data[8:]) == 0 || len(data) < 16 {
		return nil, bad
	}
	off := int(be.Uint32(data[12:]))
	if off+12 > len(data) {
		return nil, bad
	}
	n := int(be.Uint16(data[off+4:]))
	dir := off + 12
	if dir+16*n > len(data) {
		return nil, bad
	}
	head := 12 + 16*n
	out := make([]byte, head, len(data)/2)
	copy(out, data[off:off+12])
	for i := range n {
		rec := data[dir+16*i : dir+16*i+16]
		start, length := int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:]))
		if start < 0 || length < 0 || start+length > len(data) {
			return nil, bad
		}
		at := len(out)
		out = append(out, data[start:start+length]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		r := out[12+16*i : 12+16*i+16]
		copy(r, rec[:8]) // tag and checksum
		be.PutUint32(r[8:], uint32(at))
		be.PutUint32(r[12:], uint32(length))
	}
	return out, nil
}
