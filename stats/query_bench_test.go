package stats_test

import (
	"math/rand/v2"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/stats"
	"github.com/handinhand/handinhand/stats/statsgen"
)

// BenchmarkQueries times a few query shapes as a province bureau over a tenth of the
// bench/stats data set; bench/stats itself measures the full size through HTTP.
func BenchmarkQueries(b *testing.B) {
	ix := stats.New()
	spec := statsgen.Spec{Provinces: 3, CitiesPerProvince: 16, CountiesPerCity: 8, Kindergartens: 20_000,
		TeachersPerKindergarten: 12, Pairings: 10_000, Sessions: 100_000, Events: 10_000, AttendeesPerEvent: 30,
		Photos: 200_000, FirstYear: 2023, Years: 3}
	err := statsgen.Generate(rand.New(rand.NewPCG(1, 2)), spec, func(doc any) error {
		raw, err := bson.Marshal(doc)
		if err != nil {
			return err
		}
		return ix.ApplyRaw(statsgen.Collection(doc), raw)
	})
	if err != nil {
		b.Fatal(err)
	}
	ix.Prepare()
	sc := domain.Scope{RegionCode: "32"}
	for name, q := range map[string]stats.Query{
		"photos-month-kg-setting": {Subject: stats.SubjectPhotos, Measures: []stats.Measure{stats.DistinctKindergartens, stats.DistinctPairings, stats.Count},
			GroupBy: []stats.Dimension{stats.MonthDim, stats.KindergartenDim, stats.SettingDim}},
		"sessions-county-semester": {Subject: stats.SubjectSessions, Measures: []stats.Measure{stats.Hours, stats.Count},
			GroupBy: []stats.Dimension{stats.County, stats.SemesterDim}},
		"attendance-teachers-month": {Subject: stats.SubjectAttendance, Measures: []stats.Measure{stats.DistinctTeachers},
			GroupBy: []stats.Dimension{stats.MonthDim}},
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Run(sc, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
