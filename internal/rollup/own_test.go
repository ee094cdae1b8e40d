package rollup_test

import (
	"context"
	"math"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// own evaluates the own figure with a fresh evaluator.
func (f *fixture) own(ref, ps, ind string) rollup.Result {
	f.t.Helper()
	in, ok := indicator.Default.Get(ind)
	if !ok {
		f.t.Fatalf("no indicator %s", ind)
	}
	ev := rollup.NewEvaluator(f.db, f.tree, indicator.Default)
	r, err := ev.Own(context.Background(), f.unit(ref, ps).ID, period.MustParse(ps), in)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

func (f *fixture) wantOwn(ref, ps, ind string, want float64) {
	f.t.Helper()
	r := f.own(ref, ps, ind)
	if !r.Has || math.Abs(r.Value-want) > 1e-6 {
		f.t.Errorf("own %s %s %s = %v (has %v), want %v", ref, ps, ind, r.Value, r.Has, want)
	}
}

// build is the report of ref for ps.
func (f *fixture) build(ref, ps string) *report.Report {
	f.t.Helper()
	r, err := units.ParseRef(ref)
	if err != nil {
		f.t.Fatal(err)
	}
	rep, err := report.BuildWith(context.Background(), f.db, f.tree, r, period.MustParse(ps))
	if err != nil {
		f.t.Fatal(err)
	}
	return rep
}

// wantValue checks a report value: its figure, its comparison figure and
// its own part, each nil when want is NaN.
func wantValue(t *testing.T, what string, v report.Value, value, previous, own float64) {
	t.Helper()
	check := func(name string, got *float64, want float64) {
		t.Helper()
		switch {
		case math.IsNaN(want) && got != nil:
			t.Errorf("%s: %s = %v, want none", what, name, *got)
		case !math.IsNaN(want) && (got == nil || math.Abs(*got-want) > 1e-6):
			t.Errorf("%s: %s = %s, want %v", what, name, show(report.Value{Value: got}), want)
		}
	}
	check("value", v.Value, value)
	check("previous", v.Previous, previous)
	check("own", v.Own, own)
}

var none = math.NaN()

func TestOwnFigureAddsToTheSumOfTheChildren(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cs := communesOf(t, f, "52", "2026H1", 2)
		f.setAs("province:52", "2026H1", "fund.raised", 500, rollup.Own)
		f.set(cs[0], "2026H1", "fund.raised", 1_000)
		f.set(cs[1], "2026H1", "fund.raised", 2_000)
		f.want("province:52", "2026H1", "fund.raised", 3_500)
		f.wantOwn("province:52", "2026H1", "fund.raised", 500)
		f.want("nation", "2026H1", "fund.raised", 3_500)
		if r := f.own("nation", "2026H1", "fund.raised"); r.Has {
			t.Errorf("the nation has an own figure %v; none was recorded", r.Value)
		}
		rep := f.build("province:52", "2026H1")
		wantValue(t, "province fund.raised", rep.Indicators["fund.raised"], 3_500, none, 500)
		wantValue(t, "province fund.spent", rep.Indicators["fund.spent"], none, none, none)
		for _, c := range rep.Children {
			if v := c.Indicators["fund.raised"]; v.Own != nil {
				t.Errorf("commune %s has an own part %v", c.Code, *v.Own)
			}
		}
		// A change of a commune's figure or of the own one flows up.
		f.set(cs[1], "2026H1", "fund.raised", 2_500)
		f.setAs("province:52", "2026H1", "fund.raised", 600, rollup.Own)
		f.want("province:52", "2026H1", "fund.raised", 4_100)
		f.want("nation", "2026H1", "fund.raised", 4_100)
	})
}

func TestTotalWinsOverOwnAndChildrenAndKeepsTheOwnPart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cs := communesOf(t, f, "52", "2026H1", 2)
		f.set(cs[0], "2026H1", "fund.raised", 1_000)
		f.set(cs[1], "2026H1", "fund.raised", 2_000)
		f.set("province:52", "2026H1", "fund.raised", 4_000)
		f.setAs("province:52", "2026H1", "fund.raised", 500, rollup.Own)
		f.want("province:52", "2026H1", "fund.raised", 4_000)
		f.wantOwn("province:52", "2026H1", "fund.raised", 500)
		f.want("nation", "2026H1", "fund.raised", 4_000)
		wantValue(t, "province", f.build("province:52", "2026H1").Indicators["fund.raised"], 4_000, none, 500)
		wantValue(t, "nation", f.build("nation", "2026H1").Indicators["fund.raised"], 4_000, none, none)
	})
}

func TestCommuneOwnFigureCountsForTheCommuneAndAbove(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cs := communesOf(t, f, "52", "2026H1", 2)
		// A commune that gave only its association's own partners, and
		// one that gave its total.
		f.setAs(cs[0], "2026H1", "agreements.partners", 7, rollup.Own)
		f.set(cs[1], "2026H1", "agreements.partners", 5)
		f.want(cs[0], "2026H1", "agreements.partners", 7)
		f.want("province:52", "2026H1", "agreements.partners", 12)
		c := f.unit(cs[0], "2026H1")
		rep := f.build("commune:"+c.Code, "2026H1")
		wantValue(t, "commune", rep.Indicators["agreements.partners"], 7, none, 7)
		prov := f.build("province:52", "2026H1")
		wantValue(t, "province", prov.Indicators["agreements.partners"], 12, none, none)
		for _, ch := range prov.Children {
			want := none
			if ch.Code == c.Code {
				want = 7
			}
			v := ch.Indicators["agreements.partners"]
			if (v.Own == nil) != math.IsNaN(want) || (v.Own != nil && *v.Own != want) {
				t.Errorf("province's child %s: own %v, want %v", ch.Code, v.Own, want)
			}
		}
	})
}

func TestOwnFigureAddsToCountsFromRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cs := communesOf(t, f, "52", "2026H1", 2)
		f.rec(f.members(cs[0], "2025-08-01", 150), f.members(cs[1], "2025-08-01", 40))
		// The second commune's association has 10 members of its own
		// beside its branches' records; the province association 20.
		f.setAs(cs[1], "2026H1", "members.total", 10, rollup.Own)
		f.setAs("province:52", "2026H1", "members.total", 20, rollup.Own)
		f.want(cs[0], "2026H1", "members.total", 150)
		f.want(cs[1], "2026H1", "members.total", 50)
		f.want("province:52", "2026H1", "members.total", 220)
		f.want("nation", "2026H1", "members.total", 220)
		f.wantOwn("province:52", "2026H1", "members.total", 20)
		// More records below flow up past the own figures.
		f.rec(f.members(cs[1], "2026-03-01", 5))
		f.want("province:52", "2026H1", "members.total", 225)
		// A total at the commune wins over its own figure and records.
		f.set(cs[1], "2026H1", "members.total", 100)
		f.want("province:52", "2026H1", "members.total", 270)
		f.want("nation", "2026H1", "members.total", 270)
	})
}

func TestOwnFlowsSumOverHalvesAndOwnStocksTakeTheEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cs := communesOf(t, f, "52", "2026H1", 1)
		f.setAs("province:52", "2026H1", "fund.raised", 200, rollup.Own)
		f.setAs("province:52", "2026H2", "fund.raised", 300, rollup.Own)
		f.set(cs[0], "2026", "fund.raised", 1_000)
		f.wantOwn("province:52", "2026", "fund.raised", 500)
		f.want("province:52", "2026", "fund.raised", 1_500)
		f.want("province:52", "2026H1", "fund.raised", 200)
		f.setAs("province:52", "2026", "fund.balance", 900, rollup.Own)
		f.wantOwn("province:52", "2026H2", "fund.balance", 900)
		f.want("province:52", "2026H2", "fund.balance", 900)
		if r := f.own("province:52", "2026H1", "fund.balance"); r.Has {
			t.Errorf("own balance at 30/06 = %v; the year's figure is at 31/12", r.Value)
		}
	})
}

func TestRatiosUseTotalsWithOwnFiguresAndHaveNoOwnPart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cs := communesOf(t, f, "52", "2026H1", 2)
		f.setAs("province:52", "2026H1", "fund.raised", 500_000, rollup.Own)
		f.set(cs[0], "2026H1", "fund.raised", 1_000_000)
		f.set(cs[1], "2026H1", "fund.raised", 2_000_000)
		f.set(cs[0], "2026H1", "population.total", 20_000)
		f.set(cs[1], "2026H1", "population.total", 15_000)
		v := f.build("province:52", "2026H1").Indicators["fund.per_capita"]
		wantValue(t, "fund.per_capita", v, 100, none, none)
	})
}

// The comparison figure of a province formed in the reform is its
// predecessors' totals, own figures included; the own part of the report
// is that of the period.
func TestOwnFiguresAcrossTheReformComparedWithTheYearBefore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// Old Bình Định (52) gave its own fund and its communes', old
		// Gia Lai (64) its total.
		end := period.MustParse("2025H1").End()
		district := f.tree.Children(f.unit("province:52", "2025H1").ID, end)[0]
		old := f.tree.Children(district.ID, end)[0]
		f.setAs("province:52", "2025H1", "fund.raised", 300, rollup.Own)
		f.set("commune:"+old.Code, "2025H1", "fund.raised", 700)
		f.set("province:64", "2025H1", "fund.raised", 1_000)
		cs := communesOf(t, f, "52", "2026H1", 2)
		f.setAs("province:52", "2026H1", "fund.raised", 500, rollup.Own)
		f.set(cs[0], "2026H1", "fund.raised", 1_000)
		f.set(cs[1], "2026H1", "fund.raised", 2_000)
		v := f.build("province:52", "2026H1").Indicators["fund.raised"]
		wantValue(t, "new Gia Lai", v, 3_500, 2_000, 500)
		if v.Change == nil || *v.Change != 1_500 {
			t.Errorf("change %v, want 1500", v.Change)
		}
		// The own figure of the merged association a year before is its
		// predecessors' own figures.
		f.wantOwn("province:52", "2026H1", "fund.raised", 500)
		ev := rollup.NewEvaluator(db, f.tree, indicator.Default)
		ind, _ := indicator.Default.Get("fund.raised")
		r, err := ev.Own(context.Background(), f.unit("province:52", "2026H1").ID, period.MustParse("2025H1"), ind)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Has || r.Value != 300 {
			t.Errorf("own of the new Gia Lai in 2025H1 = %+v, want 300 (old Bình Định's)", r)
		}
		// The year 2025 joins the old units' first half and the new one's second.
		f.setAs("province:52", "2025H2", "fund.raised", 50, rollup.Own)
		f.wantOwn("province:52", "2025", "fund.raised", 350)
		f.want("province:52", "2025", "fund.raised", 2_050)
	})
}
