// Package store opens the database (SQLite by default, PostgreSQL for a
// national installation), runs the ordered migrations, and hides the few
// differences between the two dialects. SQL elsewhere is written once, with
// ? placeholders, and passes through Rebind.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the SQL dialect of a database.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DefaultURL is the database used when neither --db nor KHUYENHOC_DB is set.
const DefaultURL = "sqlite:khuyenhoc.db"

// DB is an open database with its dialect.
type DB struct {
	sql     *sql.DB
	Dialect Dialect
	URL     string
}

// Open connects to the database named by a URL of the contract:
// "sqlite:PATH", "sqlite::memory:" or "postgres://…".
func Open(ctx context.Context, rawURL string) (*DB, error) {
	var (
		driver, dsn string
		dialect     Dialect
	)
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		path := strings.TrimPrefix(rawURL, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return nil, apperr.New(apperr.Usage, vi.ErrBadDBURL, rawURL)
		}
		driver, dialect = "sqlite", SQLite
		// A large import outgrows SQLite's default 2 MB page cache, which
		// then spills to disk in the middle of the transaction: the cache
		// may grow to 128 MB (it is only taken as pages are read), and
		// statement journals stay in memory.
		pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate" +
			"&_pragma=cache_size(-131072)&_pragma=temp_store(MEMORY)"
		if path == ":memory:" {
			dsn = "file::memory:?" + pragmas
		} else {
			if dir := filepath.Dir(path); dir != "." {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return nil, fmt.Errorf("open database: %w", err)
				}
			}
			dsn = "file:" + path + "?" + pragmas + "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
		}
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		if _, err := url.Parse(rawURL); err != nil {
			return nil, apperr.New(apperr.Usage, vi.ErrBadDBURL, rawURL)
		}
		driver, dsn, dialect = "pgx", rawURL, Postgres
	default:
		return nil, apperr.New(apperr.Usage, vi.ErrBadDBURL, rawURL)
	}
	sdb, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if dialect == SQLite {
		// One connection: SQLite has one writer anyway, and an in-memory
		// database exists only inside its connection.
		sdb.SetMaxOpenConns(1)
	} else {
		sdb.SetMaxOpenConns(8)
	}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open database %s: %w", redact(rawURL), err)
	}
	return &DB{sql: sdb, Dialect: dialect, URL: rawURL}, nil
}

// redact hides a password in a URL before it goes into a message.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Exec runs a statement written with ? placeholders.
func (db *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return db.sql.ExecContext(ctx, db.Rebind(q), args...)
}

// Query runs a query written with ? placeholders.
func (db *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.sql.QueryContext(ctx, db.Rebind(q), args...)
}

// QueryRow runs a query written with ? placeholders that returns one row.
func (db *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.sql.QueryRowContext(ctx, db.Rebind(q), args...)
}

// Tx is a transaction that rebinds like DB.
type Tx struct {
	tx      *sql.Tx
	Dialect Dialect
}

// Begin starts a transaction. Callers defer Rollback, which is harmless
// after Commit.
func (db *DB) Begin(ctx context.Context) (*Tx, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{tx: tx, Dialect: db.Dialect}, nil
}

// InTx runs fn in a transaction, committing when it returns nil.
func (db *DB) InTx(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Commit commits the transaction.
func (tx *Tx) Commit() error { return tx.tx.Commit() }

// Rollback abandons the transaction.
func (tx *Tx) Rollback() error { return tx.tx.Rollback() }

// Exec runs a statement written with ? placeholders.
func (tx *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, rebind(tx.Dialect, q), args...)
}

// Query runs a query written with ? placeholders.
func (tx *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, rebind(tx.Dialect, q), args...)
}

// QueryRow runs a query written with ? placeholders that returns one row.
func (tx *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, rebind(tx.Dialect, q), args...)
}

// Prepare prepares a statement written with ? placeholders.
func (tx *Tx) Prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	return tx.tx.PrepareContext(ctx, rebind(tx.Dialect, q))
}

// Querier is what both DB and Tx offer, for read helpers that run in either.
type Querier interface {
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
}
