package aggregate

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// storedBasis reads the stored value of one basis of a unit given by level
// and code.
func storedBasis(t *testing.T, db *store.DB, level, code, per, ind, basis string) (float64, bool) {
	t.Helper()
	var v float64
	err := db.QueryRow(context.Background(), `SELECT a.value FROM aggregate_values a JOIN units u ON u.id = a.unit_id
		WHERE u.level = ? AND u.code = ? AND a.period = ? AND a.indicator = ? AND a.basis = ?`, level, code, per, ind, basis).Scan(&v)
	if err != nil {
		return 0, false
	}
	return v, true
}

// twoCommunes are two communes of Đắk Lắk (66) after the reform.
func twoCommunes(t *testing.T, db *store.DB) (*units.Tree, *units.Unit, []*units.Unit) {
	t.Helper()
	tree, err := units.LoadTree(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	end := period.MustParse("2026H1").End()
	prov, err := tree.Resolve(units.Province, "66", end)
	if err != nil {
		t.Fatal(err)
	}
	cs := tree.Children(prov.ID, end)
	if len(cs) < 2 {
		t.Fatalf("province 66 has %d communes", len(cs))
	}
	return tree, prov, cs[:2]
}

func TestImportKeepsATotalAndAnOwnFigureOfTheSameUnitAndTheReportGivesBoth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tree, _, cs := twoCommunes(t, db)
		file := "period,level,code,indicator,value,basis\n" +
			"2026H1,province,66,fund.raised,500,own\n" +
			"2026H1,commune," + cs[0].Code + ",fund.raised,1000,\n" +
			"2026H1,commune," + cs[1].Code + ",fund.raised,2000,total\n" +
			"2026H1,province,66,agreements.partners,40,total\n" +
			"2026H1,province,66,agreements.partners,6,Riêng\n"
		res := mustImport(t, db, "so-lieu.csv", file, Options{})
		if res != (Result{Rows: 5, Inserted: 5}) {
			t.Fatalf("result %+v", res)
		}
		if v, ok := storedBasis(t, db, "province", "66", "2026H1", "fund.raised", "own"); !ok || v != 500 {
			t.Errorf("own fund of province 66 = %v, %v", v, ok)
		}
		if _, ok := storedBasis(t, db, "province", "66", "2026H1", "fund.raised", "total"); ok {
			t.Error("the own row was stored as a total")
		}
		rep, err := report.BuildWith(context.Background(), db, tree, units.Ref{Level: units.Province, Code: "66"}, period.MustParse("2026H1"))
		if err != nil {
			t.Fatal(err)
		}
		wantReport := func(code string, value, own float64) {
			t.Helper()
			v := rep.Indicators[code]
			if v.Value == nil || *v.Value != value || v.Own == nil || *v.Own != own {
				t.Errorf("%s: value %v own %v, want %v and %v", code, v.Value, v.Own, value, own)
			}
		}
		wantReport("fund.raised", 3500, 500)
		wantReport("agreements.partners", 40, 6)
		var js strings.Builder
		if err := report.WriteJSON(&js, rep); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(js.String(), `"fund.raised": {"value": 3500, "previous": null, "change": null, "change_pct": null, "own": 500}`) {
			t.Errorf("JSON lacks the own part:\n%s", js.String())
		}
		if strings.Count(js.String(), `"own"`) != 2 {
			t.Errorf("JSON gives \"own\" where none was recorded:\n%s", js.String())
		}

		// The same file again changes nothing; a corrected own figure
		// replaces the own figure only, and the history says which.
		if res := mustImport(t, db, "so-lieu.csv", file, Options{}); res != (Result{Rows: 5, Unchanged: 5}) {
			t.Errorf("again: %+v", res)
		}
		mustImport(t, db, "sua.csv", "period,level,code,indicator,value,basis\n2026H1,province,66,agreements.partners,8,own\n",
			Options{Now: testNow.Add(time.Hour), Actor: "tỉnh"})
		if v, _ := storedBasis(t, db, "province", "66", "2026H1", "agreements.partners", "total"); v != 40 {
			t.Errorf("total partners %v, want 40 untouched", v)
		}
		prov, _ := tree.Resolve(units.Province, "66", period.MustParse("2026H1").End())
		h, err := HistoryOf(context.Background(), db, tree, auth.LocalAdmin("admin"), prov.ID, period.MustParse("2026H1"), "agreements.partners")
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Changes) != 3 {
			t.Fatalf("%d changes, want the total's write, the own figure's first write and its correction: %+v", len(h.Changes), h.Changes)
		}
		tot, first, fix := h.Changes[0], h.Changes[1], h.Changes[2]
		if tot.Basis != rollup.Total || tot.New != 40 || tot.Old != nil {
			t.Errorf("first change %+v, want the total 40", tot)
		}
		if first.Basis != rollup.Own || first.New != 6 || first.Source != "so-lieu.csv" {
			t.Errorf("second change %+v, want the own 6 of so-lieu.csv", first)
		}
		if fix.Basis != rollup.Own || fix.Old == nil || *fix.Old != 6 || fix.New != 8 || fix.Source != "sua.csv" || fix.Actor != "tỉnh" {
			t.Errorf("last change %+v, want own 6 → 8 by sua.csv", fix)
		}
		var basis string
		if err := db.QueryRow(context.Background(), "SELECT basis FROM aggregate_history").Scan(&basis); err != nil || basis != "own" {
			t.Errorf("history row's basis %q (%v), want own", basis, err)
		}
	})
}

