package storage

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

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
	_, err := s.c(CollPhotoHashes).InsertOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "photoId", Value: photoID}})
	if err == nil {
		return photoID, nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return "", wrap(err)
	}
	var row struct {
		PhotoID string `bson:"photoId"`
	}
	if err := s.c(CollPhotoHashes).FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&row); err != nil {
		return "", wrap(err)
	}
	return row.PhotoID, nil
}

// ReleasePhotoHash forgets a subject's photo bytes (when the photo is deleted).
func (s *Store) ReleasePhotoHash(ctx context.Context, subjectID, sha string) error {
	_, err := s.c(CollPhotoHashes).DeleteOne(ctx, bson.D{{Key: "_id", Value: subjectID + ":" + sha}})
	return wrap(err)
}

// ExpiredPhotoUploads lists pending photos whose ticket expired before t. The janitor
// calls it every few minutes; it is not on any request's path.
func (s *Store) ExpiredPhotoUploads(ctx context.Context, t time.Time, limit int) ([]*domain.Photo, error) {
	cur, err := s.c(CollPhotos).Find(ctx, where{{notDeleted}}.and(
		bson.E{Key: "status", Value: domain.PhotoPending},
		bson.E{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: t}}}).doc(), optionsLimit(limit))
	if err != nil {
		return nil, wrap(err)
	}
	var out []*domain.Photo
	return out, wrap(cur.All(ctx, &out))
}

// DeletePhotoRecord removes a photo record for good.
func (s *Store) DeletePhotoRecord(ctx context.Context, id string) error {
	_, err := s.c(CollPhotos).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return wrap(err)
}

// Setting returns a stored setting, creating it with def on first use; every instance
// on the same store gets the same value.
func (s *Store) Setting(ctx context.Context, name string, def []byte) ([]byte, error) {
	_, err := s.c(CollSettings).InsertOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "value", Value: def}})
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return nil, wrap(err)
	}
	var row struct {
		Value []byte `bson:"value"`
	}
	if err := s.c(CollSettings).FindOne(ctx, bson.D{{Key: "_id", Value: name}}).Decode(&row); err != nil {
		return nil, wrap(err)
	}
	return row.Value, nil
}

// ReadyPhotosExpiredBetween lists ready photos whose upload ticket expired in (from, to]:
// after that no upload can arrive, so the janitor removes any original left behind.
func (s *Store) ReadyPhotosExpiredBetween(ctx context.Context, from, to time.Time, limit int) ([]*domain.Photo, error) {
	cur, err := s.c(CollPhotos).Find(ctx, where{}.and(
		bson.E{Key: "status", Value: domain.PhotoReady},
		bson.E{Key: "expiresAt", Value: bson.D{{Key: "$gt", Value: from}, {Key: "$lte", Value: to}}}).doc(),
		optionsLimit(limit).SetSort(bson.D{{Key: "expiresAt", Value: 1}}))
	if err != nil {
		return nil, wrap(err)
	}
	var out []*domain.Photo
	return out, wrap(cur.All(ctx, &out))
}

// SetSetting replaces a stored setting.
func (s *Store) SetSetting(ctx context.Context, name string, value []byte) error {
	_, err := s.c(CollSettings).UpdateOne(ctx, bson.D{{Key: "_id", Value: name}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "value", Value: value}}}}, options.UpdateOne().SetUpsert(true))
	return wrap(err)
}
