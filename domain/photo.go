package domain

import (
	"fmt"
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
)

// Photo is one visit or lesson photo. Only a display size and a thumbnail are kept,
// re-encoded without metadata; the uploaded original is removed once checked.
type Photo struct {
	ID          string      `bson:"_id"`
	SubjectKind SubjectKind `bson:"subjectKind"`
	SubjectID   string      `bson:"subjectId"`
	PairingID   string      `bson:"pairingId,omitempty"`
	Semester    string      `bson:"semester"`
	Month       string      `bson:"month"`
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
	// SendingKindergartenID is the kindergarten whose admin may delete the photo.
	SendingKindergartenID string `bson:"sendingKindergartenId,omitempty"`
	Scoped                `bson:",inline"`
	Meta                  `bson:",inline"`
}

// PhotoUploadInput asks for an upload ticket.
type PhotoUploadInput struct {
	ID          string
	SubjectID   string
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
	c.id("input.subjectId", in.SubjectID)
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
