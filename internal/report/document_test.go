package report

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
)

// docText renders a document as lines for the tests, one a paragraph,
// heading or table row, so that a test can look for a whole sentence.
func docText(d document.Document) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	h := d.Header
	for _, s := range []string{h.Superior, h.Issuer, h.Number, h.Motto[0], h.Motto[1], h.PlaceDate} {
		if s != "" {
			line(s)
		}
	}
	for _, s := range d.Title {
		line(s)
	}
	if d.Provisional != "" {
		line(d.Provisional)
	}
	blocks := func(bs []document.Block) {
		for _, bl := range bs {
			switch x := bl.(type) {
			case document.Paragraph:
				if x.Bullet {
					line("- " + x.Text())
				} else {
					line(x.Text())
				}
			case document.Table:
				for _, row := range append(append([][]document.Cell{}, x.Header...), x.Rows...) {
					var cells []string
					for _, c := range row {
						cells = append(cells, c.Text)
					}
					line(strings.Join(cells, " | "))
				}
			}
		}
	}
	blocks(d.Lead)
	var sections func([]document.Section)
	sections = func(ss []document.Section) {
		for _, s := range ss {
			line(s.Number + ". " + s.Title)
			blocks(s.Blocks)
			sections(s.Sections)
		}
	}
	sections(d.Sections)
	for _, r := range d.Recipients {
		line(r)
	}
	line(d.Signature.OnBehalf)
	line(d.Signature.Title)
	for _, a := range d.Appendices {
		line(a.Title)
		blocks([]document.Block{a.Table})
		for _, n := range a.Table.Notes {
			line(n)
		}
	}
	return b.String()
}

// today is the day the tests' documents are dated.
var today = time.Date(2026, 7, 15, 3, 0, 0, 0, time.UTC)

func mustDoc(t *testing.T, r *Report, opt DocOptions) (document.Document, string) {
	t.Helper()
	if opt.Today.IsZero() {
		opt.Today = today
	}
	d, err := BuildDocument(r, opt)
	if err != nil {
		t.Fatal(err)
	}
	return d, docText(d)
}

