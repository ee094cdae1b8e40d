package tabular

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular/tabulartest"
)

// refused asserts that err is a user error whose text holds every one of
// wants.
func refused(t *testing.T, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", wants)
	}
	if c := apperr.CodeOf(err); c != apperr.Invalid {
		t.Errorf("code %q, want invalid: %v", c, err)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

var abc = []string{"a", "b", "c"}

// book builds a workbook with the XLSX library: fill writes the first
// sheet.
func book(t testing.TB, fill func(f *excelize.File, sheet string)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f, f.GetSheetName(0))
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func setRow(t testing.TB, f *excelize.File, sheet string, row int, vals ...any) {
	t.Helper()
	cell, _ := excelize.CoordinatesToCellName(1, row)
	if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
		t.Fatal(err)
	}
}

func TestReadXLSXRefusesZipBombFromItsDirectoryInLittleMemory(t *testing.T) {
	bomb := tabulartest.ZipBomb(1<<30, 0)
	if len(bomb) > 2<<20 {
		t.Fatalf("the bomb packs into %d bytes, want about 1 MB", len(bomb))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Read(bytes.NewReader(bomb), "bom.xlsx", abc)
	runtime.ReadMemStats(&after)
	refused(t, err, "tệp bom.xlsx", "xl/worksheets/sheet1.xml", "1.024 MB", "giới hạn 256 MB", "bom nén")
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 32<<20 {
		t.Errorf("refusing the bomb allocated %d MB", grown>>20)
	}
}

func TestReadXLSXRefusesZipBombWhoseDirectoryLiesWhileUnpacking(t *testing.T) {
	bomb := tabulartest.ZipBomb(1<<30, 100_000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Read(bytes.NewReader(bomb), "bom.xlsx", []string{"x"})
	runtime.ReadMemStats(&after)
	refused(t, err, "tệp bom.xlsx", "xl/worksheets/sheet1.xml", "khác kích thước")
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 32<<20 {
		t.Errorf("refusing the bomb allocated %d MB", grown>>20)
	}
}

func TestReadXLSXCountsUnpackedBytesAgainstItsLimits(t *testing.T) {
	// A sheet within the directory's limits but beyond the reader's own.
	bomb := tabulartest.ZipBomb(8<<20, 0)
	lim := DefaultLimits
	lim.Entry = 4 << 20
	_, err := Reader{Limits: lim}.Read(bytes.NewReader(bomb), "b.xlsx", abc)
	refused(t, err, "giải nén ra 8 MB, vượt giới hạn 4 MB cho một phần")
	lim = DefaultLimits
	lim.Unpacked = 4 << 20
	_, err = Reader{Limits: lim}.Read(bytes.NewReader(bomb), "b.xlsx", abc)
	refused(t, err, "giải nén ra hơn 4 MB, vượt giới hạn của cả tệp")
}

func TestReadXLSXStopsAtTheRowLimitWhileStreaming(t *testing.T) {
	rows := strings.Repeat(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`, 5000)
	lim := DefaultLimits
	lim.Rows = 1000
	_, err := Reader{Limits: lim}.Read(bytes.NewReader(tabulartest.Sheet(rows)), "b.xlsx", []string{"x"})
	refused(t, err, "tệp b.xlsx, dòng 1001", "hơn 1.000 dòng")
}

func TestReadXLSXRefusesEndlessTextInAPart(t *testing.T) {
	sheet := `<row r="1"><c t="inlineStr"><is><t>` + strings.Repeat("x", maxRun+10) + `</t></is></c></row>`
	_, err := Read(bytes.NewReader(tabulartest.Sheet(sheet)), "t.xlsx", abc)
	refused(t, err, "xl/worksheets/sheet1.xml", "đoạn liền dài hơn 1 MB")
}

func TestReadLimitsColumnsAndCellLength(t *testing.T) {
	lim := DefaultLimits
	lim.Cols, lim.Cell = 4, 5
	rd := Reader{Limits: lim}
	x := func(rows string) []byte { return tabulartest.Sheet(rows) }
	is := func(ref, s string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>` }
	cases := []struct {
		name  string
		data  []byte
		wants []string
	}{
		{"cols.csv", []byte("a,b,c\n1,2,3,4,5\n"), []string{"tệp cols.csv, dòng 2", "cột thứ 5, vượt giới hạn 4 cột"}},
		{"cols.xlsx", x(`<row r="1">` + is("A1", "a") + is("B1", "b") + is("C1", "c") + `</row><row r="2">` + is("XFD2", "1") + `</row>`),
			[]string{"tệp cols.xlsx, dòng 2", "cột thứ 16.384, vượt giới hạn 4 cột"}},
		{"cell.csv", []byte("a,b,c\n1,2,ôôôôôô\n"), []string{"tệp cell.csv, dòng 2, cột c", "ô dài 6 ký tự, vượt giới hạn 5 ký tự"}},
		{"cell.xlsx", x(`<row r="1">` + is("A1", "a") + is("B1", "b") + is("C1", "c") + `</row><row r="2">` + is("A2", "1") + is("B2", "123456") + `</row>`),
			[]string{"tệp cell.xlsx, dòng 2, cột b", "ô dài 6 ký tự"}},
	}
	for _, c := range cases {
		_, err := rd.Read(bytes.NewReader(c.data), c.name, abc)
		refused(t, err, c.wants...)
	}
	// A long cell in a column not read is no fault.
	if _, err := rd.Read(strings.NewReader("a,b,c,note\n1,2,3,ghi chú dài\n"), "n.csv", abc); err != nil {
		t.Errorf("long note refused: %v", err)
	}
}

func TestReadCSVRefusesEndlessLineAndTooManyRows(t *testing.T) {
	lim := DefaultLimits
	lim.Line, lim.Rows = 100, 3
	rd := Reader{Limits: lim}
	_, err := rd.Read(strings.NewReader("a,b,c\n1,2,"+strings.Repeat("9", 200)+"\n"), "l.csv", abc)
	refused(t, err, "tệp l.csv, dòng 2", "dòng dài hơn 100 byte")
	_, err = rd.Read(strings.NewReader("a,b,c\n1,2,3\n1,2,3\n1,2,3\n"), "r.csv", abc)
	refused(t, err, "tệp r.csv, dòng 4", "hơn 3 dòng")
}

func TestReadCSVStreamsCharactersSplitBetweenReads(t *testing.T) {
	// Vietnamese text long enough to cross every buffer, read one byte at
	// a time and in odd pieces, then a bad byte far down.
	var b strings.Builder
	b.WriteString("a,b,c\n")
	for i := 0; i < 3000; i++ {
		b.WriteString("Đồng Tháp,Hà Nội,Thừa Thiên Huế\n")
	}
	recs, err := Read(io.MultiReader(strings.NewReader(b.String()[:4097]), strings.NewReader(b.String()[4097:])), "v.csv", abc)
	if err != nil || len(recs) != 3000 || recs[2999].Fields[2] != "Thừa Thiên Huế" {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	bad := b.String() + "x,y,\xe1z\n"
	_, err = Read(strings.NewReader(bad), "v.csv", abc)
	refused(t, err, "tệp v.csv, dòng 3002", "không phải văn bản UTF-8")
}

func TestReadXLSXFromAPlainStream(t *testing.T) {
	data := tabulartest.Sheet(`<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c><c t="inlineStr"><is><t>c</t></is></c></row>` +
		`<row r="2"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>`)
	recs, err := Read(io.MultiReader(bytes.NewReader(data)), "s.xlsx", abc)
	if err != nil || len(recs) != 1 || strings.Join(recs[0].Fields, ",") != "1,2,3" || recs[0].Line != 2 {
		t.Fatalf("records %+v, %v", recs, err)
	}
}

func TestReadXLSXReadsAMonthThatExcelMadeADateAsThatMonth(t *testing.T) {
	data := book(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, "a", "b", "c")
		setRow(t, f, sheet, 2, time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), "province", 5)
		setRow(t, f, sheet, 3, time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC), "province", 6)
		monthYear, _ := f.NewStyle(&excelize.Style{NumFmt: 17}) // mmm-yy, as Excel formats a typed 2024-07
		custom := "mm/yyyy"
		mmYYYY, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
		f.SetCellStyle(sheet, "A2", "A2", monthYear)
		f.SetCellStyle(sheet, "A3", "A3", mmYYYY)
	})
	recs, err := Read(bytes.NewReader(data), "d.xlsx", abc)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Fields[0] != "2024-07" || recs[1].Fields[0] != "2024-12" {
		t.Errorf("records %+v", recs)
	}
}

