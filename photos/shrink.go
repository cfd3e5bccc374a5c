package photos

import "image"

// shrinkYCbCr scales a decoded JPEG down so its long edge is edge, averaging the source
// samples each output sample covers, straight on the luma and chroma planes: no colour
// conversion, and the JPEG encoder takes the result on its fast path.
func shrinkYCbCr(src *image.YCbCr, edge int) *image.YCbCr {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dw, dh := edge, edge
	if sw >= sh {
		dh = max(1, sh*edge/sw)
	} else {
		dw = max(1, sw*edge/sh)
	}
	dst := image.NewYCbCr(image.Rect(0, 0, dw, dh), image.YCbCrSubsampleRatio444)
	boxPlane(dst.Y, dst.YStride, dw, dh, src.Y, src.YStride, sw, sh)
	// Chroma planes may be subsampled; their size follows the ratio.
	cw, ch := chromaSize(src.SubsampleRatio, sw, sh)
	boxPlane(dst.Cb, dst.CStride, dw, dh, src.Cb, src.CStride, cw, ch)
	boxPlane(dst.Cr, dst.CStride, dw, dh, src.Cr, src.CStride, cw, ch)
	return dst
}

func chromaSize(r image.YCbCrSubsampleRatio, w, h int) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}

// boxPlane averages an sw×sh plane into a dw×dh one, reading the source row by row
// (each output row sums the source rows it covers), so the big plane is read once, in
// order. Subsampled chroma smaller than the output is repeated.
func boxPlane(dst []uint8, dstride, dw, dh int, src []uint8, sstride, sw, sh int) {
	x0s := make([]int, dw+1)
	for x := 0; x <= dw; x++ {
		x0s[x] = x * sw / dw
	}
	acc := make([]int, dw)
	for y := range dh {
		y0, y1 := y*sh/dh, (y+1)*sh/dh
		if y1 == y0 {
			y1 = y0 + 1
		}
		clear(acc)
		for sy := y0; sy < y1; sy++ {
			line := src[sy*sstride : sy*sstride+sw]
			for x := range dw {
				xa, xb := x0s[x], x0s[x+1]
				if xb == xa {
					xb = xa + 1
				}
				sum := 0
				for _, v := range line[xa:xb] {
					sum += int(v)
				}
				acc[x] += sum
			}
		}
		row := dst[y*dstride : y*dstride+dw]
		rows := y1 - y0
		for x := range dw {
			n := max(x0s[x+1]-x0s[x], 1) * rows
			row[x] = uint8(acc[x] / n)
		}
	}
}
