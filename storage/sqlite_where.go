package storage

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/handinhand/handinhand/domain"
)

// column is the SQL column of a scalar field.
func column(coll, field string) (string, error) {
	if field == "_id" {
		return "id", nil
	}
	sc := schemaOf(coll)
	if slices.Contains(metaColumns, field) || slices.Contains(sc.scalars, field) {
		return quote(field), nil
	}
	return "", &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: fmt.Errorf("%s.%s is not kept as a column", coll, field)}
}

// sqlWhere is the SQL of conditions that must all hold, appending their arguments. An
// array condition looks the value up in the side table, which holds live records only.
// rid is the column of t holding the record's row number in the main table, by which an
// array's values in the side tables are matched (t.rowid in the main table itself).
func sqlWhere(coll, rid string, where []cond, args *[]any) (string, error) {
	if len(where) == 0 {
		return "1", nil
	}
	parts := make([]string, 0, len(where))
	for _, c := range where {
		p, err := sqlCond(coll, rid, c, args)
		if err != nil {
			return "", err
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " AND "), nil
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func sqlCond(coll, rid string, c cond, args *[]any) (string, error) {
	switch c.op {
	case opNone:
		return "0", nil
	case opOr:
		alts := make([]string, 0, len(c.or))
		for _, alt := range c.or {
			w, err := sqlWhere(coll, rid, alt, args)
			if err != nil {
				return "", err
			}
			alts = append(alts, "("+w+")")
		}
		if len(alts) == 0 {
			return "0", nil
		}
		return "(" + strings.Join(alts, " OR ") + ")", nil
	}
	if schemaOf(coll).isArray(c.field) {
		// An array field holds a value: the side table has a row for it.
		// By row number: in the scope table that is the primary key's last column.
		sub := fmt.Sprintf(`%s IN (SELECT rid FROM %s WHERE _field = ? AND _value `, rid, sideTable(coll, c.field))
		switch c.op {
		case opEq:
			*args = append(*args, c.field, toSQL(c.value))
			return sub + `= ?)`, nil
		case opIn:
			if len(c.values) == 0 {
				return "0", nil
			}
			*args = append(*args, c.field)
			for _, v := range c.values {
				*args = append(*args, toSQL(v))
			}
			return sub + `IN (` + placeholders(len(c.values)) + `))`, nil
		}
		return "", &domain.Error{Code: domain.CodeInternal, Message: "internal error", Err: fmt.Errorf("%s.%s: no such test of an array", coll, c.field)}
	}
	col, err := column(coll, c.field)
	if err != nil {
		return "", err
	}
	col = "t." + col
	v := toSQL(c.value)
	bin := func(op string) (string, error) {
		if v == nil {
			// As MongoDB: nothing is ordered against a missing value.
			return "0", nil
		}
		*args = append(*args, v)
		return col + " " + op + " ?", nil
	}
	switch c.op {
	case opEq:
		if v == nil {
			return col + " IS NULL", nil
		}
		return bin("=")
	case opNe:
		*args = append(*args, v)
		return col + " IS NOT ?", nil
	case opIn:
		if len(c.values) == 0 {
			return "0", nil
		}
		for _, x := range c.values {
			*args = append(*args, toSQL(x))
		}
		return col + " IN (" + placeholders(len(c.values)) + ")", nil
	case opGt:
		return bin(">")
	case opGte:
		return bin(">=")
	case opLt:
		return bin("<")
	case opLte:
		return bin("<=")
	case opContains:
		*args = append(*args, v)
		// instr finds one or two Chinese characters as well as any other text (a trigram
		// index would need three); lower folds Latin letters.
		return "instr(lower(" + col + "), lower(?)) > 0", nil
	case opAbsent:
		return col + " IS NULL", nil
	}
	return "", fmt.Errorf("unknown condition %d", c.op)
}

// rawToSQL is the column value of a document field: strings, numbers, booleans as 0/1,
// times as milliseconds since 1970 (UTC); nil for anything else or a missing field.
func rawToSQL(v bson.RawValue) any {
	switch v.Type {
	case bson.TypeString:
		return v.StringValue()
	case bson.TypeInt32:
		return int64(v.Int32())
	case bson.TypeInt64:
		return v.Int64()
	case bson.TypeDouble:
		return v.Double()
	case bson.TypeBoolean:
		if v.Boolean() {
			return int64(1)
		}
		return int64(0)
	case bson.TypeDateTime:
		return v.DateTime()
	}
	return nil
}

// toSQL is a condition's value as rawToSQL would have stored it.
func toSQL(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case bson.RawValue:
		return rawToSQL(x)
	case time.Time:
		return x.UnixMilli()
	case *time.Time:
		if x == nil {
			return nil
		}
		return x.UnixMilli()
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		if rv.Bool() {
			return int64(1)
		}
		return int64(0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return float64(u)
		}
		return int64(u)
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	}
	return fmt.Sprint(v)
}
