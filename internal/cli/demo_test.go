package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/demo"
	"github.com/khuyenhoc/khuyenhoc/internal/racedetect"
)

func TestDemoFillsTheDatabaseOnceAndPrintsTheClusterReport(t *testing.T) {
	if racedetect.Enabled {
		t.Skip("loads the whole demo (239,247 values), which takes minutes under the race detector; it runs in the plain test pass")
	}
	if testing.Short() {
		t.Skip("imports a quarter of a million values")
	}
	r := newUnitsRunner(t)
	out, errOut, code := r.run("demo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		// The association's document (issue 8): the cluster as issuer,
		// the title of a half-year review, the reorganisation note.
		"CỤM THI ĐUA SỐ 6", "BÁO CÁO",
		"Sơ kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập 6 tháng", "phương hướng, nhiệm vụ 6 tháng cuối năm 2026", // the title wraps
		"Sau sắp xếp đơn vị hành chính từ 01/07/2025, tổ chức hội được sắp xếp lại theo đơn vị hành chính mới: trước sắp xếp (cùng kỳ năm 2025) có ",
		"Tổng số hội viên hiện có là ", "so với cùng kỳ năm 2025 tăng", "5. Quỹ khuyến học, học bổng, khen thưởng", "TM. BAN THƯỜNG VỤ", "Phụ lục 1.",
		"Cụ thể: Quảng Ngãi (", "Gia Lai (", "Lâm Đồng (",
		// The sections the cluster's secretary wrote (demo.ReportTexts)
		// and the signer of its letterhead.
		"1. Công tác tham mưu, chỉ đạo", "Cụm đã tổ chức ký giao ước thi đua năm", "PHƯƠNG HƯỚNG, NHIỆM VỤ", "Trần Văn Minh",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	checkDemoScale(t, r)
	checkDemoDocuments(t, r)
	// The second run imports nothing new and prints the same report.
	again, errOut2, code := r.run("demo")
	if code != 0 {
		t.Fatalf("second run: exit %d: %s", code, errOut2)
	}
	if again != out {
		t.Error("second run printed a different report")
	}
	if !strings.Contains(errOut2, " 0 mới, 0 thay đổi") || !strings.Contains(errOut2, "0 cụm thay đổi, 4 cụm không đổi") {
		t.Errorf("second run changed the database: %s", errOut2)
	}
}

// checkDemoScale reads the loaded demo back through the reports: each old
// province's population and households in the demo's first half-year are
// those of the demo's data file (the communes' figures, rolled up), and
// members are 20–27 % of the population in every province and the nation
// on both sides of the reform.
func checkDemoScale(t *testing.T, r *unitsRunner) {
	t.Helper()
	figures := func(scope, period string) map[string]*float64 {
		var rep struct {
			Indicators map[string]struct {
				Value *float64 `json:"value"`
			} `json:"indicators"`
		}
		if err := json.Unmarshal([]byte(r.ok("report", "--scope", scope, "--period", period, "--format", "json")), &rep); err != nil {
			t.Fatalf("report %s %s: %v", scope, period, err)
		}
		out := map[string]*float64{}
		for k, v := range rep.Indicators {
			out[k] = v.Value
		}
		return out
	}
	for _, p := range demo.Provinces() {
		period := demo.OldPeriods[0].String()
		if p.New {
			period = demo.ReportPeriod.String()
		}
		f := figures("province:"+p.Code, period)
		if f["population.total"] == nil || f["members.ratio"] == nil || f["population.households"] == nil {
			t.Errorf("province %s %s: no population or members", p.Code, period)
			continue
		}
		if !p.New && (*f["population.total"] != float64(p.Population) || *f["population.households"] != float64(p.Households)) {
			t.Errorf("province %s %s: population %v and households %v, the data file says %d and %d",
				p.Code, period, *f["population.total"], *f["population.households"], p.Population, p.Households)
		}
		if r := *f["members.ratio"]; r < 20 || r > 27 {
			t.Errorf("province %s %s: members %v%% of the population", p.Code, period, r)
		}
	}
	for _, period := range []string{demo.OldPeriods[0].String(), demo.ReportPeriod.String()} {
		if f := figures("nation", period); f["members.ratio"] == nil || *f["members.ratio"] < 20 || *f["members.ratio"] > 27 {
			t.Errorf("nation %s: members ratio %v", period, f["members.ratio"])
		}
	}
}
