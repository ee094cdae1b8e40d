package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The XLSX reader reads the package itself (archive/zip and encoding/xml,
// token by token) rather than through the XLSX library, which unpacks every
// part into memory or a temporary file before it is asked for a row and
// gives a row as strings only: it could neither stop a zip bomb while
// reading nor say that a cell holds a formula without a result or a date.

// maxRun bounds the bytes of an XML part between two '<': the text of a
// cell (at most Limits.Cell characters, each at most a few bytes even
// escaped) or one tag. The XML decoder holds a whole text or tag in
// memory, so a part that is one endless text would otherwise be read
// whole into memory.
const maxRun = 1 << 20

// relation types of the parts the reader follows (the ends of the
// relationship type URIs, which differ between transitional and strict
// OOXML).
const (
	relOffice  = "/officeDocument"
	relSheet   = "/worksheet"
	relStrings = "/sharedStrings"
	relStyles  = "/styles"
)

// dateKind says what a number format shows of a number.
type dateKind uint8

const (
	notDate   dateKind = iota
	dateMonth          // a month and a year, no day (mmm-yy, mm/yyyy)
	dateDay            // a day, or a time of day
)

// xlsxSource streams the rows of the first sheet of a workbook.
type xlsxSource struct {
	name     string
	lim      Limits
	files    map[string]*zip.File // by lower-case name
	budget   int64                // unpacked bytes that may still be read
	sst      []string
	styles   []dateKind // by cell style index
	date1904 bool
	part     *partReader
	sc       *xmlScanner
	cell     cell
	lastRow  int
	merges   []cellRange
	done     bool
	// cells and faults are the slices of the last row, reused.
	cells  []string
	faults []cellFault
}

// openXLSX checks the package against the limits from its directory, reads
// the workbook, its shared strings and styles, and opens the first sheet
// for streaming.
func openXLSX(ra io.ReaderAt, size int64, name string, lim Limits, oneSheet bool) (*xlsxSource, error) {
	where := fmt.Sprintf(vi.WhereFile, name)
	fail := func(msg string, args ...any) error {
		return apperr.At(where, apperr.New(apperr.Invalid, msg, args...))
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fail(vi.ErrBadXLSX, err)
	}
	x := &xlsxSource{name: name, lim: lim, files: make(map[string]*zip.File, len(zr.File)), budget: lim.Unpacked}
	// The sizes the directory declares are checked before anything is
	// unpacked; what is unpacked is counted again as it is read, since a
	// directory may lie.
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > uint64(lim.Entry) {
			return nil, fail(vi.ErrXLSXEntryTooLarge, f.Name, mib(int64(min(f.UncompressedSize64, math.MaxInt64))), mib(lim.Entry))
		}
		total += f.UncompressedSize64
		if total > uint64(lim.Unpacked) {
			return nil, fail(vi.ErrXLSXTooLarge, mib(lim.Unpacked))
		}
		x.files[strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/"))] = f
	}
	book := "xl/workbook.xml"
	if rels, err := x.rels("_rels/.rels"); err != nil {
		return nil, err
	} else if t := rels.byType(relOffice); t != "" {
		book = resolve("", t)
	}
	sheets, err := x.workbook(book)
	if err != nil {
		return nil, err
	}
	if len(sheets) == 0 {
		return nil, fail(vi.ErrXLSXNoSheet)
	}
	if oneSheet && len(sheets) > 1 {
		return nil, fail(vi.ErrXLSXSheets, len(sheets))
	}
	dir := path.Dir(book)
	rels, err := x.rels(path.Join(dir, "_rels", path.Base(book)+".rels"))
	if err != nil {
		return nil, err
	}
	first := rels[sheets[0].rid]
	if first.target == "" || !strings.HasSuffix(first.typ, relSheet) {
		return nil, fail(vi.ErrXLSXNotWorksheet, sheets[0].name)
	}
	stringsPart := path.Join(dir, "sharedStrings.xml")
	if t := rels.byType(relStrings); t != "" {
		stringsPart = resolve(dir, t)
	}
	if err := x.sharedStrings(stringsPart); err != nil {
		return nil, err
	}
	stylesPart := path.Join(dir, "styles.xml")
	if t := rels.byType(relStyles); t != "" {
		stylesPart = resolve(dir, t)
	}
	if err := x.readStyles(stylesPart); err != nil {
		return nil, err
	}
	f := x.files[strings.ToLower(resolve(dir, first.target))]
	if f == nil {
		return nil, fail(vi.ErrXLSXNotWorksheet, sheets[0].name)
	}
	rc, err := x.open(f)
	if err != nil {
		return nil, err
	}
	x.part = rc
	x.sc = newXMLScanner(rc)
	return x, nil
}

func (x *xlsxSource) sheet() bool         { return true }
func (x *xlsxSource) merged() []cellRange { return x.merges }

func (x *xlsxSource) close() {
	if x.part != nil {
		x.part.Close()
	}
}

// broken is the error of a package that is not a readable workbook.
func (x *xlsxSource) broken(part string, err error) error {
	if le, ok := errors.AsType[*limitError](err); ok {
		return apperr.At(fmt.Sprintf(vi.WhereFile, x.name), le.err)
	}
	return apperr.At(fmt.Sprintf(vi.WhereFile, x.name), apperr.New(apperr.Invalid, vi.ErrXLSXBrokenPart, part))
}

// limitError is a broken limit found below the XML decoder, passed up
// through it.
type limitError struct{ err error }

func (e *limitError) Error() string { return e.err.Error() }

// partReader counts the unpacked bytes of a part as they are read, against
// the size its directory entry declared and the package's budget, and the
// bytes between two '<'.
type partReader struct {
	rc       io.ReadCloser
	x        *xlsxSource
	name     string
	declared int64
	read     int64
	run      int
}

func (x *xlsxSource) open(f *zip.File) (*partReader, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, x.broken(f.Name, err)
	}
	return &partReader{rc: rc, x: x, name: f.Name, declared: int64(f.UncompressedSize64)}, nil
}

