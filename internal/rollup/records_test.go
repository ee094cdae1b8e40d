package rollup_test

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// day reads YYYY-MM-DD.
func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// rec applies changes of records in one transaction, as the registry does.
func (f *fixture) rec(ds ...rollup.RecordDelta) {
	f.t.Helper()
	ctx := context.Background()
	if err := f.db.InTx(ctx, func(tx *store.Tx) error { return rollup.ApplyRecords(ctx, tx, f.tree, ds) }); err != nil {
		f.t.Fatal(err)
	}
}

// members is a change of members.total of the unit ref (resolved on the
// day of the change) on that day.
func (f *fixture) members(ref, on string, delta int64) rollup.RecordDelta {
	f.t.Helper()
	r, err := units.ParseRef(ref)
	if err != nil {
		f.t.Fatal(err)
	}
	d := day(f.t, on)
	u, err := f.tree.Resolve(r.Level, r.Code, d)
	if err != nil {
		f.t.Fatal(err)
	}
	return rollup.RecordDelta{UnitID: u.ID, Indicator: "members.total", Day: d, Delta: delta}
}

// step is one write or check of a precedence case. Communes are named by
// their place (c0, c1, c2) among the first communes of the new Gia Lai
// (52), whose neighbour Khánh Hòa (56) stands for the rest of the nation.
type step struct {
	rec    string // commune, day, delta: "c0 2025-08-01 +5"
	set    string // ref, period, value: "c0 2026H1 100"
	want   string // ref, period, value or "-" for no data: "province 2026H1 107"
	direct bool   // the check compares rollup_values with a refresh from nothing
}

func TestRecordsAndImportsFollowThePrecedenceRule(t *testing.T) {
	cases := []struct {
		name  string
		steps []step
	}{
		{"commune import wins for its period, records count in the others", []step{
			{rec: "c0 2025-08-01 +5"},
			{set: "c0 2026H1 100"},
			{want: "c0 2026H1 100"},
			{want: "c0 2026Q2 100"}, // a stock imported for a period ending that day
			{want: "c0 2026 5"},
			{want: "c0 2025H2 5"},
			{want: "province 2026H1 100"},
			{want: "province 2026H2 5"},
			{want: "nation 2026H1 100"},
			{want: "c0 2025H1 -"}, // before the commune existed and its records began
		}},
		{"province import wins over everything below it", []step{
			{rec: "c0 2025-08-01 +5"},
			{set: "c1 2026H1 40"},
			{set: "province 2026H1 1000"},
			{rec: "other 2025-09-01 +7"},
			{want: "province 2026H1 1000"},
			{want: "nation 2026H1 1007"},
			{want: "province 2026H2 5"},
			{want: "nation 2026H2 12"},
			{rec: "c0 2026-01-02 +3"}, // hidden by the province's figure
			{want: "province 2026H1 1000", direct: true},
			{want: "nation 2026H1 1007"},
			{want: "nation 2026H2 15"},
		}},
		{"communes with records, with an import and with nothing", []step{
			{rec: "c0 2025-08-01 +10"},
			{rec: "c1 2025-08-01 +3"},
			{set: "c1 2026H1 20"},
			{want: "province 2026H1 30"},
			{want: "province 2026H2 13"},
			{want: "c2 2026H1 -"},
			{want: "nation 2026H1 30"},
		}},
		{"a stock carries forward to a period years after the last write", []step{
			{rec: "c0 2025-08-01 +4"},
			{rec: "other 2025-12-31 +6"},
			{want: "c0 2040H1 4"},
			{want: "province 2040 4"},
			{want: "nation 2040-03 10"},
			{want: "nation 2025-11 4"},
			{want: "nation 2025 10"},
		}},
		{"a member leaving", []step{
			{rec: "c0 2025-08-01 +3"},
			{rec: "c0 2026-03-15 -1"},
			{want: "c0 2026-02 3"},
			{want: "c0 2026Q1 2"},
			{want: "province 2026H1 2"},
			{want: "nation 2026 2"},
		}},
		{"records brought back to zero are still kept", []step{
			{rec: "c0 2025-09-01 +1"},
			{rec: "c0 2025-09-01 -1"},
			{want: "c0 2025H2 0"},
			{want: "province 2025H2 0"},
			{want: "c0 2025-08 -"},
			{set: "c1 2025H2 8"},
			{want: "province 2025H2 8"},
		}},
		{"a change of records under an imported commune refreshes the adjustment", []step{
			{rec: "c0 2025-08-01 +10"},
			{rec: "c1 2025-08-01 +7"},
			{set: "c0 2026H1 100"},
			{want: "province 2026H1 107", direct: true},
			{rec: "c0 2026-01-10 +5"}, // the import still wins at c0
			{want: "province 2026H1 107", direct: true},
			{want: "nation 2026H1 107"},
			{rec: "c1 2026-01-10 +1"},
			{want: "province 2026H1 108", direct: true},
			{rec: "c0 2026-07-01 +2"}, // after the period: no change to it
			{want: "province 2026H1 108", direct: true},
			{want: "province 2026H2 25"},
			{rec: "c0 2025-09-01 -10"}, // before the period, under the import
			{want: "province 2026H1 108", direct: true},
			{want: "province 2026 15"},
			{set: "c0 2026H1 90"},
			{want: "province 2026H1 98", direct: true},
			{want: "nation 2026Q2 98"},
		}},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f := newFixture(t, freshLike(t, db))
				cs := communesOf(t, f, "52", "2026H1", 3)
				other := communesOf(t, f, "56", "2026H1", 1)[0]
				refOf := func(name string) string {
					switch name {
					case "province":
						return "province:52"
					case "nation":
						return "nation"
					case "other":
						return other
					}
					var i int
					if _, err := fmt.Sscanf(name, "c%d", &i); err != nil {
						t.Fatalf("bad name %q", name)
					}
					return cs[i]
				}
				for _, s := range c.steps {
					switch {
					case s.rec != "":
						var name, on string
						var delta int64
						if _, err := fmt.Sscanf(s.rec, "%s %s %d", &name, &on, &delta); err != nil {
							t.Fatal(err)
						}
						f.rec(f.members(refOf(name), on, delta))
					case s.set != "":
						var name, ps string
						var v float64
						if _, err := fmt.Sscanf(s.set, "%s %s %g", &name, &ps, &v); err != nil {
							t.Fatal(err)
						}
						f.set(refOf(name), ps, "members.total", v)
					default:
						parts := strings.Fields(s.want)
						ref := refOf(parts[0])
						if parts[2] == "-" {
							f.wantNone(ref, parts[1], "members.total")
						} else {
							var v float64
							fmt.Sscanf(parts[2], "%g", &v)
							f.want(ref, parts[1], "members.total", v)
						}
						if s.direct {
							checkRollupsFromNothing(t, f)
						}
					}
				}
			})
		}
	})
}

