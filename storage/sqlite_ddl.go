package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// scopeTable holds, for a collection with scope fields, a row for each value of those
// fields and one (with an empty field) for every record, each with a copy of the
// record's columns; valuesTable holds the values of its other array fields.
func scopeTable(coll string) string  { return quote(coll + "__scope") }
func valuesTable(coll string) string { return quote(coll + "__values") }

// sideTable is the table holding the values of an array field.
func sideTable(coll, field string) string {
	if schemaOf(coll).isScope(field) {
		return scopeTable(coll)
	}
	return valuesTable(coll)
}

// columns are a collection's columns besides id and doc.
func columns(sc collSchema) []string { return append(slices.Clone(metaColumns), sc.scalars...) }

// ensureTable makes coll's table, side table and indexes if missing, adds the columns an
// earlier release's table lacks and fills them in (refill).
func (e *sqliteEngine) ensureTable(ctx context.Context, coll string) error {
	e.mu.Lock()
	known := e.tables[coll]
	e.mu.Unlock()
	if known {
		return nil
	}
	ddl := tableDDL(coll)
	// The tables first, then their columns (an index may be on a column just added).
	for _, q := range ddl {
		if strings.HasPrefix(q, "CREATE TABLE") {
			if _, err := e.w.ExecContext(ctx, q); err != nil {
				return err
			}
		}
	}
	if err := e.addColumns(ctx, coll); err != nil {
		return err
	}
	var after int64
	err := e.w.QueryRowContext(ctx, `SELECT after FROM _refill WHERE coll = ?`, coll).Scan(&after)
	pending := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var deferred []string // the side tables' indexes, built once a refill has finished
	for _, q := range ddl {
		name, ok := createdIndex(q)
		if !ok {
			continue
		}
		e.mu.Lock()
		e.indexes[name] = true
		e.mu.Unlock()
		if pending && sideIndex(coll, name, q) {
			deferred = append(deferred, q)
			continue
		}
		if _, err := e.w.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if pending {
		if err := e.refill(ctx, coll, after, deferred); err != nil {
			return fmt.Errorf("filling in the new columns: %w", err)
		}
	}
	e.mu.Lock()
	e.tables[coll] = true
	e.mu.Unlock()
	return nil
}

// sideIndex tells whether q, creating the index name, is one of coll's side tables'
// secondary indexes, which a refill drops and builds again at its end. The rid indexes
// stay: rewriting a row finds its old side rows by them.
func sideIndex(coll, name, q string) bool {
	return !strings.HasSuffix(name, "_rid") && (strings.Contains(q, " ON "+scopeTable(coll)) || strings.Contains(q, " ON "+valuesTable(coll)))
}

// tableDDL is the statements making coll's table, side tables and indexes if missing.
func tableDDL(coll string) []string {
	sc := schemaOf(coll)
	cols := columns(sc)
	var ddl []string
	// The document comes last in each row: the columns a filter reads stay on the row's
	// first page.
	defs := []string{"id TEXT PRIMARY KEY NOT NULL"}
	for _, c := range cols {
		defs = append(defs, quote(c))
	}
	ddl = append(ddl, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (%s, doc BLOB NOT NULL)`, quote(coll), strings.Join(defs, ", ")))
	if len(sc.scopes) == 0 {
		for _, ix := range sc.indexes {
			ddl = append(ddl, indexDDL(quote(coll), coll, nil, ix))
		}
	} else {
		// The scope table: a list reads the rows of its scope's value (or the row every
		// record has) in index order, and counts them from the index.
		// Its rows are keyed by the record's row number in the main table, not by its id:
		// a new record's rows go at the end of each value's range, where the other
		// records written in the same commit go too, so a commit writes a few pages to
		// the log instead of one for every row (ids are random).
		ddl = append(ddl, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (_field TEXT NOT NULL, _value NOT NULL, rid INTEGER NOT NULL, %s, PRIMARY KEY (_field, _value, rid)) WITHOUT ROWID`,
			scopeTable(coll), "id TEXT NOT NULL, "+strings.Join(defs[1:], ", ")))
		ddl = append(ddl, fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (rid)`, quote(coll+"__scope_rid"), scopeTable(coll)))
		scope := []string{"_field", "_value"}
		for _, ix := range sc.indexes {
			if ix.unique {
				ddl = append(ddl, indexDDL(quote(coll), coll, nil, ix))
				continue
			}
			if len(ix.keys) == 1 && ix.keys[0].field == "updatedAt" {
				continue // catching up reads the main table, deleted records included
			}
			ddl = append(ddl, indexDDL(scopeTable(coll), coll+"__scope", scope, ix))
		}
		// Deleted records are read from the main table only: catching up by change time.
		ddl = append(ddl, indexDDL(quote(coll), coll, nil, asc("updatedAt")))
	}
	if len(sc.arrays) > len(sc.scopes) {
		ddl = append(ddl, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (_field TEXT NOT NULL, _value NOT NULL, rid INTEGER NOT NULL, id TEXT NOT NULL, PRIMARY KEY (_field, _value, rid)) WITHOUT ROWID`, valuesTable(coll)))
		ddl = append(ddl, fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (rid)`, quote(coll+"__values_rid"), valuesTable(coll)))
	}
	return ddl
}

// addColumns adds the columns coll's table and scope table lack (made by an earlier
// release) and, in the same transaction, marks the collection's rows to be written again
// from their documents (refill), so that an interrupted refill is finished at the next
// start.
func (e *sqliteEngine) addColumns(ctx context.Context, coll string) error {
	cols := columns(schemaOf(coll))
	tables := []string{coll}
	if len(schemaOf(coll).scopes) > 0 {
		tables = append(tables, coll+"__scope")
	}
	var alter []string
	for _, table := range tables {
		have, err := queryStrings(ctx, e.w, fmt.Sprintf(`SELECT name FROM pragma_table_info(%s)`, sqlString(table)))
		if err != nil {
			return err
		}
		for _, c := range cols {
			if !slices.Contains(have, c) {
				alter = append(alter, fmt.Sprintf(`ALTER TABLE %s ADD COLUMN %s`, quote(table), quote(c)))
			}
		}
	}
	if len(alter) == 0 {
		return nil
	}
	e.log.Info("filling in the columns this release adds; at a city's size this takes about a minute, once", "collection", coll)
	tx, err := e.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range append(alter, `INSERT OR IGNORE INTO _refill (coll, after) VALUES (`+sqlString(coll)+`, 0)`) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// indexDDL is the statement creating an index on table by prefix (the scope columns)
// and ix's keys, leaving out array keys (the scope table answers those) and ending with
// id, by which every list breaks ties. "" if nothing is left to index.
func indexDDL(table, name string, prefix []string, ix index) string {
	sc := schemaOf(strings.TrimSuffix(name, "__scope"))
	keys := slices.Clone(prefix)
	var parts []string
	for _, k := range ix.keys {
		if sc.isArray(k.field) {
			continue
		}
		// Ascending only: a list sorted newest first reads the index backwards, id
		// included, where a descending key followed by an ascending id would not serve.
		keys = append(keys, quote(k.field))
		parts = append(parts, k.field)
	}
	if len(keys) == len(prefix) {
		return "SELECT 1"
	}
	u := ""
	if ix.unique {
		u = "UNIQUE "
	} else {
		keys = append(keys, "id")
		for _, c := range ix.include {
			keys = append(keys, quote(c))
			parts = append(parts, "with_"+c)
		}
	}
	where := ""
	if ix.everyone && len(prefix) > 0 {
		// Only the rows every record has; plan() names that row by literals, so that
		// SQLite sees the query is within the index.
		parts = append(parts, "all")
		where = ` WHERE _field = ''`
	}
	return fmt.Sprintf(`CREATE %sINDEX IF NOT EXISTS %s ON %s (%s)%s`, u, quote(name+"__"+strings.Join(parts, "_")), table, strings.Join(keys, ", "), where)
}

func sqlString(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }
