package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/handinhand/handinhand/domain"
)

// children puts made-up children on the partner kindergartens' rosters (about 200 in all,
// at least 100 in the demo partner's), when the server has the children's keys: names from
// the demo's lists, ID numbers that pass the check character but use the unassigned
// sequence 9xx (so they are nobody's), a spread of categories, one or two guardians.
func (l *loader) children(ctx context.Context) error {
	if l.a.Keys == nil {
		return nil
	}
	partners := []string{}
	seen := map[string]bool{}
	for _, p := range pairings {
		for _, name := range p.partners {
			if !seen[name] {
				seen[name] = true
				partners = append(partners, name)
			}
		}
	}
	classes := []struct {
		level domain.ClassLevel
		name  string
		born  int
	}{{domain.ClassSmall, "小一班", 2023}, {domain.ClassMiddle, "中一班", 2022}, {domain.ClassLarge, "大一班", 2021}}
	seq := 0
	used := map[string]bool{}
	for i, name := range partners {
		kg := l.kgIDs[name]
		n := 12
		if i == 0 {
			n = 108 // the demo partner's roster: every screen has a page of it
		}
		region := ""
		for _, k := range kindergartens {
			if k.name == name {
				region = k.region
			}
		}
		for j := range n {
			seq++
			c := classes[j%3]
			birth := domain.Date(fmt.Sprintf("%d-%02d-%02d", c.born, 1+l.r.IntN(8), 1+l.r.IntN(28)))
			male := l.r.IntN(2) == 0
			idNumber := fakeIDNumber(region[:6], birth, seq, male)
			for used[idNumber] { // two children born the same day with the same sequence
				birth = birth.AddDays(1)
				idNumber = fakeIDNumber(region[:6], birth, seq, male)
			}
			used[idNumber] = true
			in := domain.ChildInput{ID: ID(fmt.Sprintf("child:%s:%d", name, j)), KindergartenID: kg, Name: l.childName(), Male: male,
				BirthDate: birth, Class: c.level, ClassName: c.name, EnrolledOn: domain.Date(fmt.Sprintf("%d-09-01", c.born+3)),
				Protected: domain.ChildProtected{IDNumber: idNumber,
					Address:   regionName(region) + fmt.Sprintf("%s村%d组%d号", []string{"东", "西", "南", "北"}[l.r.IntN(4)], 1+l.r.IntN(9), 1+l.r.IntN(60)),
					HukouCode: region, Agricultural: ptr(l.r.IntN(4) != 0)}}
			switch r := l.r.IntN(20); {
			case r == 0:
				in.Protected.Categories = []domain.CategoryEntry{{Kind: domain.CategoryPovertyFiled}}
			case r <= 2:
				in.Protected.Categories = []domain.CategoryEntry{{Kind: domain.CategoryLowIncome}}
			case r <= 4:
				in.Protected.Categories = []domain.CategoryEntry{{Kind: domain.CategoryLeftBehind, Note: []string{"父母在青岛务工", "父亲在东营务工，母亲在外地", "父母在济南打工"}[l.r.IntN(3)]}}
			case r == 5:
				in.Protected.Categories = []domain.CategoryEntry{{Kind: domain.CategoryDisabled, Note: fmt.Sprintf("残疾证 %s%04d", region[:6], seq)}, {Kind: domain.CategoryLowIncome}}
			case r == 6:
				in.Protected.Categories = []domain.CategoryEntry{{Kind: domain.CategoryParentDisabledIll}}
			}
			surname := string([]rune(in.Name)[:1])
			in.Protected.Guardians = []domain.Guardian{{Name: surname + given[l.r.IntN(len(given))], Relation: map[bool]string{true: "父亲", false: "母亲"}[l.r.IntN(2) == 0],
				Phone: fmt.Sprintf("139%08d", l.r.IntN(100000000))}}
			if l.r.IntN(3) == 0 {
				in.Protected.Guardians = append(in.Protected.Guardians, domain.Guardian{Name: surname + "奶奶", Relation: "祖母"})
			}
			if _, err := l.a.SaveChild(ctx, l.kgAdmin(kg), in); err != nil {
				return fmt.Errorf("child %d of %s: %w", j, name, err)
			}
			l.sum.Children++
		}
	}
	return nil
}

// childName is a child's made-up name: a surname and a one- or two-character given name.
func (l *loader) childName() string {
	names := []string{"子涵", "浩宇", "梓萱", "一诺", "宇轩", "欣怡", "沐辰", "若汐", "思源", "佳怡", "晨阳", "雨桐", "乐", "萌", "朵朵"}
	return string(surnames[l.r.IntN(len(surnames))]) + names[l.r.IntN(len(names))]
}

// fakeIDNumber is an ID number of region, born on birth, with the unassigned sequence 9xx
// (odd for boys), that passes the check character.
func fakeIDNumber(region string, birth domain.Date, seq int, male bool) string {
	s := 900 + seq%50*2
	if male {
		s++
	}
	first := region + strings.ReplaceAll(string(birth), "-", "") + fmt.Sprintf("%03d", s)
	return first + string(domain.IDCheckCharacter(first))
}
