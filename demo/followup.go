package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
)

// followUp adds what a pairing's cycle leaves besides lessons: this semester's plan of the
// demo pairing (visits each month, one more planned in a month gone by: overdue), lesson
// grades, last semester's summaries (the demo partner's still missing), an inspection with
// an item past its deadline, and photos of the latest lessons — small JPEGs drawn here, so
// that the dashboard's photo evidence and the assistance file are not empty.
func (l *loader) followUp(ctx context.Context) error {
	sem := domain.SemesterOf(l.today)
	s, _ := domain.ParseSemester(sem)
	pairingID := ID("pairing:" + pairings[0].name)
	partner := l.kgIDs[pairings[0].partners[0]]
	supAdmin := l.principalOf(UserSupporter)

	// The plan: a visit each month of the term and a lecture in its last; a second visit
	// planned in the first month, which no record fulfils once that month is over.
	var plan []*domain.PlannedActivityInput
	for i, m := range s.Months() {
		plan = append(plan, &domain.PlannedActivityInput{ID: ID(fmt.Sprintf("plan:%s:%d", sem, i)), Type: domain.SessionMonthlyVisit, Month: m,
			PartnerKindergartenID: &partner, Responsible: ptr("马霞")})
	}
	plan = append(plan,
		&domain.PlannedActivityInput{ID: ID("plan:" + sem + ":extra"), Type: domain.SessionMonthlyVisit, Month: s.Months()[0], PartnerKindergartenID: &partner,
			Responsible: ptr("教研主任"), Notes: ptr("开学初第二次视导：一日生活环节")},
		&domain.PlannedActivityInput{ID: ID("plan:" + sem + ":lecture"), Type: domain.SessionSpecialLecture, Month: s.Months()[len(s.Months())-1],
			Responsible: ptr("园长"), Notes: ptr("期末专题讲座：幼小衔接")})
	if _, err := l.a.SetPlan(ctx, supAdmin, pairingID, sem, plan); err != nil {
		return fmt.Errorf("plan: %w", err)
	}

	// Grades of the partner's teachers this semester: 3 优秀 of 10.
	teacher := l.principalOf(UserTeacher)
	topics := []string{"小班语言《拔萝卜》", "中班科学《有趣的磁铁》", "大班美术《秋天的树》", "中班健康《我会洗手》", "大班社会《我们的社区》"}
	for i := range 10 {
		g := domain.GradeGood
		switch {
		case i < 3:
			g = domain.GradeExcellent
		case i == 9:
			g = domain.GradePass
		}
		day := l.today.AddDays(-7 * (i + 1))
		if day < domain.Date(s.Months()[0]+"-01") {
			day = domain.Date(s.Months()[0] + "-05")
		}
		ts := l.teachers[partner]
		in := domain.LessonGradeInput{ID: ID(fmt.Sprintf("grade:%s:%d", sem, i)), PairingID: pairingID, TeacherID: ts[1+i%(len(ts)-1)],
			Date: day, Topic: ptr(topics[i%len(topics)]), Grade: g, Comments: ptr("目标明确，幼儿参与度高；提问可再开放一些")}
		if _, err := l.a.GradeLesson(ctx, teacher, in); err != nil {
			return fmt.Errorf("grade: %w", err)
		}
	}

	// Last semester's summaries: every side of every active pairing but the demo partner.
	last := domain.SemesterOf(l.today.AddDays(-183))
	for _, p := range pairings[:5] {
		if p.ended {
			continue
		}
		pid := ID("pairing:" + p.name)
		kgs := []string{l.kgIDs[p.supporting]}
		for _, name := range p.partners {
			kgs = append(kgs, l.kgIDs[name])
		}
		for _, kg := range kgs {
			if kg == partner && pid == pairingID {
				continue
			}
			text := "本学期按计划开展送教下乡、专题讲座和每月视导，结对园教师在一日活动组织、区域创设方面进步明显；下学期将重点帮助结对园建立园本教研制度。"
			if kg != l.kgIDs[p.supporting] {
				text = "本学期接受送教和视导，教师跟岗学习，教研氛围明显改善；下学期希望在家园共育方面得到更多指导。"
			}
			if _, err := l.a.SaveSummary(ctx, l.kgAdmin(kg), domain.SummaryInput{PairingID: pid, Semester: last, Text: text, Submit: ptr(true)}); err != nil {
				return fmt.Errorf("summary: %w", err)
			}
		}
	}

	// An inspection by the county bureau, one item past its deadline.
	bureau := l.principalOf(UserBureau)
	day := l.today.AddDays(-40)
	if _, err := l.a.RecordInspection(ctx, bureau, domain.InspectionInput{ID: ID("inspection:" + sem), PairingID: pairingID, Date: day,
		Inspectors: "广饶县教育局学前教育科 督查组", Findings: "送教记录完整，帮扶计划执行较好；部分活动缺少照片佐证，结对园教研记录不全。",
		Items: []*domain.RectifyItemInput{
			{ID: ID("inspection-item:1:" + sem), Text: "补齐结对园近两个月的教研活动记录", Deadline: l.today.AddDays(-10)},
			{ID: ID("inspection-item:2:" + sem), Text: "每次送教上传不少于两张活动照片", Deadline: l.today.AddDays(20)},
		}}); err != nil {
		return fmt.Errorf("inspection: %w", err)
	}
	return l.photos(ctx, pairingID)
}

