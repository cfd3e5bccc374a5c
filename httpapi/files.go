package httpapi

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/handinhand/handinhand/app"
	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/graph"
	"github.com/handinhand/handinhand/pairingfile"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/sheet"
	"github.com/handinhand/handinhand/stats"
)

// Downloads and uploads of spreadsheets, beside the GraphQL API because they are files:
//
//	GET  /export/stats.{csv,xlsx}?query={StatsQuery as JSON}
//	GET  /export/compliance.{csv,xlsx}?semester=2025-2026-1[&regionCode=…][&orderBy=…][&locale=EN]
//	GET  /export/sessions.{csv,xlsx}[?filter={TeachingSessionFilter as JSON}][&locale=EN]
//	GET  /export/pairing-file.{pdf,zip}?pairingId=…[&semester=2026-2027-1]   (a pairing's assistance file, 帮扶档案)
//	GET  /import/templates/{kindergartens,teachers}.{csv,xlsx}
//	POST /import/{kindergartens,teachers}[?dryRun=true][&locale=zh-CN]   (the file as the body, or a multipart field "file"; problems in Chinese with zh)
//
// Every one needs the caller's bearer token and answers errors as the GraphQL endpoint
// does, with extensions.code.

// maxImport is the largest spreadsheet accepted.
const maxImport = 10 << 20

// maxConcurrentImports files are parsed at once; another waits up to importWait for its
// turn, then is told to try again (RATE_LIMITED).
const (
	maxConcurrentImports = 2
	importWait           = 10 * time.Second
)

