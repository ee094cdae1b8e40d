package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The criteria sets of the learning titles: criteria list | show | load.

func init() {
	register(command{Name: "criteria list", Summary: vi.SummaryCriteriaList, Run: runCriteriaList})
	register(command{Name: "criteria show", Summary: vi.SummaryCriteriaShow, Run: runCriteriaShow})
	register(command{Name: "criteria load", Summary: vi.SummaryCriteriaLoad, Run: runCriteriaLoad})
	register(command{Name: "import evaluations", Summary: vi.SummaryImportEvaluations, Run: runImportEvaluations})
	register(command{Name: "import registrations", Summary: vi.SummaryImportRegistrations, Run: runImportRegistrations})
}

// criteriaJSON is a set in the list's machine format (docs/contracts.md,
// "Learning titles").
type criteriaJSON struct {
	ID            string          `json:"id"`
	Version       int             `json:"version"`
	Title         string          `json:"title"`
	TargetGroup   string          `json:"target_group"`
	Name          string          `json:"name"`
	ValidFrom     int             `json:"valid_from"`
	ValidTo       int             `json:"valid_to,omitempty"`
	RecognisedBy  string          `json:"recognised_by"`
	ValidityYears int             `json:"validity_years"`
	Indicators    []indicatorJSON `json:"indicators"`
	Pass          models.Rule     `json:"pass"`
	Levels        []models.Level  `json:"levels,omitempty"`
}

type indicatorJSON struct {
	Code      string  `json:"code"`
	MaxPoints float64 `json:"max_points"`
	Scoring   string  `json:"scoring"`
	Evidence  bool    `json:"evidence_required"`
}

func setJSON(s *models.Set) criteriaJSON {
	j := criteriaJSON{ID: s.ID, Version: s.Version, Title: string(s.Title), TargetGroup: s.TargetGroup, Name: s.Name,
		ValidFrom: s.ValidFrom, ValidTo: s.ValidTo, RecognisedBy: s.RecognisedBy, ValidityYears: s.ValidityYears,
		Pass: s.Pass, Levels: s.Levels, Indicators: []indicatorJSON{}}
	for _, in := range s.Indicators() {
		j.Indicators = append(j.Indicators, indicatorJSON{Code: in.Code, MaxPoints: in.MaxPoints, Scoring: in.Scoring.Kind, Evidence: in.Evidence})
	}
	return j
}

// passText is a rule in words: "tổng ≥ 80; mỗi chỉ số ≥ 5".
func passText(r models.Rule) string {
	var parts []string
	if r.TotalAtLeast > 0 {
		parts = append(parts, fmt.Sprintf(vi.CriteriaPassTotal, vi.Points(r.TotalAtLeast)))
	}
	if r.EachAtLeast > 0 {
		parts = append(parts, fmt.Sprintf(vi.CriteriaPassEach, vi.Points(r.EachAtLeast)))
	}
	if len(r.Required) > 0 {
		parts = append(parts, fmt.Sprintf(vi.CriteriaPassReq, strings.Join(r.Required, ", ")))
	}
	if r.MembersPercent > 0 {
		parts = append(parts, fmt.Sprintf(vi.CriteriaPassPeople, vi.Points(r.MembersPercent)))
	}
	return strings.Join(parts, "; ")
}

func yearsText(s *models.Set) string {
	if s.ValidTo == 0 {
		return fmt.Sprintf(vi.CriteriaYearsOpen, s.ValidFrom)
	}
	return fmt.Sprintf(vi.CriteriaYears, s.ValidFrom, s.ValidTo)
}

