package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func (e *sqliteEngine) Get(ctx context.Context, coll, id string) (bson.Raw, error) {
	if !e.exists(coll) {
		return nil, errNotFound
	}
	var b []byte
	err := e.reader(ctx).QueryRowContext(ctx, fmt.Sprintf(`SELECT doc FROM %s WHERE id = ?`, quote(coll)), id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, swrap(err)
	}
	return b, nil
}

// exists reports whether coll has a table; collections outside the schemas get one at
// their first write.
func (e *sqliteEngine) exists(coll string) bool {
	if _, ok := schemas[coll]; ok {
		return true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.tables[coll] {
		return true
	}
	var n int
	_ = e.r.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, coll).Scan(&n)
	return n > 0
}

func (e *sqliteEngine) GetMany(ctx context.Context, coll string, ids []string) ([]bson.Raw, error) {
	var out []bson.Raw
	for len(ids) > 0 {
		n := min(len(ids), 500)
		err := e.Find(ctx, coll, query{where: []cond{in("_id", ids[:n]), live}}, func(r bson.Raw) error {
			out = append(out, r)
			return nil
		})
		if err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

func (e *sqliteEngine) Find(ctx context.Context, coll string, q query, fn func(bson.Raw) error) error {
	if !e.exists(coll) {
		return nil
	}
	var args []any
	from, w, err := plan(coll, q.where, &args)
	if err != nil {
		return err
	}
	// The page is chosen from the index alone, then its documents are read: joined
	// first, SQLite might read every matching document before it sorts them.
	cols := []string{"t.id"}
	var keys []string
	for _, k := range q.sort {
		col, err := column(coll, k.field)
		if err != nil {
			return err
		}
		if col != "id" {
			cols = append(cols, "t."+col)
		}
		col = "t." + col
		if k.desc {
			col += " DESC"
		}
		keys = append(keys, col)
	}
	inner := fmt.Sprintf(`SELECT %s FROM %s WHERE %s`, strings.Join(cols, ", "), from, w)
	order := ""
	if len(keys) > 0 {
		order = " ORDER BY " + strings.Join(keys, ", ")
	}
	inner += order
	if q.limit > 0 {
		inner += fmt.Sprintf(" LIMIT %d", q.limit)
	}
	stmt := fmt.Sprintf(`SELECT m.doc FROM (%s) AS t JOIN %s AS m ON m.id = t.id%s`, inner, quote(coll), order)
	return scanRows(ctx, e.reader(ctx), stmt, args, fn)
}

// ScanParts reads coll's rows in parts ranges of row numbers at once, each on a reader
// connection of its own (see Store.ScanParts).
func (e *sqliteEngine) ScanParts(ctx context.Context, coll string, where []cond, parts int, fn func(part int, raw bson.Raw) error) error {
	if !e.exists(coll) {
		return nil
	}
	var lo, hi sql.NullInt64
	if err := e.r.QueryRowContext(ctx, fmt.Sprintf(`SELECT min(rowid), max(rowid) FROM %s`, quote(coll))).Scan(&lo, &hi); err != nil {
		return swrap(err)
	}
	if !lo.Valid {
		return nil
	}
	step := (hi.Int64-lo.Int64)/int64(parts) + 1
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var once sync.Once
	var first error // the part that failed first; the others then stop, cancelled
	for part := range parts {
		wg.Go(func() {
			from := lo.Int64 + int64(part)*step
			args := []any{from, from + step - 1}
			w, err := sqlWhere(coll, "t.rowid", where, &args)
			if err == nil {
				err = scanRows(ctx, e.r, fmt.Sprintf(`SELECT t.doc FROM %s AS t WHERE t.rowid BETWEEN ? AND ? AND %s`, quote(coll), w), args,
					func(raw bson.Raw) error { return fn(part, raw) })
			}
			if err != nil {
				once.Do(func() { first = err })
				cancel()
			}
		})
	}
	wg.Wait()
	return first
}

// scanRows passes the documents q finds through c to fn.
func scanRows(ctx context.Context, c dbtx, q string, args []any, fn func(bson.Raw) error) error {
	rows, err := c.QueryContext(ctx, q, args...)
	if err != nil {
		return swrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return swrap(err)
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return swrap(rows.Err())
}

func (e *sqliteEngine) Count(ctx context.Context, coll string, where []cond) (int64, error) {
	if !e.exists(coll) {
		return 0, nil
	}
	var args []any
	from, w, err := plan(coll, where, &args)
	if err != nil {
		return 0, err
	}
	var n int64
	err = e.reader(ctx).QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM %s WHERE %s`, from, w), args...).Scan(&n)
	return n, swrap(err)
}

// plan is the FROM (as t) and WHERE of a query on coll. A collection with array fields
// is read from its scope table, at the rows of one array condition's value (a bureau's
// region, a kindergarten) or else at the row every record has, so that the scope, the
// other filters and the order are all answered from one index.
func plan(coll string, where []cond, args *[]any) (string, string, error) {
	sc := schemaOf(coll)
	liveOnly := slices.IndexFunc(where, func(c cond) bool { return c.op == opAbsent && c.field == "deletedAt" })
	if len(sc.scopes) == 0 || liveOnly < 0 {
		// Deleted records too (catching up, counting all): from the main table.
		w, err := sqlWhere(coll, "t.rowid", where, args)
		return quote(coll) + " AS t", w, err
	}
	// The scope table holds live records only: the condition is its very content.
	rest := append(slices.Clone(where[:liveOnly]), where[liveOnly+1:]...)
	drive := -1
	for i, c := range rest {
		if c.op == opEq && sc.isScope(c.field) {
			drive = i
			break
		}
	}
	if drive >= 0 {
		*args = append(*args, rest[drive].field, toSQL(rest[drive].value))
		rest = append(slices.Clone(rest[:drive]), rest[drive+1:]...)
		w, err := sqlWhere(coll, "t.rid", rest, args)
		return scopeTable(coll) + " AS t", "t._field = ? AND t._value = ? AND " + w, err
	}
	// The row every record has, by literals (see index.everyone).
	w, err := sqlWhere(coll, "t.rid", rest, args)
	return scopeTable(coll) + " AS t", "t._field = '' AND t._value = '' AND " + w, err
}
