package document

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"

	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// PDF geometry in points: A4 and the margins of Decree 30/2020/NĐ-CP, as
// in the Word document.
const (
	ptPerCm     = 72 / 2.54
	pdfShort    = 595.28
	pdfLong     = 841.89
	pdfTop      = 2 * ptPerCm
	pdfBottom   = 2 * ptPerCm
	pdfLeft     = 3 * ptPerCm
	pdfRight    = 1.5 * ptPerCm
	pdfIndent   = 1 * ptPerCm // a paragraph's first line
	pdfNumberAt = 1.2 * ptPerCm
	leading     = 1.35 // a line's height over its type size
	vpad        = 2.0  // above and below a table cell's text
)

// WritePDF writes d as a PDF in the layout of WriteDOCX: A4, Liberation
// Serif (Times New Roman's metrics) embedded as subsets, the text
// selectable and searchable (each word is drawn with its Unicode text, so
// that copying or pdftotext gives back the Vietnamese words). Paragraphs
// are justified and laid out here, so that notes can be real footnotes at
// the bottom of the page that refers to them; tables break between rows
// and repeat their header rows on each page; a landscape appendix is set
// on landscape pages; pages from the second are numbered at the top.
func WritePDF(w io.Writer, d Document) error {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", SizeStr: "A4"})
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(fixedTime)
	pdf.SetModificationDate(fixedTime)
	pdf.SetTitle(norm.NFC.String(d.title()), true)
	pdf.SetAuthor(norm.NFC.String(d.Header.Issuer), true)
	pdf.SetCreator("khuyenhoc", false)
	pdf.SetLang("vi-VN")
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(pdfLeft, pdfTop, pdfRight)
	p := &pdfWriter{pdf: pdf, faces: map[string]bool{}}
	p.document(d)
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}

// pdfWriter lays a document out on pages, keeping the cursor and the
// footnotes of the current page.
type pdfWriter struct {
	pdf       *fpdf.Fpdf
	landscape bool
	y         float64
	started   bool
	noted     int             // footnotes numbered so far
	paras     int             // body paragraphs written so far
	lastPara  int             // the number of the body's last paragraph (0: it ends with a table)
	closingH  float64         // the height of the recipients and signature
	notes     [][]line        // the current page's footnotes, laid out
	notesH    float64         // their height with the separator
	font      fontState       // the font last set
	faces     map[string]bool // the faces registered so far
}

type fontState struct {
	style string
	size  float64
}

func (p *pdfWriter) pageW() float64 {
	if p.landscape {
		return pdfLong
	}
	return pdfShort
}

func (p *pdfWriter) pageH() float64 {
	if p.landscape {
		return pdfShort
	}
	return pdfLong
}

// textW is the width between the margins.
func (p *pdfWriter) textW() float64 { return p.pageW() - pdfLeft - pdfRight }

// limit is the lowest a line may reach on this page: the bottom margin
// less the footnotes already placed and extra points more.
func (p *pdfWriter) limit(extra float64) float64 {
	return p.pageH() - pdfBottom - p.notesH - extra
}

// newPage ends the current page (writing its footnotes) and starts one in
// the given orientation, numbered from the second.
func (p *pdfWriter) newPage(landscape bool) {
	p.flushNotes()
	p.landscape = landscape
	orientation := "P"
	if landscape {
		orientation = "L"
	}
	p.pdf.AddPageFormat(orientation, fpdf.SizeType{Wd: pdfShort, Ht: pdfLong})
	p.started = true
	p.y = pdfTop
	if n := p.pdf.PageNo(); n > 1 {
		num := fmt.Sprint(n)
		p.setFont("", sizeHeader)
		p.pdf.Text(pdfLeft+(p.textW()-p.measure(num, "", sizeHeader))/2, pdfNumberAt, num)
	}
}

// fits makes room for h points (and extra below the line, for the
// footnotes it brings), starting a new page when the current one has none.
func (p *pdfWriter) fits(h, extra float64) {
	if !p.started || p.y+h > p.limit(extra) {
		p.newPage(p.landscape)
	}
}

