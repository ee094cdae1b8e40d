package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

const clustersHeader = "year,cluster,name,province,from\n"

func TestImportClustersShrinkingNeedsReplaceAndKeepsTheOldMembership(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		full := importsWrite(t, "cum.csv", clustersHeader+"2024,6,Cụm 6,68,\n2024,6,Cụm 6,52,\n")
		if _, errOut, code := importsRun(t, db, "import", "clusters", full); code != 0 {
			t.Fatalf("import: %s", errOut)
		}
		shrink := importsWrite(t, "bot.csv", clustersHeader+"2024,6,Cụm 6,68,01/07/2024\n")
		_, errOut, code := importsRun(t, db, "import", "clusters", shrink)
		if code != 1 || !strings.Contains(errOut, "tệp bot.csv sẽ bỏ những thành phần cụm thi đua sau; chưa ghi dữ liệu nào") ||
			!strings.Contains(errOut, "bỏ Bình Định (mã 52) khỏi cụm 6 «Cụm 6» từ 01/07/2024 đến 31/12/2024") ||
			!strings.Contains(errOut, "--replace") {
			t.Fatalf("without --replace: exit %d, stderr %q", code, errOut)
		}
		if n := importsCount(t, db, "imports"); n != 1 {
			t.Errorf("%d imports after a refused one", n)
		}
		out, errOut, code := importsRun(t, db, "import", "clusters", "--replace", shrink)
		if code != 0 || !strings.Contains(out, "bỏ Bình Định (mã 52) khỏi cụm 6 «Cụm 6» từ 01/07/2024 đến 31/12/2024") {
			t.Fatalf("with --replace: exit %d %q %q", code, out, errOut)
		}
		out, _, _ = importsRun(t, db, "clusters", "list", "--at", "15/03/2024")
		if !strings.Contains(out, "52 Bình Định, 68 Lâm Đồng") {
			t.Errorf("--at 15/03/2024:\n%s", out)
		}
		out, _, _ = importsRun(t, db, "clusters", "list", "--at", "2024-08-01", "--format", "csv")
		if !strings.Contains(out, "2024,6,Cụm 6,68,01/07/2024,Lâm Đồng") || strings.Contains(out, "Bình Định") {
			t.Errorf("--at 2024-08-01:\n%s", out)
		}
		out, _, _ = importsRun(t, db, "clusters", "list", "--year", "2024")
		if !strings.Contains(out, "từ 01/01/2024 đến 30/06/2024") || !strings.Contains(out, "từ 01/07/2024 đến 31/12/2024") {
			t.Errorf("--year 2024 lacks the two terms:\n%s", out)
		}
		// The history keeps the replaced row with the imports that wrote and
		// replaced it, at 10:00 UTC, 17:00 in Vietnam.
		out, _, _ = importsRun(t, db, "clusters", "list", "--year", "2024", "--history")
		var replaced string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "52 Bình Định") && strings.Contains(l, "31/12/2024") {
				replaced = l
			}
		}
		if !strings.Contains(replaced, "cum.csv · canbo · 15/03/2026 17:00") || !strings.Contains(replaced, "bot.csv · canbo · 15/03/2026 17:00") {
			t.Errorf("history lacks the replaced whole-year row of 52:\n%s", out)
		}
		if _, errOut, code := importsRun(t, db, "clusters", "list", "--at", "01/01/2024", "--history"); code != 2 || !strings.Contains(errOut, "--history") {
			t.Errorf("--history with --at: exit %d %q", code, errOut)
		}
		// The CSV listing of the year imports again as it is.
		csv, _, _ := importsRun(t, db, "clusters", "list", "--year", "2024", "--format", "csv")
		again := importsWrite(t, "lai.csv", csv)
		if out, errOut, code := importsRun(t, db, "import", "clusters", again); code != 0 || !strings.Contains(out, "0 cụm thay đổi") {
			t.Errorf("listing imported again: exit %d %q %q", code, out, errOut)
		}
	})
}

func TestClusterReportOf2025HalvesUsesTheMembershipAtEachHalfsEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cum := importsWrite(t, "cum-2025.csv", clustersHeader+
			"2025,6,Cụm 6,52,01/01/2025\n2025,6,Cụm 6,64,01/01/2025\n"+
			"2025,6,Cụm 6,52,01/07/2025\n2025,6,Cụm 6,68,01/07/2025\n")
		if _, errOut, code := importsRun(t, db, "import", "clusters", cum); code != 0 {
			t.Fatalf("clusters: %s", errOut)
		}
		agg := importsWrite(t, "so-lieu.csv", aggHeader+
			"2025H1,province,52,members.total,200\n2025H1,province,64,members.total,100\n"+
			"2025H2,province,52,members.total,500\n2025H2,province,68,members.total,700\n")
		if _, errOut, code := importsRun(t, db, "import", "aggregates", agg); code != 0 {
			t.Fatalf("aggregates: %s", errOut)
		}
		for _, c := range []struct {
			period, children string
			total            float64
		}{
			{"2025H1", "52 Bình Định, 64 Gia Lai", 300},
			{"2025H2", "52 Gia Lai, 68 Lâm Đồng", 1200},
		} {
			out, errOut, code := importsRun(t, db, "report", "--scope", "cluster:6", "--period", c.period, "--format", "json")
			var r struct {
				Indicators map[string]struct{ Value *float64 } `json:"indicators"`
				Children   []struct{ Code, Name string }       `json:"children"`
			}
			if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
				t.Fatalf("%s: exit %d %s %s", c.period, code, out, errOut)
			}
			var names []string
			for _, ch := range r.Children {
				names = append(names, ch.Code+" "+ch.Name)
			}
			if got := strings.Join(names, ", "); got != c.children {
				t.Errorf("%s: provinces %s, want %s", c.period, got, c.children)
			}
			if v := r.Indicators["members.total"].Value; v == nil || *v != c.total {
				t.Errorf("%s: members.total %v, want %v", c.period, v, c.total)
			}
		}
	})
}
