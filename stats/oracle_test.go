package stats_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/stats"
	"github.com/handinhand/handinhand/storage"
)

// world is every document in the store, read back plainly: the oracle recomputes each
// answer from it with none of the index's machinery.
type world struct {
	regions  map[string]*domain.Region
	kgs      map[string]*domain.Kindergarten
	pairings map[string]*domain.Pairing
	events   map[string]*domain.TrainingEvent
	sessions []*domain.TeachingSession
	photos   []*domain.Photo
}

func readWorld(ctx context.Context, s *storage.Store) (*world, error) {
	w := &world{regions: map[string]*domain.Region{}, kgs: map[string]*domain.Kindergarten{},
		pairings: map[string]*domain.Pairing{}, events: map[string]*domain.TrainingEvent{}}
	read := func(coll string, fn func(bson.Raw) error) error {
		return s.Scan(ctx, coll, zeroTime, fn)
	}
	err := firstErr(
		read(storage.CollRegions, func(r bson.Raw) error {
			var x domain.Region
			if err := bson.Unmarshal(r, &x); err != nil {
				return err
			}
			w.regions[x.Code] = &x
			return nil
		}),
		read(storage.CollKindergartens, func(r bson.Raw) error {
			var x domain.Kindergarten
			if err := bson.Unmarshal(r, &x); err != nil {
				return err
			}
			w.kgs[x.ID] = &x
			return nil
		}),
		read(storage.CollPairings, func(r bson.Raw) error {
			var x domain.Pairing
			if err := bson.Unmarshal(r, &x); err != nil {
				return err
			}
			w.pairings[x.ID] = &x
			return nil
		}),
		read(storage.CollTrainingEvents, func(r bson.Raw) error {
			var x domain.TrainingEvent
			if err := bson.Unmarshal(r, &x); err != nil {
				return err
			}
			w.events[x.ID] = &x
			return nil
		}),
		read(storage.CollSessions, func(r bson.Raw) error {
			var x domain.TeachingSession
			if err := bson.Unmarshal(r, &x); err != nil {
				return err
			}
			w.sessions = append(w.sessions, &x)
			return nil
		}),
		read(storage.CollPhotos, func(r bson.Raw) error {
			var x domain.Photo
			if err := bson.Unmarshal(r, &x); err != nil {
				return err
			}
			w.photos = append(w.photos, &x)
			return nil
		}),
	)
	return w, err
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// place is one kindergarten of a fact (kg may be empty: a bureau organising an event).
type place struct{ kg, region string }

type oFact struct {
	places    []place
	pairing   string
	date      domain.Date
	typ       string
	domains   []domain.Domain
	direction domain.Direction
	confirmed bool
	hours     float64
	attendees int
	rating    int
	teachers  []string
}

func (w *world) facts(subject stats.Subject) []oFact {
	var out []oFact
	kgPlace := func(id string) place { return place{kg: id, region: w.kgs[id].RegionCode} }
	switch subject {
	case stats.SubjectSessions:
		for _, s := range w.sessions {
			if s.DeletedAt != nil {
				continue
			}
			f := oFact{places: []place{kgPlace(s.SupportingKindergartenID), kgPlace(s.PartnerKindergartenID)},
				pairing: s.PairingID, date: s.Date, typ: string(s.Type), domains: s.Domains, direction: s.Direction,
				confirmed: s.Status == domain.ConfirmationConfirmed, hours: s.Hours, attendees: s.Attendees}
			if s.Rating != nil {
				f.rating = *s.Rating
			}
			for _, t := range s.TeacherIDs {
				if !slices.Contains(f.teachers, t) {
					f.teachers = append(f.teachers, t)
				}
			}
			out = append(out, f)
		}
	case stats.SubjectAttendance:
		for _, e := range w.events {
			if e.DeletedAt != nil {
				continue
			}
			seen := map[string]bool{}
			for _, a := range e.Attendance {
				if seen[a.TeacherID] {
					continue
				}
				seen[a.TeacherID] = true
				out = append(out, oFact{places: []place{kgPlace(a.KindergartenID)}, date: e.Date, typ: string(e.Type),
					hours: a.Hours, teachers: []string{a.TeacherID}})
			}
		}
	case stats.SubjectPhotos:
		for _, p := range w.photos {
			if p.DeletedAt != nil || p.Status != domain.PhotoReady || p.Withheld {
				continue
			}
			f := oFact{pairing: p.PairingID, date: p.SubjectDate}
			if p.SubjectKind == domain.SubjectTrainingEvent {
				e := w.events[p.SubjectID]
				if e.OrganizerKindergartenID != "" {
					f.places = []place{kgPlace(e.OrganizerKindergartenID)}
				} else {
					f.places = []place{{region: e.OrganizerRegionCode}}
				}
			} else {
				f.places = []place{kgPlace(p.KindergartenIDs[0]), kgPlace(p.KindergartenIDs[1])}
			}
			out = append(out, f)
		}
	}
	return out
}

// answer is what the oracle expects: an error code, or rows keyed by their key values.
type answer struct {
	code        string
	rows        map[string][]*float64
	total       []*float64
	overlapping bool
	facts       int
}

type acc struct {
	count, hours, attendees, ratingSum, ratingN float64
	teachers, kgs, pairings                     map[string]bool
}

func newAcc() *acc {
	return &acc{teachers: map[string]bool{}, kgs: map[string]bool{}, pairings: map[string]bool{}}
}

func (a *acc) add(f *oFact) {
	a.count++
	a.hours += f.hours
	a.attendees += float64(f.attendees)
	if f.rating != 0 {
		a.ratingSum += float64(f.rating)
		a.ratingN++
	}
	for _, t := range f.teachers {
		a.teachers[t] = true
	}
	for _, p := range f.places {
		if p.kg != "" {
			a.kgs[p.kg] = true
		}
	}
	if f.pairing != "" {
		a.pairings[f.pairing] = true
	}
}

func (a *acc) values(ms []stats.Measure) []*float64 {
	out := make([]*float64, len(ms))
	for i, m := range ms {
		var v float64
		switch m {
		case stats.Count:
			v = a.count
		case stats.Hours:
			v = a.hours
		case stats.Attendees:
			v = a.attendees
		case stats.AvgRating:
			if a.ratingN == 0 {
				continue
			}
			v = a.ratingSum / a.ratingN
		case stats.DistinctTeachers:
			v = float64(len(a.teachers))
		case stats.DistinctKindergartens:
			v = float64(len(a.kgs))
		case stats.DistinctPairings:
			v = float64(len(a.pairings))
		}
		out[i] = &v
	}
	return out
}

// expect recomputes a query's answer for a caller with scope sc.
func (w *world) expect(sc domain.Scope, q stats.Query) answer {
	f := q.Filter
	forbidden := answer{code: "FORBIDDEN"}
	region := sc.RegionCode
	if f.RegionCode != nil {
		if region != "" && !strings.HasPrefix(*f.RegionCode, region) {
			return forbidden
		}
		region = *f.RegionCode
	}
	seesKG := func(id string) bool {
		k := w.kgs[id]
		switch {
		case k == nil:
			return false
		case sc.All:
			return true
		case sc.RegionCode != "":
			return strings.HasPrefix(k.RegionCode, sc.RegionCode)
		}
		return id == sc.KindergartenID || slices.Contains(sc.PairedKindergartenIDs, id)
	}
	for _, id := range f.PairingIDs {
		p := w.pairings[id]
		if p == nil || p.DeletedAt != nil {
			return forbidden
		}
		ok := sc.All || (sc.RegionCode != "" && slices.Contains(p.RegionPath, sc.RegionCode)) ||
			(sc.KindergartenID != "" && slices.Contains(p.KindergartenIDs, sc.KindergartenID))
		if !ok {
			return forbidden
		}
	}
	for _, id := range f.KindergartenIDs {
		if !seesKG(id) {
			return forbidden
		}
	}
	in := func(p place) bool { return region == "" || (p.region != "" && strings.HasPrefix(p.region, region)) }
	ans := answer{rows: map[string][]*float64{}}
	total := newAcc()
	groups := map[string]*acc{}
	for _, fa := range w.facts(q.Subject) {
		fa := fa
		anyIn := false
		for _, p := range fa.places {
			anyIn = anyIn || in(p)
		}
		if !anyIn {
			continue
		}
		if sc.KindergartenID != "" {
			allowed := []string{sc.KindergartenID}
			if q.Subject == stats.SubjectAttendance {
				allowed = sc.PairedKindergartenIDs
			}
			if !slices.ContainsFunc(fa.places, func(p place) bool { return slices.Contains(allowed, p.kg) }) {
				continue
			}
		}
		if len(f.KindergartenIDs) > 0 && !slices.ContainsFunc(fa.places, func(p place) bool { return slices.Contains(f.KindergartenIDs, p.kg) }) {
			continue
		}
		if len(f.PairingIDs) > 0 && !slices.Contains(f.PairingIDs, fa.pairing) {
			continue
		}
		if f.From != nil && fa.date < *f.From || f.To != nil && fa.date > *f.To {
			continue
		}
		if len(f.Semesters) > 0 && !slices.Contains(f.Semesters, domain.SemesterOf(fa.date)) {
			continue
		}
		if len(f.SessionTypes) > 0 && !slices.Contains(f.SessionTypes, domain.SessionType(fa.typ)) {
			continue
		}
		if len(f.TrainingTypes) > 0 && !slices.Contains(f.TrainingTypes, domain.TrainingType(fa.typ)) {
			continue
		}
		if len(f.Domains) > 0 && !slices.ContainsFunc(fa.domains, func(d domain.Domain) bool { return slices.Contains(f.Domains, d) }) {
			continue
		}
		if len(f.Directions) > 0 && !slices.Contains(f.Directions, fa.direction) {
			continue
		}
		if len(f.Settings) > 0 && !slices.ContainsFunc(fa.places, func(p place) bool { return p.kg != "" && slices.Contains(f.Settings, w.kgs[p.kg].Setting) }) {
			continue
		}
		if f.Confirmed != nil && fa.confirmed != *f.Confirmed {
			continue
		}
		ans.facts++
		total.add(&fa)
		keys := [][]string{{}}
		for _, d := range q.GroupBy {
			vals := w.dimValues(&fa, d, in)
			var next [][]string
			for _, k := range keys {
				for _, v := range vals {
					next = append(next, append(slices.Clone(k), v))
				}
			}
			keys = next
		}
		if len(keys) > 1 {
			ans.overlapping = true
		}
		for _, k := range keys {
			key := strings.Join(k, "|")
			if groups[key] == nil {
				groups[key] = newAcc()
			}
			groups[key].add(&fa)
		}
	}
	for k, a := range groups {
		ans.rows[k] = a.values(q.Measures)
	}
	ans.total = total.values(q.Measures)
	return ans
}

func (w *world) dimValues(f *oFact, d stats.Dimension, in func(place) bool) []string {
	var out []string
	add := func(v string) {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	switch d {
	case stats.Province, stats.City, stats.County:
		lvl := map[stats.Dimension]int{stats.Province: 0, stats.City: 1, stats.County: 2}[d]
		for _, p := range f.places {
			if !in(p) {
				continue
			}
			path := domain.RegionPath(p.region)
			if len(path) > lvl {
				add(path[lvl])
			} else {
				add("")
			}
		}
	case stats.KindergartenDim, stats.SettingDim:
		for _, p := range f.places {
			switch {
			case !in(p):
			case p.kg == "":
				add("")
			case d == stats.KindergartenDim:
				add(p.kg)
			default:
				add(string(w.kgs[p.kg].Setting))
			}
		}
	case stats.SemesterDim:
		add(domain.SemesterOf(f.date))
	case stats.MonthDim:
		add(f.date.Month())
	case stats.SessionTypeDim, stats.TrainingTypeDim:
		add(f.typ)
	case stats.DomainDim:
		if len(f.domains) == 0 {
			add("")
		}
		for _, x := range f.domains {
			add(string(x))
		}
	case stats.PairingDim:
		add(f.pairing)
	case stats.SupportingKindergarten, stats.PartnerKindergarten:
		i := 0
		if d == stats.PartnerKindergarten {
			i = 1
		}
		if len(f.places) < 2 {
			add("")
		} else {
			add(f.places[i].kg)
		}
	case stats.ConfirmedDim:
		add(strconv.FormatBool(f.confirmed))
	case stats.DirectionDim:
		add(string(f.direction))
	case stats.TeacherDim:
		if len(f.teachers) == 0 {
			add("")
		}
		for _, t := range f.teachers {
			add(t)
		}
	}
	return out
}

// compare reports how the index's answer differs from the oracle's, or "".
func compare(q stats.Query, got *stats.Result, gotErr error, want answer) string {
	if want.code != "" {
		if domain.CodeOf(gotErr) != domain.Code(want.code) {
			return fmt.Sprintf("want %s, got %v", want.code, gotErr)
		}
		return ""
	}
	if gotErr != nil {
		return fmt.Sprintf("want an answer, got %v", gotErr)
	}
	var diffs []string
	if got.Facts != want.facts {
		diffs = append(diffs, fmt.Sprintf("facts %d, want %d", got.Facts, want.facts))
	}
	if got.RowCount != len(want.rows) {
		diffs = append(diffs, fmt.Sprintf("rowCount %d, want %d", got.RowCount, len(want.rows)))
	}
	if got.Overlapping != want.overlapping {
		diffs = append(diffs, fmt.Sprintf("overlapping %v, want %v", got.Overlapping, want.overlapping))
	}
	if d := diffValues(got.Total.Values, want.total); d != "" {
		diffs = append(diffs, "total: "+d)
	}
	for _, r := range got.Rows {
		ks := make([]string, len(r.Keys))
		for i, k := range r.Keys {
			ks[i] = k.Value
		}
		key := strings.Join(ks, "|")
		w, ok := want.rows[key]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("row %q not expected", key))
			continue
		}
		if d := diffValues(r.Values, w); d != "" {
			diffs = append(diffs, fmt.Sprintf("row %q: %s", key, d))
		}
	}
	if len(diffs) > 5 {
		diffs = append(diffs[:5], fmt.Sprintf("… %d more", len(diffs)-5))
	}
	sort.Strings(diffs[:min(len(diffs), 5)])
	return strings.Join(diffs, "; ")
}

func diffValues(got, want []*float64) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d values, want %d", len(got), len(want))
	}
	for i := range got {
		switch {
		case (got[i] == nil) != (want[i] == nil):
			return fmt.Sprintf("value %d: got %v, want %v", i, fmtp(got[i]), fmtp(want[i]))
		case got[i] != nil && math.Abs(*got[i]-*want[i]) > 1e-6*max(1, math.Abs(*want[i])):
			return fmt.Sprintf("value %d: got %v, want %v", i, *got[i], *want[i])
		}
	}
	return ""
}

func fmtp(p *float64) string {
	if p == nil {
		return "null"
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}