func TestReadXLSXRefusesADateCellNamingTheDateExcelShows(t *testing.T) {
	data := book(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, "a", "b", "c")
		setRow(t, f, sheet, 2, time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), "province", 5)
		custom := "dd/mm/yyyy"
		style, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
		f.SetCellStyle(sheet, "A2", "A2", style)
		setRow(t, f, sheet, 3, 45474, "province", 5)
		builtin, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // the short date
		f.SetCellStyle(sheet, "A3", "A3", builtin)
	})
	_, err := Read(bytes.NewReader(data), "d.xlsx", abc)
	refused(t, err, "tệp d.xlsx, dòng 2, cột a: ô này Excel đã đổi thành ngày 01/07/2024; hãy định dạng cột là văn bản",
		"tệp d.xlsx, dòng 3, cột a: ô này Excel đã đổi thành ngày 01/07/2024")
}

func TestReadXLSXSaysAFormulaHasNoStoredResult(t *testing.T) {
	data := book(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, "a", "b", "c")
		setRow(t, f, sheet, 2, "2024H1", "province")
		f.SetCellFormula(sheet, "C2", "SUM(D2:D9)")
		setRow(t, f, sheet, 3, "2024H1", "province", 7)
	})
	_, err := Read(bytes.NewReader(data), "f.xlsx", abc)
	refused(t, err, "tệp f.xlsx, dòng 2, cột c", "công thức (=SUM(D2:D9)) nhưng tệp không lưu kết quả tính")
	if strings.Contains(err.Error(), "ô trống") {
		t.Errorf("a formula called an empty cell: %v", err)
	}
}

