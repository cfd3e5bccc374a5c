package pairingfile

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/sheet"
	"github.com/handinhand/handinhand/stats"
)

// Names of the files inside the ZIP.
const (
	PDFName     = "帮扶档案.pdf"
	RecordsName = "全部记录.xlsx"
	PhotosDir   = "照片/"
)

// WriteZIP writes the file as a ZIP to w: the PDF, a workbook of every record with all
// its fields, and each photo at its kept display size, named by date and record. Photos
// are copied from the store one at a time, straight into the stream; one the store
// cannot give is left out and listed in 缺少的照片.txt.
func WriteZIP(ctx context.Context, w io.Writer, f *app.PairingFile, get Getter) error {
	z := zip.NewWriter(w)
	now := time.Now()
	entry := func(name string, method uint16) (io.Writer, error) {
		return z.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: now})
	}
	pw, err := entry(PDFName, zip.Deflate)
	if err != nil {
		return err
	}
	if err := WritePDF(ctx, pw, f, get); err != nil {
		return err
	}
	xw, err := entry(RecordsName, zip.Store) // an XLSX is compressed already
	if err != nil {
		return err
	}
	if err := sheet.WriteBook(xw, Workbook(f)...); err != nil {
		return err
	}
	var missing []string
	for _, ph := range photoNames(f) {
		if err := ctx.Err(); err != nil {
			return err
		}
		rc, err := get(ctx, ph.key)
		if err != nil {
			missing = append(missing, ph.name)
			continue
		}
		pw, err := entry(PhotosDir+ph.name, zip.Store) // JPEG: compressed already
		if err == nil {
			_, err = io.Copy(pw, rc)
		}
		rc.Close()
		if err != nil {
			return err
		}
	}
	if len(missing) > 0 {
		mw, err := entry("缺少的照片.txt", zip.Deflate)
		if err != nil {
			return err
		}
		fmt.Fprintf(mw, "下列照片生成档案时无法从照片存储读取：\r\n%s\r\n", strings.Join(missing, "\r\n"))
	}
	return z.Close()
}

type namedPhoto struct{ name, key string }

// photoNames names each ready photo of the file's records by the record's date and kind,
// in date order: 2026-10-02_示范课_1a2b3c4d_1.jpg.
func photoNames(f *app.PairingFile) []namedPhoto {
	var out []namedPhoto
	add := func(date domain.Date, what, id string, ids []string) {
		n := 0
		for _, pid := range ids {
			ph := f.Photos[pid]
			if ph == nil || ph.DisplayKey == "" {
				continue
			}
			n++
			out = append(out, namedPhoto{name: fmt.Sprintf("%s_%s_%s_%d.jpg", date, safeName(what), id[:min(8, len(id))], n), key: ph.DisplayKey})
		}
	}
	for _, s := range f.Sessions {
		add(s.Date, stats.EnumLabel(string(s.Type), zh), s.ID, s.PhotoIDs)
	}
	for _, e := range f.Events {
		add(e.Date, e.Title, e.ID, e.PhotoIDs)
	}
	for _, x := range f.Donations {
		add(x.Date, "捐赠", x.ID, x.PhotoIDs)
	}
	for _, m := range f.Mentorships {
		for _, x := range m.Activities {
			add(x.Date, "带教活动", x.ID, x.PhotoIDs)
		}
	}
	for _, st := range f.Summaries {
		if st.Summary != nil {
			add(domain.Date(st.Semester), "学期总结_"+sideName(st.Side), st.KindergartenID, st.Summary.PhotoIDs)
		}
	}
	for _, x := range f.Inspections {
		for _, it := range x.Items {
			add(x.Date, "督查整改", it.ID, it.PhotoIDs)
		}
	}
	return out
}

func sideName(s domain.Side) string {
	if s == domain.SidePartner {
		return "结对园"
	}
	return "帮扶园"
}

