package aggregate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

const header = "period,level,code,indicator,value\n"

var testNow = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// importFile writes content to a file named name and imports it.
func importFile(t *testing.T, db *store.DB, name, content string, opt Options) (Result, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if opt.Now.IsZero() {
		opt.Now = testNow
	}
	if opt.Actor == "" {
		opt.Actor = "tester"
	}
	return ImportFile(context.Background(), db, path, opt)
}

func mustImport(t *testing.T, db *store.DB, name, content string, opt Options) Result {
	t.Helper()
	res, err := importFile(t, db, name, content, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// storedValue reads one stored value of a unit given by level and code
// valid at the end of the period.
func storedValue(t *testing.T, db *store.DB, level, code, per, ind string) (float64, bool) {
	t.Helper()
	var v float64
	err := db.QueryRow(context.Background(), `SELECT a.value FROM aggregate_values a JOIN units u ON u.id = a.unit_id
		WHERE u.level = ? AND u.code = ? AND a.period = ? AND a.indicator = ?`, level, code, per, ind).Scan(&v)
	if err != nil {
		return 0, false
	}
	return v, true
}

func TestImportWritesNewValuesAndRecordsTheImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		data, err := os.ReadFile("testdata/contract-sample.csv")
		if err != nil {
			t.Fatal(err)
		}
		res := mustImport(t, db, "mau.csv", string(data), Options{Actor: "Nguyễn Văn A"})
		if res != (Result{Rows: 3, Inserted: 3}) {
			t.Fatalf("result %+v", res)
		}
		if v, ok := storedValue(t, db, "province", "66", "2024H1", "members.total"); !ok || v != 123456 {
			t.Errorf("members.total of province 66 = %v, %v", v, ok)
		}
		if v, ok := storedValue(t, db, "commune", "24611", "2024", "models.family.registered"); !ok || v != 812 {
			t.Errorf("commune 24611 = %v, %v", v, ok)
		}
		var kind, source, sum, actor, at string
		var total, changed int
		err = db.QueryRow(context.Background(), "SELECT kind, source, sha256, actor, rows_total, rows_changed, imported_at FROM imports").
			Scan(&kind, &source, &sum, &actor, &total, &changed, &at)
		if err != nil {
			t.Fatal(err)
		}
		if kind != "aggregates" || source != "mau.csv" || len(sum) != 64 || actor != "Nguyễn Văn A" || total != 3 || changed != 3 || at != "2026-01-15T09:00:00Z" {
			t.Errorf("imports row: %s %s %s %s %d %d %s", kind, source, sum, actor, total, changed, at)
		}
		// A first write is kept by its value row, with its import; the
		// history holds replacements only.
		if n := count(t, db, "aggregate_values WHERE import_id = (SELECT MAX(id) FROM imports)"); n != 3 || count(t, db, "aggregate_history") != 0 {
			t.Errorf("%d values name the import, want 3; history has %d rows, want none", n, count(t, db, "aggregate_history"))
		}
	})
}

