package storage

import (
	"regexp"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
)

// nothing matches no record: the filter for a scope that sees nothing.
var nothing = bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{}}}}}

// scopeOfRecords limits pairing-owned records (pairings, sessions, mentorships,
// donations) to the scope.
func scopeOfRecords(sc domain.Scope) bson.D {
	switch {
	case sc.All:
		return bson.D{}
	case sc.RegionCode != "":
		return bson.D{{Key: "regionPath", Value: sc.RegionCode}}
	case sc.KindergartenID != "":
		return bson.D{{Key: "kindergartenIds", Value: sc.KindergartenID}}
	}
	return nothing
}

// scopeByKindergarten limits kindergartens (field "_id") or their teachers (field
// "kindergartenId") to the scope: a region's for bureaus, a kindergarten user's own and
// paired kindergartens.
func scopeByKindergarten(sc domain.Scope, field string) bson.D {
	switch {
	case sc.All:
		return bson.D{}
	case sc.RegionCode != "":
		return bson.D{{Key: "regionPath", Value: sc.RegionCode}}
	case sc.KindergartenID != "":
		return bson.D{{Key: field, Value: bson.D{{Key: "$in", Value: sc.PairedKindergartenIDs}}}}
	}
	return nothing
}

func scopeOfUsers(sc domain.Scope) bson.D {
	switch {
	case sc.All:
		return bson.D{}
	case sc.RegionCode != "":
		return bson.D{{Key: "regionPath", Value: sc.RegionCode}}
	case sc.Role == domain.RoleKindergartenAdmin:
		return bson.D{{Key: "kindergartenId", Value: sc.KindergartenID}}
	case sc.UserID != "":
		return bson.D{{Key: "_id", Value: sc.UserID}}
	}
	return nothing
}

func scopeOfTrainingEvents(sc domain.Scope) bson.D {
	switch {
	case sc.All:
		return bson.D{}
	case sc.RegionCode != "":
		return bson.D{{Key: "regionPath", Value: sc.RegionCode}}
	case sc.KindergartenID != "":
		return bson.D{{Key: "$or", Value: bson.A{
			bson.D{{Key: "kindergartenIds", Value: sc.KindergartenID}},
			bson.D{{Key: "organizerRegionCode", Value: bson.D{{Key: "$in", Value: sc.OwnRegionPath}}}},
		}}}
	}
	return nothing
}

// where is a filter built from separate conditions, each a document of its own, joined
// by one $and: two conditions on the same field or operator ($or, a date range) never
// collide as repeated keys of one document.
type where []bson.D

// and adds conditions.
func (w where) and(es ...bson.E) where {
	for _, e := range es {
		w = append(w, bson.D{e})
	}
	return w
}

// doc is the filter document.
func (w where) doc() bson.D {
	a := bson.A{}
	for _, d := range w {
		if len(d) > 0 {
			a = append(a, d)
		}
	}
	switch len(a) {
	case 0:
		return bson.D{}
	case 1:
		return a[0].(bson.D)
	}
	return bson.D{{Key: "$and", Value: a}}
}

func in[T any](field string, vs []T) bson.E {
	return bson.E{Key: field, Value: bson.D{{Key: "$in", Value: vs}}}
}

// contains matches a text field holding s, without regard to case or regex syntax.
func contains(field, s string) bson.E {
	return bson.E{Key: field, Value: bson.D{{Key: "$regex", Value: regexp.QuoteMeta(s)}, {Key: "$options", Value: "i"}}}
}

func dateRange(field string, from, to *domain.Date) []bson.E {
	var out []bson.E
	if from != nil {
		out = append(out, bson.E{Key: field, Value: bson.D{{Key: "$gte", Value: *from}}})
	}
	if to != nil {
		out = append(out, bson.E{Key: field, Value: bson.D{{Key: "$lte", Value: *to}}})
	}
	return out
}
