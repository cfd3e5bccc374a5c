package photos

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math/bits"
	"strconv"
)

// Perceptual hashes find a photo sent again as evidence for another record after it was
// shrunk, re-encoded or lightly edited, which changes every byte and so its SHA-256.
// The hash is a difference hash of the picture's brightness: the picture is averaged
// down to 9 × 8 cells and each bit says whether a cell is brighter than the one to its
// right. Copies of one picture differ in a few bits; different pictures in about half.

// NearDuplicateBits is the most bits two hashes may differ by for their pictures to be
// taken as the same one.
const NearDuplicateBits = 4

// PerceptualHash returns the hash of the picture in a JPEG (a kept thumbnail) and
// whether it can tell pictures apart: a nearly even picture (a dark or blank shot)
// hashes alike whatever it shows, and is compared by its bytes only.
func PerceptualHash(jpg []byte) (uint64, bool) {
	img, err := jpeg.Decode(bytes.NewReader(jpg))
	if err != nil {
		return 0, false
	}
	h := differenceHash(img)
	n := bits.OnesCount64(h)
	return h, n >= 8 && n <= 56
}

// HashDistance is the number of bits two perceptual hashes differ by.
func HashDistance(a, b uint64) int { return bits.OnesCount64(a ^ b) }

func differenceHash(img image.Image) uint64 {
	const cols, rows = 9, 8
	var sum [rows][cols]float64
	var n [rows][cols]int
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w == 0 || h == 0 {
		return 0
	}
	lum := luminance(img)
	for y := 0; y < h; y++ {
		r := y * rows / h
		for x := 0; x < w; x++ {
			c := x * cols / w
			sum[r][c] += float64(lum(b.Min.X+x, b.Min.Y+y))
			n[r][c]++
		}
	}
	var out uint64
	for r := 0; r < rows; r++ {
		for c := 0; c < cols-1; c++ {
			left, right := sum[r][c]/float64(max(n[r][c], 1)), sum[r][c+1]/float64(max(n[r][c+1], 1))
			out <<= 1
			if left > right {
				out |= 1
			}
		}
	}
	return out
}

// luminance reads a pixel's brightness (0–255), straight from the Y plane of a decoded
// JPEG.
func luminance(img image.Image) func(x, y int) uint8 {
	if yc, ok := img.(*image.YCbCr); ok {
		return func(x, y int) uint8 { return yc.Y[yc.YOffset(x, y)] }
	}
	if g, ok := img.(*image.Gray); ok {
		return func(x, y int) uint8 { return g.GrayAt(x, y).Y }
	}
	return func(x, y int) uint8 {
		r, g, b, _ := img.At(x, y).RGBA()
		return uint8((19595*r + 38470*g + 7471*b + 1<<15) >> 24)
	}
}

// HashBands splits a perceptual hash into NearDuplicateBits+1 parts, each written "i:hex".
// Two hashes within NearDuplicateBits bits of each other share at least one part (the
// differing bits cannot touch them all), so a store finds every near-duplicate among
// the photos with an equal part, by an index, then compares the whole hashes.
func HashBands(h uint64) []string {
	const n = NearDuplicateBits + 1
	out := make([]string, 0, n)
	start := 0
	for i := range n {
		width := (64 - start) / (n - i)
		part := (h >> start) & (1<<width - 1)
		out = append(out, fmt.Sprintf("%d:%x", i, part))
		start += width
	}
	return out
}

// FormatHash writes a perceptual hash as 16 hex digits; ParseHash reads it back.
func FormatHash(h uint64) string { return fmt.Sprintf("%016x", h) }

func ParseHash(s string) (uint64, bool) {
	h, err := strconv.ParseUint(s, 16, 64)
	return h, err == nil && len(s) == 16
}
