package cli_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func TestCriteriaListShowAndLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		out, errOut, code := importsRun(t, db, "criteria", "list", "--format", "json")
		if code != 0 {
			t.Fatalf("list: exit %d: %s", code, errOut)
		}
		var sets []struct {
			ID          string `json:"id"`
			Title       string `json:"title"`
			TargetGroup string `json:"target_group"`
			Version     int    `json:"version"`
			ValidFrom   int    `json:"valid_from"`
			Indicators  []struct {
				Code      string  `json:"code"`
				MaxPoints float64 `json:"max_points"`
			} `json:"indicators"`
			Pass struct {
				TotalAtLeast float64 `json:"total_at_least"`
			} `json:"pass"`
		}
		if err := json.Unmarshal([]byte(out), &sets); err != nil {
			t.Fatalf("list json: %v\n%s", err, out)
		}
		titles := map[string]int{}
		for _, s := range sets {
			titles[s.Title]++
			if s.Version < 1 || s.ValidFrom == 0 || len(s.Indicators) == 0 || s.Indicators[0].MaxPoints == 0 || s.Pass.TotalAtLeast == 0 {
				t.Errorf("set %+v lacks a contract field", s)
			}
		}
		for _, ti := range []string{"family", "clan", "community", "community_commune", "unit"} {
			if titles[ti] != 1 {
				t.Errorf("%d sets of %s, want 1", titles[ti], ti)
			}
		}
		if titles["citizen"] != 4 {
			t.Errorf("%d citizen sets, want 4", titles["citizen"])
		}

		out, _, code = importsRun(t, db, "criteria", "show", "citizen-residents-2023")
		if code != 0 || !strings.Contains(out, "Năng lực tự học và học tập suốt đời") || !strings.Contains(out, "tổng ≥ 80; mỗi chỉ số ≥ 5") {
			t.Errorf("show: exit %d\n%s", code, out)
		}
		file, _, _ := importsRun(t, db, "criteria", "show", "citizen-residents-2023", "--format", "json")

		bad := importsWrite(t, "sai.json", strings.Replace(file, `"max_points": 10`, `"max_points": "mười"`, 1))
		_, errOut, code = importsRun(t, db, "criteria", "load", bad)
		if code != 1 || !strings.Contains(errOut, "sai.json") || !strings.Contains(errOut, "max_points") {
			t.Errorf("bad file: exit %d, %q", code, errOut)
		}
		if n := importsCount(t, db, "criteria_sets"); n != 0 {
			t.Errorf("a refused file stored %d sets", n)
		}

		edited := importsWrite(t, "moi.json", strings.Replace(file, `"total_at_least": 80`, `"total_at_least": 85`, 1))
		out, errOut, code = importsRun(t, db, "criteria", "load", edited)
		if code != 0 || !strings.Contains(out, "đã nạp bộ tiêu chí citizen-residents-2023 phiên bản 1") {
			t.Fatalf("load: exit %d, %q %q", code, out, errOut)
		}
		out, _, _ = importsRun(t, db, "criteria", "load", edited)
		if !strings.Contains(out, "không thay đổi") {
			t.Errorf("loading the same file again: %q", out)
		}
		out, _, _ = importsRun(t, db, "criteria", "show", "citizen-residents-2023")
		if !strings.Contains(out, "tổng ≥ 85") {
			t.Errorf("show after load:\n%s", out)
		}
		if n := importsCount(t, db, "audit_log WHERE action = 'criteria.load'"); n != 1 {
			t.Errorf("%d audit entries, want 1", n)
		}
	})
}

func TestImportEvaluationsAllOrNothingWithRowAndColumn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dir := t.TempDir()
		tmpl := dir + "/mau.csv"
		if out, errOut, code := importsRun(t, db, "import", "evaluations", "--template", tmpl, "--set", "citizen-residents-2023"); code != 0 {
			t.Fatalf("template: %d %s %s", code, out, errOut)
		}
		if _, errOut, code := importsRun(t, db, "import", "evaluations", "--template", dir+"/mau.xlsx", "--set", "unit-2023"); code != 0 {
			t.Fatalf("xlsx template: %d %s", code, errOut)
		}
		// The template's example row imports as it stands.
		out, errOut, code := importsRun(t, db, "import", "evaluations", tmpl, "--dry-run")
		if code != 0 || !strings.Contains(out, "chỉ kiểm tra") || !strings.Contains(out, "đạt 1") {
			t.Fatalf("dry run of the template: %d %q %q", code, out, errOut)
		}
		if n := importsCount(t, db, "model_registrations"); n != 0 {
			t.Fatalf("a dry run stored %d registrations", n)
		}
		head := "commune,title,target_group,year,name,cccd,1.1,1.2,1.3,1.4,2.1,2.2,2.3,3.1,3.2,3.3,evidence\n"
		bad := importsWrite(t, "danh-gia.csv", head+
			"00004,citizen,residents,2026,Nguyễn Văn An,001090012345,9,9,9,9,9,9,9,9,9,9,giấy xác nhận\n"+
			"00004,citizen,residents,2026,Trần Thị Bình,,12,9,9,9,9,9,9,9,9,9,giấy xác nhận\n"+
			"00004,citizen,residents,2026,Lê Văn Cường,,9,9,9,9,9,9,9,9,9,9,\n"+
			"99999,citizen,residents,2026,Phạm Thị Dung,,9,9,9,9,9,9,9,9,9,9,x\n")
		_, errOut, code = importsRun(t, db, "import", "evaluations", bad)
		for _, want := range []string{"3 dòng lỗi", "dòng 3, cột Chỉ số 1.1: chỉ số 1.1: 12 điểm vượt điểm tối đa 10",
			"dòng 4, cột Minh chứng: chỉ số 1.2 cần minh chứng", "dòng 5, cột Mã xã"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("bad file: exit %d, %q lacks %q", code, errOut, want)
			}
		}
		if code != 1 || importsCount(t, db, "model_registrations") != 0 || importsCount(t, db, "model_evaluations") != 0 {
			t.Errorf("a bad file wrote something (exit %d)", code)
		}
		good := importsWrite(t, "danh-gia.csv", head+
			"00004,citizen,residents,2026,Nguyễn Văn An,001090012345,9,9,9,9,9,9,9,9,9,9,giấy xác nhận\n"+
			"00004,citizen,residents,2026,Trần Thị Bình,,9,4,9,9,9,9,9,9,9,9,giấy xác nhận\n")
		out, errOut, code = importsRun(t, db, "import", "evaluations", good)
		if code != 0 || !strings.Contains(out, "2 dòng, đăng ký mới 2, chấm điểm 2, đạt 1") {
			t.Fatalf("good file: %d %q %q", code, out, errOut)
		}
		// Again: the subjects are registered already; they are evaluated again.
		out, _, _ = importsRun(t, db, "import", "evaluations", good)
		if !strings.Contains(out, "đăng ký mới 0, chấm điểm 2") {
			t.Errorf("again: %q", out)
		}
		if n := importsCount(t, db, "model_registrations"); n != 2 {
			t.Errorf("%d registrations, want 2", n)
		}
	})
}

