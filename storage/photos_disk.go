package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/handinhand/handinhand/domain"
)

// DiskPhotos keeps photos as files under a directory. Uploads arrive at the server's
// UploadPath with the same signed-URL flow as MinIO.
type DiskPhotos struct {
	dir    string
	signer Signer
}

// UploadPath is where the server mounts DiskPhotos.UploadHandler.
const UploadPath = "/photo-uploads/"

// NewDiskPhotos keeps photos under dir, signing upload URLs with signer.
func NewDiskPhotos(dir string, signer Signer) (*DiskPhotos, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	return &DiskPhotos{dir: dir, signer: signer}, nil
}

func (d *DiskPhotos) path(key string) (string, error) {
	clean := filepath.Clean("/" + key)
	if clean == "/" || strings.Contains(key, "..") {
		return "", fmt.Errorf("bad key %q", key)
	}
	return filepath.Join(d.dir, clean), nil
}

func (d *DiskPhotos) UploadURL(_ context.Context, key, contentType string, size int64, ttl time.Duration) (string, string, map[string]string, error) {
	p := UploadPath + key
	q := d.signer.Sign(p, ttl, url.Values{"size": {strconv.FormatInt(size, 10)}, "type": {contentType}})
	return http.MethodPut, p + "?" + q, map[string]string{"Content-Type": contentType}, nil
}

func (d *DiskPhotos) Stat(_ context.Context, key string) (int64, error) {
	p, err := d.path(key)
	if err != nil {
		return 0, err
	}
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, domain.NotFound("photo object", key)
	}
	if err != nil {
		return 0, errStoreDown(err)
	}
	return fi.Size(), nil
}

func (d *DiskPhotos) Get(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, domain.NotFound("photo object", key)
	}
	if err != nil {
		return nil, errStoreDown(err)
	}
	return f, nil
}

func (d *DiskPhotos) Put(_ context.Context, key string, data []byte, _ string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	return writeAtomic(p, bytes.NewReader(data), int64(len(data)))
}

// writeAtomic writes exactly size bytes from r to p through a temporary file, so that
// a broken upload never leaves a partial object.
func writeAtomic(p string, r io.Reader, size int64) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(r, size+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if n != size {
		return fmt.Errorf("got %d bytes, expected %d", n, size)
	}
	return os.Rename(tmp.Name(), p)
}

func (d *DiskPhotos) Delete(_ context.Context, keys ...string) error {
	for _, k := range keys {
		if k == "" { // a variant that was never made
			continue
		}
		p, err := d.path(k)
		if err != nil {
			return err
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// UploadHandler takes signed PUTs: the URL must be unexpired and unaltered, and the
// body exactly the signed size and type.
func (d *DiskPhotos) UploadHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPut {
			http.Error(w, "use PUT", http.StatusMethodNotAllowed)
			return
		}
		q := r.URL.Query()
		if !d.signer.Verify(r.URL.Path, q) {
			http.Error(w, "the upload link is invalid or has expired; ask for a new one", http.StatusForbidden)
			return
		}
		size, _ := strconv.ParseInt(q.Get("size"), 10, 64)
		if r.Header.Get("Content-Type") != q.Get("type") {
			http.Error(w, "Content-Type differs from the one the link was made for", http.StatusBadRequest)
			return
		}
		if r.ContentLength != size {
			http.Error(w, "the body must be exactly the size the link was made for", http.StatusBadRequest)
			return
		}
		p, err := d.path(strings.TrimPrefix(r.URL.Path, UploadPath))
		if err != nil {
			http.Error(w, "bad key", http.StatusBadRequest)
			return
		}
		if err := writeAtomic(p, r.Body, size); err != nil {
			http.Error(w, "upload incomplete: "+err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

func (d *DiskPhotos) List(ctx context.Context, fn func(key string) error) error {
	return filepath.WalkDir(d.dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() || strings.HasPrefix(e.Name(), ".upload-") {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(d.dir, p)
		if err != nil {
			return err
		}
		return fn(filepath.ToSlash(rel))
	})
}
