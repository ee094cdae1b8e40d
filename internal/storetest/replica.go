package storetest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

// Servers of a test's own, for what the shared server cannot show: a
// primary with a streaming read replica.

// PGServer is a PostgreSQL server of a test's own, in a temporary folder
// on a free port: the shared server on 5432 is left as it is.
type PGServer struct {
	bin, dir, sock string
	port           int
}

// URL is the server's address, for store.Open.
func (s *PGServer) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", s.port)
}

// pgBinDir finds the server's programs (Debian keeps them out of PATH).
func pgBinDir(t testing.TB) string {
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
func asServerUser(t testing.TB, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// PrimaryAndReplica starts a primary and a streaming replica of it. Both
// are stopped at the end of the test.
func PrimaryAndReplica(t testing.TB) (primary, replica *PGServer) {
	t.Helper()
	// The replica tests run where PostgreSQL is configured, as CI's
	// PostgreSQL pass is; the SQLite pass has no server to copy.
	NeedPostgres(t)
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
	primary = &PGServer{bin: bin, dir: filepath.Join(dir, "primary"), sock: dir, port: freePort(t)}
	asServerUser(t, filepath.Join(bin, "initdb"), "-D", primary.dir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
	hba, err := os.OpenFile(filepath.Join(primary.dir, "pg_hba.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(hba, "host replication all 127.0.0.1/32 trust")
	hba.Close()
	primary.start(t)
	replica = &PGServer{bin: bin, dir: filepath.Join(dir, "replica"), sock: dir, port: freePort(t)}
	asServerUser(t, filepath.Join(bin, "pg_basebackup"), "-h", "127.0.0.1", "-p", fmt.Sprint(primary.port), "-U", "postgres", "-D", replica.dir, "-R", "-X", "stream")
	replica.start(t)
	return primary, replica
}

func (s *PGServer) start(t testing.TB) {
	t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c wal_receiver_status_interval=1", s.port, s.sock)
	asServerUser(t, filepath.Join(s.bin, "pg_ctl"), "-D", s.dir, "-o", opts, "-l", s.dir+".log", "-w", "start")
	t.Cleanup(func() { s.Stop(t) })
}

// Stop stops the server at once (as a crash would); stopping a stopped
// server is nothing.
func (s *PGServer) Stop(t testing.TB) {
	cmd := exec.Command(filepath.Join(s.bin, "pg_ctl"), "-D", s.dir, "-m", "immediate", "-w", "stop")
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", "-u", "postgres", "--", filepath.Join(s.bin, "pg_ctl"), "-D", s.dir, "-m", "immediate", "-w", "stop")
	}
	cmd.Run() // already stopped is fine
}

// Direct opens a plain connection to one server, for a test's own
// statements (pausing a replica's replay).
func (s *PGServer) Direct(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), s.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
