package web

import (
	"context"

	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/reporttext"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// The report's document (report.BuildDocument) as the page shows it: the
// same model the DOCX, PDF, XLSX and text writers take, laid out for
// html/template. Nothing here reads text to guess its structure.

// docOptions is the one place the web builds what a report's document
// takes beside the figures, for scope ref and period p: the officers'
// texts and the letterhead saved for it (reporttext.Options: a pre-fill is
// left out until saved; the letterhead carries forward from an earlier
// report, the document's defaults where none was set) and the instant it
// is dated, the server's now.
func (s *Server) docOptions(ctx context.Context, rq *request, ref units.Ref, p period.Period) (report.DocOptions, error) {
	return reporttext.Options(ctx, s.db, rq.tree, rq.principal(), ref, p, s.now())
}

// reportDocument builds the document of rep as the web offers it.
func (s *Server) reportDocument(ctx context.Context, rq *request, ref units.Ref, rep *report.Report) (document.Document, error) {
	opt, err := s.docOptions(ctx, rq, ref, rep.Period)
	if err != nil {
		return document.Document{}, err
	}
	return report.BuildDocument(rep, opt)
}

// docView is a document ready for the template.
type docView struct {
	Header      document.Header
	Title       []string
	Provisional string
	Lead        []blockView
	LeadNotes   []noteView
	Sections    []sectionView
	Recipients  []string
	Signature   document.Signature
	Appendices  []appendixView
}

// sectionView is a numbered section: its heading as printed ("I. CÔNG TÁC
// TỔ CHỨC"), its depth (1 for a Phần), blocks, notes and sub-sections.
type sectionView struct {
	Heading  string
	Depth    int
	Key      string
	Blocks   []blockView
	Notes    []noteView
	Sections []sectionView
}

// blockView is a paragraph or a table.
type blockView struct {
	Para  *paraView
	Table *tableView
}

type paraView struct {
	Runs   []runView
	Bullet bool
	Key    string
}

// runView is a run of text; Note is the number of its note, 0 for none.
type runView struct {
	Text   string
	Bold   bool
	Italic bool
	Note   int
}

type noteView struct {
	N    int
	Text string
}

type tableView struct {
	Caption string
	Header  [][]cellView
	Rows    [][]cellView
	Notes   []string
	// Wide marks a table of many columns, printed smaller.
	Wide bool
}

type cellView struct {
	Text    string
	Bold    bool
	Span    int
	RowSpan int
	Numeric bool
}

type appendixView struct {
	Title     string
	Table     tableView
	Landscape bool
}

// wideColumns is how many columns make a table wide.
const wideColumns = 7

// docViewOf lays out d for the page, numbering its notes in order.
func docViewOf(d document.Document) docView {
	n := 0
	v := docView{Header: d.Header, Title: d.Title, Provisional: d.Provisional, Recipients: d.Recipients, Signature: d.Signature}
	v.Lead, v.LeadNotes = blockViews(d.Lead, &n)
	for _, s := range d.Sections {
		v.Sections = append(v.Sections, sectionViewOf(s, 1, &n))
	}
	for _, a := range d.Appendices {
		v.Appendices = append(v.Appendices, appendixView{Title: a.Title, Table: tableViewOf(a.Table), Landscape: a.Landscape})
	}
	return v
}

func sectionViewOf(s document.Section, depth int, n *int) sectionView {
	v := sectionView{Heading: sectionHeading(s), Depth: min(depth, 4), Key: s.Key}
	v.Blocks, v.Notes = blockViews(s.Blocks, n)
	for _, sub := range s.Sections {
		v.Sections = append(v.Sections, sectionViewOf(sub, depth+1, n))
	}
	return v
}

// sectionHeading is a section's number and title as the other writers
// print them: "PHẦN I. KẾT QUẢ …", "1. Công tác tổ chức".
func sectionHeading(s document.Section) string {
	switch {
	case s.Number == "":
		return s.Title
	case s.Title == "":
		return s.Number + "."
	}
	return s.Number + ". " + s.Title
}

// blockViews lays out blocks; the notes of their runs are numbered from
// *n on and returned for listing after the blocks.
func blockViews(bs []document.Block, n *int) ([]blockView, []noteView) {
	var out []blockView
	var notes []noteView
	para := func(p document.Paragraph) {
		pv := &paraView{Bullet: p.Bullet, Key: p.Key}
		for _, r := range p.Runs {
			rv := runView{Text: r.Text, Bold: r.Bold, Italic: r.Italic}
			if r.Note != "" {
				*n++
				rv.Note = *n
				notes = append(notes, noteView{N: *n, Text: r.Note})
			}
			pv.Runs = append(pv.Runs, rv)
		}
		out = append(out, blockView{Para: pv})
	}
	for _, b := range bs {
		switch b := b.(type) {
		case document.Paragraph:
			para(b)
		case *document.Paragraph:
			para(*b)
		case document.Table:
			t := tableViewOf(b)
			out = append(out, blockView{Table: &t})
		case *document.Table:
			t := tableViewOf(*b)
			out = append(out, blockView{Table: &t})
		}
	}
	return out, notes
}

// tableViewOf lays out a table, marking the cells of numeric columns. A
// cell's column is found as the other writers place it: after the cells
// to its left and the cells above that span down into its row.
func tableViewOf(t document.Table) tableView {
	v := tableView{Caption: t.Caption, Notes: t.Notes, Wide: len(t.Columns) >= wideColumns}
	numeric := func(col int) bool { return col < len(t.Columns) && t.Columns[col].Numeric }
	place := func(rows [][]document.Cell) [][]cellView {
		below := map[int]int{} // column → rows still covered by a cell above
		var out [][]cellView
		for _, row := range rows {
			var cells []cellView
			col := 0
			for _, c := range row {
				for below[col] > 0 {
					col++
				}
				span, down := max(c.Span, 1), max(c.RowSpan, 1)
				cells = append(cells, cellView{Text: c.Text, Bold: c.Bold, Span: span, RowSpan: down, Numeric: numeric(col)})
				if down > 1 {
					for k := col; k < col+span; k++ {
						below[k] = down
					}
				}
				col += span
			}
			for k := range below {
				below[k]--
			}
			out = append(out, cells)
		}
		return out
	}
	v.Header = place(t.Header)
	v.Rows = place(t.Rows)
	return v
}
