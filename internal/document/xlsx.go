package document

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// WriteXLSX writes the document's appendix tables as an Excel workbook,
// one sheet each (a document without appendices gives its sections'
// tables): the appendix's title on the first row, the header rows bold,
// with their merged cells, frozen with the label columns; figures as
// numbers people can compute with, in the thousands format Excel shows
// the Vietnamese way (1.234.567) and with the decimals the document shows;
// columns sized to their contents; printed landscape, one page wide, the
// header repeated on every page.
func WriteXLSX(w io.Writer, d Document) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, styles: map[xlsxStyle]int{}, names: map[string]bool{}}
	type sheet struct {
		title string
		table Table
	}
	var sheets []sheet
	for _, a := range d.Appendices {
		sheets = append(sheets, sheet{a.Title, a.Table})
	}
	if len(sheets) == 0 {
		eachSection(d.Sections, 0, func(s Section, _ int) {
			eachBlock(s.Blocks, func(Paragraph) {}, func(t Table) { sheets = append(sheets, sheet{t.Caption, t}) })
		})
	}
	if len(sheets) == 0 {
		// A workbook has a sheet: the document's title on it.
		sheets = append(sheets, sheet{d.title(), Table{}})
	}
	first := f.GetSheetName(0)
	for i, s := range sheets {
		name := x.sheetName(s.title, i+1)
		if i == 0 {
			x.check(f.SetSheetName(first, name))
		} else {
			_, err := f.NewSheet(name)
			x.check(err)
		}
		if x.err != nil {
			return x.err
		}
		x.sheet(name, s.title, s.table)
	}
	f.SetActiveSheet(0)
	x.check(f.SetDocProps(&excelize.DocProperties{Title: norm.NFC.String(d.title()),
		Creator: norm.NFC.String(d.Header.Issuer), Language: "vi-VN"}))
	if x.err != nil {
		return x.err
	}
	return f.Write(w)
}

// xlsxStyle names a cell style of the workbook.
type xlsxStyle struct {
	kind   string // "title", "caption", "header", "text", "number", "note"
	bold   bool
	format string // a number's format (kind "number")
	right  bool   // a text aligned right (in a column of figures)
}

// xlsxWriter fills a workbook, keeping the first error.
type xlsxWriter struct {
	f      *excelize.File
	err    error
	styles map[xlsxStyle]int
	names  map[string]bool // sheet names taken, folded to lower case
}

func (x *xlsxWriter) check(err error) {
	if x.err == nil {
		x.err = err
	}
}

// sheetName makes a sheet name of a title: Excel's forbidden characters
// replaced, cut at a word to 31 characters, unique in the workbook.
func (x *xlsxWriter) sheetName(title string, n int) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, norm.NFC.String(title))
	name = strings.Trim(strings.Join(strings.Fields(name), " "), "' ")
	if name == "" {
		name = fmt.Sprintf(vi.DocAppendixSheet, n)
	}
	name = cutUTF16(name, 31)
	for i := 2; x.names[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		name = cutUTF16(name, 31-len(suffix)) + suffix
	}
	x.names[strings.ToLower(name)] = true
	return name
}

// cutUTF16 cuts s to at most n UTF-16 units (Excel's measure of a sheet
// name), at a space when there is one in the second half.
func cutUTF16(s string, n int) string {
	if len(utf16.Encode([]rune(s))) <= n {
		return s
	}
	var out []rune
	units := 0
	for _, r := range s {
		units += len(utf16.Encode([]rune{r}))
		if units > n {
			break
		}
		out = append(out, r)
	}
	cut := string(out)
	if i := strings.LastIndex(cut, " "); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " .,;-")
}

