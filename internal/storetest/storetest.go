// Package storetest gives store tests real, migrated databases: a fresh
// SQLite file always, and a fresh PostgreSQL database too when the
// environment variable KHUYENHOC_TEST_POSTGRES holds a server URL. No mocks.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
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

// Postgres returns a migrated database of its own on the server named by
// KHUYENHOC_TEST_POSTGRES, dropped when the test ends. It is a copy of a
// template database that the first call of a test process migrates
// (CREATE DATABASE … TEMPLATE takes a tenth of a second; migrating, most
// of a second, most of it loading the units). Where the server's user may
// not create databases, it is a new schema of the server's database,
// migrated.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Fatalf("%s is not set", PostgresEnv)
	}
	pgTemplateOnce.Do(func() { pgAdmin, pgTemplate, pgTemplateErr = migratedPostgres(base) })
	if pgTemplateErr != nil {
		// A user who may not create databases: a schema of the server's
		// database, migrated for the test.
		t.Logf("no template database (%v): the test's schema is migrated", pgTemplateErr)
		db, _ := PostgresEmpty(t)
		if err := schema.Migrate(context.Background(), db, time.Now()); err != nil {
			t.Fatalf("postgres migrate: %v", err)
		}
		return db
	}
	ctx := context.Background()
	name := "khuyenhoc_test_" + randomHex()
	if _, err := pgAdmin.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+pgTemplate); err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() { pgAdmin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	db, err := store.Open(ctx, withDatabase(base, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var (
	pgTemplateOnce sync.Once
	pgAdmin        *store.DB // the server's database, for the process's CREATE and DROP DATABASE
	pgTemplate     string
	pgTemplateErr  error
)

// pgTemplatePrefix begins the names of the template databases, each made
// by one test process: the prefix, the host's digest and the process id.
const pgTemplatePrefix = "khuyenhoc_template_"

// migratedPostgres makes this process's template database on the server
// at base, migrated, and returns a handle on the server's database (kept
// for the process's life) and the template's name. It first drops the
// templates that processes of this host, no longer running, left behind
// (a test process has no end of its own to drop its template at).
func migratedPostgres(base string) (*store.DB, string, error) {
	host, _ := os.Hostname()
	sum := sha256.Sum256([]byte(host))
	prefix := pgTemplatePrefix + hex.EncodeToString(sum[:4]) + "_"
	ctx := context.Background()
	admin, err := store.Open(ctx, base)
	if err != nil {
		return nil, "", err
	}
	fail := func(err error) (*store.DB, string, error) {
		admin.Close()
		return nil, "", err
	}
	rows, err := admin.Query(ctx, "SELECT datname FROM pg_database WHERE starts_with(datname, ?)", prefix)
	if err != nil {
		return fail(err)
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil && !running(strings.TrimPrefix(name, prefix)) {
			stale = append(stale, name)
		}
	}
	rows.Close()
	name := prefix + strconv.Itoa(os.Getpid())
	for _, q := range []string{"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
		if _, err := admin.Exec(ctx, q); err != nil {
			return fail(err)
		}
	}
	for _, old := range stale {
		admin.Exec(ctx, "DROP DATABASE IF EXISTS "+old+" WITH (FORCE)")
	}
	db, err := store.Open(ctx, withDatabase(base, name))
	if err != nil {
		return fail(err)
	}
	err = schema.Migrate(ctx, db, time.Now())
	db.Close() // a template is copied only with no one connected to it
	if err != nil {
		return fail(err)
	}
	return admin, name, nil
}

// running reports whether the process of id pid runs on this host (one
// of another user's too, which may not be signalled).
func running(pid string) bool {
	id, err := strconv.Atoi(pid)
	if err != nil {
		return false
	}
	p, err := os.FindProcess(id)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// withDatabase returns base naming the database name instead.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
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
	name := "test_" + randomHex()
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
