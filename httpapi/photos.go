package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/storage"
)

// PhotoConfig chooses the photo store: MinIO when an endpoint is set, otherwise the
// disk under the data directory.
type PhotoConfig struct {
	MinIO   storage.MinIOConfig
	DataDir string
}

// setupPhotos connects the photo store and the URL signer of an app.
func SetupPhotos(ctx context.Context, a *app.App, cfg PhotoConfig) error {
	key, err := app.SignerKey(ctx, a.Store)
	if err != nil {
		return err
	}
	a.Signer = storage.Signer{Key: key}
	if cfg.MinIO.Endpoint != "" {
		a.Photos, err = storage.NewMinIOPhotos(ctx, cfg.MinIO)
		return err
	}
	a.Photos, err = storage.NewDiskPhotos(filepath.Join(cfg.DataDir, "photos"), a.Signer)
	return err
}

// photoHandler serves a kept photo to the holder of a signed URL, straight from the
// store, as an image that can run nothing.
func photoHandler(a *app.App, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.Signer.Verify(r.URL.Path, r.URL.Query()) {
			http.Error(w, "this photo link is invalid or has expired", http.StatusForbidden)
			return
		}
		id, variant, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, app.PhotoPath), "/")
		key, err := a.PhotoObject(r.Context(), id, variant)
		if err != nil {
			http.Error(w, "photo not found", http.StatusNotFound)
			return
		}
		body, err := a.Photos.Get(r.Context(), key)
		if err != nil {
			status := http.StatusNotFound
			if domain.CodeOf(err) != domain.CodeNotFound {
				status = http.StatusServiceUnavailable
				log.Error("photo store read failed", "err", err)
			}
			http.Error(w, http.StatusText(status), status)
			return
		}
		defer body.Close()
		h := w.Header()
		h.Set("Content-Type", "image/jpeg")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Disposition", `inline; filename="`+id+"-"+variant+`.jpg"`)
		h.Set("Cache-Control", "private, max-age=600")
		_, _ = io.Copy(w, body)
	})
}

// SweepPhotoUploads runs the photo janitor every few minutes until ctx ends.
func SweepPhotoUploads(ctx context.Context, a *app.App, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := a.SweepPhotoUploads(ctx)
			if err != nil {
				log.Warn("sweeping expired photo uploads", "err", err)
			} else if n > 0 {
				log.Info("removed expired photo uploads", "count", n)
			}
		}
	}
}
