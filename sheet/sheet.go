// Package sheet reads and writes the simple tables bureaus exchange as spreadsheets:
// CSV (UTF-8 with a byte-order mark, so that Excel shows Chinese correctly) and XLSX.
package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Format is a spreadsheet file format.
type Format string

const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// ContentType is the media type of the format.
func (f Format) ContentType() string {
	if f == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// ParseFormat accepts "csv" or "xlsx".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "csv":
		return CSV, nil
	case "xlsx":
		return XLSX, nil
	}
	return "", fmt.Errorf("%q is not a spreadsheet format: use csv or xlsx", s)
}

// Table is a title, a header row and rows of cells; a cell is a string, a float64, an
// int or nil (empty).
type Table struct {
	Title   string
	Headers []string
	Rows    [][]any
	// Notes are lines written below the table (XLSX) or after it (CSV).
	Notes []string
	// Help is written to a second sheet named 说明 in XLSX, and left out of CSV.
	Help []string
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// Write writes t in the format.
func Write(w io.Writer, f Format, t *Table) error {
	if f == XLSX {
		return writeXLSX(w, t)
	}
	return writeCSV(w, t)
}

func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	}
	return fmt.Sprint(v)
}

// csvText is a cell as CSV text. Text that a spreadsheet would read as a formula (it
// starts with = + - @, a tab or a carriage return: a topic "=HYPERLINK(…)", say) gets a
// leading apostrophe, so it shows as the text it is (OWASP's rule for CSV injection).
// Numbers are written as they are: -1.5 stays a number.
func csvText(v any) string {
	s := cellText(v)
	if _, isText := v.(string); isText && s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func writeCSV(w io.Writer, t *Table) error {
	if _, err := w.Write(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(t.Headers)
	line := make([]string, len(t.Headers))
	for _, r := range t.Rows {
		line = line[:0]
		for _, v := range r {
			line = append(line, csvText(v))
		}
		_ = cw.Write(line)
	}
	for _, n := range t.Notes {
		_ = cw.Write([]string{n})
	}
	cw.Flush()
	return cw.Error()
}

func writeXLSX(w io.Writer, t *Table) error { return WriteBook(w, t) }

// WriteBook writes tables as one XLSX workbook, a sheet each (the first table's help, if
// any, on a sheet of its own at the end).
func WriteBook(w io.Writer, tables ...*Table) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#E8F0FE"}}})
	if err != nil {
		return err
	}
	for i, t := range tables {
		name := sheetName(t.Title)
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return err
		}
		if err := writeSheet(f, name, bold, t); err != nil {
			return err
		}
	}
	t := tables[0]
	if len(t.Help) > 0 {
		if _, err := f.NewSheet("说明"); err != nil {
			return err
		}
		_ = f.SetColWidth("说明", "A", "A", 100)
		for i, line := range t.Help {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetCellValue("说明", cell, line); err != nil {
				return err
			}
		}
	}
	return f.Write(w)
}

// sheetName makes a title fit Excel's rules for sheet names.
func sheetName(title string) string {
	r := strings.NewReplacer(":", "", "\\", "", "/", "", "?", "", "*", "", "[", "", "]", "")
	s := r.Replace(title)
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	if s == "" {
		s = "Sheet1"
	}
	return s
}

// Limits on an uploaded spreadsheet.
const (
	MaxRows  = 50000
	MaxCells = 64
	// maxUnzipped bounds what an XLSX may expand to, against zip bombs.
	maxUnzipped = 16 << 20 // a county's 5,000 teachers unzip to about 3 MB
	// MaxCellText bounds the text of all cells together: a shared string is stored once
	// in the file but read once for every cell that names it, so a 40 kB file whose
	// 12,000 cells name one 10,000-character string would read as 360 MB.
	MaxCellText = 16 << 20
)

// ErrTooMuchText is returned for a workbook whose cells hold more text than an import takes.
var ErrTooMuchText = fmt.Errorf("the cells of the sheet hold more than %d MB of text; an import takes at most that", MaxCellText>>20)

// ErrUnreadable is returned for a file that is neither CSV nor XLSX.
var ErrUnreadable = errors.New("the file is not a CSV or XLSX spreadsheet")

