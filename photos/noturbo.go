//go:build !cgo || nolibjpeg

package photos

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
)

// withLibjpeg says photos are decoded and encoded by libjpeg-turbo; without cgo they are
// decoded and encoded by Go's image/jpeg, several times slower.
const withLibjpeg = false

var errNoLibjpeg = errors.New("built without libjpeg")

func decodeScaled([]byte, int) (*image.RGBA, error) { return nil, errNoLibjpeg }

func encodeRGBA(img *image.RGBA, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