func TestReadXLSXReadsStoredFormulaResultsAndNamesErrorValues(t *testing.T) {
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c></row>` +
		`<row r="2"><c r="A2" t="str"><f>"2024"&amp;"H1"</f><v>2024H1</v></c><c r="B2"><f>1+1</f><v>30.000000000000004</v></c><c r="C2" t="inlineStr"><is><r><t>x</t></r><r><t>y</t></r></is></c></row>`
	recs, err := Read(bytes.NewReader(tabulartest.Sheet(rows)), "r.xlsx", abc)
	if err != nil || len(recs) != 1 || strings.Join(recs[0].Fields, ",") != "2024H1,30.000000000000004,xy" {
		t.Fatalf("records %+v, %v", recs, err)
	}
	rows += `<row r="3"><c r="A3" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>`
	_, err = Read(bytes.NewReader(tabulartest.Sheet(rows)), "r.xlsx", abc)
	refused(t, err, "tệp r.xlsx, dòng 3, cột a", "lỗi công thức #DIV/0!")
}

func TestReadXLSXRefusesMergedCellsOverAColumnRead(t *testing.T) {
	data := book(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, "a", "b", "c", "ghi chú")
		setRow(t, f, sheet, 2, "2024H1", "province", 1, "x")
		setRow(t, f, sheet, 3, "", "province", 2)
		f.MergeCell(sheet, "A2", "A3")
		f.MergeCell(sheet, "D2", "D3") // over a note: no harm
	})
	_, err := Read(bytes.NewReader(data), "m.xlsx", abc)
	refused(t, err, "tệp m.xlsx, dòng 2, cột a", "các ô A2:A3 được gộp")
	if strings.Contains(err.Error(), "D2") {
		t.Errorf("merged note cells refused: %v", err)
	}
}

func TestReadXLSXReadsTheFirstSheetOrRefusesSeveralWhenAsked(t *testing.T) {
	data := book(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, "a", "b", "c")
		setRow(t, f, sheet, 2, 1, 2, 3)
		f.NewSheet("Ghi chú")
		f.NewSheet("Cũ")
	})
	recs, err := Read(bytes.NewReader(data), "s.xlsx", abc)
	if err != nil || len(recs) != 1 {
		t.Fatalf("first sheet: %+v, %v", recs, err)
	}
	_, err = Reader{Limits: DefaultLimits, OneSheet: true}.Read(bytes.NewReader(data), "s.xlsx", abc)
	refused(t, err, "tệp s.xlsx", "tệp Excel có 3 trang tính; hãy để dữ liệu trong một trang tính duy nhất")
}

func TestReadXLSXOfTheLibraryReadsSharedStringsAndNumbers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.xlsx")
	f := excelize.NewFile()
	setRow(t, f, "Sheet1", 1, "A", "b", "C", "ghi chú")
	setRow(t, f, "Sheet1", 3, "Hà Nội", 1234567, 0.5, "x")
	setRow(t, f, "Sheet1", 4, "Huế", nil, true)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var buf bytes.Buffer
	data, _ := excelize.OpenFile(path)
	data.WriteTo(&buf)
	data.Close()
	recs, err := Read(bytes.NewReader(buf.Bytes()), "b.xlsx", abc)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Line != 3 || strings.Join(recs[0].Fields, "|") != "Hà Nội|1234567|0.5" ||
		strings.Join(recs[1].Fields, "|") != "Huế||TRUE" {
		t.Errorf("records %+v", recs)
	}
}

func TestFormatDateTellsMonthsFromDays(t *testing.T) {
	for code, want := range map[string]dateKind{
		"mmm-yy": dateMonth, "mm/yyyy": dateMonth, `[$-42A]mmmm\ yyyy`: dateMonth, "yyyy": dateMonth,
		"dd/mm/yyyy": dateDay, "h:mm": dateDay, "[h]:mm:ss": dateDay, "d-mmm": dateDay,
		"General": notDate, "#,##0": notDate, `0.00E+00`: notDate, `#,##0 "đồng"`: notDate, `[Red]0.00`: notDate, `0;[Red]-0`: notDate,
	} {
		if got := formatDate(code); got != want {
			t.Errorf("format %q: %d, want %d", code, got, want)
		}
	}
}

