//go:build profile

package main

import (
	"net/http"
	_ "net/http/pprof" // the profiles, on their own address
	"os"
)

// A server built with -tags profile serves Go's profiles on HANDINHAND_PPROF_ADDR (say
// 127.0.0.1:6060), apart from the API, for measuring where a benchmark's time goes.
// Release builds do not contain it.
func init() {
	if addr := os.Getenv("HANDINHAND_PPROF_ADDR"); addr != "" {
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
}
