package store

import (
	"context"
	"path/filepath"
	"testing"
)

func TestIsReadTellsReadsFromWrites(t *testing.T) {
	for q, want := range map[string]bool{
		"SELECT 1":                                                   true,
		"\n\t\tselect id, updated_at FROM users":                     true,
		"SELECT COUNT(*) FROM deleted_things":                        true,
		"WITH x AS (SELECT 1) SELECT * FROM x":                       true,
		"INSERT INTO t (a) VALUES (?) RETURNING id":                  false,
		"WITH x AS (SELECT 1) DELETE FROM t":                         false,
		"SELECT value FROM counters FOR UPDATE":                      false,
		"UPDATE t SET a = 1":                                         false,
		"PRAGMA wal_checkpoint(TRUNCATE)":                            false,
		"CREATE TABLE IF NOT EXISTS t (a INTEGER)":                   false,
		"SELECT updated_at, is_deleted FROM t":                       true,
		"with x as (select 1) insert into t select 1":                false,
		"WITH u AS (UPDATE t SET a = 1 RETURNING a) SELECT a FROM u": false,
	} {
		if got := isRead(q); got != want {
			t.Errorf("isRead(%q) = %v, want %v", q, got, want)
		}
	}
}

// The read pool cannot write, so that a write misrouted to it fails loudly
// instead of racing the writer.
func TestReadPoolRefusesWrites(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(ctx, "CREATE TABLE t (a INTEGER)"); err != nil {
		t.Fatal(err)
	}
	if db.read == db.sql {
		t.Fatal("an SQLite file has no separate read pool")
	}
	if _, err := db.read.ExecContext(ctx, "INSERT INTO t (a) VALUES (1)"); err == nil {
		t.Error("the read pool accepted an INSERT")
	}
}
