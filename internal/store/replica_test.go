package store_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func countRows(t *testing.T, ctx context.Context, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM things").Scan(&n); err != nil {
		t.Fatalf("count: %v", err)
	}
	return n
}

// eventually waits up to 10 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("after 10 s: %s", what)
}

// openWithReplica starts a primary and a streaming replica and opens the
// primary with the replica for reads, allowing it maxLag, with its log
// lines kept in the returned Logs.
func openWithReplica(t *testing.T, maxLag time.Duration) (*store.DB, *storetest.PGServer, *storetest.Logs) {
	t.Helper()
	primary, rep := storetest.PrimaryAndReplica(t)
	logs := &storetest.Logs{}
	db, err := store.OpenWith(context.Background(), primary.URL(), store.Options{
		ReadURLs: []string{rep.URL()}, MaxReplicaLag: maxLag,
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, rep, logs
}

// Reads marked for replicas go to the replica (a paused replica's stale
// count shows it), except those that must see a write the replica has not
// replayed, which the primary answers; unmarked reads always go to the
// primary. After the replica replays, the writer's reads go to it.
func TestReplicaAnswersMarkedReadsAndTheWriterReadsItsWrites(t *testing.T) {
	ctx := context.Background()
	db, rep, _ := openWithReplica(t, time.Hour)
	if !db.HasReplicas() {
		t.Fatal("HasReplicas = false")
	}
	if _, err := db.Exec(ctx, "CREATE TABLE things (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, "INSERT INTO things VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	pos, err := db.Position(ctx)
	if err != nil || pos == "" {
		t.Fatalf("Position = %q, %v", pos, err)
	}
	onReplica := store.ReadFromReplica(ctx, pos)
	replicaDB := rep.Direct(t)
	eventually(t, "the replica replays the first row", func() bool {
		var n int
		return replicaDB.QueryRow(ctx, "SELECT COUNT(*) FROM things").Scan(&n) == nil && n == 1
	})
	if _, err := replicaDB.Exec(ctx, "SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, "INSERT INTO things VALUES (2)"); err != nil {
		t.Fatal(err)
	}
	pos2, err := db.Position(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The paused replica still has one row, and answers reads that need no
	// more than the first write: it is really read.
	eventually(t, "the poller sees the first write replayed", func() bool { return countRows(t, onReplica, db) == 1 })
	if n := countRows(t, store.ReadFromReplica(ctx, ""), db); n != 1 {
		t.Errorf("a read with no position of its own gave %d rows, want the replica's 1", n)
	}
	// The writer of the second row reads it, from the primary.
	if n := countRows(t, store.ReadFromReplica(ctx, pos2), db); n != 2 {
		t.Errorf("the writer's read gave %d rows, want its own write seen (2)", n)
	}
	// An unmarked read (a write's own check, a command) goes to the primary.
	if n := countRows(t, ctx, db); n != 2 {
		t.Errorf("an unmarked read gave %d rows, want the primary's 2", n)
	}
	if n := countRows(t, store.ReadFromReplica(ctx, "not a position"), db); n != 2 {
		t.Errorf("a read with a malformed position gave %d rows, want the primary's 2", n)
	}
	if _, err := replicaDB.Exec(ctx, "SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatal(err)
	}
	// Once replayed, the writer's reads go to the replica: pause it again
	// and write a third row, which the writer's second position does not
	// ask for.
	eventually(t, "the replica replays the second row", func() bool {
		var n int
		return replicaDB.QueryRow(ctx, "SELECT COUNT(*) FROM things").Scan(&n) == nil && n == 2
	})
	if _, err := replicaDB.Exec(ctx, "SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, "INSERT INTO things VALUES (3)"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the writer's read goes to the replica that replayed its write", func() bool {
		return countRows(t, store.ReadFromReplica(ctx, pos2), db) == 2
	})
}

// A replica stopped in the middle of a load: readers see no error (the
// primary answers from then on, fresh), a log line says so, and a replica
// that lags more than allowed is skipped likewise.
func TestLostAndLaggingReplicasAreSkippedWithALogLine(t *testing.T) {
	ctx := context.Background()
	db, rep, logs := openWithReplica(t, 400*time.Millisecond)
	if _, err := db.Exec(ctx, "CREATE TABLE things (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}

	// Lagging: replay paused, the primary moves on; once the pause is
	// older than the allowed lag, marked reads come from the primary.
	replicaDB := rep.Direct(t)
	eventually(t, "the replica has the table", func() bool {
		var n int
		return replicaDB.QueryRow(ctx, "SELECT COUNT(*) FROM things").Scan(&n) == nil
	})
	if _, err := replicaDB.Exec(ctx, "SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, "INSERT INTO things VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a lagging replica is skipped", func() bool {
		return countRows(t, store.ReadFromReplica(ctx, ""), db) == 1
	})
	if !strings.Contains(logs.String(), "lags") {
		t.Errorf("no log line for the lagging replica:\n%s", logs)
	}
	if _, err := replicaDB.Exec(ctx, "SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the replica catches up", func() bool { return strings.Contains(logs.String(), "caught up") })

	// Lost: readers and a writer run; the replica is stopped halfway.
	var written, errs atomic.Int64
	written.Store(1)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 2; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := db.Exec(ctx, "INSERT INTO things VALUES (?)", i); err != nil {
				errs.Add(1)
				return
			}
			written.Store(int64(i))
			time.Sleep(5 * time.Millisecond)
		}
	}()
	var reads atomic.Int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rctx := store.ReadFromReplica(ctx, "")
			for {
				select {
				case <-stop:
					return
				default:
				}
				var n int
				if err := db.QueryRow(rctx, "SELECT COUNT(*) FROM things").Scan(&n); err != nil {
					t.Errorf("read during the load: %v", err)
					errs.Add(1)
					return
				}
				rows, err := db.Query(rctx, "SELECT id FROM things ORDER BY id DESC LIMIT 3")
				if err != nil {
					t.Errorf("query during the load: %v", err)
					errs.Add(1)
					return
				}
				for rows.Next() {
				}
				if err := rows.Err(); err != nil {
					t.Errorf("rows during the load: %v", err)
					errs.Add(1)
				}
				rows.Close()
				reads.Add(1)
			}
		}()
	}
	time.Sleep(700 * time.Millisecond)
	rep.Stop(t)
	time.Sleep(700 * time.Millisecond)
	close(stop)
	wg.Wait()
	if errs.Load() != 0 {
		t.Fatalf("%d errors during the load with the replica stopped", errs.Load())
	}
	if reads.Load() == 0 {
		t.Fatal("no reads ran")
	}
	if !strings.Contains(logs.String(), "unreachable") {
		t.Errorf("no log line for the lost replica:\n%s", logs)
	}
	// From now on the primary answers, with every write.
	if n, w := countRows(t, store.ReadFromReplica(ctx, ""), db), int(written.Load()); n != w {
		t.Errorf("after the replica's loss a read gave %d rows, want %d", n, w)
	}
	t.Logf("%d reads, %d writes; replica stopped halfway", reads.Load(), written.Load())
}

