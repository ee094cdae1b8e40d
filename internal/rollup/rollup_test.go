package rollup_test

import (
	"context"
	"math"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// fixture writes values straight into aggregate_values and refreshes the
// roll-ups, as an importer does, so that these tests depend on the roll-up
// alone.
type fixture struct {
	t    *testing.T
	db   *store.DB
	tree *units.Tree
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	tree, err := units.LoadTree(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, db: db, tree: tree}
}

// unit resolves LEVEL:CODE at the end of period ps.
func (f *fixture) unit(ref, ps string) *units.Unit {
	f.t.Helper()
	r, err := units.ParseRef(ref)
	if err != nil {
		f.t.Fatal(err)
	}
	u, err := f.tree.Resolve(r.Level, r.Code, period.MustParse(ps).End())
	if err != nil {
		f.t.Fatalf("%s at %s: %v", ref, ps, err)
	}
	return u
}

// set stores one total and refreshes the roll-ups it feeds.
func (f *fixture) set(ref, ps, ind string, v float64) {
	f.t.Helper()
	f.setAs(ref, ps, ind, v, rollup.Total)
}

// setAs stores one value of basis b and refreshes the roll-ups it feeds.
func (f *fixture) setAs(ref, ps, ind string, v float64, b rollup.Basis) {
	f.t.Helper()
	ctx := context.Background()
	u := f.unit(ref, ps)
	err := f.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO aggregate_values (unit_id, period, indicator, basis, value)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (unit_id, period, indicator, basis) DO UPDATE SET value = excluded.value`,
			u.ID, ps, ind, b.String(), v); err != nil {
			return err
		}
		return rollup.Refresh(ctx, tx, f.tree, []rollup.Touch{{UnitID: u.ID, Period: period.MustParse(ps)}})
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

// get evaluates with a fresh evaluator, as a report does.
func (f *fixture) get(ref, ps, ind string) rollup.Result {
	f.t.Helper()
	in, ok := indicator.Default.Get(ind)
	if !ok {
		f.t.Fatalf("no indicator %s", ind)
	}
	ev := rollup.NewEvaluator(f.db, f.tree, indicator.Default)
	r, err := ev.Value(context.Background(), f.unit(ref, ps).ID, period.MustParse(ps), in)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

func (f *fixture) want(ref, ps, ind string, want float64) {
	f.t.Helper()
	r := f.get(ref, ps, ind)
	if !r.Has || math.Abs(r.Value-want) > 1e-6 {
		f.t.Errorf("%s %s %s = %v (has %v), want %v", ref, ps, ind, r.Value, r.Has, want)
	}
}

func (f *fixture) wantNone(ref, ps, ind string) {
	f.t.Helper()
	if r := f.get(ref, ps, ind); r.Has {
		f.t.Errorf("%s %s %s = %v, want no data", ref, ps, ind, r.Value)
	}
}

// Communes of the new Gia Lai (52) in 2026 and of the old Bình Định (52) in 2024.
func communesOf(t *testing.T, f *fixture, province string, at string, n int) []string {
	p := f.unit("province:"+province, at)
	var out []string
	for _, c := range f.tree.Children(p.ID, period.MustParse(at).End()) {
		out = append(out, "commune:"+c.Code)
		if len(out) == n {
			break
		}
	}
	if len(out) < n {
		t.Fatalf("province %s has %d communes", province, len(out))
	}
	return out
}

func TestProvinceSumsItsCommunesAndNationSumsProvinces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cs := communesOf(t, f, "52", "2026H1", 3)
		f.set(cs[0], "2026H1", "members.total", 100)
		f.set(cs[1], "2026H1", "members.total", 250)
		f.set(cs[2], "2026H1", "fund.raised", 5_000_000)
		f.want("province:52", "2026H1", "members.total", 350)
		f.want("nation", "2026H1", "members.total", 350)
		f.want("province:52", "2026H1", "fund.raised", 5_000_000)
		f.wantNone("province:66", "2026H1", "members.total")
		// A corrected value flows up.
		f.set(cs[1], "2026H1", "members.total", 200)
		f.want("province:52", "2026H1", "members.total", 300)
		f.want("nation", "2026H1", "members.total", 300)
	})
}

func TestImportedValueAtUnitWinsOverChildren(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cs := communesOf(t, f, "66", "2026H1", 2)
		f.set(cs[0], "2026H1", "members.total", 10)
		f.set(cs[1], "2026H1", "members.total", 20)
		f.set("province:66", "2026H1", "members.total", 1000)
		f.want("province:66", "2026H1", "members.total", 1000)
		f.want("nation", "2026H1", "members.total", 1000)
		f.set(cs[0], "2026H1", "members.total", 15) // still hidden by the province's figure
		f.want("province:66", "2026H1", "members.total", 1000)
	})
}

func TestFlowsSumOverHalvesAndStocksTakeTheEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cs := communesOf(t, f, "68", "2026", 2)
		f.set(cs[0], "2026H1", "fund.raised", 3)
		f.set(cs[0], "2026H2", "fund.raised", 4)
		f.set(cs[1], "2026", "fund.raised", 10) // a yearly figure beside half-yearly ones
		f.set(cs[0], "2026H1", "members.total", 50)
		f.set(cs[0], "2026H2", "members.total", 60)
		f.want(cs[0], "2026", "fund.raised", 7)
		f.want("province:68", "2026", "fund.raised", 17)
		f.want("province:68", "2026H1", "fund.raised", 3)
		f.want("province:68", "2026", "members.total", 60)
		f.want("province:68", "2026Q4", "members.total", 60)
		f.want("province:68", "2026H1", "members.total", 50)
		f.wantNone("province:68", "2026Q1", "members.total")
	})
}

func TestProvinceHalfYearImportCombinesWithCommuneRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cs := communesOf(t, f, "52", "2026", 1)
		f.set("province:52", "2026H1", "fund.raised", 100)
		f.set(cs[0], "2026H2", "fund.raised", 7)
		f.want("province:52", "2026", "fund.raised", 107)
		f.want("nation", "2026", "fund.raised", 107)
	})
}

func TestNewProvinceBeforeReformIsSumOfPredecessors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// Old Bình Định (52) and old Gia Lai (64) became the new Gia Lai (52).
		f.set("province:52", "2024H1", "members.total", 400_000)
		f.set("province:64", "2024H1", "members.total", 300_000)
		if got := f.unit("province:52", "2024H1").Name; got != "Bình Định" {
			t.Fatalf("province:52 in 2024 is %q", got)
		}
		ev := rollup.NewEvaluator(db, f.tree, indicator.Default)
		ind, _ := indicator.Default.Get("members.total")
		r, err := ev.Value(context.Background(), f.unit("province:52", "2026H1").ID, period.MustParse("2024H1"), ind)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Has || r.Value != 700_000 || r.Approximate {
			t.Errorf("new Gia Lai in 2024H1 = %+v, want 700000 exact", r)
		}
	})
}

func TestYearAcrossTheReformJoinsOldAndNewUnits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.set("province:52", "2025H1", "fund.raised", 10)
		f.set("province:64", "2025H1", "fund.raised", 20)
		f.set("province:52", "2025H2", "fund.raised", 40) // the new Gia Lai
		f.want("province:52", "2025", "fund.raised", 70)
		f.want("nation", "2025", "fund.raised", 70)
		f.want("nation", "2025H1", "fund.raised", 30)
	})
}

func TestSplitCommuneIsSharedAndMarkedApproximate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// Find a new commune formed from a partial link.
		var newID int64
		var link units.Link
		for _, c := range f.tree.All(units.Commune, period.MustParse("2026H1").End()) {
			for _, l := range f.tree.Predecessors(c.ID) {
				if !l.Full && len(f.tree.Successors(l.OldID)) == 2 {
					newID, link = c.ID, l
					break
				}
			}
			if newID != 0 {
				break
			}
		}
		if newID == 0 {
			t.Fatal("no commune split in two")
		}
		old := f.tree.Get(link.OldID)
		f.set("commune:"+old.Code, "2024H1", "members.total", 1000)
		ind, _ := indicator.Default.Get("members.total")
		ev := rollup.NewEvaluator(db, f.tree, indicator.Default)
		r, err := ev.Value(context.Background(), newID, period.MustParse("2024H1"), ind)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Has || r.Value != 500 || !r.Approximate {
			t.Errorf("share of a split commune = %+v, want 500 approximate", r)
		}
		// A count of associations is not split by population: the new
		// commune was formed from the whole of the old one's association.
		f.set("commune:"+old.Code, "2024H1", "org.grassroots", 1)
		f.set("commune:"+old.Code, "2024H1", "org.branches", 9)
		for code, want := range map[string]float64{"org.grassroots": 1, "org.branches": 9} {
			ind, _ := indicator.Default.Get(code)
			r, err := rollup.NewEvaluator(db, f.tree, indicator.Default).Value(context.Background(), newID, period.MustParse("2024H1"), ind)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Has || r.Value != want || r.Approximate {
				t.Errorf("%s of a split commune = %+v, want the whole %v, not approximate", code, r, want)
			}
		}
		// With a known population share the figure is exact.
		if _, err := db.Exec(context.Background(), "UPDATE unit_lineage SET share = 0.3 WHERE old_id = ? AND new_id = ?", link.OldID, newID); err != nil {
			t.Fatal(err)
		}
		tree, err := units.LoadTree(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		r, err = rollup.NewEvaluator(db, tree, indicator.Default).Value(context.Background(), newID, period.MustParse("2024H1"), ind)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Has || math.Abs(r.Value-300) > 1e-9 || r.Approximate {
			t.Errorf("known share = %+v, want 300 exact", r)
		}
	})
}

// A flow counted from records, imported by an old province for the half
// before the reform, counts in the year of the nation and of the new
// province beside the records of both halves, and a non-recorded flow alike.
func TestYearAcrossTheReformCountsAnOldProvincesImportedFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.set("province:64", "2025H1", "fund.raised", 20)
		f.want("nation", "2025H1", "fund.raised", 20)
		f.want("province:52", "2025", "fund.raised", 20)
		f.want("nation", "2025", "fund.raised", 20)
		// A unit without children below province 52 on the day.
		flow := func(on string, delta int64) rollup.RecordDelta {
			d := day(t, on)
			u, err := f.tree.Resolve(units.Province, "52", d)
			if err != nil {
				t.Fatal(err)
			}
			for f.tree.HasChildren(u.ID) {
				u = f.tree.Children(u.ID, d)[0]
			}
			return rollup.RecordDelta{UnitID: u.ID, Indicator: "fund.raised", Day: d, Delta: delta}
		}
		f.rec(flow("2025-03-01", 5), flow("2025-09-01", 3))
		f.want("nation", "2025H1", "fund.raised", 25)
		f.want("province:52", "2025", "fund.raised", 28)
		f.want("nation", "2025", "fund.raised", 28)
		checkRollupsFromNothing(t, f)
		f.set("province:64", "2025H1", "awards.scholarships", 20)
		f.want("nation", "2025", "awards.scholarships", 20)
	})
}