func hasLines(t *testing.T, out string, want ...string) {
	t.Helper()
	lines := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		lines[l] = true
	}
	for _, w := range want {
		if !lines[w] {
			t.Errorf("document lacks the line %q", w)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

// province is Đắk Lắk's 2026H1 report with a few figures.
func province() *Report {
	return &Report{
		Scope:         Scope{Level: "province", Code: "66", Name: "Đắk Lắk", FullName: "Tỉnh Đắk Lắk"},
		Period:        period.MustParse("2026H1"),
		ComparePeriod: period.MustParse("2025H1"),
		Indicators: map[string]Value{
			"members.total": val(1234567, 1222222),
			"members.ratio": val(18.534, 17.0944),
			"fund.raised":   val(433030000000, 420000000000),
		},
		Children: []Node{
			{Scope: Scope{Level: "commune", Code: "24001", Name: "Buôn Ma Thuột"}, Indicators: map[string]Value{"members.total": val(50000, 49000)}},
		},
	}
}

func TestDocumentHasTheOfficialLayoutOfAProvinceReport(t *testing.T) {
	opt := DocOptions{Texts: Texts{
		Sections: map[string]string{
			SecAdvice:                   "Ban Thường vụ đã tham mưu cho Tỉnh ủy ban hành Kế hoạch số 12.\n\n- Chỉ đạo các xã kiện toàn tổ chức hội.",
			SecOrganisation + ".limits": "Một số chi hội hoạt động chưa đều.",
			SecStrengths:                "Công tác khuyến học được các cấp ủy quan tâm.",
			SecDirections:               "Tiếp tục phát triển hội viên.",
		},
		After: map[string]string{"members.total": "Trong đó kết nạp mới 12.000 hội viên."},
	}}
	d, out := mustDoc(t, province(), opt)
	if d.Header.Superior != "HỘI KHUYẾN HỌC VIỆT NAM" || d.Header.Issuer != "HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK" {
		t.Errorf("header = %q / %q", d.Header.Superior, d.Header.Issuer)
	}
	hasLines(t, out,
		"Số:    /BC-KH",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc",
		"Đắk Lắk, ngày 15 tháng 7 năm 2026",
		"BÁO CÁO",
		"Sơ kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập 6 tháng đầu năm 2026 và phương hướng, nhiệm vụ 6 tháng cuối năm 2026",
		"Hội Khuyến học tỉnh Đắk Lắk báo cáo sơ kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập 6 tháng đầu năm 2026 và phương hướng, nhiệm vụ 6 tháng cuối năm 2026 như sau:",
		"PHẦN I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2026",
		"I. KẾT QUẢ ĐẠT ĐƯỢC",
		"1. Công tác tham mưu, chỉ đạo",
		"Ban Thường vụ đã tham mưu cho Tỉnh ủy ban hành Kế hoạch số 12.",
		"- Chỉ đạo các xã kiện toàn tổ chức hội.",
		"2. Công tác tổ chức, phát triển hội viên",
		"- Tổng số hội viên hiện có là 1.234.567 người, so với cùng kỳ năm 2025 tăng 12.345 người (tăng 1,01%). Trong đó kết nạp mới 12.000 hội viên.",
		"Tồn tại, hạn chế:",
		"Một số chi hội hoạt động chưa đều.",
		"3. Quỹ khuyến học, học bổng, khen thưởng",
		"II. ĐÁNH GIÁ CHUNG",
		"1. Ưu điểm",
		"Công tác khuyến học được các cấp ủy quan tâm.",
		"PHẦN II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026",
		"Tiếp tục phát triển hội viên.",
		"- Trung ương Hội Khuyến học Việt Nam (để báo cáo);",
		"- Thành viên Ban Thường vụ;",
		"- Lưu: VP.",
		"TM. BAN THƯỜNG VỤ",
		"CHỦ TỊCH",
		"Phụ lục 1. Số liệu công tác khuyến học, khuyến tài, xây dựng xã hội học tập 6 tháng đầu năm 2026 của Hội Khuyến học tỉnh Đắk Lắk",
		"Phụ lục 2. Số liệu 6 tháng đầu năm 2026 của các xã, phường thuộc Hội Khuyến học tỉnh Đắk Lắk",
	)
	// The officer's sentence is a run of its own after the figure's.
	var members document.Paragraph
	for _, s := range d.Sections[0].Sections[0].Sections {
		for _, bl := range s.Blocks {
			if p, ok := bl.(document.Paragraph); ok && p.Figure == "members.total" {
				members = p
			}
		}
	}
	if len(members.Runs) != 2 || members.Key != "figure:members.total" || members.Runs[1].Text != " Trong đó kết nạp mới 12.000 hội viên." {
		t.Errorf("members paragraph = %+v", members)
	}
	// The appendix keeps exact figures behind the cells.
	rows := d.Appendices[0].Table.Rows
	found := false
	for _, row := range rows {
		if row[1].Text == "Số hội viên" {
			found = true
			if row[3].Text != "1.234.567" || row[3].Value == nil || *row[3].Value != 1234567 || row[5].Text != "+12.345" || row[6].Text != "+1,01%" {
				t.Errorf("members row = %+v", row)
			}
		}
	}
	if !found {
		t.Errorf("appendix rows = %+v", rows)
	}
	if !d.Appendices[1].Landscape || len(d.Appendices[1].Table.Rows) != 1 {
		t.Errorf("children appendix = %+v", d.Appendices[1])
	}
}

func TestDocumentLeavesOutEmptySectionsAndNumbersTheRestConsecutively(t *testing.T) {
	r := province()
	r.Indicators = map[string]Value{"centers.total": val(30, 30)}
	opt := DocOptions{Texts: Texts{Sections: map[string]string{SecEmulation: "Tặng 5 bằng khen.", SecProposals: "Đề nghị cấp kinh phí."}}}
	d, out := mustDoc(t, r, opt)
	hasLines(t, out, "1. Trung tâm học tập cộng đồng", "2. Công tác thi đua, khen thưởng", "PHẦN II. KIẾN NGHỊ, ĐỀ XUẤT")
	for _, gone := range []string{"Công tác tham mưu", "ĐÁNH GIÁ CHUNG", "PHƯƠNG HƯỚNG", "Tồn tại"} {
		if strings.Contains(out, gone) {
			t.Errorf("document has %q though nothing was written for it", gone)
		}
	}
	var numbers []string
	for _, s := range d.Sections {
		numbers = append(numbers, s.Number)
	}
	if strings.Join(numbers, ",") != "PHẦN I,PHẦN II" {
		t.Errorf("parts = %v", numbers)
	}
}

func TestDocumentWithoutResultsSaysSoAndStartsAtPartOne(t *testing.T) {
	r := &Report{Scope: Scope{Level: "province", Code: "52", Name: "Gia Lai", FullName: "Tỉnh Gia Lai"},
		Period: period.MustParse("2026"), ComparePeriod: period.MustParse("2025")}
	d, out := mustDoc(t, r, DocOptions{Texts: Texts{Sections: map[string]string{SecDirections: "Phát triển hội viên."}}, Today: time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)})
	hasLines(t, out, "Chưa có số liệu cho kỳ báo cáo này.", "PHẦN I. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027",
		"Tổng kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập năm 2026 và phương hướng, nhiệm vụ năm 2027")
	if len(d.Appendices) != 0 {
		t.Errorf("appendices of a report without figures: %+v", d.Appendices)
	}
}

func TestDocumentNamesTheAssociationOfEachLevel(t *testing.T) {
	for _, c := range []struct {
		scope              Scope
		superior, issuer   string
		place, recipient   string
		appendixAssocation string
	}{
		{Scope{Level: "nation", Code: "VN", Name: "Việt Nam"}, "", "TRUNG ƯƠNG HỘI KHUYẾN HỌC VIỆT NAM", "Hà Nội, ngày 15 tháng 7 năm 2026", "- Hội Khuyến học các tỉnh, thành phố;", "của Hội Khuyến học Việt Nam"},
		{Scope{Level: "cluster", Code: "6", Name: "Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên"}, "HỘI KHUYẾN HỌC VIỆT NAM", "CỤM THI ĐUA SỐ 6", "……………, ngày 15 tháng 7 năm 2026", "- Trung ương Hội Khuyến học Việt Nam (để báo cáo);", "của Cụm thi đua số 6"},
		{Scope{Level: "commune", Code: "22015", Name: "Canh Vinh", FullName: "Xã Canh Vinh", Parent: "Tỉnh Gia Lai"}, "HỘI KHUYẾN HỌC TỈNH GIA LAI", "HỘI KHUYẾN HỌC XÃ CANH VINH", "Canh Vinh, ngày 15 tháng 7 năm 2026", "- Hội Khuyến học tỉnh Gia Lai (để báo cáo);", "của Hội Khuyến học xã Canh Vinh"},
	} {
		r := province()
		r.Scope = c.scope
		d, out := mustDoc(t, r, DocOptions{})
		if d.Header.Superior != c.superior || d.Header.Issuer != c.issuer || d.Header.PlaceDate != c.place {
			t.Errorf("%s: header = %+v", c.scope.Level, d.Header)
		}
		hasLines(t, out, c.recipient)
		if !strings.Contains(d.Appendices[0].Title, c.appendixAssocation) {
			t.Errorf("%s: appendix title %q", c.scope.Level, d.Appendices[0].Title)
		}
	}
}

func TestDocumentTakesTheLetterhead(t *testing.T) {
	lh := Letterhead{Superior: "HỘI KHUYẾN HỌC VIỆT NAM", Issuer: "HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK", Number: "12/BC-KH", Place: "Buôn Ma Thuột",
		Recipients: []string{"Hội Khuyến học Việt Nam (để b/c)", "Tỉnh ủy Đắk Lắk (để b/c)"}, OnBehalf: "TM. BAN CHẤP HÀNH", SignerTitle: "PHÓ CHỦ TỊCH", SignerName: "Nguyễn Văn A"}
	d, out := mustDoc(t, province(), DocOptions{Letterhead: lh})
	hasLines(t, out, "Số: 12/BC-KH", "Buôn Ma Thuột, ngày 15 tháng 7 năm 2026", "- Hội Khuyến học Việt Nam (để b/c);", "- Tỉnh ủy Đắk Lắk (để b/c);", "- Lưu: VP.")
	if d.Signature != (document.Signature{OnBehalf: "TM. BAN CHẤP HÀNH", Title: "PHÓ CHỦ TỊCH", Name: "Nguyễn Văn A"}) {
		t.Errorf("signature = %+v", d.Signature)
	}
}

func TestDocumentRefusesTheSecondHalfYear(t *testing.T) {
	r := province()
	r.Period, r.ComparePeriod = period.MustParse("2026H2"), period.MustParse("2025H2")
	_, err := BuildDocument(r, DocOptions{Today: today})
	var ae *apperr.Error
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "báo cáo tổng kết năm 2026") || !strings.Contains(err.Error(), "JSON, CSV, XLSX") {
		t.Errorf("err = %v", err)
	}
}

