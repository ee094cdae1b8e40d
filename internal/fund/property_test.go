package fund_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestRandomSequencesKeepTheLedgerWhole runs a long random sequence of
// receipts, payments (some beyond the balance), reversals, transfers between
// units and bursts of concurrent receipts, and checks after it that every
// balance is the sum of its entries and never fell below zero on any day,
// that the funds of all units together hold what came in from outside less
// what went out, that the report's nation-wide figures say the same, and
// that every series is numbered 1..n without a gap or a duplicate.
func TestRandomSequencesKeepTheLedgerWhole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		rng := rand.New(rand.NewPCG(12, 2026))
		us := []*units.Unit{f.commune, f.neighbour, f.province}
		start := date("2026-01-01")
		randomDay := func() time.Time { return start.AddDate(0, 0, rng.IntN(180)) } // up to 29 June
		var outsideIn, outsideOut int64
		accepted, refused := 0, 0
		// A few hundred operations on SQLite; fewer on PostgreSQL, where each
		// write takes the figures locks of every year to come one by one.
		ops := 120
		if db.Dialect == store.Postgres {
			ops = 60
		}
		for i := range ops {
			u := us[rng.IntN(len(us))]
			switch op := rng.IntN(10); {
			case op < 4:
				n := fund.NewEntry{UnitID: u.ID, Kind: fund.Receipt, Amount: 1000 * int64(1+rng.IntN(500)), Day: randomDay(),
					Party: "Nhà hảo tâm", Key: fmt.Sprint("k", rng.IntN(ops))}
				e, existing, err := fund.Record(ctx, db, f.tree, f.admin, n, now)
				if err != nil {
					t.Fatalf("op %d receipt: %v", i, err)
				}
				if !existing {
					outsideIn += e.Amount
				}
				accepted++
			case op < 6:
				n := fund.NewEntry{UnitID: u.ID, Kind: fund.Payment, Amount: 1000 * int64(1+rng.IntN(400)), Day: randomDay(),
					Party: "Em học sinh", Purpose: "scholarship"}
				e, _, err := fund.Record(ctx, db, f.tree, f.admin, n, now)
				switch apperr.CodeOf(err) {
				case "":
					outsideOut += e.Amount
					accepted++
				case apperr.Conflict:
					refused++
				default:
					t.Fatalf("op %d payment: %v", i, err)
				}
			case op < 8:
				to := us[rng.IntN(len(us))]
				if to == u {
					continue
				}
				_, _, err := fund.Transfer(ctx, db, f.tree, f.admin, fund.NewTransfer{FromID: u.ID, ToID: to.ID,
					Amount: 1000 * int64(1+rng.IntN(300)), Day: randomDay()}, now)
				if c := apperr.CodeOf(err); c != "" && c != apperr.Conflict {
					t.Fatalf("op %d transfer: %v", i, err)
				}
			case op < 9:
				es, err := fund.Entries(ctx, db, f.tree, f.admin, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(es) == 0 {
					continue
				}
				e := es[rng.IntN(len(es))]
				d := e.Day.AddDate(0, 0, rng.IntN(20))
				if d.After(units.Day(now)) {
					d = units.Day(now)
				}
				_, err = fund.Reverse(ctx, db, f.tree, f.admin, fund.Reversing{UnitID: u.ID, Number: e.Number, Reason: "sai", Day: d}, now)
				switch c := apperr.CodeOf(err); {
				case c == "":
					switch {
					case e.Kind == fund.Receipt:
						outsideIn -= e.Amount
					case e.Kind == fund.Payment:
						outsideOut -= e.Amount
					}
				case c == apperr.Conflict && (e.Kind == fund.Reversal || e.ReversedBy != 0 || e.Direction > 0 || e.Kind == fund.Moved):
					// A reversal, an entry reversed already, or money no
					// longer in the fund.
				default:
					t.Fatalf("op %d reverse %+v: %v", i, e, err)
				}
			default:
				// A burst of concurrent receipts in one unit.
				var wg sync.WaitGroup
				var mu sync.Mutex
				for range 4 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						e, _, err := fund.Record(ctx, db, f.tree, f.admin, fund.NewEntry{UnitID: u.ID, Kind: fund.Receipt, Amount: 7000,
							Day: date("2026-06-01"), Party: "Nhóm nhà hảo tâm"}, now)
						mu.Lock()
						defer mu.Unlock()
						if err != nil {
							t.Errorf("op %d concurrent receipt: %v", i, err)
							return
						}
						outsideIn += e.Amount
					}()
				}
				wg.Wait()
			}
		}
		if refused == 0 || accepted < ops/3 {
			t.Errorf("the sequence tried too little: %d accepted, %d refused", accepted, refused)
		}
		var total int64
		for _, u := range us {
			es, err := fund.Entries(ctx, db, f.tree, f.admin, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			var sum int64
			byDay := map[string]int64{}
			seqs := map[string][]int{}
			for _, e := range es {
				sum += e.Signed()
				byDay[e.Day.Format(time.DateOnly)] += e.Signed()
				var s int
				var series string
				var year int
				fmt.Sscanf(e.Number[8:], "%d", &s)
				series, year = e.Number[:2], e.Day.Year()
				k := fmt.Sprint(series, year)
				seqs[k] = append(seqs[k], s)
			}
			bal, err := fund.Balance(ctx, db, f.tree, f.admin, u.ID, units.Day(now))
			if err != nil {
				t.Fatal(err)
			}
			if bal != sum {
				t.Errorf("%s: balance %d, sum of entries %d", u.Name, bal, sum)
			}
			days := make([]string, 0, len(byDay))
			for d := range byDay {
				days = append(days, d)
			}
			sort.Strings(days)
			var run int64
			for _, d := range days {
				if run += byDay[d]; run < 0 {
					t.Errorf("%s: balance %d on %s", u.Name, run, d)
				}
			}
			for k, ss := range seqs {
				sort.Ints(ss)
				for i, s := range ss {
					if s != i+1 {
						t.Errorf("%s %s: numbers %v", u.Name, k, ss)
						break
					}
				}
			}
			total += bal
		}
		if total != outsideIn-outsideOut {
			t.Errorf("all funds hold %d, outside receipts less payments are %d", total, outsideIn-outsideOut)
		}
		rep, err := report.BuildWith(ctx, db, f.tree, units.Ref{Level: units.Nation}, period.MustParse("2026H1"))
		if err != nil {
			t.Fatal(err)
		}
		for code, want := range map[string]int64{"fund.balance": outsideIn - outsideOut, "fund.raised": outsideIn, "fund.spent": outsideOut} {
			if got := num(rep.Indicators[code].Value); got != float64(want) {
				t.Errorf("nation %s %v, want %d", code, got, want)
			}
		}
	})
}