func (p *pdfWriter) setFont(style string, size float64) {
	if !p.faces[style] {
		addFace(p.pdf, style)
		p.faces[style] = true
	}
	if p.font.style != style || p.font.size != size {
		p.pdf.SetFont(fontFamily, style, size)
		p.font = fontState{style, size}
	}
}

func (p *pdfWriter) measure(s, style string, size float64) float64 {
	p.setFont(style, size)
	return p.pdf.GetStringWidth(s)
}

// seg is a stretch of a word in one font; rise lifts a note's number.
type seg struct {
	text  string
	style string
	size  float64
	rise  float64
	w     float64
}

// box is an unbreakable word, possibly of several fonts ("người" in bold
// then "," plain), with the footnotes it refers to. space tells whether a
// space follows it; brk ends the line after it.
type box struct {
	segs  []seg
	w     float64
	space bool
	brk   bool
	notes []int
}

// line is a laid-out line: its boxes and how it is aligned.
type line struct {
	boxes []box
	last  bool // the last line of its paragraph (not justified)
	size  float64
}

// boxes cuts runs into words. A note adds its number, raised and smaller,
// to the word it follows.
func (p *pdfWriter) boxes(runs []Run, size float64, noteTexts *[]string) []box {
	var out []box
	var cur box
	open := false
	push := func(space, brk bool) {
		if open {
			cur.space, cur.brk = space, brk
			out = append(out, cur)
		} else if brk && len(out) > 0 {
			out[len(out)-1].brk = true
		}
		cur, open = box{}, false
	}
	add := func(s seg) {
		s.w = p.measure(s.text, s.style, s.size)
		cur.segs = append(cur.segs, s)
		cur.w += s.w
		open = true
	}
	for _, r := range runs {
		st := style(r.Bold, r.Italic)
		text := norm.NFC.String(r.Text)
		for text != "" {
			i := strings.IndexAny(text, " \t\n")
			if i < 0 {
				add(seg{text: text, style: st, size: size})
				break
			}
			if i > 0 {
				add(seg{text: text[:i], style: st, size: size})
			}
			push(true, text[i] == '\n')
			text = text[i+1:]
			// Spaces beyond the first are kept, at the start of the next
			// word: "Số:    /BC-KH" leaves its blank to fill in by hand.
			if extra := len(text) - len(strings.TrimLeft(text, " ")); extra > 0 {
				add(seg{text: text[:extra], style: st, size: size})
				text = text[extra:]
			}
		}
		if r.Note != "" && noteTexts != nil {
			*noteTexts = append(*noteTexts, r.Note)
			p.noted++
			add(seg{text: fmt.Sprint(p.noted), size: size * 0.6, rise: size * 0.35})
			cur.notes = append(cur.notes, p.noted)
		}
	}
	push(false, false)
	return out
}

// plainBoxes is boxes for one string in one font.
func (p *pdfWriter) plainBoxes(text, style string, size float64) []box {
	return p.boxes([]Run{{Text: text, Bold: strings.Contains(style, "B"), Italic: strings.Contains(style, "I")}}, size, nil)
}

// lines breaks boxes into lines of width w, the first indented; a word
// wider than a line is cut between letters.
func (p *pdfWriter) lines(bs []box, w, indent, size float64) []line {
	// A column sized to its widest word must hold it despite the rounding
	// of the sums that place the columns.
	w += 0.01
	var out []line
	var cur []box
	used := indent
	space := p.measure(" ", "", size)
	for _, b := range bs {
		for b.w > w-indent && len(b.segs) == 1 && utf8.RuneCountInString(b.segs[0].text) > 1 {
			// Cut the longest piece that fits at the start of an empty line.
			if len(cur) > 0 {
				out = append(out, line{boxes: cur, size: size})
				cur, used = nil, 0
			}
			head, tail := p.cut(b.segs[0], w-used)
			out = append(out, line{boxes: []box{head}, size: size})
			b = tail
			used, indent = 0, 0
		}
		need := b.w
		if len(cur) > 0 {
			need += space
		}
		if len(cur) > 0 && used+need > w {
			out = append(out, line{boxes: cur, size: size})
			cur, used, need = nil, 0, b.w
		}
		cur = append(cur, b)
		used += need
		if b.brk {
			out = append(out, line{boxes: cur, last: true, size: size})
			cur, used = nil, 0
		}
	}
	if len(cur) > 0 || len(out) == 0 {
		out = append(out, line{boxes: cur, size: size})
	}
	out[len(out)-1].last = true
	return out
}

