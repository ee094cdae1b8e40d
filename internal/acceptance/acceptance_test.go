// Package acceptance holds end-to-end tests of the command line against the
// contracts: files in, reports out, through the real program on a real
// database.
package acceptance

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/cli"
)

// run calls the program as a person would and returns stdout, stderr and
// the exit status.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) },
	}
	code := cli.Main(context.Background(), args, env)
	return out.String(), errb.String(), code
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := run(t, args...)
	if code != 0 {
		t.Fatalf("khuyenhoc %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

type jsonValue struct {
	Value     *float64 `json:"value"`
	Previous  *float64 `json:"previous"`
	Change    *float64 `json:"change"`
	ChangePct *float64 `json:"change_pct"`
}

type jsonNode struct {
	Level      string               `json:"level"`
	Code       string               `json:"code"`
	Name       string               `json:"name"`
	Indicators map[string]jsonValue `json:"indicators"`
}

type jsonReport struct {
	Scope         jsonNode             `json:"scope"`
	Period        string               `json:"period"`
	ComparePeriod string               `json:"compare_period"`
	Indicators    map[string]jsonValue `json:"indicators"`
	Children      []jsonNode           `json:"children"`
}

func reportJSON(t *testing.T, db, scope, period string) jsonReport {
	t.Helper()
	out := mustRun(t, "report", "--db", db, "--scope", scope, "--period", period, "--format", "json")
	var r jsonReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("report json: %v\n%s", err, out)
	}
	return r
}

func num(t *testing.T, v *float64, want float64, what string) {
	t.Helper()
	if v == nil {
		t.Errorf("%s: null, want %v", what, want)
		return
	}
	if *v != want {
		t.Errorf("%s = %v, want %v", what, *v, want)
	}
}

func child(t *testing.T, r jsonReport, code string) jsonNode {
	t.Helper()
	for _, c := range r.Children {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no child %s in %s report", code, r.Scope.Code)
	return jsonNode{}
}

// The figures in testdata/real were published by provincial associations
// (sources in testdata/real/SOURCES.md). Imported through the contracts'
// files, they must come back out of the report exactly.
func TestPublishedClusterFiguresComeBackOutExactly(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "real.db")
	mustRun(t, "init", "--db", db)
	mustRun(t, "import", "clusters", "--db", db, "testdata/real/clusters.csv")
	mustRun(t, "import", "aggregates", "--db", db, "testdata/real/aggregates.csv")

	r := reportJSON(t, db, "cluster:4", "2023")
	if r.Period != "2023" || r.ComparePeriod != "2022" || r.Scope.Level != "cluster" || len(r.Children) != 3 {
		t.Fatalf("cluster 4 report: %+v", r)
	}
	na := child(t, r, "40") // Nghệ An
	if na.Name != "Nghệ An" {
		t.Errorf("province 40 in 2023 is %q", na.Name)
	}
	num(t, na.Indicators["members.total"].Value, 890000, "Nghệ An members 2023")
	num(t, na.Indicators["members.total"].Previous, 775276, "Nghệ An members 2022")
	num(t, na.Indicators["members.total"].Change, 114724, "Nghệ An members change")
	num(t, na.Indicators["org.grassroots"].Value, 460, "Nghệ An grassroots associations 2023")
	num(t, na.Indicators["models.family.recognized"].Value, 556862, "Nghệ An learning families 2023")
	num(t, na.Indicators["fund.spent"].Value, 72000000000, "Nghệ An fund spent 2023")
	ht := child(t, r, "42") // Hà Tĩnh
	num(t, ht.Indicators["members.total"].Value, 387000, "Hà Tĩnh members 2023")
	num(t, ht.Indicators["members.total"].Previous, 382300, "Hà Tĩnh members 2022")
	num(t, ht.Indicators["fund.raised"].Value, 93300000000, "Hà Tĩnh fund 2023")
	// 2022H1 raised 24,464 billion; the year 2022 has no figure for H2, so
	// the year's flow is the half-year's sum of what was published.
	num(t, ht.Indicators["fund.raised"].Previous, 24464000000, "Hà Tĩnh fund 2022")
	qt := child(t, r, "45") // Quảng Trị: only 2022 members
	if qt.Indicators["members.total"].Value != nil {
		t.Errorf("Quảng Trị has no 2023 figure, got %v", *qt.Indicators["members.total"].Value)
	}
	num(t, qt.Indicators["members.total"].Previous, 206689, "Quảng Trị members 2022")
	// The cluster is the sum of its provinces.
	num(t, r.Indicators["members.total"].Value, 890000+387000, "cluster members 2023")
	num(t, r.Indicators["members.total"].Previous, 775276+382300+206689, "cluster members 2022")

	g := reportJSON(t, db, "province:64", "2024") // Gia Lai before the merger
	num(t, g.Indicators["org.branches"].Value, 2490, "Gia Lai branches 2024")
	num(t, g.Indicators["org.branches"].Previous, 2411, "Gia Lai branches 2023")
	num(t, g.Indicators["org.branches"].Change, 79, "Gia Lai branches change")
	num(t, g.Indicators["org.branches"].ChangePct, 3.28, "Gia Lai branches change %")
	num(t, g.Indicators["centers.total"].Value, 220, "Gia Lai learning centres 2024")

	h := reportJSON(t, db, "province:42", "2024H1")
	num(t, h.Indicators["members.total"].Value, 390754, "Hà Tĩnh members 2024H1")
	num(t, h.Indicators["models.family.registered"].Value, 355557, "Hà Tĩnh learning families registered 2024H1")
	num(t, h.Indicators["fund.raised"].Value, 55000000000, "Hà Tĩnh fund 2024H1")

	// The same figures in the Vietnamese report, written the Vietnamese way.
	text := mustRun(t, "report", "--db", db, "--scope", "cluster:4", "--period", "2023", "--format", "text")
	for _, want := range []string{"1.277.000 người", "so với cùng kỳ năm 2022 giảm 87.265 người (giảm 6,40%)", "Quỹ khuyến học huy động được 93,3 tỷ đồng", "556.862"} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
	text = mustRun(t, "report", "--db", db, "--scope", "province:40", "--period", "2023", "--format", "text")
	for _, want := range []string{"890.000 người", "tăng 114.724 người", "Nghệ An"} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
	text = mustRun(t, "report", "--db", db, "--scope", "province:42", "--period", "2024H1", "--format", "text")
	for _, want := range []string{"390.754 người", "355.557 gia đình", "6 THÁNG ĐẦU NĂM 2024", "Hà Tĩnh"} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
}

// A province formed on 1 July 2025 is compared with the sum of the
// provinces it was formed from.
func TestNewProvinceIsComparedWithItsPredecessors(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "merge.db")
	mustRun(t, "init", "--db", db)
	csv := filepath.Join(dir, "a.csv")
	writeFile(t, csv, "period,level,code,indicator,value\n"+
		"2025H1,province,52,members.total,400000\n"+ // Bình Định
		"2025H1,province,64,members.total,300000\n"+ // old Gia Lai
		"2025H1,province,52,population.total,1500000\n"+
		"2025H1,province,64,population.total,1600000\n"+
		"2026H1,province,52,members.total,720000\n"+ // the merged Gia Lai
		"2026H1,province,52,population.total,3150000\n"+
		"2025H1,province,52,org.grassroots,159\n"+
		"2025H1,province,64,org.grassroots,220\n"+
		"2026H1,province,52,org.grassroots,135\n")
	mustRun(t, "import", "aggregates", "--db", db, csv)
	// The merger's fall in associations is the reorganisation: the
	// document says so once and states no fall (issue 8).
	text := mustRun(t, "report", "--db", db, "--scope", "province:52", "--period", "2026H1", "--format", "text")
	for _, want := range []string{
		"Sau sắp xếp đơn vị hành chính từ 01/07/2025, tổ chức hội được sắp xếp lại theo đơn vị hành chính mới: trước sắp xếp (cùng kỳ năm 2025) có 379 Hội Khuyến học cơ sở; nay có 135 Hội Khuyến học cơ sở.",
		"- Số Hội Khuyến học cơ sở hiện có là 135 hội.\n",
		"- Tổng số hội viên hiện có là 720.000 người, so với cùng kỳ năm 2025 tăng 20.000 người (tăng 2,86%).",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "giảm 244") {
		t.Errorf("the merger is stated as a fall:\n%s", text)
	}
	r := reportJSON(t, db, "province:52", "2026H1")
	if r.Scope.Name != "Gia Lai" {
		t.Errorf("province:52 in 2026 is %q, want Gia Lai", r.Scope.Name)
	}
	num(t, r.Indicators["members.total"].Value, 720000, "Gia Lai members 2026H1")
	num(t, r.Indicators["members.total"].Previous, 700000, "predecessors' members 2025H1")
	num(t, r.Indicators["members.total"].ChangePct, 2.86, "members change %")
	num(t, r.Indicators["members.ratio"].Value, 22.86, "members per population 2026H1")
	num(t, r.Indicators["members.ratio"].Previous, 22.58, "members per population 2025H1")
	old := reportJSON(t, db, "province:52", "2025H1")
	if old.Scope.Name != "Bình Định" {
		t.Errorf("province:52 in 2025H1 is %q, want Bình Định", old.Scope.Name)
	}
	num(t, old.Indicators["members.total"].Value, 400000, "Bình Định members 2025H1")
}
