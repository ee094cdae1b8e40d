// Package document is the model of an administrative document as an
// association writes it (a half-year or year-end report): the header block
// with the issuing body and the national motto, the number, place and date,
// the title, numbered sections of paragraphs, figures and tables, notes, the
// recipients and the signature block, and appendix tables. It is built once
// (internal/report builds it from a report and the officers' texts) and
// written as a web page, DOCX, PDF, XLSX and plain text by the writers of
// this package and of internal/web; no writer re-reads text to guess its
// structure.
package document

// Document is one administrative document.
type Document struct {
	Header Header
	// Title is the title block under the header, centred: the first line
	// is the kind of document in capitals ("BÁO CÁO"), the others its
	// subject ("Sơ kết công tác khuyến học, khuyến tài, …").
	Title []string
	// Provisional, when set, is printed in italics under the title: the
	// figures are not final ("Số liệu tạm tính đến ngày 29/11/2026").
	Provisional string
	// Lead holds paragraphs before the first section (the basis of the
	// report, the reorganisation note).
	Lead []Block
	// Sections are the numbered parts ("PHẦN I. KẾT QUẢ …") in order.
	Sections []Section
	// Recipients are the lines of "Nơi nhận:" (each "- Như trên;"), shown
	// at the bottom left, beside the signature.
	Recipients []string
	Signature  Signature
	// Signers are the titles that sign a voucher, left to right in one row
	// across the page ("NGƯỜI NỘP TIỀN", "THỦ QUỸ"), each with "(Ký, họ
	// tên)" under it and room to sign; after the signature block, if any.
	Signers []string
	// Appendices are tables after the signature, each on a new page.
	Appendices []Appendix
}

// Header is the two-column block at the top of the page: on the left the
// issuing body (its superior above it, then the body in bold and the
// number), on the right the national motto and the place and date.
type Header struct {
	// Superior is the body the issuer belongs to, upper-case, not bold
	// ("HỘI KHUYẾN HỌC VIỆT NAM"); empty for the national association.
	Superior string
	// Issuer is the reporting body, upper-case, bold
	// ("HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK").
	Issuer string
	// Number is the document's number line ("Số: 12/BC-KH" or "Số:    /BC-KH"
	// with a blank to fill by hand).
	Number string
	// Motto is the national name and motto, two lines; writers print the
	// second underlined or with a rule below.
	Motto [2]string
	// PlaceDate is "Đắk Lắk, ngày 30 tháng 11 năm 2026", in italics.
	PlaceDate string
}

// Section is one numbered part of the document. Number is written as it
// should appear ("PHẦN I", "I", "1", "a"); writers do not renumber.
type Section struct {
	Number string
	Title  string
	// Key names the section for the officers' texts ("organisation"),
	// empty for a section with no text of theirs.
	Key    string
	Blocks []Block
	// Sections are the sub-sections, one level down.
	Sections []Section
}

// Block is a Paragraph or a Table.
type Block interface{ isBlock() }

// Paragraph is a run of text. Bullet paragraphs are written with a dash
// ("- ") hanging indent, as administrative documents list items.
type Paragraph struct {
	Runs   []Run
	Bullet bool
	// Key ties a generated paragraph to what made it: "figure:members.total"
	// for a figure's sentence, "text:organisation" for an officer's text.
	// The web page uses it to offer an officer's own sentence after a
	// figure; other writers ignore it.
	Key string
	// Figure, for a figure's sentence, is the indicator code it states.
	Figure string
}

// Run is a stretch of text with one style. Note, when set, is a note on
// this run: written as a footnote (DOCX, PDF) or in brackets (text).
type Run struct {
	Text   string
	Bold   bool
	Italic bool
	Note   string
}

// Table is a table of figures. Header rows are repeated on each page.
type Table struct {
	Caption string
	Columns []Column
	// Header holds the header rows; Rows the body.
	Header [][]Cell
	Rows   [][]Cell
	// Notes are printed under the table, in italics.
	Notes []string
}

// Column describes a column: its relative width and whether it holds
// numbers (right-aligned). The page writers first give every column room
// for its figures and its longest word, and for its text on one line as
// far as the page allows; Width shares out what width is left.
type Column struct {
	Width   float64
	Numeric bool
}

// Cell is one table cell. Span > 1 merges it with the cells to its right:
// the cell covers Span columns and the row holds no cell for the columns
// it covers, so that a row's spans add up to the number of columns (a
// writer completes a short row with empty cells and cuts a long one).
// Value, when not nil, is the exact number behind Text (for XLSX, where
// figures stay numbers people can compute with).
type Cell struct {
	Text string
	Bold bool
	Span int
	// RowSpan > 1 merges the cell with those below it, within the header
	// or within the body ("TT" and "Đơn vị" over both rows of a two-row
	// header); the rows below hold no cell for the columns it covers.
	RowSpan int
	Value   *float64
}

// Appendix is a titled table after the document ("Phụ lục 1. …").
type Appendix struct {
	Title string
	Table Table
	// Landscape asks for a landscape page (wide tables of child units).
	Landscape bool
}

// Signature is the block at the bottom right: "TM. BAN THƯỜNG VỤ" then the
// title ("CHỦ TỊCH") in bold, space to sign, and the signer's name in bold.
type Signature struct {
	OnBehalf string
	Title    string
	Name     string
}

// Image is a picture (a PNG) centred on the page, Size points square: a
// certificate's QR code. Only the PDF writer draws it; the others, for
// which it adds nothing a reader needs, leave it out.
type Image struct {
	PNG  []byte
	Size float64
}

func (Paragraph) isBlock() {}
func (Table) isBlock()     {}
func (Image) isBlock()     {}

// Text joins the runs' texts.
func (p Paragraph) Text() string {
	var s string
	for _, r := range p.Runs {
		s += r.Text
	}
	return s
}

// Plain is a paragraph of one plain run.
func Plain(text string) Paragraph { return Paragraph{Runs: []Run{{Text: text}}} }
