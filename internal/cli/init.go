package cli

import (
	"context"
	"fmt"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/schema"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func init() {
	register(command{Name: "init", Summary: vi.SummaryInit, Run: runInit})
}

// runInit creates a new database: the SQLite file, or the tables in an
// empty PostgreSQL schema. It is, with demo and serve --demo, the only
// command that may create an SQLite file, so that a mistyped --db elsewhere
// is refused instead of starting an empty database. A database that already
// has tables is refused too: the other commands upgrade it themselves.
func runInit(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("init", &c)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if c.noMigrate {
		return apperr.New(apperr.Usage, vi.ErrInitNoMigrate)
	}
	c.create = true
	db, err := app.connect(ctx, &c)
	if err != nil {
		return err
	}
	have, err := db.Version(ctx)
	if err != nil {
		return err
	}
	if have > 0 {
		return apperr.New(apperr.Conflict, vi.ErrInitExists, db.Display(), have)
	}
	if err := schema.Migrate(ctx, db, app.Now()); err != nil {
		return err
	}
	v, err := db.Version(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.InitDone+"\n", db.Display(), v)
	return nil
}
