package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/figures"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The import commands share importFile (the clusters and lineage imports
// are in clusters.go and lineage.go); this file also holds the import of
// aggregate values. An import checks the whole file first; on any bad row
// it prints one line per fault and writes nothing.

func init() {
	register(command{Name: "import aggregates", Summary: vi.SummaryImportAgg, Run: runImportAggregates})
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
