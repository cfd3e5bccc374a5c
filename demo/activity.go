package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
)

// staff returns the principal that acts for a kindergarten: the demo user where there is
// one, otherwise an anonymous member of its staff.
func (l *loader) staff(kindergartenID string) *policy.Principal {
	for _, u := range []string{UserTeacher, UserPartner} {
		if l.users[u].KindergartenID == kindergartenID {
			return &policy.Principal{UserID: l.users[u].ID, Role: l.users[u].Role, KindergartenID: kindergartenID}
		}
	}
	return &policy.Principal{UserID: ID("staff:" + kindergartenID), Role: domain.RoleKindergartenAdmin, KindergartenID: kindergartenID}
}

// months returns the first day of each teaching month from start up to today (summer
// holidays left out).
func (l *loader) months(start, end domain.Date) []domain.Date {
	var out []domain.Date
	for t := start.Time(); ; t = t.AddDate(0, 1, 0) {
		d := domain.DateOf(t)
		if d > l.today || d > end {
			return out
		}
		if t.Month() != time.August {
			out = append(out, d)
		}
	}
}

// dayIn picks a weekday in the month of first, not after today or end.
func (l *loader) dayIn(first, end domain.Date) (domain.Date, bool) {
	for range 10 {
		d := first.AddDays(l.r.IntN(27))
		if wd := d.Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if d <= l.today && d <= end {
			return d, true
		}
	}
	return "", false
}

