package app

import "fmt"

// The import's problems in Chinese, for the people who fill in the sheets: each English
// pattern of import.go with its Chinese one (values by position where the order differs).
// A problem the record's own checks found (a name too long, a bad phone number) keeps its
// English words.
var importZh = map[string]string{
	"the header row has no column %s (%s)":       "表头缺少“%s”列（%s）",
	"must be filled in":                          "必须填写",
	"%q is not a whole number":                   "“%s”不是整数",
	"%q is not one of %s":                        "“%s”不是可填的值，可填：%s",
	"the same %s as row %d":                      "与第 %[2]d 行是同一%[1]s",
	"the file has no data rows below the header": "表头下面没有数据行",
	"region %s is outside the region you manage": "地区 %s 不在您管理的范围内",
	"%d kindergartens in region %s are named %s; fill in 编号 (id) instead":                "地区 %[2]s 有 %[1]d 所幼儿园名为“%[3]s”，请填写编号",
	"no region with code %s; ask the administrator to add it":                            "没有代码为 %s 的地区，请先让管理员添加",
	"%s is not the id of a kindergarten you may change; leave 编号 empty to add a new one": "%s 不是您可以修改的幼儿园的编号；新增幼儿园请不填编号",
	"the header row needs a column 幼儿园 (name) or 幼儿园编号 (id)":                             "表头需要“幼儿园”或“幼儿园编号”列",
	"no kindergarten with id %s that you can see":                                        "没有编号为 %s 的幼儿园（或您无权查看）",
	"no kindergarten named %s that you can see":                                          "没有名为“%s”的幼儿园（或您无权查看）",
	"%d kindergartens are named %s; fill in 幼儿园编号 instead":                               "有 %d 所幼儿园名为“%s”，请改填幼儿园编号",
	"%q: write 是 or 否":                                                     "“%s”：请填“是”或“否”",
	"you cannot add teachers to %s":                                        "您不能为“%s”添加教师",
	"%d teachers at %s are named %s; fill in 编号 (id) instead":              "“%[2]s”有 %[1]d 位教师名为“%[3]s”，请填写编号",
	"%s is not the id of a teacher at %s; leave 编号 empty to add a new one": "%s 不是“%s”的教师编号；新增教师请不填编号",
}

var importZhWords = map[string]string{"kindergarten": "所幼儿园", "teacher": "位教师"}

// InChinese writes the report's problems in Chinese where their pattern is known.
func (rep *ImportReport) InChinese() {
	for i, e := range rep.Errors {
		zh, ok := importZh[e.format]
		if !ok {
			continue
		}
		args := make([]any, len(e.args))
		for j, a := range e.args {
			if s, ok := a.(string); ok && importZhWords[s] != "" {
				a = importZhWords[s]
			}
			args[j] = a
		}
		rep.Errors[i].Message = fmt.Sprintf(zh, args...)
	}
}
