package lineage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/lineage"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

var testNow = time.Date(2026, 2, 10, 8, 30, 0, 0, time.UTC)

func importFile(t *testing.T, db *store.DB, path string) (lineage.Result, error) {
	t.Helper()
	return lineage.ImportFile(context.Background(), db, auth.LocalAdmin("tester"), path, lineage.Options{Now: testNow})
}

func mustImport(t *testing.T, db *store.DB, name string) lineage.Result {
	t.Helper()
	res, err := importFile(t, db, filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// commune resolves a commune code on a day.
func commune(t *testing.T, tree *units.Tree, code string, at time.Time) *units.Unit {
	t.Helper()
	u, err := tree.Resolve(units.Commune, code, at)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

var (
	oldDay = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	newDay = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
)

// share reads the stored share of the link from old commune oldCode to new
// commune newCode; nil when unknown.
func share(t *testing.T, db *store.DB, oldCode, newCode string) *float64 {
	t.Helper()
	tree, err := units.LoadTree(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	o, n := commune(t, tree, oldCode, oldDay), commune(t, tree, newCode, newDay)
	for _, l := range tree.Successors(o.ID) {
		if l.NewID == n.ID {
			return l.Share
		}
	}
	t.Fatalf("no link %s → %s", oldCode, newCode)
	return nil
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestParseReadsColumnsInAnyOrderWithOptionalLevel(t *testing.T) {
	f, err := os.Open("testdata/ha-noi.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := lineage.Parse(f, "ha-noi.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []lineage.Row{
		{Line: 2, OldCode: "00019", NewCode: "00004", Population: "2100", Level: "commune"},
		{Line: 3, OldCode: "00019", NewCode: "00070", Population: "3000", Level: ""},
		{Line: 4, OldCode: "19", NewCode: "00190", Population: "1500", Level: "COMMUNE"},
		{Line: 5, OldCode: "00019", NewCode: "00226", Population: "900", Level: "commune"},
		{Line: 7, OldCode: "00016", NewCode: "00004", Population: "6000", Level: "commune"},
		{Line: 8, OldCode: "00016", NewCode: "00008", Population: "10000", Level: "commune"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows: %+v", len(rows), rows)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d: got %+v, want %+v", i, rows[i], want[i])
		}
	}
}

func TestParseWithoutLevelColumnLeavesLevelEmpty(t *testing.T) {
	rows, err := lineage.Parse(strings.NewReader("old_code,new_code,population\n00016,00004,6000\n"), "a.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0] != (lineage.Row{Line: 2, OldCode: "00016", NewCode: "00004", Population: "6000"}) {
		t.Fatalf("got %+v", rows)
	}
}

func TestParseReadsXLSX(t *testing.T) {
	x := excelize.NewFile()
	sheet := x.GetSheetName(0)
	for i, r := range [][]any{{"old_code", "new_code", "population"}, {"00016", "00004", 6000}, {16, "00008", 10000}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := lineage.Parse(&buf, "ty-le.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1] != (lineage.Row{Line: 3, OldCode: "16", NewCode: "00008", Population: "10000"}) {
		t.Fatalf("got %+v", rows)
	}
}

func TestParseRejectsMissingColumn(t *testing.T) {
	_, err := lineage.Parse(strings.NewReader("old_code,new_code\n00016,00004\n"), "a.csv")
	if err == nil || !strings.Contains(err.Error(), "tệp a.csv, dòng 1") || !strings.Contains(err.Error(), "thiếu cột population") {
		t.Fatalf("error %v", err)
	}
}

func TestValidateComputesSharesFromPopulations(t *testing.T) {
	db := storetest.SQLite(t)
	tree, err := units.LoadTree(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/ha-noi.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := lineage.Parse(f, "ha-noi.csv")
	if err != nil {
		t.Fatal(err)
	}
	shares, err := lineage.Validate(tree, rows, "ha-noi.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		"00019>00004": 2100.0 / 7500, "00019>00070": 3000.0 / 7500, "00019>00190": 1500.0 / 7500, "00019>00226": 900.0 / 7500,
		"00016>00004": 0.375, "00016>00008": 0.625,
	}
	if len(shares) != len(want) {
		t.Fatalf("got %d shares: %+v", len(shares), shares)
	}
	for _, s := range shares {
		w, ok := want[s.OldCode+">"+s.NewCode]
		if !ok || !near(s.Share, w) {
			t.Errorf("%s → %s: share %v, want %v", s.OldCode, s.NewCode, s.Share, w)
		}
		if s.OldCode == "00019" && s.Total != 7500 {
			t.Errorf("%s total %d", s.OldCode, s.Total)
		}
	}
}

// The published lineage has no old commune with both a full and a partial
// link, and none split into a single part: so the parts a file gives for an
// old commune are its whole population.
func TestSeededSplitsAreAllPartial(t *testing.T) {
	db := storetest.SQLite(t)
	tree, err := units.LoadTree(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	partial := 0
	for _, u := range tree.All(units.Commune, oldDay) {
		succ := tree.Successors(u.ID)
		for _, l := range succ {
			if !l.Full {
				partial++
			}
			if l.Full != (len(succ) == 1) {
				t.Errorf("old commune %s: %d successors, link to %d full=%v", u.Code, len(succ), l.NewID, l.Full)
			}
		}
	}
	if partial != 1012 {
		t.Errorf("%d partial links, want 1012", partial)
	}
}

func TestImportRejectsEveryBadRowAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		unitsBefore, _ := units.Version(ctx, db)
		figuresBefore, _ := rollup.Version(ctx, db)
		_, err := importFile(t, db, "testdata/bad.csv")
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("error %v (code %s)", err, apperr.CodeOf(err))
		}
		var list *apperr.List
		if !errors.As(err, &list) {
			t.Fatalf("not a list: %v", err)
		}
		for _, w := range []string{
			"tệp bad.csv: 10 dòng lỗi, không ghi dữ liệu nào",
			"dòng 2, cột new_code: xã cũ 00004 nhập toàn bộ vào xã mới 00004: liên kết toàn phần không cần số dân",
			"dòng 3, cột new_code: xã cũ 00016 không có phần nào vào xã mới 00070; các xã mới nhận phần của nó: 00004 Phường Ba Đình, 00008 Phường Ngọc Hà",
			"dòng 4, cột old_code: không có xã, phường mã 99999 đang tồn tại ngày 30/06/2025",
			`dòng 5, cột population: số dân "-5" không hợp lệ`,
			`dòng 6, cột population: số dân "12.5" không hợp lệ`,
			"dòng 6, cột new_code: cặp 00016 → 00004 đã có ở dòng 5",
			"dòng 7, cột new_code: xã cũ 00019 được chia cho 4 xã mới; tệp thiếu phần vào: 00070 Phường Hoàn Kiếm, 00190 ",
			"dòng 8, cột population: mọi phần của xã cũ 00022 đều bằng 0",
			`dòng 10, cột level: cấp "district"`,
			`dòng 10, cột population: số dân "abc" không hợp lệ`,
			"dòng 11, cột old_code: ô trống",
			"dòng 12, cột new_code: không có xã, phường mã 99998 đang tồn tại ngày 01/07/2025",
		} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error lacks %q:\n%v", w, err)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM unit_lineage WHERE share IS NOT NULL"); n != 0 {
			t.Errorf("%d shares written", n)
		}
		for _, table := range []string{"imports", "lineage_share_history", "audit_log"} {
			if n := count(t, db, "SELECT COUNT(*) FROM "+table); n != 0 {
				t.Errorf("%d rows in %s", n, table)
			}
		}
		unitsAfter, _ := units.Version(ctx, db)
		figuresAfter, _ := rollup.Version(ctx, db)
		if unitsAfter != unitsBefore || figuresAfter != figuresBefore {
			t.Errorf("counters moved: units %d → %d, figures %d → %d", unitsBefore, unitsAfter, figuresBefore, figuresAfter)
		}
	})
}

func TestImportRejectsFileWithoutEveryPartEvenIfOthersAreGood(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := filepath.Join(t.TempDir(), "thieu.csv")
		os.WriteFile(path, []byte("old_code,new_code,population\n00016,00004,6000\n00016,00008,10000\n00019,00004,2100\n"), 0o644)
		_, err := importFile(t, db, path)
		if err == nil || !strings.Contains(err.Error(), "dòng 4, cột new_code: xã cũ 00019") {
			t.Fatalf("error %v", err)
		}
		if share(t, db, "00016", "00004") != nil {
			t.Error("the good old commune got its shares although the file was refused")
		}
	})
}

func TestImportSetsSharesAndRecordsTheRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		unitsBefore, _ := units.Version(ctx, db)
		figuresBefore, _ := rollup.Version(ctx, db)
		res := mustImport(t, db, "ha-noi.csv")
		if res != (lineage.Result{Rows: 6, Communes: 2, Changed: 6}) {
			t.Fatalf("result %+v", res)
		}
		if s := share(t, db, "00016", "00004"); s == nil || !near(*s, 0.375) {
			t.Errorf("share 00016 → 00004 = %v", s)
		}
		if s := share(t, db, "00019", "00190"); s == nil || !near(*s, 0.2) {
			t.Errorf("share 00019 → 00190 = %v", s)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM unit_lineage WHERE share IS NOT NULL"); n != 6 {
			t.Errorf("%d shares set", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM imports WHERE kind = 'lineage' AND source = 'ha-noi.csv' AND actor = 'tester' AND rows_total = 6 AND rows_changed = 6"); n != 1 {
			t.Errorf("%d imports recorded", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM lineage_share_history h JOIN imports i ON i.id = h.import_id
			WHERE h.old_share IS NULL AND h.actor = 'tester' AND h.changed_at = '2026-02-10T08:30:00Z'`); n != 6 {
			t.Errorf("%d history lines", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM lineage_share_history WHERE population = 1500 AND population_total = 7500"); n != 1 {
			t.Errorf("history keeps the populations: %d", n)
		}
		es, err := audit.List(ctx, db, audit.Filter{Action: audit.ActionImportLineage})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].Via != audit.ViaCLI || es[0].Actor != "tester" || es[0].Label() != "nhập tỉ lệ dân số của xã bị chia" ||
			!strings.Contains(es[0].Detail, "ha-noi.csv: 6 dòng, 2 xã cũ bị chia, 6 tỉ lệ thay đổi") {
			t.Errorf("audit %+v", es)
		}
		tree, _ := units.LoadTree(ctx, db)
		if hanoi := tree.Get(es[0].UnitID); hanoi == nil || hanoi.Level != units.Province || hanoi.Code != "01" {
			t.Errorf("audit entry about %+v, want the province of Hà Nội", hanoi)
		}
		unitsAfter, _ := units.Version(ctx, db)
		figuresAfter, _ := rollup.Version(ctx, db)
		if unitsAfter != unitsBefore+1 || figuresAfter != figuresBefore+1 {
			t.Errorf("counters: units %d → %d, figures %d → %d", unitsBefore, unitsAfter, figuresBefore, figuresAfter)
		}
	})
}

func TestImportSameFileTwiceChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustImport(t, db, "ngoc-ha.csv")
		unitsBefore, _ := units.Version(ctx, db)
		figuresBefore, _ := rollup.Version(ctx, db)
		res := mustImport(t, db, "ngoc-ha.csv")
		if res != (lineage.Result{Rows: 2, Communes: 1, Unchanged: 2}) {
			t.Fatalf("second import %+v", res)
		}
		for table, want := range map[string]int{"imports": 1, "lineage_share_history": 2, "audit_log": 1} {
			if n := count(t, db, "SELECT COUNT(*) FROM "+table); n != want {
				t.Errorf("%d rows in %s, want %d", n, table, want)
			}
		}
		unitsAfter, _ := units.Version(ctx, db)
		figuresAfter, _ := rollup.Version(ctx, db)
		if unitsAfter != unitsBefore || figuresAfter != figuresBefore {
			t.Errorf("counters moved on an import that changed nothing")
		}
	})
}

func TestCorrectedFileReplacesSharesAndKeepsHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, "ngoc-ha.csv")
		res := mustImport(t, db, "ngoc-ha-corrected.csv")
		if res != (lineage.Result{Rows: 2, Communes: 1, Changed: 2}) {
			t.Fatalf("correction %+v", res)
		}
		if s := share(t, db, "00016", "00004"); s == nil || !near(*s, 0.25) {
			t.Errorf("share after correction %v", s)
		}
		tree, _ := units.LoadTree(context.Background(), db)
		o, n := commune(t, tree, "00016", oldDay), commune(t, tree, "00004", newDay)
		rows, err := db.Query(context.Background(), `SELECT h.old_share, h.new_share, h.population, i.source
			FROM lineage_share_history h JOIN imports i ON i.id = h.import_id
			WHERE h.old_id = ? AND h.new_id = ? ORDER BY h.id`, o.ID, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var old *float64
			var nw float64
			var pop int64
			var src string
			if err := rows.Scan(&old, &nw, &pop, &src); err != nil {
				t.Fatal(err)
			}
			o := "null"
			if old != nil {
				o = fmt.Sprint(*old)
			}
			got = append(got, fmt.Sprintf("%s %s → %v (%d)", src, o, nw, pop))
		}
		want := "ngoc-ha.csv null → 0.375 (6000); ngoc-ha-corrected.csv 0.375 → 0.25 (5000)"
		if strings.Join(got, "; ") != want {
			t.Errorf("history:\n got %s\nwant %s", strings.Join(got, "; "), want)
		}
	})
}

// The comparison figure of a new commune that took part of a split commune
// is the commune's figure divided equally (and marked approximate) until
// the populations are known, then exactly the population share of it.
func TestImportedShareMakesTheComparisonExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// Phường Ngọc Hà (00016) had 1,000 members in the first half of
		// 2025; it was split between the new Ba Đình (00004) and Ngọc Hà
		// (00008). No other old ward of Ba Đình has figures.
		path := filepath.Join(t.TempDir(), "so-lieu.csv")
		os.WriteFile(path, []byte("period,level,code,indicator,value\n2025H1,commune,00016,members.total,1000\n2026H1,commune,00004,members.total,420\n"), 0o644)
		if _, err := aggregate.ImportFile(ctx, db, path, aggregate.Options{Actor: "tester", Now: testNow}); err != nil {
			t.Fatal(err)
		}
		prev := func() (float64, bool, bool) {
			t.Helper()
			r, err := report.Build(ctx, db, units.Ref{Level: units.Commune, Code: "00004"}, period.MustParse("2026H1"))
			if err != nil {
				t.Fatal(err)
			}
			v := r.Indicators["members.total"]
			if v.Previous == nil {
				t.Fatalf("no comparison figure: %+v", v)
			}
			return *v.Previous, v.Approximate, r.Approximate
		}
		if p, approx, top := prev(); p != 500 || !approx || !top {
			t.Errorf("before: previous %v approximate %v (report %v), want 500, approximate", p, approx, top)
		}
		mustImport(t, db, "ngoc-ha.csv")
		s := share(t, db, "00016", "00004")
		if s == nil {
			t.Fatal("no share")
		}
		if p, approx, top := prev(); p != *s*1000 || p != 375 || approx || top {
			t.Errorf("after: previous %v approximate %v (report %v), want %v exact", p, approx, top, *s*1000)
		}
	})
}

// principal is a new user of role at the unit of level and code, acting
// through the pages.
func principal(t *testing.T, db *store.DB, email string, role auth.Role, level units.Level, code string) auth.Principal {
	t.Helper()
	ctx := context.Background()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	u, err := tree.Resolve(level, code, newDay)
	if err != nil {
		t.Fatal(err)
	}
	user, err := auth.CreateUser(ctx, db, auth.NewUser{Email: email, Name: email, Role: role, ScopeUnitID: u.ID, Password: "mật khẩu dài"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return auth.ForUser(tree, user, audit.ViaPage)
}

// lineageWrites is everything a lineage import writes, as one string.
func lineageWrites(t *testing.T, db *store.DB) string {
	t.Helper()
	return fmt.Sprint(
		count(t, db, "SELECT COUNT(*) FROM unit_lineage WHERE share IS NOT NULL"),
		count(t, db, "SELECT COUNT(*) FROM lineage_share_history"),
		count(t, db, "SELECT COUNT(*) FROM imports"),
		count(t, db, "SELECT COUNT(*) FROM audit_log"))
}

// The shares decide how an old commune's figures reach the new communes:
// only an admin of every new commune the file names, who reads every old
// commune it names, may import them. Anyone else is refused with every row
// outside their right named, and nothing is written.
func TestImportRefusesWhoMayNotAdministerEveryNewCommune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rows, err := lineage.Parse(mustOpen(t, "ha-noi.csv"), "ha-noi.csv")
		if err != nil {
			t.Fatal(err)
		}
		refused := map[string]struct {
			p     auth.Principal
			lines []string
		}{
			"officer of Hà Nội": {principal(t, db, "tinh@hanoi.vn", auth.Officer, units.Province, "01"),
				[]string{"dòng 2", "dòng 3", "dòng 4", "dòng 5", "dòng 7", "dòng 8"}},
			"admin of Hồ Chí Minh": {principal(t, db, "quantri@hcm.vn", auth.Admin, units.Province, "79"),
				[]string{"dòng 2", "dòng 8"}},
			"admin of one new commune": {principal(t, db, "quantri@badinh.vn", auth.Admin, units.Commune, "00004"),
				[]string{"dòng 3", "dòng 4", "dòng 5", "dòng 8"}},
		}
		before := lineageWrites(t, db) // after the users are written: the imports must not write
		for who, c := range refused {
			for _, dry := range []bool{false, true} {
				_, err := lineage.Import(ctx, db, c.p, rows, lineage.Options{Source: "ha-noi.csv", DryRun: dry, Now: testNow})
				if apperr.CodeOf(err) != apperr.Forbidden {
					t.Fatalf("%s (dry run %v): %v, want Forbidden", who, dry, err)
				}
				for _, l := range c.lines {
					if !strings.Contains(err.Error(), "ha-noi.csv, "+l+":") {
						t.Errorf("%s: the refusal does not name %s:\n%v", who, l, err)
					}
				}
				if who == "admin of one new commune" && strings.Contains(err.Error(), "dòng 2:") {
					t.Errorf("%s: the refusal names a row of their own commune:\n%v", who, err)
				}
				if after := lineageWrites(t, db); after != before {
					t.Errorf("%s (dry run %v): refused but wrote: %s → %s", who, dry, before, after)
				}
			}
		}

		admin := principal(t, db, "quantri@hanoi.vn", auth.Admin, units.Province, "01")
		before = lineageWrites(t, db)
		res, err := lineage.Import(ctx, db, admin, rows, lineage.Options{Source: "ha-noi.csv", DryRun: true, Now: testNow})
		if err != nil || res != (lineage.Result{Rows: 6, Communes: 2, Changed: 6}) {
			t.Fatalf("dry run by the admin of Hà Nội: %+v, %v", res, err)
		}
		if after := lineageWrites(t, db); after != before {
			t.Errorf("a dry run wrote: %s → %s", before, after)
		}
		res, err = lineage.Import(ctx, db, admin, rows, lineage.Options{Source: "ha-noi.csv", Now: testNow})
		if err != nil || res != (lineage.Result{Rows: 6, Communes: 2, Changed: 6}) {
			t.Fatalf("import by the admin of Hà Nội: %+v, %v", res, err)
		}
		es, err := audit.List(ctx, db, audit.Filter{Action: audit.ActionImportLineage})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].Via != audit.ViaPage || es[0].Actor != "quantri@hanoi.vn" || es[0].UserID == 0 {
			t.Errorf("audit %+v, want one entry by quantri@hanoi.vn through the page", es)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM imports WHERE kind = 'lineage' AND actor = 'quantri@hanoi.vn'"); n != 1 {
			t.Errorf("%d imports recorded by the admin", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM lineage_share_history WHERE actor = 'quantri@hanoi.vn'"); n != 6 {
			t.Errorf("%d history lines by the admin", n)
		}
		res, err = lineage.Import(ctx, db, admin, rows, lineage.Options{Source: "ha-noi.csv", DryRun: true, Now: testNow})
		if err != nil || res != (lineage.Result{Rows: 6, Communes: 2, Unchanged: 6}) {
			t.Errorf("dry run after the import: %+v, %v", res, err)
		}
	})
}

func mustOpen(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
