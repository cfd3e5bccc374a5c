package httpapi

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/handinhand/handinhand/domain"
)

// Limits on the shape of a GraphQL document, checked before it is validated or run.
// Validation compares the fields of a selection with one another (quadratic in their
// number) and expands every fragment spread where it is used (exponential in spreads of
// spreads), so a document is measured first, in time linear in its size: each fragment
// once, counts saturating at the limit.
const (
	maxComplexity = 20000 // see graph.Complexity: a page costs its size times its items
	maxDepth      = 12
	maxAliases    = 30
	// maxTokens bounds the document's length in tokens (names, punctuation, values);
	// the app's largest operation has a few hundred.
	maxTokens = 5000
	// maxFields bounds the fields a document selects once every fragment is expanded
	// where it is used; the app's largest operation selects about a hundred.
	maxFields = 1000
)

// documentLimits refuses, before validation, a document that is too long, selects too
// many fields (after fragments are expanded), nests too deeply or has too many aliases.
type documentLimits struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = documentLimits{}

func (documentLimits) ExtensionName() string                          { return "DocumentLimits" }
func (documentLimits) Validate(schema graphql.ExecutableSchema) error { return nil }

func (documentLimits) MutateOperationParameters(_ context.Context, params *graphql.RawParams) *gqlerror.Error {
	if params.Query == "" {
		return nil // a persisted query's hash alone: its text was checked when it was stored
	}
	return checkDocument(params.Query)
}

// checkDocument measures a document; nil if it is within every limit. A document that
// does not parse is left to the executor, which reports the syntax error.
func checkDocument(query string) *gqlerror.Error {
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, maxTokens)
	if err != nil {
		if strings.Contains(err.Error(), "token limit") {
			return tooComplex("the query is longer than %d tokens", maxTokens)
		}
		if strings.Contains(err.Error(), "nesting depth") {
			return tooComplex("the query is nested more than %d levels deep", maxDepth)
		}
		return nil
	}
	m := &measurer{frags: map[string]*ast.FragmentDefinition{}, memo: map[string]shape{}}
	for _, f := range doc.Fragments {
		m.frags[f.Name] = f
	}
	for _, op := range doc.Operations {
		s := m.set(op.SelectionSet)
		switch {
		case s.depth > maxDepth:
			return tooComplex("the query is nested %d levels deep; at most %d are allowed", s.depth, maxDepth)
		case s.aliases > maxAliases:
			return tooComplex("the query uses %d aliases; at most %d are allowed", s.aliases, maxAliases)
		case s.fields > maxFields:
			return tooComplex("the query selects %d fields once its fragments are expanded; at most %d are allowed", s.fields, maxFields)
		}
	}
	return nil
}

// shape is what a selection set amounts to once expanded: its depth, the fields and
// the aliases in it (counts stop just past their limits).
type shape struct{ depth, fields, aliases int }

type measurer struct {
	frags map[string]*ast.FragmentDefinition
	memo  map[string]shape
}

func (m *measurer) set(set ast.SelectionSet) shape {
	var out shape
	for _, sel := range set {
		var s shape
		switch x := sel.(type) {
		case *ast.Field:
			s = m.set(x.SelectionSet)
			s.depth++
			s.fields++
			if x.Alias != "" && x.Alias != x.Name {
				s.aliases++
			}
		case *ast.InlineFragment:
			s = m.set(x.SelectionSet)
		case *ast.FragmentSpread:
			s = m.fragment(x.Name)
		}
		out.depth = max(out.depth, s.depth)
		out.fields = min(out.fields+s.fields, maxFields+1)
		out.aliases = min(out.aliases+s.aliases, maxAliases+1)
	}
	return out
}

// fragment measures a fragment once; a fragment that spreads itself (which validation
// refuses) counts as nothing while it is being measured.
func (m *measurer) fragment(name string) shape {
	if s, ok := m.memo[name]; ok {
		return s
	}
	f := m.frags[name]
	if f == nil {
		return shape{}
	}
	m.memo[name] = shape{}
	s := m.set(f.SelectionSet)
	m.memo[name] = s
	return s
}

func tooComplex(format string, args ...any) *gqlerror.Error {
	e := gqlerror.Errorf(format, args...)
	e.Extensions = map[string]any{"code": string(domain.CodeTooComplex)}
	return e
}
