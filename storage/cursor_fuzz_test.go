package storage

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func FuzzDecodeCursor(f *testing.F) {
	v, _ := bson.Marshal(bson.D{{Key: "v", Value: "2025-10-01"}})
	f.Add(encodeCursor(bson.Raw(v).Lookup("v"), "k1"))
	f.Add("not-a-cursor")
	f.Add("")
	f.Fuzz(func(t *testing.T, c string) {
		v, id, err := decodeCursor(c)
		if err != nil {
			return
		}
		// What decodes re-encodes to a cursor that decodes the same.
		raw, _ := v.(bson.RawValue)
		v2, id2, err := decodeCursor(encodeCursor(raw, id))
		if err != nil || id2 != id || (v == nil) != (v2 == nil) {
			t.Fatalf("round trip of %q: %v %q %v", c, v2, id2, err)
		}
	})
}
