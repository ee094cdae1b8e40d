package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func init() {
	register(command{Name: "backup", Summary: vi.SummaryBackup, Run: runBackup})
}

// runBackup writes a consistent copy of an SQLite database to a new file
// while the server may go on writing (store.DB.Backup), then opens the copy
// read-only and checks it before saying it is done: SQLite's quick_check,
// and the schema version it holds.
func runBackup(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("backup", &c)
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return apperr.New(apperr.Usage, vi.ErrBackupArgs)
	}
	dest := pos[0]
	if strings.HasPrefix(c.db, "postgres") {
		// Said before connecting: the advice holds whether or not the
		// server answers.
		return apperr.New(apperr.Usage, vi.ErrBackupPostgres)
	}
	db, err := app.connect(ctx, &c) // the database is copied as it is: no migration
	if err != nil {
		return err
	}
	if err := db.Backup(ctx, dest); err != nil {
		return err
	}
	version, err := checkBackup(ctx, dest)
	if err != nil {
		return fmt.Errorf("backup %s: %w", dest, err)
	}
	st, err := os.Stat(dest)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.BackupDone+"\n", db.Display(), dest, vi.Number(float64(st.Size())/(1<<20), 1)+" MB", version)
	return nil
}

// checkBackup opens a backup read-only, runs SQLite's quick_check over it
// and returns its schema version.
func checkBackup(ctx context.Context, path string) (int, error) {
	b, err := store.OpenWith(ctx, "sqlite:"+path, store.Options{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer b.Close()
	var ok string
	if err := b.QueryRow(ctx, "PRAGMA quick_check").Scan(&ok); err != nil {
		return 0, err
	}
	if ok != "ok" {
		return 0, fmt.Errorf("quick_check: %s", ok)
	}
	return b.Version(ctx)
}
