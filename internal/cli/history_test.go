package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestHistoryListsEveryWriteOfAFigure: two imports and an approved form
// write one figure; the history command lists the three writes, oldest
// first, with Vietnam times, who, old and new values and the file or form,
// in each format; the province's history lists them as changes below it.
func TestHistoryListsEveryWriteOfAFigure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, f := range []struct{ name, value string }{{"dot-1.csv", "120"}, {"dot-2.csv", "135"}} {
			path := importsWrite(t, f.name, aggHeader+"2025H2,commune,00004,members.total,"+f.value+"\n")
			if _, stderr, code := importsRun(t, db, "import", "aggregates", path); code != 0 {
				t.Fatalf("import %s: exit %d: %s", f.name, code, stderr)
			}
		}
		tree, err := units.LoadTree(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		h2 := period.MustParse("2025H2")
		c, err := tree.Resolve(units.Commune, "00004", h2.End())
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 16, 2, 30, 0, 0, time.UTC) // 09:30 in Vietnam
		xa := auth.ForUser(tree, auth.User{ID: 1, Email: "xa@hanoi.vn", Role: auth.Officer, ScopeUnitID: c.ID}, audit.ViaPage)
		tinh := auth.ForUser(tree, auth.User{ID: 2, Email: "tinh@hanoi.vn", Role: auth.Officer, ScopeUnitID: c.ParentID}, audit.ViaPage)
		if err := entry.SaveDraft(ctx, db, tree, xa, c.ID, h2, map[string]string{"members.total": "140"}, at); err != nil {
			t.Fatal(err)
		}
		if err := entry.Submit(ctx, db, tree, xa, c.ID, h2, at); err != nil {
			t.Fatal(err)
		}
		if err := entry.Approve(ctx, db, tree, tinh, c.ID, h2, at); err != nil {
			t.Fatal(err)
		}

		out, stderr, code := importsRun(t, db, "history", "--scope", "commune:00004", "--period", "2025H2", "--indicator", "members.total")
		if code != 0 {
			t.Fatalf("history: exit %d: %s", code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 6 || !strings.Contains(lines[0], "Số hội viên") {
			t.Fatalf("history table:\n%s", out)
		}
		for i, want := range [][]string{
			{"15/03/2026 17:00", "canbo", "(giá trị đầu tiên)", "120", "tệp dot-1.csv"},
			{"15/03/2026 17:00", "canbo", "120", "135", "tệp dot-2.csv"},
			{"16/03/2026 09:30", "tinh@hanoi.vn", "135", "140", "phiếu nhập liệu được duyệt"},
		} {
			for _, w := range want {
				if !strings.Contains(lines[3+i], w) {
					t.Errorf("history line %d %q lacks %q", i+1, lines[3+i], w)
				}
			}
		}

		out, _, code = importsRun(t, db, "history", "--scope", "commune:00004", "--period", "2025H2", "--indicator", "members.total", "--format", "json")
		var js []struct {
			At     string   `json:"at"`
			Unit   string   `json:"unit"`
			Actor  string   `json:"actor"`
			Old    *float64 `json:"old_value"`
			New    float64  `json:"new_value"`
			Kind   string   `json:"kind"`
			Source string   `json:"source"`
		}
		if err := json.Unmarshal([]byte(out), &js); err != nil || code != 0 || len(js) != 3 {
			t.Fatalf("history json (exit %d, %v):\n%s", code, err, out)
		}
		if js[0].Old != nil || js[0].New != 120 || *js[1].Old != 120 || js[2].Kind != "entry" || js[2].At != "2026-03-16T09:30:00+07:00" || js[0].Source != "dot-1.csv" {
			t.Errorf("history json: %+v", js)
		}

		out, _, code = importsRun(t, db, "history", "--scope", "commune:00004", "--period", "2025H2", "--indicator", "members.total", "--format", "csv")
		if rows := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(rows) != 4 || !strings.HasPrefix(rows[1], "2026-03-15T17:00:00+07:00,commune:00004,2025H2,members.total,canbo,,120,") {
			t.Errorf("history csv (exit %d):\n%s", code, out)
		}

		// The province has no value of its own: its history shows the
		// changes below it, newest first.
		out, _, code = importsRun(t, db, "history", "--scope", "province:01", "--period", "2025H2", "--indicator", "members.total")
		if code != 0 || !strings.Contains(out, "Chưa có thay đổi nào") || !strings.Contains(out, "(3/3)") || strings.Index(out, "140") > strings.Index(out, "dot-1.csv") {
			t.Errorf("province history (exit %d):\n%s", code, out)
		}
	})
}

// TestHistoryRefusesBadArguments: missing flags are a usage error (exit
// 2), a ratio has no history of its own and an unknown unit is named (exit 1).
func TestHistoryRefusesBadArguments(t *testing.T) {
	db := storetest.SQLite(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"history", "--scope", "commune:00004", "--period", "2025H2"}, 2, "--indicator"},
		{[]string{"history", "--scope", "commune:00004", "--period", "2025H2", "--indicator", "members.ratio"}, 1, "«Số hội viên»"},
		{[]string{"history", "--scope", "commune:99999", "--period", "2025H2", "--indicator", "members.total"}, 1, "99999"},
		{[]string{"history", "--scope", "commune:00004", "--period", "2025H7", "--indicator", "members.total"}, 1, "2025H7"},
	} {
		_, stderr, code := importsRun(t, db, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want exit %d naming %q", c.args, code, stderr, c.code, c.want)
		}
	}
}
