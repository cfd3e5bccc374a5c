// Package demo fills an empty store with a realistic demo region — Dongying (东营市) in
// Shandong with three counties, about thirty kindergartens, ten pairings over two school
// years and a few hundred sessions and events — so that every screen and aggregate has
// something true to show. Everything is written through the app package, under the
// same rules as real use.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
)

// Password is the password of every demo user.
const Password = "demo-password"

// The demo users. teacher works at a supporting kindergarten with exactly one active
// pairing, whose single partner kindergarten partner administers; bureau is the bureau
// of the county containing both.
const (
	UserAdmin     = "admin"
	UserBureau    = "bureau"
	UserTeacher   = "teacher"
	UserPartner   = "partner"
	UserSupporter = "supporter"
	UserCity      = "city"
)

// Region codes of the demo.
const (
	Province       = "37"
	City           = "3705"
	CountyGuangrao = "370523"
	CountyLijin    = "370522"
	CountyDongying = "370502"
)

// Summary counts what was loaded.
type Summary struct {
	Kindergartens, Teachers, Pairings, Sessions, TrainingEvents, Photos, Children int
}

var ns = uuid.MustParse("6f1c1f0e-3b7a-4d3e-9a55-2d1c8e3f0a11")

// ID is the stable id of a named demo record, so that documentation and tests can refer
// to the demo's records.
func ID(name string) string { return uuid.NewSHA1(ns, []byte(name)).String() }

type kg struct {
	name    string
	region  string
	setting domain.Setting
	level   domain.KindergartenLevel
	classes int
}

var regions = []struct{ code, name string }{
	{Province, "山东省"}, {City, "东营市"},
	{CountyDongying, "东营区"}, {CountyLijin, "利津县"}, {CountyGuangrao, "广饶县"},
	{"370523001", "乐安街道"}, {"370523100", "大王镇"}, {"370523101", "稻庄镇"}, {"370523102", "丁庄镇"},
	{"370523103", "李鹊镇"}, {"370523104", "大码头镇"}, {"370523105", "花官镇"},
	{"370522001", "利津街道"}, {"370522100", "盐窝镇"}, {"370522101", "陈庄镇"}, {"370522102", "汀罗镇"},
	{"370522103", "北宋镇"}, {"370522200", "明集乡"},
	{"370502001", "文汇街道"}, {"370502100", "牛庄镇"}, {"370502101", "六户镇"}, {"370502102", "史口镇"}, {"370502103", "龙居镇"},
}

