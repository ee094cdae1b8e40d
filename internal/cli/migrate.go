package cli

import (
	"context"
	"fmt"

	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func init() {
	register(command{Name: "migrate", Summary: vi.SummaryMigrate, Run: runMigrate})
}

// runMigrate brings an existing database's schema up to the program's and
// says where it stands, for an upgrade done before the new servers start
// (docs/deploy.md). Every other command migrates too; this one does nothing
// else.
func runMigrate(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("migrate", &c)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if c.noMigrate {
		c.readOnly = true // only check: refuses a database behind the program
	}
	db, err := app.open(ctx, &c)
	if err != nil {
		return err
	}
	v, err := db.Version(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.MigrateDone+"\n", db.Display(), v)
	return nil
}
