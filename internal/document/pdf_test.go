package document

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pdfText is what pdftotext (poppler-utils, which .ci/run installs) reads
// from a PDF, with the page count pdfinfo gives and each page's size.
func pdfText(t *testing.T, pdf []byte) (text string, pages []string) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	path := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	info, err := exec.Command("pdfinfo", "-f", "1", "-l", "1000", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, m := range regexp.MustCompile(`Page +\d+ size: +([\d.]+) x ([\d.]+)`).FindAllStringSubmatch(string(info), -1) {
		w, _ := strconv.ParseFloat(m[1], 64)
		h, _ := strconv.ParseFloat(m[2], 64)
		pages = append(pages, map[bool]string{true: "landscape", false: "portrait"}[w > h])
	}
	return string(out), pages
}

func TestPDFGivesBackTheVietnameseWords(t *testing.T) {
	var buf bytes.Buffer
	d := sample()
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || !bytes.Contains(buf.Bytes(), []byte("/ToUnicode")) || !bytes.Contains(buf.Bytes(), []byte("/FontFile2")) {
		t.Fatal("not a PDF with embedded, searchable fonts")
	}
	text, pages := pdfText(t, buf.Bytes())
	for _, want := range []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK",
		"Số: 12/BC-KH", "Đắk Lắk, ngày 30 tháng 11 năm 2026", "BÁO CÁO",
		"Sơ kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập", "Số liệu tạm tính đến ngày 29/11/2026",
		"PHẦN I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", "Tổng số hội viên là 462.117 người, chiếm 24,37% dân số",
		"- Chi hội khuyến học: 1.245 chi hội;", "Trước sắp xếp tỉnh có 184 xã, phường, thị trấn",
		"Nơi nhận:", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn Hùng", "Thành phố Hồ Chí Minh", "1.002.379",
		"Phụ lục 2. Số liệu các chỉ tiêu theo tỉnh, thành phố",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	// The body is on portrait pages, then the 80-row appendix breaks over
	// several, its header on each; the landscape appendix comes last.
	if len(pages) < 5 || pages[0] != "portrait" || pages[len(pages)-1] != "landscape" {
		t.Fatalf("pages: %v", pages)
	}
	landscape := 0
	for _, p := range pages {
		if p == "landscape" {
			landscape++
		}
	}
	// Each page of a table repeats its header: "Số liệu kỳ báo cáo" heads
	// every table page (the section's table spans two).
	tablePages := 0
	for i, page := range strings.Split(text, "\f") {
		if strings.Contains(page, "Số liệu kỳ báo cáo") {
			tablePages++
		} else if i >= 2 && i < len(pages) {
			t.Errorf("page %d has no table header:\n%s", i+1, page)
		}
	}
	if tablePages < 2+3+landscape {
		t.Errorf("the tables' header is on %d pages of %d", tablePages, len(pages))
	}
	// The headings and appendices are the PDF's outline (bookmarks).
	path := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	outline, err := exec.Command("pdftohtml", "-xml", "-i", "-stdout", path).Output()
	if err != nil {
		t.Fatalf("pdftohtml: %v", err)
	}
	for _, want := range []string{">PHẦN I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ</item>", ">1. Hạn chế</item>", ">Phụ lục 2. Số liệu các chỉ tiêu theo tỉnh, thành phố</item>"} {
		if !strings.Contains(string(outline), want) {
			t.Errorf("the outline lacks %q", want)
		}
	}
	// The footnote is on the first page, where its reference is.
	if first := strings.Split(text, "\f")[0]; !strings.Contains(first, "Trước sắp xếp tỉnh có 184 xã") {
		t.Error("the footnote is not at the bottom of the page that refers to it")
	}
}

func TestPDFIsTheSameForTheSameDocument(t *testing.T) {
	var a, b bytes.Buffer
	if err := WritePDF(&a, sample()); err != nil {
		t.Fatal(err)
	}
	if err := WritePDF(&b, sample()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two PDFs of one document differ")
	}
}

