package store_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
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

// pgServer is a PostgreSQL server of a test's own, in a temporary folder
// on a free port: the shared server on 5432 is left as it is.
type pgServer struct {
	bin, dir, sock string
	port           int
}

func (s *pgServer) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", s.port)
}

// pgBinDir finds the server's programs (Debian keeps them out of PATH).
func pgBinDir(t *testing.T) string {
	t.Helper()
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i]
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	t.Fatal("PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup) are not installed; CI installs the postgresql package")
	return ""
}

// asServerUser runs a server program; as root (the CI machine) it runs as
// the postgres user, since the server refuses to run as root.
func asServerUser(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// primaryAndReplica starts a primary and a streaming replica of it. Both
// are stopped at the end of the test.
func primaryAndReplica(t *testing.T) (primary, replica *pgServer) {
	t.Helper()
	if os.Getenv(storetest.PostgresEnv) == "" {
		// The replica tests run where PostgreSQL is configured, as CI's
		// PostgreSQL pass is; the SQLite pass has no server to copy.
		t.Skip("PostgreSQL not configured (" + storetest.PostgresEnv + ")")
	}
	bin := pgBinDir(t)
	dir, err := os.MkdirTemp("", "khuyenhoc-replica-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chown", "postgres", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v %s", err, out)
		}
	}
	primary = &pgServer{bin: bin, dir: filepath.Join(dir, "primary"), sock: dir, port: freePort(t)}
	asServerUser(t, filepath.Join(bin, "initdb"), "-D", primary.dir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
	hba, err := os.OpenFile(filepath.Join(primary.dir, "pg_hba.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(hba, "host replication all 127.0.0.1/32 trust")
	hba.Close()
	primary.start(t)
	replica = &pgServer{bin: bin, dir: filepath.Join(dir, "replica"), sock: dir, port: freePort(t)}
	asServerUser(t, filepath.Join(bin, "pg_basebackup"), "-h", "127.0.0.1", "-p", fmt.Sprint(primary.port), "-U", "postgres", "-D", replica.dir, "-R", "-X", "stream")
	replica.start(t)
	return primary, replica
}

func (s *pgServer) start(t *testing.T) {
	t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c wal_receiver_status_interval=1", s.port, s.sock)
	asServerUser(t, filepath.Join(s.bin, "pg_ctl"), "-D", s.dir, "-o", opts, "-l", s.dir+".log", "-w", "start")
	t.Cleanup(func() { s.stop(t) })
}

// stop stops the server at once (as a crash would); stopping a stopped
// server is nothing.
func (s *pgServer) stop(t *testing.T) {
	cmd := exec.Command(filepath.Join(s.bin, "pg_ctl"), "-D", s.dir, "-m", "immediate", "-w", "stop")
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", "-u", "postgres", "--", filepath.Join(s.bin, "pg_ctl"), "-D", s.dir, "-m", "immediate", "-w", "stop")
	}
	cmd.Run() // already stopped is fine
}

// direct opens a plain connection to one server, for the test's own
// statements (pausing a replica's replay).
func direct(t *testing.T, s *pgServer) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), s.url())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// lockedBuffer is a log destination written by the poller's goroutine and
// read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

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

// Reads marked for replicas go to the replica (a paused replica's stale
// count shows it), except those that must see a write the replica has not
// replayed, which the primary answers; unmarked reads always go to the
// primary. After the replica replays, the writer's reads go to it.
func TestReplicaAnswersMarkedReadsAndTheWriterReadsItsWrites(t *testing.T) {
	primary, rep := primaryAndReplica(t)
	ctx := context.Background()
	logs := &lockedBuffer{}
	db, err := store.OpenWith(ctx, primary.url(), store.Options{
		ReadURLs: []string{rep.url()}, MaxReplicaLag: time.Hour,
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
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
	replicaDB := direct(t, rep)
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
	primary, rep := primaryAndReplica(t)
	ctx := context.Background()
	logs := &lockedBuffer{}
	db, err := store.OpenWith(ctx, primary.url(), store.Options{
		ReadURLs: []string{rep.url()}, MaxReplicaLag: 400 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(ctx, "CREATE TABLE things (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}

	// Lagging: replay paused, the primary moves on; once the pause is
	// older than the allowed lag, marked reads come from the primary.
	replicaDB := direct(t, rep)
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
	rep.stop(t)
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
