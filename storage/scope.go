package storage

import (
	"github.com/handinhand/handinhand/domain"
)

// Scopes as conditions. A bureau's region is a value of each record's regionPath (the
// codes of its regions and all their ancestors), so a county's page reads its rows from
// the regionPath index, whichever engine answers.

// scopeOfRecords limits pairing-owned records (pairings, sessions, mentorships,
// donations) to the scope.
func scopeOfRecords(sc domain.Scope) []cond {
	switch {
	case sc.All:
		return nil
	case sc.RegionCode != "":
		return []cond{eq("regionPath", sc.RegionCode)}
	case sc.KindergartenID != "":
		return []cond{eq("kindergartenIds", sc.KindergartenID)}
	}
	return []cond{nothing}
}

// scopeByKindergarten limits kindergartens (field "_id") or their teachers (field
// "kindergartenId") to the scope: a region's for bureaus, a kindergarten user's own and
// paired kindergartens.
func scopeByKindergarten(sc domain.Scope, field string) []cond {
	switch {
	case sc.All:
		return nil
	case sc.RegionCode != "":
		return []cond{eq("regionPath", sc.RegionCode)}
	case sc.KindergartenID != "":
		return []cond{in(field, sc.PairedKindergartenIDs)}
	}
	return []cond{nothing}
}

func scopeOfUsers(sc domain.Scope) []cond {
	switch {
	case sc.All:
		return nil
	case sc.RegionCode != "":
		return []cond{eq("regionPath", sc.RegionCode)}
	case sc.Role == domain.RoleKindergartenAdmin:
		return []cond{eq("kindergartenId", sc.KindergartenID)}
	case sc.UserID != "":
		return []cond{eq("_id", sc.UserID)}
	}
	return []cond{nothing}
}

func scopeOfTrainingEvents(sc domain.Scope) []cond {
	switch {
	case sc.All:
		return nil
	case sc.RegionCode != "":
		return []cond{eq("regionPath", sc.RegionCode)}
	case sc.KindergartenID != "":
		return []cond{anyOf(
			[]cond{eq("kindergartenIds", sc.KindergartenID)},
			[]cond{in("organizerRegionCode", sc.OwnRegionPath)},
		)}
	}
	return []cond{nothing}
}

// notEmpty reports whether an optional text filter was given.
func notEmpty(s *string) bool { return s != nil && *s != "" }
