package cli_test

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func TestImportLineageSetsSharesThatUnitsCommandsPrint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := importsWrite(t, "ngoc-ha.csv", "old_code,new_code,population\n00016,00004,6000\n00016,00008,10000\n")
		out, errOut, code := importsRun(t, db, "import", "lineage", path)
		if code != 0 || out != "ngoc-ha.csv: 2 dòng, 1 xã cũ bị chia, 2 tỉ lệ thay đổi, 0 tỉ lệ không đổi\n" {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
		}
		if n := importsCount(t, db, "lineage_share_history"); n != 2 {
			t.Errorf("%d history lines", n)
		}
		out, _, code = importsRun(t, db, "import", "lineage", path)
		if code != 0 || !strings.Contains(out, "0 tỉ lệ thay đổi, 2 tỉ lệ không đổi") {
			t.Errorf("second import: exit %d, %q", code, out)
		}
		out, errOut, code = importsRun(t, db, "units", "lineage", "commune:00016", "--at", "2025-06-30")
		if code != 0 || !strings.Contains(out, "một phần (37,50%)") || !strings.Contains(out, "một phần (62,50%)") {
			t.Errorf("units lineage: exit %d\n%s%s", code, out, errOut)
		}
		out, errOut, code = importsRun(t, db, "units", "show", "commune:00004", "--at", "2026-01-01")
		if code != 0 || !strings.Contains(out, "commune:00016  Phường Ngọc Hà, Thành phố Hà Nội     một phần (37,50%)") {
			t.Errorf("units show: exit %d\n%s%s", code, out, errOut)
		}
	})
}

func TestImportLineageRefusesABadFileWithExitOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := importsWrite(t, "sai.csv", "old_code,new_code,population\n00016,00004,6000\n")
		out, errOut, code := importsRun(t, db, "import", "lineage", path)
		if code != 1 || out != "" || !strings.Contains(errOut, "tệp sai.csv, dòng 2, cột new_code: xã cũ 00016 được chia cho 2 xã mới; tệp thiếu phần vào: 00008 Phường Ngọc Hà") {
			t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
		}
		if n := importsCount(t, db, "imports"); n != 0 {
			t.Errorf("%d imports recorded", n)
		}
		if _, _, code := importsRun(t, db, "import", "lineage"); code != 2 {
			t.Errorf("no file: exit %d, want 2", code)
		}
	})
}
