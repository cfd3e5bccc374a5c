package domain

import (
	"fmt"
	"regexp"
)

// Region is one node of the administrative hierarchy, named by its national code:
// province 37 > city 3705 > county 370522 > township 370522101.
type Region struct {
	Code       string      `bson:"_id"`
	Name       string      `bson:"name"`
	Level      RegionLevel `bson:"level"`
	ParentCode string      `bson:"parentCode,omitempty"`
}

var regionCodePattern = regexp.MustCompile(`^\d{2}(\d{2}(\d{2}(\d{3})?)?)?$`)

// RegionLevelOf returns the level a code's length denotes.
func RegionLevelOf(code string) (RegionLevel, error) {
	if !regionCodePattern.MatchString(code) {
		return "", fmt.Errorf("%q is not a region code (2, 4, 6 or 9 digits)", code)
	}
	switch len(code) {
	case 2:
		return LevelProvince, nil
	case 4:
		return LevelCity, nil
	case 6:
		return LevelCounty, nil
	default:
		return LevelTownship, nil
	}
}

// RegionPath returns the code and all its ancestors, from the province down:
// RegionPath("370522101") = [37 3705 370522 370522101]. Every scoped record stores the
// union of the paths of the kindergartens it involves, so "is it in region R" is an
// equality match on one array field.
func RegionPath(code string) []string {
	var out []string
	for _, n := range []int{2, 4, 6, 9} {
		if len(code) >= n {
			out = append(out, code[:n])
		}
	}
	return out
}

// ParentRegion returns the code of the region directly above, or "" for a province.
func ParentRegion(code string) string {
	p := RegionPath(code)
	if len(p) < 2 {
		return ""
	}
	return p[len(p)-2]
}

// InRegion reports whether code lies within (or is) region.
func InRegion(code, region string) bool {
	return len(code) >= len(region) && code[:len(region)] == region
}

// UnionPaths merges the region paths of several codes without repeats, keeping order.
func UnionPaths(codes ...string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range codes {
		for _, p := range RegionPath(c) {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}
