package report

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
)

// The wording rules of issue 8 ("Words that do not mislead"), each on the
// sentences a reader sees.

func lacks(t *testing.T, out string, gone ...string) {
	t.Helper()
	for _, g := range gone {
		if strings.Contains(out, g) {
			t.Errorf("document has %q", g)
		}
	}
}

// row finds the appendix row of an indicator by its name.
func row(t *testing.T, a document.Appendix, name string) []document.Cell {
	t.Helper()
	for _, r := range a.Table.Rows {
		if r[1].Text == name {
			return r
		}
	}
	t.Fatalf("%s has no row %q", a.Title, name)
	return nil
}

func TestCountsAcrossTheReorganisationAreANoteNotAFall(t *testing.T) {
	d, out := mustDoc(t, sampleReport(), DocOptions{})
	hasLines(t, out,
		"Sau sắp xếp đơn vị hành chính từ 01/07/2025, tổ chức hội được sắp xếp lại theo đơn vị hành chính mới: trước sắp xếp (cùng kỳ năm 2025) có 1.458 Hội Khuyến học cơ sở, 9.000 chi hội, 1.458 trung tâm học tập cộng đồng; nay có 522 Hội Khuyến học cơ sở, 9.120 chi hội, 522 trung tâm học tập cộng đồng.",
		"- Số Hội Khuyến học cơ sở hiện có là 522 hội.",
		"- Số chi hội khuyến học là 9.120 chi hội.",
		"- Hiện có 522 trung tâm học tập cộng đồng.",
		// Members are no count of bodies: compared as ever.
		"- Tổng số hội viên hiện có là 1.234.567 người, so với cùng kỳ năm 2025 tăng 12.345 người (tăng 1,01%).",
	)
	lacks(t, out, "giảm 936", "64,20")
	if r := row(t, d.Appendices[0], "Số Hội Khuyến học cơ sở"); r[4].Text != "1.458**" || r[5].Text != "–" || r[6].Text != "–" {
		t.Errorf("appendix row = %+v", r)
	}
	if n := d.Appendices[0].Table.Notes; len(n) == 0 || !strings.Contains(n[len(n)-1], "không tính tăng, giảm") {
		t.Errorf("appendix notes = %q", n)
	}

	// Both periods before the reorganisation: a change is a change.
	r := sampleReport()
	r.Period, r.ComparePeriod = period.MustParse("2024H1"), period.MustParse("2023H1")
	_, out = mustDoc(t, r, DocOptions{})
	hasLines(t, out, "- Số Hội Khuyến học cơ sở hiện có là 522 hội, so với cùng kỳ năm 2023 giảm 936 hội (giảm 64,20%).")
	lacks(t, out, "Sau sắp xếp")
}

func TestNoComparisonIsClaimedWithoutData(t *testing.T) {
	r := &Report{
		Scope:         Scope{Level: "province", Code: "40", Name: "Nghệ An", FullName: "Tỉnh Nghệ An"},
		Period:        period.MustParse("2023"),
		ComparePeriod: period.MustParse("2022"),
		Indicators:    map[string]Value{"members.total": {Value: f(890000)}, "org.grassroots": {Value: f(460)}},
	}
	d, out := mustDoc(t, r, DocOptions{})
	hasLines(t, out,
		"Chưa có số liệu cùng kỳ năm 2022 để so sánh.",
		"- Tổng số hội viên hiện có là 890.000 người.",
		"- Số Hội Khuyến học cơ sở hiện có là 460 hội.",
	)
	lacks(t, out, "so với cùng kỳ", "Số liệu so sánh với cùng kỳ năm 2022")
	if h := d.Appendices[0].Table.Header[0]; len(h) != 4 {
		t.Errorf("appendix without comparison has columns %+v", h)
	}
}

// familyReport is a province's 2026H1 with its learning families, and
// the previous year's recognitions.
func familyReport() *Report {
	r := province()
	r.Indicators = map[string]Value{
		"population.households":    val(600000, 590000),
		"models.family.registered": val(399420, 380000),
		"models.family.recognized": val(39420, 30000), // decided within the half: not a yearly figure
		"models.family.rate":       val(6.57, 5.08),
	}
	r.PreviousYear = map[string]Value{
		"models.family.recognized": val(392763, 380000),
		"models.family.rate":       val(66.57, 65.52),
	}
	return r
}

