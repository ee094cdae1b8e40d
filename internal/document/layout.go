package document

import (
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// placed is a table cell at the column where it starts, with the number
// of columns and rows it covers. A covered position is where a cell from
// a row above reaches into this row: it has no text, and the writers
// continue the merged cell there.
type placed struct {
	Cell
	col, span int
	rows      int
	covered   bool
}

// columnCount is the number of columns of t: its Columns, or when they are
// not given, the widest row counting spans.
func (t Table) columnCount() int {
	if len(t.Columns) > 0 {
		return len(t.Columns)
	}
	n := 0
	for _, rows := range [][][]Cell{t.Header, t.Rows} {
		for _, row := range rows {
			w := 0
			for _, c := range row {
				w += max(c.Span, 1)
			}
			n = max(n, w)
		}
	}
	return n
}

// grid lays a block of rows (a table's header, or its body) over ncol
// columns: each cell starts at the first column that neither the cell
// before it nor a cell above spanning rows covers. A short row is completed
// with empty cells, and a cell that would run past the last column, into a
// covered one or below the block is cut to fit, so that a writer never
// produces a ragged table from rows that do not add up.
func grid(rows [][]Cell, ncol int) [][]placed {
	remain := make([]int, ncol) // rows still covered below, per column
	cover := make([]int, ncol)  // the covering cell's span, at its first column
	out := make([][]placed, len(rows))
	for r, row := range rows {
		next := 0
		for col := 0; col < ncol; {
			if remain[col] > 0 {
				span := cover[col]
				out[r] = append(out[r], placed{col: col, span: span, rows: 1, covered: true})
				for k := col; k < col+span; k++ {
					remain[k]--
				}
				col += span
				continue
			}
			var c Cell
			if next < len(row) {
				c = row[next]
				next++
			}
			span := 1
			for span < max(c.Span, 1) && col+span < ncol && remain[col+span] == 0 {
				span++
			}
			down := min(max(c.RowSpan, 1), len(rows)-r)
			out[r] = append(out[r], placed{Cell: c, col: col, span: span, rows: down})
			if down > 1 {
				cover[col] = span
				for k := col; k < col+span; k++ {
					remain[k] = down - 1
				}
			}
			col += span
		}
	}
	return out
}

// fractions are the columns' shares of the table's width, summing to 1. A
// column without a width takes the average of the others (or an equal
// share when none has one).
func (t Table) fractions(ncol int) []float64 {
	w := make([]float64, ncol)
	sum, given := 0.0, 0
	for i := range ncol {
		if i < len(t.Columns) && t.Columns[i].Width > 0 {
			w[i] = t.Columns[i].Width
			sum += w[i]
			given++
		}
	}
	avg := 1.0
	if given > 0 {
		avg = sum / float64(given)
	}
	total := 0.0
	for i := range w {
		if w[i] == 0 {
			w[i] = avg
		}
		total += w[i]
	}
	for i := range w {
		w[i] /= total
	}
	return w
}

// align is how a cell's text sits in it: a header's and a cell spanning
// columns centred, a figure on the right, other text on the left.
func (t Table) align(c placed, header bool) string {
	switch {
	case header || c.span > 1:
		return "center"
	case t.numeric(c.col):
		return "right"
	}
	return "left"
}

// numeric tells whether column col holds numbers (right-aligned).
func (t Table) numeric(col int) bool {
	return col < len(t.Columns) && t.Columns[col].Numeric
}

// width is the number of characters a terminal shows for s: runes after
// NFC composition, so that a Vietnamese letter typed as a base letter and
// combining marks counts once.
func width(s string) int { return utf8.RuneCountInString(norm.NFC.String(s)) }

// title joins the title lines into one line (the document's name in
// properties, the PDF's title).
func (d Document) title() string {
	return strings.Join(strings.Fields(strings.Join(d.Title, " ")), " ")
}

// cellPad is the horizontal room a table cell's text needs beside its
// width, in points: the cell's margins on both sides and a little slack
// for the rounding of the program that lays the page out.
const cellPad = 8.0

// sizedTable is a table's type size and its columns' widths in points.
type sizedTable struct {
	size   float64
	widths []float64
}

// fit sizes a table's columns to fill avail points. Its type size is the
// largest, up to the one for its number of columns, at which every figure
// and every word fits its column (down to 7 pt) — or up to 2 pt smaller
// when that lets no body cell wrap over more than two lines and no header
// over more than three, or, failing that, wraps the body least. Each column gets what its longest unbreakable
// text needs; the rest of the width goes to the columns whose body text
// would wrap, as far as it lets them stay on one line, then to those whose
// header would, then to all columns in proportion to their given widths.
func (t Table) fit(avail float64) sizedTable {
	ncol := t.columnCount()
	// Widths at 1 pt: the least a column needs (a figure, or the longest
	// word) and what its longest text needs on one line.
	m := measures{least: make([]float64, ncol), whole: make([]float64, ncol), head: make([]float64, ncol),
		fr: t.fractions(ncol), avail: avail}
	for i, row := range append(grid(t.Header, ncol), grid(t.Rows, ncol)...) {
		header := i < len(t.Header)
		for _, c := range row {
			if c.span > 1 || c.Text == "" {
				continue
			}
			bold := c.Bold || header
			full := points(c.Text, bold, false, 1)
			if header {
				m.head[c.col] = max(m.head[c.col], full)
			} else {
				m.whole[c.col] = max(m.whole[c.col], full)
			}
			if t.numeric(c.col) && !header {
				m.least[c.col] = max(m.least[c.col], full)
				continue
			}
			for _, w := range strings.Fields(c.Text) {
				m.least[c.col] = max(m.least[c.col], points(w, bold, false, 1))
			}
		}
	}
	size := tableFontSize(ncol)
	for size > 7 && m.sum(m.least, size) > avail {
		size -= 0.5
	}
	best, fewest := size, math.Inf(1)
	for s := size; s >= size-2 && s >= 8; s -= 0.5 {
		w := m.spread(s)
		body := m.lines(w, m.whole, s)
		if body <= 2 && m.lines(w, m.head, s) <= 3 {
			return sizedTable{size: s, widths: w}
		}
		if body < fewest {
			best, fewest = s, body
		}
	}
	return sizedTable{size: best, widths: m.spread(best)}
}

// measures are a table's columns' widths at 1 pt: the least each needs,
// its body's and its header's longest text on one line; and the columns'
// given shares and the width to fill.
type measures struct {
	least, whole, head, fr []float64
	avail                  float64
}

// sum is the width of columns ws at size s with their padding.
func (m measures) sum(ws []float64, s float64) float64 {
	total := 0.0
	for _, w := range ws {
		total += w*s + cellPad
	}
	return total
}

// spread gives each column its least width at size s and shares out the
// rest of the width.
func (m measures) spread(s float64) []float64 {
	widths := make([]float64, len(m.least))
	for i := range widths {
		widths[i] = m.least[i]*s + cellPad
	}
	spare := m.avail - m.sum(m.least, s)
	if spare <= 0 {
		// Nothing fits: the columns in proportion to what they need.
		scale := m.avail / m.sum(m.least, s)
		for i := range widths {
			widths[i] *= scale
		}
		return widths
	}
	// First let the body's wrapping columns grow towards one line, then
	// the header's.
	for _, one := range [][]float64{m.whole, m.head} {
		want := 0.0
		for i := range widths {
			want += max(0, one[i]*s+cellPad-widths[i])
		}
		if want <= 0 || spare <= 0 {
			continue
		}
		share := min(1, spare/want)
		for i := range widths {
			widths[i] += max(0, one[i]*s+cellPad-widths[i]) * share
		}
		spare -= want * share
	}
	for i := range widths {
		widths[i] += spare * m.fr[i]
	}
	return widths
}

// lines estimates the most lines a column's longest text (texts, at
// 1 pt) wraps over in columns of widths at size s.
func (m measures) lines(widths, texts []float64, s float64) float64 {
	most := 1.0
	for i, w := range widths {
		if room := w - cellPad; room > 0 && texts[i] > 0 {
			most = max(most, math.Ceil(texts[i]*s/room-0.01))
		}
	}
	return most
}

// tableFontSize is the largest type size of a table: smaller as it has
// more columns.
func tableFontSize(ncol int) float64 {
	switch {
	case ncol <= 5:
		return 13
	case ncol <= 8:
		return 12
	case ncol <= 12:
		return 11
	case ncol <= 16:
		return 10
	}
	return 9
}

// The header's type sizes in points, as Decree 30/2020/NĐ-CP sets them:
// the bodies' names 13 pt, the national name 12 pt, the motto 13 pt, the
// place and date 14 pt like the body.
const (
	sizeBody   = 14
	sizeHeader = 13
	sizeNation = 12
)

// columns splits the header's width (points) between its two columns:
// the right gets what its longest line needs (at most three fifths) and
// both share what is left; an issuer's name longer than its column wraps.
func (h Header) columns(total float64) (left, right float64) {
	const slack = 8.5 // 0.3 cm beside a measured line
	needL := max(points(h.Superior, false, false, sizeHeader), points(h.Issuer, true, false, sizeHeader),
		points(h.Number, false, false, sizeHeader))
	needR := max(points(h.Motto[0], true, false, sizeNation), points(h.Motto[1], true, false, sizeHeader),
		points(h.PlaceDate, false, true, sizeHeader))
	right = min(needR+slack, total*3/5)
	if spare := total - right - needL - slack; spare > 0 {
		right += spare / 2
	}
	return total - right, right
}

// placeDateSize is the type size of the place and date in a column of
// width points: 14 pt like the body, or 13 pt (Decree 30 allows both) when
// a long place name would otherwise wrap.
func (h Header) placeDateSize(width float64) float64 {
	if points(h.PlaceDate, false, true, sizeBody) > width-8 {
		return sizeHeader
	}
	return sizeBody
}

// lastParagraph is the number (from 1, in document order, counting the
// lead's and the sections' paragraphs) of the body's last paragraph, which
// writers keep on the page of the signature; 0 when the body ends with a
// table or has no paragraph.
func (d Document) lastParagraph() int {
	n, last := 0, 0
	count := func(bs []Block) {
		eachBlock(bs, func(Paragraph) { n++; last = n }, func(Table) { last = 0 })
	}
	count(d.Lead)
	eachSection(d.Sections, 0, func(s Section, _ int) {
		if heading(s) != "" {
			last = 0 // a heading with nothing under it ends the body
		}
		count(s.Blocks)
	})
	return last
}

// eachBlock calls para for each paragraph of bs and table for each table,
// in order (a pointer to one as the value).
func eachBlock(bs []Block, para func(Paragraph), table func(Table)) {
	for _, b := range bs {
		switch b := b.(type) {
		case Paragraph:
			para(b)
		case *Paragraph:
			para(*b)
		case Table:
			table(b)
		case *Table:
			table(*b)
		}
	}
}

// eachSection calls f for each section of ss and their sub-sections, in
// document order, with its depth (0 for ss).
func eachSection(ss []Section, depth int, f func(Section, int)) {
	for _, s := range ss {
		f(s, depth)
		eachSection(s.Sections, depth+1, f)
	}
}
