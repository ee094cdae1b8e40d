package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

// nationMembers reads, through `report --no-migrate` (which refuses a
// database whose migrations are not current), the members of two provinces
// and of the nation in 2026H1.
func nationMembers(t *testing.T, db string) (p66, p52, nation float64, raw string) {
	t.Helper()
	out := dbOK(t, "report", "--db", db, "--no-migrate", "--scope", "nation", "--period", "2026H1", "--format", "json")
	var r struct {
		Indicators map[string]struct{ Value *float64 } `json:"indicators"`
		Children   []struct {
			Code       string
			Indicators map[string]struct{ Value *float64 } `json:"indicators"`
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("report of %s: %v", db, err)
	}
	val := func(v *float64) float64 {
		if v == nil {
			return 0
		}
		return *v
	}
	for _, c := range r.Children {
		switch c.Code {
		case "66":
			p66 = val(c.Indicators["members.total"].Value)
		case "52":
			p52 = val(c.Indicators["members.total"].Value)
		}
	}
	return p66, p52, val(r.Indicators["members.total"].Value), out
}

// TestBackupWhileWritingIsConsistentAndRestores backs up an SQLite database
// while another connection (a server, as far as the database can tell)
// keeps importing: the i-th import writes i members for two provinces. The
// backup must hold one moment: as many imports as the provinces' value,
// and a nation roll-up equal to their sum, readable with --no-migrate
// (migrations current). Once the writes stop, a second backup reports
// exactly as the database does.
func TestBackupWhileWritingIsConsistentAndRestores(t *testing.T) {
	dir := t.TempDir()
	src := "sqlite:" + filepath.Join(dir, "k.db")
	dbOK(t, "init", "--db", src)
	ctx := context.Background()
	w, err := store.OpenWith(ctx, src, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var written atomic.Int64
	stop, done := make(chan struct{}), make(chan error, 1)
	go func() {
		for i := 1; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			v := strconv.Itoa(i)
			rows := []aggregate.Row{
				{Period: "2026H1", Level: "province", Code: "66", Indicator: "members.total", Value: v},
				{Period: "2026H1", Level: "province", Code: "52", Indicator: "members.total", Value: v},
			}
			if _, err := aggregate.Import(ctx, w, rows, aggregate.Options{Source: "w.csv", Actor: "test"}); err != nil {
				done <- err
				return
			}
			written.Store(int64(i))
		}
	}()
	waitFor := func(n int64) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); written.Load() < n; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				close(stop)
				t.Fatalf("the writer did only %d imports: %v", written.Load(), <-done)
			}
		}
	}
	waitFor(2)
	during := filepath.Join(dir, "during.db")
	out := dbOK(t, "backup", "--db", src, during)
	if !strings.Contains(out, "Đã sao lưu") || !strings.Contains(out, during) {
		t.Errorf("backup said %q", out)
	}
	b, err := store.OpenWith(ctx, "sqlite:"+during, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var imports int
	if err := b.QueryRow(ctx, "SELECT COUNT(*) FROM imports").Scan(&imports); err != nil {
		t.Fatal(err)
	}
	b.Close()
	waitFor(int64(imports) + 1) // the writes went on past the backup's moment
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	p66, p52, nation, _ := nationMembers(t, "sqlite:"+during)
	if imports < 1 || p66 != float64(imports) || p52 != p66 || nation != p66+p52 {
		t.Errorf("the backup taken during writes is not one moment: %d imports, provinces %v and %v, nation %v", imports, p66, p52, nation)
	}

	after := filepath.Join(dir, "after.db")
	dbOK(t, "backup", "--db", src, after)
	_, _, _, want := nationMembers(t, src)
	if _, _, _, got := nationMembers(t, "sqlite:"+after); got != want {
		t.Errorf("the backup taken after the writes reports otherwise than the database:\n%s\nwant\n%s", got, want)
	}
	if _, err := os.Stat(after + ".tmp"); err == nil {
		t.Error("the backup left its temporary file")
	}
	before, _ := os.ReadFile(after)
	if _, errOut, code := dbRun(t, nil, "backup", "--db", src, after); code != 1 || !strings.Contains(errOut, "không ghi đè") {
		t.Errorf("a backup onto an existing file: exit %d, stderr %q", code, errOut)
	}
	if now, _ := os.ReadFile(after); string(now) != string(before) {
		t.Error("a refused backup changed the existing file")
	}
}

// backup refuses PostgreSQL with the way to back it up instead, and wants
// exactly one file (the refusal to overwrite one is in the test above).
func TestBackupRefusals(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"backup", "--db", "postgres://khuyenhoc@db.example:5432/khuyenhoc", filepath.Join(dir, "x.db")}, "pg_dump"},
		{[]string{"backup", "--db", "sqlite:" + filepath.Join(dir, "k.db")}, "cần đúng một tệp đích"},
	} {
		_, errOut, code := dbRun(t, nil, c.args...)
		if code != 2 || !strings.Contains(errOut, c.says) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", c.args, code, errOut, c.says)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err == nil {
		t.Error("the refused backup wrote a file")
	}
}

// migrate brings a database up to date (one just made is) and says so;
// with --no-migrate it only checks, refusing a database behind the program.
func TestMigrateUpgradesOrChecks(t *testing.T) {
	dir := t.TempDir()
	src := "sqlite:" + filepath.Join(dir, "k.db")
	dbOK(t, "init", "--db", src)
	if out := dbOK(t, "migrate", "--db", src); !strings.Contains(out, "khớp với chương trình") {
		t.Errorf("migrate said %q", out)
	}
	dbOK(t, "migrate", "--db", src, "--no-migrate")
	ctx := context.Background()
	db, err := store.OpenWith(ctx, src, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, "DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, errOut, code := dbRun(t, nil, "migrate", "--db", src, "--no-migrate"); code != 1 || !strings.Contains(errOut, "phiên bản") {
		t.Errorf("migrate --no-migrate on a database behind: exit %d, %q", code, errOut)
	}
}
