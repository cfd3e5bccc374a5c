package stats

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/storage"
)

// The documents as the index reads them: only the fields facts need, so that decoding a
// million stored records stays quick.
type (
	sessionDoc struct {
		ID                       string                    `bson:"_id"`
		PairingID                string                    `bson:"pairingId"`
		SupportingKindergartenID string                    `bson:"supportingKindergartenId"`
		PartnerKindergartenID    string                    `bson:"partnerKindergartenId"`
		Direction                domain.Direction          `bson:"direction"`
		Date                     domain.Date               `bson:"date"`
		Hours                    float64                   `bson:"hours"`
		Type                     domain.SessionType        `bson:"type"`
		Domains                  []domain.Domain           `bson:"domains"`
		TeacherIDs               []string                  `bson:"teacherIds"`
		Attendees                int                       `bson:"attendees"`
		Status                   domain.ConfirmationStatus `bson:"status"`
		Rating                   *int                      `bson:"rating"`
		DeletedAt                *time.Time                `bson:"deletedAt"`
	}
	eventDoc struct {
		ID                      string              `bson:"_id"`
		Type                    domain.TrainingType `bson:"type"`
		OrganizerKindergartenID string              `bson:"organizerKindergartenId"`
		OrganizerRegionCode     string              `bson:"organizerRegionCode"`
		Date                    domain.Date         `bson:"date"`
		Attendance              []domain.Attendance `bson:"attendance"`
		PairingIDs              []string            `bson:"pairingIds"`
		DeletedAt               *time.Time          `bson:"deletedAt"`
	}
	teacherDoc struct {
		ID   string `bson:"_id"`
		Name string `bson:"name"`
	}
	photoDoc struct {
		ID              string             `bson:"_id"`
		SubjectKind     domain.SubjectKind `bson:"subjectKind"`
		SubjectID       string             `bson:"subjectId"`
		PairingID       string             `bson:"pairingId"`
		Month           string             `bson:"month"`
		SubjectDate     domain.Date        `bson:"subjectDate"`
		Status          domain.PhotoStatus `bson:"status"`
		KindergartenIDs []string           `bson:"kindergartenIds"`
		DeletedAt       *time.Time         `bson:"deletedAt"`
		Withheld        bool               `bson:"withheld"`
	}
)

// loadOrder is the order collections are read in: dimensions before the facts that
// refer to them.
var loadOrder = []string{storage.CollRegions, storage.CollKindergartens, storage.CollTeachers, storage.CollPairings,
	storage.CollTrainingEvents, storage.CollSessions, storage.CollPhotos, storage.CollLessonGrades, storage.CollDonations}

// ApplyRaw decodes one stored document of coll and applies it. The start-up loader and
// the poller use it; so may a benchmark that generates documents.
func (ix *Index) ApplyRaw(coll string, raw bson.Raw) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.applyRaw(coll, raw)
}