func TestExcelTimeCountsBothDateSystems(t *testing.T) {
	for _, c := range []struct {
		serial float64
		d1904  bool
		want   string
	}{{45474, false, "2024-07-01"}, {1, false, "1900-01-01"}, {59, false, "1900-02-28"}, {61, false, "1900-03-01"}, {44012, true, "2024-07-01"}} {
		got, ok := excelTime(c.serial, c.d1904)
		if !ok || got.Format("2006-01-02") != c.want {
			t.Errorf("serial %v (1904: %v): %v, want %s", c.serial, c.d1904, got, c.want)
		}
	}
}

func TestReadRefusesBrokenWorkbooksAsSuch(t *testing.T) {
	for name, data := range map[string][]byte{
		"not a zip":    []byte("PK\x03\x04not really a zip"),
		"bad xml":      tabulartest.Sheet(`<row r="1"><c`),
		"bad string":   tabulartest.Sheet(`<row r="1"><c t="s"><v>7</v></c></row>`),
		"no workbook":  tabulartest.Zip([]tabulartest.Part{{Name: "a.txt", Data: []byte("x")}}),
		"bad cell ref": tabulartest.Sheet(`<row r="1"><c r="1A"><v>1</v></c></row>`),
	} {
		_, err := Read(bytes.NewReader(data), "h.xlsx", abc)
		if err == nil || apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "tệp h.xlsx") {
			t.Errorf("%s: %v", name, err)
		}
		var l *apperr.List
		if errors.As(err, &l) {
			t.Errorf("%s: a whole-file fault reported as rows: %v", name, err)
		}
	}
}