func runCriteriaList(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("criteria list", &c, listFormats...)
	if err := app.parse(fs, args, &c, listFormats...); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	db, err := app.openReader(ctx, &c)
	if err != nil {
		return err
	}
	sets, err := models.ListSets(ctx, db)
	if err != nil {
		return err
	}
	switch c.format {
	case "json":
		out := make([]criteriaJSON, len(sets))
		for i, s := range sets {
			out[i] = setJSON(s)
		}
		return writeJSON(app.Stdout, out)
	case "csv":
		return writeCSV(app.Stdout, []string{"id", "version", "title", "target_group", "valid_from", "valid_to", "indicators", "max_total", "total_at_least", "each_at_least"}, func(emit func([]string)) {
			for _, s := range sets {
				emit([]string{s.ID, fmt.Sprint(s.Version), string(s.Title), s.TargetGroup, fmt.Sprint(s.ValidFrom), fmt.Sprint(s.ValidTo),
					fmt.Sprint(len(s.Indicators())), fmt.Sprint(s.MaxTotal()), fmt.Sprint(s.Pass.TotalAtLeast), fmt.Sprint(s.Pass.EachAtLeast)})
			}
		})
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, vi.CriteriaTableHeader)
	for _, s := range sets {
		group := "—"
		if s.TargetGroup != "" {
			group = vi.TargetGroup(s.TargetGroup)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%d\t%s\t%s\n", s.ID, s.Version, s.Title.Label(), group, yearsText(s),
			len(s.Indicators()), passText(s.Pass), dash(s.Source))
	}
	return tw.Flush()
}

func runCriteriaShow(ctx context.Context, app *App, args []string) error {
	var c common
	formats := []string{"table", "json"}
	fs := app.flags("criteria show", &c, formats...)
	pos, err := app.parseInterspersed(fs, args, &c, formats...)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgCriteriaID)
	}
	db, err := app.openReader(ctx, &c)
	if err != nil {
		return err
	}
	s, err := models.GetSet(ctx, db, pos[0])
	if err != nil {
		return err
	}
	if c.format == "json" {
		_, err := app.Stdout.Write(s.Encode())
		return err
	}
	w := app.Stdout
	fmt.Fprintf(w, vi.CriteriaShowHead+"\n", s.Title.Label(), s.Name, s.Version)
	if s.Source != "" {
		fmt.Fprintln(w, s.Source)
	}
	by := vi.ErrModelLevelWord
	if s.RecognisedBy == models.ByProvince {
		by = vi.ErrModelLevelProvince
	}
	fmt.Fprintf(w, vi.CriteriaShowValid+"\n", yearsText(s), by, s.ValidityYears)
	for _, cr := range s.Criteria {
		fmt.Fprintf(w, "\n%s. %s\n", cr.Code, cr.Name)
		for _, in := range cr.Indicators {
			extra := fmt.Sprintf(vi.CriteriaShowMax, vi.Points(in.MaxPoints))
			if in.Evidence {
				extra += ", " + vi.CriteriaEvidence
			}
			if in.FromMembers {
				extra += ", " + vi.CriteriaFromMembers
			}
			fmt.Fprintf(w, "  %s  %s (%s)\n", in.Code, in.Text, extra)
		}
	}
	fmt.Fprintf(w, "\n"+vi.CriteriaShowPass+"\n", passText(s.Pass))
	for _, l := range s.Levels {
		fmt.Fprintf(w, vi.CriteriaShowLevel+"\n", l.Name, passText(l.Rule))
	}
	if s.ToConfirm != "" {
		fmt.Fprintf(w, vi.CriteriaShowConfirm+"\n", s.ToConfirm)
	}
	return nil
}

func runCriteriaLoad(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("criteria load", &c)
	actor := fs.String("actor", "", vi.FlagActor)
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgCriteriaFile)
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return apperr.New(apperr.Invalid, vi.ErrCriteriaRead, err.Error())
	}
	defer f.Close()
	s, err := models.ParseSet(f)
	if err != nil {
		return apperr.At(pos[0], err)
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	got, outcome, err := models.LoadSet(ctx, db, tree, localAdmin(app, *actor), s, app.Now())
	if err != nil {
		return err
	}
	switch outcome {
	case models.Unchanged:
		fmt.Fprintf(app.Stdout, vi.CriteriaUnchanged+"\n", got.ID, got.Version)
	case models.NewVersion:
		fmt.Fprintf(app.Stdout, vi.CriteriaNewVersion+"\n", got.ID, got.Version)
	default:
		fmt.Fprintf(app.Stdout, vi.CriteriaLoaded+"\n", got.ID, got.Version)
	}
	return nil
}

