package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// newFile makes an SQLite file with one table and returns its path.
func newFile(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	db, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, steps, time.Now()); err != nil {
		t.Fatal(err)
	}
	return path
}

func open(t *testing.T, url string, opt store.Options) *store.DB {
	t.Helper()
	db, err := store.OpenWith(context.Background(), url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// holdWrite begins a transaction on db that has written one row and keeps
// SQLite's write lock until the test ends or the returned function runs.
func holdWrite(t *testing.T, db *store.DB) func() error {
	t.Helper()
	ctx := context.Background()
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	if _, err := tx.Exec(ctx, "INSERT INTO things (name) VALUES (?)", "held"); err != nil {
		t.Fatal(err)
	}
	return tx.Commit
}

func TestWriterWaitsForAnotherWriterThenSaysBusy(t *testing.T) {
	ctx := context.Background()
	path := newFile(t)
	first := open(t, "sqlite:"+path, store.Options{BusyTimeout: 100 * time.Millisecond})
	commit := holdWrite(t, first)

	// Another process's writer (another handle on the file) and a second
	// writer of the same process (the same handle) both give up.
	second := open(t, "sqlite:"+path, store.Options{BusyTimeout: 100 * time.Millisecond})
	for name, try := range map[string]func() error{
		"begin, other handle": func() error { _, err := second.Begin(ctx); return err },
		"exec, other handle": func() error {
			_, err := second.Exec(ctx, "INSERT INTO things (name) VALUES ('x')")
			return err
		},
		"begin, same handle": func() error { _, err := first.Begin(ctx); return err },
		"exec, same handle": func() error {
			_, err := first.Exec(ctx, "INSERT INTO things (name) VALUES ('x')")
			return err
		},
	} {
		err := try()
		if apperr.CodeOf(err) != apperr.Busy || apperr.ExitCode(err) != 3 {
			t.Errorf("%s: %v (code %q), want a Busy error", name, err, apperr.CodeOf(err))
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "một lần nhập hoặc ghi dữ liệu khác đang chạy") || !strings.Contains(msg, "thử lại") {
			t.Errorf("%s: message %q does not say another write is running and to try again", name, msg)
		}
	}
	if err := commit(); err != nil {
		t.Fatal(err)
	}
	// Once the first writer is done the second one writes.
	if _, err := second.Exec(ctx, "INSERT INTO things (name) VALUES ('after')"); err != nil {
		t.Fatalf("after the first writer committed: %v", err)
	}
	var n int
	if err := second.QueryRow(ctx, "SELECT COUNT(*) FROM things").Scan(&n); err != nil || n != 2 {
		t.Errorf("%d rows (%v), want the held row and the later one", n, err)
	}
}

func TestReaderDoesNotWaitForAnOpenWriteTransaction(t *testing.T) {
	ctx := context.Background()
	path := newFile(t)
	db := open(t, "sqlite:"+path, store.Options{})
	other := open(t, "sqlite:"+path, store.Options{})
	commit := holdWrite(t, db)

	// The reads run while the write transaction is open: it is committed
	// only after both answered. Were they queued behind the writer, they
	// would never answer; the context ends such a test instead of hanging.
	for name, r := range map[string]*store.DB{"same handle": db, "other handle": other} {
		qctx, cancel := context.WithTimeout(ctx, time.Minute)
		got := make(chan error, 1)
		var n int
		go func() { got <- r.QueryRow(qctx, "SELECT COUNT(*) FROM things").Scan(&n) }()
		err := <-got
		cancel()
		if err != nil {
			t.Fatalf("%s: read during a write transaction: %v", name, err)
		}
		if n != 0 {
			t.Errorf("%s: the reader saw %d rows of an uncommitted transaction", name, n)
		}
	}
	if err := commit(); err != nil {
		t.Fatal(err)
	}
	// A read after the commit sees it (the caller's own write, too).
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM things").Scan(&n); err != nil || n != 1 {
		t.Errorf("after commit: %d rows (%v), want 1", n, err)
	}
}

// Outside a transaction a write goes through Exec or a transaction, both
// of which take the write turn; Query and QueryRow read from the read
// pool, which refuses a write rather than let it past the turn and the
// busy timeout. An INSERT … RETURNING therefore runs in a transaction.
func TestStatementsOutsideTransactionsGoToTheRightConnections(t *testing.T) {
	ctx := context.Background()
	db := open(t, "sqlite:"+newFile(t), store.Options{})
	var id int64
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, "INSERT INTO things (name) VALUES (?) RETURNING id", "a").Scan(&id)
	}); err != nil || id == 0 {
		t.Fatalf("insert returning: id %d, %v", id, err)
	}
	var name string
	if err := db.QueryRow(ctx, "\n\tSELECT name FROM things WHERE id = ?", id).Scan(&name); err != nil || name != "a" {
		t.Errorf("read back %q, %v", name, err)
	}
	if err := db.QueryRow(ctx, "INSERT INTO things (name) VALUES (?) RETURNING id", "b").Scan(&id); err == nil {
		t.Error("QueryRow wrote, outside the write turn")
	}
}

