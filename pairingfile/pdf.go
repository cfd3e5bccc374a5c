package pairingfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/stats"
)

// Getter reads a stored photo object (its display size or thumbnail) by key.
type Getter func(ctx context.Context, key string) (io.ReadCloser, error)

// A4 in millimetres, with 15 mm margins.
const (
	margin    = 15.0
	pageW     = 210.0
	pageH     = 297.0
	textW     = pageW - 2*margin
	lineH     = 5.2
	thumbW    = 40.0
	thumbH    = 30.0
	thumbsRow = 4
)

var zh = stats.ZhCN

type doc struct {
	ctx context.Context
	p   *fpdf.Fpdf
	f   *app.PairingFile
	get Getter
	// photos counts the thumbnails placed; missing counts those the photo store could
	// not give (the file says so rather than failing).
	photos, missing int
	// glyphs says which characters the font draws; replaced counts the characters shown
	// as □ instead (an emoji, a rare character the font lacks), some more than once.
	glyphs   *coverage
	replaced int
	// widths caches each character's width at a font size of one unit.
	widths map[rune]float64
}

// WritePDF renders the file as an A4 PDF to w. Thumbnails are read one at a time from get.
// It waits for a turn (see turns) and stops when ctx ends or after MaxPDFTime.
func WritePDF(ctx context.Context, w io.Writer, f *app.PairingFile, get Getter) error {
	release, err := turn(ctx)
	if err != nil {
		return err
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, MaxPDFTime)
	defer cancel()
	fnt, err := Font()
	if err != nil {
		return err
	}
	glyphs, err := Glyphs()
	if err != nil {
		return err
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin+5)
	p.AddUTF8FontFromBytes("cjk", "", fnt)
	d := &doc{ctx: ctx, p: p, f: f, get: get, glyphs: glyphs, widths: map[rune]float64{}}
	p.SetTitle("帮扶档案 "+d.printable(f.Pairing.Name), true)
	p.SetCreator("手拉手 Hand in Hand", true)
	p.SetCreationDate(time.Now())
	footerName, _ := printable(f.Pairing.Name, glyphs)
	p.SetFooterFunc(func() {
		p.SetY(-margin)
		p.SetFont("cjk", "", 8)
		p.SetTextColor(110, 110, 110)
		p.CellFormat(0, 5, fmt.Sprintf("%s · %s · 第 %d 页", footerName, d.period(), p.PageNo()), "", 0, "C", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	d.cover()
	d.plan()
	d.results()
	d.records()
	d.events()
	d.grades()
	d.mentorships()
	d.donations()
	d.summaries()
	d.inspections()
	if d.missing > 0 {
		d.note(fmt.Sprintf("注：有 %d 张照片暂时无法从照片存储读取，未能放入本档案。", d.missing))
	}
	if d.replaced > 0 {
		d.note("注：档案中的“□”是本文件的字体无法显示的字符（如表情符号、生僻字），原字符完整保存在系统中和 ZIP 档案的记录表里。")
	}
	if err := ctx.Err(); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return &domain.Error{Code: domain.CodeUnavailable, Message: "the assistance file took too long to make; ask for one semester's file instead of the whole period"}
		}
		return err
	}
	if err := p.Error(); err != nil {
		return err
	}
	return p.Output(w)
}

func (d *doc) period() string {
	if d.f.Semester != "" {
		return stats.SemesterLabel(d.f.Semester, zh)
	}
	return fmt.Sprintf("结对全程 %s 至 %s", d.f.Pairing.Start, d.f.Pairing.End)
}

func (d *doc) kg(id string) string {
	if k := d.f.Kgs[id]; k != nil {
		return k.Name
	}
	return "（未知）"
}

func (d *doc) teacher(id string) string {
	if t := d.f.Teachers[id]; t != nil {
		return t.Name
	}
	return "（未知）"
}

func (d *doc) user(id string) string {
	if u := d.f.Users[id]; u != nil {
		return u.DisplayName
	}
	return ""
}

func (d *doc) font(size float64) { d.p.SetFont("cjk", "", size) }

// h1 begins a part: on a page of its own after the cover, else below the last part when
// a good part of the page is left.
func (d *doc) h1(s string) {
	if d.p.PageNo() == 1 || d.p.GetY() > pageH-margin-70 {
		d.p.AddPage()
	} else {
		d.p.Ln(6)
	}
	d.font(15)
	d.p.SetFillColor(232, 240, 254)
	d.multi(0, 9, s, "L", true)
	d.p.Ln(2)
}

func (d *doc) h2(s string) {
	if d.p.GetY() > pageH-margin-30 {
		d.p.AddPage()
	}
	d.p.Ln(2)
	d.font(12)
	d.multi(0, 7, s, "L", false)
	d.p.Line(margin, d.p.GetY(), pageW-margin, d.p.GetY())
	d.p.Ln(1)
}

func (d *doc) text(s string) {
	d.font(10)
	d.multi(0, lineH, s, "L", false)
}

func (d *doc) note(s string) {
	d.font(9)
	d.p.SetTextColor(90, 90, 90)
	d.multi(0, lineH, s, "L", false)
	d.p.SetTextColor(0, 0, 0)
}

// kv is a labelled line: the label in a column of its own, the value wrapped beside it.
func (d *doc) kv(k, v string) {
	if v == "" {
		return
	}
	d.font(10)
	y := d.p.GetY()
	lines := d.wrap(v, textW-32)
	if y+float64(len(lines))*lineH > pageH-margin-5 {
		d.p.AddPage()
		y = d.p.GetY()
	}
	d.p.SetTextColor(90, 90, 90)
	d.p.CellFormat(30, lineH, k, "", 0, "L", false, 0, "")
	d.p.SetTextColor(0, 0, 0)
	d.p.SetXY(margin+32, y)
	d.multi(textW-32, lineH, v, "L", false)
	d.p.SetX(margin)
}

// table draws rows under headers in columns of the given widths (mm), wrapping each
// cell, repeating the headers on a new page.
func (d *doc) table(headers []string, widths []float64, rows [][]string) {
	if len(rows) == 0 {
		d.note("（无）")
		return
	}
	p := d.p
	var row func(cells []string, head bool)
	row = func(cells []string, head bool) {
		if d.stopped() {
			return
		}
		d.font(9)
		h := lineH
		for i, c := range cells {
			if n := float64(len(d.wrap(c, widths[i]-1.5))) * (lineH - 0.6); n > h {
				h = n
			}
		}
		h += 1
		if p.GetY()+h > pageH-margin-5 {
			p.AddPage()
			if !head {
				row(headers, true)
			}
		}
		y, x := p.GetY(), margin
		for i, c := range cells {
			if head {
				p.SetFillColor(240, 240, 240)
				p.Rect(x, y, widths[i], h, "FD")
			} else {
				p.Rect(x, y, widths[i], h, "D")
			}
			p.SetXY(x+0.5, y+0.5)
			for k, line := range d.wrap(c, widths[i]-1.5) {
				p.SetXY(x+0.5, y+0.5+float64(k)*(lineH-0.6))
				p.CellFormat(widths[i]-1, lineH-0.6, line, "", 0, "L", false, 0, "")
			}
			x += widths[i]
		}
		p.SetXY(margin, y+h)
	}
	row(headers, true)
	for _, r := range rows {
		row(r, false)
	}
	p.Ln(2)
}

// thumbnails places the ready photos among ids, four to a row.
func (d *doc) thumbnails(ids []string) {
	var keys []string
	for _, id := range ids {
		if ph := d.f.Photos[id]; ph != nil && ph.ThumbKey != "" {
			keys = append(keys, ph.ThumbKey)
		}
	}
	if len(keys) == 0 {
		return
	}
	p := d.p
	for i := 0; i < len(keys); i += thumbsRow {
		if p.GetY()+thumbH+2 > pageH-margin-5 {
			p.AddPage()
		}
		if d.stopped() {
			return
		}
		y := p.GetY()
		for j, key := range keys[i:min(i+thumbsRow, len(keys))] {
			b, err := d.read(key)
			if err != nil {
				d.missing++
				continue
			}
			name := fmt.Sprintf("p%d", d.photos)
			d.photos++
			opt := fpdf.ImageOptions{ImageType: "JPG", ReadDpi: false}
			p.RegisterImageOptionsReader(name, opt, bytes.NewReader(b))
			if p.Err() {
				// A thumbnail the PDF cannot take: noted, not fatal.
				p.ClearError()
				d.missing++
				continue
			}
			p.ImageOptions(name, margin+float64(j)*(thumbW+3), y, thumbW, thumbH, false, opt, 0, "")
		}
		p.SetXY(margin, y+thumbH+2)
	}
}

func (d *doc) read(key string) ([]byte, error) {
	rc, err := d.get(d.ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, 4<<20))
}