func runImportEvaluations(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("import evaluations", &c)
	actor := fs.String("actor", "", vi.FlagActor)
	dryRun := fs.Bool("dry-run", false, vi.FlagDryRun)
	tmpl := fs.String("template", "", vi.FlagTemplate)
	setRef := fs.String("set", "citizen-residents-2023", vi.FlagCriteriaSet)
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	if *tmpl != "" {
		if len(pos) != 0 {
			return apperr.New(apperr.Usage, vi.ErrEvaluationsTemplate)
		}
		db, err := app.openReader(ctx, &c)
		if err != nil {
			return err
		}
		s, err := models.GetSet(ctx, db, *setRef)
		if err != nil {
			return apperr.At("--set", err)
		}
		return writeTemplate(app, *tmpl, func(w io.Writer, xlsx bool) error { return models.WriteEvaluationTemplate(w, s, xlsx) })
	}
	db, tree, err := importTree(ctx, app, fs, pos, &c)
	if err != nil {
		return err
	}
	res, err := models.ImportEvaluationsFile(ctx, db, tree, localAdmin(app, importsActor(app, *actor)), pos[0], *dryRun, app.Now())
	if err != nil {
		return err
	}
	format := vi.ImportEvaluationsSummary
	if res.DryRun {
		format = vi.ImportEvaluationsDryRun
	}
	fmt.Fprintf(app.Stdout, format+"\n", res.Source, vi.Int(int64(res.Rows)), vi.Int(int64(res.Registered)), vi.Int(int64(res.Evaluated)), vi.Int(int64(res.Passed)))
	return nil
}

// runImportRegistrations imports a registrations file, or with --template
// writes its template.
func runImportRegistrations(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("import registrations", &c)
	actor := fs.String("actor", "", vi.FlagActor)
	dryRun := fs.Bool("dry-run", false, vi.FlagDryRun)
	tmpl := fs.String("template", "", vi.FlagTemplate)
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	if *tmpl != "" {
		if len(pos) != 0 {
			return apperr.New(apperr.Usage, vi.ErrRegistrationsTemplate)
		}
		return writeTemplate(app, *tmpl, models.WriteRegistrationTemplate)
	}
	db, tree, err := importTree(ctx, app, fs, pos, &c)
	if err != nil {
		return err
	}
	res, err := models.ImportRegistrationsFile(ctx, db, tree, localAdmin(app, importsActor(app, *actor)), pos[0], *dryRun, app.Now())
	if err != nil {
		return err
	}
	format := vi.ImportRegistrationsSummary
	if res.DryRun {
		format = vi.ImportRegistrationsDryRun
	}
	fmt.Fprintf(app.Stdout, format+"\n", res.Source, vi.Int(int64(res.Rows)), vi.Int(int64(res.Registered)), vi.Int(int64(res.Existing)))
	return nil
}

// writeTemplate writes an import's template to path, XLSX when its name
// ends so, CSV otherwise.
func writeTemplate(app *App, path string, write func(w io.Writer, xlsx bool) error) error {
	var b bytes.Buffer
	if err := write(&b, strings.HasSuffix(strings.ToLower(path), ".xlsx")); err != nil {
		return err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return apperr.New(apperr.Invalid, vi.ErrWriteFile, path, err)
	}
	fmt.Fprintf(app.Stdout, vi.TemplateWritten+"\n", path)
	return nil
}

// importTree checks that an import names one file and opens the database.
func importTree(ctx context.Context, app *App, fs *flag.FlagSet, pos []string, c *common) (*store.DB, *units.Tree, error) {
	if len(pos) != 1 {
		return nil, nil, apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgFile)
	}
	return openTree(ctx, app, c)
}