func TestDocumentMarksAnUnfinishedPeriodProvisional(t *testing.T) {
	r := province()
	d, _ := mustDoc(t, r, DocOptions{Today: time.Date(2026, 5, 31, 20, 0, 0, 0, time.UTC)}) // 1 June in Vietnam
	if d.Provisional != "Số liệu tạm tính đến ngày 01/06/2026" {
		t.Errorf("provisional = %q", d.Provisional)
	}
	d, _ = mustDoc(t, r, DocOptions{Today: time.Date(2026, 7, 1, 3, 0, 0, 0, time.UTC)})
	if d.Provisional != "" {
		t.Errorf("a finished period is marked %q", d.Provisional)
	}
}

func TestOfficersTextKeepsTheLinesTheyTyped(t *testing.T) {
	got := text("Đoạn một.\r\nĐoạn hai, xuống dòng không có dòng trống.\n\n\n+ Ý thứ nhất\n•  Ý thứ hai\n   ")
	var lines []string
	for _, b := range got {
		p := b.(document.Paragraph)
		s := p.Text()
		if p.Bullet {
			s = "- " + s
		}
		lines = append(lines, s)
	}
	want := "Đoạn một.|Đoạn hai, xuống dòng không có dòng trống.|- Ý thứ nhất|- Ý thứ hai"
	if strings.Join(lines, "|") != want {
		t.Errorf("paragraphs = %q", lines)
	}
}
