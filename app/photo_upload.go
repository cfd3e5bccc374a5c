package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"time"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/photos"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

var _ = mutation("requestPhotoUpload", OutsideTransaction)

// RequestPhotoUpload issues a ticket: a signed URL, valid for 15 minutes, bound to one
// object, its size and type. Asking again with the same input returns a fresh URL for
// the same photo.
func (a *App) RequestPhotoUpload(ctx context.Context, p *policy.Principal, in domain.PhotoUploadInput) (*PhotoTicket, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	if err := in.Validate(a.PhotoLimits.MaxBytes); err != nil {
		return nil, err
	}
	subj, err := a.subject(ctx, p, in.SubjectID, in.PartID)
	if err != nil {
		return nil, err
	}
	if err := subj.canAddTo(); err != nil {
		return nil, err
	}
	semester := subj.semester
	if semester == "" {
		semester = domain.SemesterOf(subj.date)
	}
	ph := &domain.Photo{ID: in.ID, SubjectKind: subj.kind, SubjectID: in.SubjectID, SubjectPart: str(in.PartID), PairingID: subj.pairing,
		Semester: semester, Month: subj.date.Month(), SubjectDate: subj.date, ContentType: in.ContentType,
		DeclaredSize: int64(in.Size), DeclaredSHA256: str(in.Sha256), Caption: str(in.Caption), TakenAt: in.TakenAt,
		Status: domain.PhotoPending, UploadKey: domain.PhotoKey(in.ID, "upload"),
		ExpiresAt: domain.Now().Add(UploadTicketTTL), SendingKindergartenID: subj.sending, Scoped: subj.scoped, Withheld: subj.withheld}
	ph.CreatedBy, ph.InputHash = p.UserID, domain.Fingerprint(in)
	stored, _, err := a.Store.CreatePhoto(ctx, ph)
	if err != nil {
		return nil, err
	}
	if stored.Status != domain.PhotoPending {
		return &PhotoTicket{Photo: stored}, nil
	}
	if domain.Now().After(stored.ExpiresAt) { // a retry after the ticket lapsed: extend it
		if stored, err = a.Store.UpdatePhoto(ctx, stored.ID, func(ph *domain.Photo) error {
			ph.ExpiresAt = domain.Now().Add(UploadTicketTTL)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	method, u, headers, err := a.Photos.UploadURL(ctx, stored.UploadKey, stored.ContentType, stored.DeclaredSize, time.Until(stored.ExpiresAt))
	if err != nil {
		return nil, err
	}
	return &PhotoTicket{Photo: stored, Method: method, URL: u, Headers: headers, ExpiresAt: stored.ExpiresAt}, nil
}

var _ = mutation("completePhotoUpload", OutsideTransaction)

// CompletePhotoUpload checks the uploaded bytes and keeps a display size and thumbnail
// without metadata. A refused photo is REJECTED with the reason and its bytes removed;
// if the photo store cannot be reached the photo stays PENDING and the call can be
// repeated. The same bytes completed twice for one subject give one photo.
func (a *App) CompletePhotoUpload(ctx context.Context, p *policy.Principal, id string) (*domain.Photo, error) {
	ph, err := a.Photo(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if ph.CreatedBy != p.UserID {
		return nil, domain.Forbidden("only the uploader completes an upload")
	}
	switch ph.Status {
	case domain.PhotoReady:
		return ph, nil
	case domain.PhotoRejected:
		return nil, &domain.Error{Code: domain.CodeBadUserInput, Field: "id", Message: "this photo was refused: " + ph.Reason}
	}
	size, err := a.Photos.Stat(ctx, ph.UploadKey)
	if domain.CodeOf(err) == domain.CodeNotFound {
		if domain.Now().After(ph.ExpiresAt) {
			return nil, a.rejectPhoto(ctx, ph, "the upload link expired before the photo arrived; send it again")
		}
		return nil, domain.Invalid("id", "the photo has not arrived yet; upload it to the ticket's URL first")
	}
	if err != nil {
		return nil, err
	}
	if size > a.PhotoLimits.MaxBytes {
		return nil, a.rejectPhoto(ctx, ph, photos.ErrTooBig.Message)
	}
	r, err := a.Photos.Get(ctx, ph.UploadKey)
	if err != nil {
		return nil, err
	}
	data, err := photos.ReadLimited(r, a.PhotoLimits)
	r.Close()
	var de *domain.Error
	if errors.As(err, &de) {
		return nil, a.rejectPhoto(ctx, ph, de.Message)
	}
	if err != nil {
		return nil, &domain.Error{Code: domain.CodeUnavailable, Message: "the photo store is not reachable right now; try again shortly", Err: err}
	}
	// The same bytes as a photo the subject already has: that photo, without decoding.
	sum := sha256.Sum256(data)
	if holder, err := a.Store.PhotoHashHolder(ctx, ph.SubjectID, hex.EncodeToString(sum[:])); err == nil && holder != ph.ID {
		if existing, err := a.Store.Photo(ctx, holder); err == nil && existing.Status == domain.PhotoReady {
			if err := a.Photos.Delete(ctx, ph.UploadKey); err != nil {
				return nil, err
			}
			_ = a.Store.DeletePhotoRecord(ctx, ph.ID)
			return existing, nil
		}
	}
	// A very large image (a 7,000 × 7,000 PNG is 196 MB decoded) also waits for the one
	// slot for large images: two of them at once would be twice that.
	slots := []chan struct{}{a.decodes}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil && int64(cfg.Width)*int64(cfg.Height) > LargePhotoPixels {
		slots = []chan struct{}{a.largeDecodes, a.decodes}
	}
	for i, slot := range slots {
		select {
		case slot <- struct{}{}:
		case <-ctx.Done():
			for _, taken := range slots[:i] {
				<-taken
			}
			return nil, &domain.Error{Code: domain.CodeUnavailable, Message: "the server is busy with other photos; try again shortly", Err: ctx.Err()}
		}
	}
	a.decoded.Add(1)
	if n := a.inFlight.Add(1); n > a.peak.Load() {
		a.peak.Store(n)
	}
	res, err := photos.Process(data, a.PhotoLimits)
	a.inFlight.Add(-1)
	for _, slot := range slots {
		<-slot
	}
	if err != nil {
		if errors.As(err, &de) {
			return nil, a.rejectPhoto(ctx, ph, de.Message)
		}
		return nil, err
	}
	if ph.DeclaredSHA256 != "" && ph.DeclaredSHA256 != res.SHA256 {
		return nil, a.rejectPhoto(ctx, ph, "the photo that arrived differs from the one the phone sent (checksum mismatch); send it again")
	}
	holder, err := a.Store.ClaimPhotoHash(ctx, ph.SubjectID, res.SHA256, ph.ID)
	if err != nil {
		return nil, err
	}
	if holder != ph.ID {
		if existing, err := a.Store.Photo(ctx, holder); err == nil && existing.Status == domain.PhotoReady {
			// The same bytes again: one photo. This record and its upload go, the upload
			// first: a record without bytes is swept, bytes without a record would not be.
			if err := a.Photos.Delete(ctx, ph.UploadKey); err != nil {
				return nil, err
			}
			_ = a.Store.DeletePhotoRecord(ctx, ph.ID)
			return existing, nil
		}
	}
	flags, err := a.photoFlags(ctx, ph, res)
	if err != nil {
		return nil, err
	}
	displayKey, thumbKey := domain.PhotoKey(ph.ID, "display.jpg"), domain.PhotoKey(ph.ID, "thumb.jpg")
	if err := a.Photos.Put(ctx, displayKey, res.Display, "image/jpeg"); err != nil {
		return nil, err
	}
	if err := a.Photos.Put(ctx, thumbKey, res.Thumb, "image/jpeg"); err != nil {
		_ = a.Photos.Delete(ctx, displayKey)
		return nil, err
	}
	// The photo turns ready and joins its lesson's list together, or neither happens.
	var done *domain.Photo
	err = a.Store.Tx(ctx, func(ctx context.Context) error {
		var err error
		done, err = a.Store.UpdatePhoto(ctx, ph.ID, func(x *domain.Photo) error {
			x.Status, x.Width, x.Height, x.Bytes, x.SHA256 = domain.PhotoReady, res.Width, res.Height, res.Bytes, res.SHA256
			x.DisplayKey, x.ThumbKey, x.ContentType = displayKey, thumbKey, res.Type
			x.PHash, x.PHashBands = flags.PHash, flags.PHashBands
			x.Flags, x.CaptureGapDays, x.ReuseOf = flags.Flags, flags.CaptureGapDays, flags.ReuseOf
			return nil
		})
		if err != nil {
			return err
		}
		return a.attachPhoto(ctx, done, true)
	})
	if err != nil {
		_ = a.Photos.Delete(ctx, displayKey, thumbKey)
		return nil, err
	}
	// The original may carry a location; only the stripped sizes are kept. If the photo
	// store fails just now, the janitor removes it once the ticket has expired.
	_ = a.Photos.Delete(ctx, ph.UploadKey)
	return done, nil
}

// photoFlags finds what a bureau should look at in a photo being completed: a capture day
// far from its record's day, and the same picture already kept as evidence of another
// record in the same county (the same bytes, or a near-duplicate by perceptual hash).
// The result carries the hash and the flags to store; the photo is kept either way.
func (a *App) photoFlags(ctx context.Context, ph *domain.Photo, res *photos.Result) (*domain.Photo, error) {
	out := &domain.Photo{}
	if res.HasPHash {
		out.PHash, out.PHashBands = photos.FormatHash(res.PHash), photos.HashBands(res.PHash)
	}
	if ph.TakenAt != nil && ph.SubjectDate != "" && ph.SubjectKind.Evidence() {
		if gap := domain.CaptureGapDays(*ph.TakenAt, ph.SubjectDate); gap > domain.CaptureGapLimitDays || gap < -domain.CaptureGapLimitDays {
			out.Flags, out.CaptureGapDays = append(out.Flags, domain.FlagCaptureDateFar), gap
		}
	}
	county := countyOf(ph.RegionPath)
	if county == "" || !ph.SubjectKind.Evidence() {
		// A summary's, an inspection's or a mentorship's photo may well show a lesson
		// already photographed: that is not a reuse to look at.
		return out, nil
	}
	// Of the candidates (few: an index finds them) the closest wins: the same bytes
	// first, then the fewest differing bits.
	candidates, err := a.Store.SimilarPhotos(ctx, county, res.SHA256, out.PHashBands, 50)
	if err != nil {
		return nil, err
	}
	var best *domain.PhotoReuse
	for _, c := range candidates {
		if c.ID == ph.ID || c.SubjectID == ph.SubjectID || !c.SubjectKind.Evidence() {
			continue
		}
		r := &domain.PhotoReuse{PhotoID: c.ID, SubjectKind: c.SubjectKind, SubjectID: c.SubjectID, SubjectDate: c.SubjectDate}
		if c.SHA256 == res.SHA256 {
			r.Exact = true
		} else {
			h, ok := photos.ParseHash(c.PHash)
			if !ok || !res.HasPHash {
				continue
			}
			if r.Distance = photos.HashDistance(h, res.PHash); r.Distance > photos.NearDuplicateBits {
				continue
			}
		}
		if best == nil || (r.Exact && !best.Exact) || (r.Exact == best.Exact && r.Distance < best.Distance) {
			best = r
		}
	}
	if best != nil {
		out.Flags, out.ReuseOf = append(out.Flags, domain.FlagReused), best
	}
	return out, nil
}

// countyOf is the county-level code of a region path (its six-digit code), or the
// deepest code of a path above the counties.
func countyOf(path []string) string {
	deepest := ""
	for _, c := range path {
		if len(c) == 6 {
			return c
		}
		if len(c) < 6 && len(c) > len(deepest) {
			deepest = c
		}
	}
	return deepest
}

// attachPhoto adds (or removes) a photo on its subject's list.
func (a *App) attachPhoto(ctx context.Context, ph *domain.Photo, add bool) error {
	edit := func(ids []string) []string {
		out := make([]string, 0, len(ids)+1)
		for _, id := range ids {
			if id != ph.ID {
				out = append(out, id)
			}
		}
		if add {
			out = append(out, ph.ID)
		}
		return out
	}
	// The subject's photo list feeds no statistic (photos are counted by themselves).
	ctx = storage.Unmarked(ctx)
	var err error
	switch ph.SubjectKind {
	case domain.SubjectTeachingSession:
		_, err = a.Store.UpdateTeachingSession(ctx, ph.SubjectID, func(s *domain.TeachingSession) error { s.PhotoIDs = edit(s.PhotoIDs); return nil })
	case domain.SubjectTrainingEvent:
		_, err = a.Store.UpdateTrainingEvent(ctx, ph.SubjectID, func(e *domain.TrainingEvent) error { e.PhotoIDs = edit(e.PhotoIDs); return nil })
	case domain.SubjectDonation:
		_, err = a.Store.UpdateDonation(ctx, ph.SubjectID, func(d *domain.Donation) error { d.PhotoIDs = edit(d.PhotoIDs); return nil })
	case domain.SubjectSummary:
		var s *domain.SemesterSummary
		s, err = a.Store.UpdateSummary(ctx, ph.SubjectID, func(s *domain.SemesterSummary) error { s.PhotoIDs = edit(s.PhotoIDs); return nil })
		if err == nil && add && ph.Withheld && s.Status == domain.SummarySubmitted { // handed in while it uploaded
			err = a.summaryPhotosShown(ctx, s)
		}
	case domain.SubjectInspection:
		_, err = a.Store.UpdateInspection(ctx, ph.SubjectID, func(in *domain.Inspection) error {
			for i := range in.Items {
				if in.Items[i].ID == ph.SubjectPart {
					in.Items[i].PhotoIDs = edit(in.Items[i].PhotoIDs)
				}
			}
			return nil
		})
	case domain.SubjectMentorship:
		_, err = a.Store.UpdateMentorship(ctx, ph.SubjectID, func(m *domain.Mentorship) error {
			for i := range m.Activities {
				if m.Activities[i].ID == ph.SubjectPart {
					m.Activities[i].PhotoIDs = edit(m.Activities[i].PhotoIDs)
				}
			}
			return nil
		})
	}
	if domain.CodeOf(err) == domain.CodeNotFound { // the subject was deleted meanwhile
		return nil
	}
	return err
}

// rejectPhoto marks a photo REJECTED, removes its bytes, and returns the error to show.
func (a *App) rejectPhoto(ctx context.Context, ph *domain.Photo, reason string) error {
	if err := a.Photos.Delete(ctx, ph.UploadKey); err != nil {
		return err // stays PENDING: a retry removes the bytes and rejects it then
	}
	if _, err := a.Store.UpdatePhoto(ctx, ph.ID, func(x *domain.Photo) error {
		x.Status, x.Reason = domain.PhotoRejected, reason
		return nil
	}); err != nil {
		return err
	}
	return &domain.Error{Code: domain.CodeBadUserInput, Field: "id", Message: "the photo was refused: " + reason}
}
