package photos

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"
	"time"

	"golang.org/x/image/draw"

	"github.com/handinhand/handinhand/photos/phototest"
)

func encodeJPEG(t *testing.T, img image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A photo shrunk and re-encoded (as a phone does before sending it again) hashes within
// a few bits of the original; different pictures hash far apart.
func TestPerceptualHashFindsACopyAndTellsPicturesApart(t *testing.T) {
	orig, err := Process(phototest.CameraSceneJPEG(t, 2000, 1500, 1, time.Time{}), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if !orig.HasPHash {
		t.Fatal("a scene should have a usable hash")
	}
	scene := phototest.Scene(2000, 1500, 1)
	small := image.NewRGBA(image.Rect(0, 0, 1000, 750))
	draw.CatmullRom.Scale(small, small.Bounds(), scene, scene.Bounds(), draw.Src, nil)
	copyRes, err := Process(encodeJPEG(t, small, 60), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if copyRes.SHA256 == orig.SHA256 {
		t.Fatal("the copy should differ in its bytes")
	}
	if d := HashDistance(orig.PHash, copyRes.PHash); d > NearDuplicateBits {
		t.Errorf("a shrunk, re-encoded copy differs by %d bits (at most %d expected)", d, NearDuplicateBits)
	}
	for seed := 2; seed < 12; seed++ {
		other, err := Process(phototest.CameraSceneJPEG(t, 2000, 1500, seed, time.Time{}), DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if d := HashDistance(orig.PHash, other.PHash); d <= 3*NearDuplicateBits {
			t.Errorf("scene %d differs from scene 1 by only %d bits", seed, d)
		}
	}
	// A blank picture is not told apart by its hash.
	blank := image.NewGray(image.Rect(0, 0, 400, 300))
	if _, ok := PerceptualHash(encodeJPEG(t, blank, 80)); ok {
		t.Error("a blank picture should not have a usable hash")
	}
}

// Hashes a few bits apart share a band; the bands cover all 64 bits.
func TestHashBandsFindEveryNearDuplicate(t *testing.T) {
	h := uint64(0x9f3a_51c2_77e0_1b4d)
	for _, flips := range [][]int{{0}, {63}, {1, 20, 40, 60}, {12, 13, 25, 26}, {0, 13, 26, 39}} {
		o := h
		for _, b := range flips {
			o ^= 1 << b
		}
		shared := false
		a, b := HashBands(h), HashBands(o)
		for i := range a {
			shared = shared || a[i] == b[i]
		}
		if !shared {
			t.Errorf("flipping bits %v leaves no band in common: %v vs %v", flips, a, b)
		}
	}
	// Five flips, one in each band, share none: the limit is what the bands promise.
	o := h
	for _, b := range []int{0, 13, 26, 39, 52} {
		o ^= 1 << b
	}
	a, b := HashBands(h), HashBands(o)
	for i := range a {
		if a[i] == b[i] {
			t.Errorf("band %d should differ", i)
		}
	}
	if g, ok := ParseHash(FormatHash(h)); !ok || g != h {
		t.Errorf("hash round trip: %x", g)
	}
}
