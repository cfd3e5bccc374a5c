package app

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/handinhand/handinhand/domain"
	"github.com/handinhand/handinhand/policy"
	"github.com/handinhand/handinhand/storage"
)

// RecordMutation appends a successful mutation to the audit log. result is what the
// mutation returned; its id, type and region are taken from it where it has them.
func (a *App) RecordMutation(ctx context.Context, p *policy.Principal, operation string, args map[string]any, result any) error {
	e := &domain.AuditEntry{ID: domain.NewID(), At: domain.Now(), Operation: operation, Input: redact(args), RegionPath: []string{}}
	if p != nil {
		e.UserID, e.Role = p.UserID, p.Role
	}
	if v := reflect.ValueOf(result); v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
		if v.Kind() == reflect.Struct {
			e.RecordType = v.Type().Name()
			if f := v.FieldByName("ID"); f.IsValid() && f.Kind() == reflect.String {
				e.RecordID = f.String()
			}
			if f := v.FieldByName("Code"); e.RecordID == "" && f.IsValid() && f.Kind() == reflect.String {
				e.RecordID = f.String()
			}
			if f := v.FieldByName("RegionPath"); f.IsValid() && f.Kind() == reflect.Slice {
				e.RegionPath, _ = f.Interface().([]string)
			} else if f := v.FieldByName("Photo"); f.IsValid() && !f.IsNil() { // an upload ticket
				if ph, ok := f.Interface().(*domain.Photo); ok {
					e.RecordType, e.RecordID, e.RegionPath = "Photo", ph.ID, ph.RegionPath
				}
			}
		}
	}
	if e.RecordType == "Region" {
		e.RegionPath = domain.RegionPath(e.RecordID)
	}
	return a.Store.AppendAudit(ctx, e)
}

// redact turns a mutation's arguments into JSON without any password.
func redact(args map[string]any) string {
	raw, err := json.Marshal(args)
	if err != nil {
		return "{}"
	}
	var plain any
	if err := json.Unmarshal(raw, &plain); err != nil {
		return "{}"
	}
	b, err := json.Marshal(scrub(plain))
	if err != nil {
		return "{}"
	}
	return string(b)
}

func scrub(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if strings.Contains(strings.ToLower(k), "password") {
				out[k] = "[redacted]"
				continue
			}
			out[k] = scrub(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = scrub(val)
		}
		return out
	}
	return v
}

// AuditLog lists the audit log: admins all of it, bureaus the entries about records in
// their region; nobody else.
func (a *App) AuditLog(ctx context.Context, p *policy.Principal, f *domain.AuditFilter, first int, after string) (*storage.Page[domain.AuditEntry], error) {
	sc, err := scope(p)
	if err != nil {
		return nil, err
	}
	switch {
	case sc.All:
		return a.Store.ListAudit(ctx, "", f, first, after)
	case sc.RegionCode != "":
		return a.Store.ListAudit(ctx, sc.RegionCode, f, first, after)
	}
	return nil, domain.Forbidden("only admins and bureaus read the audit log")
}
