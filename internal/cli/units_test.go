package cli_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/cli"
)

// unitsRunner runs the program against one SQLite file per test, so the
// units are seeded once per test rather than once per command.
type unitsRunner struct {
	t  *testing.T
	db string
}

func newUnitsRunner(t *testing.T) *unitsRunner {
	r := &unitsRunner{t: t, db: "sqlite:" + filepath.Join(t.TempDir(), "k.db")}
	r.ok("init")
	return r
}

// run returns stdout, stderr and the exit status of one command.
func (r *unitsRunner) run(args ...string) (string, string, int) {
	r.t.Helper()
	var out, errOut bytes.Buffer
	env := cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2026, 3, 15, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600)) },
	}
	code := cli.Main(context.Background(), append(args, "--db", r.db), env)
	return out.String(), errOut.String(), code
}

func (r *unitsRunner) ok(args ...string) string {
	r.t.Helper()
	out, errOut, code := r.run(args...)
	if code != 0 {
		r.t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
	}
	return out
}

func TestUnitsListPrintsProvincesInVietnamese(t *testing.T) {
	r := newUnitsRunner(t)
	out := r.ok("units", "list", "--level", "province", "--at", "2024-01-01")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 64 {
		t.Fatalf("%d lines, want a header and 63 provinces", len(lines))
	}
	for _, want := range []string{"Mã", "Tên", "Hiệu lực đến"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("header %q lacks %q", lines[0], want)
		}
	}
	if !strings.Contains(out, "Tỉnh Bình Định") || !strings.Contains(out, "30/06/2025") {
		t.Errorf("list lacks Bình Định or the Vietnamese date:\n%s", out)
	}
	// --at defaults to today (2026 here): 34 provinces.
	out = r.ok("units", "list", "--level", "province")
	if n := strings.Count(strings.TrimRight(out, "\n"), "\n"); n != 34 {
		t.Errorf("today's list has %d provinces, want 34", n)
	}
}

func TestUnitsListMachineFormatsUseISODates(t *testing.T) {
	r := newUnitsRunner(t)
	out := r.ok("units", "list", "--level", "district", "--in", "province:01", "--at", "2024-01-01", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 31 || recs[0][0] != "level" {
		t.Fatalf("csv: %d records (header %v), want a header and Hà Nội's 30 districts", len(recs), recs[0])
	}
	if got := strings.Join(recs[1], ","); got != "district,001,Ba Đình,Quận,Quận Ba Đình,province,01,,2025-06-30" {
		t.Errorf("first row %q", got)
	}
	out = r.ok("units", "list", "--level", "commune", "--in", "province:52", "--at", "2026-01-01", "--format", "json")
	var units []struct {
		Level, Code, Name string
		ValidFrom         *string `json:"valid_from"`
		ValidTo           *string `json:"valid_to"`
		Parent            struct{ Code string }
	}
	if err := json.Unmarshal([]byte(out), &units); err != nil {
		t.Fatal(err)
	}
	if len(units) != 135 || units[0].Parent.Code != "52" || units[0].ValidFrom == nil || *units[0].ValidFrom != "2025-07-01" || units[0].ValidTo != nil {
		t.Errorf("json: %d communes of Gia Lai, first %+v", len(units), units[0])
	}
}

func TestUnitsShowNamesTheUnitOfThatDate(t *testing.T) {
	r := newUnitsRunner(t)
	out := r.ok("units", "show", "province:52", "--at", "2024-06-30")
	if !strings.Contains(out, "Tỉnh Bình Định") || !strings.Contains(out, "đến 30/06/2025") || !strings.Contains(out, "Tỉnh Gia Lai") {
		t.Errorf("show province:52 in 2024:\n%s", out)
	}
	out = r.ok("units", "show", "--at", "2026-01-01", "province:52", "--format", "json")
	var got struct {
		Name         string
		Predecessors []struct{ Code, Name, Kind string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Name != "Gia Lai" || len(got.Predecessors) != 2 || got.Predecessors[0].Code != "52" || got.Predecessors[1].Code != "64" ||
		got.Predecessors[0].Kind != "full" || got.Predecessors[1].Kind != "full" {
		t.Errorf("show province:52 in 2026: %+v", got)
	}
}

func TestUnitsLineageListsPartialLinks(t *testing.T) {
	r := newUnitsRunner(t)
	out := r.ok("units", "lineage", "commune:00004", "--at", "2026-01-01")
	if !strings.Contains(out, "Phường Trúc Bạch") || !strings.Contains(out, "một phần") || !strings.Contains(out, "toàn bộ") || !strings.Contains(out, "01/07/2025") {
		t.Errorf("lineage of Phường Ba Đình:\n%s", out)
	}
	out = r.ok("units", "lineage", "commune:00016", "--at", "2024-01-01", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 3 {
		t.Fatalf("Phường Ngọc Hà went into %d units, want several", len(recs)-1)
	}
	for _, rec := range recs[1:] {
		if rec[0] != "successor" || rec[6] != "partial" || rec[8] != "2025-07-01" {
			t.Errorf("row %v", rec)
		}
	}
}

func TestUnitsFindIgnoresDiacritics(t *testing.T) {
	r := newUnitsRunner(t)
	out := r.ok("units", "find", "dak", "lak")
	if strings.Count(out, "Tỉnh Đắk Lắk") != 2 {
		t.Errorf("find dak lak without a date should list the old and the new province:\n%s", out)
	}
	out = r.ok("units", "find", "phuc xa", "--at", "2024-01-01", "--format", "csv")
	if !strings.Contains(out, "commune,00001,Phúc Xá,Phường") {
		t.Errorf("find phuc xa:\n%s", out)
	}
	_, errOut, code := r.run("units", "find", "khong co dau ca")
	if code != 1 || !strings.Contains(errOut, "không tìm thấy") {
		t.Errorf("find of nothing: exit %d, stderr %q", code, errOut)
	}
}

func TestUnitsCommandsRejectBadInput(t *testing.T) {
	r := newUnitsRunner(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"units", "show", "province:99", "--at", "2024-01-01"}, 1, "không có đơn vị"},
		{[]string{"units", "show", "province:00001", "--at", "2024-01-01"}, 1, "không phải mã cấp"},
		{[]string{"units", "show", "district:001", "--at", "2026-01-01"}, 1, "không còn cấp huyện"},
		{[]string{"units", "show", "tinh:52"}, 1, "không hợp lệ"},
		{[]string{"units", "show", "province:52", "--at", "30/06/2024"}, 1, "ngày"},
		{[]string{"units", "list", "--level", "xa"}, 1, "cấp đơn vị"},
		{[]string{"units", "list", "--level", "province", "--in", "commune:00001", "--at", "2024-01-01"}, 1, "không thể chứa"},
		{[]string{"units", "list"}, 2, "--level"},
		{[]string{"units", "list", "--level", "province", "--format", "xml"}, 2, "định dạng"},
		{[]string{"units", "show"}, 2, "CẤP:MÃ"},
		{[]string{"units", "show", "province:52", "province:64"}, 2, "CẤP:MÃ"},
		{[]string{"units", "find"}, 2, "tên đơn vị"},
		{[]string{"units", "lineage", "--bogus"}, 2, "bogus"},
	} {
		out, errOut, code := r.run(c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", c.args, code, out, errOut, c.code, c.want)
		}
		if strings.Count(strings.TrimRight(errOut, "\n"), "\n") > 0 && c.code == 1 {
			t.Errorf("%v: error is not one line: %q", c.args, errOut)
		}
	}
}
