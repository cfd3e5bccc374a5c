package model

import (
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"github.com/handinhand/handinhand/domain"
)

// MarshalString and UnmarshalString make String strict, as the GraphQL specification
// says: a number or boolean sent where text is expected is an input error, not text.

func MarshalString(s string) graphql.Marshaler { return graphql.MarshalString(s) }

func UnmarshalString(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case nil:
		return "", nil
	}
	return "", domain.Invalid("", "%s is not text", fmt.Sprintf("%T", v))
}
