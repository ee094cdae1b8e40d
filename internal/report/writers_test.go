package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func f(x float64) *float64 { return &x }

// val builds a Value with its change and change in per cent.
func val(cur, prev float64) Value {
	v := Value{Value: f(cur), Previous: f(prev), Change: f(cur - prev)}
	if prev != 0 {
		v.ChangePct = f((cur - prev) / prev * 100)
	}
	return v
}

// sampleReport is cluster 6 in 2026H1 against 2025H1, with comparisons
// apportioned across the reform for one province and no data for some
// indicators.
func sampleReport() *Report {
	gl := val(280000, 270000)
	gl.Approximate = true
	glRatio := val(21.54, 21.10)
	glRatio.Approximate = true
	return &Report{
		Scope:         Scope{Level: "cluster", Code: "6", Name: "Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên"},
		Period:        period.MustParse("2026H1"),
		ComparePeriod: period.MustParse("2025H1"),
		Approximate:   true,
		Indicators: map[string]Value{
			"population.total":         val(6662000, 6600000),
			"org.grassroots":           val(522, 1458),
			"org.branches":             val(9120, 9000),
			"members.total":            val(1234567, 1222222),
			"members.ratio":            val(18.534, 18.5185),
			"models.family.registered": val(850000, 800000),
			"models.family.recognized": {Value: f(120000)}, // no comparison
			"agreements.partners":      val(300, 300),
			"fund.raised":              val(433030000000, 420000000000),
			"fund.per_capita":          val(65000, 63636),
			"fund.per_capita.held":     val(120000, 100000),
			"fund.raised.cash":         {Value: f(3400000)},
			"fund.raised.works":        {Value: f(10000000)},
			"fund.raised.in_kind":      {Value: f(0)},
			"fund.raised.clan":         {Value: f(1000000)},
			"centers.total":            val(522, 1458),
			// members of boards, clans, … have no data at all
			"org.boards": {},
		},
		Children: []Node{
			{Scope: Scope{Level: "province", Code: "52", Name: "Gia Lai"},
				Indicators: map[string]Value{"members.total": gl, "members.ratio": glRatio, "agreements.partners": val(70, 60), "fund.raised": val(1.5e11, 1.4e11)}},
			{Scope: Scope{Level: "province", Code: "56", Name: "Khánh Hòa"},
				Indicators: map[string]Value{"members.total": val(300000, 310000), "members.ratio": val(25.10, 25.40), "agreements.partners": val(50, 50)}},
			{Scope: Scope{Level: "province", Code: "66", Name: "Đắk Lắk"},
				Indicators: map[string]Value{"members.total": val(400000, 390000), "members.ratio": val(12.00, 11.50)}},
			{Scope: Scope{Level: "province", Code: "68", Name: "Lâm Đồng"},
				Indicators: map[string]Value{"members.ratio": {Value: f(30.00)}}},
		},
	}
}