// BenchmarkRefuseZipBomb measures how long a 1 MB workbook whose sheet
// unpacks to 1 GiB takes to be refused, and what it allocates.
func BenchmarkRefuseZipBomb(b *testing.B) {
	for _, c := range []struct {
		name     string
		declared int64
	}{{"honest", 0}, {"lying", 100_000}} {
		bomb := tabulartest.ZipBomb(1<<30, c.declared)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := Read(bytes.NewReader(bomb), "bom.xlsx", []string{"x"}); err == nil {
					b.Fatal("bomb accepted")
				}
			}
		})
	}
}

func TestReadXLSXReadsDateCellsAsDaysInColumnsThatTakeThem(t *testing.T) {
	data := book(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, "a", "b", "c")
		setRow(t, f, sheet, 2, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), "x", time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))
		code := "dd/mm/yyyy"
		day, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		month, _ := f.NewStyle(&excelize.Style{NumFmt: 17})
		f.SetCellStyle(sheet, "A2", "A2", day)
		f.SetCellStyle(sheet, "C2", "C2", month)
	})
	recs, err := Reader{Dates: []string{"a", "c"}}.Read(bytes.NewReader(data), "d.xlsx", abc)
	if err != nil || len(recs) != 1 || strings.Join(recs[0].Fields, ",") != "2025-07-01,x,2025-07-01" {
		t.Fatalf("records %+v, %v", recs, err)
	}
	_, err = Read(bytes.NewReader(data), "d.xlsx", abc)
	refused(t, err, "tệp d.xlsx, dòng 2, cột a: ô này Excel đã đổi thành ngày 01/07/2025")
}

// TestReadPassesOverATitleBlockAboveTheHeader: an officer's sheet often
// opens with its association and title (merged across the table) and a
// blank row; the header is the first row that names every column asked
// for, and the rows above it are not data. A file without such a row in
// its first rows is refused naming its first row, as before, and reads
// none of its rows as a header.
func TestReadPassesOverATitleBlockAboveTheHeader(t *testing.T) {
	data := book(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, "HỘI KHUYẾN HỌC PHƯỜNG BA ĐÌNH")
		setRow(t, f, sheet, 2, "DANH SÁCH HỘI VIÊN")
		f.MergeCell(sheet, "A1", "D1")
		f.MergeCell(sheet, "A2", "D2")
		setRow(t, f, sheet, 4, "STT", "c", "A", "b")
		setRow(t, f, sheet, 5, 1, 3, 1, 2)
		setRow(t, f, sheet, 6, 2, 6, 4, 5)
	})
	recs, err := Read(bytes.NewReader(data), "t.xlsx", abc)
	if err != nil || len(recs) != 2 || recs[0].Line != 5 || strings.Join(recs[1].Fields, ",") != "4,5,6" {
		t.Fatalf("under a title: %+v, %v", recs, err)
	}
	csv := "Hội Khuyến học phường Ba Đình,,\nDanh sách,,\n,,\na,b,c\n1,2,3\n"
	recs, err = Read(strings.NewReader(csv), "t.csv", abc)
	if err != nil || len(recs) != 1 || recs[0].Line != 5 {
		t.Fatalf("a CSV under a title: %+v, %v", recs, err)
	}
	// No header in the first rows: the first row is named, as it was.
	_, err = Read(strings.NewReader("Danh sách,,\na,b,x\n1,2,3\n"), "t.csv", abc)
	refused(t, err, "tệp t.csv, dòng 1", "thiếu cột a, b, c")
}
