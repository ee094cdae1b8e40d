package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// BenchmarkCounterBumpsPostgres measures commits a second of 16 clients
// that each bump one counter in a transaction of their own, in the row of
// its name (BumpCounter: every commit waits for the one before, whose row
// it holds until its commit reaches the disk) or spread over its rows
// (BumpSpread): the figures docs/concurrency.md quotes.
func BenchmarkCounterBumpsPostgres(b *testing.B) {
	storetest.NeedPostgres(b)
	for _, c := range []struct {
		name string
		bump func(ctx context.Context, tx *store.Tx) error
	}{
		{"one-row", func(ctx context.Context, tx *store.Tx) error { return store.BumpCounter(ctx, tx, "c") }},
		{"spread", func(ctx context.Context, tx *store.Tx) error { return store.BumpSpread(ctx, tx, []string{"c"}) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			db := storetest.Postgres(b)
			ctx := context.Background()
			const clients = 16
			b.ResetTimer()
			var wg sync.WaitGroup
			for w := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := w; i < b.N; i += clients {
						if err := db.InTx(ctx, func(tx *store.Tx) error { return c.bump(ctx, tx) }); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
		})
	}
}
