package document

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Page geometry in twentieths of a point (twips): A4, and the margins of
// Decree 30/2020/NĐ-CP on administrative documents (top and bottom 2 cm,
// left 3 cm, right 1.5 cm).
const (
	twipsPerCm   = 567
	a4Short      = 11906
	a4Long       = 16838
	marginTop    = 2 * twipsPerCm
	marginBottom = 2 * twipsPerCm
	marginLeft   = 3 * twipsPerCm
	marginRight  = 851 // 1.5 cm
	headerSpace  = 567 // from the top edge to the page number
	indentFirst  = 567 // a paragraph's first line, 1 cm
	closingSplit = 52  // the recipients' share of the width, per cent
)

// Type sizes in points beside those of the header (layout.go): the notes
// and the recipients smaller than the body.
const (
	sizeRecipients = 11
	sizeNote       = 12
	sizeFootnote   = 11
)

// fixedTime stamps the package's parts so that the same document gives the
// same bytes.
var fixedTime = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteDOCX writes d as a Word document (WordprocessingML, written with the
// standard library) in the layout of a Vietnamese administrative document:
// A4 portrait, Times New Roman, the margins of Decree 30/2020/NĐ-CP; the
// header as a borderless two-column table (the superior body, the issuer in
// bold with a short rule under it and the number on the left; the national
// name, the motto with its rule and the place and date in italics on the
// right); the title centred in bold; sections with bold headings; justified
// paragraphs with a first-line indent; notes as real footnotes; tables with
// borders whose header rows repeat on each page; the recipients beside the
// signature block; each appendix on a new page, a landscape one in its own
// landscape section. Page numbers are at the top centre from page 2.
func WriteDOCX(w io.Writer, d Document) error {
	x := &docxWriter{}
	x.document(d)
	parts := []struct{ name, content string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRootRels},
		{"docProps/core.xml", docxCore(d)},
		{"docProps/app.xml", docxApp},
		{"word/_rels/document.xml.rels", docxDocumentRels},
		{"word/document.xml", docxDocumentHead + x.body.String() + "</w:body></w:document>"},
		{"word/styles.xml", docxStyles},
		{"word/settings.xml", docxSettings},
		{"word/footnotes.xml", docxFootnotesHead + x.notes.String() + "</w:footnotes>"},
		{"word/header1.xml", docxPageNumberHeader},
		{"word/header2.xml", docxEmptyHeader},
	}
	zw := zip.NewWriter(w)
	for _, p := range parts {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: fixedTime})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, p.content); err != nil {
			return err
		}
	}
	return zw.Close()
}

// docxWriter builds the body and the footnotes of a document.
type docxWriter struct {
	body     strings.Builder
	notes    strings.Builder
	noted    int  // footnotes so far
	paras    int  // body paragraphs so far
	lastPara int  // the number of the body's last paragraph, kept with the signature
	sections int  // sections closed so far
	wide     bool // the current section is landscape
}

// textWidth is the width between the margins of the current section.
func (x *docxWriter) textWidth() int {
	if x.wide {
		return a4Long - marginLeft - marginRight
	}
	return a4Short - marginLeft - marginRight
}

func (x *docxWriter) document(d Document) {
	if len(d.Recipients) > 0 || d.Signature != (Signature{}) {
		x.lastPara = d.lastParagraph()
	}
	x.header(d.Header)
	for i, l := range d.Title {
		p := pfmt{align: "center", after: 0}
		if i == 0 {
			p.before = 360
		}
		x.para(p, run{text: l, bold: true})
	}
	if d.Provisional != "" {
		x.para(pfmt{align: "center", before: 60}, run{text: d.Provisional, italic: true})
	}
	x.para(pfmt{after: 120, size: 6})
	x.blocks(d.Lead)
	eachSection(d.Sections, 0, x.section)
	x.closing(d.Recipients, d.Signature)
	x.signers(d.Signers)
	for _, a := range d.Appendices {
		if a.Landscape != x.wide {
			x.breakSection(a.Landscape)
			x.appendix(a, false)
		} else {
			x.appendix(a, true)
		}
	}
	x.body.WriteString(x.sectPr())
}

