package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/reporttext"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func init() {
	register(command{Name: "report", Summary: vi.SummaryReport, Run: runReport})
}

// reportWriters maps the machine formats of the report (and the table)
// to their writers; they take every period, the second half-year too.
var reportWriters = map[string]func(io.Writer, *report.Report) error{
	"table": report.WriteTable,
	"json":  report.WriteJSON,
	"csv":   report.WriteCSV,
	"xlsx":  report.WriteXLSX,
}

// documentWriters maps the formats of the report as the association's
// document (report.BuildDocument) to their writers.
var documentWriters = map[string]func(io.Writer, document.Document) error{
	"text": document.WriteText,
	"docx": document.WriteDOCX,
	"pdf":  document.WritePDF,
}

// reportFormats are the report's --format values; binaryFormats need -o.
var (
	reportFormats = []string{"table", "text", "json", "csv", "xlsx", "docx", "pdf"}
	binaryFormats = map[string]bool{"xlsx": true, "docx": true, "pdf": true}
)

func runReport(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("report", &c, reportFormats...)
	scope := fs.String("scope", "", vi.FlagScope)
	per := fs.String("period", "", vi.FlagPeriod)
	out := fs.String("o", "", vi.FlagOutput)
	if err := app.parse(fs, args, &c, reportFormats...); err != nil {
		return err
	}
	if err := noPositional(fs, "--scope và --period"); err != nil {
		return err
	}
	ref, p, err := scopeAndPeriod(*scope, *per, vi.ErrReportArgs)
	if err != nil {
		return err
	}
	if binaryFormats[c.format] && *out == "" {
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
	opt, err := docOptions(ctx, db, ref, p, app.Now())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeReport(&buf, c.format, r, opt); err != nil {
		return err
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

// scopeAndPeriod reads the --scope and --period of a report command,
// both required (usage is the message when one is missing).
func scopeAndPeriod(scope, per, usage string) (units.Ref, period.Period, error) {
	if scope == "" || per == "" {
		return units.Ref{}, period.Period{}, apperr.New(apperr.Usage, "%s", usage)
	}
	ref, err := units.ParseRef(scope)
	if err != nil {
		return units.Ref{}, period.Period{}, apperr.At("--scope", err)
	}
	p, err := period.Parse(per)
	if err != nil {
		return units.Ref{}, period.Period{}, apperr.At("--period", err)
	}
	return ref, p, nil
}

// docOptions is what the report's document takes beside the figures for
// the scope ref and period p: the officers' texts and the letterhead saved
// for it (package reporttext; the letterhead carried forward from an
// earlier report, the scope's defaults where none was ever set) and the
// day it is dated, today. The command line is the local administrator,
// who reads every scope.
func docOptions(ctx context.Context, db *store.DB, ref units.Ref, p period.Period, today time.Time) (report.DocOptions, error) {
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return report.DocOptions{}, err
	}
	return reporttext.Options(ctx, db, tree, auth.LocalAdmin(""), ref, p, today)
}

// writeReport writes r in format: the document formats build the
// association's document first (which refuses the second half-year, whose
// figures the machine formats still give).
func writeReport(w io.Writer, format string, r *report.Report, opt report.DocOptions) error {
	if write, ok := documentWriters[format]; ok {
		d, err := report.BuildDocument(r, opt)
		if err != nil {
			return err
		}
		if err := write(w, d); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		return nil
	}
	if err := reportWriters[format](w, r); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
