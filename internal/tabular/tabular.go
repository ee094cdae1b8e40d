// Package tabular reads the tabular files that people import (CSV in UTF-8
// or the first sheet of an XLSX workbook, with a header row) and gathers the
// faults of their rows into one error that names file, row and column.
//
// Reading is pure (a file in, records and errors out; nothing is written)
// and bounded: a file is streamed, never loaded whole, and Limits caps the
// rows, the columns, the length of a cell and, for a workbook, the unpacked
// size of each part of the zip package and of all of them, counted as the
// bytes are read rather than trusted from the zip headers. A hostile file
// (a zip bomb, a line of a gigabyte) is refused by name of the limit it
// broke, early, in little memory.
//
// What Excel does to values is undone or named: a number formatted as a
// date is read as the month it shows when it shows no day (a period typed
// 2024-07 that Excel turned into July 2024) and refused naming the date
// otherwise; a formula without a stored result and an error value (#DIV/0!)
// are refused as such, not read as empty cells; merged cells that cover a
// column the caller reads are refused. Only the first sheet of a workbook
// is read; the others may hold notes (Reader.OneSheet refuses them instead,
// for files where a second sheet more likely holds forgotten data).
package tabular

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/number"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Record is one data row of a tabular file, its fields in the order of the
// columns the caller asked for.
type Record struct {
	Line   int // line of the file (CSV) or row of the sheet (XLSX), the header being 1
	Fields []string
}

// Limits bound what a file may hold, so that reading it takes bounded time
// and memory whatever its author intended. Every limit is far above what
// an association's file holds.
type Limits struct {
	// Rows is the highest row (line of a CSV file, row number of a sheet),
	// the header and blank rows included.
	Rows int
	// Cols is the number of columns a row may have.
	Cols int
	// Cell is the number of characters a cell may hold.
	Cell int
	// Line is the length in bytes of one line of a CSV file.
	Line int
	// Entry is the unpacked size in bytes of one part of an XLSX package.
	Entry int64
	// Unpacked is the unpacked size in bytes of all the parts of an XLSX
	// package together.
	Unpacked int64
	// Strings is the number of distinct texts of a workbook (its shared
	// strings table), which is held in memory while the sheet is read.
	Strings int
}

// DefaultLimits are the limits of Read: Excel's own row limit and cell
// length; 256 columns; a CSV line of 1 MiB; 256 MiB unpacked for one part of
// a workbook and 512 MiB for all of them (a sheet of a million rows of a
// few cells unpacks to about 150 MB); two million distinct texts.
var DefaultLimits = Limits{
	Rows:     1 << 20,
	Cols:     256,
	Cell:     32767,
	Line:     1 << 20,
	Entry:    256 << 20,
	Unpacked: 512 << 20,
	Strings:  2 << 20,
}

// Reader reads tabular files within Limits.
type Reader struct {
	Limits Limits
	// OneSheet refuses a workbook of more than one sheet instead of reading
	// its first sheet and ignoring the others.
	OneSheet bool
	// Dates names the columns that take days: there a cell that Excel shows
	// as a date reads as that day, written 2006-01-02, instead of being
	// refused (or read as a month) as in every other column.
	Dates []string
	// Numbers names the columns that take figures: there a cell that the
	// sheet holds as a number with a fraction (1.5, 1.234, 1E-3) reads as
	// number.Format writes it (1,5; 1,234; 0,001), so that the reader of
	// figures, which takes the dot of 1.234 for a group of thousands as
	// people write it, reads the number the cell holds.
	Numbers []string
	// Header, when set, maps each cell of the header row (trimmed, in
	// lower case) to the column name it stands for, so that a file may name
	// its columns in Vietnamese ("Họ và tên" for full_name); a cell it
	// returns unchanged is a column name as it stands.
	Header func(cell string) string
	// Label, when set, names a column in the messages about the header row
	// as people know it (the Vietnamese header of the template, "Số tiền"
	// for amount) instead of by its machine name.
	Label func(col string) string
	// Unread, when set, hears the headers of the columns the file has but
	// the reader does not read (as written), once the header row is taken
	// and before the first record: an importer tells people which columns
	// it left out, so that a column headed otherwise than it expects is not
	// lost unseen.
	Unread func(headers []string)
}