// cut splits a one-font word so that its head fits in w points.
func (p *pdfWriter) cut(s seg, w float64) (box, box) {
	runes := []rune(s.text)
	n := 1
	for n < len(runes) && p.measure(string(runes[:n+1]), s.style, s.size) <= w {
		n++
	}
	h, t := s, s
	h.text, t.text = string(runes[:n]), string(runes[n:])
	h.w, t.w = p.measure(h.text, h.style, h.size), p.measure(t.text, t.style, t.size)
	return box{segs: []seg{h}, w: h.w}, box{segs: []seg{t}, w: t.w, space: true}
}

// drawLine draws a line with its top at y in [x, x+w]: "left", "right",
// "center", or "both" (justified, except a paragraph's last line). Each
// word is drawn with the space after it, so that extracted text has its
// spaces wherever the word lands.
func (p *pdfWriter) drawLine(l line, x, y, w, indent float64, align string) {
	space := p.measure(" ", "", l.size)
	natural := 0.0
	for i, b := range l.boxes {
		natural += b.w
		if i > 0 {
			natural += space
		}
	}
	avail := w - indent
	gap := space
	start := x + indent
	switch align {
	case "right":
		start += avail - natural
	case "center":
		start += (avail - natural) / 2
	case "both":
		if !l.last && len(l.boxes) > 1 && natural < avail {
			gap += (avail - natural) / float64(len(l.boxes)-1)
		}
	}
	h := l.size * leading
	base := y + (h-1.107*l.size)/2 + 0.891*l.size
	cx := start
	for i, b := range l.boxes {
		sx := cx
		for j, s := range b.segs {
			text := s.text
			if j == len(b.segs)-1 && i < len(l.boxes)-1 {
				text += " "
			}
			p.setFont(s.style, s.size)
			p.pdf.Text(sx, base-s.rise, text)
			sx += s.w
		}
		cx += b.w + gap
	}
}

// notesOf lays out the footnotes a line refers to.
func (p *pdfWriter) notesOf(l line, texts map[int]string) ([][]line, float64) {
	var out [][]line
	h := 0.0
	for _, b := range l.boxes {
		for _, n := range b.notes {
			runs := []Run{{Text: fmt.Sprintf("%d", n)}, {Text: " " + texts[n]}}
			bs := p.boxes(runs, sizeFootnote, nil)
			// The number is raised, as the reference in the text is.
			if len(bs) > 0 && len(bs[0].segs) > 0 {
				bs[0].segs[0].size = sizeFootnote * 0.6
				bs[0].segs[0].rise = sizeFootnote * 0.35
				bs[0].segs[0].w = p.measure(bs[0].segs[0].text, "", sizeFootnote*0.6)
				bs[0].w = bs[0].segs[0].w
			}
			ls := p.lines(bs, p.textW(), 0, sizeFootnote)
			out = append(out, ls)
			h += float64(len(ls)) * sizeFootnote * 1.2
		}
	}
	if len(out) > 0 && len(p.notes) == 0 {
		h += 10 // the separator
	}
	return out, h
}

