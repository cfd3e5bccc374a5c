package photos

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"testing"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/photos/phototest"
)

func TestCameraJPEGComesBackUprightWithoutLocation(t *testing.T) {
	data := phototest.CameraJPEG(t, 240, 120, 6) // stored sideways: rotate 90° to view
	r, err := Process(data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if r.Type != "image/jpeg" || r.Width != 120 || r.Height != 240 {
		t.Fatalf("type %s, %d×%d; want an upright 120×240 JPEG", r.Type, r.Width, r.Height)
	}
	for name, b := range map[string][]byte{"display": r.Display, "thumbnail": r.Thumb} {
		for _, leak := range []string{"Exif", "secret-location", "\xFF\xE1"} {
			if bytes.Contains(b, []byte(leak)) {
				t.Errorf("%s still carries %q", name, leak)
			}
		}
		img, err := jpeg.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if img.Bounds().Dx() > img.Bounds().Dy() {
			t.Errorf("%s is not upright: %v", name, img.Bounds())
		}
	}
	if len(r.SHA256) != 64 || r.Bytes != int64(len(data)) {
		t.Errorf("sha256 %q bytes %d", r.SHA256, r.Bytes)
	}
}

func TestLargePhotoIsShrunkToDisplayAndThumbnail(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	r, err := Process(buf.Bytes(), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := jpeg.DecodeConfig(bytes.NewReader(r.Display))
	th, _ := jpeg.DecodeConfig(bytes.NewReader(r.Thumb))
	if r.Type != "image/png" || d.Width != 1600 || d.Height != 1200 || th.Width != 320 || th.Height != 240 {
		t.Fatalf("type %s display %dx%d thumb %dx%d", r.Type, d.Width, d.Height, th.Width, th.Height)
	}
}

func TestWebPIsAccepted(t *testing.T) {
	data, err := os.ReadFile("testdata/small.webp")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Process(data, DefaultLimits)
	if err != nil || r.Type != "image/webp" || r.Width == 0 {
		t.Fatalf("webp: %+v %v", r, err)
	}
}

func TestBadPhotosAreRefusedWithAReason(t *testing.T) {
	good := phototest.CameraJPEG(t, 64, 64, 1)
	// A PNG header claiming 20000×20000 pixels: refused before any decoding.
	bomb := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
	bomb = binary.BigEndian.AppendUint32(bomb, 20000)
	bomb = binary.BigEndian.AppendUint32(bomb, 20000)
	bomb = append(bomb, 8, 2, 0, 0, 0)
	bomb = binary.BigEndian.AppendUint32(bomb, crc32.ChecksumIEEE(bomb[12:]))
	heic := append([]byte{0, 0, 0, 0x18}, []byte("ftypheic\x00\x00\x00\x00mif1heic")...)
	cases := map[string]struct {
		data []byte
		want *domain.Error
	}{
		"text named .jpg": {[]byte("hello, this is not a photo"), ErrType},
		"truncated JPEG":  {good[:len(good)/2], ErrCorrupt},
		"HEIC":            {heic, ErrHEIC},
		"20000×20000":     {bomb, ErrPixels},
		"over 20 MB":      {append(append([]byte{}, good...), make([]byte, 21<<20)...), ErrTooBig},
	}
	for name, c := range cases {
		if _, err := Process(c.data, DefaultLimits); err != c.want {
			t.Errorf("%s: got %v, want %v", name, err, c.want)
		}
	}
}

func TestUprightSmallJPEGKeepsItsPixelsButLosesItsMetadata(t *testing.T) {
	data := phototest.CameraJPEG(t, 160, 90, 1)
	r, err := Process(data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"Exif", "secret-location"} {
		if bytes.Contains(r.Display, []byte(leak)) {
			t.Errorf("display still carries %q", leak)
		}
	}
	// Nothing but metadata was removed: the image data is byte for byte the same.
	if len(r.Display) >= len(data) || !bytes.HasSuffix(data, r.Display[len(r.Display)-200:]) {
		t.Errorf("display was re-encoded or cut: %d of %d bytes", len(r.Display), len(data))
	}
	img, err := jpeg.Decode(bytes.NewReader(r.Display))
	if err != nil || img.Bounds().Dx() != 160 || img.Bounds().Dy() != 90 {
		t.Fatalf("display: %v %v", img, err)
	}
	if got := stripJPEG(data[:len(data)-300]); got != nil && bytes.Contains(got, []byte("Exif")) {
		t.Error("a truncated JPEG kept its metadata")
	}
}

// Transparent pixels are put on white in place, for both kinds of RGBA image.
func TestTransparencyIsFlattenedOnWhiteInPlace(t *testing.T) {
	n := image.NewNRGBA(image.Rect(0, 0, 3, 1))
	n.SetNRGBA(0, 0, color.NRGBA{R: 200, A: 0})
	n.SetNRGBA(1, 0, color.NRGBA{R: 200, G: 10, B: 20, A: 255})
	n.SetNRGBA(2, 0, color.NRGBA{R: 100, A: 128})
	out := opaque(n).(*image.RGBA)
	if &out.Pix[0] != &n.Pix[0] {
		t.Error("the NRGBA image was copied")
	}
	want := []color.RGBA{{255, 255, 255, 255}, {200, 10, 20, 255}, {177, 127, 127, 255}}
	for x, w := range want {
		if got := out.RGBAAt(x, 0); got != w {
			t.Errorf("NRGBA pixel %d: %v, want %v", x, got, w)
		}
	}
	p := image.NewRGBA(image.Rect(0, 0, 2, 1))
	p.SetRGBA(0, 0, color.RGBA{A: 0})
	p.SetRGBA(1, 0, color.RGBA{R: 64, A: 128}) // premultiplied
	out = opaque(p).(*image.RGBA)
	if got := out.RGBAAt(0, 0); got != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("RGBA pixel 0: %v", got)
	}
	if got := out.RGBAAt(1, 0); got != (color.RGBA{191, 127, 127, 255}) {
		t.Errorf("RGBA pixel 1: %v", got)
	}
}