func TestOpenRefusesAMissingFileUnlessAskedToCreate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "demo.bd")
	_, err := store.OpenWith(ctx, "sqlite:"+path, store.Options{})
	if apperr.CodeOf(err) != apperr.NotFound || apperr.ExitCode(err) != 1 {
		t.Fatalf("open a missing file = %v, want NotFound", err)
	}
	if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "khuyenhoc init --db sqlite:"+path) {
		t.Errorf("message %q names neither the path nor how to create it", msg)
	}
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("refusing to open wrote something: %v", err)
	}
	db, err := store.OpenWith(ctx, "sqlite:"+path, store.Options{Create: true})
	if err != nil {
		t.Fatalf("open with Create: %v", err)
	}
	db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Create made no file: %v", err)
	}
}

func TestReadOnlyOpeningReadsAndRefusesWrites(t *testing.T) {
	ctx := context.Background()
	path := newFile(t)
	rw := open(t, "sqlite:"+path, store.Options{})
	if _, err := rw.Exec(ctx, "INSERT INTO things (name) VALUES ('kept')"); err != nil {
		t.Fatal(err)
	}
	rw.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ro := open(t, "sqlite:"+path, store.Options{ReadOnly: true})
	if v, err := ro.Version(ctx); err != nil || v != 2 {
		t.Errorf("version %d, %v; want 2", v, err)
	}
	var name string
	if err := ro.QueryRow(ctx, "SELECT name FROM things").Scan(&name); err != nil || name != "kept" {
		t.Errorf("read %q, %v", name, err)
	}
	// The connection itself refuses to write, whoever runs the process
	// (file permissions do not stop root).
	if _, err := ro.Exec(ctx, "INSERT INTO things (name) VALUES ('no')"); err == nil {
		t.Error("a read-only database accepted an INSERT")
	}
	if err := ro.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM things")
		return err
	}); err == nil {
		t.Error("a read-only database accepted a DELETE in a transaction")
	}
	ro.Close()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("reading a database opened read-only changed its file")
	}
	// A missing file is refused read-only as well, never created.
	missing := filepath.Join(t.TempDir(), "x.db")
	if _, err := store.OpenWith(ctx, "sqlite:"+missing, store.Options{ReadOnly: true, Create: true}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("read-only open of a missing file = %v, want NotFound", err)
	}
}

func TestInMemoryDatabaseKeepsItsDataAcrossStatements(t *testing.T) {
	ctx := context.Background()
	db := open(t, "sqlite::memory:", store.Options{})
	if err := db.Migrate(ctx, steps, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO things (name) VALUES ('m')")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM things").Scan(&n); err != nil || n != 1 {
		t.Errorf("%d rows (%v), want 1", n, err)
	}
}

// A write that may be skipped does not wait for a writer: a page view that
// would note a session's last-seen time goes on during an import.
func TestExecIfFreeSkipsWhileAnotherWriterHoldsTheDatabase(t *testing.T) {
	ctx := context.Background()
	path := newFile(t)
	// A long busy timeout and a shorter context: were ExecIfFree to wait,
	// the context would end the wait with an error. (Waiting out the busy
	// timeout would end in a Busy error, which ExecIfFree reports as
	// skipped: only slower, not wrong.)
	db := open(t, "sqlite:"+path, store.Options{BusyTimeout: time.Minute})
	other := open(t, "sqlite:"+path, store.Options{BusyTimeout: time.Minute})
	for name, holder := range map[string]*store.DB{"same handle": db, "other handle": other} {
		commit := holdWrite(t, holder)
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		ran, err := db.ExecIfFree(wctx, "UPDATE things SET note = 'seen'")
		cancel()
		if err != nil || ran {
			t.Errorf("%s: ExecIfFree during another write = %v, %v; want false, nil", name, ran, err)
		}
		if err := commit(); err != nil {
			t.Fatal(err)
		}
		ran, err = db.ExecIfFree(ctx, "UPDATE things SET note = 'seen'")
		if err != nil || !ran {
			t.Errorf("%s: ExecIfFree with no other writer = %v, %v; want true", name, ran, err)
		}
	}
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM things WHERE note = 'seen'").Scan(&n); err != nil || n != 2 {
		t.Errorf("%d rows noted (%v), want 2", n, err)
	}
}

// On PostgreSQL, ReadOnly makes every transaction of the connection
// read-only: a report with --no-migrate cannot write by mistake.
func TestReadOnlyOpeningOnPostgres(t *testing.T) {
	storetest.NeedPostgres(t)
	ctx := context.Background()
	rw, _ := storetest.PostgresEmpty(t)
	if err := rw.Migrate(ctx, steps, time.Now()); err != nil {
		t.Fatal(err)
	}
	ro := open(t, rw.URL, store.Options{ReadOnly: true})
	if v, err := ro.Version(ctx); err != nil || v != 2 {
		t.Errorf("version %d, %v; want 2", v, err)
	}
	if _, err := ro.Exec(ctx, "INSERT INTO things (name) VALUES ('no')"); err == nil {
		t.Error("a read-only PostgreSQL connection accepted an INSERT")
	}
}
