package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/lineage"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The import of the populations of split communes' parts, from which the
// shares of the partial lineage links are computed.

func init() {
	register(command{Name: "import lineage", Summary: vi.SummaryImportLineage, Run: runImportLineage})
}

func runImportLineage(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("import lineage", &c)
	actor := fs.String("actor", "", vi.FlagActor)
	pos, err := importsParse(app, fs, args, &c)
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
	res, err := lineage.ImportFile(ctx, db, pos[0], lineage.Options{Actor: importsActor(app, *actor), Now: app.Now()})
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.LineageImportSummary+"\n", filepath.Base(pos[0]), vi.Int(int64(res.Rows)),
		vi.Int(int64(res.Communes)), vi.Int(int64(res.Changed)), vi.Int(int64(res.Unchanged)))
	return nil
}
