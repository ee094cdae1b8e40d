package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/figures"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The import commands (aggregate values, clusters) and the listing of
// clusters. An import checks the whole file first; on any bad row it prints
// one line per fault and writes nothing.

func init() {
	register(command{Name: "import aggregates", Summary: vi.SummaryImportAgg, Run: runImportAggregates})
	register(command{Name: "import clusters", Summary: vi.SummaryImportCluster, Run: runImportClusters})
	register(command{Name: "clusters list", Summary: vi.SummaryClustersList, Run: runClustersList})
}

// importsActor is who imports when --actor is not given: the login name.
func importsActor(app *App, actor string) string {
	if actor != "" {
		return actor
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := app.Getenv(k); v != "" {
			return v
		}
	}
	return "khuyenhoc"
}

// importFile runs an import command: flags (the common ones, --actor and
// those extra adds), one file argument, the database, then do with the
// file's path and the actor; it prints the line of Vietnamese that do
// returns.
func importFile(ctx context.Context, app *App, name string, args []string, extra func(fs *flag.FlagSet),
	do func(db *store.DB, path, actor string) (string, error)) error {
	var c common
	fs := app.flags(name, &c)
	actor := fs.String("actor", "", vi.FlagActor)
	if extra != nil {
		extra(fs)
	}
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgFile)
	}
	db, err := app.open(ctx, &c)
	if err != nil {
		return err
	}
	line, err := do(db, pos[0], importsActor(app, *actor))
	if err != nil {
		return err
	}
	fmt.Fprintln(app.Stdout, line)
	return nil
}

func runImportAggregates(ctx context.Context, app *App, args []string) error {
	var dryRun *bool
	return importFile(ctx, app, "import aggregates", args,
		func(fs *flag.FlagSet) { dryRun = fs.Bool("dry-run", false, vi.FlagDryRun) },
		func(db *store.DB, path, actor string) (string, error) {
			res, err := figures.WriteFile(ctx, db, auth.LocalAdmin(actor), path, figures.Options{DryRun: *dryRun, Now: app.Now()})
			if err != nil {
				return "", err
			}
			format := vi.ImportSummary
			if *dryRun {
				format = vi.ImportSummaryDryRun
			}
			return fmt.Sprintf(format, filepath.Base(path), vi.Int(int64(res.Rows)),
				vi.Int(int64(res.Inserted)), vi.Int(int64(res.Updated)), vi.Int(int64(res.Unchanged))), nil
		})
}

func runImportClusters(ctx context.Context, app *App, args []string) error {
	return importFile(ctx, app, "import clusters", args, nil,
		func(db *store.DB, path, actor string) (string, error) {
			res, err := cluster.ImportFile(ctx, db, path, cluster.Options{Actor: actor, Now: app.Now()})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf(vi.ClusterImportSummary, filepath.Base(path), vi.Int(int64(res.Rows)),
				vi.Int(int64(res.Clusters)), vi.Int(int64(res.Changed)), vi.Int(int64(res.Unchanged))), nil
		})
}

func runClustersList(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("clusters list", &c, listFormats...)
	year := fs.Int("year", 0, vi.FlagYear)
	pos, err := app.parseInterspersed(fs, args, &c, listFormats...)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return apperr.New(apperr.Usage, vi.ErrNeedYear)
	}
	if *year == 0 {
		return apperr.New(apperr.Usage, vi.ErrNeedYear)
	}
	db, err := app.open(ctx, &c)
	if err != nil {
		return err
	}
	cs, err := cluster.List(ctx, db, *year)
	if err != nil {
		return err
	}
	switch c.format {
	case "json":
		type province struct {
			ID   int64  `json:"id"`
			Code string `json:"code"`
			Name string `json:"name"`
		}
		type item struct {
			Year      int        `json:"year"`
			Code      string     `json:"code"`
			Name      string     `json:"name"`
			Provinces []province `json:"provinces"`
		}
		out := make([]item, 0, len(cs))
		for _, cl := range cs {
			it := item{Year: cl.Year, Code: cl.Code, Name: cl.Name, Provinces: []province{}}
			for _, p := range cl.Provinces {
				it.Provinces = append(it.Provinces, province{ID: p.ID, Code: p.Code, Name: p.Name})
			}
			out = append(out, it)
		}
		return writeJSON(app.Stdout, out)
	case "csv":
		// The columns of the clusters file, so that a listing can be edited
		// and imported again; province_name is ignored on import.
		return writeCSV(app.Stdout, []string{"year", "cluster", "name", "province", "province_name"}, func(emit func([]string)) {
			for _, cl := range cs {
				for _, p := range cl.Provinces {
					emit([]string{strconv.Itoa(cl.Year), cl.Code, cl.Name, p.Code, p.Name})
				}
			}
		})
	}
	if len(cs) == 0 {
		fmt.Fprintf(app.Stdout, vi.ErrNoClustersYet+"\n", *year)
		return nil
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\n", vi.LabelCluster, vi.LabelClusterName, vi.LabelProvinces)
	for _, cl := range cs {
		names := make([]string, len(cl.Provinces))
		for i, p := range cl.Provinces {
			names[i] = p.Code + " " + p.Name
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", cl.Code, cl.Name, strings.Join(names, ", "))
	}
	return tw.Flush()
}
