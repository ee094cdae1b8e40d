package schema_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/cli"
	"github.com/khuyenhoc/khuyenhoc/internal/schema"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// The fixtures of testdata/release1 were written by the release before
// issue 7 (commit 218cc51, schema version 5): imported clusters and figures
// across the 2025 reform, shares of a split commune, users and a token, a
// submitted form and an approved one; and the JSON reports that release
// made from them. testdata/release1/README.md says how they were made.
const (
	fixtureDir     = "testdata/release1"
	fixtureVersion = 5
	fixtureSchema  = "upgrade_fixture" // the PostgreSQL schema the dump names
)

// A database of the release, migrated by this program, gives the same
// reports: whatever migrations come after version 5 must keep the figures.
// Reports are compared, not schemas; a report may gain fields.
func TestReleaseDatabaseMigratesWithUnchangedReports(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "release1.db")
		if err := os.WriteFile(path, gunzip(t, filepath.Join(fixtureDir, "release1.db.gz")), 0o644); err != nil {
			t.Fatal(err)
		}
		checkUpgrade(t, "sqlite:"+path)
	})
	if os.Getenv(storetest.PostgresEnv) == "" {
		return
	}
	t.Run("postgres", func(t *testing.T) {
		db, name := storetest.PostgresEmpty(t)
		dump := string(gunzip(t, filepath.Join(fixtureDir, "release1.pg.sql.gz")))
		dump = strings.ReplaceAll(dump, fixtureSchema+".", name+".")
		if _, err := db.Exec(context.Background(), dump); err != nil {
			t.Fatalf("restore the release's dump: %v", err)
		}
		checkUpgrade(t, db.URL)
	})
}

// checkUpgrade checks that url holds the release's schema, then has the
// program report from it (which migrates it first) and compares.
func checkUpgrade(t *testing.T, url string) {
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := db.Version(ctx); err != nil || v != fixtureVersion {
		t.Fatalf("the fixture is at version %d (%v), want %d", v, err, fixtureVersion)
	}
	db.Close()

	names, err := filepath.Glob(filepath.Join(fixtureDir, "reports", "*.json.gz"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no report fixtures (%v)", err)
	}
	for _, name := range names {
		base := strings.TrimSuffix(filepath.Base(name), ".json.gz")
		scope, per := reportArgs(base)
		got := run(t, "report", "--db", url, "--scope", scope, "--period", per, "--format", "json")
		for _, d := range diffJSON(t, gunzip(t, name), []byte(got)) {
			t.Errorf("report %s %s after the upgrade: %s", scope, per, d)
		}
	}

	db, err = store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	latest := 0
	for _, s := range schema.Steps() {
		latest = max(latest, s.Version)
	}
	if v, err := db.Version(ctx); err != nil || v != latest {
		t.Errorf("after the reports the database is at version %d (%v), want %d", v, err, latest)
	}
	// The release's users are still there.
	users := run(t, "user", "list", "--db", url, "--format", "csv")
	for _, email := range []string{"admin@vn.vn", "tinh01@vn.vn", "xa4@vn.vn", "xa8@vn.vn"} {
		if !strings.Contains(users, email) {
			t.Errorf("user %s is gone after the upgrade:\n%s", email, users)
		}
	}
}

// reportArgs reads a fixture's name: "province-01-2026H1" is the report
// of province:01 for 2026H1, "nation-2026H1" that of the nation.
func reportArgs(name string) (scope, per string) {
	parts := strings.Split(name, "-")
	if parts[0] == "nation" {
		return "nation", parts[1]
	}
	return parts[0] + ":" + parts[1], parts[2]
}

func run(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC) }}
	if code := cli.Main(context.Background(), args, env); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
	}
	return out.String()
}

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

// diffJSON lists where got departs from want: every member of want's
// objects must be in got with an equal value (got may have more), arrays
// must match element by element, numbers compare as numbers.
func diffJSON(t *testing.T, want, got []byte) []string {
	t.Helper()
	decode := func(b []byte) any {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("decode report: %v\n%s", err, b)
		}
		return v
	}
	var diffs []string
	var walk func(path string, w, g any)
	walk = func(path string, w, g any) {
		if len(diffs) >= 20 {
			return
		}
		switch w := w.(type) {
		case map[string]any:
			gm, ok := g.(map[string]any)
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s: %v, want an object", path, g))
				return
			}
			keys := make([]string, 0, len(w))
			for k := range w {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				gv, ok := gm[k]
				if !ok {
					diffs = append(diffs, fmt.Sprintf("%s.%s is missing", path, k))
					continue
				}
				walk(path+"."+k, w[k], gv)
			}
		case []any:
			ga, ok := g.([]any)
			if !ok || len(ga) != len(w) {
				diffs = append(diffs, fmt.Sprintf("%s: %d elements, want %d", path, len(ga), len(w)))
				return
			}
			for i := range w {
				walk(fmt.Sprintf("%s[%d]", path, i), w[i], ga[i])
			}
		case json.Number:
			gn, ok := g.(json.Number)
			wf, _ := strconv.ParseFloat(string(w), 64)
			gf, _ := strconv.ParseFloat(string(gn), 64)
			if !ok || wf != gf {
				diffs = append(diffs, fmt.Sprintf("%s: %v, want %v", path, g, w))
			}
		default:
			if !reflect.DeepEqual(w, g) {
				diffs = append(diffs, fmt.Sprintf("%s: %v, want %v", path, g, w))
			}
		}
	}
	walk("report", decode(want), decode(got))
	return diffs
}
