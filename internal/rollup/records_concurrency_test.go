package rollup_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// Writers of records and writers of imported figures of the same units and
// years, at once: the adjustments in rollup_values must come out as a
// refresh from nothing makes them, and no change of records may be lost.
func TestConcurrentRecordsAndImportsKeepAdjustmentsExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		refs := append(communesOf(t, f, "52", "2026H1", 4), "province:52")
		pers := []string{"2025H2", "2026H1", "2026Q3", "2026"}
		var mu sync.Mutex
		var total int64
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for w := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(w), 7))
				for i := range 3 {
					var err error
					if w%2 == 0 {
						c := refs[r.IntN(len(refs)-1)]
						on := time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(500))
						d := f.members(c, on.Format(time.DateOnly), int64(1+r.IntN(5)))
						err = db.Retry(ctx, func() error { return f.applyRecords(ctx, d) })
						if err == nil {
							mu.Lock()
							total += d.Delta
							mu.Unlock()
						}
					} else {
						ref, p := refs[r.IntN(len(refs))], pers[r.IntN(len(pers))]
						err = db.Retry(ctx, func() error {
							return f.importMembers(ctx, ref, p, float64(100*w+i), fmt.Sprintf("w%d-%d", w, i))
						})
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		checkRollupsFromNothing(t, f)
		f.want("nation", "2030", "members.total", float64(total))
	})
}

// Writers of records in two provinces, some reaching values imported at
// their communes and province (they must recompute the adjustments above,
// holding the years exclusively) and some reaching none (they hold the
// years shared, side by side), and importers of those values, all at
// once and without Retry: a deadlock, or a lock upgraded while another
// transaction holds it shared, would fail a writer. The counts come out as
// the sum of the changes committed, and the adjustments as a refresh from
// nothing makes them.
func TestConcurrentRecordsWritersAndImportersNeverDeadlock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		withImports := append(communesOf(t, f, "52", "2026H1", 4), "province:52")
		without := communesOf(t, f, "56", "2026H1", 6)
		pers := []string{"2025H2", "2026H1", "2026Q3", "2026"}
		var total atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, 24)
		for w := range 24 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(w), 11))
				for i := range 4 {
					var err error
					switch w % 3 {
					case 0, 1:
						refs := without
						if w%3 == 0 {
							refs = withImports[:len(withImports)-1]
						}
						on := time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(500))
						ds := []rollup.RecordDelta{f.members(refs[r.IntN(len(refs))], on.Format(time.DateOnly), int64(1+r.IntN(5))),
							f.members(refs[r.IntN(len(refs))], on.AddDate(0, 1, 0).Format(time.DateOnly), int64(1+r.IntN(5)))}
						err = f.applyRecords(ctx, ds...)
						if err == nil {
							total.Add(ds[0].Delta + ds[1].Delta)
						}
					case 2:
						ref, p := withImports[r.IntN(len(withImports))], pers[r.IntN(len(pers))]
						err = f.importMembers(ctx, ref, p, float64(100*w+i), fmt.Sprintf("w%d-%d", w, i))
					}
					if err != nil {
						errs <- fmt.Errorf("writer %d, step %d: %w", w, i, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if t.Failed() {
			return
		}
		checkRollupsFromNothing(t, f)
		var sum int64
		if err := db.QueryRow(ctx, "SELECT COALESCE(SUM(delta), 0) FROM record_totals WHERE indicator = 'members.total'").Scan(&sum); err != nil {
			t.Fatal(err)
		}
		if sum != total.Load() {
			t.Errorf("record_totals sum to %d, the changes committed to %d", sum, total.Load())
		}
		f.want("nation", "2030", "members.total", float64(total.Load()))
	})
}

// A writer of records whose changes reach no import holds the years from
// its change's to 2200 shared: another may hold them shared too, an
// importer of one of them waits. One whose changes reach a value imported
// holds them exclusively, and nothing else of them is held meanwhile.
func TestRecordsWritersHoldTheYearsSharedUnlessTheyReachAnImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		cs := communesOf(t, f, "52", "2026H1", 2)
		// try takes year's lock in mode (shared or not) on another
		// connection, at once or not at all, and gives it back.
		try := func(year int, shared bool) bool {
			fn := "pg_try_advisory_xact_lock"
			if shared {
				fn += "_shared"
			}
			var ok bool
			if err := db.QueryRow(ctx, "SELECT "+fn+"(hashtext(current_schema() || ':figures'), ?::integer)", year).Scan(&ok); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		hold := func(d rollup.RecordDelta, check func()) {
			tx, err := db.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if err := rollup.ApplyRecords(ctx, tx, f.tree, []rollup.RecordDelta{d}); err != nil {
				t.Fatal(err)
			}
			if db.Dialect == store.Postgres {
				check()
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		hold(f.members(cs[0], "2026-03-01", 5), func() {
			if !try(2026, true) || !try(2200, true) {
				t.Error("a writer of records reaching no import keeps other writers of records out")
			}
			if try(2026, false) || try(2200, false) {
				t.Error("a writer of records let an importer of its years in")
			}
			if !try(2025, false) {
				t.Error("a writer of records holds a year before its change")
			}
		})
		f.set(cs[1], "2026H1", "members.total", 40)
		hold(f.members(cs[1], "2026-03-01", 3), func() {
			if try(2026, true) || try(2100, true) {
				t.Error("a writer of records reaching an import lets other writers of records in")
			}
		})
		f.want(cs[1], "2026H1", "members.total", 40)
		f.want("province:52", "2026H1", "members.total", 45)
		checkRollupsFromNothing(t, f)
		if db.Dialect == store.Postgres && !try(2026, false) {
			t.Error("the years are still held after the writers ended")
		}
	})
}

// applyRecords applies the changes ds in a transaction of their own: a
// concurrent writer of records' step.
func (f *fixture) applyRecords(ctx context.Context, ds ...rollup.RecordDelta) error {
	return f.db.InTx(ctx, func(tx *store.Tx) error { return rollup.ApplyRecords(ctx, tx, f.tree, ds) })
}

// importMembers writes members.total of unit ref for period ps as an import
// does (aggregate.Write), in a transaction of its own: a concurrent
// importer's step.
func (f *fixture) importMembers(ctx context.Context, ref, ps string, v float64, source string) error {
	u := f.unit(ref, ps)
	vals := []aggregate.Value{{UnitID: u.ID, Period: period.MustParse(ps), Indicator: "members.total", Value: v}}
	return f.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := aggregate.Write(ctx, tx, f.tree, vals, aggregate.Options{Source: source, Actor: "test", Now: time.Now()})
		return err
	})
}
