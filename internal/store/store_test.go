package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

var steps = []store.Step{
	{Version: 1, Name: "one", SQL: "CREATE TABLE things (id {{id}}, name TEXT NOT NULL, score {{real}})"},
	{Version: 2, Name: "two", SQL: "ALTER TABLE things ADD COLUMN note TEXT"},
}

func TestOpenRejectsUnknownURL(t *testing.T) {
	for _, u := range []string{"mysql://x", "khuyenhoc.db", "sqlite:"} {
		_, err := store.Open(context.Background(), u)
		if apperr.CodeOf(err) != apperr.Usage {
			t.Errorf("Open(%q) = %v, want a usage error", u, err)
		}
	}
}

func TestMigrateRecordsStepsAndNoMigrateRefusesOldSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, steps[:1], time.Now()); err != nil {
		t.Fatal(err)
	}
	err = db.CheckCurrent(ctx, steps)
	if apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("CheckCurrent on an old schema = %v, want a conflict", err)
	}
	if err := db.Migrate(ctx, steps, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckCurrent(ctx, steps); err != nil {
		t.Fatalf("after migrating: %v", err)
	}
	if v, _ := db.Version(ctx); v != 2 {
		t.Errorf("version %d, want 2", v)
	}
	// Migrating again is a no-op; a program older than the database refuses it.
	if err := db.Migrate(ctx, steps, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, steps[:1], time.Now()); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("older program on newer database = %v, want a conflict", err)
	}
}

func TestFailedMigrationLeavesNothingBehind(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bad := []store.Step{{Version: 1, Name: "bad", SQL: "CREATE TABLE a (x TEXT); CREATE TABLE a (y TEXT)"}}
	if err := db.Migrate(ctx, bad, time.Now()); err == nil {
		t.Fatal("a failing migration succeeded")
	}
	if v, _ := db.Version(ctx); v != 0 {
		t.Errorf("version %d after a failed migration, want 0", v)
	}
	if err := db.Migrate(ctx, steps, time.Now()); err != nil {
		t.Fatalf("a failed migration left debris: %v", err)
	}
}
