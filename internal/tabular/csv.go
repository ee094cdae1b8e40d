package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// csvSource streams the records of a CSV file. The text is checked as it
// passes (UTF-8, no NUL, lines of at most Limits.Line bytes) by textCheck,
// below the CSV parser, so that a bad byte is named by its line and a
// line without end is refused before it fills memory.
type csvSource struct {
	name  string
	lim   Limits
	in    *bufio.Reader
	check *textCheck
	cr    *csv.Reader
	begun bool
}

func newCSV(r io.Reader, name string, lim Limits) *csvSource {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &csvSource{name: name, lim: lim, in: br}
}

func (c *csvSource) sheet() bool         { return false }
func (c *csvSource) merged() []cellRange { return nil }

// begin looks at the first bytes: UTF-16 is refused (Excel's "Unicode
// text"), a UTF-8 byte-order mark is skipped.
func (c *csvSource) begin() error {
	c.begun = true
	head, _ := c.in.Peek(3)
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return apperr.At(fmt.Sprintf(vi.WhereFile, c.name), apperr.New(apperr.Invalid, vi.ErrUTF16))
	}
	if bytes.Equal(head, []byte("\xEF\xBB\xBF")) {
		c.in.Discard(3)
	}
	c.check = &textCheck{r: c.in, line: 1, maxLine: c.lim.Line}
	c.cr = csv.NewReader(c.check)
	c.cr.FieldsPerRecord = -1
	c.cr.ReuseRecord = true
	return nil
}

func (c *csvSource) next() (rawRow, error) {
	if !c.begun {
		if err := c.begin(); err != nil {
			return rawRow{}, err
		}
	}
	rec, err := c.cr.Read()
	if err == io.EOF {
		return rawRow{}, io.EOF
	}
	if err != nil {
		if te, ok := errors.AsType[*textError](err); ok {
			return rawRow{}, apperr.At(fmt.Sprintf(vi.WhereFileRow, c.name, te.line), te.err)
		}
		line := 0
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			line = pe.StartLine
		}
		if line == 0 {
			return rawRow{}, apperr.At(fmt.Sprintf(vi.WhereFile, c.name), apperr.New(apperr.Invalid, vi.ErrFileRead, err))
		}
		return rawRow{}, apperr.At(fmt.Sprintf(vi.WhereFileRow, c.name, line), apperr.New(apperr.Invalid, vi.ErrCSVSyntax))
	}
	line, _ := c.cr.FieldPos(0)
	if line > c.lim.Rows {
		return rawRow{}, apperr.At(fmt.Sprintf(vi.WhereFileRow, c.name, line),
			apperr.New(apperr.Invalid, vi.ErrTooManyRows, vi.Int(int64(c.lim.Rows))))
	}
	if len(rec) > c.lim.Cols {
		return rawRow{}, apperr.At(fmt.Sprintf(vi.WhereFileRow, c.name, line),
			apperr.New(apperr.Invalid, vi.ErrTooManyCols, vi.Int(int64(len(rec))), vi.Int(int64(c.lim.Cols))))
	}
	// The record is reused by the next Read, as rawRow allows.
	row := rawRow{line: line, cells: rec}
	for i, s := range rec {
		if len(s) > c.lim.Cell {
			if n := utf8.RuneCountInString(s); n > c.lim.Cell {
				row.faults = append(row.faults, cellFault{col: i, err: apperr.New(apperr.Invalid, vi.ErrCellTooLong,
					vi.Int(int64(n)), vi.Int(int64(c.lim.Cell)))})
			}
		}
	}
	return row, nil
}

// textError is a fault of the text of a CSV file at a line, raised below
// the CSV parser and passed through it.
type textError struct {
	line int
	err  error
}

func (e *textError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }

// textCheck passes text through while checking that it is UTF-8 without
// NUL bytes and that no line is longer than maxLine bytes, counting lines
// to name where it is not. A character split between two reads is held
// back until the rest arrives.
type textCheck struct {
	r       io.Reader
	line    int // the line of the next byte
	lineLen int // bytes of that line so far
	maxLine int
	pend    [utf8.UTFMax]byte
	npend   int
	err     error
}

func (t *textCheck) Read(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	if len(p) < 2*utf8.UTFMax {
		// The CSV parser reads through a bufio.Reader of 4 KiB; a tiny
		// buffer would only complicate holding back split characters.
		return 0, io.ErrShortBuffer
	}
	for {
		n := copy(p, t.pend[:t.npend])
		m, rerr := t.r.Read(p[n:])
		n += m
		t.npend = 0
		// Hold back a trailing incomplete character unless the input ends.
		cut := n
		if rerr == nil {
			for i := n - 1; i >= 0 && i >= n-utf8.UTFMax+1; i-- {
				if utf8.RuneStart(p[i]) {
					if !utf8.FullRune(p[i:n]) {
						cut = i
					}
					break
				}
			}
		}
		t.npend = copy(t.pend[:], p[cut:n])
		if err := t.scan(p[:cut]); err != nil {
			t.err = err
			return 0, err
		}
		if cut > 0 || rerr != nil {
			return cut, rerr
		}
	}
}

// scan checks b, the next bytes of the text.
func (t *textCheck) scan(b []byte) error {
	valid := utf8.Valid(b) && bytes.IndexByte(b, 0) < 0
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		seg := b
		if nl >= 0 {
			seg = b[:nl]
		}
		if !valid {
			for i := 0; i < len(seg); {
				r, size := utf8.DecodeRune(seg[i:])
				if (r == utf8.RuneError && size == 1) || r == 0 {
					return &textError{line: t.line, err: apperr.New(apperr.Invalid, vi.ErrNotUTF8)}
				}
				i += size
			}
		}
		t.lineLen += len(seg)
		if t.lineLen > t.maxLine {
			return &textError{line: t.line, err: apperr.New(apperr.Invalid, vi.ErrLineTooLong, vi.Int(int64(t.maxLine)))}
		}
		if nl < 0 {
			break
		}
		t.line++
		t.lineLen = 0
		b = b[nl+1:]
	}
	return nil
}