// Headers returns a Reader.Header that takes each of cols by its machine
// name, by its label (label(col), the Vietnamese header of a template) or,
// when also is not nil, by any of also(col), as fold compares them: with or
// without diacritics, in any case, when fold is units.Fold.
func Headers(cols []string, label func(col string) string, fold func(string) string, also func(col string) []string) func(cell string) string {
	names := make(map[string]string, 2*len(cols))
	for _, c := range cols {
		if also != nil {
			for _, a := range also(c) {
				names[fold(a)] = c
			}
		}
		names[fold(c)] = c
		names[fold(label(c))] = c
	}
	return func(cell string) string {
		if c, ok := names[fold(cell)]; ok {
			return c
		}
		return cell
	}
}

// Read reads a file with DefaultLimits (see Reader.Read).
func Read(r io.Reader, name string, cols []string, optional ...string) ([]Record, error) {
	return Reader{Limits: DefaultLimits}.Read(r, name, cols, optional...)
}

// Scan reads a file with DefaultLimits (see Reader.Scan).
func Scan(r io.Reader, name string, cols, optional []string, each func(Record)) error {
	return Reader{Limits: DefaultLimits}.Scan(r, name, cols, optional, each)
}

// Read reads a CSV (UTF-8, optional byte-order mark, comma separated) or
// XLSX file (first sheet; recognised by its zip signature) whose header
// row names at least the columns cols, in any order and in any letter
// case: the first row that does so among the first ten that are not blank
// (a title block above it is passed over), else the first row that is not
// blank, whose missing columns are named. Extra columns are ignored, so that
// people may keep notes or unit names beside the data. Blank rows are
// skipped. The optional columns, when the header names them, follow cols
// in each record's fields; a missing one reads as empty.
//
// Errors are *apperr.Error (a fault of the whole file, such as a broken
// limit) or *apperr.List (one item per bad row), each naming the file and
// the row.
func (rd Reader) Read(r io.Reader, name string, cols []string, optional ...string) ([]Record, error) {
	var out []Record
	err := rd.Scan(r, name, cols, optional, func(rec Record) {
		out = append(out, Record{Line: rec.Line, Fields: slices.Clone(rec.Fields)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Scan reads a file as Read does but hands each good record to each as it
// is read, so that the caller keeps only its own rows. The slice
// rec.Fields is reused for the next record: each copies what it keeps (the
// strings themselves are not reused). When Scan returns
// an error, the records already handed over are to be discarded: the file
// as a whole is refused.
//
// An XLSX file is read in place when r is also an io.ReaderAt and an
// io.Seeker (an *os.File, an uploaded multipart.File, a *bytes.Reader);
// any other reader is first copied to a temporary file.
func (rd Reader) Scan(r io.Reader, name string, cols, optional []string, each func(Record)) error {
	where := fmt.Sprintf(vi.WhereFile, name)
	lim := rd.Limits
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	ra, size, seekable := readerAt(r)
	var zipped bool
	if seekable {
		var head [4]byte
		n, _ := ra.ReadAt(head[:], 0)
		zipped = string(head[:n]) == zipMagic
	} else {
		br := bufio.NewReaderSize(r, 64<<10)
		head, _ := br.Peek(4)
		zipped = string(head) == zipMagic
		r = br
	}
	if !zipped {
		return project(newCSV(r, name, lim), name, cols, optional, rd, each)
	}
	if !seekable {
		var cleanup func()
		var err error
		ra, size, cleanup, err = spool(r, lim)
		if errors.Is(err, errSpoolTooLarge) {
			return apperr.At(where, apperr.New(apperr.Invalid, vi.ErrXLSXTooLarge, mib(lim.Unpacked)))
		}
		if err != nil {
			return apperr.At(where, apperr.New(apperr.Invalid, vi.ErrFileRead, err))
		}
		defer cleanup()
	}
	x, err := openXLSX(ra, size, name, lim, rd.OneSheet)
	if err != nil {
		return err
	}
	defer x.close()
	return project(x, name, cols, optional, rd, each)
}

// zipMagic opens every zip file, and so every XLSX workbook.
const zipMagic = "PK\x03\x04"

// rawRow is a row as the file holds it, every column, before the header
// maps them. Its slices are valid until the source's next call to next,
// which may reuse them: a file of a million rows is not a million slices.
type rawRow struct {
	line  int
	cells []string
	// faults are the cells whose content the sheet did not give as a value
	// (a formula without a result, an error, a date): each is a fault of
	// the row if the column is one the caller reads, unless it is a date
	// in a column that takes days.
	faults []cellFault
}

type cellFault struct {
	col    int
	err    error     // the fault, nil for a date the cell's text already reads
	isDate bool      // a date cell
	isFrac bool      // a number cell with a fraction or an exponent
	day    time.Time // the day (and time) it holds
}

// source yields the rows of a file in order. next returns io.EOF after
// the last row; any other error refuses the whole file. merged names the
// merged ranges of a sheet once every row has been read.
type source interface {
	next() (rawRow, error)
	merged() []cellRange
	// sheet says whether trailing empty cells may be missing from a row.
	sheet() bool
}

// cellRange is a rectangle of cells, 0-based columns and 1-based rows.
type cellRange struct {
	ref                    string // as the file writes it, e.g. "A2:A5"
	col1, row1, col2, row2 int
}

// headerSearch is how many rows that are not blank findHeader looks at.
const headerSearch = 10

// findHeader takes the header row: the first row, among the first
// headerSearch that are not blank, that names every column of cols, so
// that the title block an officer's sheet often has above its table
// («HỘI KHUYẾN HỌC PHƯỜNG …», «DANH SÁCH HỘI VIÊN …») is passed over.
// Without such a row the header is the first row that is not blank (whose
// missing columns the caller names), and the rows looked at after it are
// data again: src then yields them first.
func (rd Reader) findHeader(src source, name string, cols []string) (rawRow, source, error) {
	var (
		header rawRow
		looked []rawRow // the rows after the first one not blank
	)
	for n := 0; n < headerSearch; {
		row, err := src.next()
		if err == io.EOF {
			if n == 0 {
				return rawRow{}, nil, apperr.At(fmt.Sprintf(vi.WhereFile, name), apperr.New(apperr.Invalid, vi.ErrFileEmpty))
			}
			break
		}
		if err != nil {
			return rawRow{}, nil, err
		}
		row = rawRow{line: row.line, cells: slices.Clone(row.cells), faults: slices.Clone(row.faults)}
		if n > 0 {
			looked = append(looked, row)
		}
		if blank(row.cells) {
			continue
		}
		if n == 0 {
			header = row
		}
		n++
		if rd.names(row.cells, cols) {
			return row, src, nil
		}
	}
	return header, &replay{rows: looked, src: src}, nil
}

// names says whether a row names every column of cols.
func (rd Reader) names(cells, cols []string) bool {
	have := make(map[string]bool, len(cells))
	for _, c := range cells {
		have[rd.column(c)] = true
	}
	for _, c := range cols {
		if !have[c] {
			return false
		}
	}
	return true
}

// column is the column a header cell stands for ("" for a blank one).
func (rd Reader) column(cell string) string {
	c := strings.ToLower(strings.TrimSpace(cell))
	if c != "" && rd.Header != nil {
		c = rd.Header(c)
	}
	return c
}

// replay yields rows already read, then the rest of src.
type replay struct {
	rows []rawRow
	src  source
}

func (r *replay) next() (rawRow, error) {
	if len(r.rows) > 0 {
		row := r.rows[0]
		r.rows = r.rows[1:]
		return row, nil
	}
	return r.src.next()
}

func (r *replay) merged() []cellRange { return r.src.merged() }

func (r *replay) sheet() bool { return r.src.sheet() }

// project finds the header, maps the wanted columns and hands each data
// row to each with its fields in the order of cols, then optional.
func project(src source, name string, cols, optional []string, rd Reader, each func(Record)) error {
	dates := rd.Dates
	header, src, err := rd.findHeader(src, name, cols)
	if err != nil {
		return err
	}
	headerWhere := fmt.Sprintf(vi.WhereFileRow, name, header.line)
	label := rd.Label
	if label == nil {
		label = func(c string) string { return c }
	}
	index := make(map[string]int, len(header.cells))
	for i, c := range header.cells {
		c = rd.column(c)
		if c == "" {
			continue
		}
		if _, dup := index[c]; dup {
			return apperr.At(headerWhere, apperr.New(apperr.Invalid, vi.ErrDupCol, label(c)))
		}
		index[c] = i
	}
	pos := make([]int, len(cols), len(cols)+len(optional))
	names := make([]string, 0, len(cols)+len(optional))
	var missing []string
	for i, c := range cols {
		p, ok := index[c]
		if !ok {
			missing = append(missing, c)
		}
		pos[i] = p
		names = append(names, c)
	}
	for _, c := range optional {
		p, ok := index[c]
		if !ok {
			p = -1
		}
		pos = append(pos, p)
		names = append(names, c)
	}
	if len(missing) > 0 {
		if len(header.cells) == 1 && strings.Contains(header.cells[0], ";") {
			return apperr.At(headerWhere, apperr.New(apperr.Invalid, vi.ErrSemicolon))
		}
		need := make([]string, len(cols))
		for i, c := range cols {
			need[i] = label(c)
		}
		for i, c := range missing {
			missing[i] = label(c)
		}
		return apperr.At(headerWhere, apperr.New(apperr.Invalid, vi.ErrMissingCols,
			strings.Join(missing, ", "), strings.Join(need, ",")))
	}
	// wanted maps a column of the file to its name, for the columns read.
	wanted := make(map[int]string, len(pos))
	for j, p := range pos {
		if p >= 0 {
			wanted[p] = names[j]
		}
	}
	if rd.Unread != nil {
		var unread []string
		for i, c := range header.cells {
			if _, read := wanted[i]; !read {
				if c = strings.TrimSpace(c); c != "" {
					unread = append(unread, c)
				}
			}
		}
		if len(unread) > 0 {
			rd.Unread(unread)
		}
	}
	width := len(header.cells)
	fields := make([]string, len(pos)) // handed to each, row after row
	sheet := src.sheet()
	bad := NewProblems(name)
	rows := 0
	for {
		row, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if blank(row.cells) && !hasFault(row.faults) {
			continue
		}
		// A CSV row must have as many cells as the header. A sheet drops
		// the trailing empty cells of a row, so only a longer row with
		// something in the extra cells is ragged there.
		if (!sheet && len(row.cells) != width) || (sheet && len(row.cells) > width && !blank(row.cells[width:])) {
			bad.Add(row.line, "", apperr.New(apperr.Invalid, vi.ErrRagged, len(row.cells), width))
			continue
		}
		faulty := false
		for _, f := range row.faults {
			col, ok := wanted[f.col]
			switch {
			case !ok:
			case f.isDate && slices.Contains(dates, col):
				row.cells[f.col] = f.day.Format(time.DateOnly)
			case f.isFrac && slices.Contains(rd.Numbers, col):
				if v, err := strconv.ParseFloat(strings.TrimSpace(row.cells[f.col]), 64); err == nil {
					row.cells[f.col] = number.Format(v, false)
				}
			case f.err != nil:
				bad.Add(row.line, col, f.err)
				faulty = true
			}
		}
		if faulty {
			continue
		}
		for j, p := range pos {
			fields[j] = ""
			if p >= 0 && p < len(row.cells) {
				fields[j] = strings.TrimSpace(row.cells[p])
			}
		}
		rows++
		if bad.Len() == 0 {
			each(Record{Line: row.line, Fields: fields})
		}
	}
	// Merged cells over a column read: Excel keeps the value in the first
	// cell only, so the others would read as empty for no visible reason.
	for _, m := range src.merged() {
		if m.row2 < header.line || (m.col1 == m.col2 && m.row1 == m.row2) {
			continue
		}
		for c := m.col1; c <= m.col2; c++ {
			if col, ok := wanted[c]; ok {
				bad.Add(max(m.row1, header.line), col, apperr.New(apperr.Invalid, vi.ErrXLSXMerged, m.ref))
				break
			}
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}
	if rows == 0 {
		return apperr.At(fmt.Sprintf(vi.WhereFile, name), apperr.New(apperr.Invalid, vi.ErrFileNoRows))
	}
	return nil
}

// hasFault tells whether a row's notes hold more than numbers read.
func hasFault(faults []cellFault) bool {
	for _, f := range faults {
		if !f.isFrac {
			return true
		}
	}
	return false
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
