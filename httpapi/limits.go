package httpapi

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/handinhand/handinhand/domain"
)

// Limits on the shape of a GraphQL operation, checked before anything runs.
const (
	maxComplexity = 20000 // see graph.Complexity: a page costs its size times its items
	maxDepth      = 12
	maxAliases    = 30
)

// queryShape refuses operations nested too deeply or with too many aliases (one request
// asking for the same expensive field many times over).
type queryShape struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = queryShape{}

func (queryShape) ExtensionName() string                          { return "QueryShape" }
func (queryShape) Validate(schema graphql.ExecutableSchema) error { return nil }

func (queryShape) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	depth, aliases := measure(oc.Operation.SelectionSet, oc.Doc.Fragments, 0)
	switch {
	case depth > maxDepth:
		return tooComplex("the query is nested %d levels deep; at most %d are allowed", depth, maxDepth)
	case aliases > maxAliases:
		return tooComplex("the query uses %d aliases; at most %d are allowed", aliases, maxAliases)
	}
	return nil
}

func tooComplex(format string, args ...any) *gqlerror.Error {
	e := gqlerror.Errorf(format, args...)
	e.Extensions = map[string]any{"code": string(domain.CodeTooComplex)}
	return e
}

// measure returns the depth of a selection set and the aliases in it, following
// fragments (validation has already refused fragment cycles; seen guards anyway).
func measure(set ast.SelectionSet, frags ast.FragmentDefinitionList, level int) (depth, aliases int) {
	if level > 64 {
		return level, 0
	}
	for _, sel := range set {
		var d, a int
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				a++
			}
			cd, ca := measure(s.SelectionSet, frags, level+1)
			d, a = 1+cd, a+ca
		case *ast.InlineFragment:
			d, a = measure(s.SelectionSet, frags, level+1)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				d, a = measure(f.SelectionSet, frags, level+1)
			}
		}
		depth, aliases = max(depth, d), aliases+a
	}
	return depth, aliases
}
