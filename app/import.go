package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/sheet"
)

// Importing kindergartens and teachers from the bureau's spreadsheet. The whole file is
// checked first, with a report of every bad row; nothing is written unless every row is
// good. A row's record id is its 编号 column or, when empty, derived from what names it
// (region and name; kindergarten and name), so importing the same file again changes
// nothing and a corrected file updates the records it names.

// ImportKind is what a spreadsheet holds.
type ImportKind string

const (
	ImportKindergartens ImportKind = "kindergartens"
	ImportTeachers      ImportKind = "teachers"
)

// ImportError is one problem with one cell or row; Row counts as the spreadsheet does
// (the header is row 1).
type ImportError struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
	// The message's pattern and values, to write it again in another language.
	format string
	args   []any
}

// importError is a problem at row in column, its message made from format and args;
// a text from the file is quoted up to MaxQuotedRunes characters.
func importError(row int, column, format string, args ...any) ImportError {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = domain.Abbreviate(s, MaxQuotedRunes)
		}
	}
	return ImportError{Row: row, Column: column, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// ImportReport says what an import did, or would do (DryRun), or why it did nothing.
// It lists at most MaxReportedProblems problems, each quoting at most MaxQuotedRunes
// characters of a cell; MoreErrors counts the problems found beyond those listed. A file
// of thousands of bad rows, each naming one long shared string, is answered in a few
// kilobytes.
type ImportReport struct {
	Kind      ImportKind    `json:"kind"`
	DryRun    bool          `json:"dryRun"`
	Rows      int           `json:"rows"`
	Created   int           `json:"created"`
	Updated   int           `json:"updated"`
	Unchanged int           `json:"unchanged"`
	Errors    []ImportError `json:"errors"`
	// MoreErrors are the problems found but not listed.
	MoreErrors int `json:"moreErrors"`
}

// The bounds of an import's report.
const (
	MaxReportedProblems = 200
	MaxQuotedRunes      = 60
)

// add records a problem: listed while there is room, counted after.
func (rep *ImportReport) add(e ImportError) {
	if len(rep.Errors) >= MaxReportedProblems {
		rep.MoreErrors++
		return
	}
	rep.Errors = append(rep.Errors, e)
}

// Problems is how many problems the import found, listed or not.
func (rep *ImportReport) Problems() int { return len(rep.Errors) + rep.MoreErrors }

// column is one column of a template: its Chinese heading (what the template shows),
// its English one, and whether it must be filled.
type column struct {
	key, zh, en string
	required    bool
	example     string
}

var kindergartenColumns = []column{
	{"id", "编号", "ID", false, ""},
	{"name", "名称", "Name", true, "大王镇中心幼儿园"},
	{"regionCode", "区划代码", "Region code", true, "370523"},
	{"setting", "城乡类别", "Setting", true, "乡镇"},
	{"ownership", "办园性质", "Ownership", false, "公办"},
	{"level", "等级", "Level", false, "县一级园"},
	{"address", "地址", "Address", false, "广饶县大王镇"},
	{"classes", "班级数", "Classes", false, "6"},
	{"children", "幼儿数", "Children", false, "180"},
	{"staffCount", "教职工数", "Staff", false, "24"},
	{"teacherCount", "专任教师数", "Teachers", false, "14"},
	{"contactName", "联系人", "Contact", false, "李园长"},
	{"contactPhone", "联系电话", "Phone", false, "0546-6881234"},
}

var teacherColumns = []column{
	{"id", "编号", "ID", false, ""},
	{"name", "姓名", "Name", true, "王芳"},
	{"kindergartenId", "幼儿园编号", "Kindergarten ID", false, ""},
	{"kindergarten", "幼儿园", "Kindergarten", false, "大王镇中心幼儿园"},
	{"post", "岗位", "Post", true, "教师"},
	{"backbone", "骨干教师", "Backbone", false, "是"},
	{"title", "职称", "Title", false, "一级教师"},
	{"phone", "电话", "Phone", false, "13800000000"},
}

func columnsOf(kind ImportKind) ([]column, error) {
	switch kind {
	case ImportKindergartens:
		return kindergartenColumns, nil
	case ImportTeachers:
		return teacherColumns, nil
	}
	return nil, domain.Invalid("kind", "import kindergartens or teachers")
}

// ImportTemplate is the empty spreadsheet to fill in, with one example row.
func ImportTemplate(kind ImportKind) (*sheet.Table, error) {
	cols, err := columnsOf(kind)
	if err != nil {
		return nil, err
	}
	t := &sheet.Table{Title: map[ImportKind]string{ImportKindergartens: "幼儿园", ImportTeachers: "教师"}[kind]}
	var example []string
	for _, c := range cols {
		h := c.zh
		if c.required {
			h += "*"
		}
		t.Headers = append(t.Headers, h)
		if c.example != "" {
			example = append(example, c.zh+"："+c.example)
		}
	}
	t.Help = []string{
		"每行一条记录，从第2行开始填写；带*的列必填。",
		"编号可不填：系统按名称自动生成，同一文件重复导入不会产生重复记录。",
		"城乡类别：城区/乡镇/村。办园性质：公办/民办/其他。",
		"等级：省级示范园/市级示范园/市一级园/县一级园/县二级园/未定级。",
		"岗位：园长/副园长/教研组长/教师/保育员/保健医。骨干教师：是/否。",
		"教师的幼儿园：填幼儿园名称，重名时填幼儿园编号。",
		"示例：" + strings.Join(example, "，"),
	}
	return t, nil
}

// header maps each template column to its index in the file's header row.
func header(cols []column, row []string) (map[string]int, []ImportError) {
	idx := map[string]int{}
	for i, cell := range row {
		h := strings.TrimSuffix(strings.TrimSpace(cell), "*")
		for _, c := range cols {
			if strings.EqualFold(h, c.zh) || strings.EqualFold(h, c.en) || strings.EqualFold(h, c.key) {
				idx[c.key] = i
			}
		}
	}
	var errs []ImportError
	for _, c := range cols {
		if _, ok := idx[c.key]; !ok && c.required {
			errs = append(errs, importError(1, c.zh, "the header row has no column %s (%s)", c.zh, c.en))
		}
	}
	return idx, errs
}

// rowReader reads the cells of one data row by column key, collecting errors.
type rowReader struct {
	n    int // spreadsheet row number
	row  []string
	idx  map[string]int
	cols []column
	rep  *ImportReport
	// failed counts this row's problems.
	failed int
}

func (r *rowReader) text(key string) string {
	i, ok := r.idx[key]
	if !ok || i >= len(r.row) {
		return ""
	}
	return r.row[i]
}

func (r *rowReader) fail(key, format string, args ...any) {
	name := key
	for _, c := range r.cols {
		if c.key == key {
			name = c.zh
		}
	}
	r.failed++
	r.rep.add(importError(r.n, name, format, args...))
}

func (r *rowReader) required(key string) string {
	v := r.text(key)
	if v == "" {
		r.fail(key, "must be filled in")
	}
	return v
}

func (r *rowReader) optional(key string) *string {
	if v := r.text(key); v != "" {
		return &v
	}
	return nil
}

func (r *rowReader) count(key string) *int {
	v := r.text(key)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
	if err != nil || n < 0 {
		r.fail(key, "%q is not a whole number", v)
		return nil
	}
	return &n
}

// choice reads an enum by its Chinese name or its code.
func choice[T ~string](r *rowReader, key string, names map[string]T, def T) T {
	v := r.text(key)
	if v == "" {
		if def == "" {
			r.fail(key, "must be filled in")
		}
		return def
	}
	if t, ok := names[v]; ok {
		return t
	}
	for _, t := range names {
		if strings.EqualFold(string(t), v) {
			return t
		}
	}
	var opts []string
	for k := range names {
		opts = append(opts, k)
	}
	slices.Sort(opts)
	r.fail(key, "%q is not one of %s", v, strings.Join(opts, "/"))
	return def
}

var (
	settingNames   = map[string]domain.Setting{"城区": domain.SettingUrban, "乡镇": domain.SettingTownship, "村": domain.SettingVillage}
	ownershipNames = map[string]domain.Ownership{"公办": domain.OwnershipPublic, "民办": domain.OwnershipPrivate, "其他": domain.OwnershipOther}
	levelNames     = map[string]domain.KindergartenLevel{"省级示范园": domain.LevelProvincialDemonstration, "市级示范园": domain.LevelMunicipalDemonstration,
		"市一级园": domain.LevelMunicipalFirstClass, "县一级园": domain.LevelCountyFirstClass, "县二级园": domain.LevelCountySecondClass, "未定级": domain.LevelUnrated}
	postNames = map[string]domain.Post{"园长": domain.PostPrincipal, "副园长": domain.PostVicePrincipal, "教研组长": domain.PostTeachingResearch,
		"教师": domain.PostTeacher, "保育员": domain.PostChildcareAssistant, "保健医": domain.PostNurse}
	yesNo = map[string]bool{"是": true, "否": false, "yes": true, "no": false, "true": true, "false": false, "1": true, "0": false, "y": true, "n": false}
)

// A row without an id names its record by a natural key (a kindergarten's region and
// name, a teacher's kindergarten and name): importing the same file again finds the
// records the first import created instead of adding them twice, and a new record gets
// a random id, as every record created on the server does.
type naturalKeys[T any] struct {
	byKey map[string][]*T
}

func (n *naturalKeys[T]) add(key string, v *T) { n.byKey[key] = append(n.byKey[key], v) }

// resolve returns the id of the one record known by key, a new random id when there is
// none, or "" with the number found when several share the key.
func (n *naturalKeys[T]) resolve(key string, id func(*T) string) (string, int) {
	switch m := n.byKey[key]; len(m) {
	case 0:
		return domain.NewID(), 0
	case 1:
		return id(m[0]), 1
	default:
		return "", len(m)
	}
}

// once records that row r names the record known by key in seen, or reports the row
// that named it first.
func once(r *rowReader, kind string, seen map[string]int, key string) bool {
	if first, dup := seen[key]; dup {
		r.fail("name", "the same %s as row %d", kind, first)
		return false
	}
	seen[key] = r.n
	return true
}

func naturalKey(parts ...string) string { return strings.Join(parts, "\x00") }

// fieldColumn turns an input error's field (input.contactPhone) into the column key.
func fieldColumn(err error) (string, string) {
	var de *domain.Error
	if errors.As(err, &de) {
		return strings.TrimPrefix(de.Field, "input."), de.Message
	}
	return "", err.Error()
}

// Import checks a spreadsheet of kindergartens or teachers and, if every row is good
// and dryRun is false, creates or updates its records.
func (a *App) Import(ctx context.Context, p *policy.Principal, kind ImportKind, data []byte, dryRun bool) (*ImportReport, error) {
	if err := need(p); err != nil {
		return nil, err
	}
	cols, err := columnsOf(kind)
	if err != nil {
		return nil, err
	}
	rows, err := sheet.Read(data)
	if errors.Is(err, sheet.ErrTooMuchText) {
		return nil, domain.Invalid("file", "the cells of the sheet hold more than %d MB of text; an import takes at most that", sheet.MaxCellText>>20)
	}
	if err != nil {
		return nil, domain.Invalid("file", "%v", err)
	}
	rep := &ImportReport{Kind: kind, DryRun: dryRun, Errors: []ImportError{}}
	if len(rows) < 2 {
		rep.add(importError(1, "", "the file has no data rows below the header"))
		return rep, nil
	}
	idx, herrs := header(cols, rows[0])
	if len(herrs) > 0 {
		rep.Errors = herrs
		return rep, nil
	}
	var writes []write
	switch kind {
	case ImportKindergartens:
		writes, err = a.checkKindergartens(ctx, p, rows, idx, rep)
	default:
		writes, err = a.checkTeachers(ctx, p, rows, idx, rep)
	}
	if err != nil {
		return nil, err
	}
	if rep.Problems() > 0 {
		return rep, nil
	}
	for _, w := range writes {
		switch w.outcome {
		case created:
			rep.Created++
		case updated:
			rep.Updated++
		default:
			rep.Unchanged++
		}
	}
	if dryRun {
		return rep, nil
	}
	// Every row is written in one transaction (on the embedded store): a file is
	// imported whole or, if a write fails, not at all.
	err = a.Store.Tx(ctx, func(ctx context.Context) error {
		for _, w := range writes {
			if w.do != nil {
				if err := w.do(ctx); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// write is what importing one good row does (nothing, when unchanged).
type write struct {
	outcome int
	do      func(context.Context) error
}

const (
	unchanged = iota
	created
	updated
)

func (a *App) checkKindergartens(ctx context.Context, p *policy.Principal, rows [][]string, idx map[string]int, rep *ImportReport) ([]write, error) {
	var writes []write
	seen, seenByName := map[string]int{}, map[string]int{}
	regions := map[string]bool{}
	var known *naturalKeys[domain.Kindergarten]
	for n, row := range rows[1:] {
		if blank(row) {
			continue
		}
		rep.Rows++
		r := &rowReader{n: n + 2, row: row, idx: idx, cols: kindergartenColumns, rep: rep}
		in, ok := kindergartenRow(r)
		if !ok {
			continue
		}
		if !policy.CanManageKindergarten(p, domain.RegionPath(in.RegionCode)) {
			r.fail("regionCode", "region %s is outside the region you manage", in.RegionCode)
			continue
		}
		named := in.ID != nil
		if !named {
			if known == nil {
				sc, err := scope(p)
				if err != nil {
					return nil, err
				}
				known = &naturalKeys[domain.Kindergarten]{byKey: map[string][]*domain.Kindergarten{}}
				err = a.Store.EachKindergarten(ctx, sc, func(k *domain.Kindergarten) error {
					known.add(naturalKey(k.RegionCode, k.Name), k)
					return nil
				})
				if err != nil {
					return nil, err
				}
			}
			id, found := known.resolve(naturalKey(in.RegionCode, in.Name), func(k *domain.Kindergarten) string { return k.ID })
			if id == "" {
				r.fail("name", "%d kindergartens in region %s are named %s; fill in 编号 (id) instead", found, in.RegionCode, in.Name)
				continue
			}
			in.ID = &id
		}
		id := *in.ID
		if !once(r, "kindergarten", seen, id) || (!named && !once(r, "kindergarten", seenByName, naturalKey(in.RegionCode, in.Name))) {
			continue
		}
		if _, ok := regions[in.RegionCode]; !ok {
			_, err := a.Store.Region(ctx, in.RegionCode)
			if err != nil && domain.CodeOf(err) != domain.CodeNotFound {
				return nil, err
			}
			regions[in.RegionCode] = err == nil
		}
		if !regions[in.RegionCode] {
			r.fail("regionCode", "no region with code %s; ask the administrator to add it", in.RegionCode)
			continue
		}
		cur, err := a.Store.Kindergarten(ctx, id)
		switch {
		case domain.CodeOf(err) == domain.CodeNotFound && named && !seesAll(p):
			// A 编号 names a record to change. Refused alike whether it exists out of the
			// caller's sight or not at all: the answer tells nothing of other regions.
			r.fail("id", "%s is not the id of a kindergarten you may change; leave 编号 empty to add a new one", id)
			continue
		case domain.CodeOf(err) == domain.CodeNotFound:
			writes = append(writes, write{created, func(ctx context.Context) error {
				_, err := a.CreateKindergarten(ctx, p, in)
				return err
			}})
		case err != nil:
			return nil, err
		default:
			if ok, _ := policy.SeesKindergarten(p, cur); !ok || !policy.CanEditKindergartenProfile(p, cur) {
				r.fail("id", "%s is not the id of a kindergarten you may change; leave 编号 empty to add a new one", id)
				continue
			}
			next := *cur
			applyKindergarten(&next, &in)
			if sameKindergarten(cur, &next) {
				writes = append(writes, write{outcome: unchanged})
				continue
			}
			writes = append(writes, write{updated, func(ctx context.Context) error {
				_, err := a.UpdateKindergarten(ctx, p, id, in)
				return err
			}})
		}
	}
	return writes, nil
}

// kindergartenRow reads one row of the kindergarten sheet into an input, reporting every
// problem it finds to r; ok is false if there was one.
func kindergartenRow(r *rowReader) (in domain.KindergartenInput, ok bool) {
	before := r.failed
	in = domain.KindergartenInput{Name: r.required("name"), RegionCode: r.required("regionCode"),
		Setting: choice(r, "setting", settingNames, ""), Ownership: choice(r, "ownership", ownershipNames, domain.OwnershipPublic),
		Level: choice(r, "level", levelNames, domain.LevelUnrated), Address: r.optional("address"),
		Classes: r.count("classes"), Children: r.count("children"), StaffCount: r.count("staffCount"),
		TeacherCount: r.count("teacherCount"), ContactName: r.optional("contactName"), ContactPhone: r.optional("contactPhone")}
	if in.RegionCode != "" {
		if _, err := domain.RegionLevelOf(in.RegionCode); err != nil {
			r.fail("regionCode", "%v", err)
		}
	}
	if id := r.text("id"); id != "" {
		in.ID = &id
	}
	if r.failed > before {
		return in, false
	}
	if err := in.Validate(); err != nil {
		col, msg := fieldColumn(err)
		r.fail(col, "%s", msg)
		return in, false
	}
	return in, true
}

func sameKindergarten(a, b *domain.Kindergarten) bool {
	return a.Name == b.Name && a.RegionCode == b.RegionCode && a.Address == b.Address && a.Setting == b.Setting &&
		a.Ownership == b.Ownership && a.Level == b.Level && a.Classes == b.Classes && a.Children == b.Children &&
		a.StaffCount == b.StaffCount && a.TeacherCount == b.TeacherCount && a.ContactName == b.ContactName &&
		a.ContactPhone == b.ContactPhone
}

func (a *App) checkTeachers(ctx context.Context, p *policy.Principal, rows [][]string, idx map[string]int, rep *ImportReport) ([]write, error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	// The kindergartens the caller may see, by id and by name.
	byID, byName := map[string]*domain.Kindergarten{}, map[string][]*domain.Kindergarten{}
	err = a.Store.EachKindergarten(ctx, sc, func(k *domain.Kindergarten) error {
		byID[k.ID] = k
		byName[k.Name] = append(byName[k.Name], k)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, ok := idx["kindergartenId"]; !ok {
		if _, ok := idx["kindergarten"]; !ok {
			rep.add(importError(1, "幼儿园", "the header row needs a column 幼儿园 (name) or 幼儿园编号 (id)"))
			return nil, nil
		}
	}
	var writes []write
	seen, seenByName := map[string]int{}, map[string]int{}
	staff := map[string]*naturalKeys[domain.Teacher]{}
	for n, row := range rows[1:] {
		if blank(row) {
			continue
		}
		rep.Rows++
		r := &rowReader{n: n + 2, row: row, idx: idx, cols: teacherColumns, rep: rep}
		var k *domain.Kindergarten
		switch kid, kname := r.text("kindergartenId"), r.text("kindergarten"); {
		case kid != "":
			if k = byID[kid]; k == nil {
				r.fail("kindergartenId", "no kindergarten with id %s that you can see", kid)
			}
		case kname != "":
			switch m := byName[kname]; len(m) {
			case 0:
				r.fail("kindergarten", "no kindergarten named %s that you can see", kname)
			case 1:
				k = m[0]
			default:
				r.fail("kindergarten", "%d kindergartens are named %s; fill in 幼儿园编号 instead", len(m), kname)
			}
		default:
			r.fail("kindergarten", "must be filled in")
		}
		in := domain.TeacherInput{Name: r.required("name"), Post: choice(r, "post", postNames, "")}
		if v := r.text("backbone"); v != "" {
			b, ok := yesNo[strings.ToLower(v)]
			if !ok {
				r.fail("backbone", "%q: write 是 or 否", v)
			}
			in.Backbone = &b
		}
		in.Title, in.Phone = r.optional("title"), r.optional("phone")
		if r.failed > 0 {
			continue
		}
		in.KindergartenID = k.ID
		if !policy.CanManageTeachers(p, k) {
			r.fail("kindergarten", "you cannot add teachers to %s", k.Name)
			continue
		}
		id := r.text("id")
		named := id != ""
		if !named {
			known := staff[k.ID]
			if known == nil {
				known = &naturalKeys[domain.Teacher]{byKey: map[string][]*domain.Teacher{}}
				err := a.Store.EachTeacherAt(ctx, k.ID, func(t *domain.Teacher) error {
					known.add(t.Name, t)
					return nil
				})
				if err != nil {
					return nil, err
				}
				staff[k.ID] = known
			}
			var found int
			if id, found = known.resolve(in.Name, func(t *domain.Teacher) string { return t.ID }); id == "" {
				r.fail("name", "%d teachers at %s are named %s; fill in 编号 (id) instead", found, k.Name, in.Name)
				continue
			}
		}
		in.ID = &id
		if err := in.Validate(); err != nil {
			col, msg := fieldColumn(err)
			r.fail(col, "%s", msg)
			continue
		}
		if !once(r, "teacher", seen, id) || (!named && !once(r, "teacher", seenByName, naturalKey(k.ID, in.Name))) {
			continue
		}
		cur, err := a.Store.Teacher(ctx, id)
		switch {
		case domain.CodeOf(err) == domain.CodeNotFound && named && !seesAll(p):
			r.fail("id", "%s is not the id of a teacher at %s; leave 编号 empty to add a new one", id, k.Name)
			continue
		case domain.CodeOf(err) == domain.CodeNotFound:
			writes = append(writes, write{created, func(ctx context.Context) error {
				_, err := a.CreateTeacher(ctx, p, in)
				return err
			}})
		case err != nil:
			return nil, err
		default:
			if cur.KindergartenID != k.ID {
				r.fail("id", "%s is not the id of a teacher at %s; leave 编号 empty to add a new one", id, k.Name)
				continue
			}
			next := *cur
			applyTeacher(&next, &in, k)
			if next.Name == cur.Name && next.Post == cur.Post && next.Backbone == cur.Backbone && next.Title == cur.Title && next.Phone == cur.Phone {
				writes = append(writes, write{outcome: unchanged})
				continue
			}
			writes = append(writes, write{updated, func(ctx context.Context) error {
				_, err := a.UpdateTeacher(ctx, p, id, in)
				return err
			}})
		}
	}
	return writes, nil
}

// seesAll: the caller sees every record (an admin), so whether an id exists is no secret.
func seesAll(p *policy.Principal) bool {
	sc, err := scope(p)
	return err == nil && sc.All
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
