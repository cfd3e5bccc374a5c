package photos

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

func benchJPEG(b *testing.B, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := uint8((x*7 + y*13) % 32)
			img.SetRGBA(x, y, color.RGBA{uint8(x*255/w) + n, uint8(y*255/h) + n, uint8(x+y)/2 + n, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkProcess1600(b *testing.B) { benchProcess(b, 1600, 1200) }
func BenchmarkProcess12MP(b *testing.B) { benchProcess(b, 4000, 3000) }

func benchProcess(b *testing.B, w, h int) {
	data := benchJPEG(b, w, h)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Process(data, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}
