package httpapi

import (
	"net/http"

	"github.com/CAFxX/httpcompression"
	"github.com/CAFxX/httpcompression/contrib/andybalholm/brotli"
	"github.com/CAFxX/httpcompression/contrib/klauspost/gzip"
)

// compressibleTypes are the answers worth compressing: GraphQL's JSON, exports as CSV,
// text. Photos (JPEG) and Excel files (zip) are compressed already and pass as they are.
var compressibleTypes = []string{
	"application/json", "application/graphql-response+json", "text/csv", "text/plain", "text/html",
	"text/css", "text/javascript", "application/javascript", "application/manifest+json", "image/svg+xml",
}

// minCompressed is the smallest answer compressed: below it the saving is a packet's
// header at most.
const minCompressed = 1024

// compressed compresses what next answers, as brotli or gzip (whichever the client
// accepts, brotli first), unless the answer has a Content-Encoding already (the app's
// files, sent as the build compressed them) or is of a type not worth it. The levels
// are the fast ones: a 40 KB page of lessons takes well under a millisecond.
func compressed(next http.Handler) http.Handler {
	br, err := brotli.New(brotli.Options{Quality: 4})
	if err != nil {
		panic(err)
	}
	gz, err := gzip.New(gzip.Options{Level: 5})
	if err != nil {
		panic(err)
	}
	wrap, err := httpcompression.Adapter(
		httpcompression.BrotliCompressor(br),
		httpcompression.GzipCompressor(gz),
		httpcompression.MinSize(minCompressed),
		httpcompression.ContentTypes(compressibleTypes, false),
	)
	if err != nil {
		panic(err)
	}
	return wrap(next)
}