// header writes the two-column block at the top of the first page. The
// block reaches 1 cm into the left margin, as the printed documents do, so
// that a province association's name and the national name each fit on a
// line; each column gets what its longest line needs and they share the
// rest (a name longer than its column wraps).
func (x *docxWriter) header(h Header) {
	if h == (Header{}) {
		return
	}
	const outdent = twipsPerCm
	total := x.textWidth() + outdent
	l, _ := h.columns(float64(total) / 20)
	left := int(math.Round(l * 20))
	right := total - left
	x.body.WriteString(`<w:tbl><w:tblPr>`)
	fmt.Fprintf(&x.body, `<w:tblW w:w="%d" w:type="dxa"/><w:tblInd w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/>`, total, -outdent)
	x.body.WriteString(`<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>`)
	fmt.Fprintf(&x.body, `<w:tblGrid><w:gridCol w:w="%d"/><w:gridCol w:w="%d"/></w:tblGrid><w:tr>`, left, right)

	x.cellStart(left, 1, "", "")
	line := pfmt{align: "center", after: 0, line: 240}
	if h.Superior != "" {
		x.para(line, run{text: h.Superior, size: sizeHeader})
	}
	x.para(line, run{text: h.Issuer, size: sizeHeader, bold: true})
	// The rule under the issuer: a third of the name's width, at least 2 cm.
	name := min(points(h.Issuer, true, false, sizeHeader)*20, float64(left))
	if h.Issuer != "" {
		x.rule(left, max(name/3, 2*twipsPerCm))
	}
	if h.Number != "" {
		x.para(pfmt{align: "center", before: 120, line: 240}, run{text: h.Number, size: sizeHeader})
	}
	x.body.WriteString(`</w:tc>`)

	x.cellStart(right, 1, "", "")
	x.para(line, run{text: h.Motto[0], size: sizeNation, bold: true})
	x.para(line, run{text: h.Motto[1], size: sizeHeader, bold: true})
	// The rule under the motto: as long as the motto's words.
	if h.Motto[1] != "" {
		x.rule(right, points(h.Motto[1], true, false, sizeHeader)*20)
	}
	if h.PlaceDate != "" {
		x.para(pfmt{align: "center", before: 120, line: 240}, run{text: h.PlaceDate, size: h.placeDateSize(float64(right) / 20), italic: true})
	}
	x.body.WriteString(`</w:tc></w:tr></w:tbl>`)
}

// rule writes a horizontal line of the given width (twips), centred in a
// cell of cellWidth: the top border of an empty, tiny paragraph indented
// from both sides.
func (x *docxWriter) rule(cellWidth int, width float64) {
	side := max(0, (cellWidth-int(math.Round(width)))/2)
	fmt.Fprintf(&x.body, `<w:p><w:pPr><w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>`+
		`<w:spacing w:before="60" w:after="0" w:line="120" w:lineRule="exact"/><w:ind w:left="%d" w:right="%d"/>`+
		`<w:rPr><w:sz w:val="4"/></w:rPr></w:pPr></w:p>`, side, side)
}

// section writes a section's heading and its blocks (its sub-sections
// follow as sections of their own).
func (x *docxWriter) section(s Section, depth int) {
	if h := heading(s); h != "" {
		x.para(pfmt{align: "both", firstLine: indentFirst, before: 120, after: 60, keepNext: true, outline: depth + 1},
			run{text: h, bold: true, italic: depth >= 2})
	}
	x.blocks(s.Blocks)
}

func (x *docxWriter) blocks(bs []Block) {
	eachBlock(bs, x.paragraph, func(t Table) { x.table(t, x.textWidth()) })
}

// paragraph writes a justified paragraph with a first-line indent; a
// bullet item starts with "- " at the indent.
func (x *docxWriter) paragraph(p Paragraph) {
	runs := make([]run, 0, len(p.Runs)+1)
	if p.Bullet {
		runs = append(runs, run{text: "- "})
	}
	for _, r := range p.Runs {
		runs = append(runs, run{text: r.Text, bold: r.Bold, italic: r.Italic, note: r.Note})
	}
	x.paras++
	// The body's last paragraph stays on the page of the signature.
	last := x.paras == x.lastPara
	x.para(pfmt{align: "both", firstLine: indentFirst, after: 120, keepNext: last, keepLines: last}, runs...)
}

