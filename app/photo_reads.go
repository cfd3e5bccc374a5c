package app

import (
	"context"
	"crypto/rand"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

// FlaggedPhotos lists the flagged photos an admin (all) or a bureau (its region) may
// look at, the latest lessons first; nobody else.
func (a *App) FlaggedPhotos(ctx context.Context, p *policy.Principal, semester string, first int, after string) (*storage.Page[domain.Photo], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	if semester != "" {
		if _, err := domain.ParseSemester(semester); err != nil {
			return nil, domain.Invalid("semester", "must be a semester like 2026-2027-1")
		}
	}
	switch {
	case sc.All:
		return a.Store.ListFlaggedPhotos(ctx, "", semester, first, after)
	case sc.RegionCode != "":
		return a.Store.ListFlaggedPhotos(ctx, sc.RegionCode, semester, first, after)
	}
	return nil, domain.Forbidden("only admins and bureaus see the flagged photos of a region")
}

// ListPhotos lists the ready photos an admin (all) or a bureau (its region) may browse as
// evidence, filtered, the latest records first; nobody else.
func (a *App) ListPhotos(ctx context.Context, p *policy.Principal, f *domain.PhotoFilter, first int, after string) (*storage.Page[domain.Photo], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	if !sc.All && sc.RegionCode == "" {
		return nil, domain.Forbidden("only admins and bureaus browse the photos of a region")
	}
	if f != nil {
		for _, s := range f.Semesters {
			if _, err := domain.ParseSemester(s); err != nil {
				return nil, domain.Invalid("filter.semesters", "must be a semester like 2026-2027-1")
			}
		}
		if f.From != nil && f.To != nil && *f.To < *f.From {
			return nil, domain.Invalid("filter.to", "is before from")
		}
	}
	return a.Store.ListPhotos(ctx, sc, f, first, after)
}

// Photo returns a photo whose subject the caller may see.
func (a *App) Photo(ctx context.Context, p *policy.Principal, id string) (*domain.Photo, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	ph, err := a.Store.Photo(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := a.subject(ctx, p, ph.SubjectID, nil); err != nil {
		if domain.CodeOf(err) == domain.CodeBadUserInput {
			return nil, hidden("photo", id)
		}
		return nil, err
	}
	return ph, nil
}

// PhotoURL is a short-lived signed URL of a ready photo's display size or thumbnail,
// for a caller who may see it.
func (a *App) PhotoURL(ph *domain.Photo, variant string) *string {
	if ph.Status != domain.PhotoReady || ph.DisplayKey == "" || ph.ThumbKey == "" {
		return nil // nothing kept to show (a record restored without its sizes)
	}
	path := PhotoPath + ph.ID + "/" + variant
	u := path + "?" + a.Signer.Sign(path, ViewURLTTL, nil)
	return &u
}

// PhotoObject returns the store key of a ready photo's variant, for the signed-URL
// handler (which has checked the signature).
func (a *App) PhotoObject(ctx context.Context, id, variant string) (string, error) {
	ph, err := a.Store.Photo(ctx, id)
	if err != nil {
		return "", err
	}
	if ph.Status != domain.PhotoReady {
		return "", domain.NotFound("photo", id)
	}
	switch variant {
	case "display":
		return ph.DisplayKey, nil
	case "thumbnail":
		return ph.ThumbKey, nil
	}
	return "", domain.NotFound("photo variant", variant)
}

// SignerKey returns the key that signs photo URLs, shared by all instances on a store.
func SignerKey(ctx context.Context, store *storage.Store) ([]byte, error) {
	def := make([]byte, 32)
	if _, err := rand.Read(def); err != nil {
		return nil, err
	}
	return store.Setting(ctx, "photoUrlKey", def)
}
