package photos

import (
	"testing"

	"github.com/handinhand/handinhand/photos/phototest"
)

// Image headers come from anyone's phone: checking them must never panic or hang.
func FuzzProcess(f *testing.F) {
	f.Add(phototest.CameraJPEG(f, 16, 8, 6))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	lim := Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 16, MaxSide: 512} // small, so every input is quick
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Process(data, lim)
		if err == nil && (r.Width <= 0 || r.Height <= 0 || len(r.Display) == 0 || len(r.Thumb) == 0) {
			t.Fatalf("accepted a photo without pixels: %+v", r)
		}
		_ = jpegOrientation(data)
		_ = stripJPEG(data)
	})
}
