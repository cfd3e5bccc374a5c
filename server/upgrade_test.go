package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/handinhand/handinhand/demo"
)

// An installation of the earlier release (records in the embedded FerretDB) moves to the
// SQLite store by `server backup` with the old binary and `server restore` with this
// one. The archive in backup/testdata was written by that release; restored here it
// gives the answers the old server gave, and the same photo bytes.
func TestAnArchiveOfTheEarlierReleaseRestoresWithTheSameAnswers(t *testing.T) {
	var want struct {
		Photo        struct{ ID string }
		Answers      map[string]any
		PhotoObjects map[string]string
	}
	b, err := os.ReadFile("../backup/testdata/release-1-demo.expected.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := archive(context.Background(), Config{DataDir: dir}, testLogger(), "restore", "../backup/testdata/release-1-demo.tar.gz"); err != nil {
		t.Fatalf("restore: %v", err)
	}
	url, stop := startServer(t, dir)
	defer stop()
	e := &demoEnv{URL: url, tok: map[string]string{}}
	token := login(t, e, "admin", demo.Password)
	r := e.do(t, token, `{k:kindergartens(first:100){totalCount edges{node{id name regionCode}}}
 p:pairings(first:100){totalCount}
 s:teachingSessions(first:5){totalCount edges{node{id date hours type confirmed}}}
 e:trainingEvents(first:5){totalCount}
 st:stats(query:{subject:TEACHING_SESSIONS, measures:[COUNT,HOURS], groupBy:[COUNTY]}){rows{keys{value} values} total{values}}}`, nil)
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	for k, w := range want.Answers {
		if !reflect.DeepEqual(r.Data[k], w) {
			gb, _ := json.Marshal(r.Data[k])
			wb, _ := json.Marshal(w)
			t.Errorf("%s: the restored store answers\n%s\nthe earlier release answered\n%s", k, gb, wb)
		}
	}
	// The photo, through its signed links, has the bytes the earlier release kept.
	r = e.do(t, token, `query($id:ID!){ node(id:$id){ ... on Photo { status url thumbnailUrl } } }`, map[string]any{"id": want.Photo.ID})
	urls := map[string]string{"display.jpg": get(r.Data, "node", "url").(string), "thumb.jpg": get(r.Data, "node", "thumbnailUrl").(string)}
	for key, sum := range want.PhotoObjects {
		link := urls[key[strings.LastIndex(key, "/")+1:]]
		if !strings.HasPrefix(link, "http") {
			link = url + link
		}
		res, err := http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		h := sha256.Sum256(body)
		if res.StatusCode != 200 || hex.EncodeToString(h[:]) != sum {
			t.Errorf("%s: HTTP %d, sha256 %x, want %s", key, res.StatusCode, h, sum)
		}
	}
}
