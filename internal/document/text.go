package document

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// textWidth is the width the centred lines of the plain text are centred
// in when the header is narrower: a line of a text e-mail.
const textWidth = 72

// WriteText writes d as plain text for e-mail and terminals: the header's
// two columns side by side, the title centred, the sections with their
// numbers, "- " before bullet items, tables aligned in columns (widths
// counted as a person sees Vietnamese letters), a note as "[1]" after its
// words with the notes listed after the section, then the recipients beside
// the signature, and the appendices. Text is written in NFC.
func WriteText(w io.Writer, d Document) error {
	t := &textWriter{w: bufio.NewWriter(w)}
	t.header(d.Header)
	for _, l := range d.Title {
		t.centred(l)
	}
	if d.Provisional != "" {
		t.centred("(" + d.Provisional + ")")
	}
	t.blank()
	t.blocks(d.Lead)
	t.notes()
	eachSection(d.Sections, 0, t.section)
	t.closing(d.Recipients, d.Signature)
	if len(d.Signers) > 0 {
		t.blank()
		t.centred(strings.Join(d.Signers, "   ·   "))
		t.centred(vi.DocSignHint)
	}
	for _, a := range d.Appendices {
		t.blank()
		t.blank()
		t.centred(a.Title)
		t.blank()
		t.table(a.Table)
	}
	return t.w.Flush()
}

// textWriter writes a document as text, numbering the notes as it goes.
type textWriter struct {
	w       *bufio.Writer
	width   int      // the width centred lines are centred in
	noted   int      // notes numbered so far
	pending []string // notes of the current section, not yet listed
	last    string   // the previous line, to avoid doubled blank lines
}

func (t *textWriter) line(s string) {
	s = strings.TrimRight(norm.NFC.String(s), " ")
	if s == "" && t.last == "" {
		return
	}
	t.w.WriteString(s)
	t.w.WriteByte('\n')
	t.last = s
}

func (t *textWriter) blank() { t.line("") }

// centred writes s centred in the text's width. A longer line (a title's
// long subject) stays whole: a terminal or a mail reader wraps it, and a
// search finds its words together.
func (t *textWriter) centred(s string) {
	s = strings.TrimSpace(s)
	t.line(strings.Repeat(" ", max(t.width-width(s), 0)/2) + s)
}

// header writes the issuer's column on the left and the motto's on the
// right, each line centred in its column, as on the printed page.
func (t *textWriter) header(h Header) {
	var left, right []string
	for _, s := range []string{h.Superior, h.Issuer, h.Number} {
		if s != "" {
			left = append(left, s)
		}
	}
	for _, s := range []string{h.Motto[0], h.Motto[1], h.PlaceDate} {
		if s != "" {
			right = append(right, s)
		}
	}
	lw, rw := colWidth(left), colWidth(right)
	gap := 4
	t.width = max(textWidth, lw+gap+rw)
	for i := range max(len(left), len(right)) {
		var l, r string
		if i < len(left) {
			l = centre(left[i], lw)
		} else {
			l = strings.Repeat(" ", lw)
		}
		if i < len(right) {
			r = centre(right[i], rw)
		}
		t.line(l + strings.Repeat(" ", gap) + r)
	}
	t.blank()
}

func colWidth(lines []string) int {
	n := 0
	for _, l := range lines {
		n = max(n, width(l))
	}
	return n
}

// centre pads s with spaces on both sides to n characters.
func centre(s string, n int) string {
	pad := max(n-width(s), 0)
	return strings.Repeat(" ", pad/2) + s + strings.Repeat(" ", pad-pad/2)
}

func (t *textWriter) section(s Section, _ int) {
	t.blank()
	t.line(heading(s))
	t.blocks(s.Blocks)
	t.notes()
}

// heading is a section's number and title as printed: "I. TỔ CHỨC".
func heading(s Section) string {
	switch {
	case s.Number == "":
		return s.Title
	case s.Title == "":
		return s.Number + "."
	}
	return s.Number + ". " + s.Title
}

func (t *textWriter) blocks(bs []Block) {
	eachBlock(bs, t.paragraph, func(tb Table) {
		t.blank()
		t.table(tb)
		t.blank()
	})
}

