package aggregate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular/tabulartest"
)

// excelFile writes a workbook whose first sheet holds the header and rows,
// after fill has had its way with it (styles, formulas), and returns its
// path.
func excelFile(t *testing.T, rows [][]any, fill func(f *excelize.File, sheet string)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	all := append([][]any{{"period", "level", "code", "indicator", "value"}}, rows...)
	for i, row := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if fill != nil {
		fill(f, sheet)
	}
	path := filepath.Join(t.TempDir(), "excel.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportCountsExcelArithmeticNoiseAsTheWholeNumber(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := excelFile(t, [][]any{
			{"2024H1", "province", "66", "members.total", 30.000000000000004},
			{"2024H1", "province", "66", "fund.raised", 1500000000.0000002},
			{"2024H1", "province", "66", "population.households", 29.999999999999996},
		}, nil)
		res, err := ImportFile(context.Background(), db, path, Options{Actor: "x", Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 3 {
			t.Fatalf("result %+v", res)
		}
		for ind, want := range map[string]float64{"members.total": 30, "fund.raised": 1500000000, "population.households": 30} {
			if v, ok := storedValue(t, db, "province", "66", "2024H1", ind); !ok || v != want {
				t.Errorf("%s = %v, %v; want %v", ind, v, ok, want)
			}
		}
	})
}

func TestParseValueAllowsOnlyArithmeticNoiseForCounts(t *testing.T) {
	count, err := indicator.Default.Lookup("members.total")
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]float64{"30.000000000000004": 30, "29.9999999999": 30, "0.0000000001": 0, "7": 7} {
		if v, err := parseValue(s, count, true); err != nil || v != want {
			t.Errorf("%s: %v, %v; want %v", s, v, err, want)
		}
	}
	for _, s := range []string{"30.5", "30.00001", "0.001"} {
		if _, err := parseValue(s, count, true); err == nil || !strings.Contains(err.Error(), "số nguyên") && !strings.Contains(err.Error(), "nguyên") {
			t.Errorf("%s accepted for a count: %v", s, err)
		}
	}
}

func TestImportReadsAMonthExcelMadeADateAndRefusesADay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		july := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
		path := excelFile(t, [][]any{{july, "province", "66", "members.total", 5}}, func(f *excelize.File, sheet string) {
			style, _ := f.NewStyle(&excelize.Style{NumFmt: 17}) // mmm-yy: what Excel makes of a typed 2024-07
			f.SetCellStyle(sheet, "A2", "A2", style)
		})
		if _, err := ImportFile(context.Background(), db, path, Options{Actor: "x", Now: testNow}); err != nil {
			t.Fatal(err)
		}
		if v, ok := storedValue(t, db, "province", "66", "2024-07", "members.total"); !ok || v != 5 {
			t.Errorf("2024-07 = %v, %v", v, ok)
		}
		path = excelFile(t, [][]any{{july, "province", "66", "members.total", 6}}, func(f *excelize.File, sheet string) {
			code := "dd/mm/yyyy"
			style, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
			f.SetCellStyle(sheet, "A2", "A2", style)
		})
		_, err := ImportFile(context.Background(), db, path, Options{Actor: "x", Now: testNow})
		mustFail(t, err, "excel.xlsx, dòng 2, cột period", "ô này Excel đã đổi thành ngày 01/07/2024; hãy định dạng cột là văn bản")
		if strings.Contains(err.Error(), "45474") {
			t.Errorf("the message shows Excel's serial: %v", err)
		}
	})
}

func TestImportSaysAFormulaHasNoResultRatherThanAnEmptyCell(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := excelFile(t, [][]any{{"2024H1", "province", "66", "members.total"}}, func(f *excelize.File, sheet string) {
			f.SetCellFormula(sheet, "E2", "F2*3")
		})
		_, err := ImportFile(context.Background(), db, path, Options{Actor: "x", Now: testNow})
		mustFail(t, err, "excel.xlsx, dòng 2, cột value", "công thức (=F2*3) nhưng tệp không lưu kết quả tính")
		if strings.Contains(err.Error(), "ô trống") {
			t.Errorf("a formula called an empty cell: %v", err)
		}
		if n := count(t, db, "aggregate_values"); n != 0 {
			t.Errorf("%d values written", n)
		}
	})
}

func TestImportRefusesZipBombWritingNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := filepath.Join(t.TempDir(), "bom.xlsx")
		if err := os.WriteFile(path, tabulartest.ZipBomb(1<<30, 0), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ImportFile(context.Background(), db, path, Options{Actor: "x", Now: testNow})
		mustFail(t, err, "tệp bom.xlsx", "vượt giới hạn 256 MB", "bom nén")
		for _, table := range []string{"imports", "aggregate_values", "aggregate_history"} {
			if n := count(t, db, table); n != 0 {
				t.Errorf("%s has %d rows after a refused bomb", table, n)
			}
		}
	})
}

// A number cell holds a number, not a writing: 1.234 in a number cell is
// one and a bit (refused for a count), while the text "1.234" is a
// thousand and more, as people write it.
func TestImportReadsAnExcelNumberCellAsTheNumberItHolds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := excelFile(t, [][]any{{"2024H1", "province", "66", "members.total", 1.234}}, nil)
		_, err := ImportFile(context.Background(), db, path, Options{Actor: "x", Now: testNow})
		mustFail(t, err, "dòng 2, cột value", "phải là số nguyên")
		path = excelFile(t, [][]any{{"2024H1", "province", "66", "members.total", "1.234"}, {"2024H1", "province", "66", "centers.total", 1234}}, nil)
		if _, err := ImportFile(context.Background(), db, path, Options{Actor: "x", Now: testNow}); err != nil {
			t.Fatal(err)
		}
		for ind, want := range map[string]float64{"members.total": 1234, "centers.total": 1234} {
			if v, ok := storedValue(t, db, "province", "66", "2024H1", ind); !ok || v != want {
				t.Errorf("%s = %v, %v; want %v", ind, v, ok, want)
			}
		}
	})
}