// freshLike is a fresh database of db's kind.
func freshLike(t *testing.T, db *store.DB) *store.DB {
	if db.Dialect == store.Postgres {
		return storetest.Postgres(t)
	}
	return storetest.SQLite(t)
}

// checkRollupsFromNothing compares rollup_values with a refresh of every
// imported figure from nothing, in a transaction rolled back after: the
// refreshes ApplyRecords does must leave the same adjustments.
func checkRollupsFromNothing(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	read := func(q store.Querier) map[string]float64 {
		rows, err := q.Query(ctx, "SELECT unit_id, period, indicator, value FROM rollup_values")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]float64{}
		for rows.Next() {
			var id int64
			var p, ind string
			var v float64
			if err := rows.Scan(&id, &p, &ind, &v); err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprint(id, p, ind)] = v
		}
		return out
	}
	got := read(f.db)
	tx, err := f.db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var touched []rollup.Touch
	rows, err := tx.Query(ctx, "SELECT DISTINCT unit_id, period FROM aggregate_values")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tc rollup.Touch
		var p string
		if err := rows.Scan(&tc.UnitID, &p); err != nil {
			t.Fatal(err)
		}
		tc.Period = period.MustParse(p)
		touched = append(touched, tc)
	}
	rows.Close()
	if _, err := tx.Exec(ctx, "DELETE FROM rollup_values"); err != nil {
		t.Fatal(err)
	}
	if err := rollup.Refresh(ctx, tx, f.tree, touched); err != nil {
		t.Fatal(err)
	}
	want := read(tx)
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		g, gok := got[k]
		w, wok := want[k]
		if gok != wok || math.Abs(g-w) > 1e-9 {
			t.Errorf("rollup_values %s = %v (%v), a refresh from nothing gives %v (%v)", k, g, gok, w, wok)
		}
	}
}

// reformMove finds an old commune whose records all went to one new
// commune, with its old province merged whole into the new one.
func reformMove(t *testing.T, f *fixture) (x, y *units.Unit) {
	t.Helper()
	for _, old := range f.tree.All(units.Commune, day(t, "2024-12-31")) {
		ss := f.tree.Successors(old.ID)
		if len(ss) != 1 || !ss[0].Full {
			continue
		}
		newC := f.tree.Get(ss[0].NewID)
		oldP, newP := province(f.tree, old), province(f.tree, newC)
		full := false
		for _, l := range f.tree.Predecessors(newP.ID) {
			full = full || (l.OldID == oldP.ID && l.Full)
		}
		if full && len(f.tree.Successors(oldP.ID)) == 1 {
			return old, newC
		}
	}
	t.Fatal("no old commune moved whole into one new commune")
	return nil, nil
}

