// Package statsgen generates realistic random records for testing and benchmarking the
// statistics index: regions, kindergartens, teachers' ids, pairings, teaching sessions,
// training events with attendance, and photos, consistent with one another.
package statsgen

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/storage"
)

// Spec sizes a data set.
type Spec struct {
	Provinces, CitiesPerProvince, CountiesPerCity int
	Kindergartens                                 int
	TeachersPerKindergarten                       int
	Pairings                                      int
	Sessions                                      int
	Events, AttendeesPerEvent                     int
	Photos                                        int
	// FirstYear is the first school year: sessions fall in FirstYear-09 … FirstYear+Years-07.
	FirstYear, Years int
	// Until, if set, is the last day records fall on (today, for a data set "up to now").
	Until domain.Date
}

// Emit receives each generated record: a *domain.Region, *domain.Kindergarten,
// *domain.Pairing, *domain.TrainingEvent, *domain.TeachingSession or *domain.Photo, in
// that order of kinds.
type Emit func(doc any) error

// Generate makes a data set from r and passes each record to emit.
func Generate(r *rand.Rand, spec Spec, emit Emit) error {
	g := &gen{r: r, spec: spec}
	return g.run(emit)
}

type gen struct {
	r        *rand.Rand
	spec     Spec
	counties []string
	kgs      []*domain.Kindergarten
	pairings []*domain.Pairing
	events   []*domain.TrainingEvent
	sessions []sessionRef
	teachers map[string][]string
}

type sessionRef struct {
	id, pairing string
	kgs         []string
	date        domain.Date
	path        []string
}

func (g *gen) id(kind string, n int) string { return ID(kind, n) }

// ID is the id of the n-th generated record of a kind ("kg", "pair", "ev", "s", "ph"):
// a UUID, as clients make them, that tells kind and number apart.
func ID(kind string, n int) string {
	var k uint32
	for _, c := range kind {
		k = k*31 + uint32(c)
	}
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", k, n)
}

var created = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func meta() domain.Meta { return domain.Meta{CreatedAt: created, UpdatedAt: created, Version: 1} }