func TestAHalfYearStatesRegistrationsAndLastYearsRecognitions(t *testing.T) {
	d, out := mustDoc(t, familyReport(), DocOptions{})
	hasLines(t, out,
		"- Năm 2026 có 399.420 gia đình đăng ký danh hiệu “Gia đình học tập”, so với cùng kỳ năm 2025 tăng 19.420 gia đình (tăng 5,11%).",
		"- Số gia đình đăng ký “Gia đình học tập” đạt 66,57% số hộ gia đình, so với cùng kỳ năm 2025 tăng 2,16 điểm phần trăm.",
		"- Năm 2025 có 392.763 gia đình được công nhận danh hiệu “Gia đình học tập”, so với năm 2024 tăng 12.763 gia đình (tăng 3,36%).",
		"- Tỉ lệ gia đình được công nhận “Gia đình học tập” năm 2025 đạt 66,57%, so với năm 2024 tăng 1,05 điểm phần trăm.",
	)
	lacks(t, out, "đạt 6,57%", "39.420")
	if r := row(t, d.Appendices[0], "Số gia đình được công nhận Gia đình học tập (năm 2025)"); r[3].Text != "392.763" {
		t.Errorf("appendix row = %+v", r)
	}
	for _, r := range d.Appendices[0].Table.Rows {
		if r[1].Text == "Tỉ lệ Gia đình học tập" || r[1].Text == "Số gia đình được công nhận Gia đình học tập" {
			t.Errorf("half-year appendix has the half's %s", r[1].Text)
		}
	}

	// The year states its own recognitions and rate.
	r := familyReport()
	r.Period, r.ComparePeriod, r.PreviousYear = period.MustParse("2025"), period.MustParse("2024"), nil
	r.Indicators["models.family.rate"] = val(66.57, 65.52)
	_, out = mustDoc(t, r, DocOptions{})
	hasLines(t, out, "- Tỉ lệ gia đình được công nhận “Gia đình học tập” đạt 66,57%, so với cùng kỳ năm 2024 tăng 1,05 điểm phần trăm.")
}

func TestMoneyInProseIsRoundedAndExactInTheTables(t *testing.T) {
	r := province()
	r.Indicators = map[string]Value{
		"fund.raised":                val(473655237000, 282635237000),
		"awards.scholarships.amount": {Value: f(2600000000)},
		"awards.prizes.amount":       {Value: f(850300000)},
	}
	d, out := mustDoc(t, r, DocOptions{})
	hasLines(t, out,
		"- Quỹ khuyến học huy động được 473,7 tỷ đồng, so với cùng kỳ năm 2025 tăng hơn 191 tỷ đồng (tăng 67,59%).",
		"- Tổng giá trị học bổng là 2,6 tỷ đồng.",
		"- Tổng giá trị khen thưởng là hơn 850 triệu đồng.",
	)
	if c := row(t, d.Appendices[0], "Quỹ khuyến học huy động")[3]; c.Text != "473.655.237.000" || *c.Value != 473655237000 {
		t.Errorf("appendix cell = %+v", c)
	}
}

// A ledger counts its zeros: a period with no scholarship given says so in
// words, with last year's where there were some, and no "0 đồng".
func TestNoAwardsAreSaidInWordsNotAsZero(t *testing.T) {
	r := province()
	r.Indicators = map[string]Value{
		"awards.scholarships":        val(0, 12),
		"awards.scholarships.amount": val(0, 9600000),
		"awards.prizes":              val(0, 0),
		"awards.prizes.amount":       val(0, 0),
	}
	_, out := mustDoc(t, r, DocOptions{})
	hasLines(t, out,
		"- Chưa trao học bổng nào trong kỳ, so với cùng kỳ năm 2025 giảm 12 suất (giảm 100,00%).",
		"- Chưa trao khen thưởng nào trong kỳ.",
	)
	lacks(t, out, "Đã trao 0", "là 0 đồng")
	// Some given: stated with their value, as before.
	r.Indicators["awards.scholarships"] = val(3, 12)
	r.Indicators["awards.scholarships.amount"] = val(24000000, 96000000)
	_, out = mustDoc(t, r, DocOptions{})
	lacks(t, out, "Chưa trao học bổng")
	if !strings.Contains(out, "- Đã trao 3 suất học bổng") || !strings.Contains(out, "Tổng giá trị học bổng là 24 triệu đồng") {
		t.Errorf("three scholarships:\n%s", out)
	}
}

func TestRatioChangesAreInPercentagePoints(t *testing.T) {
	d, out := mustDoc(t, sampleReport(), DocOptions{})
	hasLines(t, out, "- Số hội viên chiếm 18,53% dân số, so với cùng kỳ năm 2025 tăng 0,02 điểm phần trăm.")
	if r := row(t, d.Appendices[0], "Tỉ lệ hội viên/dân số"); r[5].Text != "+0,02 điểm %" || r[6].Text != "–" {
		t.Errorf("ratio row = %+v", r)
	}
}

func TestAClusterNamesItsProvincesWithHighAndRisingRatios(t *testing.T) {
	_, out := mustDoc(t, sampleReport(), DocOptions{})
	hasLines(t, out,
		"- Các tỉnh có tỉ lệ hội viên trên dân số cao nhất: Lâm Đồng (30,00%); Khánh Hòa (25,10%, giảm 0,30 điểm phần trăm so với cùng kỳ); Gia Lai (21,54%, tăng 0,44 điểm phần trăm so với cùng kỳ, ước tính).",
		"- Các tỉnh có tỉ lệ hội viên cao (trên mức chung 18,53%) và tăng so với cùng kỳ: Gia Lai (21,54%, tăng 0,44 điểm phần trăm, ước tính).",
	)
	lacks(t, out, "Các đơn vị có tỉ lệ")
	hasLines(t, out, "Phụ lục 2. Số liệu 6 tháng đầu năm 2026 của các tỉnh thuộc Cụm thi đua số 6")
}

