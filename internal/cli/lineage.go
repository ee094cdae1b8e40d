package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/lineage"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The import of the populations of split communes' parts, from which the
// shares of the partial lineage links are computed.

func init() {
	register(command{Name: "import lineage", Summary: vi.SummaryImportLineage, Run: runImportLineage})
}

func runImportLineage(ctx context.Context, app *App, args []string) error {
	return importFile(ctx, app, "import lineage", args, nil,
		func(db *store.DB, path, actor string) (string, error) {
			res, err := lineage.ImportFile(ctx, db, auth.LocalAdmin(actor), path, lineage.Options{Now: app.Now()})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf(vi.LineageImportSummary, filepath.Base(path), vi.Int(int64(res.Rows)),
				vi.Int(int64(res.Communes)), vi.Int(int64(res.Changed)), vi.Int(int64(res.Unchanged))), nil
		})
}
