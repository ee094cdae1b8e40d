package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func TestTextWritesEveryPartInOrder(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// Each part, in document order.
	order := []string{
		"HỘI KHUYẾN HỌC VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK", "Độc lập - Tự do - Hạnh phúc",
		"Số: 12/BC-KH", "Đắk Lắk, ngày 30 tháng 11 năm 2026",
		"BÁO CÁO", "(Số liệu tạm tính đến ngày 29/11/2026)",
		"xã, phường.[1]", "[1] Trước sắp xếp tỉnh có 184 xã",
		"PHẦN I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", "I. CÔNG TÁC THAM MƯU, CHỈ ĐẠO",
		"Tổng số hội viên là 462.117 người", "- Chi hội khuyến học: 1.245 chi hội;",
		"Bảng số liệu hội viên và quỹ khuyến học", "Ghi chú: số liệu tạm tính",
		"1. Hạn chế", "PHẦN II. PHƯƠNG HƯỚNG",
		"Nơi nhận:", "TM. BAN THƯỜNG VỤ", "- Lưu VP.", "Nguyễn Văn Hùng",
		"Phụ lục 1. Số liệu hội viên", "Phụ lục 2. Số liệu các chỉ tiêu",
	}
	at := 0
	for _, want := range order {
		i := strings.Index(out[at:], want)
		if i < 0 {
			t.Fatalf("after byte %d the text lacks %q:\n%s", at, want, out)
		}
		at += i + len(want)
	}
	// The header's two columns share lines.
	if !strings.Contains(firstLineWith(out, "HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK"), "Độc lập - Tự do - Hạnh phúc") {
		t.Errorf("the issuer and the motto are not on one line:\n%s", out)
	}
	if !strings.Contains(firstLineWith(out, "Nơi nhận:"), "TM. BAN THƯỜNG VỤ") {
		t.Errorf("the recipients and the signature are not side by side:\n%s", out)
	}
}

func firstLineWith(text, s string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestTextAlignsTableColumnsAsPeopleSeeThem(t *testing.T) {
	d := Document{Sections: []Section{{Number: "I", Title: "SỐ LIỆU", Blocks: []Block{Table{
		Columns: []Column{{}, {Numeric: true}},
		Header:  [][]Cell{{{Text: "Đơn vị"}, {Text: "Hội viên"}}},
		Rows: [][]Cell{
			// The second name is typed with combining marks, as some
			// keyboards do; it must count as the same number of letters.
			{{Text: "Đắk Lắk"}, {Text: "462.117"}},
			{{Text: norm.NFD.String("Thành phố Hồ Chí Minh")}, {Text: "1.234"}},
		},
	}}}}}
	var buf bytes.Buffer
	if err := WriteText(&buf, d); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !norm.NFC.IsNormalString(out) {
		t.Error("the text is not NFC")
	}
	a, b := firstLineWith(out, "Đắk Lắk"), firstLineWith(out, "Hồ Chí Minh")
	if width(a) != width(b) || !strings.HasSuffix(a, "462.117") || !strings.HasSuffix(b, "  1.234") {
		t.Errorf("the figures are not right-aligned in one column:\n%s", out)
	}
}

func TestTableRowsThatDoNotAddUpAreCompletedOrCut(t *testing.T) {
	g := grid([][]Cell{
		{{Text: "a", Span: 2}, {Text: "b", Span: 5}, {Text: "c"}}, // too wide
		{{Text: "d"}}, // too short
	}, 4)
	if len(g[0]) != 2 || g[0][1].col != 2 || g[0][1].span != 2 {
		t.Errorf("a row wider than the table: %+v", g[0])
	}
	if len(g[1]) != 4 || g[1][3].col != 3 || g[1][3].Text != "" {
		t.Errorf("a short row: %+v", g[1])
	}
}

func TestCellsSpanningRowsCoverTheRowsBelow(t *testing.T) {
	g := grid([][]Cell{
		{{Text: "TT", RowSpan: 2}, {Text: "Đơn vị", RowSpan: 2}, {Text: "Hội viên", Span: 2}, {Text: "Quỹ", RowSpan: 5}},
		{{Text: "Tổng số"}, {Text: "Tỉ lệ"}},
	}, 5)
	want := [][]string{{"TT", "Đơn vị", "Hội viên", "Quỹ"}, {"^", "^", "Tổng số", "Tỉ lệ", "^"}}
	for r, row := range g {
		var got []string
		for _, c := range row {
			if c.covered {
				got = append(got, "^")
			} else {
				got = append(got, c.Text)
			}
		}
		if strings.Join(got, "|") != strings.Join(want[r], "|") {
			t.Errorf("row %d: %q, want %q", r, got, want[r])
		}
	}
	// A span reaching below the block is cut to the block's rows.
	if g[0][3].rows != 2 || g[0][3].col != 4 {
		t.Errorf("the row span: %+v", g[0])
	}
}

// docxParts reads every part of a DOCX package, failing on a part that is
// not well-formed XML.
func docxParts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip package: %v", err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(bytes.NewReader(content))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed: %v", f.Name, err)
			}
		}
		parts[f.Name] = string(content)
	}
	return parts
}

