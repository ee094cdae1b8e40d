package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
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
// exclusively, in ascending order of key (so that two writers needing some
// of the same keys cannot each hold one the other waits for), and keeps
// them until tx ends. Taking a lock the transaction already holds is
// harmless. The space is qualified by the current schema, so that two
// databases kept as schemas of one PostgreSQL database do not wait for
// each other. All the keys are taken in one statement, whose rows come
// from the sorted keys one by one: a writer of records takes some 175 (a
// year each, from its first to 2200), and one statement each made a fund
// receipt on PostgreSQL cost as many round trips.
func (tx *Tx) LockKeys(ctx context.Context, space string, keys []int64) error {
	if tx.Dialect != Postgres || len(keys) == 0 {
		return nil
	}
	q, first, last, err := lockStatement("pg_advisory_xact_lock", space, keys)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, q); err != nil {
		return fmt.Errorf("lock %s %d to %d: %w", space, first, last, err)
	}
	return nil
}

// SharedLocks are keys of a lock space that a transaction holds in shared
// mode (Tx.LockKeysShared): any number of transactions may hold a key
// shared at once, and none while another holds it exclusively (LockKeys).
type SharedLocks struct {
	tx    *Tx
	space string
	keys  []int64
	name  string // the savepoint taken just before them
	done  bool
}

// LockKeysShared takes the locks of keys in space in shared mode, in
// ascending order, until tx ends or Upgrade gives them back. Writers that
// only add to rows (commutative changes under their own row locks) hold a
// space's keys shared side by side, and a writer that reads those rows to
// recompute something from them holds the keys exclusively and so waits
// for all of them, and they for it. On PostgreSQL a savepoint comes just
// before the locks, in the same round trip, so that Upgrade can give them
// back; on SQLite, where the transaction holds the one write lock, it does
// nothing.
func (tx *Tx) LockKeysShared(ctx context.Context, space string, keys []int64) (*SharedLocks, error) {
	tx.savepoints++
	l := &SharedLocks{tx: tx, space: space, keys: keys, name: "shared_locks_" + strconv.Itoa(tx.savepoints)}
	if tx.Dialect != Postgres || len(keys) == 0 {
		return l, nil
	}
	q, first, last, err := lockStatement("pg_advisory_xact_lock_shared", space, keys)
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, "SAVEPOINT "+l.name+"; "+q); err != nil {
		return nil, fmt.Errorf("lock %s %d to %d shared: %w", space, first, last, err)
	}
	if tx.shared == nil {
		tx.shared = map[string]int{}
	}
	tx.shared[space]++
	return l, nil
}

// Upgrade gives the shared locks back and takes the same keys
// exclusively, for a writer that found, under the shared locks, that it
// must recompute what other holders of them change. The transaction goes
// back to the savepoint taken before the shared locks, which undoes
// everything it did since on PostgreSQL (on SQLite, nothing): the caller
// only reads between LockKeysShared and Upgrade, and reads again after it.
// A transaction must never wait for a key exclusively while it holds it
// shared: two doing so at once would each wait for the other (a deadlock
// that PostgreSQL breaks only after deadlock_timeout, by aborting one). So
// Upgrade refuses when the transaction holds other shared locks of the
// space that it cannot give back.
func (l *SharedLocks) Upgrade(ctx context.Context) error {
	tx := l.tx
	if l.done {
		return fmt.Errorf("lock %s: upgraded twice", l.space)
	}
	l.done = true
	if tx.Dialect != Postgres || len(l.keys) == 0 {
		return nil
	}
	if tx.shared[l.space] != 1 {
		return fmt.Errorf("lock %s: cannot upgrade shared locks while the transaction holds others of the space", l.space)
	}
	q, first, last, err := lockStatement("pg_advisory_xact_lock", l.space, l.keys)
	if err != nil {
		return err
	}
	// ROLLBACK TO releases the locks taken since the savepoint
	// (PostgreSQL's explicit locking: "if a lock is acquired after
	// establishing a savepoint, the lock is released immediately if the
	// savepoint is rolled back to"), advisory ones included.
	if _, err := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT "+l.name+"; "+q); err != nil {
		return fmt.Errorf("lock %s %d to %d: %w", l.space, first, last, err)
	}
	tx.shared[l.space]--
	return nil
}

// lockStatement writes the statement that takes keys in space with fn (a
// pg_advisory_xact_lock function), in ascending order of key, with the
// keys and the space as literals: a statement without parameters goes in
// PostgreSQL's simple protocol, which takes several statements in one
// round trip (a savepoint and the locks).
func lockStatement(fn, space string, keys []int64) (q string, first, last int64, err error) {
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	var b strings.Builder
	b.WriteString("SELECT " + fn + "(hashtext(current_schema() || ':' || '" + strings.ReplaceAll(space, "'", "''") +
		"'), k) FROM (SELECT k FROM unnest('{")
	for i, k := range sorted {
		if k < -1<<31 || k >= 1<<31 {
			return "", 0, 0, fmt.Errorf("lock %s %d: key out of range", space, k)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(k, 10))
	}
	b.WriteString("}'::integer[]) AS k ORDER BY k) AS keys")
	return b.String(), sorted[0], sorted[len(sorted)-1], nil
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
