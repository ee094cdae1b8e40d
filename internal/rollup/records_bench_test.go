package rollup_test

import (
	"context"
	"math/rand/v2"
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

// applyInTx applies changes in one transaction.
func applyInTx(tb testing.TB, db *store.DB, tree *units.Tree, ds []rollup.RecordDelta) {
	tb.Helper()
	ctx := context.Background()
	if err := db.InTx(ctx, func(tx *store.Tx) error { return rollup.ApplyRecords(ctx, tx, tree, ds) }); err != nil {
		tb.Fatal(err)
	}
}

// randomDay is a day from..to (both included).
func randomDay(r *rand.Rand, from, to time.Time) time.Time {
	return from.AddDate(0, 0, r.IntN(int(to.Sub(from).Hours()/24)+1))
}

// fillMembers writes the records of about five million members, as changes
// straight into ApplyRecords: 4.5 million who joined an old commune on a
// day from 2000 to the reform (a few left before it), moved on 1 July
// 2025 with their commune into its successors, and 600,000 who joined a
// new commune since, of whom 100,000 left. It returns the members at the
// end of 2026.
func fillMembers(tb testing.TB, db *store.DB, tree *units.Tree) int64 {
	r := rand.New(rand.NewPCG(1, 2))
	reform := units.ReformDate
	before := reform.AddDate(0, 0, -1)
	olds := tree.All(units.Commune, before)
	news := tree.All(units.Commune, reform)
	var total int64
	var ds []rollup.RecordDelta
	flush := func() {
		applyInTx(tb, db, tree, ds)
		ds = ds[:0]
	}
	add := func(id int64, d time.Time, n int64) {
		ds = append(ds, rollup.RecordDelta{UnitID: id, Indicator: "members.total", Day: d, Delta: n})
	}
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	per := 4_500_000 / len(olds)
	for i, c := range olds {
		n := int64(per)
		if i < 4_500_000%len(olds) {
			n++
		}
		from := start
		if c.ValidFrom.After(from) {
			from = c.ValidFrom
		}
		for range n {
			add(c.ID, randomDay(r, from, before), 1)
		}
		left := n / 50
		for range left {
			add(c.ID, randomDay(r, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), before), -1)
		}
		n -= left
		// The move: the commune's records close and go to its successors,
		// shared equally.
		add(c.ID, reform, -n)
		ss := tree.Successors(c.ID)
		for j, l := range ss {
			share := n / int64(len(ss))
			if j == 0 {
				share += n % int64(len(ss))
			}
			add(l.NewID, reform, share)
		}
		if len(ss) == 0 {
			add(news[i%len(news)].ID, reform, n)
		}
		total += n
		if len(ds) > 200_000 {
			flush()
		}
	}
	for range 600_000 {
		add(news[r.IntN(len(news))].ID, randomDay(r, reform, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)), 1)
		if len(ds) > 200_000 {
			flush()
		}
	}
	for range 100_000 {
		add(news[r.IntN(len(news))].ID, randomDay(r, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)), -1)
	}
	flush()
	return total + 500_000
}

// BenchmarkMembersOfNationAndProvincesFromRecords computes members.total of
// the nation and its 34 provinces at four period ends (2024H2 through the
// lineage, 2025H2, 2026H1, 2030H2), with a fresh evaluator each time as a
// report does, over the records of about five million members.
func BenchmarkMembersOfNationAndProvincesFromRecords(b *testing.B) {
	benchMembers(b, storetest.SQLite(b))
}

// BenchmarkMembersOfNationAndProvincesFromRecordsPostgres is the same on
// PostgreSQL (needs KHUYENHOC_TEST_POSTGRES).
func BenchmarkMembersOfNationAndProvincesFromRecordsPostgres(b *testing.B) {
	storetest.NeedPostgres(b)
	benchMembers(b, storetest.Postgres(b))
}