func (d *doc) cover() {
	f, pr := d.f, d.f.Pairing
	p := d.p
	p.AddPage()
	p.Ln(35)
	d.font(28)
	p.CellFormat(0, 16, "帮扶档案", "", 1, "C", false, 0, "")
	d.font(16)
	d.multi(0, 10, pr.Name, "C", false)
	d.font(12)
	p.CellFormat(0, 9, d.period(), "", 1, "C", false, 0, "")
	p.Ln(18)
	partners := make([]string, len(pr.PartnerKindergartenIDs))
	for i, id := range pr.PartnerKindergartenIDs {
		partners[i] = d.kg(id)
	}
	d.kv("帮扶园", d.kg(pr.SupportingKindergartenID))
	d.kv("结对园", strings.Join(partners, "、"))
	d.kv("结对期限", fmt.Sprintf("%s 至 %s", pr.Start, pr.End))
	if pr.AgreementDate != nil {
		d.kv("协议签订", string(*pr.AgreementDate))
	}
	d.kv("状态", stats.EnumLabel(string(pr.Status), zh))
	d.kv("帮扶目标", pr.Goals)
	if len(pr.LeadingGroup) > 0 {
		var members []string
		for _, m := range pr.LeadingGroup {
			s := m.Name + "（" + m.Role
			if m.KindergartenID != "" {
				s += "，" + d.kg(m.KindergartenID)
			}
			s += "）"
			if m.Duty != "" {
				s += "：" + m.Duty
			}
			members = append(members, s)
		}
		d.kv("领导小组", strings.Join(members, "\n"))
	}
	p.Ln(10)
	d.note(fmt.Sprintf("本档案由“手拉手”城乡结对帮扶系统于 %s 生成（%s），内容为生成时系统中的记录：送教记录 %d 条，培训活动 %d 次，听课评课 %d 节，照片 %d 张。",
		f.GeneratedAt, d.user(f.GeneratedBy), len(f.Sessions), len(f.Events), len(f.Grades), len(f.Photos)))
}

