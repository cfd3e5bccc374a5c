package photos

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/handinhand/handinhand/photos/phototest"
)

func TestScaleForReachesTheEdgeWithTheLeastDecoding(t *testing.T) {
	for _, c := range []struct{ long, edge, want int }{
		{4000, 1600, 3},  // 1500 px: within a tenth of 1600, no resampling
		{3264, 1600, 4},  // 1632 px, then shrunk: 3/8 would be 1224
		{1600, 320, 2},   // 400 px for the thumbnail
		{12000, 1600, 1}, // 1500 px
		{1000, 1600, 8},  // smaller than the edge: full size
		{320, 320, 8},
	} {
		if got := scaleFor(c.long, c.edge); got != c.want {
			t.Errorf("scaleFor(%d, %d) = %d, want %d", c.long, c.edge, got, c.want)
		}
	}
}

// A 12 MP camera photo held sideways comes back upright, within the display and
// thumbnail edges, with no metadata, whichever decoder built it.
func TestTwelveMegapixelPhotoIsShrunkUpright(t *testing.T) {
	data := phototest.CameraJPEG(t, 4000, 3000, 6)
	r, err := Process(data, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if r.Width != 3000 || r.Height != 4000 {
		t.Errorf("recorded %d×%d, want the upright 3000×4000", r.Width, r.Height)
	}
	for name, c := range map[string]struct {
		b        []byte
		min, max int
	}{"display": {r.Display, 1440, DisplayEdge}, "thumbnail": {r.Thumb, 288, ThumbEdge}} {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(c.b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if cfg.Height < c.min || cfg.Height > c.max || cfg.Width >= cfg.Height {
			t.Errorf("%s is %d×%d; want upright with a long edge of %d–%d", name, cfg.Width, cfg.Height, c.min, c.max)
		}
		if bytes.Contains(c.b, []byte("Exif")) || bytes.Contains(c.b, []byte("secret-location")) {
			t.Errorf("%s carries metadata", name)
		}
	}
	if cfg, _ := jpeg.DecodeConfig(bytes.NewReader(r.Display)); withLibjpeg && cfg.Height != 1500 {
		t.Errorf("libjpeg is built in, yet the display is %d high rather than the 3/8 scale's 1500", cfg.Height)
	}
}

// The shrunk sizes show the same picture: each quadrant of a four-colour photo keeps its
// colour in the display size and the thumbnail.
func TestShrunkSizesKeepThePicture(t *testing.T) {
	quads := []color.RGBA{{200, 30, 30, 255}, {30, 200, 30, 255}, {30, 30, 200, 255}, {230, 230, 230, 255}}
	img := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for y := range 3000 {
		for x := range 4000 {
			img.SetRGBA(x, y, quads[2*(y/1500)+x/2000])
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	r, err := Process(buf.Bytes(), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"display": r.Display, "thumbnail": r.Thumb} {
		out, err := jpeg.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		w, h := out.Bounds().Dx(), out.Bounds().Dy()
		for i, want := range quads {
			x, y := w/4+(i%2)*w/2, h/4+(i/2)*h/2
			cr, cg, cb, _ := out.At(x, y).RGBA()
			got := [3]int{int(cr >> 8), int(cg >> 8), int(cb >> 8)}
			for c, v := range [3]uint8{want.R, want.G, want.B} {
				if d := got[c] - int(v); d < -12 || d > 12 {
					t.Errorf("%s quadrant %d is %v, want about %v", name, i, got, want)
					break
				}
			}
		}
	}
}

// A grey photo (one channel) goes through as well.
func TestGreyJPEGIsAccepted(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 2400, 1800))
	for i := range g.Pix {
		g.Pix[i] = uint8(i % 251)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, g, nil); err != nil {
		t.Fatal(err)
	}
	r, err := Process(buf.Bytes(), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(r.Display)); err != nil || max(cfg.Width, cfg.Height) > DisplayEdge {
		t.Fatalf("display %+v %v", cfg, err)
	}
}

// fitRGBA keeps the aspect and the picture: a left-to-right gradient stays one, with its
// ends where they were, in landscape and portrait.
func TestFitRGBAKeepsAspectAndGradient(t *testing.T) {
	for _, c := range []struct{ w, h, edge, ww, wh int }{
		{400, 300, 320, 320, 240},
		{300, 400, 320, 240, 320},
		{1632, 1224, 1600, 1600, 1200},
		{3000, 2000, 320, 320, 213},
	} {
		src := image.NewRGBA(image.Rect(0, 0, c.w, c.h))
		for y := range c.h {
			for x := range c.w {
				src.SetRGBA(x, y, color.RGBA{uint8(x * 255 / (c.w - 1)), 100, 50, 255})
			}
		}
		out := fitRGBA(src, c.edge)
		if b := out.Bounds(); b.Dx() != c.ww || b.Dy() != c.wh {
			t.Fatalf("%d×%d to %d: %v, want %d×%d", c.w, c.h, c.edge, b, c.ww, c.wh)
		}
		y := c.wh / 2
		prev := -1
		for x := range c.ww {
			p := out.RGBAAt(x, y)
			if int(p.R) < prev || p.G < 98 || p.G > 102 || p.B < 48 || p.B > 52 || p.A != 255 {
				t.Fatalf("%d×%d: pixel %d is %v after %d", c.w, c.h, x, p, prev)
			}
			prev = int(p.R)
		}
		if first, last := out.RGBAAt(0, y).R, out.RGBAAt(c.ww-1, y).R; first > 8 || last < 247 {
			t.Errorf("%d×%d: gradient runs %d…%d, want about 0…255", c.w, c.h, first, last)
		}
	}
}