func (p *partReader) Read(b []byte) (int, error) {
	n, err := p.rc.Read(b)
	p.read += int64(n)
	p.x.budget -= int64(n)
	switch {
	case p.read > p.declared || errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum):
		// archive/zip stops at the declared size too; either way the
		// part is not what the directory says.
		return 0, &limitError{apperr.New(apperr.Invalid, vi.ErrXLSXPartLies, p.name)}
	case p.read > p.x.lim.Entry:
		return 0, &limitError{apperr.New(apperr.Invalid, vi.ErrXLSXEntryTooLarge, p.name, mib(p.read), mib(p.x.lim.Entry))}
	case p.x.budget < 0:
		return 0, &limitError{apperr.New(apperr.Invalid, vi.ErrXLSXTooLarge, mib(p.x.lim.Unpacked))}
	}
	run := p.run
	for _, c := range b[:n] {
		if c == '<' {
			run = 0
		} else if run++; run > maxRun {
			return 0, &limitError{apperr.New(apperr.Invalid, vi.ErrXLSXRun, p.name, mib(maxRun))}
		}
	}
	p.run = run
	return n, err
}

func (p *partReader) Close() error { return p.rc.Close() }

// mib writes a size in mebibytes the Vietnamese way ("256 MB").
func mib(n int64) string { return vi.Int((n+(1<<20)-1)>>20) + " MB" }

// resolve is the package path of a relationship target relative to dir.
func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join(dir, target)), "/")
}

// relation is one relationship of a part: its type and target.
type relation struct{ typ, target string }

type relations map[string]relation

// byType is the target of the first relationship whose type ends with
// suffix.
func (r relations) byType(suffix string) string {
	for _, rel := range r {
		if strings.HasSuffix(rel.typ, suffix) {
			return rel.target
		}
	}
	return ""
}

