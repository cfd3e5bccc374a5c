package domain

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// PhotoStatus is where an uploaded photo stands.
type PhotoStatus string

const (
	PhotoPending  PhotoStatus = "PENDING"  // ticket issued, upload not yet completed
	PhotoReady    PhotoStatus = "READY"    // checked, stripped and shrunk
	PhotoRejected PhotoStatus = "REJECTED" // refused; Reason says why
)

// SubjectKind is what a photo is evidence of.
type SubjectKind string

const (
	SubjectTeachingSession SubjectKind = "TEACHING_SESSION"
	SubjectTrainingEvent   SubjectKind = "TRAINING_EVENT"
	// The follow-up records: a semester summary; an inspection, the photo showing what
	// a side did about one of its items (SubjectPart, the item's id); a mentorship, the
	// photo of one of its activities (SubjectPart, the activity's id).
	SubjectSummary    SubjectKind = "SEMESTER_SUMMARY"
	SubjectInspection SubjectKind = "INSPECTION"
	SubjectMentorship SubjectKind = "MENTORSHIP"
	// SubjectDonation: a donation's photo (what was handed over).
	SubjectDonation SubjectKind = "DONATION"
)

// Evidence reports whether photos of this kind are evidence of a dated activity (a
// session's, an event's): those are checked for capture dates and reuse.
func (k SubjectKind) Evidence() bool {
	return k == SubjectTeachingSession || k == SubjectTrainingEvent
}

// Photo is one visit or lesson photo. Only a display size and a thumbnail are kept,
// re-encoded without metadata; the uploaded original is removed once checked.
type Photo struct {
	ID          string      `bson:"_id"`
	SubjectKind SubjectKind `bson:"subjectKind"`
	SubjectID   string      `bson:"subjectId"`
	// SubjectPart is the inspection's item or the mentorship's activity the photo is of.
	SubjectPart string `bson:"subjectPart,omitempty"`
	PairingID   string `bson:"pairingId,omitempty"`
	Semester    string `bson:"semester"`
	Month       string `bson:"month"`
	// SubjectDate is the day of the session or event the photo is evidence of.
	SubjectDate    Date        `bson:"subjectDate,omitempty"`
	ContentType    string      `bson:"contentType"`
	DeclaredSize   int64       `bson:"declaredSize"`
	DeclaredSHA256 string      `bson:"declaredSha256,omitempty"`
	Caption        string      `bson:"caption,omitempty"`
	TakenAt        *time.Time  `bson:"takenAt,omitempty"`
	Status         PhotoStatus `bson:"status"`
	Reason         string      `bson:"reason,omitempty"`
	Width          int         `bson:"width"`
	Height         int         `bson:"height"`
	Bytes          int64       `bson:"bytes"`
	SHA256         string      `bson:"sha256,omitempty"`
	UploadKey      string      `bson:"uploadKey"`
	DisplayKey     string      `bson:"displayKey,omitempty"`
	ThumbKey       string      `bson:"thumbKey,omitempty"`
	ExpiresAt      time.Time   `bson:"expiresAt"`
	// PHash is the kept picture's perceptual hash (16 hex digits) and PHashBands its
	// parts, by which a near-duplicate is looked up; empty for a picture too even to
	// be told apart by it.
	PHash      string   `bson:"phash,omitempty"`
	PHashBands []string `bson:"phashBands,omitempty"`
	// Flags are what a bureau should look at in this photo, found when it was checked.
	Flags []PhotoFlagKind `bson:"flags,omitempty"`
	// CaptureGapDays is how many days the photo was taken before its lesson or event
	// (negative: after), by TakenAt; set when it is flagged CAPTURE_DATE_FAR.
	CaptureGapDays int `bson:"captureGapDays,omitempty"`
	// ReuseOf is the earlier photo of another record this one repeats (flag REUSED).
	ReuseOf *PhotoReuse `bson:"reuseOf,omitempty"`
	// SendingKindergartenID is the kindergarten whose admin may delete the photo.
	SendingKindergartenID string `bson:"sendingKindergartenId,omitempty"`
	// Withheld: the photo's record is not yet shown beyond its own kindergarten (a draft
	// summary's). It is then in no region's lists (its RegionPath is empty) and counted
	// in no statistic, until the record is handed in.
	Withheld bool `bson:"withheld,omitempty"`
	Scoped   `bson:",inline"`
	Meta     `bson:",inline"`
}

