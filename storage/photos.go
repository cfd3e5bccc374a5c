package storage

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"strconv"
	"time"

	"github.com/handinhand/handinhand/domain"
)

// PhotoStore keeps photo bytes. Phones upload straight to it with a signed URL, so photo
// bytes never pass through the API; the server reads them back only to check and shrink
// a completed upload, and streams them to viewers. Two implementations, chosen at start:
// MinIO (or any S3) and a directory on local disk, the embedded default.
type PhotoStore interface {
	// UploadURL returns how to upload exactly size bytes of contentType to key until
	// ttl has passed: the method, URL (absolute, or relative to the API's origin) and
	// the headers the client must send.
	UploadURL(ctx context.Context, key, contentType string, size int64, ttl time.Duration) (method, url string, headers map[string]string, err error)
	// Stat returns the size of the object at key; NOT_FOUND when there is none.
	Stat(ctx context.Context, key string) (int64, error)
	// Get streams the object at key.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// Put stores a small object the server made (a display size or thumbnail).
	Put(ctx context.Context, key string, data []byte, contentType string) error
	// Delete removes objects; missing ones and empty keys are not an error.
	Delete(ctx context.Context, keys ...string) error
	// List passes the key of every object to fn (for backups and checks).
	List(ctx context.Context, fn func(key string) error) error
}

// errStoreDown is what a photo-store outage looks like to clients: retry later.
func errStoreDown(err error) error {
	return &domain.Error{Code: domain.CodeUnavailable, Message: "the photo store is not reachable right now; try again shortly", Err: err}
}

// Signer signs and checks short-lived URLs served by this server.
type Signer struct{ Key []byte }

// Sign returns the query string (exp, sig and the extra values) that authorises
// path until ttl has passed.
func (s Signer) Sign(path string, ttl time.Duration, extra url.Values) string {
	q := url.Values{}
	for k, v := range extra {
		q[k] = v
	}
	q.Set("exp", strconv.FormatInt(time.Now().Add(ttl).Unix(), 10))
	q.Set("sig", s.mac(path, q))
	return q.Encode()
}

// Verify checks a signed query for path; false if forged, altered or expired.
func (s Signer) Verify(path string, q url.Values) bool {
	exp, err := strconv.ParseInt(q.Get("exp"), 10, 64)
	if err != nil || time.Now().Unix() > exp {
		return false
	}
	got, err := hex.DecodeString(q.Get("sig"))
	if err != nil {
		return false
	}
	want, _ := hex.DecodeString(s.mac(path, q))
	return hmac.Equal(got, want)
}

func (s Signer) mac(path string, q url.Values) string {
	c := url.Values{}
	for k, v := range q {
		if k != "sig" {
			c[k] = v
		}
	}
	m := hmac.New(sha256.New, s.Key)
	m.Write([]byte(path + "?" + c.Encode()))
	return hex.EncodeToString(m.Sum(nil))
}
