package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Fingerprint identifies the content of a create input, so that a repeated create (an
// offline retry) can be told apart from a different record reusing the same id.
func Fingerprint(input any) string {
	b, err := json.Marshal(input)
	if err != nil {
		panic("fingerprint of unmarshalable input: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
