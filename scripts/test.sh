#!/usr/bin/env bash
# Runs every check CI runs, on a fresh machine as on a developer's: formatting, vet,
# generated code up to date, and the whole test suite on the embedded SQLite store, with the
# storage contract suite and the MongoDB end-to-end run also on the MongoDB implementation
# through FerretDB (set MONGODB_URI to use a real MongoDB there instead, and
# HANDINHAND_TEST_STORE=mongodb to run every suite on it).
set -euo pipefail
cd "$(dirname "$0")/.."

# The pinned MinIO server the photo tests start; built once (~5 minutes), then reused.
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
gobin="$(go env GOBIN)"; [ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
if [ ! -x "$gobin/minio" ] || ! go version -m "$gobin/minio" 2>/dev/null | grep -q "$MINIO_VERSION"; then
  echo "== installing MinIO $MINIO_VERSION"
  go install "github.com/minio/minio@$MINIO_VERSION"
fi
export PATH="$gobin:$PATH"

# From Debian with apt when missing: Chromium (and Chinese fonts, so screenshots show the
# text) for the browser tests, libjpeg-turbo's headers, as photos are decoded with it
# through cgo, and the font and PDF tools of the assistance file.
missing=()
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  missing+=(chromium fonts-noto-cjk)
fi
[ -f /usr/include/jpeglib.h ] || missing+=(libjpeg62-turbo-dev)
# The assistance file's PDF font, and poppler's tools that read the PDF back in the tests.
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (apt)"
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export HANDINHAND_REQUIRE_E2E=1

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

echo "== phone app: GraphQL types from the schema, type check, unit tests; generated code and build current"
(
  cd pwa
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # npm install, not npm ci: this npm leaves optional platform packages out of the lock
    # file, which npm ci then refuses; npm install keeps to the locked versions.
    npm install --no-audit --no-fund
  fi
  npm run codegen --silent
  npm run typecheck --silent
  npm test --silent
  npm run build --silent
)
if ! git diff --quiet -- pwa/dist pwa/src/gql.ts || [ -n "$(git status --porcelain -- pwa/dist pwa/src/gql.ts)" ]; then
  git status --short -- pwa/dist pwa/src/gql.ts
  echo "pwa/dist or pwa/src/gql.ts is stale: run 'make pwa' and commit the result"; exit 1
fi

echo "== go test"
go test -count=1 -race -timeout 30m ./...

echo "== the MongoDB implementation on FerretDB (without the race detector, which slows FerretDB tenfold)"
go test -count=1 -timeout 20m -run 'Contract|MongoDB|DocumentStoreDrops' ./storage ./server

echo "== photos without libjpeg (the pure Go path of CGO_ENABLED=0 builds)"
go vet -tags nolibjpeg ./photos
go test -count=1 -tags nolibjpeg ./photos

echo "== fuzzing the parsers of outside input (briefly)"
# Counted executions rather than a duration: a duration that ends during a slow input
# is reported by go test as a failure ("context deadline exceeded").
for target in "FuzzParseDate ./domain 20000x" "FuzzParseSemester ./domain 20000x" "FuzzValidIDAndRegion ./domain 20000x" \
              "FuzzDecodeCursor ./storage 20000x" "FuzzProcess ./photos 20000x" \
              "FuzzQuery ./stats 20000x" "FuzzRead ./sheet 5000x" "FuzzKindergartenRow ./app 10000x"; do
  set -- $target
  go test -run '^$' -fuzz "^$1\$" -fuzztime "$3" "$2"
done