func (d *doc) plan() {
	pr := d.f.Pairing
	d.h1("一、帮扶计划与阶段")
	var rows [][]string
	for _, ph := range pr.Phases {
		rows = append(rows, []string{ph.Name, fmt.Sprintf("%s 至 %s", ph.Start, ph.End), ph.Goals})
	}
	d.h2("实施阶段")
	d.table([]string{"阶段", "时间", "目标与措施"}, []float64{35, 45, 100}, rows)
	d.h2("各学期目标")
	rows = nil
	for _, s := range d.f.Semesters {
		t := pr.TargetsFor(s)
		visits := "不要求"
		if t.MonthlyVisits {
			visits = "每月一次"
		}
		rows = append(rows, []string{stats.SemesterLabel(s, zh), fmt.Sprintf("%g", t.TeachingHours), fmt.Sprint(t.SpecialLectures), visits,
			pct(t.ExcellentLessonRate), pct(t.PassRate)})
	}
	d.table([]string{"学期", "送教课时", "专题讲座", "视导", "优课率", "合格率"}, []float64{50, 25, 25, 25, 27.5, 27.5}, rows)
	if len(d.f.Plan) == 0 {
		return
	}
	d.h2("计划的活动")
	dates := map[string]domain.Date{}
	for _, s := range d.f.Sessions {
		dates[s.ID] = s.Date
	}
	rows = nil
	for _, x := range d.f.Plan {
		when := x.Month
		if x.Date != nil {
			when = string(*x.Date)
		}
		status := map[domain.PlanStatus]string{domain.PlanPlanned: "计划中", domain.PlanOverdue: "已逾期"}[x.Status]
		if x.Status == domain.PlanDone {
			status = "已完成 " + string(dates[x.SessionID])
		}
		partner := "各结对园"
		if x.PartnerKindergartenID != "" {
			partner = d.kg(x.PartnerKindergartenID)
		}
		rows = append(rows, []string{stats.SemesterLabel(x.Semester, zh), when, stats.EnumLabel(string(x.Type), zh), partner, x.Responsible, status})
	}
	d.table([]string{"学期", "时间", "活动", "结对园", "责任人", "完成情况"}, []float64{38, 22, 28, 40, 22, 30}, rows)
}