var kindergartens = []kg{
	{"广饶县实验幼儿园", "370523001", domain.SettingUrban, domain.LevelProvincialDemonstration, 18},
	{"乐安实验学校幼儿园", "370523001", domain.SettingUrban, domain.LevelProvincialDemonstration, 15},
	{"广饶县第二实验幼儿园", "370523001", domain.SettingUrban, domain.LevelMunicipalFirstClass, 12},
	{"大王镇中心幼儿园", "370523100", domain.SettingTownship, domain.LevelCountyFirstClass, 8},
	{"稻庄镇中心幼儿园", "370523101", domain.SettingTownship, domain.LevelCountyFirstClass, 6},
	{"丁庄镇中心幼儿园", "370523102", domain.SettingTownship, domain.LevelCountySecondClass, 5},
	{"李鹊镇中心幼儿园", "370523103", domain.SettingTownship, domain.LevelCountySecondClass, 5},
	{"大码头镇中心幼儿园", "370523104", domain.SettingTownship, domain.LevelUnrated, 4},
	{"花官镇中心幼儿园", "370523105", domain.SettingTownship, domain.LevelCountySecondClass, 4},
	{"稻庄镇西水村幼儿园", "370523101", domain.SettingVillage, domain.LevelUnrated, 2},
	{"大王镇延集村幼儿园", "370523100", domain.SettingVillage, domain.LevelUnrated, 2},
	{"利津县实验幼儿园", "370522001", domain.SettingUrban, domain.LevelProvincialDemonstration, 16},
	{"利津县第二实验幼儿园", "370522001", domain.SettingUrban, domain.LevelMunicipalFirstClass, 10},
	{"盐窝镇中心幼儿园", "370522100", domain.SettingTownship, domain.LevelCountyFirstClass, 6},
	{"陈庄镇中心幼儿园", "370522101", domain.SettingTownship, domain.LevelCountySecondClass, 5},
	{"汀罗镇中心幼儿园", "370522102", domain.SettingTownship, domain.LevelCountySecondClass, 4},
	{"北宋镇中心幼儿园", "370522103", domain.SettingTownship, domain.LevelUnrated, 4},
	{"明集乡中心幼儿园", "370522200", domain.SettingTownship, domain.LevelUnrated, 3},
	{"北宋镇佟家村幼儿园", "370522103", domain.SettingVillage, domain.LevelUnrated, 2},
	{"陈庄镇罗家村幼儿园", "370522101", domain.SettingVillage, domain.LevelUnrated, 2},
	{"东营区实验幼儿园", "370502001", domain.SettingUrban, domain.LevelProvincialDemonstration, 20},
	{"东营区第一实验幼儿园", "370502001", domain.SettingUrban, domain.LevelMunicipalDemonstration, 14},
	{"东营区第二实验幼儿园", "370502001", domain.SettingUrban, domain.LevelMunicipalFirstClass, 12},
	{"牛庄镇中心幼儿园", "370502100", domain.SettingTownship, domain.LevelCountyFirstClass, 6},
	{"六户镇中心幼儿园", "370502101", domain.SettingTownship, domain.LevelCountyFirstClass, 6},
	{"史口镇中心幼儿园", "370502102", domain.SettingTownship, domain.LevelCountySecondClass, 5},
	{"龙居镇中心幼儿园", "370502103", domain.SettingTownship, domain.LevelCountySecondClass, 4},
	{"牛庄镇小张村幼儿园", "370502100", domain.SettingVillage, domain.LevelUnrated, 2},
	{"六户镇老于村幼儿园", "370502101", domain.SettingVillage, domain.LevelUnrated, 2},
	{"史口镇圈里村幼儿园", "370502102", domain.SettingVillage, domain.LevelUnrated, 2},
}

type pairing struct {
	name       string
	supporting string
	partners   []string
	ended      bool // ended with the previous school year
}

// The first pairing is the demo teacher's; its supporting kindergarten's other pairing
// ended last school year, so it has exactly one active pairing.
var pairings = []pairing{
	{"广饶县实验幼儿园—大王镇中心幼儿园结对帮扶", "广饶县实验幼儿园", []string{"大王镇中心幼儿园"}, false},
	{"乐安实验学校幼儿园“手拉手”城乡结对", "乐安实验学校幼儿园", []string{"稻庄镇中心幼儿园", "丁庄镇中心幼儿园"}, false},
	{"广饶县第二实验幼儿园帮扶共同体", "广饶县第二实验幼儿园", []string{"李鹊镇中心幼儿园", "大码头镇中心幼儿园", "稻庄镇西水村幼儿园"}, false},
	{"广饶县实验幼儿园—花官镇中心幼儿园结对帮扶", "广饶县实验幼儿园", []string{"花官镇中心幼儿园"}, true},
	{"利津县实验幼儿园城乡结对", "利津县实验幼儿园", []string{"盐窝镇中心幼儿园", "陈庄镇中心幼儿园"}, false},
	{"利津县第二实验幼儿园送教下乡", "利津县第二实验幼儿园", []string{"汀罗镇中心幼儿园", "北宋镇佟家村幼儿园"}, false},
	{"利津县实验幼儿园—明集乡中心幼儿园结对", "利津县实验幼儿园", []string{"明集乡中心幼儿园"}, false},
	{"东营区第一实验幼儿园城乡手拉手", "东营区第一实验幼儿园", []string{"牛庄镇中心幼儿园", "牛庄镇小张村幼儿园"}, false},
	{"东营区第二实验幼儿园帮扶计划", "东营区第二实验幼儿园", []string{"六户镇中心幼儿园", "六户镇老于村幼儿园", "史口镇圈里村幼儿园"}, false},
	{"东营区实验幼儿园跨县结对帮扶", "东营区实验幼儿园", []string{"龙居镇中心幼儿园", "陈庄镇罗家村幼儿园"}, false},
}

