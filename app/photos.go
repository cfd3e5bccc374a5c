package app

import (
	"context"
	"slices"
	"time"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
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
