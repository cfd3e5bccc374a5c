# Multi-stage build: a static binary in a small, non-root final image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/handinhand ./server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/handinhand /handinhand
ENV HANDINHAND_ADDR=:8080 HANDINHAND_DATA=/data
VOLUME /data
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/handinhand"]
