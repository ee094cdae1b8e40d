package cli_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/cli"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/racedetect"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// dbRun runs one command and returns stdout, stderr and the exit status.
// env holds the environment variables the command sees.
func dbRun(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := cli.Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC) },
	}
	code := cli.Main(context.Background(), args, e)
	return out.String(), errOut.String(), code
}

// dbOK runs one command that must succeed and returns its stdout.
func dbOK(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := dbRun(t, nil, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
	}
	return out
}

// A mistyped --db used to start a new, empty database silently, and the
// report then said there were no figures. Only demo, serve --demo and init
// may create one; the others refuse, name the path and say how to create a
// database, and leave nothing behind.
func TestCommandsRefuseADatabaseThatDoesNotExist(t *testing.T) {
	files := t.TempDir()
	csv := filepath.Join(files, "a.csv")
	if err := os.WriteFile(csv, []byte(aggHeader+"2024H1,province,66,members.total,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "demo.bd")
	url := "sqlite:" + path
	for _, args := range [][]string{
		{"report", "--scope", "province:66", "--period", "2024H1"},
		{"report", "--scope", "province:66", "--period", "2024H1", "--no-migrate"},
		{"import", "aggregates", csv},
		{"import", "aggregates", "--dry-run", csv},
		{"import", "clusters", csv},
		{"import", "lineage", csv},
		{"units", "find", "dak lak"},
		{"user", "list"},
		{"token", "create", "--user", "a@b.vn"},
		{"clusters", "list", "--year", "2024"},
		{"serve", "--addr", "127.0.0.1:0"},
	} {
		_, errOut, code := dbRun(t, nil, append(args, "--db", url)...)
		if code != 1 || !strings.Contains(errOut, path) || !strings.Contains(errOut, "khuyenhoc init --db "+url) {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 naming %s and how to create it", args, code, errOut, path)
		}
		// Through KHUYENHOC_DB as well as --db.
		_, errOut, code = dbRun(t, map[string]string{"KHUYENHOC_DB": url}, args...)
		if code != 1 || !strings.Contains(errOut, path) {
			t.Errorf("%v with KHUYENHOC_DB: exit %d, stderr %q", args, code, errOut)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused commands left %d files behind (%s…)", len(entries), entries[0].Name())
	}
}

func TestInitCreatesADatabaseOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "k.db")
	url := "sqlite:" + path
	if out := dbOK(t, "init", "--db", url); !strings.Contains(out, "Đã tạo cơ sở dữ liệu "+url) {
		t.Errorf("init said %q", out)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("init made no file: %v", err)
	}
	// The other commands now work on it.
	dbOK(t, "units", "find", "dak lak", "--db", url)
	// A second init refuses: the database is there, and the other commands
	// upgrade it themselves.
	_, errOut, code := dbRun(t, nil, "init", "--db", url)
	if code != 1 || !strings.Contains(errOut, "đã có dữ liệu") {
		t.Errorf("second init: exit %d, stderr %q", code, errOut)
	}
	if _, errOut, code := dbRun(t, nil, "init", "--no-migrate", "--db", url); code != 2 {
		t.Errorf("init --no-migrate: exit %d, stderr %q; want a usage error", code, errOut)
	}
}

// demo may create a new database (serve --demo is tested in serve_test.go).
func TestDemoCreatesItsDatabase(t *testing.T) {
	if racedetect.Enabled {
		t.Skip("loads the whole demo (239,247 values), which takes minutes under the race detector; it runs in the plain test pass")
	}
	if testing.Short() {
		t.Skip("loads the whole demo data set")
	}
	path := filepath.Join(t.TempDir(), "demo.db")
	dbOK(t, "demo", "--format", "json", "--db", "sqlite:"+path)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("demo made no file: %v", err)
	}
}

