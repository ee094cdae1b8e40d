package store_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
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

// A step numbered below one already applied (work that landed after a
// later-numbered one) is applied, not skipped, and CheckCurrent finds the
// database behind until it is.
func TestMigrateAppliesAStepLandedOutOfOrder(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	all := append(append([]store.Step{}, steps...),
		store.Step{Version: 3, Name: "three", SQL: "CREATE TABLE late (id {{id}})"},
		store.Step{Version: 4, Name: "four", SQL: "CREATE TABLE later (id {{id}})"})
	without3 := []store.Step{all[0], all[1], all[3]}
	if err := db.Migrate(ctx, without3, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckCurrent(ctx, all); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("CheckCurrent without step 3 = %v, want a conflict", err)
	}
	if err := db.Migrate(ctx, all, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, "INSERT INTO late (id) VALUES (1)"); err != nil {
		t.Errorf("step 3 was not applied: %v", err)
	}
	if err := db.CheckCurrent(ctx, all); err != nil {
		t.Errorf("after migrating: %v", err)
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

// Programs started together on a new database (serve processes, say) all
// migrate it: one applies each step, the others find it applied and go on,
// and none fails. On PostgreSQL they used to collide in CREATE TABLE
// (duplicate key in pg_type).
func TestProcessesMigratingTogetherAllSucceed(t *testing.T) {
	urls := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "m.db")}
	if os.Getenv(storetest.PostgresEnv) != "" {
		db, _ := storetest.PostgresEmpty(t)
		urls["postgres"] = db.URL
	}
	for name, url := range urls {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			const procs = 4
			dbs := make([]*store.DB, procs)
			for i := range dbs {
				dbs[i] = open(t, url, store.Options{Create: true})
			}
			var wg sync.WaitGroup
			errs := make([]error, procs)
			for i, db := range dbs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = db.Migrate(ctx, steps, time.Now())
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("process %d: %v", i, err)
				}
			}
			if v, err := dbs[0].Version(ctx); err != nil || v != 2 {
				t.Errorf("version %d, %v; want 2", v, err)
			}
		})
	}
}

// TestSpreadCounterIsTheSumOfItsRows: bumps of a counter in the row of its
// name and spread over its rows (from many transactions at once on
// PostgreSQL, which lock the rows they bump to their commit) each move
// its value by one.
func TestSpreadCounterIsTheSumOfItsRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := store.BumpCounter(ctx, db, "c"); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 10 {
					if err := db.InTx(ctx, func(tx *store.Tx) error { return store.BumpSpread(ctx, tx, []string{"b", "c"}) }); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		for name, want := range map[string]int64{"b": 80, "c": 81, "d": 0} {
			if got, err := store.Counter(ctx, db, name); err != nil || got != want {
				t.Errorf("counter %s = %d, %v; want %d", name, got, err, want)
			}
		}
		rows, err := db.Query(ctx, "SELECT name FROM counters WHERE name = 'c' OR name LIKE 'c#%'")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			if store.CounterOf(name) != "c" {
				t.Errorf("row %s belongs to counter %s", name, store.CounterOf(name))
			}
		}
	})
}