func TestTheReportNamesTheAssociationNotTheTerritory(t *testing.T) {
	r := sampleReport()
	r.Scope = Scope{Level: "nation", Code: "VN", Name: "Việt Nam"}
	d, out := mustDoc(t, r, DocOptions{})
	if d.Header.Issuer != "TRUNG ƯƠNG HỘI KHUYẾN HỌC VIỆT NAM" {
		t.Errorf("issuer = %q", d.Header.Issuer)
	}
	hasLines(t, out, "Hội Khuyến học Việt Nam báo cáo sơ kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập 6 tháng đầu năm 2026 và phương hướng, nhiệm vụ 6 tháng cuối năm 2026 như sau:")
	lacks(t, out, "Đơn vị: Việt Nam")
}

func TestOwnFiguresAreStatedInsideTheTotal(t *testing.T) {
	r := province()
	v := val(473655237000, 282635237000)
	v.Own = f(2600000000)
	r.Indicators = map[string]Value{"fund.raised": v}
	d, out := mustDoc(t, r, DocOptions{})
	hasLines(t, out, "- Quỹ khuyến học huy động được 473,7 tỷ đồng toàn tỉnh, trong đó Hội tỉnh 2,6 tỷ đồng, so với cùng kỳ năm 2025 tăng hơn 191 tỷ đồng (tăng 67,59%).")
	rows := d.Appendices[0].Table.Rows
	if len(rows) != 2 || rows[1][1].Text != "Trong đó: Hội tỉnh" || rows[1][3].Text != "2.600.000.000" {
		t.Errorf("appendix rows = %+v", rows)
	}

	// A commune: "toàn xã", "Hội xã"; the nation: "toàn quốc", "Trung ương Hội".
	r.Scope = Scope{Level: "commune", Code: "22015", Name: "Canh Vinh", FullName: "Xã Canh Vinh", Parent: "Tỉnh Gia Lai"}
	_, out = mustDoc(t, r, DocOptions{})
	hasLines(t, out, "- Quỹ khuyến học huy động được 473,7 tỷ đồng toàn xã, trong đó Hội xã 2,6 tỷ đồng, so với cùng kỳ năm 2025 tăng hơn 191 tỷ đồng (tăng 67,59%).")
	r.Scope = Scope{Level: "nation", Code: "VN", Name: "Việt Nam"}
	_, out = mustDoc(t, r, DocOptions{})
	hasLines(t, out, "- Quỹ khuyến học huy động được 473,7 tỷ đồng toàn quốc, trong đó Trung ương Hội 2,6 tỷ đồng, so với cùng kỳ năm 2025 tăng hơn 191 tỷ đồng (tăng 67,59%).")
}

func TestEstimatedComparisonsAreSaidOnceNotOnEveryLine(t *testing.T) {
	r := province()
	r.Scope = Scope{Level: "commune", Code: "22015", Name: "Canh Vinh", FullName: "Xã Canh Vinh", Parent: "Tỉnh Gia Lai"}
	for _, code := range []string{"members.total", "members.ratio"} {
		v := r.Indicators[code]
		v.Approximate = true
		r.Indicators[code] = v
	}
	r.Children = nil
	_, out := mustDoc(t, r, DocOptions{})
	hasLines(t, out,
		"Số liệu cùng kỳ năm 2025 của đơn vị hình thành từ một phần của đơn vị cũ là số ước tính (chưa có số dân của từng phần), nên các so sánh với cùng kỳ chỉ có tính tham khảo.",
		"- Tổng số hội viên hiện có là 1.234.567 người, so với cùng kỳ năm 2025 tăng 12.345 người (tăng 1,01%).",
	)
	lacks(t, out, "(số liệu so sánh ước tính")
	if n := strings.Count(out, "ước tính"); n != 1+1 { // the note, and the appendix's footnote
		t.Errorf("%d mentions of an estimate", n)
	}
}

func TestAProvinceNamesItsCommunesWithTheHighestRatios(t *testing.T) {
	r := province()
	r.Children = []Node{
		{Scope: Scope{Level: "commune", Code: "1", Name: "Ea Kar"}, Indicators: map[string]Value{"members.ratio": val(27.1, 26.5)}},
		{Scope: Scope{Level: "commune", Code: "2", Name: "Krông Ana"}, Indicators: map[string]Value{"members.ratio": val(28.53, 27.6)}},
	}
	_, out := mustDoc(t, r, DocOptions{})
	hasLines(t, out,
		"- Các xã, phường có tỉ lệ hội viên trên dân số cao nhất: Krông Ana (28,53%, tăng 0,93 điểm phần trăm so với cùng kỳ); Ea Kar (27,10%, tăng 0,60 điểm phần trăm so với cùng kỳ).",
		"- Các xã, phường có tỉ lệ hội viên cao (trên mức chung 18,53%) và tăng so với cùng kỳ: Krông Ana (28,53%, tăng 0,93 điểm phần trăm); Ea Kar (27,10%, tăng 0,60 điểm phần trăm).",
	)
}