func (ix *Index) applyRaw(coll string, raw bson.Raw) error {
	var err error
	switch coll {
	case storage.CollRegions:
		var r domain.Region
		if err = bson.Unmarshal(raw, &r); err == nil {
			ix.putRegion(&r)
		}
	case storage.CollKindergartens:
		var k domain.Kindergarten
		if err = bson.Unmarshal(raw, &k); err == nil {
			ix.putKindergarten(&k)
		}
	case storage.CollTeachers:
		var t teacherDoc
		if err = bson.Unmarshal(raw, &t); err == nil {
			ix.teacherNames[t.ID] = t.Name
		}
	case storage.CollPairings:
		var p domain.Pairing
		if err = bson.Unmarshal(raw, &p); err == nil {
			ix.putPairing(&p)
		}
	case storage.CollTrainingEvents:
		var e eventDoc
		if err = bson.Unmarshal(raw, &e); err == nil {
			ix.putEvent(&e)
		}
	case storage.CollSessions:
		var s sessionDoc
		if err = bson.Unmarshal(raw, &s); err == nil {
			ix.putSession(&s)
		}
	case storage.CollPhotos:
		var p photoDoc
		if err = bson.Unmarshal(raw, &p); err == nil {
			ix.putPhoto(&p)
		}
	case storage.CollLessonGrades:
		var g gradeDoc
		if err = bson.Unmarshal(raw, &g); err == nil {
			ix.putGrades(&g)
		}
	case storage.CollDonations:
		var d donationDoc
		if err = bson.Unmarshal(raw, &d); err == nil {
			ix.putDonation(&d)
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", coll, err)
	}
	return nil
}

// Apply takes a record this instance has just written (as storage passes it to its
// write observers).
func (ix *Index) Apply(doc any) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	switch d := doc.(type) {
	case *domain.Region:
		ix.putRegion(d)
	case *domain.Kindergarten:
		ix.putKindergarten(d)
	case *domain.Pairing:
		ix.putPairing(d)
	case *domain.Teacher:
		ix.teacherNames[d.ID] = d.Name
	case *domain.TrainingEvent:
		ix.putEvent(&eventDoc{ID: d.ID, Type: d.Type, OrganizerKindergartenID: d.OrganizerKindergartenID,
			OrganizerRegionCode: d.OrganizerRegionCode, Date: d.Date, Attendance: d.Attendance, PairingIDs: d.PairingIDs, DeletedAt: d.DeletedAt})
	case *domain.TeachingSession:
		ix.putSession(&sessionDoc{ID: d.ID, PairingID: d.PairingID, SupportingKindergartenID: d.SupportingKindergartenID,
			PartnerKindergartenID: d.PartnerKindergartenID, Direction: d.Direction, Date: d.Date, Hours: d.Hours,
			Type: d.Type, Domains: d.Domains, TeacherIDs: d.TeacherIDs, Attendees: d.Attendees, Status: d.Status,
			Rating: d.Rating, DeletedAt: d.DeletedAt})
	case *domain.LessonGrade:
		ix.putGrades(&gradeDoc{ID: d.ID, Semester: d.Semester, PairingID: d.PairingID, SupportingKindergartenID: d.SupportingKindergartenID,
			PartnerKindergartenID: d.PartnerKindergartenID, TeacherID: d.TeacherID, Date: d.Date, Domain: d.Domain, Grade: d.Grade, DeletedAt: d.DeletedAt})
	case *domain.Donation:
		ix.putDonation(&donationDoc{ID: d.ID, PairingID: d.PairingID, PartnerKindergartenID: d.PartnerKindergartenID,
			Date: d.Date, Value: d.Value, DeletedAt: d.DeletedAt})
	case *domain.Photo:
		ix.putPhoto(&photoDoc{ID: d.ID, SubjectKind: d.SubjectKind, SubjectID: d.SubjectID, PairingID: d.PairingID,
			Month: d.Month, SubjectDate: d.SubjectDate, Status: d.Status, KindergartenIDs: d.KindergartenIDs, DeletedAt: d.DeletedAt,
			Withheld: d.Withheld})
	}
}

// Live is an index kept current with a store: loaded at start, told of this instance's
// writes, and polling the change marker for everyone else's.
type Live struct {
	*Index
	store *storage.Store
	log   *slog.Logger

	mu       sync.Mutex
	seen     int64          // marker value up to which every change is applied
	own      map[int64]bool // marker values raised by this instance's writes, not yet passed
	lastScan time.Time      // store time of the last catch-up scan (this machine's clock)
	// During a scan, the versions this instance wrote meanwhile: an older copy the scan
	// read before the write must not overwrite it.
	scanning int
	recent   map[string]int
}

// LoadReport says what loading took.
type LoadReport struct {
	Size     Size
	Took     time.Duration
	HeapUsed uint64 // bytes of heap the index added, after a collection
}

func (r LoadReport) String() string {
	return fmt.Sprintf("%d sessions, %d attendances, %d photos in %s, %.1f MB",
		r.Size.Sessions, r.Size.Attendances, r.Size.Photos, r.Took.Round(time.Millisecond), float64(r.HeapUsed)/(1<<20))
}

// Open loads every fact from the store and starts following it. Writes made through
// store by this process are applied as they happen.
func Open(ctx context.Context, store *storage.Store, log *slog.Logger) (*Live, LoadReport, error) {
	if log == nil {
		log = slog.Default()
	}
	l := &Live{Index: New(), store: store, log: log, own: map[int64]bool{}, recent: map[string]int{}}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	// Observe first, so nothing written during the load is missed; applying a record
	// twice is harmless.
	store.OnWrite(l.observe)
	marker, err := store.ChangeMarker(ctx)
	if err != nil {
		return nil, LoadReport{}, err
	}
	if err := l.scan(ctx, time.Time{}); err != nil {
		return nil, LoadReport{}, err
	}
	l.mu.Lock()
	l.seen, l.lastScan = marker, start
	l.mu.Unlock()
	l.Prepare()
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	rep := LoadReport{Size: l.Size(), Took: time.Since(start)}
	if after.HeapAlloc > before.HeapAlloc {
		rep.HeapUsed = after.HeapAlloc - before.HeapAlloc
	}
	return l, rep, nil
}