// style returns the workbook's style of a kind, making it once.
func (x *xlsxWriter) style(s xlsxStyle) int {
	if id, ok := x.styles[s]; ok {
		return id
	}
	font := &excelize.Font{Family: "Times New Roman", Size: 12, Bold: s.bold}
	border := []excelize.Border{{Type: "left", Style: 1, Color: "000000"}, {Type: "top", Style: 1, Color: "000000"},
		{Type: "right", Style: 1, Color: "000000"}, {Type: "bottom", Style: 1, Color: "000000"}}
	st := &excelize.Style{Font: font, Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}
	switch s.kind {
	case "title":
		font.Size, font.Bold = 14, true
		st.Border, st.Alignment = nil, &excelize.Alignment{Horizontal: "left", Vertical: "center"}
	case "caption":
		font.Bold = true
		st.Border, st.Alignment = nil, &excelize.Alignment{Horizontal: "left", Vertical: "center"}
	case "note":
		font.Italic = true
		st.Border, st.Alignment = nil, &excelize.Alignment{Horizontal: "left", Vertical: "top"}
	case "header":
		font.Bold = true
		st.Alignment.Horizontal = "center"
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	case "number":
		st.CustomNumFmt = &s.format
		st.Alignment.Horizontal = "right"
	case "text":
		if s.right {
			st.Alignment.Horizontal = "right"
		}
	}
	id, err := x.f.NewStyle(st)
	x.check(err)
	x.styles[s] = id
	return id
}

// numberFormat is the Excel format that shows a figure as the document
// does: its decimals, a plus sign when the document writes one (a change),
// and the words after it ("%", " điểm %", " đồng") as literal text.
// Excel writes the separators of #,##0 in the reader's language:
// 1.234.567,89 in Vietnamese.
func numberFormat(text string) string {
	text = strings.TrimSpace(text)
	plus := strings.HasPrefix(text, "+")
	body := strings.TrimLeft(text, "+-−")
	end := 0
	for end < len(body) && strings.IndexByte("0123456789.,", body[end]) >= 0 {
		end++
	}
	digits, suffix := body[:end], body[end:]
	decimals := 0
	if i := strings.LastIndex(digits, ","); i >= 0 {
		decimals = min(len(digits)-i-1, 6)
	}
	pattern := "#,##0"
	if decimals > 0 {
		pattern += "." + strings.Repeat("0", decimals)
	}
	if suffix != "" {
		pattern += `"` + strings.ReplaceAll(suffix, `"`, "") + `"`
	}
	if plus {
		zero := "0"
		if suffix != "" {
			zero += `"` + strings.ReplaceAll(suffix, `"`, "") + `"`
		}
		return "+" + pattern + ";-" + pattern + ";" + zero
	}
	return pattern
}

func (x *xlsxWriter) set(sheet string, col, row int, v any, style int) {
	if x.err != nil {
		return
	}
	cell, err := excelize.CoordinatesToCellName(col, row)
	x.check(err)
	x.check(x.f.SetCellValue(sheet, cell, v))
	x.check(x.f.SetCellStyle(sheet, cell, cell, style))
}