// each streams the elements of a small part (relationships, workbook,
// styles) to fn; a missing part is empty.
func (x *xlsxSource) each(name string, fn func(xml.StartElement, bool)) error {
	f := x.files[strings.ToLower(name)]
	if f == nil {
		return nil
	}
	rc, err := x.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return x.broken(f.Name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			fn(t, true)
		case xml.EndElement:
			fn(xml.StartElement{Name: t.Name}, false)
		}
	}
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (x *xlsxSource) rels(name string) (relations, error) {
	out := relations{}
	err := x.each(name, func(e xml.StartElement, start bool) {
		if start && e.Name.Local == "Relationship" && attr(e, "TargetMode") != "External" {
			out[attr(e, "Id")] = relation{typ: attr(e, "Type"), target: attr(e, "Target")}
		}
	})
	return out, err
}

type sheetEntry struct{ name, rid string }

// workbook lists the sheets in their order and reads the date system.
func (x *xlsxSource) workbook(name string) ([]sheetEntry, error) {
	var out []sheetEntry
	err := x.each(name, func(e xml.StartElement, start bool) {
		if !start {
			return
		}
		switch e.Name.Local {
		case "workbookPr":
			v := attr(e, "date1904")
			x.date1904 = v == "1" || v == "true"
		case "sheet":
			// The relationship id is r:id, in the relationships namespace.
			var rid string
			for _, a := range e.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					rid = a.Value
				}
			}
			out = append(out, sheetEntry{name: attr(e, "name"), rid: rid})
		}
	})
	return out, err
}

// readStyles maps each cell style to what its number format shows.
func (x *xlsxSource) readStyles(name string) error {
	custom := map[int]string{}
	var xfs []int
	inXfs := false
	err := x.each(name, func(e xml.StartElement, start bool) {
		switch e.Name.Local {
		case "numFmt":
			if start {
				if id, err := strconv.Atoi(attr(e, "numFmtId")); err == nil {
					custom[id] = attr(e, "formatCode")
				}
			}
		case "cellXfs":
			inXfs = start
		case "xf":
			if start && inXfs {
				id, _ := strconv.Atoi(attr(e, "numFmtId"))
				xfs = append(xfs, id)
			}
		}
	})
	x.styles = make([]dateKind, len(xfs))
	for i, id := range xfs {
		code, ok := custom[id]
		if !ok {
			x.styles[i] = builtinDate(id)
		} else {
			x.styles[i] = formatDate(code)
		}
	}
	return err
}

// builtinDate is what a built-in number format shows (ECMA-376 part 1,
// 18.8.30, and the East Asian date formats Excel numbers 27 to 36 and 50 to
// 58).
func builtinDate(id int) dateKind {
	switch {
	case id == 17: // mmm-yy
		return dateMonth
	case id >= 14 && id <= 22, id >= 45 && id <= 47, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return dateDay
	}
	return notDate
}

// formatDate reads a custom number format code: a day, an hour or a second
// make it a date (or time) that shows a day; a year or a month without
// them, a month. Quoted text, escaped characters and bracketed parts (a
// colour, a locale) are not codes.
func formatDate(code string) dateKind {
	var y, m, d bool
	inQuote := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case c == '"':
			inQuote = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal (or padding)
		case c == '[':
			end := strings.IndexByte(code[i:], ']')
			if end < 0 {
				return notDate
			}
			switch strings.ToLower(code[i+1 : i+end]) {
			case "h", "hh", "m", "mm", "s", "ss": // elapsed time
				d = true
			}
			i += end
		case c == ';':
			i = len(code) // only the format of positive numbers matters
		default:
			switch c | 0x20 {
			case 'y':
				y = true
			case 'm':
				m = true
			case 'd', 'h', 's':
				d = true
			}
		}
	}
	switch {
	case d:
		return dateDay
	case y || m:
		return dateMonth
	}
	return notDate
}

