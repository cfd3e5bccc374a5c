// Package backup writes every document and every photo of an installation to one
// archive, and restores such an archive into an empty installation — embedded or
// MongoDB + MinIO, whichever the restoring server is configured for.
//
// The archive is a gzip-compressed tar file:
//
//	manifest.json                 what it holds, to check a restore against
//	collections/<name>.bson       the collection's documents, one BSON document after another
//	photos/<key>                  each stored photo object
package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/storage"
)

// Manifest describes an archive.
type Manifest struct {
	Format      int              `json:"format"`
	CreatedAt   time.Time        `json:"createdAt"`
	Collections map[string]int64 `json:"collections"`
	Photos      int64            `json:"photos"`
	PhotoBytes  int64            `json:"photoBytes"`
}

const format = 1

// maxObject bounds one photo object in an archive (originals are at most 20 MB).
const maxObject = 64 << 20

// Write archives the store and the photo store to w.
func Write(ctx context.Context, w io.Writer, store *storage.Store, photos storage.PhotoStore) (*Manifest, error) {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	m := &Manifest{Format: format, CreatedAt: time.Now().UTC(), Collections: map[string]int64{}}
	now := time.Now()
	colls, err := store.Collections(ctx)
	if err != nil {
		return nil, err
	}
	slices.Sort(colls)
	for _, c := range colls {
		n, err := addCollection(ctx, tw, store, c, now)
		if err != nil {
			return nil, fmt.Errorf("collection %s: %w", c, err)
		}
		m.Collections[c] = n
	}
	err = photos.List(ctx, func(key string) error {
		rc, err := photos.Get(ctx, key)
		if err != nil {
			return fmt.Errorf("photo %s: %w", key, err)
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxObject+1))
		rc.Close()
		if err != nil {
			return fmt.Errorf("photo %s: %w", key, err)
		}
		m.Photos++
		m.PhotoBytes += int64(len(data))
		return addFile(tw, "photos/"+key, data, now)
	})
	if err != nil {
		return nil, err
	}
	man, _ := json.MarshalIndent(m, "", "  ")
	if err := addFile(tw, "manifest.json", man, now); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return m, gz.Close()
}

// addCollection writes a collection's documents through a temporary file, since a tar
// entry needs its size first and a collection may be larger than memory should hold.
func addCollection(ctx context.Context, tw *tar.Writer, store *storage.Store, coll string, t time.Time) (int64, error) {
	tmp, err := os.CreateTemp("", "handinhand-backup-*.bson")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	bw := bufio.NewWriter(tmp)
	var n, size int64
	if err := store.Scan(ctx, coll, time.Time{}, func(raw bson.Raw) error {
		n++
		size += int64(len(raw))
		_, err := bw.Write(raw)
		return err
	}); err != nil {
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	if err := tw.WriteHeader(&tar.Header{Name: "collections/" + coll + ".bson", Mode: 0o600, Size: size, ModTime: t, Typeflag: tar.TypeReg}); err != nil {
		return 0, err
	}
	_, err = io.Copy(tw, tmp)
	return n, err
}

func addFile(tw *tar.Writer, name string, data []byte, t time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(data)), ModTime: t, Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err := tw.Write(data)
	return err
}

// ErrNotEmpty refuses to restore over existing data.
var ErrNotEmpty = errors.New("the store already holds data; restore only into an empty installation")

// Restore reads an archive from r into an empty store and photo store, and checks that
// what it wrote matches the manifest. On the embedded store the records are written in
// one transaction: a restore that fails part-way leaves the store empty.
func Restore(ctx context.Context, r io.Reader, store *storage.Store, photos storage.PhotoStore) (*Manifest, error) {
	var m *Manifest
	err := store.Tx(ctx, func(ctx context.Context) error {
		var err error
		m, err = restore(ctx, r, store, photos)
		return err
	})
	if err != nil {
		return nil, err
	}
	// An archive of an earlier release holds records in its layout: brought to this one's.
	if err := store.Upgrade(ctx); err != nil {
		return nil, err
	}
	return m, nil
}