// Read returns the rows of the first sheet of an XLSX, or of a CSV (UTF-8, with or
// without a byte-order mark, comma or tab separated). The format is told by content.
func Read(data []byte) ([][]string, error) {
	var rows [][]string
	var err error
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		rows, err = readXLSX(data)
	} else {
		rows, err = readCSV(data)
	}
	if err != nil {
		return nil, err
	}
	if len(rows) > MaxRows+1 {
		return nil, fmt.Errorf("the file has %d rows; at most %d can be imported at once", len(rows)-1, MaxRows)
	}
	for i, r := range rows {
		if len(r) > MaxCells {
			return nil, fmt.Errorf("row %d has %d columns; at most %d", i+1, len(r), MaxCells)
		}
		for j := range r {
			r[j] = strings.TrimSpace(r[j])
		}
	}
	return rows, nil
}

func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped})
	if err != nil {
		return nil, ErrUnreadable
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrUnreadable
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, ErrUnreadable
	}
	defer it.Close()
	var rows [][]string
	text := 0
	for it.Next() {
		if len(rows) > MaxRows+1 {
			break // Read refuses the file for its rows
		}
		cols, err := it.Columns()
		if err != nil {
			return nil, ErrUnreadable
		}
		for _, c := range cols {
			text += len(c)
		}
		if text > MaxCellText {
			return nil, ErrTooMuchText
		}
		rows = append(rows, cols)
	}
	if it.Error() != nil {
		return nil, ErrUnreadable
	}
	return rows, nil
}

func readCSV(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, bom)
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, ErrUnreadable
	}
	if !utf8.Valid(data) {
		dec, err := decodeNonUTF8(data)
		if err != nil {
			return nil, err
		}
		data = dec
	}
	r := csv.NewReader(bytes.NewReader(data))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("the CSV file cannot be read: %v", err)
	}
	return rows, nil
}

// decodeNonUTF8 reads a CSV file that is not valid UTF-8. Excel in China saves "CSV" in
// GB18030 (GBK), which is read as such. But a UTF-8 file with a stray byte (one cell
// pasted from elsewhere) is not GBK: decoded as GBK every Chinese name in it would be
// stored garbled. A file that is mostly valid UTF-8 is therefore refused with the line
// of its first bad byte, and so is a GBK decoding that finds bytes GBK has no character
// for.
func decodeNonUTF8(data []byte) ([]byte, error) {
	valid, invalid, firstBad := 0, 0, -1
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			invalid++
			if firstBad < 0 {
				firstBad = i
			}
		case n > 1:
			valid++
		}
		i += max(n, 1)
	}
	line := func(at int) int { return bytes.Count(data[:at], []byte("\n")) + 1 }
	if valid > invalid {
		return nil, fmt.Errorf("row %d of the CSV file has a character that is not UTF-8, while the rest of the file is UTF-8: correct that row, or save the file from Excel as \"CSV UTF-8\" again", line(firstBad))
	}
	dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(dec) {
		return nil, errGBK
	}
	if at := bytes.IndexRune(dec, utf8.RuneError); at >= 0 {
		return nil, fmt.Errorf("row %d of the CSV file is neither UTF-8 nor GBK: correct that row, or save the file from Excel as \"CSV UTF-8\" or upload the XLSX", bytes.Count(dec[:at], []byte("\n"))+1)
	}
	return dec, nil
}

var errGBK = errors.New("the CSV file is neither UTF-8 nor GBK: save it from Excel as \"CSV UTF-8\" or upload the XLSX")

func writeSheet(f *excelize.File, name string, bold int, t *Table) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, h := range t.Headers {
		width := float64(max(10, utf8.RuneCountInString(h)*2+2))
		_ = sw.SetColWidth(i+1, i+1, width)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(t.Headers))
	for i, h := range t.Headers {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	row := 2
	for _, r := range t.Rows {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, r); err != nil {
			return err
		}
		row++
	}
	for _, n := range t.Notes {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, []any{n}); err != nil {
			return err
		}
	}
	return sw.Flush()
}
