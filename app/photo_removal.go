package app

import (
	"context"
	"time"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
)

var _ = mutation("deletePhoto", OutsideTransaction)

// DeletePhoto removes a photo and its stored sizes.
func (a *App) DeletePhoto(ctx context.Context, p *policy.Principal, id string) (*domain.Photo, error) {
	ph, err := a.Photo(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if ph.SubjectKind == domain.SubjectTeachingSession {
		// The session says whose evidence it is (photos kept before this was so name the
		// supporting side, whichever side logged the session).
		s, err := a.Store.TeachingSession(ctx, ph.SubjectID)
		if err != nil && domain.CodeOf(err) != domain.CodeNotFound {
			return nil, err
		}
		if s != nil {
			x := *ph
			x.SendingKindergartenID = s.LoggedBy()
			ph = &x
		}
	}
	if !policy.CanDeletePhoto(p, ph) {
		return nil, domain.Forbidden("only the uploader or the sending kindergarten's admin can delete this photo")
	}
	if err := a.Photos.Delete(ctx, ph.UploadKey, ph.DisplayKey, ph.ThumbKey); err != nil {
		return nil, err
	}
	var deleted *domain.Photo
	err = a.Store.Tx(ctx, func(ctx context.Context) error {
		if ph.SHA256 != "" {
			if err := a.Store.ReleasePhotoHash(ctx, ph.SubjectID, ph.SHA256); err != nil {
				return err
			}
		}
		if err := a.attachPhoto(ctx, ph, false); err != nil {
			return err
		}
		var err error
		deleted, err = a.Store.UpdatePhoto(ctx, id, func(x *domain.Photo) error {
			now := domain.Now()
			x.DeletedAt = &now
			return nil
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return deleted, nil
}

// SweepPhotoUploads removes tickets that were never completed: their bytes, if any
// arrived, and their records. It returns how many went.
func (a *App) SweepPhotoUploads(ctx context.Context) (int, error) {
	expired, err := a.Store.ExpiredPhotoUploads(ctx, domain.Now().Add(-time.Minute), 500)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ph := range expired {
		if err := a.Photos.Delete(ctx, ph.UploadKey); err != nil {
			return n, err
		}
		if err := a.Store.DeletePhotoRecord(ctx, ph.ID); err != nil {
			return n, err
		}
		n++
	}
	return n, a.sweepOriginals(ctx)
}

// sweepOriginals removes the uploaded originals of ready photos whose ticket has
// expired (so nothing more can arrive): completion removes each at once, but not if the
// photo store failed at that moment, nor one sent again after completion. A watermark
// in the settings says how far it got, so a failed sweep is taken up by the next.
func (a *App) sweepOriginals(ctx context.Context) error {
	const setting = "originalsSweptThrough"
	raw, err := a.Store.Setting(ctx, setting, []byte(time.Time{}.Format(time.RFC3339Nano)))
	if err != nil {
		return err
	}
	from, err := time.Parse(time.RFC3339Nano, string(raw))
	if err != nil {
		from = time.Time{}
	}
	to := domain.Now().Add(-time.Minute)
	for {
		batch, err := a.Store.ReadyPhotosExpiredBetween(ctx, from, to, 500)
		if err != nil {
			return err
		}
		for _, ph := range batch {
			if err := a.Photos.Delete(ctx, ph.UploadKey); err != nil {
				return err
			}
			from = ph.ExpiresAt
		}
		if len(batch) < 500 {
			from = to
		}
		if err := a.Store.SetSetting(ctx, setting, []byte(from.Format(time.RFC3339Nano))); err != nil {
			return err
		}
		if len(batch) < 500 {
			return nil
		}
	}
}