// TestImportRejectsWholeFileOnBadRow checks each kind of bad row in a file
// whose other row is right: the message names the row and the column, and
// nothing at all is written.
func TestImportRejectsWholeFileOnBadRow(t *testing.T) {
	good := "2024H1,province,66,members.total,123456\n"
	cases := []struct {
		name  string
		row   string
		wants []string
	}{
		{"MalformedPeriod", "2024H3,province,66,members.total,1", []string{"dòng 3, cột period", `"2024H3" không hợp lệ`}},
		{"EmptyPeriod", ",province,66,members.total,1", []string{"dòng 3, cột period", "ô trống"}},
		{"UnknownLevel", "2024H1,region,66,members.total,1", []string{"dòng 3, cột level", `"region"`}},
		{"UnitUnknownForThePeriod", "2025,commune,00001,members.total,1", []string{"dòng 3, cột code", "không có đơn vị mã 00001 cấp xã vào ngày 31/12/2025"}},
		{"UnitNotYetExisting", "2025H1,commune,11948,members.total,1", []string{"dòng 3, cột code", "không có đơn vị mã 11948 cấp xã vào ngày 30/06/2025"}},
		{"ProvinceGoneAfterReform", "2026,province,64,members.total,1", []string{"dòng 3, cột code", "không có đơn vị mã 64 cấp tỉnh vào ngày 31/12/2026"}},
		{"DistrictAfterReform", "2025H2,district,001,members.total,1", []string{"dòng 3, cột code", "không còn cấp huyện"}},
		{"CodeOfWrongLevel", "2024H1,province,00004,members.total,1", []string{"dòng 3, cột code", "mã 00004 không phải mã cấp tỉnh vào ngày 30/06/2024"}},
		{"EmptyCode", "2024H1,province,,members.total,1", []string{"dòng 3, cột code", "ô trống"}},
		{"ClusterRow", "2024H1,cluster,6,members.total,1", []string{"dòng 3, cột level", "cụm thi đua"}},
		{"UnknownIndicator", "2024H1,province,66,members.unknown,1", []string{"dòng 3, cột indicator", `"members.unknown"`}},
		{"RatioIndicator", "2024H1,province,66,members.ratio,18.5", []string{"dòng 3, cột indicator", "là tỉ lệ", "«Số hội viên»", "«Dân số»"}},
		{"ValueNotANumber", "2024H1,province,66,fund.raised,12a", []string{`dòng 3, cột value: "12a" không phải là số`}},
		{"ValueEmpty", "2024H1,province,66,fund.raised,", []string{"dòng 3, cột value", "ô trống"}},
		{"ValueNegative", "2024H1,province,66,org.branches,-3", []string{"dòng 3, cột value", `"-3" là số âm`}},
		{"ValueNaN", "2024H1,province,66,org.boards,NaN", []string{"dòng 3, cột value", `"NaN" không phải là số`}},
		{"ValueInf", "2024H1,province,66,centers.total,Inf", []string{"dòng 3, cột value", `"Inf" không phải là số`}},
		{"ValueHuge", "2024H1,province,66,fund.raised,1e400", []string{"dòng 3, cột value", "quá lớn"}},
		{"ValueEnglishThousands", "2024H1,province,66,members.total,\"1,234,567\"", []string{"dòng 3, cột value", "kiểu tiếng Anh", "1.234.567"}},
		{"FractionOfPersons", "2024H1,province,66,population.total,2.5", []string{"dòng 3, cột value", "phải là số nguyên", "người"}},
		{"FractionOfHouseholds", "2024H1,province,66,population.households,10.5", []string{"dòng 3, cột value", "phải là số nguyên", "hộ"}},
		{"FractionOfCount", "2024H1,province,66,org.branches,1.5", []string{"dòng 3, cột value", "phải là số nguyên"}},
		{"FractionOfDong", "2024H1,province,66,fund.spent,1000.5", []string{"dòng 3, cột value", "phải là số nguyên", "đồng"}},
		{"SameKeyTwiceWithDifferentValues", "2024h1,province,66,members.total,123457", []string{"dòng 3, cột value", "Tỉnh Đắk Lắk, 6 tháng đầu năm 2024, «Số hội viên» đã có ở dòng 2 với giá trị 123.456, dòng này ghi 123.457"}},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := importFile(t, db, "a.csv", header+good+c.row+"\n", Options{})
				wants := append([]string{"tệp a.csv: 1 dòng lỗi, không ghi dữ liệu nào", "tệp a.csv, dòng 3"}, c.wants...)
				mustFail(t, err, wants...)
				if apperr.CodeOf(err) != apperr.Invalid {
					t.Errorf("code %q, want invalid", apperr.CodeOf(err))
				}
				if n := count(t, db, "aggregate_values"); n != 0 {
					t.Errorf("%d values written", n)
				}
				if n := count(t, db, "imports"); n != 0 {
					t.Errorf("%d imports recorded", n)
				}
			})
		}
	})
}

func TestImportReadsVietnameseNumbersInTextCells(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, err := importFile(t, db, "a.csv", header+"2024H1,province,66,centers.total,1.234\n2024H1,province,66,fund.raised,\"2 602 733 000\"\n2024H1,province,66,members.total,1.234.567\n", Options{})
		if err != nil {
			t.Fatal(err)
		}
		for ind, want := range map[string]float64{"centers.total": 1234, "fund.raised": 2602733000, "members.total": 1234567} {
			if v, ok := storedValue(t, db, "province", "66", "2024H1", ind); !ok || v != want {
				t.Errorf("%s = %v, %v; want %v", ind, v, ok, want)
			}
		}
	})
}

