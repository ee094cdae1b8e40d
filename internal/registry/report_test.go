package registry

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestTheProvinceReportCountsTheRecordsAcrossTheReform is the issue's
// "done when": an association of a commune abolished in 2025 keeps its
// members (imported from its list, a bad row fixed), the reform moves it,
// a member leaves; the province's report shows the structure and member
// figures from the records for periods before and after 1 July 2025, and
// the comparison with the same period a year before.
func TestTheProvinceReportCountsTheRecordsAcrossTheReform(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)                                                   // Ba Đình (new) has an association and 2 branches from 2025
		old, err := f.tree.Resolve(units.Commune, "00004", d("2024-12-31")) // Phường Trúc Bạch
		if err != nil {
			t.Fatal(err)
		}
		if _, err := AddOrg(ctx, db, f.tree, f.local, NewOrg{Kind: Grassroots, Name: "Hội Khuyến học phường Trúc Bạch", CommuneID: old.ID, Founded: d("2010-05-01")}, now); err != nil {
			t.Fatal(err)
		}
		// The list, as the old ward kept it: codes valid when they joined.
		list := "Mã xã,Chi hội,Họ và tên,Ngày sinh,Ngày vào hội\n" +
			"00004,Chi hội Tổ 5,Phạm Văn Một,1950,01/03/2015\n" +
			"00004,Chi hội Tổ 5,Phạm Văn Hai,1951,01/03/2015\n" +
			"00004,Chi hội Tổ 5,Phạm Thị Ba,1952,10/10/2024\n" +
			"00004,Chi hội Tổ 6,Phạm Văn Bốn,31/02/1953,01/03/2016\n"
		// Its codes are those of before the reform (00004 is Ba Đình's now).
		old25 := ImportOptions{CreateBranches: true, CodesOn: d("2025-06-30")}
		_, err = ImportMembers(ctx, db, f.tree, f.local, strings.NewReader(list), "to-5.csv", "x", old25, now)
		if got := faults(err); !strings.Contains(got, "dòng 5, cột Ngày sinh") {
			t.Fatalf("the bad row: %s", got)
		}
		list = strings.Replace(list, "31/02/1953", "1953", 1)
		if _, err := ImportMembers(ctx, db, f.tree, f.local, strings.NewReader(list), "to-5.csv", "x", old25, now); err != nil {
			t.Fatal(faults(err))
		}
		if _, err := MoveReform(ctx, db, f.tree, f.local, true, now); err != nil {
			t.Fatal(err)
		}
		// One member of Ba Đình itself, and one of the old ward leaves.
		if _, err := AddMember(ctx, db, f.tree, f.xa, f.branch.ID, an(), false, now); err != nil {
			t.Fatal(err)
		}
		p, err := FindMembers(ctx, db, f.tree, f.xa, Query{Text: "pham van hai"})
		if err != nil || len(p.Members) != 1 {
			t.Fatalf("Ba Đình's officer finds the moved member: %+v, %v", p, err)
		}
		if err := LeaveMember(ctx, db, f.tree, f.xa, p.Members[0].ID, p.Members[0].Version, d("2026-02-01"), "Chuyển nơi ở", now); err != nil {
			t.Fatal(err)
		}

		value := func(scope units.Ref, per, code string) (float64, float64) {
			t.Helper()
			r, err := report.BuildWith(ctx, db, f.tree, scope, period.MustParse(per))
			if err != nil {
				t.Fatal(err)
			}
			v := r.Indicators[code]
			var cur, prev float64 = -1, -1
			if v.Value != nil {
				cur = *v.Value
			}
			if v.Previous != nil {
				prev = *v.Previous
			}
			return cur, prev
		}
		hanoi := units.Ref{Level: units.Province, Code: "01"}
		for _, c := range []struct {
			per, code  string
			cur, prev  float64
			comparison string
		}{
			// Before the reform (the old province): 4 members, 1 association, 2 branches.
			{"2024H2", "members.total", 4, 3, "a member joined in October 2024"},
			{"2024H2", "org.grassroots", 1, 1, ""},
			{"2024H2", "org.branches", 2, 2, ""},
			// After it (the new province): the old ward's 4 (one left in
			// February 2026) and Ba Đình's own member.
			{"2025H2", "members.total", 5, 4, "2024H2 through the lineage"},
			{"2026H1", "members.total", 4, 4, "2025H1 through the lineage"},
			{"2026H1", "org.grassroots", 2, 1, ""},
			{"2026H1", "org.branches", 4, 2, ""},
		} {
			cur, prev := value(hanoi, c.per, c.code)
			if cur != c.cur || prev != c.prev {
				t.Errorf("Hà Nội %s %s = %v (previous %v), want %v (previous %v) %s", c.per, c.code, cur, prev, c.cur, c.prev, c.comparison)
			}
		}
		// The nation, on either side of the reform.
		for per, want := range map[string]float64{"2025H1": 4, "2025H2": 5, "2026H1": 4} {
			if cur, _ := value(units.Ref{Level: units.Nation}, per, "members.total"); cur != want {
				t.Errorf("the nation %s: %v members, want %v", per, cur, want)
			}
		}
	})
}
