package stats_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/stats"
	"github.com/handinhand/handinhand/stats/statsgen"
)

// FuzzQuery feeds arbitrary JSON, as the export endpoint reads it, to the query planner
// and runner: every answer is a result or an input/scope error, never a panic.
func FuzzQuery(f *testing.F) {
	ix := stats.New()
	spec := statsgen.Spec{Provinces: 1, CitiesPerProvince: 2, CountiesPerCity: 2, Kindergartens: 20, TeachersPerKindergarten: 2,
		Pairings: 8, Sessions: 200, Events: 5, AttendeesPerEvent: 4, Photos: 40, FirstYear: 2024, Years: 1}
	err := statsgen.Generate(rand.New(rand.NewPCG(1, 1)), spec, func(doc any) error {
		raw, err := bson.Marshal(doc)
		if err != nil {
			return err
		}
		return ix.ApplyRaw(statsgen.Collection(doc), raw)
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		`{"subject":"TEACHING_SESSIONS","measures":["HOURS","DISTINCT_TEACHERS"],"groupBy":["COUNTY","DOMAIN"]}`,
		`{"subject":"PHOTOS","measures":["COUNT"],"groupBy":["MONTH"],"filter":{"regionCode":"3101","from":"2024-10-01"}}`,
		`{"subject":"TRAINING_ATTENDANCE","measures":["COUNT"],"orderBy":[{"measure":"COUNT","desc":true}],"limit":1}`,
		`{"subject":"TEACHING_SESSIONS","measures":["COUNT"],"filter":{"pairingIds":["x"],"semesters":["2024-2025-9"]}}`,
	} {
		f.Add([]byte(s), uint8(0))
	}
	scopes := []domain.Scope{{All: true}, {RegionCode: "31"}, {RegionCode: "310121"},
		{KindergartenID: statsgen.ID("kg", 1), PairedKindergartenIDs: []string{statsgen.ID("kg", 1), statsgen.ID("kg", 2)}}}
	f.Fuzz(func(t *testing.T, data []byte, who uint8) {
		var q stats.Query
		if json.Unmarshal(data, &q) != nil {
			return
		}
		if q.Limit != nil && *q.Limit > 100 {
			return // large answers are slow to fuzz, not wrong
		}
		res, err := ix.Run(scopes[int(who)%len(scopes)], q)
		switch {
		case err == nil:
			if len(res.Total.Values) != len(q.Measures) {
				t.Fatalf("%d total values for %d measures", len(res.Total.Values), len(q.Measures))
			}
		case domain.CodeOf(err) == domain.CodeBadUserInput, domain.CodeOf(err) == domain.CodeForbidden:
		default:
			t.Fatalf("%s: %v", data, err)
		}
	})
}