func TestImportRefusesAFractionOfACountByItsName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, err := importFile(t, db, "a.csv", header+"2024H1,province,66,centers.total,\"12,5\"\n", Options{})
		mustFail(t, err, "tệp a.csv, dòng 2, cột value", "chỉ tiêu «Số trung tâm học tập cộng đồng» là số đếm")
		if n := count(t, db, "aggregate_values"); n != 0 {
			t.Errorf("%d values written", n)
		}
	})
}

// TestImportRejectsMalformedFile covers faults of the whole file: nothing is
// written either.
func TestImportRejectsMalformedFile(t *testing.T) {
	cases := []struct {
		name, content string
		wants         []string
	}{
		{"Empty", "", []string{"tệp a.csv", "tệp trống"}},
		{"MissingColumn", "period,level,code,value\n2024H1,province,66,1\n", []string{"tệp a.csv, dòng 1", "thiếu cột indicator"}},
		{"NotUTF8", header + "2024H1,province,66,members.total,1\n2024H1,province,\xe166,members.total,1\n", []string{"tệp a.csv, dòng 3", "UTF-8"}},
		{"Ragged", header + "2024H1,province,66,members.total\n", []string{"tệp a.csv, dòng 2", "dòng có 4 ô"}},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := importFile(t, db, "a.csv", c.content, Options{})
				mustFail(t, err, c.wants...)
				if n := count(t, db, "aggregate_values") + count(t, db, "imports"); n != 0 {
					t.Errorf("%d rows written", n)
				}
			})
		}
	})
}

func TestImportReportsEveryBadRowAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		data, err := os.ReadFile("testdata/bad-rows.csv")
		if err != nil {
			t.Fatal(err)
		}
		_, err = importFile(t, db, "bad-rows.csv", string(data), Options{})
		mustFail(t, err, "tệp bad-rows.csv: 15 dòng lỗi, không ghi dữ liệu nào")
		var l *apperr.List
		if !errors.As(err, &l) {
			t.Fatalf("want *apperr.List, got %T", err)
		}
		for line := 3; line <= 17; line++ {
			want := "tệp bad-rows.csv, dòng " + strconv.Itoa(line) + ", cột "
			found := false
			for _, it := range l.Items {
				found = found || strings.HasPrefix(it.Error(), want)
			}
			if !found {
				t.Errorf("no error for line %d:\n%v", line, err)
			}
		}
		if n := count(t, db, "aggregate_values") + count(t, db, "imports"); n != 0 {
			t.Errorf("%d rows written", n)
		}
	})
}

func TestImportSameFileTwiceChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		data, _ := os.ReadFile("testdata/contract-sample.csv")
		first := mustImport(t, db, "mau.csv", string(data), Options{})
		second := mustImport(t, db, "mau.csv", string(data), Options{Now: testNow.Add(time.Hour)})
		if first.Inserted != 3 || second != (Result{Rows: 3, Unchanged: 3}) {
			t.Fatalf("first %+v, second %+v", first, second)
		}
		if n := count(t, db, "aggregate_history"); n != 0 {
			t.Errorf("history has %d rows, want none", n)
		}
		if n := count(t, db, "imports"); n != 1 {
			t.Errorf("%d imports recorded, want 1 (a run that changes nothing writes nothing)", n)
		}
		var at string
		db.QueryRow(context.Background(), "SELECT i.imported_at FROM aggregate_values v JOIN imports i ON i.id = v.import_id LIMIT 1").Scan(&at)
		if at != "2026-01-15T09:00:00Z" {
			t.Errorf("the value's import moved to %s", at)
		}
	})
}

