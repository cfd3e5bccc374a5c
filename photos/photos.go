// Package photos checks and shrinks uploaded photos: it recognises the real type by its
// bytes, refuses decompression bombs before decoding, applies the camera's orientation
// and re-encodes a display size and a thumbnail, which carry no EXIF, GPS, XMP or
// comments. The original is not kept, so nothing kept carries metadata. JPEGs are read
// and written by libjpeg-turbo where it is built in (turbo.go, fast.go), else by Go.
package photos

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/draw"
	"image/jpeg"
	_ "image/png" // registers PNG decoding
	"io"

	"github.com/disintegration/imaging"
	_ "golang.org/x/image/webp" // registers WebP decoding

	"github.com/handinhand/handinhand/domain"
)

// Limits a photo must respect.
type Limits struct {
	MaxBytes  int64 // default 20 MB
	MaxPixels int   // width × height; default 50 megapixels
	MaxSide   int   // default 12000
}

// DefaultLimits suit phone cameras up to 50 MP.
var DefaultLimits = Limits{MaxBytes: 20 << 20, MaxPixels: 50_000_000, MaxSide: 12000}

// Sizes of what is kept.
const (
	DisplayEdge = 1600
	ThumbEdge   = 320
	jpegQuality = 82
)

// Result is a checked photo.
type Result struct {
	Type          string // image/jpeg, image/png or image/webp
	Width, Height int    // after orientation
	Bytes         int64
	SHA256        string
	Display       []byte // JPEG, long edge ≤ DisplayEdge
	Thumb         []byte // JPEG, long edge ≤ ThumbEdge
	// PHash is the thumbnail's perceptual hash; HasPHash is false for a picture too even
	// to be told apart by it.
	PHash    uint64
	HasPHash bool
}

// Reasons a photo is refused; each is the message a teacher sees.
var (
	ErrTooBig  = reject("the photo is larger than 20 MB; send a smaller one (the app shrinks photos before sending)")
	ErrHEIC    = reject("HEIC/HEIF photos are not supported: choose JPEG ('Most compatible') in the camera settings, or share the photo as JPEG")
	ErrType    = reject("this file is not a JPEG, PNG or WebP photo")
	ErrCorrupt = reject("the photo could not be read; it may be damaged or incompletely uploaded — take or send it again")
	ErrPixels  = reject("the photo has too many pixels (over 50 megapixels or 12000 pixels a side)")
)

func reject(msg string) *domain.Error {
	return &domain.Error{Code: domain.CodeBadUserInput, Message: msg}
}

// Sniff returns the real type of data by its first bytes.
func Sniff(head []byte) (string, error) {
	switch {
	case len(head) >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF:
		return "image/jpeg", nil
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", nil
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return "image/webp", nil
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		switch string(head[8:12]) {
		case "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1", "avif":
			return "", ErrHEIC
		}
	}
	return "", ErrType
}

// Process checks data and makes the sizes that are kept.
func Process(data []byte, lim Limits) (*Result, error) {
	r, err := process(data, lim)
	if err != nil {
		return nil, err
	}
	r.PHash, r.HasPHash = PerceptualHash(r.Thumb)
	return r, nil
}

func process(data []byte, lim Limits) (*Result, error) {
	if int64(len(data)) > lim.MaxBytes {
		return nil, ErrTooBig
	}
	typ, err := Sniff(data[:min(len(data), 64)])
	if err != nil {
		return nil, err
	}
	// The header alone says how big the decoded image would be: refuse bombs first.
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, ErrCorrupt
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > lim.MaxSide || cfg.Height > lim.MaxSide || cfg.Width*cfg.Height > lim.MaxPixels {
		return nil, ErrPixels
	}
	orientation := 1
	if typ == "image/jpeg" {
		orientation = jpegOrientation(data)
	}
	r := newResult(data, typ, cfg.Width, cfg.Height, orientation)
	var img image.Image
	if typ == "image/jpeg" {
		if fastJPEG(r, data, cfg.Width, cfg.Height, orientation) {
			return r, nil
		}
		img, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		img, _, err = image.Decode(bytes.NewReader(data))
		img = opaque(img)
	}
	if err != nil {
		return nil, ErrCorrupt
	}
	// A JPEG that needs neither turning nor shrinking keeps its pixels: only its metadata
	// goes. Anything else is scaled first (cheaper), then turned upright and re-encoded.
	display := img
	if typ == "image/jpeg" && orientation == 1 && r.Width <= DisplayEdge && r.Height <= DisplayEdge {
		if r.Display = stripJPEG(data); r.Display == nil {
			return nil, ErrCorrupt
		}
	} else {
		display = orient(fit(img, DisplayEdge), orientation)
		if r.Display, err = encode(display); err != nil {
			return nil, err
		}
	}
	if r.Thumb, err = encode(fit(display, ThumbEdge)); err != nil {
		return nil, err
	}
	return r, nil
}

