package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestLockKeysHoldsUntilTheTransactionEnds: while one transaction holds a
// key's lock, another cannot take it; once the first ends, it can.
func TestLockKeysHoldsUntilTheTransactionEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if db.Dialect != store.Postgres {
			// LockKeys adds nothing on SQLite and must not fail: the
			// transaction already holds the one write lock (that a second
			// writer waits for it is TestWriterWaitsForAnotherWriterThenSaysBusy).
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
		// At least one run deadlocked and ran again. A rerun may deadlock
		// again with the other's first run on a loaded machine (both then
		// still succeed, each once, as the counters show).
		if n := runs.Load(); n < 3 {
			t.Errorf("%d runs, want at least 3 (one deadlocked and ran again)", n)
		}
		var a, b int
		db.QueryRow(ctx, "SELECT (SELECT value FROM counters WHERE name = 'a'), (SELECT value FROM counters WHERE name = 'b')").Scan(&a, &b)
		if a != 2 || b != 2 {
			t.Errorf("counters a = %d, b = %d, want 2 and 2", a, b)
		}
	})
}

// TestPostgresLockWaitEndsBusyAfterTheBusyTimeout: on PostgreSQL a writer
// that waits for a lock another transaction holds — a figures lock
// (pg_advisory_xact_lock) or a row being updated — waits at most the busy
// timeout (lock_timeout, set by Begin), then gets the Busy error with the
// same Vietnamese message as on SQLite, from Exec and Query inside the
// transaction and from InTx, and its transaction writes nothing.
func TestPostgresLockWaitEndsBusyAfterTheBusyTimeout(t *testing.T) {
	storetest.NeedPostgres(t)
	ctx := context.Background()
	holder := storetest.Postgres(t)
	waiter, err := store.OpenWith(ctx, holder.URL, store.Options{BusyTimeout: 150 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer waiter.Close()
	if _, err := holder.Exec(ctx, "INSERT INTO counters (name, value) VALUES ('held', 1)"); err != nil {
		t.Fatal(err)
	}
	tx, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.LockKeys(ctx, "figures", []int64{2024}); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "UPDATE counters SET value = 2 WHERE name = 'held'"); err != nil {
		t.Fatal(err)
	}

	busy := func(what string, err error) {
		t.Helper()
		if apperr.CodeOf(err) != apperr.Busy || !strings.Contains(err.Error(), "một lần nhập hoặc ghi dữ liệu khác đang chạy") {
			t.Errorf("%s: %v, want Busy", what, err)
		}
	}
	// Each wait on its own transaction; the first statement writes a row
	// that must not survive the refusal.
	for name, wait := range map[string]func(tx *store.Tx) error{
		"advisory lock": func(tx *store.Tx) error { return tx.LockKeys(ctx, "figures", []int64{2023, 2024}) },
		"row lock, Exec": func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, "UPDATE counters SET value = 3 WHERE name = 'held'")
			return err
		},
		"row lock, Query": func(tx *store.Tx) error {
			rows, err := tx.Query(ctx, "SELECT value FROM counters WHERE name = 'held' FOR UPDATE")
			if err == nil {
				rows.Close()
			}
			return err
		},
		"row lock, QueryRow": func(tx *store.Tx) error {
			var v int64
			return tx.QueryRow(ctx, "SELECT value FROM counters WHERE name = 'held' FOR UPDATE").Scan(&v)
		},
	} {
		err := waiter.InTx(ctx, func(wtx *store.Tx) error {
			if _, err := wtx.Exec(ctx, "INSERT INTO counters (name, value) VALUES ('written', 1)"); err != nil {
				return err
			}
			err := wait(wtx)
			if name != "row lock, QueryRow" {
				busy(name+" inside the transaction", err)
			}
			return err
		})
		busy(name+", from InTx", err)
		// Through Retry too, which does not run a Busy transaction again.
		runs := 0
		err = waiter.Retry(ctx, func() error {
			runs++
			return waiter.InTx(ctx, wait)
		})
		busy(name+", from Retry", err)
		if runs != 1 {
			t.Errorf("%s: Retry ran a Busy transaction %d times", name, runs)
		}
	}
	var n int
	if err := holder.QueryRow(ctx, "SELECT COUNT(*) FROM counters WHERE name = 'written'").Scan(&n); err != nil || n != 0 {
		t.Errorf("a refused transaction wrote: %d rows (%v)", n, err)
	}
	// Once the holder is gone, the same waits go through.
	tx.Rollback()
	if err := waiter.InTx(ctx, func(wtx *store.Tx) error {
		if err := wtx.LockKeys(ctx, "figures", []int64{2024}); err != nil {
			return err
		}
		_, err := wtx.Exec(ctx, "UPDATE counters SET value = 3 WHERE name = 'held'")
		return err
	}); err != nil {
		t.Fatalf("after the holder ended: %v", err)
	}
}

