package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/reporttext"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

func init() {
	register(command{Name: "report texts", Summary: vi.SummaryReportTexts, Run: runReportTexts})
}

// setFlags is a repeated --set KEY=FILE.
type setFlags []string

func (s *setFlags) String() string     { return strings.Join(*s, ",") }
func (s *setFlags) Set(v string) error { *s = append(*s, v); return nil }

// runReportTexts lists the texts officers write in the report of a scope
// and period (package reporttext), or, with --set KEY=FILE, saves the text
// of FILE (UTF-8) under KEY: a section key (report.TextKeys) or
// after:INDICATOR. The save is made from the versions read just before it,
// so that a text someone saved in between is refused, not overwritten.
func runReportTexts(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("report texts", &c)
	scope := fs.String("scope", "", vi.FlagScope)
	per := fs.String("period", "", vi.FlagPeriod)
	actor := fs.String("actor", "", vi.FlagActor)
	var sets setFlags
	fs.Var(&sets, "set", vi.FlagTextSet)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, "--scope, --period và --set"); err != nil {
		return err
	}
	ref, p, err := scopeAndPeriod(*scope, *per, vi.ErrReportTextsArgs)
	if err != nil {
		return err
	}
	if err := reporttext.CheckPeriod(p); err != nil {
		return apperr.At("--period", err)
	}
	// Every file is read before the database is opened: a missing file
	// or a malformed --set writes nothing.
	var edits []reporttext.Edit
	for _, s := range sets {
		key, file, ok := strings.Cut(s, "=")
		if !ok || key == "" || file == "" {
			return apperr.New(apperr.Usage, vi.ErrReportTextsSet, s)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return apperr.At(file, apperr.New(apperr.Invalid, vi.ErrFileRead, err))
		}
		edits = append(edits, reporttext.Edit{Key: strings.TrimSpace(key), Text: string(b)})
	}
	open := app.open
	if len(edits) == 0 {
		open = app.openReader
	}
	db, err := open(ctx, &c)
	if err != nil {
		return err
	}
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return err
	}
	by := localAdmin(app, *actor)
	set, err := reporttext.Load(ctx, db, tree, by, ref, p)
	if err != nil {
		return err
	}
	if len(edits) == 0 {
		printTexts(app, set)
		return nil
	}
	for i, e := range edits {
		cur := set.Sections[e.Key]
		if code, ok := strings.CutPrefix(e.Key, reporttext.AfterPrefix); ok {
			cur = set.After[code]
		}
		edits[i].Version = cur.Version
	}
	if _, err := reporttext.SaveTexts(ctx, db, tree, by, ref, p, edits, app.Now()); err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.ReportTextsSaved+"\n", len(edits), set.Name, p.NameVI())
	return nil
}

// printTexts lists each section: its key, its heading, the version saved
// (or the report a pre-fill comes from) and its text.
func printTexts(app *App, set reporttext.Set) {
	line := func(key, heading string, t reporttext.Text) {
		state := vi.ReportTextsNone
		switch {
		case t.Prefilled():
			state = fmt.Sprintf(vi.ReportTextsPrefilled, t.From.NameVI())
		case t.Version > 0:
			state = fmt.Sprintf(vi.ReportTextsVersion, t.Version, t.By, vi.Time(t.At))
		}
		fmt.Fprintf(app.Stdout, "%s · %s · %s\n", key, heading, state)
		if t.Body != "" {
			fmt.Fprintf(app.Stdout, "  %s\n", strings.ReplaceAll(t.Body, "\n", "\n  "))
		}
	}
	for _, key := range report.TextKeys() {
		line(key, vi.ReportSection(key), set.Sections[key])
	}
	for _, ind := range indicator.Default.List {
		if t, ok := set.After[ind.Code]; ok {
			line(reporttext.AfterPrefix+ind.Code, ind.NameVI, t)
		}
	}
}