// A write that waits for another writer longer than --busy-timeout gives
// up with exit status 3 and a Vietnamese message, and writes nothing.
func TestImportWhileAnotherWriteRunsExits3(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "k.db")
	dbOK(t, "init", "--db", url)
	csv := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(csv, []byte(aggHeader+"2024H1,province,66,members.total,123456\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	release := storetest.HoldWrite(t, url)

	for _, run := range []struct {
		args []string
		env  map[string]string
	}{
		{[]string{"import", "aggregates", csv, "--busy-timeout", "100ms", "--db", url}, nil},
		{[]string{"import", "aggregates", csv, "--db", url}, map[string]string{"KHUYENHOC_BUSY_TIMEOUT": "100ms"}},
	} {
		_, errOut, code := dbRun(t, run.env, run.args...)
		if code != 3 || !strings.Contains(errOut, "một lần nhập hoặc ghi dữ liệu khác đang chạy") || !strings.Contains(errOut, "thử lại") {
			t.Errorf("%v %v: exit %d, stderr %q; want exit 3 saying another import is running", run.args, run.env, code, errOut)
		}
	}
	// Reading is not held up by the writer.
	dbOK(t, "report", "--scope", "province:66", "--period", "2024H1", "--db", url)
	if err := release(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM imports").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d imports recorded by refused runs (%v)", n, err)
	}
	// With the writer gone the same import goes through.
	dbOK(t, "import", "aggregates", csv, "--busy-timeout", "100ms", "--db", url)

	if _, errOut, code := dbRun(t, nil, "report", "--scope", "nation", "--period", "2024H1", "--busy-timeout", "soon", "--db", url); code != 2 || !strings.Contains(errOut, "soon") {
		t.Errorf("bad --busy-timeout: exit %d, stderr %q; want a usage error", code, errOut)
	}
}

// helperEnv makes the test binary run cli.Main with the arguments it holds
// (separated by newlines) and exit with its status: the read-only test runs
// the program as another user that way.
const helperEnv = "KHUYENHOC_TEST_MAIN_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(helperEnv); args != "" {
		os.Exit(cli.Main(context.Background(), strings.Split(args, "\n"), cli.OSEnv()))
	}
	os.Exit(m.Run())
}