// table writes a bordered table across width twips: the caption above,
// header rows bold and centred, repeated on each page; numbers on the
// right; a cell with a span merged across its columns; the notes below.
func (x *docxWriter) table(t Table, width int) {
	ncol := t.columnCount()
	if ncol == 0 {
		return
	}
	sized := t.fit(float64(width) / 20)
	size := sized.size
	if t.Caption != "" {
		x.para(pfmt{align: "center", before: 120, after: 60, keepNext: true}, run{text: t.Caption, bold: true, size: sizeBody})
	}
	cols := make([]int, ncol)
	used := 0
	for i, w := range sized.widths {
		cols[i] = int(math.Round(w * 20))
		used += cols[i]
	}
	cols[ncol-1] += width - used
	x.body.WriteString(`<w:tbl><w:tblPr>`)
	fmt.Fprintf(&x.body, `<w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/>`, width)
	x.body.WriteString(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(&x.body, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="auto"/>`, side)
	}
	x.body.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/>`)
	x.body.WriteString(`<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>`)
	for _, c := range cols {
		fmt.Fprintf(&x.body, `<w:gridCol w:w="%d"/>`, c)
	}
	x.body.WriteString(`</w:tblGrid>`)
	for i, row := range append(grid(t.Header, ncol), grid(t.Rows, ncol)...) {
		header := i < len(t.Header)
		x.body.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if header {
			x.body.WriteString(`<w:tblHeader/>`)
		}
		x.body.WriteString(`</w:trPr>`)
		for _, c := range row {
			w := 0
			for k := c.col; k < c.col+c.span; k++ {
				w += cols[k]
			}
			merge := ""
			switch {
			case c.covered:
				merge = "continue"
			case c.rows > 1:
				merge = "restart"
			}
			x.cellStart(w, c.span, merge, "center")
			x.para(pfmt{align: t.align(c, header), before: 20, after: 20, line: 240, size: size},
				run{text: c.Text, bold: c.Bold || header, size: size})
			x.body.WriteString(`</w:tc>`)
		}
		x.body.WriteString(`</w:tr>`)
	}
	x.body.WriteString(`</w:tbl>`)
	for _, n := range t.Notes {
		x.para(pfmt{align: "both", before: 60, after: 0}, run{text: n, italic: true, size: sizeNote})
	}
	// A paragraph after every table keeps two tables from joining and
	// gives the space before the next block.
	x.para(pfmt{after: 60, line: 240, size: 6})
}

// cellStart opens a table cell of width twips covering span columns;
// merge "restart" starts a cell merged with those below, "continue"
// continues one from above.
func (x *docxWriter) cellStart(width, span int, merge, valign string) {
	fmt.Fprintf(&x.body, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, width)
	if span > 1 {
		fmt.Fprintf(&x.body, `<w:gridSpan w:val="%d"/>`, span)
	}
	switch merge {
	case "restart":
		x.body.WriteString(`<w:vMerge w:val="restart"/>`)
	case "continue":
		x.body.WriteString(`<w:vMerge/>`)
	}
	if valign != "" {
		fmt.Fprintf(&x.body, `<w:vAlign w:val="%s"/>`, valign)
	}
	x.body.WriteString(`</w:tcPr>`)
}

// closing writes the borderless table at the end: the recipients on the
// left, the signature block on the right with room to sign.
func (x *docxWriter) closing(recipients []string, s Signature) {
	if len(recipients) == 0 && s == (Signature{}) {
		return
	}
	total := x.textWidth()
	left := total * closingSplit / 100
	right := total - left
	x.para(pfmt{after: 0, line: 240, size: 6, keepNext: true})
	fmt.Fprintf(&x.body, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/>`, total)
	x.body.WriteString(`<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>`)
	fmt.Fprintf(&x.body, `<w:tblGrid><w:gridCol w:w="%d"/><w:gridCol w:w="%d"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>`, left, right)
	x.cellStart(left, 1, "", "")
	single := pfmt{align: "left", after: 0, line: 240}
	if len(recipients) > 0 {
		x.para(pfmt{align: "left", before: 120, after: 0, line: 240}, run{text: vi.DocRecipients, bold: true, italic: true, size: sizeNote})
		for _, r := range recipients {
			x.para(single, run{text: r, size: sizeRecipients})
		}
	} else {
		x.para(single)
	}
	x.body.WriteString(`</w:tc>`)
	x.cellStart(right, 1, "", "")
	centre := pfmt{align: "center", after: 0, line: 240}
	x.para(pfmt{align: "center", before: 120, after: 0, line: 240}, run{text: s.OnBehalf, bold: true})
	x.para(centre, run{text: s.Title, bold: true})
	for range 4 {
		x.para(centre)
	}
	x.para(centre, run{text: s.Name, bold: true})
	x.body.WriteString(`</w:tc></w:tr></w:tbl>`)
	x.para(pfmt{after: 0, line: 240, size: 6})
}

// signers writes a voucher's signers as a borderless row of equal cells,
// each title over the hint to sign and room to sign.
func (x *docxWriter) signers(titles []string) {
	if len(titles) == 0 {
		return
	}
	total := x.textWidth()
	w := total / len(titles)
	x.para(pfmt{after: 0, line: 240, size: 6, keepNext: true})
	fmt.Fprintf(&x.body, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/>`, total)
	x.body.WriteString(`<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>`)
	for range titles {
		fmt.Fprintf(&x.body, `<w:gridCol w:w="%d"/>`, w)
	}
	x.body.WriteString(`</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	centre := pfmt{align: "center", after: 0, line: 240}
	for _, t := range titles {
		x.cellStart(w, 1, "", "")
		x.para(pfmt{align: "center", before: 120, after: 0, line: 240}, run{text: t, bold: true, size: sizeNote})
		x.para(centre, run{text: vi.DocSignHint, italic: true, size: sizeNote})
		for range 4 {
			x.para(centre)
		}
		x.body.WriteString(`</w:tc>`)
	}
	x.body.WriteString(`</w:tr></w:tbl>`)
	x.para(pfmt{after: 0, line: 240, size: 6})
}

// appendix writes an appendix's title and table; newPage puts the title
// at the top of a new page (a section break already does so).
func (x *docxWriter) appendix(a Appendix, newPage bool) {
	for i, l := range strings.Split(a.Title, "\n") {
		p := pfmt{align: "center", after: 120, keepNext: true}
		if i == 0 {
			p.pageBreak, p.outline = newPage, 1
		}
		x.para(p, run{text: l, bold: true})
	}
	x.table(a.Table, x.textWidth())
}

// breakSection closes the current section and starts one in the other
// orientation, on a new page.
func (x *docxWriter) breakSection(landscape bool) {
	fmt.Fprintf(&x.body, `<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>%s</w:pPr></w:p>`, x.sectPr())
	x.sections++
	x.wide = landscape
}

// sectPr is the current section's properties: its page, margins and the
// page number header (none on the first page of the document).
func (x *docxWriter) sectPr() string {
	var b strings.Builder
	b.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rIdHeaderPage"/>`)
	if x.sections == 0 {
		b.WriteString(`<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>`)
	}
	if x.wide {
		fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/>`, a4Long, a4Short)
	} else {
		fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d"/>`, a4Short, a4Long)
	}
	fmt.Fprintf(&b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
		marginTop, marginRight, marginBottom, marginLeft, headerSpace, headerSpace)
	if x.sections == 0 {
		b.WriteString(`<w:titlePg/>`)
	}
	b.WriteString(`</w:sectPr>`)
	return b.String()
}

