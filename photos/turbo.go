//go:build cgo && !nolibjpeg

package photos

/*
#cgo LDFLAGS: -ljpeg
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>

// A libjpeg error ends the call through longjmp instead of exiting the process; warnings
// (damaged or truncated data) are counted and not printed.
struct hih_err {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
};

static void hih_error_exit(j_common_ptr c) {
	longjmp(((struct hih_err *)c->err)->jump, 1);
}

static void hih_emit(j_common_ptr c, int level) {
	if (level < 0) {
		c->err->num_warnings++;
	}
}

static struct jpeg_error_mgr *hih_errors(struct hih_err *e) {
	struct jpeg_error_mgr *m = jpeg_std_error(&e->pub);
	m->error_exit = hih_error_exit;
	m->emit_message = hih_emit;
	return m;
}

// hih_decode decodes a JPEG at num/8 of its size into RGBA rows of stride bytes. With no
// out it only sets *w and *h to that size; with out they must be what it set. It returns
// 0, or 1 for an error and 2 for damaged data.
static int hih_decode(unsigned char *in, unsigned long n, int num, unsigned char *out, int stride, int *w, int *h) {
	struct jpeg_decompress_struct ci;
	struct hih_err e;
	ci.err = hih_errors(&e);
	if (setjmp(e.jump)) {
		jpeg_destroy_decompress(&ci);
		return 1;
	}
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, in, n);
	jpeg_read_header(&ci, TRUE);
	ci.scale_num = num;
	ci.scale_denom = 8;
	ci.out_color_space = JCS_EXT_RGBA;
	// Kept sizes are small and re-encoded: the quicker integer transform and plain chroma
	// upsampling cannot be told apart there.
	ci.dct_method = JDCT_IFAST;
	ci.do_fancy_upsampling = FALSE;
	if (out == NULL) {
		jpeg_calc_output_dimensions(&ci);
		*w = ci.output_width;
		*h = ci.output_height;
		jpeg_destroy_decompress(&ci);
		return 0;
	}
	jpeg_start_decompress(&ci);
	if ((int)ci.output_width != *w || (int)ci.output_height != *h) {
		jpeg_destroy_decompress(&ci);
		return 1;
	}
	while (ci.output_scanline < ci.output_height) {
		JSAMPROW row = out + (size_t)ci.output_scanline * stride;
		jpeg_read_scanlines(&ci, &row, 1);
	}
	jpeg_finish_decompress(&ci);
	int warned = e.pub.num_warnings > 0;
	jpeg_destroy_decompress(&ci);
	return warned ? 2 : 0;
}

// hih_encode encodes RGBA rows as a baseline JPEG into a buffer it allocates.
static int hih_encode(unsigned char *pix, int w, int h, int stride, int quality, unsigned char **out, unsigned long *n) {
	struct jpeg_compress_struct ci;
	struct hih_err e;
	*out = NULL;
	*n = 0;
	ci.err = hih_errors(&e);
	if (setjmp(e.jump)) {
		jpeg_destroy_compress(&ci);
		return 1;
	}
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, out, n);
	ci.image_width = w;
	ci.image_height = h;
	ci.input_components = 4;
	ci.in_color_space = JCS_EXT_RGBA;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, quality, TRUE);
	jpeg_start_compress(&ci, TRUE);
	while (ci.next_scanline < ci.image_height) {
		JSAMPROW row = pix + (size_t)ci.next_scanline * stride;
		jpeg_write_scanlines(&ci, &row, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	return 0;
}
*/
import "C"

import (
	"errors"
	"image"
	"unsafe"
)

// withLibjpeg says photos are decoded and encoded by libjpeg-turbo.
const withLibjpeg = true

var errLibjpeg = errors.New("libjpeg could not read the photo")

// decodeScaled decodes a JPEG at num/8 of its size (num 1…8), which libjpeg-turbo does
// while decoding: at 3/8 a 12 MP photo costs a fraction of a full decode.
func decodeScaled(data []byte, num int) (*image.RGBA, error) {
	if len(data) == 0 {
		return nil, errLibjpeg
	}
	in := (*C.uchar)(unsafe.Pointer(&data[0]))
	var w, h C.int
	if C.hih_decode(in, C.ulong(len(data)), C.int(num), nil, 0, &w, &h) != 0 || w <= 0 || h <= 0 {
		return nil, errLibjpeg
	}
	img := image.NewRGBA(image.Rect(0, 0, int(w), int(h)))
	if C.hih_decode(in, C.ulong(len(data)), C.int(num), (*C.uchar)(unsafe.Pointer(&img.Pix[0])), C.int(img.Stride), &w, &h) != 0 {
		return nil, errLibjpeg
	}
	return img, nil
}

// encodeRGBA encodes an image as JPEG with libjpeg-turbo, at the quality kept sizes have.
func encodeRGBA(img *image.RGBA) ([]byte, error) {
	b := img.Bounds()
	if b.Empty() {
		return nil, errLibjpeg
	}
	var out *C.uchar
	var n C.ulong
	pix := img.Pix[img.PixOffset(b.Min.X, b.Min.Y):]
	if C.hih_encode((*C.uchar)(unsafe.Pointer(&pix[0])), C.int(b.Dx()), C.int(b.Dy()), C.int(img.Stride), C.int(jpegQuality), &out, &n) != 0 {
		if out != nil {
			C.free(unsafe.Pointer(out))
		}
		return nil, errLibjpeg
	}
	defer C.free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(n)), nil
}
