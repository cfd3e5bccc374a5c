// Package pwa holds the phone app's built output (pwa/dist, committed), which the server
// embeds and serves at /. The app's sources are beside it; scripts/test.sh rebuilds it
// and fails if the committed build is stale.
package pwa

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Files is the built app, rooted at its index.html.
func Files() fs.FS {
	f, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	return f
}