// safeName keeps a file name part to what every system's unzip accepts.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 20 {
		s = string(r[:20])
	}
	// "..", "." or a name of dots and spaces would climb out of its folder, or vanish,
	// when the archive is unpacked.
	if s = strings.Trim(s, ". "); s == "" {
		s = "_"
	}
	return s
}

// Workbook lays out every record of the file as tables: sessions with all their fields,
// training events with who attended, grades, and donations.
func Workbook(f *app.PairingFile) []*sheet.Table {
	d := &doc{f: f}
	when := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(domain.ChinaTime).Format("2006-01-02 15:04")
	}
	sessions := &sheet.Table{Title: "送教记录", Headers: []string{"日期", "学期", "类型", "方向", "帮扶园", "结对园", "课时", "领域", "主题",
		"授课教师", "参与人数", "内容与备注", "记录人", "记录时间", "状态", "确认人", "确认时间", "评分", "对方反馈", "退回原因", "更正", "照片数", "记录编号"}}
	for _, s := range f.Sessions {
		var teachers, domains, corrections []string
		for _, id := range s.TeacherIDs {
			teachers = append(teachers, d.teacher(id))
		}
		for _, x := range s.Domains {
			domains = append(domains, stats.EnumLabel(string(x), zh))
		}
		for _, c := range s.Corrections {
			corrections = append(corrections, fmt.Sprintf("%s %s：%s", when(&c.At), d.user(c.By), c.Reason))
		}
		var rating any
		if s.Rating != nil {
			rating = *s.Rating
		}
		photos := 0
		for _, id := range s.PhotoIDs {
			if f.Photos[id] != nil {
				photos++
			}
		}
		sessions.Rows = append(sessions.Rows, []any{string(s.Date), stats.SemesterLabel(s.Semester, zh), stats.EnumLabel(string(s.Type), zh),
			stats.EnumLabel(string(s.Direction), zh), d.kg(s.SupportingKindergartenID), d.kg(s.PartnerKindergartenID), s.Hours,
			strings.Join(domains, "、"), s.Topic, strings.Join(teachers, "、"), s.Attendees, s.Notes, d.user(s.CreatedBy), when(&s.CreatedAt),
			stats.EnumLabel(string(s.Status), zh), d.user(s.ConfirmedBy), when(s.ConfirmedAt), rating, s.Feedback, s.QueryReason,
			strings.Join(corrections, "；"), photos, s.ID})
	}
	events := &sheet.Table{Title: "培训活动", Headers: []string{"日期", "标题", "类型", "小时", "主办", "地点", "内容", "参加人员", "人数", "记录编号"}}
	for _, e := range f.Events {
		var who []string
		for _, a := range e.Attendance {
			who = append(who, fmt.Sprintf("%s（%s）", d.teacher(a.TeacherID), d.kg(a.KindergartenID)))
		}
		org := d.kg(e.OrganizerKindergartenID)
		if e.OrganizerKindergartenID == "" {
			org = e.OrganizerRegionCode
		}
		events.Rows = append(events.Rows, []any{string(e.Date), e.Title, stats.EnumLabel(string(e.Type), zh), e.Hours, org, e.Place,
			e.Description, strings.Join(who, "、"), len(e.Attendance), e.ID})
	}
	grades := &sheet.Table{Title: "听课评课", Headers: []string{"日期", "授课教师", "结对园", "课题", "领域", "等级", "评语", "评课人", "记录编号"}}
	for _, g := range f.Grades {
		dom := ""
		if g.Domain != nil {
			dom = stats.EnumLabel(string(*g.Domain), zh)
		}
		grades.Rows = append(grades.Rows, []any{string(g.Date), d.teacher(g.TeacherID), d.kg(g.PartnerKindergartenID), g.Topic, dom,
			stats.EnumLabel(string(g.Grade), zh), g.Comments, d.user(g.CreatedBy), g.ID})
	}
	donations := &sheet.Table{Title: "捐赠", Headers: []string{"日期", "受赠园", "物品", "价值（元）", "备注", "记录编号"}}
	for _, x := range f.Donations {
		var items []string
		for _, it := range x.Items {
			items = append(items, fmt.Sprintf("%s × %d", it.Name, it.Quantity))
		}
		donations.Rows = append(donations.Rows, []any{string(x.Date), d.kg(x.PartnerKindergartenID), strings.Join(items, "、"), x.Value, x.Notes, x.ID})
	}
	summaries := &sheet.Table{Title: "学期总结", Headers: []string{"学期", "幼儿园", "状态", "总结", "提交人", "提交时间"}}
	for _, st := range f.Summaries {
		row := []any{stats.SemesterLabel(st.Semester, zh), d.kg(st.KindergartenID), "未提交", "", "", ""}
		if s := st.Summary; s != nil {
			state := "草稿"
			if s.Status == domain.SummarySubmitted {
				state = "已提交"
			}
			row = []any{stats.SemesterLabel(st.Semester, zh), d.kg(st.KindergartenID), state, s.Text, d.user(s.SubmittedBy), when(s.SubmittedAt)}
		}
		summaries.Rows = append(summaries.Rows, row)
	}
	inspections := &sheet.Table{Title: "督查整改", Headers: []string{"督查日期", "督查人员", "督查意见", "整改事项", "期限", "状态", "答复", "确认时间"}}
	for _, x := range f.Inspections {
		for _, it := range x.Items {
			var answers []string
			for _, an := range it.Answers {
				answers = append(answers, fmt.Sprintf("%s %s：%s", when(&an.At), d.kg(an.KindergartenID), an.Text))
			}
			inspections.Rows = append(inspections.Rows, []any{string(x.Date), x.Inspectors, x.Findings, it.Text, string(it.Deadline),
				stats.EnumLabel(string(it.Status), zh), strings.Join(answers, "；"), when(it.ClosedAt)})
		}
	}
	activities := &sheet.Table{Title: "带教活动", Headers: []string{"日期", "师傅", "形式", "内容", "记录人"}}
	for _, m := range f.Mentorships {
		for _, x := range m.Activities {
			activities.Rows = append(activities.Rows, []any{string(x.Date), d.teacher(m.MentorID), string(x.Kind), x.Notes, d.user(x.LoggedBy)})
		}
	}
	reflections := &sheet.Table{Title: "反思与笔记", Headers: []string{"记录日期", "记录", "教师", "类别", "内容"}}
	for _, s := range f.Sessions {
		for _, r := range s.Reflections {
			kind := "教育反思"
			if r.Kind == domain.ReflectionNotes {
				kind = "听课笔记"
			}
			reflections.Rows = append(reflections.Rows, []any{string(s.Date), stats.EnumLabel(string(s.Type), zh), d.teacher(r.TeacherID), kind, r.Text})
		}
	}
	return []*sheet.Table{sessions, events, grades, donations, summaries, inspections, activities, reflections}
}

// WriteCountyZIP writes the files of several pairings into one ZIP, a folder each holding
// its PDF and workbook (the photos stay in each pairing's own ZIP, to keep this one small
// enough to download). next gives the pairings' files one at a time, nil at the end, so that
// only one is in memory.
func WriteCountyZIP(ctx context.Context, w io.Writer, next func() (*app.PairingFile, error), get Getter) error {
	z := zip.NewWriter(w)
	now := time.Now()
	seen := map[string]int{}
	for {
		f, err := next()
		if err != nil {
			return err
		}
		if f == nil {
			break
		}
		dir := safeName(f.Pairing.Name)
		if seen[dir]++; seen[dir] > 1 {
			dir = fmt.Sprintf("%s_%d", dir, seen[dir])
		}
		pw, err := z.CreateHeader(&zip.FileHeader{Name: dir + "/" + PDFName, Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		if err := WritePDF(ctx, pw, f, get); err != nil {
			return err
		}
		xw, err := z.CreateHeader(&zip.FileHeader{Name: dir + "/" + RecordsName, Method: zip.Store, Modified: now})
		if err != nil {
			return err
		}
		if err := sheet.WriteBook(xw, Workbook(f)...); err != nil {
			return err
		}
	}
	return z.Close()
}