// A report can be made from a copy of the database that the process may
// not write, with --no-migrate. The file and its folder are made read-only;
// as root, whom permissions do not stop, the program runs as the user
// nobody, so the test proves the same thing whoever runs it.
func TestReportFromAReadOnlyDatabase(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "ro")
	path := filepath.Join(dir, "k.db")
	url := "sqlite:" + path
	dbOK(t, "init", "--db", url)
	csv := filepath.Join(root, "a.csv")
	if err := os.WriteFile(csv, []byte(aggHeader+"2024H1,province,66,members.total,123456\n2023H1,province,66,members.total,120000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dbOK(t, "import", "aggregates", csv, "--db", url)
	args := []string{"report", "--scope", "province:66", "--period", "2024H1", "--format", "json", "--no-migrate", "--db", url}
	want := dbOK(t, args...)
	if !strings.Contains(want, "123456") {
		t.Fatalf("the report lacks the imported figure: %s", want)
	}
	before := makeReadOnly(t, dir, path)

	got, errOut, code := runUnprivileged(t, root, args)
	if code != 0 || got != want {
		t.Fatalf("report from a read-only database: exit %d, stderr %q\ngot  %s\nwant %s", code, errOut, got, want)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the report changed the read-only database file")
	}
}

// A read-only copy of a database that was in use holds its last
// transactions in the WAL file copied beside it; the report must read them,
// not give the figures as they were before (it did: such a file was read as
// immutable, which ignores the WAL).
func TestReportFromAReadOnlyCopyWithItsWAL(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	src := filepath.Join(root, "k.db")
	dbOK(t, "init", "--db", "sqlite:"+src)
	csv := filepath.Join(root, "a.csv")
	if err := os.WriteFile(csv, []byte(aggHeader+"2024H1,province,66,members.total,123456\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// An open handle keeps the import in the WAL: the last connection to
	// close would write it into the database file.
	inUse, err := store.Open(ctx, "sqlite:"+src)
	if err != nil {
		t.Fatal(err)
	}
	defer inUse.Close()
	dbOK(t, "import", "aggregates", csv, "--db", "sqlite:"+src)
	report := []string{"report", "--scope", "province:66", "--period", "2024H1", "--format", "json", "--no-migrate", "--db"}
	want := dbOK(t, append(report, "sqlite:"+src)...)
	if !strings.Contains(want, "123456") {
		t.Fatalf("the report lacks the imported figure: %s", want)
	}

	dir := filepath.Join(root, "ro")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(dir, "k.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(src + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(copied+suffix, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := os.Stat(copied + "-wal"); err != nil || st.Size() == 0 {
		t.Fatalf("the copy has no WAL to read (%v)", err)
	}
	makeReadOnly(t, dir, copied)
	got, errOut, code := runUnprivileged(t, root, append(report, "sqlite:"+copied))
	if code != 0 || got != want {
		t.Errorf("report from a read-only copy with its WAL: exit %d, stderr %q\ngot  %s\nwant %s", code, errOut, got, want)
	}
}

// The listings of clusters and users only read, like the report: with
// --no-migrate they work on a copy of the database that the process may not
// write (as the user nobody when the test runs as root), and leave the file
// as it was.
func TestListingsFromAReadOnlyDatabase(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "ro")
	path := filepath.Join(dir, "k.db")
	url := "sqlite:" + path
	dbOK(t, "init", "--db", url)
	clusters := filepath.Join(root, "cum.csv")
	if err := os.WriteFile(clusters, []byte("year,cluster,name,province\n2026,1,Cụm Tây Nguyên,66\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dbOK(t, "import", "clusters", clusters, "--db", url)
	dbOK(t, "user", "add", "--email", "quantri@daklak.vn", "--name", "Quản trị Đắk Lắk", "--role", "admin",
		"--scope", "province:66", "--password", "mật khẩu dài", "--db", url)
	figures := filepath.Join(root, "so-lieu.csv")
	if err := os.WriteFile(figures, []byte("period,level,code,indicator,value\n2026H1,province,66,members.total,1234\n2026H1,province,66,members.total,1234\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dbOK(t, "import", "aggregates", figures, "--db", url)
	commands := map[string][]string{
		"history":                 {"history", "--scope", "province:66", "--period", "2026H1", "--indicator", "members.total", "--format", "csv", "--no-migrate", "--db", url},
		"clusters list":           {"clusters", "list", "--year", "2026", "--format", "csv", "--no-migrate", "--db", url},
		"clusters list --history": {"clusters", "list", "--year", "2026", "--history", "--format", "csv", "--no-migrate", "--db", url},
		"user list":               {"user", "list", "--format", "csv", "--no-migrate", "--db", url},
	}
	want := map[string]string{}
	for name, args := range commands {
		want[name] = dbOK(t, args...)
	}
	if !strings.Contains(want["clusters list"], "Cụm Tây Nguyên") || !strings.Contains(want["user list"], "quantri@daklak.vn") || !strings.Contains(want["history"], "1234") {
		t.Fatalf("the listings lack what was written:\n%s\n%s\n%s", want["clusters list"], want["user list"], want["history"])
	}
	before := makeReadOnly(t, dir, path)
	for name, args := range commands {
		got, errOut, code := runUnprivileged(t, root, args)
		if code != 0 || got != want[name] {
			t.Errorf("%s from a read-only database: exit %d, stderr %q\ngot  %s\nwant %s", name, code, errOut, got, want[name])
		}
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("a listing changed the read-only database file")
	}
}

// makeReadOnly makes the database file at path and its folder dir
// read-only until the test ends, and returns the file's bytes.
func makeReadOnly(t *testing.T, dir, path string) []byte {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	return before
}

// runUnprivileged runs one command as a user whom file permissions stop:
// the test's own user, or nobody when the test runs as root.
func runUnprivileged(t *testing.T, root string, args []string) (string, string, int) {
	t.Helper()
	if os.Geteuid() != 0 {
		return dbRun(t, nil, args...)
	}
	return runAsNobody(t, root, args)
}

// runAsNobody runs the test binary as the user nobody with cli.Main's
// arguments. The binary is copied where nobody may run it, and root is
// opened to nobody for reading.
func runAsNobody(t *testing.T, root string, args []string) (string, string, int) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, "khuyenhoc.test")
	src, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	// t.TempDir's folders are private to their owner: open the way down.
	for d := root; d != filepath.Dir(d) && d != os.TempDir(); d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o005 != 0o005 {
			if err := os.Chmod(d, st.Mode().Perm()|0o005); err != nil {
				t.Fatal(err)
			}
		}
	}
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = []string{helperEnv + "=" + strings.Join(args, "\n"), "HOME=/", "TMPDIR=/tmp"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run as nobody: %v", err)
	}
	return out.String(), errOut.String(), code
}

// On PostgreSQL a writer waits for a lock as long as --busy-timeout, as on
// SQLite, then exits with status 3 and the same message, writing nothing:
// here another transaction holds the figures lock of the year the import
// writes (docs/concurrency.md).
func TestImportWhileAnotherWriterHoldsTheYearExits3OnPostgres(t *testing.T) {
	storetest.NeedPostgres(t)
	ctx := context.Background()
	db := storetest.Postgres(t)
	csv := filepath.Join(t.TempDir(), "a.csv")
	if err := os.WriteFile(csv, []byte(aggHeader+"2024H1,province,66,members.total,123456\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := rollup.LockYears(ctx, tx, []period.Period{period.MustParse("2024H1")}); err != nil {
		t.Fatal(err)
	}
	for _, run := range []struct {
		args []string
		env  map[string]string
	}{
		{[]string{"import", "aggregates", csv, "--busy-timeout", "200ms", "--db", db.URL}, nil},
		{[]string{"import", "aggregates", csv, "--db", db.URL}, map[string]string{"KHUYENHOC_BUSY_TIMEOUT": "200ms"}},
	} {
		_, errOut, code := dbRun(t, run.env, run.args...)
		if code != 3 || !strings.Contains(errOut, "một lần nhập hoặc ghi dữ liệu khác đang chạy") || !strings.Contains(errOut, "thử lại") {
			t.Errorf("%v %v: exit %d, stderr %q; want exit 3 saying another import is running", run.args, run.env, code, errOut)
		}
	}
	// Reading is not held up by the lock.
	dbOK(t, "report", "--scope", "province:66", "--period", "2024H1", "--db", db.URL)
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"imports", "aggregate_values", "aggregate_history", "audit_log"} {
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d rows in %s after refused runs (%v)", n, table, err)
		}
	}
	// With the lock released the same import goes through.
	dbOK(t, "import", "aggregates", csv, "--busy-timeout", "200ms", "--db", db.URL)
}

// On PostgreSQL, init makes the tables in the empty schema the URL names,
// and refuses a schema that has them.
func TestInitOnPostgres(t *testing.T) {
	storetest.NeedPostgres(t)
	db, _ := storetest.PostgresEmpty(t)
	dbOK(t, "init", "--db", db.URL)
	if v, err := db.Version(context.Background()); err != nil || v == 0 {
		t.Fatalf("after init: version %d, %v", v, err)
	}
	if _, errOut, code := dbRun(t, nil, "init", "--db", db.URL); code != 1 || !strings.Contains(errOut, "đã có dữ liệu") {
		t.Errorf("second init: exit %d, stderr %q", code, errOut)
	}
}
