package stats

import (
	"fmt"
	"strconv"

	"github.com/handinhand/handinhand/domain"
)

// label is a text in both languages.
type label struct{ zh, en string }

func (l label) in(loc Locale) string {
	if loc == En {
		return l.en
	}
	return l.zh
}

var enumLabels = map[string]label{
	string(domain.SessionDemonstrationClass):    {"示范课", "Demonstration class"},
	string(domain.SessionSpecialLecture):        {"专题讲座", "Special lecture"},
	string(domain.SessionObservationCritique):   {"听课评课", "Observation and critique"},
	string(domain.SessionEnvironmentGuidance):   {"环境创设指导", "Environment guidance"},
	string(domain.SessionManagementGuidance):    {"园务管理指导", "Management guidance"},
	string(domain.SessionHealthCareGuidance):    {"卫生保健指导", "Health-care guidance"},
	string(domain.SessionJointTeachingResearch): {"联合教研", "Joint teaching research"},
	string(domain.SessionMonthlyVisit):          {"每月视导", "Monthly visit"},
	string(domain.SessionFollowUpStudy):         {"跟岗学习", "Follow-up study"},
	string(domain.SessionJobSwap):               {"岗位互换", "Job swap"},
	string(domain.DomainHealth):                 {"健康", "Health"},
	string(domain.DomainLanguage):               {"语言", "Language"},
	string(domain.DomainSocial):                 {"社会", "Social"},
	string(domain.DomainScience):                {"科学", "Science"},
	string(domain.DomainArt):                    {"艺术", "Art"},
	string(domain.SettingUrban):                 {"城区", "Urban"},
	string(domain.SettingTownship):              {"乡镇", "Township"},
	string(domain.SettingVillage):               {"村", "Village"},
	string(domain.DirectionOutbound):            {"送教下乡", "Sent to partner"},
	string(domain.DirectionInbound):             {"跟岗进城", "Hosted in the city"},
	string(domain.TrainingTraining):             {"业务培训", "Training"},
	string(domain.TrainingSchoolResearch):       {"园本教研", "School-based research"},
	string(domain.TrainingOpenDay):              {"开放日", "Open day"},
	string(domain.TrainingCompetition):          {"评比竞赛", "Competition"},
	string(Met):                                 {"已达标", "Met"},
	string(OnTrack):                             {"进度正常", "On track"},
	string(Behind):                              {"落后", "Behind"},
	string(domain.ConfirmationPending):          {"待确认", "Pending"},
	string(domain.ConfirmationConfirmed):        {"已确认", "Confirmed"},
	string(domain.ConfirmationQueried):          {"已退回", "Queried"},
	string(domain.GradeExcellent):               {"优秀", "Excellent"},
	string(domain.GradeGood):                    {"良好", "Good"},
	string(domain.GradePass):                    {"合格", "Pass"},
	string(domain.GradeFail):                    {"不合格", "Fail"},
	string(domain.PairingDraft):                 {"草稿", "Draft"},
	string(domain.PairingActive):                {"进行中", "Active"},
	string(domain.PairingEnded):                 {"已结束", "Ended"},
}

var (
	unknownLabel   = label{"（未知）", "(unknown)"}
	noDomainLabel  = label{"（未标注领域）", "(no domain)"}
	confirmedLabel = [2]label{{"未确认", "Not confirmed"}, {"已确认", "Confirmed"}}
)

// EnumLabel is the display text of an enum value, or the value itself.
func EnumLabel(value string, loc Locale) string {
	if l, ok := enumLabels[value]; ok {
		return l.in(loc)
	}
	return value
}

// SemesterLabel names a semester: "2025–2026学年第一学期" or "2025–2026 term 1".
func SemesterLabel(s string, loc Locale) string {
	sem, err := domain.ParseSemester(s)
	if err != nil {
		return s
	}
	if loc == En {
		return fmt.Sprintf("%d–%d term %d", sem.StartYear, sem.StartYear+1, sem.Term)
	}
	return sem.Label()
}

