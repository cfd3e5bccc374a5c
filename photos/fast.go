package photos

import (
	"image"
)

// fastJPEG makes the kept sizes of a JPEG with libjpeg-turbo, which decodes straight to
// the scale it needs: a 12 MP photo is read at 3/8 for the display size, and a photo
// that is kept as it is (upright, ≤ DisplayEdge) is read at 1/4 for its thumbnail only.
// It reports false when libjpeg cannot read the photo (or is not built in); Go's decoder
// then tries, and tells a damaged photo apart.
func fastJPEG(r *Result, data []byte, width, height, orientation int) bool {
	if !withLibjpeg {
		return false
	}
	long := max(width, height)
	if orientation == 1 && long <= DisplayEdge {
		display := stripJPEG(data)
		if display == nil {
			return false
		}
		small, err := decodeScaled(data, scaleFor(long, ThumbEdge))
		if err != nil {
			return false
		}
		thumb, err := encodeRGBA(fitRGBA(small, ThumbEdge))
		if err != nil {
			return false
		}
		r.Display, r.Thumb = display, thumb
		return true
	}
	img, err := decodeScaled(data, scaleFor(long, DisplayEdge))
	if err != nil {
		return false
	}
	display := fitRGBA(img, DisplayEdge)
	if orientation != 1 {
		display = orient(display, orientation).(*image.RGBA)
	}
	if r.Display, err = encodeRGBA(display); err != nil {
		return false
	}
	if r.Thumb, err = encodeRGBA(fitRGBA(display, ThumbEdge)); err != nil {
		return false
	}
	return true
}

// scaleFor returns the eighths to decode a photo of long edge long at, for a long edge
// of at most edge: the smallest scale that still reaches edge, or one less when that
// still gives nine tenths of it (then no resampling is needed at all).
func scaleFor(long, edge int) int {
	at := func(num int) int { return (long*num + 7) / 8 }
	num := 8
	for n := 1; n <= 8; n++ {
		if at(n) >= edge {
			num = n
			break
		}
	}
	if num > 1 && at(num) > edge && at(num-1)*10 >= edge*9 {
		num--
	}
	return num
}

// fitRGBA scales img down so that its long edge is at most edge: first by a whole factor
// with a box filter (one cheap pass), then to the exact size.
func fitRGBA(img *image.RGBA, edge int) *image.RGBA {
	b := img.Bounds()
	long := max(b.Dx(), b.Dy())
	if long <= edge {
		return img
	}
	if k := long / edge; k >= 2 {
		img = boxRGBA(img, k)
		if max(img.Bounds().Dx(), img.Bounds().Dy()) <= edge {
			return img
		}
	}
	b = img.Bounds()
	w, h := edge, max(1, (b.Dy()*edge+b.Dx()/2)/b.Dx())
	if b.Dy() > b.Dx() {
		w, h = max(1, (b.Dx()*edge+b.Dy()/2)/b.Dy()), edge
	}
	return bilinear(img, w, h)
}

// bilinear resamples img to w × h, each pixel interpolated between its four nearest
// (in 8-bit fixed point): enough for the last step of less than a factor of two after
// the box filter, and several times quicker than a general resampler.
func bilinear(img *image.RGBA, w, h int) *image.RGBA {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	// Source positions of each column, in 1/256 pixel, with their two neighbours.
	xs := make([]int, w)
	for x := range xs {
		xs[x] = max(0, min(((2*x+1)*sw*256/(2*w))-128, (sw-1)*256))
	}
	for y := range h {
		sy := max(0, min(((2*y+1)*sh*256/(2*h))-128, (sh-1)*256))
		y0, fy := sy>>8, sy&255
		y1 := min(y0+1, sh-1)
		r0 := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y0):]
		r1 := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y1):]
		out := dst.Pix[y*dst.Stride:]
		for x, sx := range xs {
			x0, fx := sx>>8, sx&255
			x1 := min(x0+1, sw-1)
			for c := range 3 {
				top := int(r0[4*x0+c])*(256-fx) + int(r0[4*x1+c])*fx
				bot := int(r1[4*x0+c])*(256-fx) + int(r1[4*x1+c])*fx
				out[4*x+c] = uint8((top*(256-fy) + bot*fy + 1<<15) >> 16)
			}
			out[4*x+3] = 0xff
		}
	}
	return dst
}

// boxRGBA shrinks img by k in each direction, each pixel the mean of a k × k block.
func boxRGBA(img *image.RGBA, k int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx()/k, b.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	sum := make([]uint32, 4*w)
	n := uint32(k * k)
	for y := range h {
		clear(sum)
		for dy := range k {
			row := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y*k+dy):]
			for x := range w {
				p := row[4*x*k : 4*(x+1)*k]
				s := sum[4*x : 4*x+4 : 4*x+4]
				for i := 0; i < len(p); i += 4 {
					s[0] += uint32(p[i])
					s[1] += uint32(p[i+1])
					s[2] += uint32(p[i+2])
				}
			}
		}
		out := dst.Pix[y*dst.Stride:]
		for x := range w {
			out[4*x] = uint8((sum[4*x] + n/2) / n)
			out[4*x+1] = uint8((sum[4*x+1] + n/2) / n)
			out[4*x+2] = uint8((sum[4*x+2] + n/2) / n)
			out[4*x+3] = 0xff
		}
	}
	return dst
}