func restore(ctx context.Context, r io.Reader, store *storage.Store, photos storage.PhotoStore) (*Manifest, error) {
	for _, c := range []string{storage.CollUsers, storage.CollKindergartens, storage.CollSessions} {
		n, err := store.Count(ctx, c)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, ErrNotEmpty
		}
	}
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a backup archive: %w", err)
	}
	tr := tar.NewReader(gz)
	var m *Manifest
	got := map[string]int64{}
	var photosGot int64
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the archive: %w", err)
		}
		name := path.Clean(h.Name)
		if strings.HasPrefix(name, "collections/") && strings.HasSuffix(name, ".bson") {
			coll := strings.TrimSuffix(strings.TrimPrefix(name, "collections/"), ".bson")
			// Restore replaces the collection a fresh store created (the change marker,
			// settings made at start) with the archive's, reading it in batches.
			if err := store.DropCollection(ctx, coll); err != nil {
				return nil, err
			}
			n, err := insertBSON(ctx, store, coll, tr)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			got[coll] = n
			continue
		}
		if h.Size > maxObject {
			return nil, fmt.Errorf("%s is too large for a backup entry", h.Name)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", h.Name, err)
		}
		switch {
		case name == "manifest.json":
			m = &Manifest{}
			if err := json.Unmarshal(data, m); err != nil || m.Format != format {
				return nil, fmt.Errorf("the manifest is not one this version reads")
			}
		case strings.HasPrefix(name, "photos/"):
			key := strings.TrimPrefix(name, "photos/")
			if key == "" || strings.Contains(key, "..") {
				return nil, fmt.Errorf("bad photo name %q in the archive", h.Name)
			}
			if err := photos.Put(ctx, key, data, http.DetectContentType(data)); err != nil {
				return nil, fmt.Errorf("photo %s: %w", key, err)
			}
			photosGot++
		default:
			return nil, fmt.Errorf("unexpected entry %q in the archive", h.Name)
		}
	}
	if m == nil {
		return nil, errors.New("the archive has no manifest: it is incomplete")
	}
	if err := store.EnsureIndexes(ctx); err != nil {
		return nil, err
	}
	for c, n := range m.Collections {
		if got[c] != n {
			return nil, fmt.Errorf("collection %s: %d documents restored, the archive says %d", c, got[c], n)
		}
	}
	if photosGot != m.Photos {
		return nil, fmt.Errorf("%d photos restored, the archive says %d", photosGot, m.Photos)
	}
	return m, nil
}

// insertBSON stores the BSON documents r holds one after another, a thousand at a time,
// and returns how many there were.
func insertBSON(ctx context.Context, store *storage.Store, coll string, r io.Reader) (int64, error) {
	var batch []any
	var n int64
	flush := func() error {
		err := store.InsertMany(ctx, coll, batch)
		batch = batch[:0]
		return err
	}
	err := eachDoc(r, func(doc bson.Raw) error {
		batch = append(batch, doc)
		n++
		if len(batch) == 1000 {
			return flush()
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, flush()
}

// errStop ends eachDoc early without an error.
var errStop = errors.New("stop")

// eachDoc reads the BSON documents of a collection's entry one after another, checking
// each, until fn returns an error (errStop: done).
func eachDoc(r io.Reader, fn func(bson.Raw) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		var size [4]byte
		if _, err := io.ReadFull(br, size[:]); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return errors.New("truncated document")
		}
		l := int(binary.LittleEndian.Uint32(size[:]))
		if l < 5 || l > 16<<20 { // MongoDB's own document limit
			return errors.New("bad document length")
		}
		doc := make([]byte, l)
		copy(doc, size[:])
		if _, err := io.ReadFull(br, doc[4:]); err != nil {
			return errors.New("truncated document")
		}
		if err := bson.Raw(doc).Validate(); err != nil {
			return err
		}
		if err := fn(bson.Raw(doc)); err != nil {
			if errors.Is(err, errStop) {
				return nil
			}
			return err
		}
	}
}

// Setting reads one setting (its value) from an archive without restoring anything: nil
// when the archive has none.
func Setting(r io.Reader, name string) ([]byte, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a backup archive: %w", err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the archive: %w", err)
		}
		if path.Clean(h.Name) != "collections/"+storage.CollSettings+".bson" {
			continue
		}
		var value []byte
		err = eachDoc(tr, func(doc bson.Raw) error {
			if id, ok := doc.Lookup("_id").StringValueOK(); ok && id == name {
				_, value, _ = doc.Lookup("value").BinaryOK()
				return errStop
			}
			return nil
		})
		return value, err
	}
}
