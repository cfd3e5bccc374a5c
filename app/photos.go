package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"slices"
	"time"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/photos"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

// Photo settings.
const (
	UploadTicketTTL = 15 * time.Minute
	ViewURLTTL      = 10 * time.Minute
	// PhotoPath is where the server serves kept photos to holders of a signed URL.
	PhotoPath = "/photos/"
)

// PhotoTicket lets a phone upload one photo straight to the photo store.
type PhotoTicket struct {
	Photo     *domain.Photo
	Method    string
	URL       string
	Headers   map[string]string
	ExpiresAt time.Time
}

// AuditedRecord: a ticket's entry is about its photo.
func (t *PhotoTicket) AuditedRecord() domain.AuditRecord { return t.Photo.AuditedRecord() }

// photoSubject is what a photo is evidence of, as far as photos need to know.
type photoSubject struct {
	kind     domain.SubjectKind
	pairing  string
	date     domain.Date
	semester string // the summary's; else the date's
	sending  string
	scoped   domain.Scoped
	// withheld: the subject is not yet shown beyond its own kindergarten.
	withheld bool
	canAddTo func() error
}

// subject finds the session or event id names, if the caller may see it.
func (a *App) subject(ctx context.Context, p *policy.Principal, id string, part *string) (*photoSubject, error) {
	s, err := a.TeachingSession(ctx, p, id)
	if err == nil {
		return &photoSubject{kind: domain.SubjectTeachingSession, pairing: s.PairingID, date: s.Date,
			sending: s.LoggedBy(), scoped: s.Scoped, canAddTo: func() error { return policy.CanAddSessionPhotos(p, s) }}, nil
	}
	if domain.CodeOf(err) != domain.CodeNotFound {
		return nil, err
	}
	e, err := a.TrainingEvent(ctx, p, id)
	if err == nil {
		return &photoSubject{kind: domain.SubjectTrainingEvent, date: e.Date, sending: e.OrganizerKindergartenID, scoped: e.Scoped,
			canAddTo: func() error {
				if !policy.CanManageTrainingEvent(p, e) {
					return domain.Forbidden("only the organiser can add photos to this event")
				}
				return nil
			}}, nil
	}
	if domain.CodeOf(err) != domain.CodeNotFound {
		return nil, err
	}
	if subj, err := a.followUpSubject(ctx, p, id, part); subj != nil || domain.CodeOf(err) != domain.CodeNotFound {
		return subj, err
	}
	return nil, refError("input.subjectId", "teaching session, training event, semester summary, inspection, mentorship or donation", id)
}

// followUpSubject finds the summary, inspection, donation or mentorship id names, if the caller
// may see it; NOT_FOUND if none. An inspection's photo is of one of its items (part), a
// mentorship's of one of its activities.
func (a *App) followUpSubject(ctx context.Context, p *policy.Principal, id string, part *string) (*photoSubject, error) {
	needPart := func(what string, ok func(string) bool) error {
		if part == nil && what == "item" {
			return domain.Invalid("input.partId", "name the item the photo is of")
		}
		if part == nil {
			return domain.Invalid("input.partId", "name the activity the photo is of")
		}
		if !ok(*part) {
			return refError("input.partId", what, *part)
		}
		return nil
	}
	today := domain.DateOf(domain.Now())
	if s, err := a.Store.Summary(ctx, id); err == nil && policy.SeesSummary(p, s) {
		// Only its own kindergarten sees the photos of a draft, as it sees the draft; the
		// bureau too once it is handed in (see summaryPhotosShown). They are not shown to
		// the other side.
		scoped, withheld := summaryPhotoScope(s)
		return &photoSubject{kind: domain.SubjectSummary, pairing: s.PairingID, date: today, semester: s.Semester, sending: s.KindergartenID, scoped: scoped, withheld: withheld,
			canAddTo: func() error {
				if p.Role != domain.RoleKindergartenAdmin || p.KindergartenID != s.KindergartenID {
					return domain.Forbidden("the kindergarten's admin adds photos to its summary")
				}
				if s.Status == domain.SummarySubmitted {
					return domain.Errorf(domain.CodeConflict, "this summary was submitted and no longer changes")
				}
				return nil
			}}, nil
	} else if err != nil && domain.CodeOf(err) != domain.CodeNotFound {
		return nil, err
	}
	if in, err := a.Inspection(ctx, p, id); err == nil {
		return &photoSubject{kind: domain.SubjectInspection, pairing: in.PairingID, date: in.Date, sending: p.KindergartenID, scoped: in.Scoped,
			canAddTo: func() error {
				if err := policy.CanAnswerInspection(p, in); err != nil {
					return err
				}
				return needPart("item", func(x string) bool {
					return slices.ContainsFunc(in.Items, func(it domain.RectifyItem) bool { return it.ID == x })
				})
			}}, nil
	} else if domain.CodeOf(err) != domain.CodeNotFound {
		return nil, err
	}
	if d, err := a.Donation(ctx, p, id); err == nil {
		return &photoSubject{kind: domain.SubjectDonation, pairing: d.PairingID, date: d.Date, sending: p.KindergartenID, scoped: d.Scoped,
			canAddTo: func() error {
				_, err := a.managedPairing(ctx, p, d.PairingID)
				return err
			}}, nil
	} else if domain.CodeOf(err) != domain.CodeNotFound {
		return nil, err
	}
	m, err := a.Mentorship(ctx, p, id)
	if err != nil {
		return nil, err
	}
	date := today
	if part != nil {
		for _, x := range m.Activities {
			if x.ID == *part {
				date = x.Date
			}
		}
	}
	return &photoSubject{kind: domain.SubjectMentorship, pairing: m.PairingID, date: date, sending: p.KindergartenID, scoped: m.Scoped,
		canAddTo: func() error {
			if !policy.CanLogMentorship(p, m) {
				return domain.Forbidden("the mentor, an apprentice or their kindergartens' admins add photos to a mentorship's activities")
			}
			return needPart("activity", func(x string) bool {
				return slices.ContainsFunc(m.Activities, func(a domain.MentorshipActivity) bool { return a.ID == x })
			})
		}}, nil
}

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

// SignerKey returns the key that signs photo URLs, shared by all instances on a store.
func SignerKey(ctx context.Context, store *storage.Store) ([]byte, error) {
	def := make([]byte, 32)
	if _, err := rand.Read(def); err != nil {
		return nil, err
	}
	return store.Setting(ctx, "photoUrlKey", def)
}
