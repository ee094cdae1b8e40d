// Package storetest gives store tests real, migrated databases: a fresh
// SQLite file always, and a fresh PostgreSQL schema too when the environment
// variable KHUYENHOC_TEST_POSTGRES holds a server URL. No mocks.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/schema"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

// PostgresEnv names the variable that holds the PostgreSQL test server URL.
const PostgresEnv = "KHUYENHOC_TEST_POSTGRES"

// OnlyPostgresEnv, set to 1 beside PostgresEnv, makes Each run the
// PostgreSQL half alone: CI's second pass, after a first pass that ran every
// test on SQLite, so that the SQLite halves do not run twice.
const OnlyPostgresEnv = "KHUYENHOC_TEST_ONLY_POSTGRES"

// Each runs fn once per configured database, as subtests named "sqlite" and
// "postgres", each with a freshly migrated database (the PostgreSQL one
// alone when OnlyPostgresEnv is set with PostgresEnv).
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	pg := os.Getenv(PostgresEnv) != ""
	if !pg || os.Getenv(OnlyPostgresEnv) != "1" {
		t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	}
	if pg {
		t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
	}
}

var (
	templateOnce sync.Once
	template     []byte
	templateErr  error
)

// SQLite returns a migrated SQLite database in a temporary file. The first
// call of a test process migrates a template and keeps its bytes (the file
// itself is removed at once); later calls copy them, since loading the
// units takes longer than writing a file.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	templateOnce.Do(func() { template, templateErr = migratedSQLite(ctx) })
	if templateErr != nil {
		t.Fatalf("sqlite template: %v", templateErr)
	}
	path := filepath.Join(t.TempDir(), "test.db")
	if err := os.WriteFile(path, template, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// migratedSQLite migrates a fresh SQLite file and returns its bytes.
func migratedSQLite(ctx context.Context) ([]byte, error) {
	dir, err := os.MkdirTemp("", "khuyenhoc-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	db, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := schema.Migrate(ctx, db, time.Now()); err != nil {
		return nil, err
	}
	if _, err := db.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

// Postgres returns a migrated database in a new schema of the server named
// by KHUYENHOC_TEST_POSTGRES; the schema is dropped when the test ends.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	db, _ := PostgresEmpty(t)
	if err := schema.Migrate(context.Background(), db, time.Now()); err != nil {
		t.Fatalf("postgres migrate: %v", err)
	}
	return db
}

// PostgresEmpty returns a database in a new, empty schema of the server
// named by KHUYENHOC_TEST_POSTGRES, and the schema's name, for tests that
// restore a dump; the schema is dropped when the test ends.
func PostgresEmpty(t testing.TB) (*store.DB, string) {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Fatalf("%s is not set", PostgresEnv)
	}
	ctx := context.Background()
	admin, err := store.Open(ctx, base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() {
		a, err := store.Open(context.Background(), base)
		if err == nil {
			a.Exec(context.Background(), "DROP SCHEMA "+name+" CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, name
}

// HoldWrite stands for another process in the middle of a write (an
// import, say) to the database at url: on a handle of its own it begins a
// transaction that has written a row of counters, which holds SQLite's one
// write lock (on PostgreSQL, that row's). The transaction stays open until
// the returned function rolls it back, or the test ends.
func HoldWrite(t testing.TB, url string) (rollback func() error) {
	t.Helper()
	ctx := context.Background()
	holder, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Close() })
	tx, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	if _, err := tx.Exec(ctx, "INSERT INTO counters (name, value) VALUES ('held', 1)"); err != nil {
		t.Fatal(err)
	}
	return tx.Rollback
}

// NeedPostgres skips a benchmark (or a test of what only PostgreSQL has,
// such as replicas) when PostgresEnv names no server.
func NeedPostgres(tb testing.TB) {
	tb.Helper()
	if os.Getenv(PostgresEnv) == "" {
		tb.Skip("set " + PostgresEnv + " to a PostgreSQL server")
	}
}