func pct(v float64) string { return fmt.Sprintf("%.0f%%", v*100) }

func pctOf(v *float64) string {
	if v == nil {
		return "未评课"
	}
	return pct(*v)
}

func (d *doc) results() {
	d.h1("二、目标达成情况")
	var rows [][]string
	for _, r := range d.f.Compliance {
		share := "—"
		if r.ConfirmedShare != nil {
			share = pct(*r.ConfirmedShare)
		}
		rows = append(rows, []string{stats.SemesterLabel(r.Semester, zh), r.PartnerKindergartenName,
			fmt.Sprintf("%g / %g", r.Hours, r.Targets.TeachingHours), fmt.Sprintf("%d / %d", r.Lectures, r.Targets.SpecialLectures),
			fmt.Sprintf("%d / %d", r.MonthsVisited, r.MonthsRequired), fmt.Sprintf("%s（%d 节）", pctOf(r.ExcellentLessonRate), r.Graded),
			pctOf(r.PassRate), share, stats.EnumLabel(string(r.Status), zh)})
	}
	d.table([]string{"学期", "结对园", "课时 完成/目标", "讲座", "视导月份", "优课率", "合格率", "对方确认", "状态"},
		[]float64{30, 28, 20, 14, 16, 22, 16, 16, 18}, rows)
	d.note("课时不含每月视导；被对方退回的记录不计入。专题讲座包括送教中的专题讲座，以及帮扶园为本结对举办、结对园教师参加的专题讲座培训活动。")
	for _, r := range d.f.Compliance {
		if len(r.LectureEventIDs) == 0 {
			continue
		}
		var names []string
		for _, id := range r.LectureEventIDs {
			for _, e := range d.f.Events {
				if e.ID == id {
					names = append(names, fmt.Sprintf("%s %s", e.Date, e.Title))
				}
			}
		}
		d.kv("计入讲座", fmt.Sprintf("%s · %s：%s", stats.SemesterLabel(r.Semester, zh), r.PartnerKindergartenName, strings.Join(names, "；")))
	}
}

func (d *doc) records() {
	d.h1(fmt.Sprintf("三、送教与视导记录（%d 条，按日期）", len(d.f.Sessions)))
	if len(d.f.Sessions) == 0 {
		d.note("（无）")
	}
	when := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(domain.ChinaTime).Format("2006-01-02 15:04")
	}
	for i, s := range d.f.Sessions {
		d.h2(fmt.Sprintf("%d. %s %s · %g 课时 · %s → %s（%s）", i+1, s.Date, stats.EnumLabel(string(s.Type), zh), s.Hours,
			d.kg(s.SupportingKindergartenID), d.kg(s.PartnerKindergartenID), stats.EnumLabel(string(s.Direction), zh)))
		var teachers, domains []string
		for _, id := range s.TeacherIDs {
			teachers = append(teachers, d.teacher(id))
		}
		for _, x := range s.Domains {
			domains = append(domains, stats.EnumLabel(string(x), zh))
		}
		d.kv("授课教师", strings.Join(teachers, "、"))
		d.kv("主题", s.Topic)
		d.kv("领域", strings.Join(domains, "、"))
		if s.Attendees > 0 {
			d.kv("参与人数", fmt.Sprint(s.Attendees))
		}
		d.kv("内容与备注", s.Notes)
		d.kv("记录", strings.TrimSpace(d.user(s.CreatedBy)+" "+when(&s.CreatedAt)))
		state := stats.EnumLabel(string(s.Status), zh)
		if s.ConfirmedAt != nil {
			state += "：" + strings.TrimSpace(d.user(s.ConfirmedBy)+" "+when(s.ConfirmedAt))
		}
		if s.Rating != nil {
			state += " · 评分 " + strings.Repeat("★", *s.Rating) + strings.Repeat("☆", 5-*s.Rating)
		}
		d.kv("对方确认", state)
		d.kv("对方反馈", s.Feedback)
		if s.QueryReason != "" {
			d.kv("退回原因", strings.TrimSpace(s.QueryReason+" "+when(s.QueriedAt)))
		}
		for _, c := range s.Corrections {
			var ch []string
			for _, x := range c.Changes {
				ch = append(ch, fmt.Sprintf("%s：%s → %s", x.Field, x.Before, x.After))
			}
			d.kv("更正", fmt.Sprintf("%s %s：%s（%s）", when(&c.At), d.user(c.By), c.Reason, strings.Join(ch, "；")))
		}
		for _, r := range s.Reflections {
			label := "教育反思"
			if r.Kind == domain.ReflectionNotes {
				label = "听课笔记"
			}
			d.kv(label, fmt.Sprintf("%s（%s）：%s", d.teacher(r.TeacherID), r.At.In(domain.ChinaTime).Format("2006-01-02"), r.Text))
		}
		d.thumbnails(s.PhotoIDs)
	}
}