// flushNotes writes the current page's footnotes at its bottom, under a
// short rule.
func (p *pdfWriter) flushNotes() {
	if len(p.notes) == 0 {
		return
	}
	y := p.pageH() - pdfBottom - p.notesH
	p.pdf.SetLineWidth(0.5)
	p.pdf.Line(pdfLeft, y+4, pdfLeft+5*ptPerCm, y+4)
	y += 10
	for _, ls := range p.notes {
		for _, l := range ls {
			p.drawLine(l, pdfLeft, y-(leading-1.2)*sizeFootnote/2, p.textW(), 0, "both")
			y += sizeFootnote * 1.2
		}
	}
	p.notes, p.notesH = nil, 0
}

// flow is how a paragraph is set: its type size, alignment, first-line
// indent, the space after it, and the room to keep below its first line
// (a heading stays with what follows) and below its last line (the last
// paragraph stays with the signature).
type flow struct {
	size                float64
	align               string
	indent, after       float64
	keepFirst, keepLast float64
	// outline, when set, puts the paragraph in the PDF's outline (the
	// viewer's bookmarks) at level-1.
	outline int
}

// paragraph lays out runs as a paragraph at the cursor, breaking pages
// between lines and placing footnotes on the page of their reference.
func (p *pdfWriter) paragraph(runs []Run, f flow) {
	var texts []string
	first := p.noted + 1
	ls := p.lines(p.boxes(runs, f.size, &texts), p.textW(), f.indent, f.size)
	byNumber := map[int]string{}
	for i, t := range texts {
		byNumber[first+i] = t
	}
	h := f.size * leading
	for i, l := range ls {
		notes, nh := p.notesOf(l, byNumber)
		need := h
		if i == 0 {
			need += f.keepFirst
		}
		// A paragraph's last line does not stand alone at a page's top;
		// the last two go with what they keep with.
		if f.keepLast > 0 {
			keep := f.after + f.keepLast
			if i == len(ls)-2 {
				need += h + keep
			}
			if i == len(ls)-1 {
				need += keep
			}
		} else if i == len(ls)-2 {
			need += h
		}
		p.fits(need, nh)
		if len(notes) > 0 {
			// Measured again: on a fresh page the separator counts too.
			_, nh = p.notesOf(l, byNumber)
			p.notes = append(p.notes, notes...)
			p.notesH += nh
		}
		in := 0.0
		if i == 0 {
			in = f.indent
			if f.outline > 0 {
				var title strings.Builder
				for _, r := range runs {
					title.WriteString(r.Text)
				}
				p.pdf.Bookmark(norm.NFC.String(title.String()), f.outline-1, p.y)
			}
		}
		p.drawLine(l, pdfLeft, p.y, p.textW(), in, f.align)
		p.y += h
	}
	p.y += f.after
}

func (p *pdfWriter) document(d Document) {
	p.newPage(false)
	closing := p.layoutClosing(d.Recipients, d.Signature)
	if closing != nil {
		p.lastPara, p.closingH = d.lastParagraph(), closing.h
	}
	p.header(d.Header)
	p.y += 14
	for _, l := range d.Title {
		p.paragraph([]Run{{Text: l, Bold: true}}, flow{size: sizeBody, align: "center"})
	}
	if d.Provisional != "" {
		p.y += 3
		p.paragraph([]Run{{Text: d.Provisional, Italic: true}}, flow{size: sizeBody, align: "center"})
	}
	p.y += 12
	p.blocks(d.Lead)
	eachSection(d.Sections, 0, p.section)
	p.closing(closing)
	p.signers(d.Signers)
	for _, a := range d.Appendices {
		p.newPage(a.Landscape)
		p.paragraph([]Run{{Text: a.Title, Bold: true}}, flow{size: sizeBody, align: "center", after: 6, outline: 1})
		p.table(a.Table)
	}
	p.flushNotes()
}

