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
	"must name 1 to %d teachers":                                                              "要选 1 到 %d 位教师",
	"must be TEACHER or KINDERGARTEN_ADMIN":                                                   "只能是教师或幼儿园管理员",
	"needs between 1 and 200 items":                                                           "物品要有 1 到 200 项",
	"the photo has not arrived yet; upload it to the ticket's URL first":                      "照片还没有传到，请先上传照片",
	"you cannot disable your own account or take away your own admin role; ask another admin": "不能停用自己的账号，也不能取消自己的管理员身份；请找另一位管理员",
}

// MessageZh is the message in Chinese where its pattern is known, else "".
func (e *Error) MessageZh() string {
	zh, ok := messagesZh[e.format]
	if !ok {
		return ""
	}
	return fmt.Sprintf(zh, e.args...)
}
