package domain

import "fmt"

// Why input was refused, in Chinese, for the people who type it: the English pattern of
// each check a form meets, with its Chinese words (values by position where the order
// differs). A refusal whose pattern is not here is shown in English.
var messagesZh = map[string]string{
	"is required":       "必须填写",
	"is not valid text": "不是有效的文字",
	"is too long (%d characters, at most %d)": "太长了（%d 个字，最多 %d 个）",
	"is required and at most %d characters":   "必须填写，最多 %d 个字",
	"must be between 0 and %d":                "应在 0 到 %d 之间",
	"lists %d ids, at most %d":                "选了 %d 项，最多 %d 项",
	"repeats %s":                              "重复了 %s",
	"ends (%s) before it starts (%s)":         "结束日期（%s）早于开始日期（%s）",
	"is not a phone number":                   "不是有效的电话号码",
	"is in the future":                        "不能是将来的时间",
	"is not a date":                           "不是有效的日期",
	"must be from 1 to 5":                     "应为 1 到 5 分",
	"must be more than 0 and at most 24":      "应大于 0、不超过 24",
	"must be more than 0 and at most %d":      "应大于 0、不超过 %d",
	"lists more domains than exist":           "所选领域多于实际的领域",
	"%s is in the future; log a session on or after the day it happened":                      "%s 是将来的日期：送教结束当天或之后再记录",
	"%s is outside the pairing's period %s – %s":                                              "%s 不在结对期限（%s 至 %s）内",
	"cannot change once logged":                                                               "记录后不能再改",
	"cannot change":                                                                           "不能更改",
	"is not a partner kindergarten of this pairing":                                           "不是这个结对的结对园",
	"is required: this pairing has %d partner kindergartens":                                  "必须选择：这个结对有 %d 所结对园",
	"must be your own kindergarten":                                                           "必须是本园",
	"needs at least one partner kindergarten":                                                 "至少要有一所结对园",
	"partner %s has %d logged sessions and cannot be removed":                                 "结对园 %s 已有 %d 条送教记录，不能移除",
	"cannot change; end this pairing and create a new one":                                    "不能更改：请结束这个结对，再新建一个",
	"has more than 20 phases":                                                                 "阶段不能超过 20 个",
	"has more than 50 members":                                                                "领导小组成员不能超过 50 人",
	"must be a teacher of the supporting kindergarten":                                        "必须是帮扶园的教师",
	"an organiser is required: a kindergarten or a bureau region":                             "需要主办方：一所幼儿园或一个教育局地区",
	"give either an organising kindergarten or a region, not both":                            "主办方只能是幼儿园或地区之一，不能两个都填",
	"is required for a bureau user":                                                           "教育局账号必须选择地区",
	"must be empty for a bureau user":                                                         "教育局账号不能选择幼儿园",
	"is required for a kindergarten user":                                                     "幼儿园账号必须选择幼儿园",
	"must be empty for a kindergarten user":                                                   "幼儿园账号不能选择地区",
	"an admin has no region or kindergarten":                                                  "系统管理员不属于任何地区或幼儿园",
	"is required for a new user":                                                              "新账号必须设置密码",
	"may use 3–64 letters, digits, '.', '_', '@', '+' or '-' (a phone number works)":          "只能用 3–64 个字母、数字或 . _ @ + -（可以用手机号）",
	"works at another kindergarten than the user":                                             "这位教师不在该账号所属的幼儿园",
	"must differ from the current password":                                                   "新密码不能与当前密码相同",
	"is in the future: mark a teacher as left on the day they leave":                          "不能是将来的日期：请在教师离开当天再标记",
	"a kindergarten with pairings cannot move to another region":                              "有结对的幼儿园不能改到别的地区",
	"say what is wrong (at most %d characters)":                                               "请说明哪里不对（最多 %d 个字）",
	"a correction needs a reason (at most %d characters)":                                     "更正必须说明原因（最多 %d 个字）",
	"only the partner kindergarten rates a lesson it received":                                "只有结对园才能为收到的送教评分",
	"must be a semester like 2026-2027-1":                                                     "学期的格式应为 2026-2027-1",
	"this record takes at most %d such entries":                                               "这条记录最多只能添加 %d 条，已经满了",
	"this record already holds %d characters of such entries; it takes at most %d":            "这条记录已有 %d 个字的内容，最多 %d 个字，已经满了",
	"must name 1 to %d teachers":                                                              "要选 1 到 %d 位教师",
	"must be TEACHER or KINDERGARTEN_ADMIN":                                                   "只能是教师或幼儿园管理员",
	"needs between 1 and 200 items":                                                           "物品要有 1 到 200 项",
	"the photo has not arrived yet; upload it to the ticket's URL first":                      "照片还没有传到，请先上传照片",
	"you cannot disable your own account or take away your own admin role; ask another admin": "不能停用自己的账号，也不能取消自己的管理员身份；请找另一位管理员",
	"must be between 0 and 500":                                                               "应在 0 到 500 之间",
	"is a share between 0 and 1":                                                              "是一个 0 到 1 之间的比例",
	"is the supporting kindergarten itself":                                                   "就是帮扶园本身",
	"lists %d teachers, at most 2000":                                                         "列了 %d 位教师，最多 2000 位",
	"lists %s twice":                                                                          "%s 列了两次",
	"must be more than 0 and at most the event's %.1f hours":                                  "应大于 0、不超过这次活动的 %.1f 小时",
	"needs at least one apprentice":                                                           "至少要有一位徒弟",
	"is the mentor":                                                                           "就是师傅本人",
	"must be between 1 and 1000000":                                                           "应在 1 到 1000000 之间",
	"must be between 0 and 10000000 yuan":                                                     "应在 0 到 10000000 元之间",
	"must be image/jpeg, image/png or image/webp":                                             "照片格式只能是 JPEG、PNG 或 WebP",
	"must be between 1 byte and %d MB":                                                        "照片大小应在 1 字节到 %d MB 之间",
	"must be 64 hexadecimal digits":                                                           "应为 64 位十六进制数字",
	"HEIC/HEIF photos are not supported: choose JPEG ('Most compatible') in the camera settings, or share the photo as JPEG": "不支持 HEIC/HEIF 格式的照片：请在相机设置里选择“兼容性最佳”（JPEG），或把照片以 JPEG 格式分享",
	"must be one of %v":                                              "应为以下之一：%v",
	"is not a pairing of the event's organiser":                      "不是主办方参与的结对",
	"is not an item of this inspection":                              "不是这次督查的整改事项",
	"name the item the photo is of":                                  "请选择照片对应的整改事项",
	"name the activity the photo is of":                              "请选择照片对应的带教活动",
	"more than %d records: download the file one semester at a time": "记录超过 %d 条，请按学期分别下载档案",
	"the assistance file is pairing-file.pdf or pairing-file.zip":    "帮扶档案只能下载为 pairing-file.pdf 或 pairing-file.zip",
	"is not a month of %s":                                           "不是 %s 的月份",
	"is not in %s":                                                   "不在 %s 内",
	"the files of a region come as pairing-files.zip":                "一个地区的帮扶档案只能下载为 pairing-files.zip",
	"more than %d pairings: choose a county":                         "结对超过 %d 个，请选择一个县（区）",
	// References, values and lists.
	"no %s with id %s that you can use":                      "没有您可以使用的%s（编号 %s）",
	"no teacher with id %s at this session's kindergartens":  "这次送教的幼儿园里没有编号为 %s 的教师",
	"is not one of the pairing's kindergartens":              "不是这个结对的幼儿园",
	"must be a teacher of a partner kindergarten":            "必须是结对园的教师",
	"the pairing names a kindergarten that no longer exists": "这个结对里有一所幼儿园已经不存在",
	"%s must be one of %v":                                   "%s 应为以下之一：%v",
	"%q is not a valid %s (one of %v)":                       "%q 不是有效的%s（可选：%v）",
	"%s is not one of %v":                                    "%s 不是可选的值（可选：%v）",
	"%q is not a known value":                                "%q 不是可选的值",
	"a date must be a string in the form YYYY-MM-DD":         "日期的格式应为 年-月-日，例如 2026-09-01",
	"is before from":                                         "早于开始日期",
	"is not a cursor this list gave out":                     "不是这个列表给出的翻页位置，请从第一页重新开始",
	"must be between 1 and %d":                               "应在 1 到 %d 之间",
	"at most 100 ids at once":                                "一次最多查 100 个编号",
	"changes nothing":                                        "没有任何改动",
	"is too long (at most %d characters)":                    "太长了（最多 %d 个字）",
	"is not your current password":                           "当前密码不对",
	"log in once per request":                                "每次请求只能登录一次",
	// Statistics and exports.
	"choose at least one measure":                     "请至少选一项统计指标",
	"choose one of %v":                                "请从以下选一项：%v",
	"choose one of %s":                                "请从以下选一项：%s",
	"choose ZH_CN or EN":                              "请选择 ZH_CN（中文）或 EN（英文）",
	"%s cannot be measured for %s; choose from %v":    "%[2]s 不能统计 %[1]s；可选：%[3]v",
	"%s is asked for twice":                           "%s 选了两次",
	"group by at most %d dimensions":                  "最多按 %d 个维度分组",
	"%s cannot group %s; choose from %v":              "%[2]s 不能按 %[1]s 分组；可选：%[3]v",
	"%s is grouped by twice":                          "按 %s 分组选了两次",
	"order by either a measure or a dimension":        "排序只能按一项指标或一个维度",
	"%s is not one of the query's measures":           "%s 不是所选的统计指标",
	"%s is not one of the query's groupBy dimensions": "%s 不是所选的分组维度",
	"does not apply to %s":                            "不适用于 %s",
	"unknown status %q":                               "未知的状态 %q",
	"more than %d sessions match; narrow the filter (a semester or a region)": "符合条件的送教记录超过 %d 条，请缩小范围（选一个学期或地区）",
	// Files sent to the server.
	"import kindergartens or teachers":                "只能导入幼儿园或教师名单",
	"is required (JSON)":                              "必须填写（JSON 格式）",
	"is not valid JSON for it: %v":                    "不是有效的 JSON：%v",
	"send the spreadsheet in a form field named file": "请把表格放在名为 file 的表单字段里上传",
	"the file is empty":                               "文件是空的",
	"the cells of the sheet hold more than %d MB of text; an import takes at most that": "表格里的文字超过 %d MB，超出了一次导入的上限，请分成几个文件",
	"the file is larger than %d MB; split it":                                           "文件超过 %d MB，请分成几个文件",
	"the request is larger than 1 MB":                                                   "请求超过 1 MB",
	"the upload was interrupted; try again":                                             "上传中断了，请再试一次",
}

// What a record is called in Chinese, for the reasons that name one.
var kindsZh = map[string]string{
	"kindergarten":                       "幼儿园",
	"pairing":                            "结对",
	"region":                             "地区",
	"parent region":                      "上级地区",
	"teacher":                            "教师",
	"teaching session or training event": "送教记录或培训活动",
	"teaching session, training event, semester summary, inspection, mentorship or donation": "送教记录、培训活动、学期总结、督查、师徒结对或捐赠",
	"item":     "整改事项",
	"activity": "带教活动",
}

// MessageZh is the message in Chinese where its pattern is known, else "".
func (e *Error) MessageZh() string {
	zh, ok := messagesZh[e.format]
	if !ok {
		return ""
	}
	args := e.args
	if e.format == "no %s with id %s that you can use" && len(args) == 2 {
		if k, ok := kindsZh[fmt.Sprint(args[0])]; ok {
			args = []any{k, args[1]}
		}
	}
	return fmt.Sprintf(zh, args...)
}