var (
	surnames = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
	given    = []string{"丽", "敏", "静", "娟", "艳", "霞", "芳", "燕", "玲", "婷", "雪", "慧", "洁", "莉", "萍", "红", "琳", "颖", "倩", "梅", "欣怡", "雨涵", "晓燕", "春梅", "秀英", "海燕", "文静", "佳琪"}
	topics   = map[domain.SessionType][]string{
		domain.SessionDemonstrationClass:    {"大班科学活动《有趣的沉浮》", "中班语言活动《彩虹色的花》", "小班艺术活动《小手印画》", "大班健康活动《我是小小消防员》", "中班社会活动《我们的社区》", "大班数学活动《按规律排序》"},
		domain.SessionSpecialLecture:        {"《3-6岁儿童学习与发展指南》解读", "幼儿园一日生活的组织与管理", "区域活动的创设与指导", "家园共育的有效策略", "游戏化课程的实施"},
		domain.SessionObservationCritique:   {"青年教师汇报课听评课", "集体教学活动观摩研讨", "户外自主游戏观察与评析"},
		domain.SessionEnvironmentGuidance:   {"班级区角环境创设指导", "户外游戏场地规划", "主题墙饰的创设"},
		domain.SessionManagementGuidance:    {"园务管理制度建设", "保教常规检查指导", "教师考核制度完善"},
		domain.SessionHealthCareGuidance:    {"晨午检与卫生消毒规范", "幼儿膳食营养搭配", "传染病预防与控制"},
		domain.SessionJointTeachingResearch: {"课间操创编联合教研", "绘本阅读教学联合教研", "游戏观察记录联合教研"},
		domain.SessionMonthlyVisit:          {"一日活动视导", "保教常规视导", "区域活动开展情况视导"},
		domain.SessionFollowUpStudy:         {"跟岗学习：一日常规", "跟岗学习：集体备课", "跟岗学习：区域活动组织"},
		domain.SessionJobSwap:               {"园长岗位互换", "教师岗位互换带班"},
	}
)

type loader struct {
	a        *app.App
	r        *rand.Rand
	today    domain.Date
	admin    *policy.Principal
	kgIDs    map[string]string   // name → id
	teachers map[string][]string // kindergarten id → teacher ids
	users    map[string]*domain.User
	sum      Summary
}

// Load fills an empty store with the demo region. It refuses a store that has users.
func Load(ctx context.Context, a *app.App) (Summary, error) {
	n, err := a.Store.CountUsers(ctx)
	if err != nil {
		return Summary{}, err
	}
	if n > 0 {
		return Summary{}, fmt.Errorf("the store already has users; the demo loads only into an empty store")
	}
	l := &loader{
		a:        a,
		r:        rand.New(rand.NewPCG(2025, 9)),
		today:    domain.DateOf(domain.Now()),
		admin:    &policy.Principal{UserID: ID("user:" + UserAdmin), Role: domain.RoleAdmin},
		kgIDs:    map[string]string{},
		teachers: map[string][]string{},
		users:    map[string]*domain.User{},
	}
	steps := []func(context.Context) error{l.regions, l.kindergartens, l.people, l.pairings, l.sessions, l.training, l.support, l.followUp, l.children}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return l.sum, err
		}
	}
	return l.sum, nil
}

func (l *loader) regions(ctx context.Context) error {
	for _, r := range regions {
		if _, err := l.a.PutRegion(ctx, l.admin, r.code, r.name); err != nil {
			return fmt.Errorf("region %s: %w", r.code, err)
		}
	}
	return nil
}

func (l *loader) kindergartens(ctx context.Context) error {
	for i, k := range kindergartens {
		id := ID("kg:" + k.name)
		children := k.classes * (25 + l.r.IntN(8))
		teachers := k.classes*2 + l.r.IntN(3)
		in := domain.KindergartenInput{
			ID: &id, Name: k.name, RegionCode: k.region, Setting: k.setting,
			Ownership: domain.OwnershipPublic, Level: k.level,
			Address: ptr(regionName(k.region) + []string{"中心路", "建设路", "文化路", "育才街"}[i%4] + fmt.Sprintf("%d号", 10+i*7)),
			Classes: &k.classes, Children: &children, TeacherCount: &teachers, StaffCount: ptr(teachers + k.classes),
			ContactName: ptr(l.personName() + "园长"), ContactPhone: ptr(fmt.Sprintf("0546-%07d", 6000000+i*137)),
		}
		if _, err := l.a.CreateKindergarten(ctx, l.admin, in); err != nil {
			return fmt.Errorf("kindergarten %s: %w", k.name, err)
		}
		l.kgIDs[k.name] = id
		l.sum.Kindergartens++
	}
	return nil
}