// pfmt is a paragraph's format: alignment ("left", "center", "right",
// "both"), indents and spacing in twips (line in 240ths of a line; 0 is
// 1.2 lines), whether it stays with the next (and whole), starts a page,
// and the size of its mark (0: the body size).
type pfmt struct {
	align                          string
	firstLine                      int
	before, after, line            int
	keepNext, keepLines, pageBreak bool
	size                           float64
	outline                        int // level+1 in the outline (Word's navigation pane), 0 for none
}

// run is a stretch of text in one format; note, when set, adds a footnote
// after it.
type run struct {
	text         string
	bold, italic bool
	size         float64
	note         string
}

// para writes a paragraph of runs.
func (x *docxWriter) para(p pfmt, runs ...run) {
	b := &x.body
	b.WriteString(`<w:p><w:pPr>`)
	if p.keepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.keepLines {
		b.WriteString(`<w:keepLines/>`)
	}
	if p.pageBreak {
		b.WriteString(`<w:pageBreakBefore/>`)
	}
	line := p.line
	if line == 0 {
		line = 288
	}
	fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="auto"/>`, p.before, p.after, line)
	if p.firstLine > 0 {
		fmt.Fprintf(b, `<w:ind w:firstLine="%d"/>`, p.firstLine)
	}
	if p.align != "" {
		fmt.Fprintf(b, `<w:jc w:val="%s"/>`, p.align)
	}
	if p.outline > 0 {
		fmt.Fprintf(b, `<w:outlineLvl w:val="%d"/>`, p.outline-1)
	}
	if p.size > 0 {
		fmt.Fprintf(b, `<w:rPr><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`, halfPoints(p.size), halfPoints(p.size))
	}
	b.WriteString(`</w:pPr>`)
	for _, r := range runs {
		if r.text == "" && r.note == "" {
			continue
		}
		writeRun(b, r, "")
		if r.note != "" {
			x.noted++
			fmt.Fprintf(b, `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="%d"/></w:r>`, x.noted)
			fmt.Fprintf(&x.notes, `<w:footnote w:id="%d"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>`+
				`<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>`, x.noted)
			writeRun(&x.notes, run{text: " " + r.note}, "")
			x.notes.WriteString(`</w:p></w:footnote>`)
		}
	}
	b.WriteString(`</w:p>`)
}

func halfPoints(pt float64) int { return int(math.Round(pt * 2)) }

// writeRun writes one run; its text is NFC and escaped.
func writeRun(b *strings.Builder, r run, rstyle string) {
	if r.text == "" {
		return
	}
	b.WriteString(`<w:r>`)
	if r.bold || r.italic || r.size > 0 || rstyle != "" {
		b.WriteString(`<w:rPr>`)
		if rstyle != "" {
			fmt.Fprintf(b, `<w:rStyle w:val="%s"/>`, rstyle)
		}
		if r.bold {
			b.WriteString(`<w:b/><w:bCs/>`)
		}
		if r.italic {
			b.WriteString(`<w:i/><w:iCs/>`)
		}
		if r.size > 0 {
			fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, halfPoints(r.size), halfPoints(r.size))
		}
		b.WriteString(`</w:rPr>`)
	}
	// A line break inside a run's text is a line break in the paragraph.
	for i, part := range strings.Split(r.text, "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		if part == "" {
			continue
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		xml.EscapeText(b, []byte(norm.NFC.String(part)))
		b.WriteString(`</w:t>`)
	}
	b.WriteString(`</w:r>`)
}

// docxCore is the package's core properties: the document's title and its
// issuer as author, in Vietnamese.
func docxCore(d Document) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	xml.EscapeText(&b, []byte(norm.NFC.String(d.title())))
	b.WriteString(`</dc:title><dc:creator>`)
	xml.EscapeText(&b, []byte(norm.NFC.String(d.Header.Issuer)))
	b.WriteString(`</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>`)
	return b.String()
}

const xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const docxContentTypes = xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const docxRootRels = xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const docxApp = xmlDecl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>khuyenhoc</Application></Properties>`

const docxDocumentRels = xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>` +
	`<Relationship Id="rIdHeaderPage" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
	`<Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>` +
	`</Relationships>`

const docxDocumentHead = xmlDecl + `<w:document ` + nsW + `><w:body>`

// docxStyles sets Times New Roman 14 pt in Vietnamese as the default, and
// the footnote styles.
var docxStyles = xmlDecl + `<w:styles ` + nsW + `>` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
	fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, sizeBody*2, sizeBody*2) +
	`<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr>` +
	fmt.Sprintf(`<w:rPr><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`, sizeFootnote*2, sizeFootnote*2) +
	`<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr>` +
	fmt.Sprintf(`<w:rPr><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`, sizeHeader*2, sizeHeader*2) +
	`</w:styles>`

const docxSettings = xmlDecl + `<w:settings ` + nsW + `><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="vi-VN"/></w:settings>`

const docxFootnotesHead = xmlDecl + `<w:footnotes ` + nsW + `>` +
	`<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>` +
	`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>`

// docxPageNumberHeader is the page number at the top centre.
const docxPageNumberHeader = xmlDecl + `<w:hdr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>` +
	`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>`

// docxEmptyHeader is the first page's header: no number on the first page.
const docxEmptyHeader = xmlDecl + `<w:hdr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>`