func TestWriteJSONHasContractKeysAndNulls(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Scope         map[string]string `json:"scope"`
		Period        string            `json:"period"`
		ComparePeriod string            `json:"compare_period"`
		Approximate   bool              `json:"approximate"`
		Indicators    map[string]map[string]any
		Children      []struct {
			Level, Code, Name string
			Indicators        map[string]map[string]any
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, b.String())
	}
	if got.Scope["level"] != "cluster" || got.Scope["code"] != "6" || !strings.HasPrefix(got.Scope["name"], "Cụm thi đua số 6") {
		t.Errorf("scope = %v", got.Scope)
	}
	if got.Period != "2026H1" || got.ComparePeriod != "2025H1" || !got.Approximate {
		t.Errorf("period %q compare %q approximate %v", got.Period, got.ComparePeriod, got.Approximate)
	}
	if len(got.Indicators) != len(indicator.Default.List) {
		t.Errorf("%d indicators, want every one of the catalogue (%d)", len(got.Indicators), len(indicator.Default.List))
	}
	rec := got.Indicators["models.family.recognized"]
	for _, k := range []string{"value", "previous", "change", "change_pct"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("models.family.recognized lacks key %q", k)
		}
	}
	if rec["value"] != 120000.0 || rec["previous"] != nil || rec["change"] != nil || rec["change_pct"] != nil {
		t.Errorf("models.family.recognized = %v, want previous/change/change_pct null", rec)
	}
	if v := got.Indicators["models.clan.registered"]; v["value"] != nil {
		t.Errorf("missing indicator should be null: %v", v)
	}
	if _, ok := got.Indicators["members.total"]["approximate"]; ok {
		t.Error("approximate written on a value that is not approximate")
	}
	if len(got.Children) != 4 || got.Children[0].Code != "52" || got.Children[0].Level != "province" || got.Children[0].Name != "Gia Lai" {
		t.Fatalf("children = %+v", got.Children)
	}
	if got.Children[0].Indicators["members.total"]["approximate"] != true {
		t.Error("approximate child value not marked")
	}
}