func (l *loader) sessions(ctx context.Context) error {
	start := l.schoolYearStart()
	y := start.Time().Year()
	for pi, p := range pairings {
		pairingID := ID("pairing:" + p.name)
		sup := l.kgIDs[p.supporting]
		end := domain.Date(fmt.Sprintf("%d-07-15", y+2))
		if p.ended {
			end = domain.Date(fmt.Sprintf("%d-07-15", y+1))
		}
		// Pairings differ in diligence, so that compliance has something to tell.
		visitRate := []float64{1, 0.9, 0.75, 1, 0.95, 0.6, 0.85, 1, 0.7, 0.8}[pi]
		for _, partnerName := range p.partners {
			partner := l.kgIDs[partnerName]
			for _, month := range l.months(start, end) {
				if l.r.Float64() < visitRate {
					if err := l.session(ctx, pairingID, sup, partner, month, end, domain.SessionMonthlyVisit, 1+float64(l.r.IntN(2))); err != nil {
						return err
					}
				}
				types := []domain.SessionType{domain.SessionDemonstrationClass, domain.SessionDemonstrationClass, domain.SessionObservationCritique,
					domain.SessionEnvironmentGuidance, domain.SessionHealthCareGuidance, domain.SessionManagementGuidance,
					domain.SessionJointTeachingResearch, domain.SessionFollowUpStudy, domain.SessionJobSwap}
				if l.r.Float64() < 0.65 {
					t := types[l.r.IntN(len(types))]
					if err := l.session(ctx, pairingID, sup, partner, month, end, t, 1.5+float64(l.r.IntN(4))*0.5); err != nil {
						return err
					}
				}
				if m := month.Time().Month(); (m == time.October || m == time.December || m == time.March || m == time.May) && l.r.Float64() < 0.8 {
					if err := l.session(ctx, pairingID, sup, partner, month, end, domain.SessionSpecialLecture, 2); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

func (l *loader) session(ctx context.Context, pairingID, sup, partner string, month, end domain.Date, typ domain.SessionType, hours float64) error {
	date, ok := l.dayIn(month, end)
	if !ok {
		return nil
	}
	dir := domain.DirectionOutbound
	if typ == domain.SessionFollowUpStudy || (typ == domain.SessionJobSwap && l.r.IntN(2) == 0) {
		dir = domain.DirectionInbound
	}
	// Partners log about a fifth of what they received, and their own study visits.
	logger, other := sup, partner
	if l.r.Float64() < 0.2 || dir == domain.DirectionInbound {
		logger, other = partner, sup
	}
	teachers := []string{}
	if ts := l.teachers[sup]; len(ts) > 0 {
		teachers = append(teachers, ts[3%len(ts)])
		if l.r.IntN(2) == 0 {
			teachers = append(teachers, ts[l.r.IntN(len(ts))])
		}
	}
	if dir == domain.DirectionInbound {
		if ts := l.teachers[partner]; len(ts) > 0 {
			teachers = []string{ts[l.r.IntN(len(ts))]}
		}
	}
	teachers = unique(teachers)
	var domains []domain.Domain
	if typ == domain.SessionDemonstrationClass || typ == domain.SessionObservationCritique {
		domains = []domain.Domain{domain.AllDomains[l.r.IntN(5)]}
		if l.r.IntN(3) == 0 {
			domains = unique(append(domains, domain.AllDomains[l.r.IntN(5)]))
		}
	}
	topic := topics[typ][l.r.IntN(len(topics[typ]))]
	in := domain.TeachingSessionInput{
		ID: ID(fmt.Sprintf("session:%s:%s:%s:%s", pairingID, partner, date, typ)), PairingID: pairingID,
		PartnerKindergartenID: &partner, Direction: &dir, Date: date, Hours: hours, Type: typ,
		Domains: domains, Topic: &topic, TeacherIDs: teachers, Attendees: ptr(8 + l.r.IntN(20)),
	}
	if logger == partner {
		in.PartnerKindergartenID = nil
	}
	s, err := l.a.LogTeachingSession(ctx, l.staff(logger), in)
	if err != nil {
		if domain.CodeOf(err) == domain.CodeConflict { // same pairing, day and type twice
			return nil
		}
		return fmt.Errorf("session %s: %w", in.ID, err)
	}
	l.sum.Sessions++
	if date > l.today.AddDays(-10) {
		return nil
	}
	switch x := l.r.Float64(); {
	case x < 0.86:
		var rating *int
		if other == partner {
			rating = ptr(3 + l.r.IntN(3))
		}
		feedback := []string{"示范课组织有序，教师收获很大。", "讲解细致，对我园教研很有帮助。", "建议下次增加互动研讨环节。", ""}[l.r.IntN(4)]
		_, err = l.a.ConfirmTeachingSession(ctx, l.staff(other), s.ID, rating, &feedback)
	case x < 0.9:
		_, err = l.a.QueryTeachingSession(ctx, l.staff(other), s.ID, "课时与实际不符，请核对后修改。")
	}
	return err
}

func unique[T comparable](xs []T) []T {
	seen := map[T]bool{}
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func (l *loader) training(ctx context.Context) error {
	start := l.schoolYearStart()
	counties := map[string][]string{}
	for _, k := range kindergartens {
		c := k.region[:6]
		counties[c] = append(counties[c], l.kgIDs[k.name])
	}
	titles := []string{"全县幼儿园教师业务培训", "幼儿园保教质量提升专题讲座", "学前教育宣传月观摩活动", "幼儿教师技能比赛"}
	kinds := []domain.TrainingType{domain.TrainingTraining, domain.TrainingSpecialLecture, domain.TrainingOpenDay, domain.TrainingCompetition}
	for _, county := range []string{CountyGuangrao, CountyLijin, CountyDongying} {
		bureau := &policy.Principal{UserID: ID("bureau:" + county), Role: domain.RoleBureau, RegionCode: county}
		for i := range 4 {
			date := start.AddDays(30 + i*95 + l.r.IntN(20))
			if date > l.today {
				continue
			}
			in := domain.TrainingEventInput{ID: ID(fmt.Sprintf("event:%s:%d", county, i)), Title: regionName(county) + titles[i],
				Type: kinds[i], OrganizerRegionCode: ptr(county), Date: date, Hours: 3 + float64(i%2)*3, Place: ptr(regionName(county) + "教师发展中心")}
			if err := l.event(ctx, bureau, in, counties[county]); err != nil {
				return err
			}
		}
	}
	for i, p := range pairings {
		sup := l.kgIDs[p.supporting]
		date := start.AddDays(50 + i*23)
		if date > l.today {
			continue
		}
		attend := []string{sup}
		for _, name := range p.partners {
			attend = append(attend, l.kgIDs[name])
		}
		in := domain.TrainingEventInput{ID: ID("event:" + p.name), Title: p.supporting + "园本教研开放活动",
			Type: domain.TrainingSchoolResearch, OrganizerKindergartenID: &sup, Date: date, Hours: 2.5, Place: ptr(p.supporting)}
		if err := l.event(ctx, l.admin, in, attend); err != nil {
			return err
		}
	}
	return nil
}

// event creates a training event and takes attendance: two teachers from each of the
// kindergartens.
func (l *loader) event(ctx context.Context, p *policy.Principal, in domain.TrainingEventInput, kgs []string) error {
	if _, err := l.a.CreateTrainingEvent(ctx, p, in); err != nil {
		return fmt.Errorf("event %s: %w", in.Title, err)
	}
	var att []*domain.AttendanceInput
	for _, k := range kgs {
		ts := l.teachers[k]
		for j := 0; j < 2 && j < len(ts); j++ {
			att = append(att, &domain.AttendanceInput{TeacherID: ts[(j+l.r.IntN(len(ts)))%len(ts)]})
		}
	}
	seen := map[string]bool{}
	uniq := att[:0]
	for _, a := range att {
		if !seen[a.TeacherID] {
			seen[a.TeacherID] = true
			uniq = append(uniq, a)
		}
	}
	if _, err := l.a.SetTrainingAttendance(ctx, p, in.ID, uniq); err != nil {
		return fmt.Errorf("attendance of %s: %w", in.Title, err)
	}
	l.sum.TrainingEvents++
	return nil
}

// support adds mentorships and donations to the first pairings.
func (l *loader) support(ctx context.Context) error {
	start := l.schoolYearStart()
	for i, p := range pairings[:5] {
		pairingID := ID("pairing:" + p.name)
		sup := l.kgIDs[p.supporting]
		var apprentices []string
		for _, name := range p.partners {
			if ts := l.teachers[l.kgIDs[name]]; len(ts) > 1 {
				apprentices = append(apprentices, ts[1])
			}
		}
		m := domain.MentorshipInput{ID: ID("mentorship:" + p.name), PairingID: pairingID, MentorID: l.teachers[sup][0],
			ApprenticeIDs: apprentices, Start: start, End: start.AddDays(300), Goals: ptr("一学年内能独立组织高质量的集体教学活动")}
		if p.ended {
			m.End = start.AddDays(280)
		}
		if _, err := l.a.CreateMentorship(ctx, l.admin, m); err != nil {
			return fmt.Errorf("mentorship %s: %w", p.name, err)
		}
		d := domain.DonationInput{ID: ID("donation:" + p.name), PairingID: pairingID, PartnerKindergartenID: ptr(l.kgIDs[p.partners[0]]),
			Date: start.AddDays(20 + i*11), Items: []*domain.DonationItemInput{
				{Name: "绘本图书", Quantity: 200 + i*50, Value: float64(2000 + i*500)},
				{Name: "区角活动玩具", Quantity: 30, Value: 1800},
			}, Notes: ptr("开学初捐赠")}
		if _, err := l.a.CreateDonation(ctx, l.admin, d); err != nil {
			return fmt.Errorf("donation %s: %w", p.name, err)
		}
	}
	return nil
}
