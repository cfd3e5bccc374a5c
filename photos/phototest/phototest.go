// Package phototest makes photos as phone cameras write them, for tests.
package phototest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"testing"
	"time"
)

// CameraJPEG makes a w×h JPEG as a phone would write it: an EXIF block with an
// orientation and a GPS position, and a comment.
func CameraJPEG(t testing.TB, w, h int, orientation uint16) []byte {
	t.Helper()
	return CameraJPEGTaken(t, w, h, orientation, time.Time{})
}

// CameraJPEGTaken is CameraJPEG with the time the picture was taken (EXIF
// DateTimeOriginal and OffsetTimeOriginal), unless taken is zero.
func CameraJPEGTaken(t testing.TB, w, h int, orientation uint16, taken time.Time) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	return withEXIF(t, img, orientation, taken)
}

// CameraSceneJPEG is CameraJPEGTaken of a scene: blobs of light and shade placed by
// seed, so that photos of different seeds look different (to a perceptual hash too)
// and one seed always makes the same picture.
func CameraSceneJPEG(t testing.TB, w, h, seed int, taken time.Time) []byte {
	t.Helper()
	return withEXIF(t, Scene(w, h, seed), 1, taken)
}

// Scene draws the picture of CameraSceneJPEG.
func Scene(w, h, seed int) *image.RGBA {
	r := rand.New(rand.NewPCG(uint64(seed), 11))
	type blob struct{ x, y, rad, v float64 }
	blobs := make([]blob, 14)
	for i := range blobs {
		blobs[i] = blob{r.Float64() * float64(w), r.Float64() * float64(h), (0.08 + 0.2*r.Float64()) * float64(max(w, h)), r.Float64()*200 - 100}
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := 128.0
			for _, b := range blobs {
				dx, dy := float64(x)-b.x, float64(y)-b.y
				if d2 := dx*dx + dy*dy; d2 < b.rad*b.rad {
					v += b.v * (1 - d2/(b.rad*b.rad))
				}
			}
			c := uint8(min(max(v, 0), 255))
			img.SetRGBA(x, y, color.RGBA{c, uint8(min(int(c)+30, 255)), c / 2, 255})
		}
	}
	return img
}

// withEXIF encodes img as a phone camera would: EXIF with an orientation, a GPS
// position and, unless taken is zero, the time the picture was taken; and a comment.
func withEXIF(t testing.TB, img image.Image, orientation uint16, taken time.Time) []byte {
	t.Helper()
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	// TIFF, little endian: IFD0 {Orientation, GPSInfo → GPS IFD {LatitudeRef "N", Latitude},
	// and with a time ExifIFD → {DateTimeOriginal, OffsetTimeOriginal}}.
	var tiff bytes.Buffer
	le := binary.LittleEndian
	tiff.WriteString("II*\x00")
	binary.Write(&tiff, le, uint32(8))
	entries := uint16(2)
	if !taken.IsZero() {
		entries = 3
	}
	binary.Write(&tiff, le, entries) // IFD0 entries
	binary.Write(&tiff, le, []uint16{0x0112, 3})
	binary.Write(&tiff, le, uint32(1))
	binary.Write(&tiff, le, []uint16{orientation, 0})
	ifd0End := uint32(8 + 2 + int(entries)*12 + 4)
	gpsIFD := ifd0End
	binary.Write(&tiff, le, []uint16{0x8825, 4})
	binary.Write(&tiff, le, []uint32{1, gpsIFD})
	gpsEnd := gpsIFD + 2 + 2*12 + 4 + 6*4
	if !taken.IsZero() {
		binary.Write(&tiff, le, []uint16{0x8769, 4})
		binary.Write(&tiff, le, []uint32{1, gpsEnd})
	}
	binary.Write(&tiff, le, uint32(0))
	binary.Write(&tiff, le, uint16(2)) // GPS IFD entries
	binary.Write(&tiff, le, []uint16{0x0001, 2})
	binary.Write(&tiff, le, []uint32{2, uint32('N')})
	latAt := gpsIFD + 2 + 2*12 + 4
	binary.Write(&tiff, le, []uint16{0x0002, 5})
	binary.Write(&tiff, le, []uint32{3, latAt})
	binary.Write(&tiff, le, uint32(0))
	binary.Write(&tiff, le, []uint32{37, 1, 5, 1, 4242, 100}) // 37°5'42.42"
	if !taken.IsZero() {
		// Exif IFD: two ASCII entries whose values follow the directory.
		at := gpsEnd + 2 + 2*12 + 4
		dt := []byte(taken.Format("2006:01:02 15:04:05") + "\x00")
		zone := []byte(taken.Format("-07:00") + "\x00")
		binary.Write(&tiff, le, uint16(2))
		binary.Write(&tiff, le, []uint16{0x9003, 2})
		binary.Write(&tiff, le, []uint32{uint32(len(dt)), at})
		binary.Write(&tiff, le, []uint16{0x9011, 2})
		binary.Write(&tiff, le, []uint32{uint32(len(zone)), at + uint32(len(dt))})
		binary.Write(&tiff, le, uint32(0))
		tiff.Write(dt)
		tiff.Write(zone)
	}
	exif := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	com := []byte("GPS 37.0951N 118.0 secret-location")

	src := plain.Bytes()
	var out bytes.Buffer
	out.Write(src[:2]) // SOI
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(exif)+2))
	out.Write(exif)
	out.Write([]byte{0xFF, 0xFE})
	binary.Write(&out, binary.BigEndian, uint16(len(com)+2))
	out.Write(com)
	out.Write(src[2:])
	return out.Bytes()
}

// DetailedJPEG encodes a w×h photo with camera-like fine detail (a gradient under random
// grain, quality 88): about 3–4 MB at 12 MP, as phones produce. seed makes it distinct.
func DetailedJPEG(w, h, seed int) []byte {
	r := rand.New(rand.NewPCG(uint64(seed), 7))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := uint8(r.IntN(20))
			img.SetRGBA(x, y, color.RGBA{uint8(x*255/w) + n, uint8(y*255/h) + n, uint8((x+y+seed*40)%256)/2 + n, 255})
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88})
	return buf.Bytes()
}