func (d *doc) events() {
	d.h1(fmt.Sprintf("四、培训与讲座（%d 次）", len(d.f.Events)))
	if len(d.f.Events) == 0 {
		d.note("（无）")
	}
	for _, e := range d.f.Events {
		org := d.kg(e.OrganizerKindergartenID)
		if e.OrganizerKindergartenID == "" {
			org = e.OrganizerRegionCode
		}
		d.h2(fmt.Sprintf("%s %s · %s · %g 小时 · %s", e.Date, e.Title, stats.EnumLabel(string(e.Type), zh), e.Hours, org))
		d.kv("地点", e.Place)
		d.kv("内容", e.Description)
		var who []string
		for _, a := range e.Attendance {
			who = append(who, fmt.Sprintf("%s（%s，%g 小时）", d.teacher(a.TeacherID), d.kg(a.KindergartenID), a.Hours))
		}
		d.kv(fmt.Sprintf("参加（%d 人）", len(e.Attendance)), strings.Join(who, "、"))
		d.thumbnails(e.PhotoIDs)
	}
}

func (d *doc) grades() {
	d.h1(fmt.Sprintf("五、听课评课（%d 节）", len(d.f.Grades)))
	var rows [][]string
	for _, g := range d.f.Grades {
		dom := ""
		if g.Domain != nil {
			dom = stats.EnumLabel(string(*g.Domain), zh)
		}
		by := d.user(g.CreatedBy)
		if g.GradedByBureau {
			by += "（教育局）"
		}
		rows = append(rows, []string{string(g.Date), d.teacher(g.TeacherID), d.kg(g.PartnerKindergartenID), g.Topic, dom,
			stats.EnumLabel(string(g.Grade), zh), g.Comments, by})
	}
	d.table([]string{"日期", "授课教师", "结对园", "课题", "领域", "等级", "评语", "评课人"}, []float64{20, 18, 26, 30, 12, 14, 40, 20}, rows)
}

func (d *doc) mentorships() {
	d.h1(fmt.Sprintf("六、师徒结对（%d 对）", len(d.f.Mentorships)))
	var rows [][]string
	for _, m := range d.f.Mentorships {
		var apprentices []string
		for _, id := range m.ApprenticeIDs {
			apprentices = append(apprentices, d.teacher(id))
		}
		rows = append(rows, []string{d.teacher(m.MentorID), strings.Join(apprentices, "、"), fmt.Sprintf("%s 至 %s", m.Start, m.End), m.Goals})
	}
	d.table([]string{"师傅", "徒弟", "时间", "目标"}, []float64{25, 45, 45, 65}, rows)
	kinds := map[domain.ActivityKind]string{domain.ActivityObservation: "听课观摩", domain.ActivityLessonStudy: "磨课", domain.ActivityTalk: "谈话指导"}
	for _, m := range d.f.Mentorships {
		if len(m.Activities) == 0 {
			continue
		}
		d.h2(fmt.Sprintf("%s 的带教活动（%d 次）", d.teacher(m.MentorID), len(m.Activities)))
		var rows [][]string
		var photos []string
		for _, x := range m.Activities {
			rows = append(rows, []string{string(x.Date), kinds[x.Kind], x.Notes, d.user(x.LoggedBy)})
			photos = append(photos, x.PhotoIDs...)
		}
		d.table([]string{"日期", "形式", "内容", "记录人"}, []float64{25, 25, 100, 30}, rows)
		d.thumbnails(photos)
	}
}