// TestTheCycleAtTheCommandLine: a file of evaluations, the branch verifies,
// the commune recognises both under one decision, prints a certificate, and
// the province's report counts them.
func TestTheCycleAtTheCommandLine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		head := "commune,title,target_group,year,name,1.1,1.2,1.3,1.4,2.1,2.2,2.3,3.1,3.2,3.3,evidence\n"
		file := importsWrite(t, "danh-gia.csv", head+
			"00004,citizen,residents,2026,Nguyễn Văn An,9,9,9,9,9,9,9,9,9,9,giấy xác nhận\n"+
			"00004,citizen,residents,2026,Trần Thị Bình,8,8,8,8,8,8,8,8,8,8,giấy xác nhận\n")
		ok := func(args ...string) string {
			t.Helper()
			out, errOut, code := importsRun(t, db, args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errOut)
			}
			return out
		}
		ok("import", "evaluations", file)
		if out := ok("models", "list", "--in", "commune:00004", "--year", "2026"); !strings.Contains(out, "Trần Thị Bình") || !strings.Contains(out, "Đã chấm điểm") {
			t.Errorf("list:\n%s", out)
		}
		if _, errOut, code := importsRun(t, db, "models", "recognise", "1", "2", "--decision", "5/QĐ-UBND", "--date", "10/03/2026"); code != 1 || !strings.Contains(errOut, "chưa được chi hội xác nhận") {
			t.Errorf("recognising before verification: %d %s", code, errOut)
		}
		ok("models", "verify", "1", "2")
		out := ok("models", "recognise", "1", "2", "--decision", "5/QĐ-UBND", "--date", "10/03/2026")
		var code string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			code = line[strings.LastIndex(line, " ")+1:]
		}
		if len(code) != 8 {
			t.Fatalf("recognise: %q", out)
		}
		pdf := t.TempDir() + "/gcn.pdf"
		// Without the site's address the QR code would lead nowhere.
		for _, site := range [][]string{nil, {"--site", "khuyenhoc.vn"}, {"--site", "ftp://khuyenhoc.vn"}} {
			args := append([]string{"models", "certificate", code, "-o", pdf}, site...)
			if _, errOut, code := importsRun(t, db, args...); code != 2 || !strings.Contains(errOut, "cần địa chỉ trang web (--site") {
				t.Errorf("%v: exit %d: %s", site, code, errOut)
			}
		}
		if _, err := os.Stat(pdf); err == nil {
			t.Error("a certificate was written without the site's address")
		}
		ok("models", "certificate", code, "-o", pdf, "--site", "https://khuyenhoc.vn")
		if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF") {
			t.Errorf("certificate: %v", err)
		}
		rep := ok("report", "--scope", "province:01", "--period", "2026", "--format", "json")
		if !strings.Contains(rep, `"models.citizen.recognized"`) {
			t.Fatalf("report: %.300s", rep)
		}
		var r struct {
			Indicators map[string]struct {
				Value *float64 `json:"value"`
			} `json:"indicators"`
		}
		if err := json.Unmarshal([]byte(rep), &r); err != nil {
			t.Fatal(err)
		}
		for code, want := range map[string]float64{"models.citizen.registered": 2, "models.citizen.recognized": 2} {
			if v := r.Indicators[code].Value; v == nil || *v != want {
				t.Errorf("%s: %v, want %v", code, v, want)
			}
		}
		ok("models", "revoke", "2", "--reason", "khai sai")
		// Hà Nội has its communes' communities recognised by the commune.
		if out := ok("models", "body", "community-commune-2023", "--province", "province:01", "--level", "commune", "--body", "Ủy ban nhân dân xã"); !strings.Contains(out, "Hà Nội") {
			t.Errorf("body: %q", out)
		}
		if _, errOut, code := importsRun(t, db, "models", "body", "community-commune-2023", "--province", "province:01", "--level", "district", "--body", "x"); code != 1 || !strings.Contains(errOut, "district") {
			t.Errorf("a bad level: %d %s", code, errOut)
		}
	})
}
