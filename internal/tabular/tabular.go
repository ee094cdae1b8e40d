// Package tabular reads the tabular files that people import (CSV in UTF-8
// or the first sheet of an XLSX workbook, with a header row) and gathers the
// faults of their rows into one error that names file, row and column.
// Reading is pure: bytes in, records and errors out. It also holds what
// every importer shares around the reading: ImportFile reads the file and
// its digest, Digest stands in for the digest of rows that came from no
// file, and Run records the import in the imports table.
package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Record is one data row of a tabular file, its fields in the order of the
// columns the caller asked for.
type Record struct {
	Line   int // line of the file (CSV) or row of the sheet (XLSX), the header being 1
	Fields []string
}

// Read reads a CSV (UTF-8, optional byte-order mark, comma separated)
// or XLSX file (first sheet) whose first row is a header naming at least the
// columns cols, in any order and in any letter case. Extra columns are
// ignored, so that people may keep notes or unit names beside the data.
// Blank rows are skipped. The optional columns, when the header names
// them, follow cols in each record's fields; a missing one reads as empty.
//
// Errors are *apperr.Error (a fault of the whole file) or *apperr.List (one
// item per bad row), each naming the file and the row.
func Read(r io.Reader, name string, cols []string, optional ...string) ([]Record, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, apperr.At(fmt.Sprintf(vi.WhereFile, name), apperr.New(apperr.Invalid, vi.ErrFileRead, err))
	}
	var raw [][]string
	var lines []int
	sheet := bytes.HasPrefix(data, []byte("PK\x03\x04"))
	if sheet {
		raw, lines, err = readXLSX(data, name)
	} else {
		raw, lines, err = readCSV(data, name)
	}
	if err != nil {
		return nil, err
	}
	return project(raw, lines, name, cols, optional, sheet)
}

// readXLSX returns the rows of the first sheet with their 1-based row
// numbers. Raw cell values are read, so that a number formatted "1.234.567"
// in a Vietnamese Excel still arrives as 1234567.
func readXLSX(data []byte, name string) ([][]string, []int, error) {
	where := fmt.Sprintf(vi.WhereFile, name)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, nil, apperr.At(where, apperr.New(apperr.Invalid, vi.ErrBadXLSX, err))
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, apperr.At(where, apperr.New(apperr.Invalid, vi.ErrXLSXNoSheet))
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, apperr.At(where, apperr.New(apperr.Invalid, vi.ErrBadXLSX, err))
	}
	lines := make([]int, len(rows))
	for i := range rows {
		lines[i] = i + 1
	}
	return rows, lines, nil
}

// readCSV checks the encoding and splits the text into records with the
// line on which each starts.
func readCSV(data []byte, name string) ([][]string, []int, error) {
	where := fmt.Sprintf(vi.WhereFile, name)
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return nil, nil, apperr.At(where, apperr.New(apperr.Invalid, vi.ErrUTF16))
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if bad := firstBadByte(data); bad >= 0 {
		line := 1 + bytes.Count(data[:bad], []byte("\n"))
		return nil, nil, apperr.At(fmt.Sprintf(vi.WhereFileRow, name, line), apperr.New(apperr.Invalid, vi.ErrNotUTF8))
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, nil, apperr.At(fmt.Sprintf(vi.WhereFileRow, name, line), apperr.New(apperr.Invalid, vi.ErrCSVSyntax))
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	return rows, lines, nil
}

// firstBadByte is the offset of the first byte that makes data something
// other than UTF-8 text (an invalid sequence or a NUL), or -1.
func firstBadByte(data []byte) int {
	if utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 {
		return -1
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if (r == utf8.RuneError && size == 1) || r == 0 {
			return i
		}
		i += size
	}
	return -1
}

// project finds the header, maps the wanted columns and returns the data
// rows with their fields in the order of cols, then optional.
func project(raw [][]string, lines []int, name string, cols, optional []string, sheet bool) ([]Record, error) {
	// The header is the first row that is not blank.
	h := 0
	for h < len(raw) && blank(raw[h]) {
		h++
	}
	if h == len(raw) {
		return nil, apperr.At(fmt.Sprintf(vi.WhereFile, name), apperr.New(apperr.Invalid, vi.ErrFileEmpty))
	}
	header := raw[h]
	headerWhere := fmt.Sprintf(vi.WhereFileRow, name, lines[h])
	index := make(map[string]int, len(header))
	for i, c := range header {
		c = strings.ToLower(strings.TrimSpace(c))
		if c == "" {
			continue
		}
		if _, dup := index[c]; dup {
			return nil, apperr.At(headerWhere, apperr.New(apperr.Invalid, vi.ErrDupCol, c))
		}
		index[c] = i
	}
	pos := make([]int, len(cols), len(cols)+len(optional))
	var missing []string
	for i, c := range cols {
		p, ok := index[c]
		if !ok {
			missing = append(missing, c)
		}
		pos[i] = p
	}
	for _, c := range optional {
		p, ok := index[c]
		if !ok {
			p = -1
		}
		pos = append(pos, p)
	}
	if len(missing) > 0 {
		if len(header) == 1 && strings.Contains(header[0], ";") {
			return nil, apperr.At(headerWhere, apperr.New(apperr.Invalid, vi.ErrSemicolon))
		}
		return nil, apperr.At(headerWhere, apperr.New(apperr.Invalid, vi.ErrMissingCols,
			strings.Join(missing, ", "), strings.Join(cols, ",")))
	}
	var out []Record
	bad := NewProblems(name)
	for i := h + 1; i < len(raw); i++ {
		row := raw[i]
		if blank(row) {
			continue
		}
		// A CSV row must have as many cells as the header. A sheet drops
		// the trailing empty cells of a row, so only a longer row with
		// something in the extra cells is ragged there.
		if (!sheet && len(row) != len(header)) || (sheet && len(row) > len(header) && !blank(row[len(header):])) {
			bad.Add(lines[i], "", apperr.New(apperr.Invalid, vi.ErrRagged, len(row), len(header)))
			continue
		}
		rec := Record{Line: lines[i], Fields: make([]string, len(pos))}
		for j, p := range pos {
			if p >= 0 && p < len(row) {
				rec.Fields[j] = strings.TrimSpace(row[p])
			}
		}
		out = append(out, rec)
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.At(fmt.Sprintf(vi.WhereFile, name), apperr.New(apperr.Invalid, vi.ErrFileNoRows))
	}
	return out, nil
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