func TestImportCorrectedValueReplacesOldAndKeepsItInHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, "v1.csv", header+"2024H1,province,66,members.total,123456\n2024H1,province,66,fund.raised,5000\n", Options{Actor: "tỉnh"})
		res := mustImport(t, db, "v2.csv", header+"2024H1,province,66,members.total,123999\n2024H1,province,66,fund.raised,5000\n2024H1,province,66,org.branches,12\n",
			Options{Actor: "trung ương", Now: testNow.Add(24 * time.Hour)})
		if res != (Result{Rows: 3, Inserted: 1, Updated: 1, Unchanged: 1}) {
			t.Fatalf("result %+v", res)
		}
		if v, _ := storedValue(t, db, "province", "66", "2024H1", "members.total"); v != 123999 {
			t.Errorf("value %v, want 123999", v)
		}
		var oldV, newV float64
		var actor, at string
		var importID, oldImportID, firstImport, lastImport int64
		err := db.QueryRow(context.Background(), "SELECT old_value, new_value, actor, changed_at, import_id, old_import_id FROM aggregate_history").
			Scan(&oldV, &newV, &actor, &at, &importID, &oldImportID)
		if err != nil {
			t.Fatal(err)
		}
		db.QueryRow(context.Background(), "SELECT MIN(id), MAX(id) FROM imports").Scan(&firstImport, &lastImport)
		if oldV != 123456 || newV != 123999 || actor != "trung ương" || at != "2026-01-16T09:00:00Z" || importID != lastImport || oldImportID != firstImport {
			t.Errorf("history: %v (import %d) → %v by %s at %s, import %d (first %d, last %d)", oldV, oldImportID, newV, actor, at, importID, firstImport, lastImport)
		}
		// The change only: the inserts are in their value rows.
		if n := count(t, db, "aggregate_history"); n != 1 {
			t.Errorf("history has %d rows, want 1", n)
		}
	})
}

func TestImportAcceptsXLSX(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := filepath.Join(t.TempDir(), "so-lieu.xlsx")
		writeXLSX(t, path, [][]any{
			{"period", "level", "code", "indicator", "value"},
			{"2024H1", "province", 66, "members.total", 123456},
			{"2026H1", "commune", 4, "fund.raised", 2500000},
		})
		res, err := ImportFile(context.Background(), db, path, Options{Actor: "x", Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 2 {
			t.Fatalf("result %+v", res)
		}
		if v, ok := storedValue(t, db, "commune", "00004", "2026H1", "fund.raised"); !ok || v != 2500000 {
			t.Errorf("commune 00004 (written 4) = %v, %v", v, ok)
		}
	})
}

func TestImportAcceptsByteOrderMark(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		res, err := ImportFile(context.Background(), db, "testdata/bom.csv", Options{Actor: "x", Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 1 {
			t.Fatalf("result %+v", res)
		}
	})
}

func TestImportDryRunWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, "v1.csv", header+"2024H1,province,66,members.total,1\n", Options{})
		res := mustImport(t, db, "v2.csv", header+"2024H1,province,66,members.total,2\n2024H1,province,66,org.branches,3\n", Options{DryRun: true})
		if res != (Result{Rows: 2, Inserted: 1, Updated: 1}) {
			t.Fatalf("result %+v", res)
		}
		if v, _ := storedValue(t, db, "province", "66", "2024H1", "members.total"); v != 1 {
			t.Errorf("value changed to %v by a dry run", v)
		}
		if n := count(t, db, "aggregate_values"); n != 1 {
			t.Errorf("%d values", n)
		}
		if n := count(t, db, "imports") + count(t, db, "aggregate_history"); n != 1 {
			t.Errorf("dry run recorded an import or history")
		}
	})
}

func TestImportResolvesCodesAtTheEndOfThePeriod(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// 52 is Bình Định until 30/06/2025 and the merged Gia Lai after.
		res := mustImport(t, db, "a.csv", header+
			"2025H1,province,52,members.total,100\n"+
			"2025,province,52,members.total,200\n"+
			"2025H1,commune,00001,members.total,5\n"+
			"2025,commune,11948,members.total,6\n", Options{})
		if res.Inserted != 4 {
			t.Fatalf("result %+v", res)
		}
		var n1, n2 string
		ctx := context.Background()
		db.QueryRow(ctx, "SELECT u.name FROM aggregate_values a JOIN units u ON u.id = a.unit_id WHERE a.period = '2025H1' AND u.level = 'province'").Scan(&n1)
		db.QueryRow(ctx, "SELECT u.name FROM aggregate_values a JOIN units u ON u.id = a.unit_id WHERE a.period = '2025' AND u.level = 'province'").Scan(&n2)
		if n1 != "Bình Định" || n2 != "Gia Lai" {
			t.Errorf("2025H1 → %q, 2025 → %q", n1, n2)
		}
	})
}