// header draws the two-column block on the first page, reaching 1 cm into
// the left margin like the Word document's.
func (p *pdfWriter) header(h Header) {
	if h == (Header{}) {
		return
	}
	x0 := pdfLeft - ptPerCm
	total := p.textW() + ptPerCm
	lw, rw := h.columns(total)
	y := p.y
	col := func(x, w float64, text, style string, size float64) {
		if text == "" {
			return
		}
		for _, l := range p.lines(p.plainBoxes(text, style, size), w, 0, size) {
			p.drawLine(l, x, y, w, 0, "center")
			y += size * 1.2
		}
	}
	rule := func(x, w, length float64) {
		p.pdf.SetLineWidth(0.6)
		p.pdf.Line(x+(w-length)/2, y+3, x+(w+length)/2, y+3)
		y += 5
	}
	col(x0, lw, h.Superior, "", sizeHeader)
	col(x0, lw, h.Issuer, "B", sizeHeader)
	if h.Issuer != "" {
		rule(x0, lw, max(min(p.measure(norm.NFC.String(h.Issuer), "B", sizeHeader), lw)/3, 2*ptPerCm))
	}
	y += 6
	col(x0, lw, h.Number, "", sizeHeader)
	left := y

	y = p.y
	col(x0+lw, rw, h.Motto[0], "B", sizeNation)
	col(x0+lw, rw, h.Motto[1], "B", sizeHeader)
	if h.Motto[1] != "" {
		rule(x0+lw, rw, p.measure(norm.NFC.String(h.Motto[1]), "B", sizeHeader))
	}
	y += 6
	col(x0+lw, rw, h.PlaceDate, "I", h.placeDateSize(rw))
	p.y = max(left, y)
}

func (p *pdfWriter) section(s Section, depth int) {
	if h := heading(s); h != "" {
		keep := 2 * sizeBody * leading
		// A heading over the body's last paragraph goes with it and the
		// signature.
		if len(s.Blocks) > 0 && p.paras+1 == p.lastPara {
			if pa, ok := s.Blocks[0].(Paragraph); ok {
				n := len(p.lines(p.boxes(bulleted(pa), sizeBody, nil), p.textW(), pdfIndent, sizeBody))
				keep = float64(n)*sizeBody*leading + 6 + p.closingH
			}
		}
		p.y += 6
		p.paragraph([]Run{{Text: h, Bold: true, Italic: depth >= 2}}, flow{size: sizeBody, align: "both", indent: pdfIndent, after: 3, keepFirst: keep, outline: depth + 1})
	}
	p.blocks(s.Blocks)
}

func (p *pdfWriter) blocks(bs []Block) {
	for i, b := range bs {
		if img, ok := b.(Image); ok {
			p.image(img, i)
			continue
		}
		eachBlock(bs[i:i+1], p.para, p.table)
	}
}

// image draws a picture centred, on this page if it fits.
func (p *pdfWriter) image(img Image, i int) {
	p.fits(img.Size+6, 0)
	name := fmt.Sprintf("image-%d-%d", p.pdf.PageNo(), i)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	p.pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(img.PNG))
	p.pdf.ImageOptions(name, pdfLeft+(p.textW()-img.Size)/2, p.y, img.Size, img.Size, false, opt, 0, "")
	p.y += img.Size + 6
}

// bulleted is a paragraph's runs with the dash of a bullet item.
func bulleted(pa Paragraph) []Run {
	if pa.Bullet {
		return append([]Run{{Text: "- "}}, pa.Runs...)
	}
	return pa.Runs
}

func (p *pdfWriter) para(pa Paragraph) {
	runs := bulleted(pa)
	f := flow{size: sizeBody, align: "both", indent: pdfIndent, after: 6}
	p.paras++
	if p.paras == p.lastPara {
		f.keepLast = p.closingH
	}
	p.paragraph(runs, f)
}

// pdfCell is a table cell laid out: where it is, its lines and alignment,
// the rows it covers; a covered position is not drawn.
type pdfCell struct {
	x, w    float64
	lines   []line
	align   string
	rows    int
	need    float64 // the height its lines need
	covered bool
}

type pdfRow struct {
	cells []pdfCell
	h     float64
}

