package document

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

func TestXLSXHoldsEachAppendixWithNumbersAsNumbers(t *testing.T) {
	var buf bytes.Buffer
	d := sample()
	if err := WriteXLSX(&buf, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 2 || sheets[0] != "Phụ lục 1. Số liệu hội viên" || !strings.HasPrefix(sheets[1], "Phụ lục 2. Số liệu các chỉ") {
		t.Fatalf("sheets: %q", sheets)
	}
	s := sheets[1]
	if v, _ := f.GetCellValue(s, "A1"); v != d.Appendices[1].Title {
		t.Errorf("A1 = %q", v)
	}
	// Caption on row 2, a blank row, the two header rows on 4 and 5, the
	// first province on 6.
	if v, _ := f.GetCellValue(s, "C4"); v != "Số liệu kỳ báo cáo" {
		t.Errorf("C4 = %q", v)
	}
	merged, _ := f.GetMergeCells(s)
	found := false
	for _, m := range merged {
		if m.GetStartAxis() == "C4" && m.GetEndAxis() == "P4" {
			found = true
		}
	}
	if !found {
		t.Errorf("the spanning header is not merged over its 14 columns: %v", merged)
	}
	if v, _ := f.GetCellValue(s, "B6"); v != "Thành phố Hà Nội" {
		t.Errorf("B6 = %q", v)
	}
	raw, _ := f.GetCellValue(s, "C6", excelize.Options{RawCellValue: true})
	typ, _ := f.GetCellType(s, "C6")
	if raw != "100000.3" || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("C6 is %q of type %v, want the number 100000.3", raw, typ)
	}
	// The figure shows as the document does: whole, with separators; a
	// ratio with two decimals.
	for cell, want := range map[string]string{"C6": "#,##0", "E6": "#,##0.00"} {
		id, _ := f.GetCellStyle(s, cell)
		st, _ := f.GetStyle(id)
		if st.CustomNumFmt == nil || *st.CustomNumFmt != want {
			t.Errorf("%s's format: %v, want %s", cell, st.CustomNumFmt, want)
		}
	}
	id, _ := f.GetCellStyle(s, "D5")
	if st, _ := f.GetStyle(id); st.Font == nil || !st.Font.Bold {
		t.Error("the header is not bold")
	}
	panes, _ := f.GetPanes(s)
	if !panes.Freeze || panes.YSplit != 5 || panes.XSplit != 2 {
		t.Errorf("panes: %+v", panes)
	}
	names := f.GetDefinedName()
	titles := false
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == s && strings.HasSuffix(n.RefersTo, "!$4:$5") {
			titles = true
		}
	}
	if !titles {
		t.Errorf("the header does not repeat on printed pages: %+v", names)
	}
	layout, _ := f.GetPageLayout(s)
	if layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
		t.Errorf("page layout: %+v", layout)
	}
}

func TestXLSXSheetNamesAreValidAndUnique(t *testing.T) {
	long := "Phụ lục 3. Số liệu các mô hình học tập: gia đình, dòng họ, cộng đồng [chi tiết]"
	d := Document{Appendices: []Appendix{{Title: long}, {Title: long}, {Title: ""}, {Title: "'x'"}}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	for _, n := range f.GetSheetList() {
		if len(utf16.Encode([]rune(n))) > 31 || strings.ContainsAny(n, `[]:*?/\`) || seen[strings.ToLower(n)] {
			t.Errorf("bad sheet name %q", n)
		}
		seen[strings.ToLower(n)] = true
	}
	if len(seen) != 4 {
		t.Errorf("sheets: %v", f.GetSheetList())
	}
}

func TestXLSXShowsAFigureAsTheDocumentDoes(t *testing.T) {
	for text, want := range map[string]string{
		"1.234.567":    "#,##0",
		"-12.345":      "#,##0",
		"18,53":        "#,##0.00",
		"24,37%":       `#,##0.00"%"`,
		"+12.345":      "+#,##0;-#,##0;0",
		"+1,44 điểm %": `+#,##0.00" điểm %";-#,##0.00" điểm %";0" điểm %"`,
		"65.000 đồng":  `#,##0" đồng"`,
	} {
		if got := numberFormat(text); got != want {
			t.Errorf("numberFormat(%q) = %s, want %s", text, got, want)
		}
	}
}