func benchMembers(b *testing.B, db *store.DB) {
	ctx := context.Background()
	tree, err := units.LoadTree(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	want := fillMembers(b, db, tree)
	b.Logf("records of %d members written in %v", want, time.Since(t0).Round(time.Millisecond))
	provinces := tree.Children(tree.Nation().ID, units.ReformDate)
	ids := []int64{tree.Nation().ID}
	for _, p := range provinces {
		ids = append(ids, p.ID)
		for _, l := range tree.Predecessors(p.ID) {
			ids = append(ids, l.OldID)
		}
	}
	ps := []period.Period{period.MustParse("2024H2"), period.MustParse("2025H2"), period.MustParse("2026H1"), period.MustParse("2030H2")}
	years := []int{2024, 2025, 2026, 2030}
	ind, _ := indicator.Default.Get("members.total")
	b.Run("nation-and-provinces", func(b *testing.B) {
		for b.Loop() {
			ev := rollup.NewEvaluator(db, tree, indicator.Default)
			if err := ev.Prefetch(ctx, ids, years); err != nil {
				b.Fatal(err)
			}
			for _, p := range ps {
				var sum float64
				for _, pr := range provinces {
					r, err := ev.Value(ctx, pr.ID, p, ind)
					if err != nil {
						b.Fatal(err)
					}
					sum += r.Value
				}
				n, err := ev.Value(ctx, tree.Nation().ID, p, ind)
				if err != nil {
					b.Fatal(err)
				}
				if n.Value != sum {
					b.Fatalf("%s: nation %v, provinces %v", p, n.Value, sum)
				}
				if p.Year == 2030 && n.Value != float64(want) {
					b.Fatalf("nation in 2030: %v members, want %d", n.Value, want)
				}
			}
		}
	})
	// Whole reports, every indicator, compared with a year before: the
	// nation's (34 provinces) and Hà Nội's (its communes, each read from
	// its days of the year).
	for _, ref := range []units.Ref{{Level: units.Nation}, {Level: units.Province, Code: "01"}} {
		b.Run("report-"+ref.String(), func(b *testing.B) {
			for b.Loop() {
				r, err := report.BuildWith(ctx, db, tree, ref, period.MustParse("2026H1"))
				if err != nil {
					b.Fatal(err)
				}
				if v := r.Indicators["members.total"]; v.Value == nil || v.Previous == nil {
					b.Fatalf("%s: no members", ref)
				}
			}
		})
	}
}

// BenchmarkApplyRecords applies one million members' joins, one change
// each, spread over the 3,321 communes and the days of a year, in one
// transaction.
func BenchmarkApplyRecords(b *testing.B) { benchApply(b, storetest.SQLite) }

// BenchmarkApplyRecordsPostgres is the same on PostgreSQL (needs
// KHUYENHOC_TEST_POSTGRES).
func BenchmarkApplyRecordsPostgres(b *testing.B) {
	storetest.NeedPostgres(b)
	benchApply(b, storetest.Postgres)
}

func benchApply(b *testing.B, open func(testing.TB) *store.DB) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	var tree *units.Tree
	var ds []rollup.RecordDelta
	var elapsed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := open(b)
		var err error
		if tree, err = units.LoadTree(ctx, db); err != nil {
			b.Fatal(err)
		}
		if ds == nil {
			news := tree.All(units.Commune, units.ReformDate)
			from := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
			for range 1_000_000 {
				ds = append(ds, rollup.RecordDelta{UnitID: news[r.IntN(len(news))].ID, Indicator: "members.total",
					Day: randomDay(r, from, from.AddDate(1, 0, -1)), Delta: 1})
			}
		}
		b.StartTimer()
		t0 := time.Now()
		applyInTx(b, db, tree, ds)
		elapsed += time.Since(t0)
		b.StopTimer()
		if i == 0 {
			var n int
			if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM record_totals").Scan(&n); err != nil {
				b.Fatal(err)
			}
			b.Logf("%d changes, %d rows of record_totals", len(ds), n)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(len(ds))*float64(b.N)/elapsed.Seconds(), "changes/s")
}