// sheet writes one table on a sheet.
func (x *xlsxWriter) sheet(name, title string, t Table) {
	f := x.f
	ncol := max(t.columnCount(), 1)
	row := 1
	x.set(name, 1, row, norm.NFC.String(title), x.style(xlsxStyle{kind: "title"}))
	row++
	if t.Caption != "" && t.Caption != title {
		x.set(name, 1, row, norm.NFC.String(t.Caption), x.style(xlsxStyle{kind: "caption"}))
		row++
	}
	row++
	widths := make([]int, ncol)
	headFirst := row
	merge := func(c placed, r int) {
		if c.span > 1 || c.rows > 1 {
			a, _ := excelize.CoordinatesToCellName(c.col+1, r)
			b, _ := excelize.CoordinatesToCellName(c.col+c.span, r+c.rows-1)
			x.check(f.MergeCell(name, a, b))
		}
	}
	for _, cells := range grid(t.Header, ncol) {
		for _, c := range cells {
			if c.covered {
				// A merged cell keeps its borders: the covered cells are
				// styled too.
				for k := c.col; k < c.col+c.span; k++ {
					x.set(name, k+1, row, "", x.style(xlsxStyle{kind: "header", bold: true}))
				}
				continue
			}
			x.set(name, c.col+1, row, norm.NFC.String(c.Text), x.style(xlsxStyle{kind: "header", bold: true}))
			// Merged cells keep their borders: the covered cells are
			// styled too.
			for k := c.col + 1; k < c.col+c.span; k++ {
				x.set(name, k+1, row, "", x.style(xlsxStyle{kind: "header", bold: true}))
			}
			merge(c, row)
			if c.span == 1 {
				// A header wraps: a short one stays on a line, a long
				// one's longest word sets the least width.
				widths[c.col] = max(widths[c.col], min(width(c.Text), 12))
				for _, w := range strings.Fields(c.Text) {
					widths[c.col] = max(widths[c.col], width(w))
				}
			}
		}
		row++
	}
	headLast := row - 1
	for _, cells := range grid(t.Rows, ncol) {
		for _, c := range cells {
			if c.covered {
				for k := c.col; k < c.col+c.span; k++ {
					x.set(name, k+1, row, "", x.style(xlsxStyle{kind: "text"}))
				}
				continue
			}
			if c.Value != nil {
				x.set(name, c.col+1, row, *c.Value, x.style(xlsxStyle{kind: "number", bold: c.Bold, format: numberFormat(c.Text)}))
			} else {
				x.set(name, c.col+1, row, norm.NFC.String(c.Text), x.style(xlsxStyle{kind: "text", bold: c.Bold, right: t.numeric(c.col) && c.span == 1}))
			}
			for k := c.col + 1; k < c.col+c.span; k++ {
				x.set(name, k+1, row, "", x.style(xlsxStyle{kind: "text", bold: c.Bold}))
			}
			merge(c, row)
			if c.span == 1 {
				widths[c.col] = max(widths[c.col], width(c.Text))
			}
		}
		row++
	}
	if len(t.Notes) > 0 {
		row++
		for _, n := range t.Notes {
			x.set(name, 1, row, norm.NFC.String(n), x.style(xlsxStyle{kind: "note"}))
			row++
		}
	}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.check(f.SetColWidth(name, col, col, float64(min(max(w, 4), 50))*1.1+2))
	}
	if x.err != nil || len(t.Header) == 0 && len(t.Rows) == 0 {
		return
	}
	// Frozen under the header and after the label columns (those before
	// the first column of figures), so that a wide table scrolls with its
	// names in view.
	labels := 0
	for labels < ncol && !t.numeric(labels) {
		labels++
	}
	if labels == ncol {
		labels = 0
	}
	topLeft, _ := excelize.CoordinatesToCellName(labels+1, headLast+1)
	pane := "bottomLeft"
	if labels > 0 {
		pane = "bottomRight"
	}
	x.check(f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: labels, YSplit: headLast, TopLeftCell: topLeft, ActivePane: pane}))
	if len(t.Header) == 0 {
		headFirst = 0
	}
	x.check(PrintLandscape(f, name, headFirst, headLast, 0))
}

// PrintLandscape sets a sheet to print as an officer's printout of a table
// is: on landscape A4 pages with rows first to last (the table's header,
// 1-based; none when first is 0) repeated on every page. With labels 0 the
// table is printed as wide as one page however long; a table too wide for
// that (one column per indicator) gives labels > 0: it is printed at full
// size across pages, each starting with its first labels columns (the
// unit's names), as a wide table is read on paper.
func PrintLandscape(f *excelize.File, sheet string, first, last, labels int) error {
	landscape, a4 := "landscape", 9
	layout := &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape}
	if labels == 0 {
		one, any0, fit := 1, 0, true
		layout.FitToWidth, layout.FitToHeight = &one, &any0
		if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
			return err
		}
	}
	if err := f.SetPageLayout(sheet, layout); err != nil {
		return err
	}
	quoted := "'" + strings.ReplaceAll(sheet, "'", "''") + "'!"
	var titles []string
	if labels > 0 {
		col, _ := excelize.ColumnNumberToName(labels)
		titles = append(titles, quoted+"$A:$"+col)
	}
	if first > 0 {
		titles = append(titles, fmt.Sprintf("%s$%d:$%d", quoted, first, last))
	}
	if len(titles) == 0 {
		return nil
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: strings.Join(titles, ","), Scope: sheet})
}
