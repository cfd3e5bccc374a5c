package storage

import (
	"context"
	"errors"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
)

// Photo-record collections.
const (
	CollPhotos      = "photos"
	CollPhotoHashes = "photoHashes"
	CollSettings    = "settings"
)

// CreatePhoto stores a new photo record, once per client id.
func (s *Store) CreatePhoto(ctx context.Context, p *domain.Photo) (*domain.Photo, bool, error) {
	return insertOnce(ctx, s, CollPhotos, "photo", p.ID, p)
}

// UpdatePhoto applies change to a photo record.
func (s *Store) UpdatePhoto(ctx context.Context, id string, change func(*domain.Photo) error) (*domain.Photo, error) {
	return modify(ctx, s, CollPhotos, "photo", id, change)
}

// Photo returns one live photo record.
func (s *Store) Photo(ctx context.Context, id string) (*domain.Photo, error) {
	return get[domain.Photo](ctx, s, CollPhotos, "photo", id)
}

// PhotosByID returns the live photo records among ids.
func (s *Store) PhotosByID(ctx context.Context, ids []string) (map[string]*domain.Photo, error) {
	return getMany(ctx, s, CollPhotos, ids, func(p *domain.Photo) string { return p.ID })
}

// ClaimPhotoHash records that subjectID has a photo with these bytes. It returns the
// photo that already holds them, or photoID if this is the first.
func (s *Store) ClaimPhotoHash(ctx context.Context, subjectID, sha, photoID string) (string, error) {
	key := subjectID + ":" + sha
	raw, err := marshal(bson.D{{Key: "_id", Value: key}, {Key: "photoId", Value: photoID}})
	if err != nil {
		return "", err
	}
	err = s.eng.Insert(ctx, CollPhotoHashes, raw)
	if err == nil {
		return photoID, nil
	}
	if !errors.Is(err, errDuplicate) {
		return "", err
	}
	held, err := s.eng.Get(ctx, CollPhotoHashes, key)
	if err != nil {
		return "", err
	}
	id, _ := held.Lookup("photoId").StringValueOK()
	return id, nil
}

// PhotoHashHolder returns the photo of subjectID that holds the bytes with this hash;
// NOT_FOUND if none does.
func (s *Store) PhotoHashHolder(ctx context.Context, subjectID, sha string) (string, error) {
	held, err := s.eng.Get(ctx, CollPhotoHashes, subjectID+":"+sha)
	if errors.Is(err, errNotFound) {
		return "", domain.NotFound("photo", sha)
	}
	if err != nil {
		return "", err
	}
	id, _ := held.Lookup("photoId").StringValueOK()
	return id, nil
}

// ReleasePhotoHash forgets a subject's photo bytes (when the photo is deleted).
func (s *Store) ReleasePhotoHash(ctx context.Context, subjectID, sha string) error {
	return s.eng.Delete(ctx, CollPhotoHashes, subjectID+":"+sha)
}

// ExpiredPhotoUploads lists pending photos whose ticket expired before t. The janitor
// calls it every few minutes; it is not on any request's path.
func (s *Store) ExpiredPhotoUploads(ctx context.Context, t time.Time, limit int) ([]*domain.Photo, error) {
	var out []*domain.Photo
	err := each(ctx, s, CollPhotos, []cond{eq("status", domain.PhotoPending), lt("expiresAt", t)}, nil, limit, func(p *domain.Photo) error {
		out = append(out, p)
		return nil
	})
	return out, err
}

// DeletePhotoRecord removes a photo record for good.
func (s *Store) DeletePhotoRecord(ctx context.Context, id string) error {
	return s.eng.Delete(ctx, CollPhotos, id)
}

// Setting returns a stored setting, creating it with def on first use; every instance
// on the same store gets the same value.
func (s *Store) Setting(ctx context.Context, name string, def []byte) ([]byte, error) {
	raw, err := marshal(bson.D{{Key: "_id", Value: name}, {Key: "value", Value: def}})
	if err != nil {
		return nil, err
	}
	if err := s.eng.Insert(ctx, CollSettings, raw); err != nil && !errors.Is(err, errDuplicate) {
		return nil, err
	}
	stored, err := s.eng.Get(ctx, CollSettings, name)
	if err != nil {
		return nil, err
	}
	_, b, _ := stored.Lookup("value").BinaryOK()
	return b, nil
}