// principalOf is a demo user as the app sees them signed in.
func (l *loader) principalOf(username string) *policy.Principal {
	u := l.users[username]
	return &policy.Principal{UserID: u.ID, Role: u.Role, KindergartenID: u.KindergartenID, RegionCode: u.RegionCode}
}

// kgAdmin acts as a kindergarten's admin: the demo one where there is one.
func (l *loader) kgAdmin(kg string) *policy.Principal {
	for _, name := range []string{UserSupporter, UserPartner} {
		if l.users[name].KindergartenID == kg {
			return l.principalOf(name)
		}
	}
	return &policy.Principal{UserID: ID("staff-admin:" + kg), Role: domain.RoleKindergartenAdmin, KindergartenID: kg}
}

// photos adds two drawn photos to each of the demo pairing's six latest lessons.
func (l *loader) photos(ctx context.Context, pairingID string) error {
	if l.a.Photos == nil {
		return nil
	}
	page, err := l.a.Store.ListTeachingSessions(ctx, domain.Scope{All: true}, &domain.TeachingSessionFilter{PairingIDs: []string{pairingID}},
		"DATE", true, 6, "")
	if err != nil {
		return err
	}
	send := func(p *policy.Principal, subject string, part *string, n int, seed uint64) error {
		data := scene(seed)
		id := ID(fmt.Sprintf("photo:%s:%d", subject, n))
		tk, err := l.a.RequestPhotoUpload(ctx, p, domain.PhotoUploadInput{ID: id, SubjectID: subject, PartID: part, ContentType: "image/jpeg", Size: len(data)})
		if err != nil {
			return fmt.Errorf("photo: %w", err)
		}
		if err := l.a.Photos.Put(ctx, tk.Photo.UploadKey, data, "image/jpeg"); err != nil {
			return fmt.Errorf("photo: %w", err)
		}
		if _, err := l.a.CompletePhotoUpload(ctx, p, id); err != nil {
			return fmt.Errorf("photo: %w", err)
		}
		l.sum.Photos++
		return nil
	}
	for i, s := range page.Items {
		p := l.staff(s.SupportingKindergartenID)
		if s.LoggedBySide == domain.SidePartner {
			p = l.staff(s.PartnerKindergartenID)
		}
		for j := range 2 {
			if err := send(p, s.ID, nil, j, uint64(i*2+j+1)); err != nil {
				return err
			}
		}
	}
	// The pairing's donations, each with a photo of what was handed over, and a photo of
	// what the partner did about the inspection's first item.
	pr, err := l.a.Store.Pairing(ctx, pairingID)
	if err != nil {
		return err
	}
	dons, err := l.a.Store.ListDonations(ctx, domain.Scope{All: true}, &domain.DonationFilter{PairingID: &pairingID}, 10, "")
	if err != nil {
		return err
	}
	for i, d := range dons.Items {
		if err := send(l.kgAdmin(pr.SupportingKindergartenID), d.ID, nil, 0, uint64(100+i)); err != nil {
			return err
		}
	}
	sem := domain.SemesterOf(l.today)
	item := ID("inspection-item:1:" + sem)
	return send(l.kgAdmin(pr.PartnerKindergartenIDs[0]), ID("inspection:"+sem), &item, 0, 200)
}

// scene draws a small classroom-like picture, different for each seed: a wall, a floor,
// and blocks and balls of many colours.
func scene(seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	const w, h = 640, 480
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	wall := color.RGBA{uint8(200 + r.IntN(50)), uint8(190 + r.IntN(60)), uint8(150 + r.IntN(80)), 255}
	floor := color.RGBA{uint8(140 + r.IntN(60)), uint8(100 + r.IntN(50)), uint8(60 + r.IntN(40)), 255}
	horizon := h/2 + r.IntN(h/4)
	for y := range h {
		for x := range w {
			c := wall
			if y > horizon {
				c = floor
			}
			// a little light falling across
			k := uint8((x + y) * 30 / (w + h))
			img.Set(x, y, color.RGBA{c.R - k/2, c.G - k/2, c.B - k/3, 255})
		}
	}
	for range 14 + r.IntN(10) {
		c := color.RGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), 255}
		cx, cy, size := r.IntN(w), horizon-40+r.IntN(h-horizon+40), 15+r.IntN(60)
		round := r.IntN(2) == 0
		for y := max(0, cy-size); y < min(h, cy+size); y++ {
			for x := max(0, cx-size); x < min(w, cx+size); x++ {
				if round && (x-cx)*(x-cx)+(y-cy)*(y-cy) > size*size {
					continue
				}
				img.Set(x, y, c)
			}
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80})
	return buf.Bytes()
}