// sharedStrings reads the workbook's table of texts, which cells of type
// "s" point into.
func (x *xlsxSource) sharedStrings(name string) error {
	f := x.files[strings.ToLower(name)]
	if f == nil {
		return nil
	}
	rc, err := x.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	sc := newXMLScanner(rc)
	var b []byte
	inSI, inT, inPh := false, false, false
	for {
		err := sc.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return x.broken(f.Name, err)
		}
		switch sc.kind {
		case tokStart:
			switch string(sc.name) {
			case "si":
				inSI = true
				b = b[:0]
			case "t":
				inT = inSI && !inPh
			case "rPh": // the phonetic reading of East Asian text, not shown
				inPh = true
			}
		case tokEnd:
			switch string(sc.name) {
			case "si":
				if len(x.sst) >= x.lim.Strings {
					return apperr.At(fmt.Sprintf(vi.WhereFile, x.name),
						apperr.New(apperr.Invalid, vi.ErrXLSXStrings, vi.Int(int64(x.lim.Strings))))
				}
				x.sst = append(x.sst, string(b))
				inSI = false
			case "t":
				inT = false
			case "rPh":
				inPh = false
			}
		case tokText:
			if inT {
				b = append(b, sc.text...)
			}
		}
	}
}

// cell is the state of the cell being read.
type cell struct {
	ref     []byte
	col     int
	typ     string
	style   int
	v       []byte
	hasV    bool
	formula []byte
	hasF    bool
	text    []byte // an inline string
}

// cellTypes keeps the few cell types as strings without allocating one a
// cell.
var cellTypes = map[string]string{"s": "s", "str": "str", "inlineStr": "inlineStr", "n": "n", "b": "b", "e": "e", "d": "d"}

func (x *xlsxSource) next() (rawRow, error) {
	if x.done {
		return rawRow{}, io.EOF
	}
	where := func(line int) string { return fmt.Sprintf(vi.WhereFileRow, x.name, line) }
	sc := x.sc
	c := &x.cell
	var (
		row                       rawRow
		inRow, inCell             bool
		inV, inF, inIs, inT, inPh bool
		lastCol                   int
	)
	for {
		err := sc.next()
		if err == io.EOF {
			x.done = true
			if inRow {
				return row, nil
			}
			return rawRow{}, io.EOF
		}
		if err != nil {
			return rawRow{}, x.broken(x.part.name, err)
		}
		switch sc.kind {
		case tokStart:
			switch string(sc.name) {
			case "row":
				line := x.lastRow + 1
				if r := sc.attr("r"); r != nil {
					n, ok := atoi(r)
					if !ok || n < 1 {
						return rawRow{}, x.broken(x.part.name, nil)
					}
					line = n
				}
				if line > x.lim.Rows {
					return rawRow{}, apperr.At(where(line), apperr.New(apperr.Invalid, vi.ErrTooManyRows, vi.Int(int64(x.lim.Rows))))
				}
				x.lastRow = line
				row = rawRow{line: line, cells: x.cells[:0], faults: x.faults[:0]}
				inRow, lastCol = true, -1
			case "c":
				if !inRow {
					continue
				}
				c.ref = append(c.ref[:0], sc.attr("r")...)
				c.typ = ""
				if t := sc.attr("t"); t != nil {
					typ, ok := cellTypes[string(t)]
					if !ok {
						typ = string(t)
					}
					c.typ = typ
				}
				c.col = lastCol + 1
				if len(c.ref) > 0 {
					col, _, ok := cellRef(string(c.ref))
					if !ok {
						return rawRow{}, x.broken(x.part.name, nil)
					}
					c.col = col
				}
				if c.col >= x.lim.Cols {
					return rawRow{}, apperr.At(where(row.line), apperr.New(apperr.Invalid, vi.ErrTooManyCols,
						vi.Int(int64(c.col+1)), vi.Int(int64(x.lim.Cols))))
				}
				c.style, _ = atoi(sc.attr("s"))
				c.v, c.formula, c.text = c.v[:0], c.formula[:0], c.text[:0]
				c.hasV, c.hasF = false, false
				inCell = true
				if sc.selfClose {
					// <c r="A1" s="3"/>: a formatted empty cell; its end follows.
					continue
				}
			case "v":
				inV = inCell
				c.hasV = c.hasV || inCell
			case "f":
				inF = inCell
				c.hasF = c.hasF || inCell
			case "is":
				inIs = inCell
			case "t":
				inT = inIs && !inPh
			case "rPh":
				inPh = true
			case "mergeCell":
				if m, ok := parseRange(string(sc.attr("ref"))); ok {
					x.merges = append(x.merges, m)
				}
			}
		case tokEnd:
			switch string(sc.name) {
			case "v":
				inV = false
			case "f":
				inF = false
			case "is":
				inIs = false
			case "t":
				inT = false
			case "rPh":
				inPh = false
			case "c":
				if !inCell {
					continue
				}
				inCell = false
				lastCol = c.col
				val, note, err := x.value(c)
				if err != nil {
					return rawRow{}, err
				}
				if note.err == nil && len(val) > x.lim.Cell {
					if n := utf8.RuneCountInString(val); n > x.lim.Cell {
						note.err = apperr.New(apperr.Invalid, vi.ErrCellTooLong, vi.Int(int64(n)), vi.Int(int64(x.lim.Cell)))
					}
				}
				for len(row.cells) <= c.col {
					row.cells = append(row.cells, "")
				}
				row.cells[c.col] = val
				if note.err != nil || note.isDate || note.isFrac {
					note.col = c.col
					row.faults = append(row.faults, note)
				}
			case "row":
				if inRow {
					x.cells, x.faults = row.cells, row.faults
					return row, nil
				}
			}
		case tokText:
			switch {
			case inV:
				c.v = append(c.v, sc.text...)
			case inT:
				c.text = append(c.text, sc.text...)
			case inF && len(c.formula) < 200:
				c.formula = append(c.formula, sc.text...)
			}
		}
	}
}

