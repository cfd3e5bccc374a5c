package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/handinhand/handinhand/domain"
)

// MinIOConfig reaches a MinIO (or other S3) bucket.
type MinIOConfig struct {
	Endpoint, AccessKey, SecretKey, Bucket string
	UseSSL                                 bool
}

// MinIOPhotos keeps photos in a private bucket.
type MinIOPhotos struct {
	c      *minio.Client
	bucket string
}

// NewMinIOPhotos connects and creates the bucket if it is missing. The bucket gets no
// policy, so nothing in it can be read without a signature.
func NewMinIOPhotos(ctx context.Context, cfg MinIOConfig) (*MinIOPhotos, error) {
	if cfg.Bucket == "" {
		cfg.Bucket = "handinhand-photos"
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: cfg.UseSSL,
	})
	if err != nil {
		return nil, fmt.Errorf("minio: %w", err)
	}
	// MinIO may still be starting (as in a fresh docker compose up): retry for a while.
	var ok bool
	for attempt := 0; ; attempt++ {
		if ok, err = c.BucketExists(ctx, cfg.Bucket); err == nil {
			break
		}
		if attempt >= 30 || ctx.Err() != nil {
			return nil, fmt.Errorf("minio: %w", err)
		}
		time.Sleep(time.Second)
	}
	if !ok {
		if err := c.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{}); err != nil {
			return nil, fmt.Errorf("minio: create bucket %s: %w", cfg.Bucket, err)
		}
	}
	return &MinIOPhotos{c: c, bucket: cfg.Bucket}, nil
}

// Origin is where phones send photos to: the one origin besides the server's own that
// the app's pages may connect to.
func (m *MinIOPhotos) Origin() string {
	return m.c.EndpointURL().Scheme + "://" + m.c.EndpointURL().Host
}

func (m *MinIOPhotos) UploadURL(ctx context.Context, key, contentType string, size int64, ttl time.Duration) (string, string, map[string]string, error) {
	h := http.Header{}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	u, err := m.c.PresignHeader(ctx, http.MethodPut, m.bucket, key, ttl, nil, h)
	if err != nil {
		return "", "", nil, errStoreDown(err)
	}
	return http.MethodPut, u.String(), map[string]string{"Content-Type": contentType}, nil
}

func (m *MinIOPhotos) Stat(ctx context.Context, key string) (int64, error) {
	info, err := m.c.StatObject(ctx, m.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return 0, m.err(err, key)
	}
	return info.Size, nil
}

func (m *MinIOPhotos) err(err error, key string) error {
	var resp minio.ErrorResponse
	if errors.As(err, &resp) && (resp.Code == "NoSuchKey" || resp.StatusCode == http.StatusNotFound) {
		return domain.NotFound("photo object", key)
	}
	return errStoreDown(err)
}

func (m *MinIOPhotos) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	// GetObject is lazy; Stat first so a missing object or an outage shows here.
	if _, err := m.Stat(ctx, key); err != nil {
		return nil, err
	}
	o, err := m.c.GetObject(ctx, m.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, m.err(err, key)
	}
	return o, nil
}

func (m *MinIOPhotos) Put(ctx context.Context, key string, data []byte, contentType string) error {
	_, err := m.c.PutObject(ctx, m.bucket, key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{ContentType: contentType})
	if err != nil {
		return errStoreDown(err)
	}
	return nil
}

func (m *MinIOPhotos) Delete(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if k == "" { // a variant that was never made
			continue
		}
		if err := m.c.RemoveObject(ctx, m.bucket, k, minio.RemoveObjectOptions{}); err != nil {
			if e := m.err(err, k); domain.CodeOf(e) != domain.CodeNotFound {
				return e
			}
		}
	}
	return nil
}

func (m *MinIOPhotos) List(ctx context.Context, fn func(key string) error) error {
	for obj := range m.c.ListObjects(ctx, m.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			return errStoreDown(obj.Err)
		}
		if err := fn(obj.Key); err != nil {
			return err
		}
	}
	return nil
}