func regionName(code string) string {
	for _, r := range regions {
		if r.code == code {
			return r.name
		}
	}
	return ""
}

func (l *loader) personName() string {
	return string(surnames[l.r.IntN(len(surnames))]) + given[l.r.IntN(len(given))]
}

func ptr[T any](v T) *T { return &v }

// people adds each kindergarten's staff and the demo users.
func (l *loader) people(ctx context.Context) error {
	for _, k := range kindergartens {
		kid := l.kgIDs[k.name]
		strong := k.setting == domain.SettingUrban
		posts := []domain.Post{domain.PostPrincipal, domain.PostVicePrincipal, domain.PostTeachingResearch, domain.PostTeacher, domain.PostTeacher, domain.PostTeacher, domain.PostNurse}
		if !strong {
			posts = []domain.Post{domain.PostPrincipal, domain.PostTeacher, domain.PostTeacher, domain.PostTeacher, domain.PostChildcareAssistant}
		}
		for j, post := range posts {
			id := ID(fmt.Sprintf("teacher:%s:%d", k.name, j))
			title := []string{"一级教师", "二级教师", "高级教师", "三级教师"}[l.r.IntN(4)]
			in := domain.TeacherInput{ID: &id, Name: l.personName(), KindergartenID: kid, Post: post,
				Backbone: ptr(strong && post != domain.PostNurse && j < 5), Title: &title}
			if _, err := l.a.CreateTeacher(ctx, l.admin, in); err != nil {
				return fmt.Errorf("teacher of %s: %w", k.name, err)
			}
			if post != domain.PostNurse && post != domain.PostChildcareAssistant {
				l.teachers[kid] = append(l.teachers[kid], id)
			}
			l.sum.Teachers++
		}
	}
	supporting, partner := l.kgIDs[pairings[0].supporting], l.kgIDs[pairings[0].partners[0]]
	teacherID := l.teachers[supporting][3]
	users := []domain.UserInput{
		{Username: UserAdmin, DisplayName: "系统管理员", Role: domain.RoleAdmin},
		{Username: UserBureau, DisplayName: "广饶县教育局学前教育科", Role: domain.RoleBureau, RegionCode: ptr(CountyGuangrao)},
		{Username: UserCity, DisplayName: "东营市教育局基础教育科", Role: domain.RoleBureau, RegionCode: ptr(City)},
		{Username: UserTeacher, DisplayName: "送教老师", Role: domain.RoleTeacher, KindergartenID: &supporting, TeacherID: &teacherID},
		{Username: UserSupporter, DisplayName: "广饶县实验幼儿园管理员", Role: domain.RoleKindergartenAdmin, KindergartenID: &supporting},
		{Username: UserPartner, DisplayName: "大王镇中心幼儿园管理员", Role: domain.RoleKindergartenAdmin, KindergartenID: &partner},
	}
	// The first admin is created before any admin can act; the demo plays that part.
	for _, in := range users {
		// The demo's password is known to all who try it: nobody is made to change it.
		in.ID, in.Password, in.MustChangePassword = ptr(ID("user:"+in.Username)), ptr(Password), ptr(false)
		u, err := l.a.CreateUser(ctx, l.admin, in)
		if err != nil {
			return fmt.Errorf("user %s: %w", in.Username, err)
		}
		l.users[in.Username] = u
	}
	return nil
}

// schoolYearStart is the September 1st that begins the school year before the current
// one: the demo covers that year and the current one.
func (l *loader) schoolYearStart() domain.Date {
	t := l.today.Time()
	y := t.Year() - 1
	if t.Month() < time.August {
		y--
	}
	return domain.Date(fmt.Sprintf("%d-09-01", y))
}