func (g *gen) run(emit Emit) error {
	s := g.spec
	for p := 0; p < s.Provinces; p++ {
		pc := fmt.Sprintf("%02d", 31+p)
		if err := emit(&domain.Region{Code: pc, Name: fmt.Sprintf("省%d", p+1), Level: domain.LevelProvince}); err != nil {
			return err
		}
		for c := 0; c < s.CitiesPerProvince; c++ {
			cc := fmt.Sprintf("%s%02d", pc, c+1)
			if err := emit(&domain.Region{Code: cc, Name: fmt.Sprintf("省%d市%d", p+1, c+1), Level: domain.LevelCity, ParentCode: pc}); err != nil {
				return err
			}
			for k := 0; k < s.CountiesPerCity; k++ {
				kc := fmt.Sprintf("%s%02d", cc, k+21)
				g.counties = append(g.counties, kc)
				if err := emit(&domain.Region{Code: kc, Name: fmt.Sprintf("省%d市%d县%d", p+1, c+1, k+1), Level: domain.LevelCounty, ParentCode: cc}); err != nil {
					return err
				}
				for t := 101; t <= 103; t++ { // the townships some kindergartens are registered at
					if err := emit(&domain.Region{Code: fmt.Sprintf("%s%03d", kc, t), Name: fmt.Sprintf("省%d市%d县%d镇%d", p+1, c+1, k+1, t-100), Level: domain.LevelTownship, ParentCode: kc}); err != nil {
						return err
					}
				}
			}
		}
	}
	g.teachers = map[string][]string{}
	for i := 0; i < s.Kindergartens; i++ {
		code := g.counties[g.r.IntN(len(g.counties))]
		if g.r.IntN(5) == 0 { // some kindergartens are registered at a township
			code += fmt.Sprintf("%03d", 101+g.r.IntN(3))
		}
		k := &domain.Kindergarten{ID: g.id("kg", i), Name: fmt.Sprintf("幼儿园%05d", i), RegionCode: code,
			RegionPath: domain.RegionPath(code), Setting: domain.AllSettings[g.r.IntN(len(domain.AllSettings))],
			Ownership: domain.OwnershipPublic, Level: domain.LevelUnrated, Meta: meta()}
		g.kgs = append(g.kgs, k)
		for t := 0; t < s.TeachersPerKindergarten; t++ {
			g.teachers[k.ID] = append(g.teachers[k.ID], ID("t", i*1000+t))
		}
		if err := emit(k); err != nil {
			return err
		}
	}
	first := domain.Date(fmt.Sprintf("%d-09-01", s.FirstYear))
	last := domain.Date(fmt.Sprintf("%d-07-31", s.FirstYear+s.Years))
	if s.Until != "" && s.Until < last {
		last = s.Until
	}
	for i := 0; i < s.Pairings; i++ {
		// Mostly within one county (the bureau's usual pairing), sometimes across.
		sup := g.kgs[g.r.IntN(len(g.kgs))]
		n := 1 + g.r.IntN(3)
		var partners []string
		codes := []string{sup.RegionCode}
		for len(partners) < n {
			k := g.kgs[g.r.IntN(len(g.kgs))]
			if k.ID == sup.ID || contains(partners, k.ID) {
				continue
			}
			partners = append(partners, k.ID)
			codes = append(codes, k.RegionCode)
		}
		status := domain.PairingActive
		if g.r.IntN(20) == 0 {
			status = domain.PairingDraft
		}
		t := domain.DefaultTargets
		t.TeachingHours = float64(4 + g.r.IntN(8))
		p := &domain.Pairing{ID: g.id("pair", i), Name: fmt.Sprintf("结对%05d", i), SupportingKindergartenID: sup.ID,
			PartnerKindergartenIDs: partners, Start: first, End: last, Status: status, Targets: t,
			LeadingGroup: []domain.GroupMember{}, Phases: []domain.Phase{}, TargetOverrides: []domain.SemesterTargets{},
			Scoped: domain.Scoped{RegionPath: domain.UnionPaths(codes...), KindergartenIDs: append([]string{sup.ID}, partners...)},
			Meta:   meta()}
		g.pairings = append(g.pairings, p)
		if err := emit(p); err != nil {
			return err
		}
	}
	span := int(last.Time().Sub(first.Time()).Hours()/24) + 1
	day := func() domain.Date {
		return domain.DateOf(first.Time().AddDate(0, 0, g.r.IntN(span)))
	}
	for i := 0; i < s.Events; i++ {
		e := &domain.TrainingEvent{ID: g.id("ev", i), Title: fmt.Sprintf("培训%d", i),
			Type: domain.AllTrainingTypes[g.r.IntN(len(domain.AllTrainingTypes))], Date: day(), Hours: 2, Meta: meta()}
		e.Semester = domain.SemesterOf(e.Date)
		if g.r.IntN(4) == 0 {
			e.OrganizerRegionCode = g.counties[g.r.IntN(len(g.counties))]
			e.OrganizerPath = domain.RegionPath(e.OrganizerRegionCode)
		} else {
			k := g.kgs[g.r.IntN(len(g.kgs))]
			e.OrganizerKindergartenID, e.OrganizerPath = k.ID, k.RegionPath
		}
		codes := []string{e.OrganizerPath[len(e.OrganizerPath)-1]}
		for a := 0; a < s.AttendeesPerEvent; a++ {
			k := g.kgs[g.r.IntN(len(g.kgs))]
			ts := g.teachers[k.ID]
			if len(ts) == 0 {
				continue
			}
			e.Attendance = append(e.Attendance, domain.Attendance{TeacherID: ts[g.r.IntN(len(ts))], KindergartenID: k.ID,
				RegionPath: k.RegionPath, Hours: float64(1+g.r.IntN(6)) / 2})
			codes = append(codes, k.RegionCode)
			e.KindergartenIDs = append(e.KindergartenIDs, k.ID)
		}
		e.RegionPath = domain.UnionPaths(codes...)
		g.events = append(g.events, e)
		if err := emit(e); err != nil {
			return err
		}
	}
	kgByID := map[string]*domain.Kindergarten{}
	for _, k := range g.kgs {
		kgByID[k.ID] = k
	}
	for i := 0; i < s.Sessions; i++ {
		p := g.pairings[g.r.IntN(len(g.pairings))]
		partner := p.PartnerKindergartenIDs[g.r.IntN(len(p.PartnerKindergartenIDs))]
		typ := domain.AllSessionTypes[g.r.IntN(len(domain.AllSessionTypes))]
		dir := domain.DirectionOutbound
		if typ == domain.SessionFollowUpStudy || (typ == domain.SessionJobSwap && g.r.IntN(2) == 0) {
			dir = domain.DirectionInbound
		}
		d := day()
		ss := &domain.TeachingSession{ID: g.id("s", i), PairingID: p.ID, SupportingKindergartenID: p.SupportingKindergartenID,
			PartnerKindergartenID: partner, HostKindergartenID: partner, Direction: dir, Date: d, Semester: domain.SemesterOf(d),
			Month: d.Month(), Hours: float64(1+g.r.IntN(8)) / 2, Type: typ, Attendees: g.r.IntN(40),
			LoggedBySide: domain.SideSupporting, Status: domain.ConfirmationPending, Corrections: []domain.Correction{},
			Meta: meta()}
		for _, dm := range domain.AllDomains {
			if g.r.IntN(4) == 0 {
				ss.Domains = append(ss.Domains, dm)
			}
		}
		pool := append(append([]string{}, g.teachers[p.SupportingKindergartenID]...), g.teachers[partner]...)
		for n := g.r.IntN(4); n > 0 && len(pool) > 0; n-- {
			ss.TeacherIDs = append(ss.TeacherIDs, pool[g.r.IntN(len(pool))])
		}
		switch g.r.IntN(10) {
		case 0, 1, 2, 3, 4:
			ss.Status = domain.ConfirmationConfirmed
			rating := 1 + g.r.IntN(5)
			ss.Rating = &rating
		case 5:
			ss.Status = domain.ConfirmationQueried
		}
		ss.KindergartenIDs = []string{p.SupportingKindergartenID, partner}
		ss.RegionPath = domain.UnionPaths(kgByID[p.SupportingKindergartenID].RegionCode, kgByID[partner].RegionCode)
		g.sessions = append(g.sessions, sessionRef{id: ss.ID, pairing: p.ID, kgs: ss.KindergartenIDs, date: d, path: ss.RegionPath})
		if err := emit(ss); err != nil {
			return err
		}
	}
	for i := 0; i < s.Photos; i++ {
		ph := &domain.Photo{ID: g.id("ph", i), Status: domain.PhotoReady, ContentType: "image/jpeg", Meta: meta()}
		if len(g.events) > 0 && g.r.IntN(4) == 0 {
			e := g.events[g.r.IntN(len(g.events))]
			ph.SubjectKind, ph.SubjectID, ph.SubjectDate = domain.SubjectTrainingEvent, e.ID, e.Date
			ph.SendingKindergartenID, ph.Scoped = e.OrganizerKindergartenID, e.Scoped
		} else if len(g.sessions) > 0 {
			s := g.sessions[g.r.IntN(len(g.sessions))]
			ph.SubjectKind, ph.SubjectID, ph.SubjectDate, ph.PairingID = domain.SubjectTeachingSession, s.id, s.date, s.pairing
			ph.SendingKindergartenID, ph.Scoped = s.kgs[0], domain.Scoped{RegionPath: s.path, KindergartenIDs: s.kgs}
		} else {
			continue
		}
		ph.Semester, ph.Month = domain.SemesterOf(ph.SubjectDate), ph.SubjectDate.Month()
		if g.r.IntN(10) == 0 {
			ph.Status = domain.PhotoPending
		}
		if err := emit(ph); err != nil {
			return err
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Collection names the store collection a generated record belongs in.
func Collection(doc any) string {
	switch doc.(type) {
	case *domain.Region:
		return storage.CollRegions
	case *domain.Kindergarten:
		return storage.CollKindergartens
	case *domain.Pairing:
		return storage.CollPairings
	case *domain.TrainingEvent:
		return storage.CollTrainingEvents
	case *domain.TeachingSession:
		return storage.CollSessions
	case *domain.Photo:
		return storage.CollPhotos
	}
	panic(fmt.Sprintf("statsgen: no collection for %T", doc))
}
