package httpapi

import (
	"io"
	"net/http"
)

// graphiQLPage is GraphiQL, for people trying the API where introspection is on (the
// demo). Its scripts and styles are the server's own (GraphiQL's and React's npm
// packages, built into the app's files): nothing comes from another origin, and no
// script is inline.
func graphiQLPage() http.Handler {
	const page = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>手拉手 Hand in Hand — GraphQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">GraphiQL …</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script src="/graphiql/start.js"></script>
</body>
</html>
`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", graphiQLPolicy)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = io.WriteString(w, page)
	})
}

// graphiQLPolicy lets GraphiQL's page load the server's own scripts and styles (its
// styles set inline ones too, and its fonts are data: URLs) and call the API.
const graphiQLPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src data:; " +
	"img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// graphiQLFiles serves GraphiQL's scripts and styles from the app's built files.
func graphiQLFiles(static *staticFiles) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := "graphiql/" + r.PathValue("file")
		if !static.has(p) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", graphiQLPolicy)
		w.Header().Set("Cache-Control", "no-cache")
		static.serve(w, r, p)
	})
}