// value is the text of a finished cell and a note on it: the fault of a
// cell whose content is not a value to read (a formula without a result,
// an error, a date showing a day), or the day of a date cell. err refuses
// the whole file.
func (x *xlsxSource) value(c *cell) (string, cellFault, error) {
	noResult := func() error {
		f := strings.TrimSpace(string(c.formula))
		if len(f) > 60 {
			f = f[:60] + "…"
		}
		return apperr.New(apperr.Invalid, vi.ErrXLSXFormulaNoValue, f)
	}
	switch c.typ {
	case "s":
		i, ok := atoi(bytes.TrimSpace(c.v))
		if !ok || i >= len(x.sst) {
			return "", cellFault{}, x.broken(x.part.name, nil)
		}
		return x.sst[i], cellFault{}, nil
	case "inlineStr":
		return string(c.text), cellFault{}, nil
	}
	v := string(c.v)
	switch c.typ {
	case "str":
		if !c.hasV && c.hasF {
			return "", cellFault{err: noResult()}, nil
		}
		return v, cellFault{}, nil
	case "e":
		return v, cellFault{err: apperr.New(apperr.Invalid, vi.ErrXLSXErrorCell, v)}, nil
	case "b":
		if strings.TrimSpace(v) == "1" {
			return "TRUE", cellFault{}, nil
		}
		return "FALSE", cellFault{}, nil
	case "d":
		t, ok := isoDate(v)
		if !ok {
			return v, cellFault{}, nil
		}
		kind := x.styleKind(c.style)
		if kind == notDate {
			kind = dateDay
		}
		return dateValue(t, kind)
	}
	if !c.hasV {
		if c.hasF {
			return "", cellFault{err: noResult()}, nil
		}
		return "", cellFault{}, nil
	}
	if kind := x.styleKind(c.style); kind != notDate {
		if serial, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			if t, ok := excelTime(serial, x.date1904); ok {
				return dateValue(t, kind)
			}
		}
	}
	if c.typ == "" || c.typ == "n" {
		if strings.ContainsAny(v, ".eE") {
			return v, cellFault{isFrac: true}, nil
		}
	}
	return v, cellFault{}, nil
}