func TestWriteJSONWritesPlainNumbersInCatalogueOrder(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`"members.total": {"value": 1234567, "previous": 1222222, "change": 12345, "change_pct": 1.01}`,
		`"members.ratio": {"value": 18.53, "previous": 18.52,`,
		`"fund.raised": {"value": 433030000000, "previous": 420000000000, "change": 13030000000, "change_pct": 3.10}`,
		`"org.boards": {"value": null, "previous": null, "change": null, "change_pct": null}`,
		`"name": "Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Contains(out, "e+") || strings.Contains(out, "1234567.0") {
		t.Error("numbers in exponent form or with a useless fraction")
	}
	last := -1
	for _, ind := range indicator.Default.List {
		i := strings.Index(out, `"`+ind.Code+`": {"value"`)
		if i < last {
			t.Errorf("%s out of catalogue order", ind.Code)
		}
		last = i
	}
}

func TestWriteJSONOmitsTopApproximateWhenFalse(t *testing.T) {
	r := sampleReport()
	r.Approximate = false
	r.Children = nil
	var b bytes.Buffer
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["approximate"]; ok {
		t.Error("top-level approximate written while false")
	}
	if c, ok := m["children"].([]any); !ok || len(c) != 0 {
		t.Errorf("children = %v, want []", m["children"])
	}
}

func TestWriteCSVHasOneRowPerNodeAndIndicatorWithData(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "level,code,name,indicator,value,previous,change,change_pct,approximate" {
		t.Fatalf("header = %v", rows[0])
	}
	// 16 scope indicators with data (org.boards has none) + 4 + 3 + 2 + 1.
	if len(rows)-1 != 16+4+3+2+1 {
		t.Errorf("%d rows", len(rows)-1)
	}
	want := map[string]string{
		"cluster/members.total":            "cluster,6,Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên,members.total,1234567,1222222,12345,1.01,false",
		"cluster/models.family.recognized": "cluster,6,Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên,models.family.recognized,120000,,,,false",
		"52/members.total":                 "province,52,Gia Lai,members.total,280000,270000,10000,3.70,true",
		"68/members.ratio":                 "province,68,Lâm Đồng,members.ratio,30.00,,,,false",
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		key := r[1] + "/" + r[3]
		if r[0] == "cluster" {
			key = "cluster/" + r[3]
		}
		got[key] = strings.Join(r, ",")
		if r[3] == "org.boards" {
			t.Error("row written for an indicator without data")
		}
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s:\n got %s\nwant %s", k, got[k], w)
		}
	}
	if rows[1][0] != "cluster" {
		t.Error("scope rows do not come first")
	}
}

func TestWriteTableWritesVietnameseNumbersAligned(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"6 tháng đầu năm 2026", "so với cùng kỳ 6 tháng đầu năm 2025",
		"Số hội viên", "1.234.567", "1.222.222", "+12.345", "+1,01%",
		"18,53%", "433.030.000.000 đồng", "65.000 đồng/người",
		"-936", "-64,20%", "Khánh Hòa", "-10.000", vi.ReportApproxNote,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	if strings.Contains(out, "Số ban khuyến học") {
		t.Error("indicator without data listed")
	}
	// Every line of the first table ends in the same column, counted in
	// characters, even where names carry Vietnamese diacritics.
	lines := strings.Split(out, "\n")
	width := Width(lines[2])
	for _, l := range lines[3:] {
		if l == "" {
			break
		}
		if Width(l) != width {
			t.Errorf("line %q is %d characters wide, header %d", l, Width(l), width)
		}
	}
}

func TestWidthCountsDecomposedLettersOnce(t *testing.T) {
	nfd := norm.NFD.String("Đắk Lắk")
	if Width(nfd) != 7 || Width("Đắk Lắk") != 7 {
		t.Errorf("Width = %d / %d, want 7", Width(nfd), Width("Đắk Lắk"))
	}
}

func TestDocumentWritesSentencesTheVietnameseWay(t *testing.T) {
	_, out := mustDoc(t, sampleReport(), DocOptions{})
	hasLines(t, out,
		"- Tổng số hội viên hiện có là 1.234.567 người, so với cùng kỳ năm 2025 tăng 12.345 người (tăng 1,01%).",
		"- Số hội viên chiếm 18,53% dân số, so với cùng kỳ năm 2025 tăng 0,02 điểm phần trăm.",
		"- Năm 2026 có 850.000 gia đình đăng ký danh hiệu “Gia đình học tập”, so với cùng kỳ năm 2025 tăng 50.000 gia đình (tăng 6,25%).",
		"- Số đơn vị đã ký kết chương trình phối hợp là 300 đơn vị, so với cùng kỳ năm 2025 không thay đổi.",
		"- Cụ thể: Gia Lai (70 đơn vị); Khánh Hòa (50 đơn vị).",
		"- Quỹ khuyến học huy động được hơn 433 tỷ đồng, so với cùng kỳ năm 2025 tăng hơn 13 tỷ đồng (tăng 3,10%).",
		"- Bình quân quỹ khuyến học huy động trong kỳ đạt 65.000 đồng/người, so với cùng kỳ năm 2025 tăng 1.364 đồng/người (tăng 2,14%).",
		// Its parts, as the ledger counts them, those above zero: here only
		// some of the fund raised, said as such.
		"- Trong đó, các đơn vị ghi sổ quỹ trên hệ thống huy động hơn 13 triệu đồng: bằng tiền hơn 3 triệu đồng; bằng công trình 10 triệu đồng.",
		"- Theo nguồn đóng góp: dòng họ 1 triệu đồng.",
		// The other basis, named for what it is.
		"- Bình quân số dư quỹ khuyến học cuối kỳ đạt 120.000 đồng/người, so với cùng kỳ năm 2025 tăng 20.000 đồng/người (tăng 20,00%).",
		"5. Trung tâm học tập cộng đồng",
	)
}

// TestTheFundsPartsAreOfWhatTheyMakeUp: where every unit keeps its ledger
// here, the parts by means make up the fund raised: "Trong đó: …".
func TestTheFundsPartsAreOfWhatTheyMakeUp(t *testing.T) {
	r := sampleReport()
	r.Indicators["fund.raised"] = val(13400000, 12000000)
	_, out := mustDoc(t, r, DocOptions{})
	hasLines(t, out, "- Trong đó: bằng tiền hơn 3 triệu đồng; bằng công trình 10 triệu đồng.")
	lacks(t, out, "các đơn vị ghi sổ quỹ")
}

func TestDocumentLeavesOutFiguresWithoutData(t *testing.T) {
	r := sampleReport()
	delete(r.Indicators, "members.total")
	r.Indicators["fund.raised"] = Value{}
	r.Indicators["centers.total"] = Value{}
	d, out := mustDoc(t, r, DocOptions{})
	lacks(t, out, "Tổng số hội viên", "Quỹ khuyến học huy động được", "Hiện có", "Dòng họ học tập", "Số ban khuyến học là")
	hasLines(t, out, "- Số hội viên chiếm 18,53% dân số, so với cùng kỳ năm 2025 tăng 0,02 điểm phần trăm.")
	for _, s := range d.Sections[0].Sections[0].Sections {
		if s.Title == "Trung tâm học tập cộng đồng" {
			t.Error("a section without figures or text is kept")
		}
	}
}

func TestWriteXLSXOpensWithTheValues(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); len(got) != 2 || got[0] != vi.ReportSheetScope || got[1] != vi.ReportSheetChildren {
		t.Fatalf("sheets = %v", got)
	}
	// Printed, the figures' sheet is as wide as a landscape page with its
	// header repeated (LibreOffice printed it as ten portrait pages of the
	// code column alone); the children's, one column per indicator, runs
	// across pages at full size, each starting with the units' names.
	for _, c := range []struct {
		sheet, titles string
		fit           bool
	}{{vi.ReportSheetScope, "!$3:$3", true}, {vi.ReportSheetChildren, "!$A:$C,'" + vi.ReportSheetChildren + "'!$1:$1", false}} {
		layout, _ := x.GetPageLayout(c.sheet)
		titles := ""
		for _, n := range x.GetDefinedName() {
			if n.Name == "_xlnm.Print_Titles" && n.Scope == c.sheet {
				titles = n.RefersTo
			}
		}
		fits := layout.FitToWidth != nil && *layout.FitToWidth == 1
		if layout.Orientation == nil || *layout.Orientation != "landscape" || fits != c.fit || !strings.HasSuffix(titles, c.titles) {
			t.Errorf("%s printed: %+v, titles %q", c.sheet, layout, titles)
		}
	}
	rows, err := x.GetRows(vi.ReportSheetScope, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if rows[2][0] != vi.ReportColCode || rows[2][1] != vi.ReportColIndicator {
		t.Errorf("header = %v", rows[2])
	}
	found := false
	for _, r := range rows[3:] {
		if r[0] == "members.total" {
			found = true
			if r[1] != "Số hội viên" || r[3] != "1234567" || r[4] != "1222222" || r[5] != "12345" {
				t.Errorf("members.total row = %v", r)
			}
		}
	}
	if !found {
		t.Error("no members.total row")
	}
	kids, err := x.GetRows(vi.ReportSheetChildren, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(kids) != 5 || kids[1][2] != "Gia Lai" || kids[3][2] != "Đắk Lắk" {
		t.Fatalf("children sheet = %v", kids)
	}
	col := -1
	for i, h := range kids[0] {
		if h == "Số hội viên" {
			col = i
		}
	}
	if col < 0 || kids[1][col] != "280000" {
		t.Errorf("Gia Lai members = %v (col %d)", kids[1], col)
	}
}

func TestDocumentNamesOnlyTheTopChildrenOfALargeUnit(t *testing.T) {
	r := sampleReport()
	r.Children = nil
	for i := range 30 {
		r.Children = append(r.Children, Node{Scope: Scope{Level: "commune", Code: fmt.Sprintf("%05d", i), Name: fmt.Sprintf("Xã %d", i)},
			Indicators: map[string]Value{"agreements.partners": {Value: f(float64(i))}}})
	}
	d, out := mustDoc(t, r, DocOptions{})
	hasLines(t, out, "- Các đơn vị có nhiều đơn vị phối hợp nhất: Xã 29 (29 đơn vị); Xã 28 (28 đơn vị); Xã 27 (27 đơn vị); Xã 26 (26 đơn vị); Xã 25 (25 đơn vị).")
	d.Appendices = nil
	if strings.Contains(docText(d), "Xã 24") {
		t.Error("the text names more than the top five")
	}
}
