# Hand in Hand — the two commands a newcomer needs:
#   make run    the server on the embedded store with the demo region (http://localhost:8080/graphql)
#   make test   everything CI checks
.PHONY: run test generate build

run:
	go run ./server --demo

test:
	./scripts/test.sh

generate:
	go tool gqlgen generate --config gqlgen.yml

build:
	CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o bin/handinhand ./server