func province(tree *units.Tree, u *units.Unit) *units.Unit {
	for _, a := range tree.Ancestors(u.ID) {
		if a.Level == units.Province {
			return a
		}
	}
	return nil
}

func TestMembersMovedAcrossTheReformCountOnEachSide(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		x, y := reformMove(t, f)
		oldP, newP := province(f.tree, x), province(f.tree, y)
		moved := day(t, "2025-07-01")
		f.rec(
			rollup.RecordDelta{UnitID: x.ID, Indicator: "members.total", Day: day(t, "2020-03-01"), Delta: 12},
			rollup.RecordDelta{UnitID: x.ID, Indicator: "members.total", Day: day(t, "2023-05-20"), Delta: -2},
		)
		f.rec( // the registry moves the association with the reform
			rollup.RecordDelta{UnitID: x.ID, Indicator: "members.total", Day: moved, Delta: -10},
			rollup.RecordDelta{UnitID: y.ID, Indicator: "members.total", Day: moved, Delta: 10},
		)
		f.rec(rollup.RecordDelta{UnitID: y.ID, Indicator: "members.total", Day: day(t, "2026-02-01"), Delta: 1})
		ind, _ := indicator.Default.Get("members.total")
		for _, c := range []struct {
			name string
			unit *units.Unit
			per  string
			want float64
		}{
			{"old province 2024H2", oldP, "2024H2", 10},
			{"old province 2025H1", oldP, "2025H1", 10},
			{"old commune 2022", x, "2022", 12},
			{"new province 2026H1", newP, "2026H1", 11},
			{"new province 2025H2", newP, "2025H2", 10},
			{"new province 2024H2, through the lineage", newP, "2024H2", 10},
			{"new commune 2024H2, through the lineage", y, "2024H2", 10},
			{"nation 2024H2", f.tree.Nation(), "2024H2", 10},
			{"nation 2025H1", f.tree.Nation(), "2025H1", 10},
			{"nation 2025", f.tree.Nation(), "2025", 10},
			{"nation 2026H1", f.tree.Nation(), "2026H1", 11},
		} {
			r, err := rollup.NewEvaluator(db, f.tree, indicator.Default).Value(context.Background(), c.unit.ID, period.MustParse(c.per), ind)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Has || r.Value != c.want || r.Approximate {
				t.Errorf("%s = %+v, want %v exact", c.name, r, c.want)
			}
		}
		// The report of the new province compares 2026H1 with 2025H1, of
		// its predecessors.
		rep, err := report.BuildWith(context.Background(), db, f.tree, units.Ref{Level: units.Province, Code: newP.Code}, period.MustParse("2026H1"))
		if err != nil {
			t.Fatal(err)
		}
		v := rep.Indicators["members.total"]
		if v.Value == nil || *v.Value != 11 || v.Previous == nil || *v.Previous != 10 {
			t.Errorf("report of %s: members.total %s", newP.Name, show(v))
		}
	})
}

func show(v report.Value) string {
	s := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("value %s, previous %s", s(v.Value), s(v.Previous))
}

func TestReportShowsMembersAndRatioCountedFromRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := communesOf(t, f, "52", "2026H1", 1)[0]
		f.rec(f.members(c, "2025-08-01", 150), f.members(c, "2026-02-01", 50))
		f.set(c, "2026H1", "population.total", 10_000)
		u := f.unit(c, "2026H1")
		rep, err := report.BuildWith(context.Background(), db, f.tree, units.Ref{Level: units.Commune, Code: u.Code}, period.MustParse("2026H1"))
		if err != nil {
			t.Fatal(err)
		}
		if v := rep.Indicators["members.total"]; v.Value == nil || *v.Value != 200 {
			t.Errorf("members.total: %s, want 200", show(v))
		}
		if v := rep.Indicators["members.ratio"]; v.Value == nil || *v.Value != 2 {
			t.Errorf("members.ratio: %s, want 2", show(v))
		}
		prov, err := report.BuildWith(context.Background(), db, f.tree, units.Ref{Level: units.Province, Code: "52"}, period.MustParse("2026H1"))
		if err != nil {
			t.Fatal(err)
		}
		if v := prov.Indicators["members.total"]; v.Value == nil || *v.Value != 200 || v.Previous != nil {
			t.Errorf("province members.total: %s, want 200 with nothing a year before", show(v))
		}
	})
}

