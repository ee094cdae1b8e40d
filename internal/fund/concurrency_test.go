package fund_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestConcurrentReceiptsBesideAnImportKeepTheFiguresExact records receipts
// in two communes from eight writers at once while an importer writes, one
// after the other, the fund raised in the first half of 2026 at one of
// them (docs/concurrency.md): the receipts of the commune with no import
// hold the figures years shared, side by side; those of the commune with
// one reach it and hold them exclusively, to recompute what the province
// adds to its records. Afterwards the nation's and the province's fund
// raised in the half and in the year is the other commune's receipts and
// the last value imported, each commune's records sum to its receipts,
// and every series is numbered without a gap.
func TestConcurrentReceiptsBesideAnImportKeepTheFiguresExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var plain, imported atomic.Int64 // receipts of the commune and of the neighbour
		var wg sync.WaitGroup
		errs := make(chan error, 9)
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 6 {
					u, sum := f.commune, &plain
					if (w+i)%2 == 1 {
						u, sum = f.neighbour, &imported
					}
					amount := int64(1000 * (1 + w + 8*i))
					if _, _, err := fund.Record(ctx, db, f.tree, f.admin, fund.NewEntry{UnitID: u.ID, Kind: fund.Receipt, Amount: amount,
						Day: date(fmt.Sprintf("2026-%02d-10", 1+i)), Party: "Nhà hảo tâm"}, now); err != nil {
						errs <- fmt.Errorf("writer %d, receipt %d: %w", w, i, err)
						return
					}
					sum.Add(amount)
				}
			}()
		}
		const last = 5_000_000
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				v := aggregate.Value{UnitID: f.neighbour.ID, Period: period.MustParse("2026H1"), Indicator: fund.IndRaised,
					Value: float64(last - 4 + i)}
				err := db.Retry(ctx, func() error {
					return db.InTx(ctx, func(tx *store.Tx) error {
						_, err := aggregate.Write(ctx, tx, f.tree, []aggregate.Value{v},
							aggregate.Options{Source: fmt.Sprint("import-", i), Actor: "test", Now: now})
						return err
					})
				})
				if err != nil {
					errs <- fmt.Errorf("import %d: %w", i, err)
					return
				}
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		// The year is a flow over its halves: the import of the first
		// half stands for the neighbour's receipts in it.
		for ps, want := range map[string]int64{"2026H1": plain.Load() + last, "2026": plain.Load() + last} {
			for _, ref := range []units.Ref{{Level: units.Nation}, {Level: units.Province, Code: f.province.Code}} {
				rep, err := report.BuildWith(ctx, db, f.tree, ref, period.MustParse(ps))
				if err != nil {
					t.Fatal(err)
				}
				if got := num(rep.Indicators[fund.IndRaised].Value); got != float64(want) {
					t.Errorf("%v %s: fund raised %v, want %d", ref, ps, got, want)
				}
			}
		}
		for u, want := range map[*units.Unit]int64{f.commune: plain.Load(), f.neighbour: imported.Load()} {
			var got int64
			if err := db.QueryRow(ctx, "SELECT COALESCE(SUM(delta), 0) FROM record_totals WHERE unit_id = ? AND indicator = ?", u.ID, fund.IndRaised).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s: records of fund raised sum to %d, receipts to %d", u.Name, got, want)
			}
		}
		var gaps int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT unit_id, series, year, MAX(seq) AS top, COUNT(*) AS n FROM fund_entries GROUP BY unit_id, series, year) s WHERE top <> n").Scan(&gaps); err != nil {
			t.Fatal(err)
		}
		if gaps != 0 {
			t.Errorf("%d series with a gap or a duplicate", gaps)
		}
	})
}
