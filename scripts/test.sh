#!/usr/bin/env bash
# Runs every check CI runs, on a fresh machine as on a developer's: formatting, vet,
# generated code up to date, and the whole test suite against the embedded FerretDB
# (set MONGODB_URI to run the same suite against a real MongoDB as well).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
  echo "not gofmt-ed:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== generated GraphQL code is up to date"
go tool gqlgen generate --config gqlgen.yml
if ! git diff --quiet -- graph/ gqlgen.yml; then
  git --no-pager diff --stat -- graph/
  echo "graph/ is stale: run 'make generate' and commit the result"; exit 1
fi

echo "== go test"
go test -count=1 -race -timeout 30m ./...