func (l *Live) scan(ctx context.Context, since time.Time) error {
	l.mu.Lock()
	l.scanning++
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		if l.scanning--; l.scanning == 0 {
			clear(l.recent)
		}
		l.mu.Unlock()
	}()
	for _, coll := range loadOrder {
		s := since
		if coll == storage.CollRegions {
			s = time.Time{} // regions carry no update time; there are few
		}
		// A batch per part read at once; each is applied under the index's lock.
		batches := make([][]bson.Raw, scanParts)
		flush := func(part int) error {
			l.Index.mu.Lock()
			defer l.Index.mu.Unlock()
			for _, raw := range batches[part] {
				if l.superseded(coll, raw) {
					continue
				}
				if err := l.applyRaw(coll, raw); err != nil {
					return err
				}
			}
			batches[part] = batches[part][:0]
			return nil
		}
		add := func(part int, raw bson.Raw) error {
			batches[part] = append(batches[part], slices.Clone(raw))
			if len(batches[part]) == 1000 {
				return flush(part)
			}
			return nil
		}
		var err error
		if s.IsZero() && factColls[coll] {
			// The start's load of the large collections: their facts do not depend on
			// one another, so the parts may arrive in any order.
			err = l.store.ScanParts(ctx, coll, scanParts, add)
		} else {
			err = l.store.Scan(ctx, coll, s, func(raw bson.Raw) error { return add(0, raw) })
		}
		if err != nil {
			return err
		}
		for part := range batches {
			if err := flush(part); err != nil {
				return err
			}
		}
	}
	return nil
}

// scanParts is how many parts the start reads the large collections in at once.
const scanParts = 4

// factColls are the collections whose records are facts independent of one another.
var factColls = map[string]bool{storage.CollSessions: true, storage.CollPhotos: true, storage.CollLessonGrades: true,
	storage.CollTrainingEvents: true, storage.CollDonations: true}

func (l *Live) observe(coll string, doc any, marker int64) {
	l.mu.Lock()
	if l.scanning > 0 {
		if m, ok := doc.(interface{ M() *domain.Meta }); ok {
			l.recent[coll+"/"+recordID(doc)] = m.M().Version
		}
	}
	if marker > l.seen {
		l.own[marker] = true
	}
	l.mu.Unlock()
	l.Apply(doc)
}

// superseded reports whether this instance wrote a newer version of raw's record while
// the scan that read raw was running.
func (l *Live) superseded(coll string, raw bson.Raw) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.recent) == 0 {
		return false
	}
	id, _ := raw.Lookup("_id").StringValueOK()
	v, ok := l.recent[coll+"/"+id]
	if !ok {
		return false
	}
	stored, _ := raw.Lookup("version").AsInt64OK()
	return int64(v) > stored
}

func recordID(doc any) string {
	switch d := doc.(type) {
	case *domain.Kindergarten:
		return d.ID
	case *domain.Pairing:
		return d.ID
	case *domain.TrainingEvent:
		return d.ID
	case *domain.TeachingSession:
		return d.ID
	case *domain.Photo:
		return d.ID
	case *domain.LessonGrade:
		return d.ID
	case *domain.Donation:
		return d.ID
	case *domain.Teacher:
		return d.ID
	}
	return ""
}

// overlap is how far back a catch-up scan looks before the previous one, so that a write
// whose time another instance's clock set a little behind ours is not missed.
const overlap = time.Minute

// Poll applies other instances' writes if the change marker moved past what this instance
// wrote itself. It reports whether it had to read changed records.
func (l *Live) Poll(ctx context.Context) (bool, error) {
	marker, err := l.store.ChangeMarker(ctx)
	if err != nil {
		return false, err
	}
	l.mu.Lock()
	foreign := false
	for m := l.seen + 1; m <= marker; m++ {
		if !l.own[m] {
			foreign = true
			break
		}
	}
	since := l.lastScan.Add(-overlap)
	if !foreign {
		for m := l.seen + 1; m <= marker; m++ {
			delete(l.own, m)
		}
		if marker > l.seen {
			l.seen = marker
		}
		l.mu.Unlock()
		return false, nil
	}
	l.mu.Unlock()
	start := time.Now()
	if err := l.scan(ctx, since); err != nil {
		return true, err
	}
	l.mu.Lock()
	for m := l.seen + 1; m <= marker; m++ {
		delete(l.own, m)
	}
	l.seen, l.lastScan = marker, start
	l.mu.Unlock()
	return true, nil
}

// Follow polls every interval until ctx ends.
func (l *Live) Follow(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := l.Poll(ctx); err != nil && ctx.Err() == nil {
				l.log.Warn("statistics index: catching up with the store failed; will retry", "err", err)
			}
		}
	}
}