// ReadyPhotosExpiredBetween lists ready photos whose upload ticket expired in (from, to]:
// after that no upload can arrive, so the janitor removes any original left behind.
func (s *Store) ReadyPhotosExpiredBetween(ctx context.Context, from, to time.Time, limit int) ([]*domain.Photo, error) {
	var out []*domain.Photo
	err := s.eng.Find(ctx, CollPhotos, query{where: []cond{eq("status", domain.PhotoReady), gt("expiresAt", from), lte("expiresAt", to)},
		sort: []sortKey{{field: "expiresAt"}}, limit: limit}, func(raw bson.Raw) error {
		p, err := decode[domain.Photo](raw)
		if err == nil {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

// SetSetting replaces a stored setting.
func (s *Store) SetSetting(ctx context.Context, name string, value []byte) error {
	raw, err := marshal(bson.D{{Key: "_id", Value: name}, {Key: "value", Value: value}})
	if err != nil {
		return err
	}
	return s.eng.Upsert(ctx, CollSettings, name, raw)
}

// SimilarPhotos lists ready photos within regionCode that have the bytes sha or share a
// part of a perceptual hash (bands), for the caller to compare; at most limit. Each is
// read from its index of all photos (few photos share either; asked as one query with an
// OR, SQLite reads every photo instead) and the region is checked on the few found: kept
// per region too, the indexes would be written at seven random places for every photo.
func (s *Store) SimilarPhotos(ctx context.Context, regionCode, sha string, bands []string, limit int) ([]*domain.Photo, error) {
	// The status is checked on the photos found too: asked in the query, SQLite reads
	// every ready photo in the order of the status index, looking each up in the bands.
	queries := [][]cond{{eq("sha256", sha)}}
	if len(bands) > 0 {
		queries = append(queries, []cond{in("phashBands", bands)})
	}
	var out []*domain.Photo
	seen := map[string]bool{}
	for _, where := range queries {
		// Photos of other regions (or not ready) are read and passed over: a few times the limit.
		err := each(ctx, s, CollPhotos, where, nil, 4*limit, func(p *domain.Photo) error {
			if len(out) < limit && !seen[p.ID] && p.Status == domain.PhotoReady && (regionCode == "" || slices.Contains(p.RegionPath, regionCode)) {
				seen[p.ID] = true
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ListFlaggedPhotos returns a page of the flagged photos within regionCode ("" for all),
// of one semester if given, the latest lessons first.
func (s *Store) ListFlaggedPhotos(ctx context.Context, regionCode, semester string, first int, after string) (*Page[domain.Photo], error) {
	q := []cond{in("flags", []domain.PhotoFlagKind{domain.FlagCaptureDateFar, domain.FlagReused}), eq("status", domain.PhotoReady)}
	if regionCode != "" {
		q = append(q, eq("regionPath", regionCode))
	}
	if semester != "" {
		q = append(q, eq("semester", semester))
	}
	return list[domain.Photo](ctx, s, CollPhotos, ListOptions{Filter: q, SortField: "subjectDate", Desc: true, First: first, After: after})
}

// ListPhotos returns a page of the ready photos in scope that match f, the latest
// records first (by the day of the session or event each is evidence of).
func (s *Store) ListPhotos(ctx context.Context, sc domain.Scope, f *domain.PhotoFilter, first int, after string) (*Page[domain.Photo], error) {
	q := append(scopeOfRecords(sc), eq("status", domain.PhotoReady))
	if f != nil {
		if f.RegionCode != nil {
			q = append(q, eq("regionPath", *f.RegionCode))
		}
		if f.KindergartenID != nil {
			q = append(q, eq("kindergartenIds", *f.KindergartenID))
		}
		if len(f.PairingIDs) > 0 {
			q = append(q, in("pairingId", f.PairingIDs))
		}
		if len(f.Semesters) > 0 {
			q = append(q, in("semester", f.Semesters))
		}
		q = append(q, dateRange("subjectDate", f.From, f.To)...)
		if len(f.SubjectKinds) > 0 {
			q = append(q, in("subjectKind", f.SubjectKinds))
		}
		if f.FlaggedOnly != nil && *f.FlaggedOnly {
			q = append(q, in("flags", []domain.PhotoFlagKind{domain.FlagCaptureDateFar, domain.FlagReused}))
		}
	}
	return list[domain.Photo](ctx, s, CollPhotos, ListOptions{Filter: q, SortField: "subjectDate", Desc: true, First: first, After: after})
}