func TestImportAcceptsNationRowsAndRepeatedEqualRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		res := mustImport(t, db, "a.csv", header+
			"2024,nation,,members.total,17000000\n"+
			"2024,nation,VN,members.total,17000000\n"+
			"2024,province,1,members.total,900000\n", Options{})
		if res != (Result{Rows: 3, Inserted: 2, Unchanged: 1}) {
			t.Fatalf("result %+v", res)
		}
		if v, ok := storedValue(t, db, "nation", "", "2024", "members.total"); !ok || v != 17000000 {
			var code string
			db.QueryRow(context.Background(), "SELECT code FROM units WHERE level = 'nation'").Scan(&code)
			if v, ok = storedValue(t, db, "nation", code, "2024", "members.total"); !ok || v != 17000000 {
				t.Errorf("nation value %v, %v", v, ok)
			}
		}
		if _, ok := storedValue(t, db, "province", "01", "2024", "members.total"); !ok {
			t.Errorf("province written 1 was not stored as 01")
		}
	})
}

func TestImportRefreshesRollupsOfParents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// Communes 00004 (Ba Đình) and 00008 (Ngọc Hà) are in Hà Nội (01) after the reform.
		mustImport(t, db, "a.csv", header+
			"2026H1,commune,00004,members.total,100\n"+
			"2026H1,commune,00008,members.total,23\n", Options{})
		var v float64
		err := db.QueryRow(context.Background(), `SELECT r.value FROM rollup_values r JOIN units u ON u.id = r.unit_id
			WHERE u.level = 'province' AND u.code = '01' AND u.valid_from = '2025-07-01' AND r.period = '2026H1' AND r.indicator = 'members.total'`).Scan(&v)
		if err != nil {
			t.Fatalf("no roll-up for Hà Nội: %v", err)
		}
		if v < 123 {
			t.Errorf("Hà Nội roll-up %v, want at least 123", v)
		}
	})
}

// TestImportWritesEveryFateOfAMixedFile imports, over stored values, a file
// whose rows are out of the table's order (periods and units interleaved),
// with new values, replaced ones, equal ones and own figures side by side:
// every value is stored as the file says, each replacement has one history
// row with the value and import it replaced, and a second such import on
// the same connection works too (the temporary table of the first is gone).
func TestImportWritesEveryFateOfAMixedFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustImport(t, db, "v1.csv", header+
			"2024H1,province,66,members.total,100\n"+
			"2024H1,province,01,members.total,200\n"+
			"2024H2,province,66,members.total,300\n", Options{})
		file := "period,level,code,indicator,value,basis\n" +
			"2024H2,province,66,members.total,310,\n" + // replaced
			"2024H1,province,66,members.total,100,\n" + // equal
			"2024H2,province,01,members.total,400,\n" + // new
			"2024H1,province,01,members.total,210,\n" + // replaced
			"2024H1,province,66,members.total,7,own\n" + // new, own
			"2024H1,province,01,fund.raised,5000,\n" // new
		res := mustImport(t, db, "v2.csv", file, Options{Now: testNow.Add(time.Hour)})
		if res != (Result{Rows: 6, Inserted: 3, Updated: 2, Unchanged: 1}) {
			t.Fatalf("result %+v", res)
		}
		for _, w := range []struct {
			code, per, ind string
			v              float64
		}{{"66", "2024H2", "members.total", 310}, {"66", "2024H1", "members.total", 100}, {"01", "2024H2", "members.total", 400},
			{"01", "2024H1", "members.total", 210}, {"01", "2024H1", "fund.raised", 5000}} {
			var v float64
			err := db.QueryRow(ctx, `SELECT a.value FROM aggregate_values a JOIN units u ON u.id = a.unit_id
				WHERE u.level = 'province' AND u.code = ? AND a.period = ? AND a.indicator = ? AND a.basis = 'total'`, w.code, w.per, w.ind).Scan(&v)
			if err != nil || v != w.v {
				t.Errorf("%s %s %s: %v (%v), want %v", w.code, w.per, w.ind, v, err, w.v)
			}
		}
		var own float64
		if err := db.QueryRow(ctx, `SELECT a.value FROM aggregate_values a JOIN units u ON u.id = a.unit_id
			WHERE u.code = '66' AND u.level = 'province' AND a.period = '2024H1' AND a.basis = 'own'`).Scan(&own); err != nil || own != 7 {
			t.Errorf("own figure %v: %v", own, err)
		}
		rows, err := db.Query(ctx, `SELECT h.period, h.old_value, h.new_value, i.source, n.source FROM aggregate_history h
			JOIN imports i ON i.id = h.old_import_id JOIN imports n ON n.id = h.import_id ORDER BY h.period`)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var per, oldSrc, newSrc string
			var oldV, newV float64
			if err := rows.Scan(&per, &oldV, &newV, &oldSrc, &newSrc); err != nil {
				t.Fatal(err)
			}
			got = append(got, per+" "+strconv.FormatFloat(oldV, 'f', -1, 64)+" "+oldSrc+" → "+strconv.FormatFloat(newV, 'f', -1, 64)+" "+newSrc)
		}
		rows.Close()
		want := []string{"2024H1 200 v1.csv → 210 v2.csv", "2024H2 300 v1.csv → 310 v2.csv"}
		if strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Errorf("history:\n got %q\nwant %q", got, want)
		}
		res = mustImport(t, db, "v3.csv", header+"2024H2,province,66,members.total,320\n", Options{Now: testNow.Add(2 * time.Hour)})
		if res.Updated != 1 || count(t, db, "aggregate_history") != 3 {
			t.Errorf("third import %+v, history %d rows", res, count(t, db, "aggregate_history"))
		}
	})
}