// table draws a bordered table: the caption, the header rows (bold,
// centred) repeated at the top of each page the table continues on, the
// body rows unbroken (rows joined by a cell spanning them stay together),
// figures on the right, and the notes.
func (p *pdfWriter) table(t Table) {
	ncol := t.columnCount()
	if ncol == 0 {
		return
	}
	if !p.started {
		p.newPage(p.landscape)
	}
	st := t.fit(p.textW())
	xs := make([]float64, ncol+1)
	xs[0] = pdfLeft
	for i, w := range st.widths {
		xs[i+1] = xs[i] + w
	}
	lh := st.size * 1.2
	lay := func(block [][]Cell, header bool) []pdfRow {
		g := grid(block, ncol)
		rows := make([]pdfRow, len(g))
		for r, row := range g {
			rows[r].h = lh + 2*vpad
			for _, c := range row {
				x, w := xs[c.col], xs[c.col+c.span]-xs[c.col]
				if c.covered {
					rows[r].cells = append(rows[r].cells, pdfCell{x: x, w: w, covered: true})
					continue
				}
				align := t.align(c, header)
				var ls []line
				if c.Text != "" {
					ls = p.lines(p.plainBoxes(c.Text, style(c.Bold || header, false), st.size), w-cellPad, 0, st.size)
				}
				need := float64(len(ls))*lh + 2*vpad
				rows[r].cells = append(rows[r].cells, pdfCell{x: x, w: w, lines: ls, align: align, rows: c.rows, need: need})
				if c.rows == 1 {
					rows[r].h = max(rows[r].h, need)
				}
			}
		}
		// A cell spanning rows makes the last of them tall enough.
		for r := range rows {
			for _, c := range rows[r].cells {
				if c.rows > 1 {
					if short := c.need - spanHeight(rows, r, c.rows); short > 0 {
						rows[r+c.rows-1].h += short
					}
				}
			}
		}
		return rows
	}
	head := lay(t.Header, true)
	body := lay(t.Rows, false)
	headH := spanHeight(head, 0, len(head))
	firstH := 0.0
	if len(body) > 0 {
		firstH = spanHeight(body, 0, groupEnd(body, 0)+1)
	}
	captionH := 0.0
	if t.Caption != "" {
		captionH = sizeBody*leading + 3
	}
	p.fits(captionH+headH+firstH, 0)
	if t.Caption != "" {
		p.paragraph([]Run{{Text: t.Caption, Bold: true}}, flow{size: sizeBody, align: "center", after: 3})
	}
	p.drawRows(head, 0, len(head), st.size)
	for r := 0; r < len(body); {
		end := groupEnd(body, r) + 1
		if p.y+spanHeight(body, r, end-r) > p.limit(0) && p.y > pdfTop+headH+1 {
			p.newPage(p.landscape)
			p.drawRows(head, 0, len(head), st.size)
		}
		p.drawRows(body, r, end, st.size)
		r = end
	}
	p.y += 3
	for _, n := range t.Notes {
		p.paragraph([]Run{{Text: n, Italic: true}}, flow{size: sizeNote, align: "both"})
	}
	p.y += 8
}

// spanHeight is the height of n rows from row r.
func spanHeight(rows []pdfRow, r, n int) float64 {
	h := 0.0
	for k := r; k < r+n && k < len(rows); k++ {
		h += rows[k].h
	}
	return h
}

// groupEnd is the last row that row r is joined to by cells spanning rows.
func groupEnd(rows []pdfRow, r int) int {
	end := r
	for k := r; k <= end && k < len(rows); k++ {
		for _, c := range rows[k].cells {
			if c.rows > 1 {
				end = max(end, k+c.rows-1)
			}
		}
	}
	return min(end, len(rows)-1)
}