func (t *textWriter) paragraph(p Paragraph) {
	var b strings.Builder
	if p.Bullet {
		b.WriteString("- ")
	}
	for _, r := range p.Runs {
		b.WriteString(r.Text)
		if r.Note != "" {
			t.noted++
			fmt.Fprintf(&b, "[%d]", t.noted)
			t.pending = append(t.pending, fmt.Sprintf("[%d] %s", t.noted, r.Note))
		}
	}
	t.line(b.String())
}

// notes lists the notes of the section just written.
func (t *textWriter) notes() {
	if len(t.pending) == 0 {
		return
	}
	t.blank()
	t.line(vi.DocNotesHeading)
	for _, n := range t.pending {
		t.line(n)
	}
	t.pending = nil
}

// table writes a table's caption, its rows in aligned columns (numbers on
// the right, a cell spanning columns centred over them in the header), a
// rule under the header, and its notes.
func (t *textWriter) table(tb Table) {
	if tb.Caption != "" {
		t.centred(tb.Caption)
	}
	ncol := tb.columnCount()
	if ncol == 0 {
		return
	}
	const gap = 2
	widths := make([]int, ncol)
	rows := append(grid(tb.Header, ncol), grid(tb.Rows, ncol)...)
	for _, row := range rows {
		for _, c := range row {
			if c.span == 1 {
				widths[c.col] = max(widths[c.col], width(c.Text))
			}
		}
	}
	// A spanning cell wider than its columns widens the last of them.
	for _, row := range rows {
		for _, c := range row {
			if c.span > 1 {
				have := gap * (c.span - 1)
				for i := c.col; i < c.col+c.span; i++ {
					have += widths[i]
				}
				if need := width(c.Text); need > have {
					widths[c.col+c.span-1] += need - have
				}
			}
		}
	}
	for i, row := range rows {
		header := i < len(tb.Header)
		var b strings.Builder
		for j, c := range row {
			if j > 0 {
				b.WriteString(strings.Repeat(" ", gap))
			}
			w := gap * (c.span - 1)
			for k := c.col; k < c.col+c.span; k++ {
				w += widths[k]
			}
			text := norm.NFC.String(c.Text)
			pad := strings.Repeat(" ", max(w-width(text), 0))
			switch {
			case c.span > 1 || (header && !tb.numeric(c.col)):
				b.WriteString(centre(text, w))
			case tb.numeric(c.col):
				b.WriteString(pad + text)
			default:
				b.WriteString(text + pad)
			}
		}
		t.line(b.String())
		if i == len(tb.Header)-1 {
			var rule []string
			for _, w := range widths {
				rule = append(rule, strings.Repeat("-", w))
			}
			t.line(strings.Join(rule, strings.Repeat(" ", gap)))
		}
	}
	for _, n := range tb.Notes {
		t.line(n)
	}
}

// closing writes the recipients on the left and the signature block on the
// right, with room to sign between the title and the name.
func (t *textWriter) closing(recipients []string, s Signature) {
	var left, right []string
	if len(recipients) > 0 {
		left = append([]string{vi.DocRecipients}, recipients...)
	}
	for _, l := range []string{s.OnBehalf, s.Title} {
		if l != "" {
			right = append(right, l)
		}
	}
	// Room to sign, also when the name is left to write by hand.
	if len(right) > 0 || s.Name != "" {
		right = append(right, "", "", "", s.Name)
	}
	if len(left) == 0 && len(right) == 0 {
		return
	}
	t.blank()
	lw, rw := colWidth(left), colWidth(right)
	gap := max(4, t.width-lw-rw)
	for i := range max(len(left), len(right)) {
		l := strings.Repeat(" ", lw)
		if i < len(left) {
			l = left[i] + strings.Repeat(" ", lw-width(left[i]))
		}
		var r string
		if i < len(right) {
			r = centre(right[i], rw)
		}
		t.w.WriteString(strings.TrimRight(norm.NFC.String(l+strings.Repeat(" ", gap)+r), " "))
		t.w.WriteByte('\n')
	}
	t.last = "x"
}
