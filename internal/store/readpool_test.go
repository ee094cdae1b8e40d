package store

import (
	"context"
	"path/filepath"
	"testing"
)

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
