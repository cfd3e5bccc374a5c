package app

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

// RecordMutation appends a successful mutation to the audit log. result is what the
// mutation returned: the record it names (domain.Audited) is the entry's; a result that
// names none (an import's report) gives an entry about no record.
func (a *App) RecordMutation(ctx context.Context, p *policy.Principal, operation string, args map[string]any, result any) error {
	op, _ := OperationOf(operation)
	e := &domain.AuditEntry{ID: domain.NewID(), At: domain.Now(), Operation: operation, Input: redact(args, op.Protected), RegionPath: []string{}}
	if p != nil {
		e.UserID, e.Role = p.UserID, p.Role
	}
	if r, ok := result.(domain.Audited); ok {
		rec := r.AuditedRecord()
		e.RecordType, e.RecordID, e.InputReaders = rec.Type, rec.ID, rec.InputReaders
		if rec.RegionPath != nil {
			e.RegionPath = rec.RegionPath
		}
	}
	return a.Store.AppendAudit(ctx, e)
}

// redact turns a mutation's arguments into JSON without any password, nor the fields the
// operation declares protected.
func redact(args map[string]any, protected []string) string {
	raw, err := json.Marshal(args)
	if err != nil {
		return "{}"
	}
	var plain any
	if err := json.Unmarshal(raw, &plain); err != nil {
		return "{}"
	}
	b, err := json.Marshal(scrub(plain, protected))
	if err != nil {
		return "{}"
	}
	return string(b)
}

func scrub(v any, protected []string) any {
	return rewrite(v, "", func(key string, val any) (any, bool) {
		if strings.Contains(strings.ToLower(key), "password") {
			return "[redacted]", true
		}
		if slices.ContainsFunc(protected, func(p string) bool { return strings.EqualFold(p, key) }) && val != nil {
			return "[protected]", true
		}
		return nil, false
	})
}

// rewrite copies a decoded JSON document, replacing each value for which f says so (with
// the key it stands under; elements of an array stand under the array's key).
func rewrite(v any, key string, f func(key string, val any) (any, bool)) any {
	if r, ok := f(key, v); ok {
		return r
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[k] = rewrite(val, k, f)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = rewrite(val, key, f)
		}
		return out
	}
	return v
}

// withheld is an entry's input for a reader who may not read what it said: which record
// and what was done with it remain (ids, the semester, true/false), the texts do not.
func withheld(input string) string {
	var plain any
	if err := json.Unmarshal([]byte(input), &plain); err != nil {
		return "{}"
	}
	b, err := json.Marshal(rewrite(plain, "", func(key string, val any) (any, bool) {
		s, ok := val.(string)
		k := strings.ToLower(key)
		if !ok || s == "" || k == "semester" || strings.HasSuffix(k, "id") {
			return nil, false
		}
		return "[withheld]", true
	}))
	if err != nil {
		return "{}"
	}
	return string(b)
}

// readable shows a reader of the audit log only what they may read of each entry's input.
func readable(p *policy.Principal, page *storage.Page[domain.AuditEntry]) *storage.Page[domain.AuditEntry] {
	for _, e := range page.Items {
		if len(e.InputReaders) > 0 && !slices.Contains(e.InputReaders, p.KindergartenID) {
			e.Input = withheld(e.Input)
		}
	}
	return page
}

// AuditLog lists the audit log: admins all of it, bureaus the entries about records in
// their region; nobody else.
func (a *App) AuditLog(ctx context.Context, p *policy.Principal, f *domain.AuditFilter, first int, after string) (*storage.Page[domain.AuditEntry], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	var page *storage.Page[domain.AuditEntry]
	switch {
	case sc.All:
		page, err = a.Store.ListAudit(ctx, "", f, first, after)
	case sc.RegionCode != "":
		page, err = a.Store.ListAudit(ctx, sc.RegionCode, f, first, after)
	default:
		return nil, domain.Forbidden("only admins and bureaus read the audit log")
	}
	if err != nil {
		return nil, err
	}
	return readable(p, page), nil
}