func TestApplyRecordsRefusesWhatRecordsCannotHold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		x, y := reformMove(t, f)
		ctx := context.Background()
		for _, c := range []struct {
			name string
			d    rollup.RecordDelta
		}{
			{"a flow not counted from records", rollup.RecordDelta{UnitID: y.ID, Indicator: "students.returned", Day: day(t, "2025-08-01"), Delta: 1}},
			{"a stock not counted from records", rollup.RecordDelta{UnitID: y.ID, Indicator: "population.total", Day: day(t, "2025-08-01"), Delta: 1}},
			{"an old unit after it ended", rollup.RecordDelta{UnitID: x.ID, Indicator: "members.total", Day: day(t, "2025-07-02"), Delta: -1}},
			{"no unit", rollup.RecordDelta{UnitID: 1 << 40, Indicator: "members.total", Day: day(t, "2025-08-01"), Delta: 1}},
		} {
			before, _ := rollup.Version(ctx, db)
			err := db.InTx(ctx, func(tx *store.Tx) error { return rollup.ApplyRecords(ctx, tx, f.tree, []rollup.RecordDelta{c.d}) })
			if err == nil {
				t.Errorf("%s: accepted", c.name)
			}
			if after, _ := rollup.Version(ctx, db); after != before {
				t.Errorf("%s: figures counter moved", c.name)
			}
		}
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM record_totals").Scan(&n); err != nil || n != 0 {
			t.Errorf("record_totals has %d rows (%v) after refusals", n, err)
		}
		// The day after an old unit ended takes the change that closes it.
		before, _ := rollup.Version(ctx, db)
		f.rec(rollup.RecordDelta{UnitID: x.ID, Indicator: "org.branches", Day: day(t, "2025-07-01"), Delta: 0})
		if after, _ := rollup.Version(ctx, db); after != before+1 {
			t.Errorf("figures counter %d → %d, want one step", before, after)
		}
		// A member of a new commune who joined before it existed counts
		// there from its first day, and not before the reform.
		f.rec(rollup.RecordDelta{UnitID: y.ID, Indicator: "members.total", Day: day(t, "2015-03-01"), Delta: 1})
		ref := "commune:" + y.Code
		f.want(ref, "2025-07", "members.total", 1)
		f.want("nation", "2025H2", "members.total", 1)
		f.wantNone("nation", "2025H1", "members.total")
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM record_totals WHERE unit_id = ? AND day = '2025-07-01'", y.ID).Scan(&n); err != nil || n != 1 {
			t.Errorf("the change before the commune began: %d rows on its first day (%v), want 1", n, err)
		}
	})
}

func TestApplyRecordsSumsChangesOfOneDayAndKeepsEachIndicator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cs := communesOf(t, f, "52", "2026H1", 2)
		a, b := f.unit(cs[0], "2026H1"), f.unit(cs[1], "2026H1")
		d := day(t, "2025-10-10")
		var ds []rollup.RecordDelta
		for i := 0; i < 50; i++ {
			ds = append(ds, rollup.RecordDelta{UnitID: b.ID, Indicator: "members.total", Day: d, Delta: 1},
				rollup.RecordDelta{UnitID: a.ID, Indicator: "members.total", Day: d.AddDate(0, 0, i), Delta: 1})
		}
		ds = append(ds,
			rollup.RecordDelta{UnitID: a.ID, Indicator: "org.grassroots", Day: d, Delta: 1},
			rollup.RecordDelta{UnitID: a.ID, Indicator: "org.branches", Day: d, Delta: 6},
			rollup.RecordDelta{UnitID: b.ID, Indicator: "org.boards", Day: d, Delta: 2})
		f.rec(ds...)
		f.want(cs[0], "2025H2", "members.total", 50)
		f.want(cs[0], "2025-10", "members.total", 22)
		f.want(cs[1], "2025-10", "members.total", 50)
		f.want("province:52", "2025-11", "members.total", 50+50)
		f.want("nation", "2025", "org.grassroots", 1)
		f.want("province:52", "2025", "org.branches", 6)
		f.want("nation", "2025", "org.boards", 2)
		f.wantNone("nation", "2025", "fund.raised")
		var n int
		if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM record_totals WHERE unit_id = ?", b.ID).Scan(&n); err != nil || n != 2 {
			t.Errorf("record_totals of one commune: %d rows (%v), want 2 (one day each of two indicators)", n, err)
		}
	})
}