func (d *doc) donations() {
	d.h1(fmt.Sprintf("七、捐赠（%d 次）", len(d.f.Donations)))
	var rows [][]string
	total := 0.0
	for _, x := range d.f.Donations {
		var items []string
		for _, it := range x.Items {
			items = append(items, fmt.Sprintf("%s × %d", it.Name, it.Quantity))
		}
		total += x.Value
		rows = append(rows, []string{string(x.Date), d.kg(x.PartnerKindergartenID), strings.Join(items, "、"), fmt.Sprintf("%.2f", x.Value), x.Notes})
	}
	d.table([]string{"日期", "受赠园", "物品", "价值（元）", "备注"}, []float64{22, 35, 70, 23, 30}, rows)
	if len(rows) > 0 {
		d.text(fmt.Sprintf("合计价值 %.2f 元。", total))
	}
	var photos []string
	for _, x := range d.f.Donations {
		photos = append(photos, x.PhotoIDs...)
	}
	d.thumbnails(photos)
}

// wrap breaks s into lines no wider than w in the current font: at any character between
// Chinese ones, at a space within Latin text, and at each newline. (fpdf's own wrapping
// drops the character it breaks at when a line has no space, as Chinese lines have not.)
// multi prints s wrapped to width w from the current position, h a line, each line at the
// same left edge; fill paints the lines' background.
func (d *doc) multi(w, h float64, s, align string, fill bool) {
	p := d.p
	x := p.GetX()
	if w == 0 {
		w = pageW - margin - x
	}
	for _, line := range d.wrap(s, w) {
		if d.stopped() {
			return
		}
		if p.GetY()+h > pageH-margin-5 {
			p.AddPage()
		}
		p.SetX(x)
		p.CellFormat(w, h, line, "", 2, align, fill, 0, "")
	}
}

func (d *doc) summaries() {
	d.h1("八、学期总结")
	if len(d.f.Summaries) == 0 {
		d.note("（无）")
	}
	for _, st := range d.f.Summaries {
		side := "帮扶园"
		if st.Side == domain.SidePartner {
			side = "结对园"
		}
		d.h2(fmt.Sprintf("%s · %s（%s）", stats.SemesterLabel(st.Semester, zh), d.kg(st.KindergartenID), side))
		switch {
		case st.Summary == nil:
			d.note("尚未提交。")
		case st.Summary.Status != domain.SummarySubmitted:
			d.note("草稿，尚未提交：")
			d.text(st.Summary.Text)
		default:
			d.text(st.Summary.Text)
			when := ""
			if st.Summary.SubmittedAt != nil {
				when = st.Summary.SubmittedAt.In(domain.ChinaTime).Format("2006-01-02")
			}
			d.note(fmt.Sprintf("%s 提交于 %s", d.user(st.Summary.SubmittedBy), when))
		}
		if st.Summary != nil {
			d.thumbnails(st.Summary.PhotoIDs)
		}
	}
}

func (d *doc) inspections() {
	d.h1(fmt.Sprintf("九、督查与整改（%d 次）", len(d.f.Inspections)))
	if len(d.f.Inspections) == 0 {
		d.note("（无）")
	}
	status := map[domain.ItemStatus]string{domain.ItemOpen: "待整改", domain.ItemAnswered: "已答复，待教育局确认", domain.ItemClosed: "已整改"}
	for _, x := range d.f.Inspections {
		d.h2(fmt.Sprintf("%s 督查 · %s", x.Date, x.Inspectors))
		d.kv("督查意见", x.Findings)
		for i, it := range x.Items {
			line := fmt.Sprintf("%d. %s（期限 %s，%s）", i+1, it.Text, it.Deadline, status[it.Status])
			if it.Overdue(d.f.GeneratedAt) {
				line += " 已逾期"
			}
			d.kv("整改事项", line)
			for _, an := range it.Answers {
				d.kv("答复", fmt.Sprintf("%s %s（%s）：%s", an.At.In(domain.ChinaTime).Format("2006-01-02"), d.kg(an.KindergartenID), d.user(an.By), an.Text))
			}
			d.thumbnails(it.PhotoIDs)
			if it.ClosedAt != nil {
				d.kv("确认", fmt.Sprintf("%s %s", it.ClosedAt.In(domain.ChinaTime).Format("2006-01-02"), d.user(it.ClosedBy)))
			}
		}
	}
}
