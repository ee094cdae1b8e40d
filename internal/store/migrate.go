package store

import (
	"context"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Step is one migration: plain SQL for both dialects (see schemaSQL), or a
// Go function for data that SQL cannot express, such as loading the embedded
// administrative units. Steps run in Version order, each in its own
// transaction, and are recorded in schema_migrations.
type Step struct {
	Version int
	Name    string
	SQL     string
	Run     func(ctx context.Context, tx *Tx) error
}

const migrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// Version reports the highest migration applied (0 for a new database).
// It only reads, so that it works on a database opened read-only.
func (db *DB) Version(ctx context.Context) (int, error) {
	var n int
	if err := db.QueryRow(ctx, tableExistsSQL(db.Dialect), "schema_migrations").Scan(&n); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	var v int
	if err := db.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// applied lists the migrations recorded in schema_migrations (none for a
// new database). It only reads.
func (db *DB) applied(ctx context.Context) (map[int]bool, error) {
	var n int
	if err := db.QueryRow(ctx, tableExistsSQL(db.Dialect), "schema_migrations").Scan(&n); err != nil {
		return nil, fmt.Errorf("schema version: %w", err)
	}
	done := map[int]bool{}
	if n == 0 {
		return done, nil
	}
	rows, err := db.Query(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("schema version: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("schema version: %w", err)
		}
		done[v] = true
	}
	return done, rows.Err()
}

// missing lists the steps the database has not applied, in order.
func missing(steps []Step, done map[int]bool) []Step {
	var out []Step
	for _, s := range steps {
		if !done[s.Version] {
			out = append(out, s)
		}
	}
	return out
}

// Migrate applies the steps that the database lacks, in order: every step
// not recorded, also one numbered below a step already applied (work
// developed side by side lands in any order). It refuses a database newer
// than the program. A step that another process applied while this one
// waited for its turn (lockMigrations) is skipped.
func (db *DB) Migrate(ctx context.Context, steps []Step, now time.Time) error {
	have, err := db.Version(ctx)
	if err != nil {
		return err
	}
	latest := latestVersion(steps)
	if have > latest {
		return apperr.New(apperr.Conflict, vi.ErrNewerSchema, have, latest)
	}
	done, err := db.applied(ctx)
	if err != nil {
		return err
	}
	todo := missing(steps, done)
	if len(todo) == 0 {
		return nil
	}
	if err := db.InTx(ctx, func(tx *Tx) error {
		if err := lockMigrations(ctx, tx); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, migrationsTable)
		return err
	}); err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	for _, s := range todo {
		err := db.InTx(ctx, func(tx *Tx) error {
			if err := lockMigrations(ctx, tx); err != nil {
				return err
			}
			var done int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", s.Version).Scan(&done); err != nil {
				return err
			}
			if done > 0 {
				return nil
			}
			if s.SQL != "" {
				if _, err := tx.Exec(ctx, schemaSQL(db.Dialect, s.SQL)); err != nil {
					return err
				}
			}
			if s.Run != nil {
				if err := s.Run(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				s.Version, s.Name, now.UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", s.Version, s.Name, err)
		}
	}
	return nil
}

// lockMigrations makes the processes that migrate one database take turns,
// each step's transaction after the other's commit, so that the step is
// found applied instead of run twice. SQLite's write transactions take
// turns anyway (BEGIN IMMEDIATE); on PostgreSQL, where two processes would
// both create schema_migrations or the same table and one fail, it is an
// advisory lock held to the end of the transaction.
func lockMigrations(ctx context.Context, tx *Tx) error {
	return tx.LockKeys(ctx, "migrations", []int64{0})
}

// CheckCurrent refuses to work on a database whose schema is behind or ahead
// of the program, for --no-migrate.
func (db *DB) CheckCurrent(ctx context.Context, steps []Step) error {
	have, err := db.Version(ctx)
	if err != nil {
		return err
	}
	latest := latestVersion(steps)
	if have > latest {
		return apperr.New(apperr.Conflict, vi.ErrNewerSchema, have, latest)
	}
	done, err := db.applied(ctx)
	if err != nil {
		return err
	}
	if todo := missing(steps, done); len(todo) > 0 {
		return apperr.New(apperr.Conflict, vi.ErrOldSchema, todo[0].Version-1, latest)
	}
	return nil
}

func latestVersion(steps []Step) int {
	v := 0
	for _, s := range steps {
		v = max(v, s.Version)
	}
	return v
}