// TestTwoImportsAtOnceEachWriteWhole runs two imports of the same values
// (every province's members for 2024H1, one file saying 1 and the other 2)
// at once: both succeed, one after the other, so every stored value is the
// same file's, the second replaced all of the first's (one history row
// each), and the nation's roll-up is the sum of the winner's values.
func TestTwoImportsAtOnceEachWriteWhole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rows, err := db.Query(ctx, "SELECT code FROM units WHERE level = 'province' AND valid_from <= '2024-06-30' AND valid_to >= '2024-06-30'")
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				t.Fatal(err)
			}
			codes = append(codes, c)
		}
		rows.Close()
		paths := make([]string, 2)
		for i := range paths {
			var b strings.Builder
			b.WriteString(header)
			for _, c := range codes {
				fmt.Fprintf(&b, "2024H1,province,%s,members.total,%d\n", c, i+1)
			}
			paths[i] = filepath.Join(t.TempDir(), fmt.Sprintf("f%d.csv", i+1))
			if err := os.WriteFile(paths[i], []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		errs := make(chan error, 2)
		for _, p := range paths {
			go func() {
				_, err := ImportFile(ctx, db, p, Options{Actor: "tester", Now: testNow})
				errs <- err
			}()
		}
		for range paths {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		var values, distinct int
		var winner float64
		if err := db.QueryRow(ctx, "SELECT COUNT(*), COUNT(DISTINCT value), MIN(value) FROM aggregate_values WHERE period = '2024H1'").Scan(&values, &distinct, &winner); err != nil {
			t.Fatal(err)
		}
		if values != len(codes) || distinct != 1 {
			t.Fatalf("%d values stored (%d distinct), want %d of one file", values, distinct, len(codes))
		}
		if h := count(t, db, "aggregate_history"); h != len(codes) {
			t.Errorf("%d history rows, want %d (the second import replaced every value of the first)", h, len(codes))
		}
		var nation float64
		if err := db.QueryRow(ctx, `SELECT r.value FROM rollup_values r JOIN units u ON u.id = r.unit_id
			WHERE u.level = 'nation' AND r.period = '2024H1' AND r.indicator = 'members.total'`).Scan(&nation); err != nil {
			t.Fatal(err)
		}
		if nation != winner*float64(len(codes)) {
			t.Errorf("nation's roll-up %v, want %v", nation, winner*float64(len(codes)))
		}
	})
}