// drawRows draws rows [from, to) at the cursor, a cell spanning rows over
// their height, its text centred.
func (p *pdfWriter) drawRows(rows []pdfRow, from, to int, size float64) {
	p.pdf.SetLineWidth(0.5)
	lh := size * 1.2
	for r := from; r < to; r++ {
		for _, c := range rows[r].cells {
			if c.covered {
				continue
			}
			h := spanHeight(rows, r, max(c.rows, 1))
			p.pdf.Rect(c.x, p.y, c.w, h, "D")
			y := p.y + (h-float64(len(c.lines))*lh)/2 - (leading-1.2)*size/2
			for _, l := range c.lines {
				p.drawLine(l, c.x+cellPad/2, y, c.w-cellPad, 0, c.align)
				y += lh
			}
		}
		p.y += rows[r].h
	}
}

// closingItem is a laid-out line group of the closing.
type closingItem struct {
	ls    []line
	align string
	lh    float64
}

// closingLayout lays out the recipients (left) and the signature block
// (right), and the height they take together with the room to sign.
type closingLayout struct {
	left, right []closingItem
	lw, rw      float64
	h           float64
}

const signRoom = 4 * sizeBody * 1.2

func (p *pdfWriter) layoutClosing(recipients []string, s Signature) *closingLayout {
	if len(recipients) == 0 && s == (Signature{}) {
		return nil
	}
	c := &closingLayout{lw: p.textW() * closingSplit / 100}
	c.rw = p.textW() - c.lw
	add := func(list *[]closingItem, w float64, text, style string, size float64, align string) {
		*list = append(*list, closingItem{p.lines(p.plainBoxes(text, style, size), w, 0, size), align, size * 1.2})
	}
	if len(recipients) > 0 {
		add(&c.left, c.lw, vi.DocRecipients, "BI", sizeNote, "left")
		for _, r := range recipients {
			add(&c.left, c.lw-2, r, "", sizeRecipients, "left")
		}
	}
	add(&c.right, c.rw, s.OnBehalf, "B", sizeBody, "center")
	add(&c.right, c.rw, s.Title, "B", sizeBody, "center")
	add(&c.right, c.rw, s.Name, "B", sizeBody, "center")
	c.h = max(closingHeight(c.left), closingHeight(c.right)+signRoom) + 6
	return c
}

// signers draws the titles of a voucher's signers in one row of equal
// columns, each with the hint to sign under it and room to sign, kept
// together on one page.
func (p *pdfWriter) signers(titles []string) {
	if len(titles) == 0 {
		return
	}
	w := p.textW() / float64(len(titles))
	cols := make([][]closingItem, len(titles))
	h := 0.0
	for i, t := range titles {
		for _, r := range []struct{ text, style string }{{t, "B"}, {vi.DocSignHint, "I"}} {
			cols[i] = append(cols[i], closingItem{p.lines(p.plainBoxes(r.text, r.style, sizeNote), w-4, 0, sizeNote), "center", sizeNote * 1.2})
		}
		h = max(h, closingHeight(cols[i]))
	}
	h += signRoom + 12
	p.fits(h, 0)
	p.y += 12
	for i, c := range cols {
		y := p.y
		for _, it := range c {
			for _, l := range it.ls {
				p.drawLine(l, pdfLeft+float64(i)*w+2, y-(leading-1.2)*l.size/2, w-4, 0, it.align)
				y += it.lh
			}
		}
	}
	p.y += h - 12
}

func closingHeight(list []closingItem) float64 {
	h := 0.0
	for _, it := range list {
		h += float64(len(it.ls)) * it.lh
	}
	return h
}

// closing draws the recipients on the left and the signature block on
// the right, kept together on one page.
func (p *pdfWriter) closing(c *closingLayout) {
	if c == nil {
		return
	}
	p.fits(c.h, 0)
	p.y += 6
	draw := func(list []closingItem, x, w float64, room int) {
		y := p.y
		for i, it := range list {
			if i == room {
				y += signRoom
			}
			for _, l := range it.ls {
				p.drawLine(l, x, y-(leading-1.2)*l.size/2, w, 0, it.align)
				y += it.lh
			}
		}
	}
	draw(c.left, pdfLeft, c.lw, -1)
	draw(c.right, pdfLeft+c.lw, c.rw, 2)
	p.y += c.h - 6
}