// MonthLabel names a month "2025-09": "2025年9月" or "2025-09".
func MonthLabel(m string, loc Locale) string {
	if loc == En || len(m) != 7 {
		return m
	}
	n, err := strconv.Atoi(m[5:])
	if err != nil {
		return m
	}
	return fmt.Sprintf("%s年%d月", m[:4], n)
}

// Header names a measure or dimension as a column heading.
func Header(v string, loc Locale) string {
	if l, ok := headers[v]; ok {
		return l.in(loc)
	}
	return v
}

var headers = map[string]label{
	string(Count):                  {"记录数", "Count"},
	string(Hours):                  {"课时", "Hours"},
	string(Attendees):              {"参与人次", "Attendees"},
	string(AvgRating):              {"平均评分", "Average rating"},
	string(DistinctTeachers):       {"教师人数", "Teachers"},
	string(DistinctKindergartens):  {"幼儿园数", "Kindergartens"},
	string(DistinctPairings):       {"结对数", "Pairings"},
	string(Value):                  {"捐赠价值（元）", "Value (yuan)"},
	string(Province):               {"省", "Province"},
	string(City):                   {"市", "City"},
	string(County):                 {"县（区）", "County"},
	string(SemesterDim):            {"学期", "Semester"},
	string(MonthDim):               {"月份", "Month"},
	string(SessionTypeDim):         {"活动类型", "Activity type"},
	string(DomainDim):              {"领域", "Domain"},
	string(PairingDim):             {"结对", "Pairing"},
	string(SupportingKindergarten): {"帮扶园", "Supporting kindergarten"},
	string(PartnerKindergarten):    {"结对园", "Partner kindergarten"},
	string(ConfirmedDim):           {"确认状态", "Confirmation"},
	string(DirectionDim):           {"方向", "Direction"},
	string(TrainingTypeDim):        {"培训类型", "Training type"},
	string(TeacherDim):             {"教师", "Teacher"},
	string(GradeDim):               {"评价等级", "Grade"},
	string(KindergartenDim):        {"幼儿园", "Kindergarten"},
	string(SettingDim):             {"城乡类别", "Setting"},
	"TOTAL":                        {"合计", "Total"},
}

// Text is a fixed text of exports and reports in the locale.
func Text(key string, loc Locale) string {
	if l, ok := texts[key]; ok {
		return l.in(loc)
	}
	return key
}

var texts = map[string]label{
	"overlapping":    {"注：部分记录同时计入多行（如跨县结对、多个领域），各行之和大于合计。", "Note: some records count in several rows (pairings across counties, several domains), so the rows add up to more than the total."},
	"stats":          {"统计", "Statistics"},
	"compliance":     {"达标情况", "Compliance"},
	"sessions":       {"帮扶记录", "Teaching sessions"},
	"donations":      {"捐赠", "Donations"},
	"items":          {"物品", "Items"},
	"value":          {"价值（元）", "Value (yuan)"},
	"notes":          {"备注", "Notes"},
	"pairing":        {"结对", "Pairing"},
	"supporting":     {"帮扶园", "Supporting kindergarten"},
	"partner":        {"结对园", "Partner kindergarten"},
	"semester":       {"学期", "Semester"},
	"hours":          {"送教课时", "Teaching hours"},
	"hoursTarget":    {"课时目标", "Hours target"},
	"lectures":       {"专题讲座", "Special lectures"},
	"lecturesTarget": {"讲座目标", "Lectures target"},
	"visited":        {"已视导月数", "Months visited"},
	"elapsed":        {"已过月数", "Months elapsed"},
	"required":       {"应视导月数", "Months required"},
	"missed":         {"缺视导月份", "Months missed"},
	"records":        {"记录数", "Records"},
	"confirmed":      {"已确认", "Confirmed"},
	"share":          {"确认率", "Confirmed share"},
	"status":         {"状态", "Status"},
	"date":           {"日期", "Date"},
	"type":           {"类型", "Type"},
	"direction":      {"方向", "Direction"},
	"domains":        {"领域", "Domains"},
	"topic":          {"主题", "Topic"},
	"attendees":      {"参与人数", "Attendees"},
	"rating":         {"评分", "Rating"},
	"photos":         {"照片数", "Photos"},
}
