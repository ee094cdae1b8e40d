package aggregate

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

func parseFile(t *testing.T, name string) ([]Row, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Parse(f, name)
}

// mustFail asserts that err is a user error (code Invalid) whose text holds
// every one of wants.
func mustFail(t *testing.T, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", wants)
	}
	if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.NotFound {
		t.Errorf("code %q, want invalid: %v", c, err)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

func TestParseReadsContractSample(t *testing.T) {
	rows, err := parseFile(t, "contract-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Line: 2, Period: "2024H1", Level: "province", Code: "66", Indicator: "members.total", Value: "123456"},
		{Line: 3, Period: "2024H1", Level: "province", Code: "66", Indicator: "population.total", Value: "1900000"},
		{Line: 4, Period: "2024", Level: "commune", Code: "24611", Indicator: "models.family.registered", Value: "812"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d: got %+v, want %+v", i, rows[i], want[i])
		}
	}
}

func TestParseAcceptsByteOrderMarkAndCRLF(t *testing.T) {
	rows, err := parseFile(t, "bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Period != "2024H1" || rows[0].Value != "123456" {
		t.Fatalf("got %+v", rows)
	}
}

func TestParseAcceptsColumnsInAnyOrderAndIgnoresExtraColumns(t *testing.T) {
	rows, err := parseFile(t, "any-order-extra.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := Row{Line: 2, Period: "2024H1", Level: "province", Code: "66", Indicator: "members.total", Value: "123456"}
	if len(rows) != 1 || rows[0] != want {
		t.Fatalf("got %+v, want %+v", rows, want)
	}
}

func TestParseRejectsEmptyFile(t *testing.T) {
	_, err := parseFile(t, "empty.csv")
	mustFail(t, err, "tệp empty.csv", "tệp trống")
}

func TestParseRejectsHeaderWithoutRows(t *testing.T) {
	_, err := parseFile(t, "header-only.csv")
	mustFail(t, err, "tệp header-only.csv", "không có dữ liệu")
}

func TestParseRejectsMissingColumn(t *testing.T) {
	_, err := parseFile(t, "missing-column.csv")
	mustFail(t, err, "tệp missing-column.csv, dòng 1", "thiếu cột indicator")
}

func TestParseRejectsDuplicateColumn(t *testing.T) {
	_, err := Parse(strings.NewReader("period,level,code,indicator,value,Value\n2024,nation,,members.total,1,2\n"), "d.csv")
	mustFail(t, err, "tệp d.csv, dòng 1", "cột value có hai lần")
}

func TestParseRejectsNonUTF8AndSuggestsCSVUTF8(t *testing.T) {
	_, err := parseFile(t, "latin1.csv")
	mustFail(t, err, "tệp latin1.csv, dòng 3", "không phải văn bản UTF-8", `"CSV UTF-8`)
}

func TestParseRejectsUTF16(t *testing.T) {
	_, err := parseFile(t, "utf16.csv")
	mustFail(t, err, "tệp utf16.csv", "UTF-16", `"CSV UTF-8`)
}

func TestParseRejectsRaggedRowsNamingEach(t *testing.T) {
	_, err := parseFile(t, "ragged.csv")
	mustFail(t, err, "tệp ragged.csv: 2 dòng lỗi, không ghi dữ liệu nào",
		"tệp ragged.csv, dòng 3: dòng có 4 ô nhưng dòng tiêu đề có 5 cột",
		"tệp ragged.csv, dòng 4: dòng có 6 ô nhưng dòng tiêu đề có 5 cột")
	var l *apperr.List
	if !errors.As(err, &l) || len(l.Items) != 2 {
		t.Errorf("want a list of 2 items, got %#v", err)
	}
}

func TestParseRejectsSemicolonSeparatedFile(t *testing.T) {
	_, err := parseFile(t, "semicolon.csv")
	mustFail(t, err, "tệp semicolon.csv, dòng 1", "dấu chấm phẩy")
}

func TestParseRejectsUnbalancedQuote(t *testing.T) {
	_, err := parseFile(t, "bad-quote.csv")
	mustFail(t, err, "tệp bad-quote.csv, dòng 2", "dấu ngoặc kép")
}

func TestParseSkipsBlankLinesAndKeepsLineNumbers(t *testing.T) {
	in := "period,level,code,indicator,value\n\n2024,nation,,members.total,5\n,,,,\n2024,province,66,members.total,1\n"
	rows, err := Parse(strings.NewReader(in), "b.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Line != 3 || rows[1].Line != 5 {
		t.Fatalf("got %+v", rows)
	}
}

// writeXLSX builds an XLSX file whose first sheet holds cells, row by row.
func writeXLSX(t testing.TB, path string, cells [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, row := range cells {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	// A second sheet must be ignored.
	if _, err := f.NewSheet("Ghi chú"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestParseReadsFirstSheetOfXLSX(t *testing.T) {
	path := filepath.Join(t.TempDir(), "so-lieu.xlsx")
	writeXLSX(t, path, [][]any{
		{"Period", "level", "code", "indicator", "value"},
		{"2024H1", "province", 66, "members.total", 123456},
		{"2024H1", "province", "66", "fund.raised", 1500000000},
		{},
		{2024, "nation"}, // trailing empty cells are dropped by the sheet, not a ragged row
	})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := Parse(bytes.NewReader(data), "so-lieu.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Line: 2, Period: "2024H1", Level: "province", Code: "66", Indicator: "members.total", Value: "123456"},
		{Line: 3, Period: "2024H1", Level: "province", Code: "66", Indicator: "fund.raised", Value: "1500000000"},
		{Line: 5, Period: "2024", Level: "nation"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %+v", rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d: got %+v, want %+v", i, rows[i], want[i])
		}
	}
}

func TestParseRejectsCorruptXLSX(t *testing.T) {
	_, err := Parse(strings.NewReader("PK\x03\x04not really a zip"), "hong.xlsx")
	mustFail(t, err, "tệp hong.xlsx", "không đọc được tệp Excel")
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"contract-sample.csv", "bom.csv", "ragged.csv", "latin1.csv", "bad-quote.csv", "any-order-extra.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(""))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("period,level,code,indicator,value\n\"a\nb\",x,y,z,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := Parse(bytes.NewReader(data), "f.csv")
		if err == nil && len(rows) == 0 {
			t.Fatal("no error and no rows")
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error text")
		}
		for _, r := range rows {
			if r.Line < 2 {
				t.Fatalf("row at line %d", r.Line)
			}
		}
	})
}