func fileRoutes(mux *http.ServeMux, a *app.App, log *slog.Logger) {
	auth := func(h http.HandlerFunc) http.Handler { return withAuth(a, log, requireCaller(h)) }
	exports := map[string]http.HandlerFunc{}
	mux.Handle("GET /export/{file}", auth(func(w http.ResponseWriter, r *http.Request) {
		name, _, _ := strings.Cut(r.PathValue("file"), ".")
		h, ok := exports[name]
		if !ok {
			fail(w, r, log, domain.Errorf(domain.CodeNotFound, "nothing to export named %s: use stats, compliance, sessions, donations or pairing-file", name))
			return
		}
		h(w, r)
	}))
	exports["stats"] = func(w http.ResponseWriter, r *http.Request) {
		var q stats.Query
		if err := decodeParam(r.URL.Query(), "query", &q, true); err != nil {
			fail(w, r, log, err)
			return
		}
		if q.Locale == "" {
			q.Locale = stats.ZhCN
		}
		t, err := a.StatsTable(r.Context(), graph.Principal(r.Context()), q)
		download(w, r, log, "stats", q.Locale, t, err)
	}
	exports["compliance"] = func(w http.ResponseWriter, r *http.Request) {
		v := r.URL.Query()
		q := stats.ComplianceQuery{Semester: v.Get("semester"), OrderBy: stats.ComplianceOrder(v.Get("orderBy")), Desc: v.Get("desc") == "true"}
		if c := v.Get("regionCode"); c != "" {
			q.RegionCode = &c
		}
		loc := locale(v)
		t, err := a.ComplianceTable(r.Context(), graph.Principal(r.Context()), q, loc)
		download(w, r, log, "compliance", loc, t, err)
	}
	exports["sessions"] = func(w http.ResponseWriter, r *http.Request) {
		var f domain.TeachingSessionFilter
		if err := decodeParam(r.URL.Query(), "filter", &f, false); err != nil {
			fail(w, r, log, err)
			return
		}
		loc := locale(r.URL.Query())
		t, err := a.SessionsTable(r.Context(), graph.Principal(r.Context()), &f, loc)
		download(w, r, log, "sessions", loc, t, err)
	}
	exports["donations"] = func(w http.ResponseWriter, r *http.Request) {
		loc := locale(r.URL.Query())
		t, err := a.DonationsTable(r.Context(), graph.Principal(r.Context()), r.URL.Query().Get("semester"), loc)
		download(w, r, log, "donations", loc, t, err)
	}
	// A pairing's assistance file (帮扶档案), for a semester or (without one) its whole
	// period: pairing-file.pdf, or pairing-file.zip with the PDF, every record as a
	// workbook and the photos, streamed as it is made.
	exports["pairing-file"] = func(w http.ResponseWriter, r *http.Request) {
		v := r.URL.Query()
		_, ext, _ := strings.Cut(r.PathValue("file"), ".")
		if ext != "pdf" && ext != "zip" {
			fail(w, r, log, domain.Invalid("format", "the assistance file is pairing-file.pdf or pairing-file.zip"))
			return
		}
		f, err := a.PairingFileOf(r.Context(), graph.Principal(r.Context()), v.Get("pairingId"), v.Get("semester"))
		if err != nil {
			fail(w, r, log, err)
			return
		}
		if _, err := pairingfile.Font(); err != nil {
			fail(w, r, log, err)
			return
		}
		name := fmt.Sprintf("帮扶档案-%s-%s.%s", f.Pairing.Name, cmp.Or(f.Semester, "全程"), ext)
		get := a.Photos.Get
		if ext == "pdf" {
			var buf bytes.Buffer
			if err := pairingfile.WritePDF(r.Context(), &buf, f, get); err != nil {
				fail(w, r, log, err)
				return
			}
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
			w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
			w.Header().Set("Cache-Control", "no-store")
			_, _ = w.Write(buf.Bytes())
			return
		}
		// The ZIP goes out as it is written: a pairing's photos are never all in memory.
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Photo-Count", strconv.Itoa(len(f.Photos)))
		if err := pairingfile.WriteZIP(r.Context(), w, f, get); err != nil {
			log.Error("assistance file: the ZIP broke off", "pairing", f.Pairing.ID, "err", err)
		}
	}
	// Every pairing's file of a region (a county) for a semester, in one ZIP: each pairing's
	// PDF and workbook, made one after another as the ZIP is sent.
	exports["pairing-files"] = func(w http.ResponseWriter, r *http.Request) {
		v := r.URL.Query()
		if _, ext, _ := strings.Cut(r.PathValue("file"), "."); ext != "zip" {
			fail(w, r, log, domain.Invalid("format", "the files of a region come as pairing-files.zip"))
			return
		}
		p := graph.Principal(r.Context())
		ids, err := a.PairingsForFiles(r.Context(), p, v.Get("regionCode"), v.Get("semester"))
		if err != nil {
			fail(w, r, log, err)
			return
		}
		if _, err := pairingfile.Font(); err != nil {
			fail(w, r, log, err)
			return
		}
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "帮扶档案-" + v.Get("semester") + ".zip"}))
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Pairing-Count", strconv.Itoa(len(ids)))
		i := 0
		next := func() (*app.PairingFile, error) {
			if i == len(ids) {
				return nil, nil
			}
			i++
			return a.PairingFileOf(r.Context(), p, ids[i-1], v.Get("semester"))
		}
		if err := pairingfile.WriteCountyZIP(r.Context(), w, next, a.Photos.Get); err != nil {
			log.Error("assistance files: the ZIP broke off", "err", err)
		}
	}
	mux.Handle("GET /import/templates/{kind}", auth(func(w http.ResponseWriter, r *http.Request) {
		name, ext, _ := strings.Cut(r.PathValue("kind"), ".")
		f, err := sheet.ParseFormat(ext)
		if err != nil {
			fail(w, r, log, domain.Invalid("format", "%v", err))
			return
		}
		t, err := app.ImportTemplate(app.ImportKind(name))
		if err != nil {
			fail(w, r, log, err)
			return
		}
		send(w, r, log, f, t.Title+"-导入模板."+string(f), t)
	}))
	imports := make(chan struct{}, maxConcurrentImports)
	mux.Handle("POST /import/{kind}", http.MaxBytesHandler(auth(func(w http.ResponseWriter, r *http.Request) {
		p := graph.Principal(r.Context())
		kind := app.ImportKind(r.PathValue("kind"))
		// The right first, then a turn: nothing is read or parsed for someone who may not
		// import, and only a few files are parsed at once.
		if !policy.CanImport(p, kind == app.ImportTeachers) {
			fail(w, r, log, domain.Forbidden("you may not import this list"))
			return
		}
		select {
		case imports <- struct{}{}:
			defer func() { <-imports }()
		case <-time.After(importWait):
			fail(w, r, log, &domain.Error{Code: domain.CodeRateLimited, Message: "other imports are running; try again in a minute"})
			return
		case <-r.Context().Done():
			return
		}
		data, err := uploaded(r)
		if err != nil {
			fail(w, r, log, err)
			return
		}
		rep, err := a.Import(r.Context(), p, kind, data, r.URL.Query().Get("dryRun") == "true")
		if err != nil {
			fail(w, r, log, err)
			return
		}
		if strings.HasPrefix(strings.ToLower(r.URL.Query().Get("locale")), "zh") {
			rep.InChinese()
		}
		if !rep.DryRun && len(rep.Errors) == 0 {
			if err := a.RecordMutation(r.Context(), p, "import_"+string(kind), map[string]any{"kind": kind, "rows": rep.Rows,
				"created": rep.Created, "updated": rep.Updated, "unchanged": rep.Unchanged}, nil); err != nil {
				log.Error("audit of an import failed", "err", err)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		if len(rep.Errors) > 0 {
			w.WriteHeader(http.StatusUnprocessableEntity)
		}
		_ = json.NewEncoder(w).Encode(rep)
	}), maxImport+1<<20))
}

// requireCaller refuses anonymous requests.
func requireCaller(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if graph.Principal(r.Context()) == nil {
			writeGraphQLError(w, r, http.StatusUnauthorized, domain.Unauthenticated)
			return
		}
		next(w, r)
	}
}