func TestImportRefusesABadBasisNamingRowAndColumnAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		file := "period,level,code,indicator,value,basis\n" +
			"2026H1,province,66,fund.raised,500,own\n" +
			"2026H1,province,66,fund.spent,100,riengg\n" +
			"2026H1,province,66,members.total,10,both\n"
		_, err := importFile(t, db, "a.csv", file, Options{})
		mustFail(t, err, "tệp a.csv: 2 dòng lỗi, không ghi dữ liệu nào", "dòng 3, cột basis", `"riengg"`, "dòng 4, cột basis", `"both"`, "own")
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

func TestParseBasisTakesTheMachineAndVietnameseNames(t *testing.T) {
	for _, c := range []struct {
		in   string
		want rollup.Basis
	}{
		{"", rollup.Total}, {"total", rollup.Total}, {"TOTAL", rollup.Total}, {"Toàn bộ", rollup.Total},
		{"tổng", rollup.Total}, {"Tổng số", rollup.Total}, {"toan don vi", rollup.Total},
		{"own", rollup.Own}, {"riêng", rollup.Own}, {"Rieng", rollup.Own}, {"Số liệu riêng", rollup.Own}, {"hội cấp này", rollup.Own},
	} {
		got, err := ParseBasis(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseBasis(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"all", "ownn", "1", "tổng cộng riêng"} {
		if _, err := ParseBasis(bad); err == nil {
			t.Errorf("ParseBasis(%q) accepted", bad)
		}
	}
}

func TestImportReadsTheBasisUnderItsVietnameseHeaderInAWorkbook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := filepath.Join(t.TempDir(), "so-lieu.xlsx")
		writeXLSX(t, path, [][]any{
			{"period", "level", "code", "indicator", "value", "Cơ sở số liệu"},
			{"2026H1", "province", "66", "fund.raised", 500, "riêng"},
			{"2026H1", "province", "66", "fund.spent", 300, "toàn bộ"},
		})
		if _, err := ImportFile(context.Background(), db, path, Options{Actor: "tester", Now: testNow}); err != nil {
			t.Fatal(err)
		}
		if v, ok := storedBasis(t, db, "province", "66", "2026H1", "fund.raised", "own"); !ok || v != 500 {
			t.Errorf("own fund %v, %v", v, ok)
		}
		if v, ok := storedBasis(t, db, "province", "66", "2026H1", "fund.spent", "total"); !ok || v != 300 {
			t.Errorf("total spent %v, %v", v, ok)
		}
	})
}

func TestRowsRepeatingAFigureOfTheSameBasisMustAgree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		file := "period,level,code,indicator,value,basis\n" +
			"2026H1,province,66,fund.raised,500,own\n" +
			"2026H1,province,66,fund.raised,900,\n" +
			"2026H1,province,66,fund.raised,600,riêng\n"
		_, err := importFile(t, db, "a.csv", file, Options{})
		mustFail(t, err, "1 dòng lỗi", "dòng 4, cột value", "dòng 2")
	})
}