// PhotoFlagKind is a reason a photo may not be the evidence it claims to be. Neither is
// proof: a bureau looks, and the phone's clock or a shared class photo may explain it.
type PhotoFlagKind string

const (
	// FlagCaptureDateFar: the photo was taken more than CaptureGapLimitDays from its
	// lesson's or event's day (by the capture time the phone read from the file).
	FlagCaptureDateFar PhotoFlagKind = "CAPTURE_DATE_FAR"
	// FlagReused: the same picture (the same bytes, or a near-duplicate by perceptual
	// hash) is already evidence of another record in the same county.
	FlagReused PhotoFlagKind = "REUSED"
)

// CaptureGapLimitDays is how far a photo's capture day may be from its lesson's day
// before it is flagged.
const CaptureGapLimitDays = 7

// CaptureGapDays is the number of days from the day a photo was taken (China time) to
// the day of its record: positive when it was taken before.
func CaptureGapDays(takenAt time.Time, day Date) int {
	taken := DateOf(takenAt).Time()
	return int(math.Round(day.Time().Sub(taken).Hours() / 24))
}

// PhotoReuse names the earlier photo a photo repeats.
type PhotoReuse struct {
	PhotoID     string      `bson:"photoId"`
	SubjectKind SubjectKind `bson:"subjectKind"`
	SubjectID   string      `bson:"subjectId"`
	SubjectDate Date        `bson:"subjectDate,omitempty"`
	// Exact: the same bytes; otherwise Distance is how many bits of 64 the perceptual
	// hashes differ by.
	Exact    bool `bson:"exact"`
	Distance int  `bson:"distance"`
}

// PhotoUploadInput asks for an upload ticket.
type PhotoUploadInput struct {
	ID        string
	SubjectID string
	// PartID names the inspection's item or the mentorship's activity (required for those).
	PartID      *string
	ContentType string
	Size        int
	Sha256      *string
	TakenAt     *time.Time
	Caption     *string
}

// Validate checks the ticket request; the real type and size are checked again on
// completion, from the bytes.
func (in *PhotoUploadInput) Validate(maxBytes int64) error {
	var c check
	c.id("input.id", in.ID)
	if !ValidSummaryID(in.SubjectID) { // a summary's id is made of its pairing's, semester and kindergarten's
		c.id("input.subjectId", in.SubjectID)
	}
	if in.PartID != nil {
		c.id("input.partId", *in.PartID)
	}
	switch ct := strings.ToLower(strings.TrimSpace(in.ContentType)); ct {
	case "image/jpeg", "image/png", "image/webp":
		in.ContentType = ct
	case "image/heic", "image/heif":
		c.fail("input.contentType", "HEIC/HEIF photos are not supported: choose JPEG ('Most compatible') in the camera settings, or share the photo as JPEG")
	default:
		c.fail("input.contentType", "must be image/jpeg, image/png or image/webp")
	}
	if in.Size <= 0 || int64(in.Size) > maxBytes {
		c.fail("input.size", "must be between 1 byte and %d MB", maxBytes>>20)
	}
	if in.Sha256 != nil && !sha256Pattern.MatchString(*in.Sha256) {
		c.fail("input.sha256", "must be 64 hexadecimal digits")
	}
	c.optText("input.caption", &in.Caption, MaxShort)
	if in.TakenAt != nil && in.TakenAt.After(Now().Add(24*time.Hour)) {
		c.fail("input.takenAt", "is in the future")
	}
	return c.result()
}

// PhotoKey names the objects of a photo in the store.
func PhotoKey(id, variant string) string { return fmt.Sprintf("photos/%s/%s", id, variant) }
