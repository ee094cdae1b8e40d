package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/demo"
	"github.com/khuyenhoc/khuyenhoc/internal/figures"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/reporttext"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func init() {
	register(command{Name: "demo", Summary: vi.SummaryDemo, Run: runDemo})
}

// Source names of the demo's imports, as recorded in the imports table.
const (
	demoClustersSource   = "demo-clusters.csv"
	demoAggregatesSource = "demo-aggregates.csv"
	demoMembersSource    = "demo-hoi-vien.csv"
	demoActor            = "demo"
)

// runDemo fills the database with the demo data set through the real
// importers (so running it twice changes nothing), then prints a report of
// cluster 6: by default the first half of 2026 against the first half of
// 2025, across the reform. Progress goes to stderr, the report to stdout.
func runDemo(ctx context.Context, app *App, args []string) error {
	var c common
	formats := []string{"text", "table", "json", "csv"}
	fs := app.flags("demo", &c, formats...)
	seed := fs.Int64("seed", 1, vi.FlagSeed)
	per := fs.String("period", demo.ReportPeriod.String(), vi.FlagDemoPeriod)
	scope := fs.String("scope", "cluster:"+demo.ClusterCode, vi.FlagDemoScope)
	if err := app.parse(fs, args, &c, formats...); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	p, err := period.Parse(*per)
	if err != nil {
		return apperr.At("--period", err)
	}
	ref, err := units.ParseRef(*scope)
	if err != nil {
		return apperr.At("--scope", err)
	}
	c.create = true // the demo may start a new database
	db, err := app.open(ctx, &c)
	if err != nil {
		return err
	}
	if err := demoOnlyDatabase(ctx, db); err != nil {
		return err
	}
	if _, _, err := loadDemo(ctx, app, db, *seed); err != nil {
		return err
	}

	r, err := report.Build(ctx, db, ref, p)
	if err != nil {
		return err
	}
	opt, err := docOptions(ctx, db, ref, p, app.Now())
	if err != nil {
		return err
	}
	return writeReport(app.Stdout, c.format, r, opt)
}

// loadDemo fills db with the demo data set of the seed through the real
// importers; running it again changes nothing. It returns the unit tree
// and the demo's communes picked out of it, for serve --demo's accounts.
func loadDemo(ctx context.Context, app *App, db *store.DB, seed int64) (*units.Tree, demo.Units, error) {
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return nil, demo.Units{}, err
	}
	u := demo.FromTree(tree)
	var clusters, aggs bytes.Buffer
	if err := demo.Generate(seed, u, &clusters, &aggs); err != nil {
		return nil, demo.Units{}, fmt.Errorf("demo: %w", err)
	}

	if err := importDemoClusters(ctx, app, db, clusters.Bytes()); err != nil {
		return nil, demo.Units{}, err
	}
	// The generated file is checked as it is read, like an upload: only
	// the checked values are held.
	res, err := figures.WriteReader(ctx, db, tree, auth.LocalAdmin(demoActor), bytes.NewReader(aggs.Bytes()),
		figures.Options{Source: demoAggregatesSource, Now: app.Now()})
	if err != nil {
		return nil, demo.Units{}, err
	}
	fmt.Fprintf(app.Stderr, vi.DemoGenerated+"\n", vi.Int(int64(len(u.Old))), vi.Int(int64(len(u.New))), vi.Int(int64(res.Rows)))
	fmt.Fprintf(app.Stderr, vi.ImportSummary+"\n", demoAggregatesSource,
		vi.Int(int64(res.Rows)), vi.Int(int64(res.Inserted)), vi.Int(int64(res.Updated)), vi.Int(int64(res.Unchanged)))

	// The member lists of a few communes, through the member import, so
	// that the member pages have a registry to show.
	var ms bytes.Buffer
	if err := demo.WriteMembers(seed, u, units.Day(app.Now()), &ms); err != nil {
		return nil, demo.Units{}, fmt.Errorf("demo: %w", err)
	}
	mres, err := registry.ImportMembers(ctx, db, tree, auth.LocalAdmin(demoActor), bytes.NewReader(ms.Bytes()), demoMembersSource,
		fmt.Sprintf("%x", sha256.Sum256(ms.Bytes())), registry.ImportOptions{CreateBranches: true}, app.Now())
	if err != nil {
		return nil, demo.Units{}, err
	}
	fmt.Fprintln(app.Stderr, importMembersSummary(mres))

	if err := loadDemoTexts(ctx, app, db, tree); err != nil {
		return nil, demo.Units{}, err
	}
	return tree, u, nil
}

// loadDemoTexts saves the sections and letterheads the demo's province and
// cluster associations wrote (demo.ReportTexts), through the same
// operations as the web page. A report that has texts already is left as
// it is, so that running the demo again changes nothing, nor loses what
// someone wrote on the demo's pages.
func loadDemoTexts(ctx context.Context, app *App, db *store.DB, tree *units.Tree) error {
	admin := auth.LocalAdmin(demoActor)
	for _, ts := range demo.ReportTexts() {
		set, err := reporttext.Load(ctx, db, tree, admin, ts.Ref, ts.Period)
		if err != nil {
			return err
		}
		if written(set) {
			continue
		}
		var edits []reporttext.Edit
		for _, k := range report.TextKeys() {
			if t := ts.Sections[k]; t != "" {
				edits = append(edits, reporttext.Edit{Key: k, Text: t})
			}
		}
		if _, err := reporttext.SaveTexts(ctx, db, tree, admin, ts.Ref, ts.Period, edits, app.Now()); err != nil {
			return err
		}
		if _, err := reporttext.SaveLetterhead(ctx, db, tree, admin, ts.Ref, ts.Period, ts.Letterhead, set.Letterhead.Version, app.Now()); err != nil {
			return err
		}
	}
	return nil
}

// written tells whether a report's set holds a text or a letterhead saved
// for its own period.
func written(s reporttext.Set) bool {
	if s.Letterhead.Version > 0 {
		return true
	}
	for _, t := range s.Sections {
		if t.Version > 0 {
			return true
		}
	}
	return false
}

// importDemoClusters imports the demo's clusters file through the real
// importer and reports what it did on stderr.
func importDemoClusters(ctx context.Context, app *App, db *store.DB, data []byte) error {
	rows, err := cluster.Parse(bytes.NewReader(data), demoClustersSource)
	if err != nil {
		return err
	}
	res, err := cluster.Import(ctx, db, auth.LocalAdmin(demoActor), rows, cluster.Options{Source: demoClustersSource, Now: app.Now()})
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stderr, vi.ClusterImportSummary+"\n", demoClustersSource, vi.Int(int64(res.Rows)),
		vi.Int(int64(res.Clusters)), vi.Int(int64(res.Changed)), vi.Int(int64(res.Unchanged)))
	return nil
}