func TestDOCXIsACompleteWordDocument(t *testing.T) {
	var buf bytes.Buffer
	d := sample()
	if err := WriteDOCX(&buf, d); err != nil {
		t.Fatal(err)
	}
	parts := docxParts(t, buf.Bytes())
	for _, n := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
		"word/styles.xml", "word/settings.xml", "word/footnotes.xml", "word/header1.xml", "docProps/core.xml"} {
		if _, ok := parts[n]; !ok {
			t.Errorf("the package lacks %s", n)
		}
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK",
		"Nơi nhận:", "Nguyễn Văn Hùng", "462.117 người", `<w:gridSpan w:val="4"/>`,
		`<w:footnoteReference w:id="1"/>`, `<w:pageBreakBefore/>`, `<w:jc w:val="right"/>`, `<w:outlineLvl w:val="2"/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}
	// Every header row of every table repeats on each page.
	headerRows := 0
	for _, s := range d.Sections {
		for _, sub := range s.Sections {
			for _, b := range sub.Blocks {
				if tb, ok := b.(Table); ok {
					headerRows += len(tb.Header)
				}
			}
		}
	}
	for _, a := range d.Appendices {
		headerRows += len(a.Table.Header)
	}
	if got := strings.Count(doc, "<w:tblHeader/>"); got != headerRows {
		t.Errorf("%d repeated header rows, want %d", got, headerRows)
	}
	// The main part is portrait; the landscape appendix, the last, is a
	// landscape section of its own.
	_, after, _ := strings.Cut(doc, "<w:sectPr>")
	sects := strings.Split(doc, "<w:sectPr>")[1:]
	if len(sects) != 2 || strings.Contains(sects[0], "landscape") || !strings.Contains(sects[1], `w:orient="landscape"`) {
		t.Errorf("sections: %q", sects)
	}
	if !strings.Contains(after, "Phụ lục 2") || strings.Contains(after, "Phụ lục 1") {
		t.Error("the landscape appendix is not alone in the landscape section")
	}
	if !strings.Contains(parts["word/footnotes.xml"], "Trước sắp xếp tỉnh có 184 xã") {
		t.Error("the note is not a footnote")
	}
	if !strings.Contains(parts["docProps/core.xml"], "<dc:title>BÁO CÁO Sơ kết công tác khuyến học") {
		t.Errorf("core properties: %s", parts["docProps/core.xml"])
	}
	if !strings.Contains(parts["word/header1.xml"], "PAGE") {
		t.Error("no page number")
	}
}

func TestDOCXEscapesTextAndKeepsItWellFormed(t *testing.T) {
	d := Document{Title: []string{"A & B <C>"}, Sections: []Section{{Number: "I", Title: "\"Q\" & 'R'",
		Blocks: []Block{Plain("x < y\x00 z"), &Paragraph{Runs: []Run{{Text: "dòng 1\ndòng 2", Note: "<ghi chú>"}}}}}}}
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, d); err != nil {
		t.Fatal(err)
	}
	parts := docxParts(t, buf.Bytes())
	if !strings.Contains(parts["word/document.xml"], "A &amp; B &lt;C&gt;") || !strings.Contains(parts["word/document.xml"], "<w:br/>") {
		t.Error("text not escaped or line break lost")
	}
}

func TestWritersAcceptAnEmptyDocument(t *testing.T) {
	for name, write := range writers {
		var buf bytes.Buffer
		if err := write(&buf, Document{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestTableColumnsHoldTheirFiguresAndFillTheWidth(t *testing.T) {
	long := figureTable(34, 14)
	long.Rows[3][1].Text = "Tỉ lệ gia đình được công nhận danh hiệu Gia đình học tập so với số gia đình đăng ký"
	for name, c := range map[string]struct {
		t     Table
		avail float64
	}{
		"portrait, 5 figures": {figureTable(34, 5), pdfShort - pdfLeft - pdfRight},
		"landscape, 14":       {figureTable(34, 14), pdfLong - pdfLeft - pdfRight},
		"a long name":         {long, pdfLong - pdfLeft - pdfRight},
	} {
		st := c.t.fit(c.avail)
		total := 0.0
		for _, w := range st.widths {
			total += w
		}
		if math.Abs(total-c.avail) > 0.01 || st.size < 7 {
			t.Errorf("%s: widths %v (sum %.2f of %.2f) at %.1f pt", name, st.widths, total, c.avail, st.size)
		}
		for _, row := range grid(c.t.Rows, c.t.columnCount()) {
			for _, cell := range row {
				if c.t.numeric(cell.col) && cell.span == 1 {
					if need := points(cell.Text, cell.Bold, false, st.size) + cellPad; st.widths[cell.col] < need-0.01 {
						t.Errorf("%s: %q needs %.2f pt, its column has %.2f", name, cell.Text, need, st.widths[cell.col])
					}
				}
			}
		}
	}
}

// The web server writes documents for several people at once: the writers
// share only the locked measurer and the embedded fonts, and give the same
// bytes whatever else runs.
func TestWritersRunConcurrently(t *testing.T) {
	d := sample()
	want := map[string][]byte{}
	for name, write := range writers {
		var buf bytes.Buffer
		if err := write(&buf, d); err != nil {
			t.Fatal(err)
		}
		want[name] = buf.Bytes()
	}
	errs := make(chan error, 8)
	for range 2 {
		for name, write := range writers {
			go func() {
				var buf bytes.Buffer
				err := write(&buf, d)
				if err == nil && !bytes.Equal(buf.Bytes(), want[name]) {
					err = fmt.Errorf("%s differs when written concurrently", name)
				}
				errs <- err
			}()
		}
	}
	for range 2 * len(writers) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestTextKeepsALongTitleLineWhole(t *testing.T) {
	subject := "Sơ kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập 6 tháng đầu năm 2026 và phương hướng, nhiệm vụ 6 tháng cuối năm 2026"
	var buf bytes.Buffer
	if err := WriteText(&buf, Document{Title: []string{"BÁO CÁO", subject}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\n"+subject+"\n") {
		t.Errorf("the subject is not one line:\n%s", buf.String())
	}
}

// TestSignersSignInOneRowInEveryWriter: a voucher's signers come out, in
// order, each with the hint to sign, in the text, the Word document (one
// borderless row of as many cells) and the PDF.
func TestSignersSignInOneRowInEveryWriter(t *testing.T) {
	d := Document{Title: []string{"PHIẾU THU"}, Lead: []Block{Plain("Số tiền: 1.000 đồng")},
		Signers: []string{"CHỦ TỊCH HỘI", "NGƯỜI NỘP TIỀN", "THỦ QUỸ"}}
	inOrder := func(what, text string) {
		t.Helper()
		at := 0
		for _, s := range d.Signers {
			i := strings.Index(text[at:], s)
			if i < 0 {
				t.Errorf("%s: %q not after the signers before it:\n%s", what, s, text)
				return
			}
			at += i + len(s)
		}
		if !strings.Contains(text, vi.DocSignHint) {
			t.Errorf("%s: no %q", what, vi.DocSignHint)
		}
	}
	var txt, docx, pdf bytes.Buffer
	if err := WriteText(&txt, d); err != nil {
		t.Fatal(err)
	}
	inOrder("text", txt.String())
	if err := WriteDOCX(&docx, d); err != nil {
		t.Fatal(err)
	}
	doc := docxParts(t, docx.Bytes())["word/document.xml"]
	inOrder("docx", doc)
	if n := strings.Count(doc, `<w:gridCol `); n != 3 {
		t.Errorf("docx: %d grid columns, want one row of 3 cells", n)
	}
	if err := WritePDF(&pdf, d); err != nil {
		t.Fatal(err)
	}
	text, _ := pdfText(t, pdf.Bytes())
	inOrder("pdf", text)
}