// decodeParam reads a JSON value from a query parameter.
func decodeParam(v url.Values, name string, into any, required bool) error {
	s := v.Get(name)
	if s == "" {
		if required {
			return domain.Invalid(name, "is required (JSON)")
		}
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return domain.Invalid(name, "is not valid JSON for it: %v", err)
	}
	return nil
}

func locale(v url.Values) stats.Locale {
	if strings.EqualFold(v.Get("locale"), "EN") || strings.HasPrefix(strings.ToLower(v.Get("locale")), "en") {
		return stats.En
	}
	return stats.ZhCN
}

// download sends a table in the format the path names.
func download(w http.ResponseWriter, r *http.Request, log *slog.Logger, kind string, loc stats.Locale, t *sheet.Table, err error) {
	if err != nil {
		fail(w, r, log, err)
		return
	}
	_, ext, _ := strings.Cut(r.PathValue("file"), ".")
	f, err := sheet.ParseFormat(ext)
	if err != nil {
		fail(w, r, log, domain.Invalid("format", "%v", err))
		return
	}
	send(w, r, log, f, app.ExportName(kind, loc, f), t)
}

func send(w http.ResponseWriter, r *http.Request, log *slog.Logger, f sheet.Format, name string, t *sheet.Table) {
	var buf bytes.Buffer
	if err := sheet.Write(&buf, f, t); err != nil {
		fail(w, r, log, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// uploaded returns the file of an import: a multipart field "file", or the whole body.
func uploaded(r *http.Request) ([]byte, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var src io.Reader = r.Body
	if mt == "multipart/form-data" {
		f, _, err := r.FormFile("file")
		if err != nil {
			return nil, tooLargeOr(err, domain.Invalid("file", "send the spreadsheet in a form field named file"))
		}
		defer f.Close()
		src = f
	}
	data, err := io.ReadAll(io.LimitReader(src, maxImport+1))
	if err != nil {
		return nil, tooLargeOr(err, domain.Invalid("file", "the upload was interrupted; try again"))
	}
	if len(data) > maxImport {
		return nil, domain.Invalid("file", "the file is larger than %d MB; split it", maxImport>>20)
	}
	if len(data) == 0 {
		return nil, domain.Invalid("file", "the file is empty")
	}
	return data, nil
}

func tooLargeOr(err error, other error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return domain.Invalid("file", "the file is larger than %d MB; split it", maxImport>>20)
	}
	return other
}

// fail answers an error with its code and a matching status.
func fail(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var de *domain.Error
	if !errors.As(err, &de) || de.Code == domain.CodeInternal {
		log.Error("file request failed", "err", err)
	}
	writeGraphQLError(w, r, statusOf(domain.CodeOf(err)), err)
}

func statusOf(c domain.Code) int {
	switch c {
	case domain.CodeUnauthenticated:
		return http.StatusUnauthorized
	case domain.CodeForbidden:
		return http.StatusForbidden
	case domain.CodeNotFound:
		return http.StatusNotFound
	case domain.CodeBadUserInput, domain.CodeTooComplex:
		return http.StatusBadRequest
	case domain.CodeConflict:
		return http.StatusConflict
	case domain.CodeRateLimited:
		return http.StatusTooManyRequests
	case domain.CodeUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
