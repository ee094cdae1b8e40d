package aggregate

import (
	"context"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestHistoryShowsFirstWritesKeptWithTheValues: the history table keeps
// replacements only, yet HistoryOf shows every write with its import: a
// replaced figure's first write from the old side of its first row, a
// figure never replaced from its value row, and both among the changes
// below the province, newest first.
func TestHistoryShowsFirstWritesKeptWithTheValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tree, err := units.LoadTree(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		h2 := period.MustParse("2025H2")
		hanoi, err := tree.Resolve(units.Province, "01", h2.End())
		if err != nil {
			t.Fatal(err)
		}
		var cs []*units.Unit
		for _, c := range tree.Children(hanoi.ID, h2.End()) {
			if c.Level == units.Commune && len(cs) < 2 {
				cs = append(cs, c)
			}
		}
		a, b := cs[0], cs[1]
		mustImport(t, db, "dot-1.csv", header+"2025H2,commune,"+a.Code+",members.total,120\n2025H2,commune,"+b.Code+",members.total,70\n",
			Options{Actor: "xã", Now: testNow})
		mustImport(t, db, "dot-2.csv", header+"2025H2,commune,"+a.Code+",members.total,135\n",
			Options{Actor: "tỉnh", Now: testNow.Add(time.Hour)})
		if n := count(t, db, "aggregate_history"); n != 1 {
			t.Fatalf("history has %d rows, want the one replacement", n)
		}
		admin := auth.LocalAdmin("admin")

		h, err := HistoryOf(ctx, db, tree, admin, a.ID, h2, "members.total")
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Changes) != 2 {
			t.Fatalf("%d changes of %s, want 2: %+v", len(h.Changes), a.Code, h.Changes)
		}
		first, second := h.Changes[0], h.Changes[1]
		if first.Old != nil || first.New != 120 || first.Source != "dot-1.csv" || first.Actor != "xã" || !first.At.Equal(testNow) {
			t.Errorf("first write: %+v", first)
		}
		if second.Old == nil || *second.Old != 120 || second.New != 135 || second.Source != "dot-2.csv" || second.Actor != "tỉnh" || !second.At.Equal(testNow.Add(time.Hour)) {
			t.Errorf("replacement: %+v", second)
		}

		h, err = HistoryOf(ctx, db, tree, admin, b.ID, h2, "members.total")
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Changes) != 1 || h.Changes[0].Old != nil || h.Changes[0].New != 70 || h.Changes[0].Source != "dot-1.csv" || h.Changes[0].Actor != "xã" {
			t.Errorf("history of %s, never replaced: %+v", b.Code, h.Changes)
		}

		h, err = HistoryOf(ctx, db, tree, admin, hanoi.ID, h2, "members.total")
		if err != nil {
			t.Fatal(err)
		}
		if h.BelowTotal != 3 || len(h.Below) != 3 {
			t.Fatalf("below Hà Nội: %d (%d listed), want 3: %+v", h.BelowTotal, len(h.Below), h.Below)
		}
		if top := h.Below[0]; top.UnitID != a.ID || top.New != 135 {
			t.Errorf("newest change below: %+v, want %s's replacement", top, a.Code)
		}
		got := map[int64]float64{}
		for _, c := range h.Below[1:] {
			if c.Old != nil || c.Source != "dot-1.csv" {
				t.Errorf("older change below: %+v, want a first write of dot-1.csv", c)
			}
			got[c.UnitID] = c.New
		}
		if got[a.ID] != 120 || got[b.ID] != 70 {
			t.Errorf("first writes below: %v", got)
		}
	})
}