func TestReplicasAreForPostgreSQLOnly(t *testing.T) {
	ctx := context.Background()
	_, err := store.OpenWith(ctx, "sqlite:"+filepath.Join(t.TempDir(), "x.db"), store.Options{Create: true, ReadURLs: []string{"postgres://127.0.0.1/x"}})
	if apperr.CodeOf(err) != apperr.Usage || !strings.Contains(err.Error(), "PostgreSQL") {
		t.Errorf("replicas of an SQLite file: %v, want a usage error naming PostgreSQL", err)
	}
	if url := os.Getenv(storetest.PostgresEnv); url != "" {
		_, err := store.OpenWith(ctx, url, store.Options{ReadURLs: []string{"sqlite:x.db"}})
		if apperr.CodeOf(err) != apperr.Usage {
			t.Errorf("an SQLite replica: %v, want a usage error", err)
		}
	}
}

// A replica lost in the middle of its answer (here it ends its own
// connection while it works on the query, after its first row, as a
// replica stopped at that moment does) hands the read to the primary, for
// one row and for many: the caller sees the primary's answer, not the lost
// connection's error, and no row of the replica's. The load of
// TestLostAndLaggingReplicasAreSkippedWithALogLine met that moment once in
// CI (a count's Scan failed with "unexpected EOF").
func TestAReplicaLostInItsAnswerHandsTheReadToThePrimary(t *testing.T) {
	ctx := context.Background()
	db, _, logs := openWithReplica(t, time.Hour)
	onReplica := store.ReadFromReplica(ctx, "")
	// On the replica (in recovery) the query ends its connection after its
	// first row (-1) is made; on the primary it answers 7s.
	const q = "SELECT CASE WHEN pg_is_in_recovery() AND pg_terminate_backend(pg_backend_pid()) THEN -1 ELSE 7 END FROM generate_series(1, %d)"
	replicaUp := func() bool {
		var n int
		return db.QueryRow(onReplica, "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END").Scan(&n) == nil && n == 1
	}

	eventually(t, "the replica answers", replicaUp)
	var n int
	if err := db.QueryRow(onReplica, fmt.Sprintf(q, 1)).Scan(&n); err != nil || n != 7 {
		t.Errorf("one row: %d, %v; want the primary's 7", n, err)
	}
	if !strings.Contains(logs.String(), "unreachable") {
		t.Errorf("no log line for the lost replica:\n%s", logs)
	}

	eventually(t, "the replica answers again", replicaUp)
	rows, err := db.Query(onReplica, fmt.Sprintf(q, 3))
	if err != nil {
		t.Fatalf("many rows: %v", err)
	}
	var got []int
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	if err := rows.Err(); err != nil {
		t.Errorf("many rows: %v", err)
	}
	rows.Close()
	if len(got) != 3 || got[0] != 7 || got[2] != 7 {
		t.Errorf("many rows: %v, want the primary's three 7s", got)
	}

	// An answer longer than what is read whole comes whole too, from the
	// replica: the rows read first, then the rest.
	eventually(t, "the replica answers once more", replicaUp)
	const long = 10_003
	rows, err = db.Query(onReplica, "SELECT g, pg_is_in_recovery() FROM generate_series(1, ?::int) g", long)
	if err != nil {
		t.Fatal(err)
	}
	var count, sum, fromReplica int
	for rows.Next() {
		var recovering bool
		if err := rows.Scan(&n, &recovering); err != nil {
			t.Fatal(err)
		}
		count, sum = count+1, sum+n
		if recovering {
			fromReplica++
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if count != long || sum != long*(long+1)/2 || fromReplica != long {
		t.Errorf("a long answer: %d rows summing to %d, %d from the replica; want %d rows summing to %d, all from the replica",
			count, sum, fromReplica, long, long*(long+1)/2)
	}
}