// TestSharedLocksAdmitEachOtherAndUpgradeWithoutDeadlock: two transactions
// hold a key shared at once and an exclusive taker is kept out; then both
// upgrade at once, which gives their shared locks back first, so one waits
// for the other instead of each for the other (a deadlock PostgreSQL
// would break by aborting one). A second shared hold of the space in one
// transaction cannot be upgraded.
func TestSharedLocksAdmitEachOtherAndUpgradeWithoutDeadlock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if db.Dialect != store.Postgres {
			// Moot on SQLite, and must not fail.
			tx, err := db.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			l, err := tx.LockKeysShared(ctx, "figures", []int64{2026, 2025})
			if err != nil {
				t.Fatal(err)
			}
			if err := l.Upgrade(ctx); err != nil {
				t.Fatal(err)
			}
			return
		}
		try := func(fn string) bool {
			var ok bool
			if err := db.QueryRow(ctx, "SELECT "+fn+"(hashtext(current_schema() || ':figures'), 2026)").Scan(&ok); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		var txs [2]*store.Tx
		var locks [2]*store.SharedLocks
		for i := range txs {
			tx, err := db.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if locks[i], err = tx.LockKeysShared(ctx, "figures", []int64{2026, 2025, 2027}); err != nil {
				t.Fatal(err)
			}
			txs[i] = tx
		}
		if !try("pg_try_advisory_xact_lock_shared") {
			t.Error("a third transaction could not hold the key shared beside two")
		}
		if try("pg_try_advisory_xact_lock") {
			t.Error("a transaction took the key exclusively while two held it shared")
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range txs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if errs[i] = locks[i].Upgrade(ctx); errs[i] == nil {
					errs[i] = txs[i].Commit()
				}
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("transaction %d: %v", i, err)
			}
		}
		if !try("pg_try_advisory_xact_lock") {
			t.Error("the key was still held after both transactions ended")
		}

		tx, err := db.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.LockKeysShared(ctx, "figures", []int64{2026}); err != nil {
			t.Fatal(err)
		}
		l, err := tx.LockKeysShared(ctx, "figures", []int64{2027})
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Upgrade(ctx); err == nil {
			t.Error("shared locks were upgraded while the transaction held others of the space")
		}
	})
}

// TestUpgradeUndoesWhatCameAfterTheSharedLocks: on PostgreSQL, Upgrade goes
// back to the savepoint taken before the shared locks; what the
// transaction did before them stays. On SQLite, which takes no lock there,
// it undoes nothing.
func TestUpgradeUndoesWhatCameAfterTheSharedLocks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO counters (name, value) VALUES ('before', 1)"); err != nil {
				return err
			}
			l, err := tx.LockKeysShared(ctx, "figures", []int64{2026})
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO counters (name, value) VALUES ('after', 1)"); err != nil {
				return err
			}
			return l.Upgrade(ctx)
		})
		if err != nil {
			t.Fatal(err)
		}
		var before, after int
		if err := db.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM counters WHERE name = 'before'), (SELECT COUNT(*) FROM counters WHERE name = 'after')").Scan(&before, &after); err != nil {
			t.Fatal(err)
		}
		wantAfter := 0
		if db.Dialect != store.Postgres {
			wantAfter = 1
		}
		if before != 1 || after != wantAfter {
			t.Errorf("rows written before the shared locks %d (want 1), after them %d (want %d)", before, after, wantAfter)
		}
	})
}
