package rollup_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
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
						err = db.Retry(ctx, func() error {
							return db.InTx(ctx, func(tx *store.Tx) error { return rollup.ApplyRecords(ctx, tx, f.tree, []rollup.RecordDelta{d}) })
						})
						if err == nil {
							mu.Lock()
							total += d.Delta
							mu.Unlock()
						}
					} else {
						p := period.MustParse(pers[r.IntN(len(pers))])
						u := f.unit(refs[r.IntN(len(refs))], p.String())
						v := aggregate.Value{UnitID: u.ID, Period: p, Indicator: "members.total", Value: float64(100*w + i)}
						err = db.Retry(ctx, func() error {
							return db.InTx(ctx, func(tx *store.Tx) error {
								_, err := aggregate.Write(ctx, tx, f.tree, []aggregate.Value{v},
									aggregate.Options{Source: fmt.Sprintf("w%d-%d", w, i), Actor: "test", Now: time.Now()})
								return err
							})
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
