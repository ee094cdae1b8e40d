package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestLockKeysHoldsUntilTheTransactionEnds: while one transaction holds a
// key's lock, another cannot take it; once the first ends, it can.
func TestLockKeysHoldsUntilTheTransactionEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if db.Dialect != store.Postgres {
			// One write transaction at a time: the second waits to begin.
			tx, err := db.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.LockKeys(ctx, "figures", []int64{2026, 2025, 2026}); err != nil {
				t.Fatal(err)
			}
			tx.Rollback()
			return
		}
		tx, err := db.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if err := tx.LockKeys(ctx, "figures", []int64{2026, 2025, 2026}); err != nil {
			t.Fatal(err)
		}
		taken := func() bool {
			var ok bool
			if err := db.QueryRow(ctx, "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':figures'), 2025)").Scan(&ok); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if taken() {
			t.Error("another transaction took the lock of 2025 while it was held")
		}
		tx.Commit()
		if !taken() {
			t.Error("the lock of 2025 was still held after the transaction ended")
		}
	})
}

// TestRetryRunsADeadlockedTransactionAgain makes two transactions update
// two rows in opposite orders: PostgreSQL aborts one of them for the
// deadlock, Retry runs it again, and both succeed.
func TestRetryRunsADeadlockedTransactionAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if db.Dialect != store.Postgres {
			// Nothing to retry: an error comes back as it is, after one run.
			runs := 0
			want := errors.New("boom")
			if err := db.Retry(ctx, func() error { runs++; return want }); err != want || runs != 1 {
				t.Errorf("Retry: %v after %d runs", err, runs)
			}
			return
		}
		if _, err := db.Exec(ctx, "INSERT INTO counters (name, value) VALUES ('a', 0), ('b', 0)"); err != nil {
			t.Fatal(err)
		}
		var runs atomic.Int32
		var both sync.WaitGroup
		both.Add(2)
		first := [2]sync.Once{}
		update := func(i int, a, b string) error {
			return db.Retry(ctx, func() error {
				runs.Add(1)
				return db.InTx(ctx, func(tx *store.Tx) error {
					if _, err := tx.Exec(ctx, "UPDATE counters SET value = value + 1 WHERE name = ?", a); err != nil {
						return err
					}
					// The first attempts wait until both hold their first row.
					first[i].Do(func() { both.Done(); both.Wait() })
					_, err := tx.Exec(ctx, "UPDATE counters SET value = value + 1 WHERE name = ?", b)
					return err
				})
			})
		}
		errs := make(chan error, 2)
		go func() { errs <- update(0, "a", "b") }()
		go func() { errs <- update(1, "b", "a") }()
		for range 2 {
			if err := <-errs; err != nil {
				t.Errorf("a transaction failed: %v", err)
			}
		}
		if n := runs.Load(); n != 3 {
			t.Errorf("%d runs, want 3 (one deadlocked and ran again)", n)
		}
		var a, b int
		db.QueryRow(ctx, "SELECT (SELECT value FROM counters WHERE name = 'a'), (SELECT value FROM counters WHERE name = 'b')").Scan(&a, &b)
		if a != 2 || b != 2 {
			t.Errorf("counters a = %d, b = %d, want 2 and 2", a, b)
		}
	})
}