func TestPDFKeepsTheBlanksLeftToFillByHand(t *testing.T) {
	d := Document{Header: Header{Issuer: "HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK", Number: "Số:      /BC-KH",
		Motto: [2]string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"}}}
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	text, _ := pdfText(t, buf.Bytes())
	// The blank stays wide: pdftotext sees the number's two parts apart
	// or with the spaces between them.
	if strings.Contains(text, "Số: /BC-KH") || !strings.Contains(text, "/BC-KH") {
		t.Errorf("the blank of the number is lost:\n%s", text)
	}
}

func TestPDFKeepsTheLastParagraphWithTheSignature(t *testing.T) {
	// Somewhere between these lengths the signature block no longer fits
	// under the last paragraph: the paragraph goes with it, never the
	// signature alone onto a page.
	moved := false
	for n := 18; n <= 33; n += 3 {
		d := Document{Header: sample().Header, Recipients: []string{"- Lưu: VP."},
			Signature: Signature{OnBehalf: "TM. BAN THƯỜNG VỤ", Title: "CHỦ TỊCH", Name: "Nguyễn Văn Hùng"}}
		for i := range n {
			d.Lead = append(d.Lead, Plain(fmt.Sprintf("Đoạn văn thứ %d của báo cáo.", i+1)))
		}
		d.Lead = append(d.Lead, Plain("Đoạn cuối cùng của báo cáo."))
		var buf bytes.Buffer
		if err := WritePDF(&buf, d); err != nil {
			t.Fatal(err)
		}
		text, pages := pdfText(t, buf.Bytes())
		for i, page := range strings.Split(text, "\f") {
			if strings.Contains(page, "TM. BAN THƯỜNG VỤ") && !strings.Contains(page, "Đoạn cuối cùng") {
				t.Errorf("%d paragraphs: the signature is on a page without the last paragraph:\n%s", n, page)
			}
			if i > 0 && strings.Contains(page, "Đoạn cuối cùng") && !strings.Contains(page, "Đoạn văn thứ") {
				moved = len(pages) > 1
			}
		}
	}
	if !moved {
		t.Error("no length moved the last paragraph to the signature's page: the test no longer tests it")
	}
}

func TestPDFCellsSizedToTheirWidestWordDoNotBreakIt(t *testing.T) {
	// The first appendix of a province report: each column is as wide as
	// its longest figure or word, to the hundredth of a point.
	tb := Table{Columns: []Column{{Width: 0.5}, {Width: 4}, {Width: 1.2}, {Width: 1.6, Numeric: true}, {Width: 1.6, Numeric: true}, {Width: 1.4, Numeric: true}, {Width: 1.1, Numeric: true}},
		Header: [][]Cell{{{Text: "TT", Bold: true}, {Text: "Chỉ tiêu", Bold: true}, {Text: "Đơn vị tính", Bold: true}, {Text: "6 tháng đầu năm 2026", Bold: true},
			{Text: "6 tháng đầu năm 2025", Bold: true}, {Text: "Tăng/giảm", Bold: true}, {Text: "Tăng/giảm (%)", Bold: true}}},
		Rows: [][]Cell{
			{{Text: "1"}, {Text: "Số hội viên"}, {Text: "người"}, {Text: "1.234.567"}, {Text: "1.222.222"}, {Text: "+12.345"}, {Text: "+1,01%"}},
			{{Text: "3"}, {Text: "Quỹ khuyến học huy động"}, {Text: "đồng"}, {Text: "433.030.000.000"}, {Text: "420.000.000.000"}, {Text: "+13.030.000.000"}, {Text: "+3,10%"}},
		}}
	var buf bytes.Buffer
	if err := WritePDF(&buf, Document{Appendices: []Appendix{{Title: "Phụ lục 1", Table: tb}}}); err != nil {
		t.Fatal(err)
	}
	text, _ := pdfText(t, buf.Bytes())
	for _, want := range []string{"TT", "người", "Đơn", "433.030.000.000", "+13.030.000.000"} {
		if !regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(want) + `(\s|$)`).MatchString(text) {
			t.Errorf("%q is broken in its cell:\n%s", want, text)
		}
	}
}
