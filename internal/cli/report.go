package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func init() {
	register(command{Name: "report", Summary: vi.SummaryReport, Run: runReport})
}

// reportWriters maps each --format of the report to its writer.
var reportWriters = map[string]func(io.Writer, *report.Report) error{
	"table": report.WriteTable,
	"text":  report.WriteText,
	"json":  report.WriteJSON,
	"csv":   report.WriteCSV,
	"xlsx":  report.WriteXLSX,
	"docx":  report.WriteDOCX,
}

func runReport(ctx context.Context, app *App, args []string) error {
	var c common
	formats := []string{"table", "text", "json", "csv", "xlsx", "docx"}
	fs := app.flags("report", &c, formats...)
	scope := fs.String("scope", "", vi.FlagScope)
	per := fs.String("period", "", vi.FlagPeriod)
	out := fs.String("o", "", vi.FlagOutput)
	if err := app.parse(fs, args, &c, formats...); err != nil {
		return err
	}
	if err := noPositional(fs, "--scope và --period"); err != nil {
		return err
	}
	if *scope == "" || *per == "" {
		return apperr.New(apperr.Usage, vi.ErrReportArgs)
	}
	ref, err := units.ParseRef(*scope)
	if err != nil {
		return apperr.At("--scope", err)
	}
	p, err := period.Parse(*per)
	if err != nil {
		return apperr.At("--period", err)
	}
	if (c.format == "xlsx" || c.format == "docx") && *out == "" {
		return apperr.New(apperr.Usage, vi.ErrNeedOutput, c.format)
	}
	db, err := app.openReader(ctx, &c)
	if err != nil {
		return err
	}
	r, err := report.Build(ctx, db, ref, p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reportWriters[c.format](&buf, r); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if *out == "" {
		_, err = app.Stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return apperr.New(apperr.Invalid, vi.ErrWriteFile, *out, err)
	}
	fmt.Fprintf(app.Stdout, vi.ReportWritten+"\n", *out)
	return nil
}