func (x *xlsxSource) styleKind(style int) dateKind {
	if style < 0 || style >= len(x.styles) {
		return notDate
	}
	return x.styles[style]
}

// dateValue reads a cell that Excel shows as a date: a month shown without
// its day is the period of that month (2024-07, as the contract writes
// periods); anything else is refused, naming the date Excel shows, unless
// the column takes days (Reader.Dates), which the note's day gives.
func dateValue(t time.Time, kind dateKind) (string, cellFault, error) {
	note := cellFault{isDate: true, day: t}
	if kind == dateMonth {
		return fmt.Sprintf("%04d-%02d", t.Year(), int(t.Month())), note, nil
	}
	note.err = apperr.New(apperr.Invalid, vi.ErrXLSXDateCell, vi.Date(t))
	return "", note, nil
}

// excelTime turns a serial date of the workbook's date system into a
// time. In the 1900 system serial 1 is 1 January 1900 and Excel counts a
// 29 February 1900 that never was (serial 60), so serials from 61 count
// from 30 December 1899.
func excelTime(serial float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(serial) || serial < 0 || serial >= 2958466 { // 31/12/9999
		return time.Time{}, false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case serial < 61:
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(serial)
	secs := math.Round((serial - days) * 86400)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), true
}

// isoDate reads the ISO 8601 text of a cell of type "d".
func isoDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// cellRef reads a cell reference such as "AB12": its 0-based column and
// its row. A column beyond Excel's XFD is not a reference.
func cellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 4 {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == 0 || col > 16384 {
		return 0, 0, false
	}
	if i < len(ref) {
		n, err := strconv.Atoi(strings.TrimPrefix(ref[i:], "$"))
		if err != nil || n < 1 {
			return 0, 0, false
		}
		row = n
	}
	return col - 1, row, true
}

// parseRange reads a range such as "A2:B5".
func parseRange(ref string) (cellRange, bool) {
	a, b, found := strings.Cut(ref, ":")
	if !found {
		b = a
	}
	c1, r1, ok1 := cellRef(a)
	c2, r2, ok2 := cellRef(b)
	if !ok1 || !ok2 {
		return cellRange{}, false
	}
	return cellRange{ref: ref, col1: min(c1, c2), row1: min(r1, r2), col2: max(c1, c2), row2: max(r1, r2)}, true
}

// readerAt gives r as an io.ReaderAt from its current position, and the
// size from there, when it is one.
func readerAt(r io.Reader) (io.ReaderAt, int64, bool) {
	ra, ok := r.(io.ReaderAt)
	s, ok2 := r.(io.Seeker)
	if !ok || !ok2 {
		return nil, 0, false
	}
	cur, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, 0, false
	}
	end, err := s.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, 0, false
	}
	if _, err := s.Seek(cur, io.SeekStart); err != nil {
		return nil, 0, false
	}
	return io.NewSectionReader(ra, cur, end-cur), end - cur, true
}

// spool copies a workbook that came as a plain stream into a temporary
// file, which a zip reader needs. The copy is bounded: a package larger
// than the unpacked limit would break it anyway (a part is stored at
// least as small as it unpacks, give or take its headers).
func spool(r io.Reader, lim Limits) (io.ReaderAt, int64, func(), error) {
	f, err := os.CreateTemp("", "khuyenhoc-*.xlsx")
	if err != nil {
		return nil, 0, nil, err
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) }
	n, err := io.Copy(f, io.LimitReader(r, lim.Unpacked+(1<<20)+1))
	if err != nil {
		cleanup()
		return nil, 0, nil, err
	}
	if n > lim.Unpacked+(1<<20) {
		cleanup()
		return nil, 0, nil, errSpoolTooLarge
	}
	return f, n, cleanup, nil
}

var errSpoolTooLarge = errors.New("workbook larger than the unpacked limit")
