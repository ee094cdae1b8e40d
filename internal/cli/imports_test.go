package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// importsRun runs one command against db, as the login user canbo, and
// returns stdout, stderr and the exit status.
func importsRun(t *testing.T, db *store.DB, args ...string) (string, string, int) {
	t.Helper()
	return dbRun(t, map[string]string{"USER": "canbo"}, append(args, "--db", db.URL)...)
}

func importsWrite(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func importsCount(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const aggHeader = "period,level,code,indicator,value\n"

func TestImportAggregatesPrintsSummaryAndIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := importsWrite(t, "so-lieu.csv", aggHeader+
			"2024H1,province,66,members.total,123456\n"+
			"2024H1,province,66,population.total,1900000\n")
		out, errOut, code := importsRun(t, db, "import", "aggregates", path, "--actor", "Nguyễn Văn A")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if want := "so-lieu.csv: 2 dòng, 2 mới, 0 thay đổi, 0 không đổi\n"; out != want {
			t.Errorf("stdout %q, want %q", out, want)
		}
		var actor string
		db.QueryRow(context.Background(), "SELECT actor FROM imports").Scan(&actor)
		if actor != "Nguyễn Văn A" {
			t.Errorf("actor %q", actor)
		}
		// The command line acts as the local administrator, who writes
		// official figures directly, and the audit log says so.
		var via, detail string
		db.QueryRow(context.Background(), "SELECT actor, via, detail FROM audit_log WHERE action = 'import.aggregates'").Scan(&actor, &via, &detail)
		if actor != "Nguyễn Văn A" || via != "cli" || !strings.Contains(detail, "quản trị cục bộ") {
			t.Errorf("audit entry: %q %q %q", actor, via, detail)
		}
		out, _, code = importsRun(t, db, "import", "aggregates", path)
		if code != 0 || out != "so-lieu.csv: 2 dòng, 0 mới, 0 thay đổi, 2 không đổi\n" {
			t.Errorf("second run: exit %d, %q", code, out)
		}
	})
}

func TestImportAggregatesDryRunWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := importsWrite(t, "a.csv", aggHeader+"2024H1,province,66,members.total,123456\n")
		out, errOut, code := importsRun(t, db, "import", "aggregates", "--dry-run", path)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if !strings.Contains(out, "chạy thử") || !strings.Contains(out, "1 mới") {
			t.Errorf("stdout %q", out)
		}
		if n := importsCount(t, db, "aggregate_values") + importsCount(t, db, "imports"); n != 0 {
			t.Errorf("dry run wrote %d rows", n)
		}
	})
}

func TestImportAggregatesPrintsOneLinePerBadRowAndExits1(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := importsWrite(t, "a.csv", aggHeader+
			"2024H1,province,66,members.total,123456\n"+
			"2024H1,province,66,fund.raised,12a\n"+
			"2024H1,province,99,members.total,1\n")
		out, errOut, code := importsRun(t, db, "import", "aggregates", path)
		if code != 1 {
			t.Fatalf("exit %d, want 1", code)
		}
		if out != "" {
			t.Errorf("stdout %q", out)
		}
		lines := strings.Split(strings.TrimRight(errOut, "\n"), "\n")
		if len(lines) != 3 || !strings.Contains(lines[0], "tệp a.csv: 2 dòng lỗi, không ghi dữ liệu nào") ||
			!strings.Contains(lines[1], `tệp a.csv, dòng 3, cột value: "12a" không phải là số`) ||
			!strings.Contains(lines[2], "tệp a.csv, dòng 4, cột code") {
			t.Errorf("stderr:\n%s", errOut)
		}
		if n := importsCount(t, db, "aggregate_values") + importsCount(t, db, "imports"); n != 0 {
			t.Errorf("%d rows written", n)
		}
	})
}

