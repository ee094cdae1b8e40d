// Command gen writes the upgrade fixtures of internal/schema: a database
// filled by the release that predates issue 7 (commit 218cc51, schema
// version 5), on SQLite and PostgreSQL, with the reports that release made
// from it. It compiles only against that commit's packages, which is why it
// lives under testdata; see README.md beside it for how to run it.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cli"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// The clock of the whole run: a fixed day after the 2025 reform.
var now = time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)

const clustersCSV = `year,cluster,name,province
2022,4,Cụm thi đua khuyến học số 4 – các tỉnh Bắc Trung Bộ,40
2022,4,Cụm thi đua khuyến học số 4 – các tỉnh Bắc Trung Bộ,42
2023,4,Cụm thi đua khuyến học số 4 – các tỉnh Bắc Trung Bộ,40
2023,4,Cụm thi đua khuyến học số 4 – các tỉnh Bắc Trung Bộ,42
2026,6,Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên,52
2026,6,Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên,66
`

// Figures before and after the reform: provinces 52 and 64 merged into
// Gia Lai (52); the Hà Nội commune 00016 was split into 00004 and 00008.
const aggregatesCSV = `period,level,code,indicator,value
2022,province,40,org.grassroots,460
2022,province,40,members.total,775276
2022,province,42,members.total,378000
2023,province,40,org.grassroots,460
2023,province,40,members.total,780000
2023,province,42,members.total,380500
2025H1,province,52,members.total,400000
2025H1,province,64,members.total,300000
2025H1,province,52,population.total,1500000
2025H1,province,64,population.total,1600000
2026H1,province,52,members.total,720000
2026H1,province,52,population.total,3150000
2025H1,province,66,members.total,510000
2026H1,province,66,members.total,530250
2025H1,commune,00016,members.total,16000
2025H1,commune,00016,population.total,40000
2026H1,commune,00004,members.total,6500
2026H1,commune,00004,population.total,15500
`

// Shares of the split commune: how its people went to the new wards.
const lineageCSV = `old_code,new_code,population
00016,00004,6000
00016,00008,10000
`

func main() {
	sqlitePath := flag.String("sqlite", "", "SQLite file to write (must not exist)")
	pgURL := flag.String("postgres", "", "PostgreSQL URL whose search_path names an empty schema")
	out := flag.String("reports", "", "folder for the reports' JSON")
	flag.Parse()
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "gen-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	files := map[string]string{"clusters.csv": clustersCSV, "aggregates.csv": aggregatesCSV, "lineage.csv": lineageCSV}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	var reports [2]map[string]string
	for i, url := range []string{"sqlite:" + *sqlitePath, *pgURL} {
		reports[i] = fill(ctx, url, dir)
	}
	for name, sq := range reports[0] {
		if pg := reports[1][name]; pg != sq {
			log.Fatalf("report %s differs between SQLite and PostgreSQL:\n%s\n%s", name, sq, pg)
		}
		if err := os.WriteFile(filepath.Join(*out, name+".json"), []byte(sq), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// Reports lists the reports kept as fixtures: file name, scope, period.
var Reports = [][3]string{
	{"cluster-4-2023", "cluster:4", "2023"},
	{"province-40-2022", "province:40", "2022"},
	{"province-52-2026H1", "province:52", "2026H1"},
	{"cluster-6-2026H1", "cluster:6", "2026H1"},
	{"province-01-2026H1", "province:01", "2026H1"},
	{"commune-00004-2026H1", "commune:00004", "2026H1"},
	{"commune-00008-2026H1", "commune:00008", "2026H1"},
	{"nation-2026H1", "nation", "2026H1"},
}

func run(args ...string) string {
	var stdout, stderr bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(string) string { return "" }, Now: func() time.Time { return now }}
	if code := cli.Main(context.Background(), args, env); code != 0 {
		log.Fatalf("%v: exit %d: %s", args, code, stderr.String())
	}
	return stdout.String()
}

// fill writes the fixture's data into url through the release's own
// commands and areas, and returns its reports.
func fill(ctx context.Context, url, dir string) map[string]string {
	run("import", "clusters", "--db", url, "--actor", "Nguyễn Văn A", filepath.Join(dir, "clusters.csv"))
	run("import", "aggregates", "--db", url, "--actor", "Nguyễn Văn A", filepath.Join(dir, "aggregates.csv"))
	run("import", "lineage", "--db", url, "--actor", "Nguyễn Văn A", filepath.Join(dir, "lineage.csv"))
	run("user", "add", "--db", url, "--email", "admin@vn.vn", "--name", "Quản trị", "--role", "admin", "--scope", "nation", "--password", "mat-khau-quan-tri")
	run("user", "add", "--db", url, "--email", "tinh01@vn.vn", "--name", "Cán bộ tỉnh", "--role", "officer", "--scope", "province:01", "--password", "mat-khau-tinh-01")
	run("user", "add", "--db", url, "--email", "xa4@vn.vn", "--name", "Cán bộ phường", "--role", "officer", "--scope", "commune:00004", "--password", "mat-khau-xa-0004")
	run("user", "add", "--db", url, "--email", "xa8@vn.vn", "--name", "Cán bộ phường 8", "--role", "officer", "--scope", "commune:00008", "--password", "mat-khau-xa-0008")
	run("token", "create", "--db", url, "--user", "admin@vn.vn", "--name", "script")

	db, err := store.Open(ctx, url)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	tree, err := units.LoadTree(ctx, db)
	if err != nil {
		log.Fatal(err)
	}
	h1, _ := period.Parse("2026H1")
	at := h1.End()
	w4, err := tree.Resolve(units.Commune, "00004", at)
	if err != nil {
		log.Fatal(err)
	}
	w8, err := tree.Resolve(units.Commune, "00008", at)
	if err != nil {
		log.Fatal(err)
	}
	xa4 := audit.Actor{UserID: user(ctx, db, "xa4@vn.vn"), Email: "xa4@vn.vn", Via: audit.ViaPage}
	xa8 := audit.Actor{UserID: user(ctx, db, "xa8@vn.vn"), Email: "xa8@vn.vn", Via: audit.ViaPage}
	tinh := audit.Actor{UserID: user(ctx, db, "tinh01@vn.vn"), Email: "tinh01@vn.vn", Via: audit.ViaPage}
	must := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	// Ward 00004: a form submitted, waiting for the province.
	must(entry.SaveDraft(ctx, db, tree, xa4, w4.ID, h1, map[string]string{"members.total": "6600", "org.branches": "12"}, now))
	must(entry.Submit(ctx, db, tree, xa4, w4.ID, h1, now))
	// Ward 00008: a form submitted and approved, so official figures.
	must(entry.SaveDraft(ctx, db, tree, xa8, w8.ID, h1, map[string]string{"members.total": "9800", "population.total": "26000"}, now))
	must(entry.Submit(ctx, db, tree, xa8, w8.ID, h1, now))
	must(entry.Approve(ctx, db, tree, tinh, w8.ID, h1, now.Add(time.Hour)))

	reports := map[string]string{}
	for _, r := range Reports {
		reports[r[0]] = run("report", "--db", url, "--scope", r[1], "--period", r[2], "--format", "json")
	}
	fmt.Fprintf(os.Stderr, "filled %s\n", url)
	return reports
}

func user(ctx context.Context, db *store.DB, email string) int64 {
	u, err := auth.GetUserByEmail(ctx, db, email)
	if err != nil {
		log.Fatal(err)
	}
	return u.ID
}
