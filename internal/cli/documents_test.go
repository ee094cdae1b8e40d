package cli_test

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// checkDemoDocuments writes the demo province's and cluster's reports for
// the first halves of 2024 and 2026 as Word and PDF files and reads them
// back (the Word document's text, pdftotext's text of the PDF): each is
// the association's document as issue 8 lays it out, with the sections
// its officers wrote (demo.ReportTexts), ready to sign and send.
func checkDemoDocuments(t *testing.T, r *unitsRunner) {
	t.Helper()
	common := []string{
		"HỘI KHUYẾN HỌC VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"/BC-KH", "ngày 15 tháng 3 năm 2026", "BÁO CÁO",
		"PHẦN I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM", "1. Công tác tham mưu, chỉ đạo",
		"Tổng số hội viên hiện có là", "ĐÁNH GIÁ CHUNG", "PHẦN II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM",
		"KIẾN NGHỊ, ĐỀ XUẤT", "Nơi nhận:", "Lưu: VP", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Phụ lục 1.", "Phụ lục 2.",
	}
	cases := []struct {
		scope, period string
		want          []string
	}{
		{"province:66", "2024H1", []string{"HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK", "Đắk Lắk, ngày",
			"Sơ kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập 6 tháng đầu năm 2024",
			"Kết luận số 49-KL/TW", "Tồn tại, hạn chế", "Nguyễn Thị Hồng Vân", "Trung ương Hội Khuyến học Việt Nam (để báo cáo)"}},
		{"province:66", "2026H1", []string{"HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK", "Số liệu tạm tính đến ngày 15/03/2026",
			"Sau sắp xếp đơn vị hành chính từ 01/07/2025", "Kết luận số 49-KL/TW", "Nguyễn Thị Hồng Vân"}},
		{"cluster:6", "2024H1", []string{"CỤM THI ĐUA SỐ 6", "Cụm đã tổ chức ký giao ước thi đua năm", "Trần Văn Minh"}},
		{"cluster:6", "2026H1", []string{"CỤM THI ĐUA SỐ 6", "Số liệu tạm tính đến ngày 15/03/2026",
			"Cụm đã tổ chức ký giao ước thi đua năm", "Trần Văn Minh"}},
	}
	for _, c := range cases {
		for _, format := range []string{"docx", "pdf"} {
			path := filepath.Join(t.TempDir(), "r."+format)
			if _, errOut, code := r.run("report", "--scope", c.scope, "--period", c.period, "--format", format, "-o", path); code != 0 {
				t.Fatalf("%s %s %s: exit %d: %s", c.scope, c.period, format, code, errOut)
			}
			text := documentText(t, path, format)
			for _, want := range append(append([]string{}, common...), c.want...) {
				if !strings.Contains(text, want) {
					t.Errorf("%s %s %s lacks %q", c.scope, c.period, format, want)
				}
			}
		}
	}
}

// documentText is the text of a Word or PDF file with its spaces and line
// breaks each made one space, so that a phrase is found wherever the page
// broke its line.
func documentText(t *testing.T, path, format string) string {
	t.Helper()
	var text string
	switch format {
	case "pdf":
		if _, err := exec.LookPath("pdftotext"); err != nil {
			t.Skip("pdftotext (poppler-utils, which .ci/run installs) is not installed")
		}
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", path, err)
		}
		text = string(out)
	case "docx":
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			if f.Name != "word/document.xml" {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			xml := regexp.MustCompile(`</w:p>|<w:br/>|<w:tab/>`).ReplaceAllString(string(b), " ")
			text = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#34;", `"`, "&#39;", "'").
				Replace(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(xml, ""))
		}
		if text == "" {
			t.Fatalf("%s has no word/document.xml", path)
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(text), " ")
}
