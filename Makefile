# Hand in Hand — the two commands a newcomer needs:
#   make run    the server on the embedded store with the demo region: the app at http://localhost:8080/,
#               the API at http://localhost:8080/graphql
#   make test   everything CI checks
.PHONY: run test generate build pwa

run:
	go run ./server --demo

test:
	./scripts/test.sh

generate:
	go tool gqlgen generate --config gqlgen.yml

# A static binary with libjpeg-turbo linked in (photos are decoded at the scale they are
# kept at); needs gcc and libjpeg62-turbo-dev. CGO_ENABLED=0 builds one without it.
build:
	CGO_ENABLED=1 go build -tags netgo,osusergo -trimpath -ldflags='-s -w -linkmode external -extldflags "-static"' -o bin/handinhand ./server

# Rebuild the phone app after changing pwa/src (the build is committed and embedded).
pwa:
	cd pwa && npm install --no-audit --no-fund && npm run codegen && npm run typecheck && npm run build
