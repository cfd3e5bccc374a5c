# Multi-stage build: a static binary (libjpeg-turbo linked in) in a small, non-root final image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# libjpeg-turbo is linked in statically: photos are decoded at the scale they are kept at.
# fonts-wqy-microhei: the Chinese font the assistance file's PDF embeds.
RUN apt-get update && apt-get install -y --no-install-recommends libjpeg62-turbo-dev fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
RUN CGO_ENABLED=1 go build -tags netgo,osusergo -trimpath -ldflags='-s -w -linkmode external -extldflags "-static"' -o /out/handinhand ./server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/handinhand /handinhand
COPY --from=build /usr/share/fonts/truetype/wqy/wqy-microhei.ttc /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
ENV HANDINHAND_ADDR=:8080 HANDINHAND_DATA=/data HANDINHAND_PDF_FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
VOLUME /data
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/handinhand"]
