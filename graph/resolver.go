// Package graph is the GraphQL layer: schema files in graph/schema, one resolver file per
// schema file, and the generated executor in graph/generated. Resolvers translate
// GraphQL to calls on the app package and load references through dataloaders.
package graph

//go:generate go tool gqlgen generate --config ../gqlgen.yml

import "github.com/handinhand/handinhand/app"

// Resolver is the root resolver; it holds nothing but the application.
type Resolver struct {
	App *app.App
}