// newResult describes the photo in data, w × h as stored, before its sizes are made.
func newResult(data []byte, typ string, w, h, orientation int) *Result {
	sum := sha256.Sum256(data)
	if orientation >= 5 { // the camera was held sideways
		w, h = h, w
	}
	return &Result{Type: typ, Width: w, Height: h, Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
}

// fit scales img down so that its long edge is at most edge; smaller images are kept.
func fit(img image.Image, edge int) image.Image {
	b := img.Bounds()
	if b.Dx() <= edge && b.Dy() <= edge {
		return img
	}
	if y, ok := img.(*image.YCbCr); ok {
		return shrinkYCbCr(y, edge)
	}
	return rgba(imaging.Fit(img, edge, edge, imaging.Linear))
}

// orient turns an image as its EXIF orientation says.
func orient(img image.Image, o int) image.Image {
	switch o {
	case 2:
		return rgba(imaging.FlipH(img))
	case 3:
		return rgba(imaging.Rotate180(img))
	case 4:
		return rgba(imaging.FlipV(img))
	case 5:
		return rgba(imaging.Transpose(img))
	case 6:
		return rgba(imaging.Rotate270(img))
	case 7:
		return rgba(imaging.Transverse(img))
	case 8:
		return rgba(imaging.Rotate90(img))
	}
	return img
}

// rgba views an opaque NRGBA image as RGBA (the same bytes when alpha is 255), which
// the JPEG encoder converts on its fast path.
func rgba(n *image.NRGBA) *image.RGBA { return &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect} }

// opaque puts an image with transparency on white, as a JPEG cannot keep it.
func opaque(img image.Image) image.Image {
	if img == nil {
		return nil
	}
	if o, ok := img.(interface{ Opaque() bool }); ok && o.Opaque() {
		return img
	}
	// The decoded pixels are put on white where they are: a 7,000 × 7,000 PNG is 196 MB
	// decoded, and a copy would be as much again.
	switch m := img.(type) {
	case *image.NRGBA:
		for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
			row := m.Pix[m.PixOffset(m.Rect.Min.X, y):m.PixOffset(m.Rect.Max.X, y)]
			for i := 0; i+3 < len(row); i += 4 {
				if a := uint32(row[i+3]); a != 255 {
					for c := range 3 {
						row[i+c] = uint8((uint32(row[i+c])*a + 255*(255-a) + 127) / 255)
					}
					row[i+3] = 255
				}
			}
		}
		return rgba(m)
	case *image.RGBA: // premultiplied: white shows through by what alpha leaves
		for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
			row := m.Pix[m.PixOffset(m.Rect.Min.X, y):m.PixOffset(m.Rect.Max.X, y)]
			for i := 0; i+3 < len(row); i += 4 {
				if a := row[i+3]; a != 255 {
					for c := range 3 {
						row[i+c] += 255 - a
					}
					row[i+3] = 255
				}
			}
		}
		return m
	}
	dst := image.NewRGBA(img.Bounds())
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), img, img.Bounds().Min, draw.Over)
	return dst
}

func encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ReadLimited reads at most lim.MaxBytes+1 bytes, enough to tell a too-large object.
func ReadLimited(r io.Reader, lim Limits) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, ErrTooBig
	}
	return data, nil
}
