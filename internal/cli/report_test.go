package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func TestReportRejectsBadScopesAndPeriods(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cases := []struct {
			args []string
			code int
			want string
		}{
			{[]string{"report", "--period", "2024H1"}, 2, "--scope"},
			{[]string{"report", "--scope", "province:66"}, 2, "--period"},
			{[]string{"report", "--scope", "province:66", "--period", "2024H1", "--format", "pdf"}, 2, "pdf"},
			{[]string{"report", "--scope", "province:66", "--period", "2024H1", "--format", "xlsx"}, 2, "-o"},
			{[]string{"report", "--scope", "tinh:66", "--period", "2024H1"}, 1, "--scope"},
			{[]string{"report", "--scope", "province:66", "--period", "2024H7"}, 1, "2024H7"},
			{[]string{"report", "--scope", "province:99", "--period", "2024H1"}, 1, "province:99"},
			{[]string{"report", "--scope", "commune:66", "--period", "2024H1"}, 1, "66"},
			{[]string{"report", "--scope", "district:540", "--period", "2026H1"}, 1, "huyện"},
			{[]string{"report", "--scope", "cluster:9", "--period", "2024H1"}, 1, "cụm thi đua số 9"},
		}
		for _, c := range cases {
			_, errOut, code := importsRun(t, db, c.args...)
			if code != c.code || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Errorf("%v: exit %d, stderr %q; want exit %d and one line naming %q", c.args, code, errOut, c.code, c.want)
			}
		}
	})
}

func TestReportWritesEachFormat(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		file := importsWrite(t, "a.csv", aggHeader+"2024H1,province,66,members.total,123456\n2023H1,province,66,members.total,120000\n")
		if _, errOut, code := importsRun(t, db, "import", "aggregates", file); code != 0 {
			t.Fatalf("import: %s", errOut)
		}
		out, _, code := importsRun(t, db, "report", "--scope", "province:66", "--period", "2024H1", "--format", "json")
		var r struct {
			Indicators map[string]struct{ Value, Previous, Change *float64 } `json:"indicators"`
		}
		if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
			t.Fatalf("json: exit %d: %s", code, out)
		}
		if m := r.Indicators["members.total"]; m.Value == nil || *m.Value != 123456 || *m.Change != 3456 {
			t.Errorf("members.total = %+v", m)
		}
		out, _, _ = importsRun(t, db, "report", "--scope", "province:66", "--period", "2024H1", "--format", "table")
		if !strings.Contains(out, "123.456") || !strings.Contains(out, "2,88%") {
			t.Errorf("table lacks Vietnamese figures:\n%s", out)
		}
		out, _, _ = importsRun(t, db, "report", "--scope", "province:66", "--period", "2024H1", "--format", "csv")
		if !strings.Contains(out, "province,66,Đắk Lắk,members.total,123456,120000,3456,2.88") {
			t.Errorf("csv:\n%s", out)
		}
		for f, magic := range map[string]string{"xlsx": "PK", "docx": "PK", "pdf": "%PDF"} {
			path := filepath.Join(t.TempDir(), "r."+f)
			if _, errOut, code := importsRun(t, db, "report", "--scope", "province:66", "--period", "2024H1", "--format", f, "-o", path); code != 0 {
				t.Fatalf("%s: %s", f, errOut)
			}
			if b, err := os.ReadFile(path); err != nil || len(b) < 100 || !strings.HasPrefix(string(b), magic) {
				t.Errorf("%s file does not start with %q (%d bytes, %v)", f, magic, len(b), err)
			}
		}
		// The text is the association's document.
		out, _, _ = importsRun(t, db, "report", "--scope", "province:66", "--period", "2024H1", "--format", "text")
		for _, want := range []string{"HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO",
			"- Tổng số hội viên hiện có là 123.456 người, so với cùng kỳ năm 2023 tăng 3.456 người (tăng 2,88%).", "TM. BAN THƯỜNG VỤ", "Phụ lục 1."} {
			if !strings.Contains(out, want) {
				t.Errorf("text lacks %q:\n%s", want, out)
			}
		}
	})
}

func TestReportRefusesTheSecondHalfYearAsADocumentOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		file := importsWrite(t, "a.csv", aggHeader+"2024H2,province,66,members.total,123456\n")
		if _, errOut, code := importsRun(t, db, "import", "aggregates", file); code != 0 {
			t.Fatalf("import: %s", errOut)
		}
		_, errOut, code := importsRun(t, db, "report", "--scope", "province:66", "--period", "2024H2", "--format", "text")
		if code != 1 || !strings.Contains(errOut, "báo cáo tổng kết năm 2024 (--period 2024)") {
			t.Errorf("text of 2024H2: exit %d, %q", code, errOut)
		}
		if out, errOut, code := importsRun(t, db, "report", "--scope", "province:66", "--period", "2024H2", "--format", "json"); code != 0 || !strings.Contains(out, "123456") {
			t.Errorf("json of 2024H2: exit %d, %q %q", code, out, errOut)
		}
	})
}