func (l *loader) pairings(ctx context.Context) error {
	start := l.schoolYearStart()
	y := start.Time().Year()
	for i, p := range pairings {
		id := ID("pairing:" + p.name)
		end := domain.Date(fmt.Sprintf("%d-07-15", y+2))
		status := domain.PairingActive
		if p.ended {
			end, status = domain.Date(fmt.Sprintf("%d-07-15", y+1)), domain.PairingEnded
		}
		partners := make([]string, len(p.partners))
		for j, name := range p.partners {
			partners[j] = l.kgIDs[name]
		}
		sup := l.kgIDs[p.supporting]
		in := domain.PairingInput{
			ID: &id, Name: p.name, SupportingKindergartenID: sup, PartnerKindergartenIDs: partners,
			AgreementDate: ptr(start.AddDays(-7)), Start: start, End: end, Status: &status,
			Goals: ptr("帮助结对园规范管理、提升保教质量；每学期送教不少于10课时、专题讲座2次，每月到园视导一次。"),
			LeadingGroup: []*domain.GroupMemberInput{
				{Name: l.personName(), Role: "组长", Duty: ptr("全面部署"), KindergartenID: &sup},
				{Name: l.personName(), Role: "副组长", Duty: ptr("具体安排"), KindergartenID: &sup},
				{Name: l.personName(), Role: "成员", Duty: ptr("环境布置、区域活动"), KindergartenID: &partners[0]},
			},
			Phases: []*domain.PhaseInput{
				{Name: "调研诊断", Start: start, End: start.AddDays(60), Goals: ptr("深入结对园了解现状，制定帮扶方案")},
				{Name: "全面帮扶", Start: start.AddDays(61), End: end.AddDays(-60), Goals: ptr("送教下乡、跟岗学习、联合教研")},
				{Name: "总结提升", Start: end.AddDays(-59), End: end, Goals: ptr("总结经验，形成帮扶档案")},
			},
		}
		if i == 2 { // one pairing with a stricter target this semester
			in.Targets = &domain.TargetsInput{TeachingHours: ptr(12.0)}
		}
		if _, err := l.a.CreatePairing(ctx, l.admin, in); err != nil {
			return fmt.Errorf("pairing %s: %w", p.name, err)
		}
		l.sum.Pairings++
	}
	return nil
}

// Ids of demo records that documentation and tests refer to.
var (
	// TeacherPairing is the one active pairing of the demo teacher's kindergarten, with
	// the demo partner's kindergarten as its single partner.
	TeacherPairing      = ID("pairing:" + pairings[0].name)
	TeacherKindergarten = ID("kg:" + pairings[0].supporting)
	PartnerKindergarten = ID("kg:" + pairings[0].partners[0])
	// OtherCountyPairing and OtherCountyKindergarten lie in 利津县, outside the demo
	// bureau's county.
	OtherCountyPairing      = ID("pairing:" + pairings[4].name)
	OtherCountyKindergarten = ID("kg:" + pairings[4].supporting)
	OtherCountyPartner      = ID("kg:" + pairings[4].partners[0])
	// PartnerChild and OtherCountyChild are the first children on those partners' rosters
	// (loaded when the server has the children's keys).
	PartnerChild     = ID("child:" + pairings[0].partners[0] + ":0")
	OtherCountyChild = ID("child:" + pairings[4].partners[0] + ":0")
	// TeacherPairingName and OtherCountyPairingName name those pairings (demo ids of the
	// records made for them are ID("mentorship:"+name) and the like).
	TeacherPairingName     = pairings[0].name
	OtherCountyPairingName = pairings[4].name
	// PartnerTeacher and OtherCountyPartnerTeacher are class teachers of those partners,
	// whose lessons the supporting side grades.
	PartnerTeacher            = TeacherOf(pairings[0].partners[0], 1)
	OtherCountyPartnerTeacher = TeacherOf(pairings[4].partners[0], 1)
)

// TeacherOf returns the id of the n-th teacher of a demo kindergarten, by name.
func TeacherOf(kindergarten string, n int) string {
	return ID(fmt.Sprintf("teacher:%s:%d", kindergarten, n))
}
