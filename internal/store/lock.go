package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Explicit locking for concurrent writers (docs/concurrency.md). A writer
// that reads stored rows to decide what to write (the figures' diff against
// the stored values, the roll-ups' recomputation from the children) takes a
// named lock over everything it will read and write, at the start of its
// transaction, before it reads: the lock is held until the transaction ends,
// so that the next writer of the same data reads what this one committed.
//
// On PostgreSQL the locks are transaction-level advisory locks; on SQLite
// every write transaction begins IMMEDIATE, which takes the database's one
// write lock before the first statement, so a named lock has nothing left
// to add there.

// LockKeys takes the lock of each of keys in the lock space named space,
// in ascending order of key (so that two writers needing some of the same
// keys cannot each hold one the other waits for), and keeps them until tx
// ends. Taking a lock the transaction already holds is harmless. The space
// is qualified by the current schema, so that two databases kept as schemas
// of one PostgreSQL database do not wait for each other. All the keys are
// taken in one statement, whose rows come from the sorted keys one by one:
// a writer of records takes some 175 (a year each, from its first to
// 2200), and one statement each made a fund receipt on PostgreSQL cost as
// many round trips.
func (tx *Tx) LockKeys(ctx context.Context, space string, keys []int64) error {
	if tx.Dialect != Postgres || len(keys) == 0 {
		return nil
	}
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	for _, k := range sorted {
		if k < -1<<31 || k >= 1<<31 {
			return fmt.Errorf("lock %s %d: key out of range", space, k)
		}
	}
	const q = `SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':' || ?::text), k)
		FROM (SELECT k FROM unnest(?::integer[]) AS k ORDER BY k) AS keys`
	if _, err := tx.Exec(ctx, q, space, sorted); err != nil {
		return fmt.Errorf("lock %s %d to %d: %w", space, sorted[0], sorted[len(sorted)-1], err)
	}
	return nil
}

// retryAttempts is how many times Retry runs a transaction at most.
const retryAttempts = 5

// Retry runs fn, a whole transaction (begin to commit), and runs it again
// when PostgreSQL aborted it for a serialization failure (40001) or a
// deadlock (40P01), up to retryAttempts times in all, after a short random
// pause that grows with each attempt. Other errors, and the last attempt's,
// are returned as they are, except that a lock wait cut off by the busy
// timeout comes back as the Busy error alone and is not run again. fn
// must do nothing outside the transaction that cannot be done twice.
func (db *DB) Retry(ctx context.Context, fn func() error) error {
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil || attempt == retryAttempts || !retryable(err) {
			// A lock wait cut off by the busy timeout is not retried: the
			// other writer is still at work, and the person is told so.
			return db.busyError(err)
		}
		pause := time.Duration(rand.Int64N(int64(attempt) * int64(10*time.Millisecond)))
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

// retryable reports whether err is PostgreSQL aborting a transaction that
// would succeed if run again: a serialization failure or a deadlock.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	return false
}
