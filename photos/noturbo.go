//go:build !cgo || nolibjpeg

package photos

import (
	"errors"
	"image"
)

// withLibjpeg says photos are decoded and encoded by libjpeg-turbo; without cgo they are
// decoded and encoded by Go's image/jpeg, several times slower.
const withLibjpeg = false

var errNoLibjpeg = errors.New("built without libjpeg")

// decodeScaled and encodeRGBA are not reached without libjpeg (fastJPEG returns first).
func decodeScaled([]byte, int) (*image.RGBA, error) { return nil, errNoLibjpeg }

func encodeRGBA(img *image.RGBA) ([]byte, error) { return encode(img) }