func TestImportAggregatesUsageErrorsExit2(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, errOut, code := importsRun(t, db, "import", "aggregates"); code != 2 {
			t.Errorf("no file: exit %d (%s)", code, errOut)
		}
		if _, errOut, code := importsRun(t, db, "import", "aggregates", "a.csv", "b.csv"); code != 2 {
			t.Errorf("two files: exit %d (%s)", code, errOut)
		}
		if _, errOut, code := importsRun(t, db, "import", "aggregates", "--bogus", "a.csv"); code != 2 {
			t.Errorf("unknown flag: exit %d (%s)", code, errOut)
		}
	})
}

func TestImportAggregatesMissingFileExits1(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, errOut, code := importsRun(t, db, "import", "aggregates", filepath.Join(t.TempDir(), "khong-co.csv"))
		if code != 1 || !strings.Contains(errOut, "khong-co.csv") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
	})
}

func TestImportClustersAndListThemInEachFormat(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := importsWrite(t, "cum.csv", "year,cluster,name,province\n"+
			"2024,6,Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên,68\n"+
			"2024,6,Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên,52\n"+
			"2024,10,Cụm thi đua số 10,01\n")
		out, errOut, code := importsRun(t, db, "import", "clusters", path)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if want := "cum.csv: 3 dòng, 2 cụm thi đua, 2 cụm thay đổi, 0 cụm không đổi\n"; out != want {
			t.Errorf("stdout %q, want %q", out, want)
		}

		out, errOut, code = importsRun(t, db, "clusters", "list", "--year", "2024")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[0], "Cụm") || !strings.Contains(lines[1], "52 Bình Định, 68 Lâm Đồng") || !strings.HasPrefix(lines[2], "10 ") {
			t.Errorf("table:\n%s", out)
		}

		out, _, _ = importsRun(t, db, "clusters", "list", "--year", "2024", "--format", "csv")
		if !strings.HasPrefix(out, "year,cluster,name,province,from,province_name\n2024,6,Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên,52,01/01/2024,Bình Định\n") {
			t.Errorf("csv:\n%s", out)
		}
		// The listing imports back as it is, changing nothing.
		again := importsWrite(t, "lai.csv", out)
		if out, errOut, code := importsRun(t, db, "import", "clusters", again); code != 0 || !strings.Contains(out, "0 cụm thay đổi, 2 cụm không đổi") {
			t.Errorf("re-import of the listing: exit %d %q %q", code, out, errOut)
		}

		out, _, _ = importsRun(t, db, "clusters", "list", "--format", "json", "--year", "2024")
		var got []struct {
			Year      int    `json:"year"`
			Code      string `json:"code"`
			Name      string `json:"name"`
			Provinces []struct {
				ID   int64  `json:"id"`
				Code string `json:"code"`
			} `json:"provinces"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("json: %v\n%s", err, out)
		}
		if len(got) != 2 || got[0].Code != "6" || len(got[0].Provinces) != 2 || got[0].Provinces[0].ID == 0 || got[1].Provinces[0].Code != "01" {
			t.Errorf("json: %+v", got)
		}

		out, _, code = importsRun(t, db, "clusters", "list", "--year", "2023")
		if code != 0 || !strings.Contains(out, "năm 2023 chưa có cụm thi đua nào") {
			t.Errorf("empty year: exit %d %q", code, out)
		}
	})
}

func TestImportClustersBadFileExits1AndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		path := importsWrite(t, "cum.csv", "year,cluster,name,province\n2024,6,Cụm 6,68\n2024,7,Cụm 7,68\n")
		_, errOut, code := importsRun(t, db, "import", "clusters", path)
		if code != 1 || !strings.Contains(errOut, "tệp cum.csv, dòng 3, cột province: tỉnh 68 có trong hai cụm năm 2024") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
		if n := importsCount(t, db, "clusters") + importsCount(t, db, "cluster_memberships"); n != 0 {
			t.Errorf("%d rows written", n)
		}
	})
}

func TestClustersListNeedsYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, errOut, code := importsRun(t, db, "clusters", "list"); code != 2 || !strings.Contains(errOut, "--year") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
		if _, _, code := importsRun(t, db, "clusters", "list", "--year", "2024", "--format", "xml"); code != 2 {
			t.Errorf("bad format: exit %d", code)
		}
	})
}
