package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The yearly cycle of the learning titles at the command line: models
// list | register | verify | recognise | refuse | revoke | certificate.

func init() {
	register(command{Name: "models list", Summary: vi.SummaryModelsList, Run: runModelsList})
	register(command{Name: "models register", Summary: vi.SummaryModelsRegister, Run: runModelsRegister})
	register(command{Name: "models verify", Summary: vi.SummaryModelsVerify, Run: runModelsVerify})
	register(command{Name: "models recognise", Summary: vi.SummaryModelsRecognise, Run: runModelsRecognise})
	register(command{Name: "models refuse", Summary: vi.SummaryModelsRefuse, Run: runModelsRefuse})
	register(command{Name: "models revoke", Summary: vi.SummaryModelsRevoke, Run: runModelsRevoke})
	register(command{Name: "models certificate", Summary: vi.SummaryModelsCertificate, Run: runModelsCertificate})
	register(command{Name: "models body", Summary: vi.SummaryModelsBody, Run: runModelsBody})
	register(command{Name: "models targets", Summary: vi.SummaryModelsTargets, Run: runModelsTargets})
	register(command{Name: "models target", Summary: vi.SummaryModelsTarget, Run: runModelsTarget})
}

// runModelsTargets lists the targets that hold for a unit (default the
// nation): the rate, the year, the percent and whose target it is.
func runModelsTargets(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("models targets", &c)
	in := fs.String("in", "nation", vi.FlagModelsTargetIn)
	db, tree, u, err := targetUnit(ctx, app, fs, args, &c, in)
	if err != nil {
		return err
	}
	ts, err := models.Targets(ctx, db, tree, u.ID)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, vi.ModelsTargetsHeader)
	for _, t := range ts {
		whose := vi.ModelsTargetNational
		switch {
		case t.Province != 0:
			whose = tree.Get(t.Province).FullName()
		case t.Default:
			whose = vi.ModelsTargetDefault
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s%%\t%s\n", t.Indicator, indicatorName(t.Indicator), t.Year, vi.Points(t.Percent), whose)
	}
	tw.Flush()
	_, err = app.Stdout.Write(b.Bytes())
	return err
}

// runModelsTarget sets (or with --percent 0 withdraws) the target of a
// rate for a year at the nation or a province.
func runModelsTarget(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("models target", &c)
	in := fs.String("in", "nation", vi.FlagModelsTargetIn)
	rate := fs.String("rate", "", vi.FlagModelsTargetRate)
	year := fs.Int("year", 0, vi.FlagModelsTargetYear)
	percent := fs.Float64("percent", -1, vi.FlagModelsTargetPercent)
	actor := fs.String("actor", "", vi.FlagActor)
	db, tree, u, err := targetUnit(ctx, app, fs, args, &c, in)
	if err != nil {
		return err
	}
	if err := models.SetTarget(ctx, db, tree, localAdmin(app, *actor), u.ID, *rate, *year, *percent, app.Now()); err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.ModelsTargetSet+"\n", u.FullName(), indicatorName(*rate), *year, vi.Points(*percent))
	return nil
}

// targetUnit parses the flags of a targets command, opens the database
// and resolves --in (the nation or a province).
func targetUnit(ctx context.Context, app *App, fs *flag.FlagSet, args []string, c *common, in *string) (*store.DB, *units.Tree, *units.Unit, error) {
	if _, err := app.parseInterspersed(fs, args, c); err != nil {
		return nil, nil, nil, err
	}
	db, tree, err := openTree(ctx, app, c)
	if err != nil {
		return nil, nil, nil, err
	}
	u, err := unitsResolve(tree, *in, app.Now())
	if err != nil {
		return nil, nil, nil, apperr.At("--in", err)
	}
	return db, tree, u, nil
}

// indicatorName is an indicator's Vietnamese name, the code if unknown.
func indicatorName(code string) string {
	if ind, ok := indicator.Default.Get(code); ok {
		return ind.NameVI
	}
	return code
}

// runModelsBody names who recognises a set's title in a province.
func runModelsBody(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("models body", &c)
	province := fs.String("province", "", vi.FlagModelsProvince)
	level := fs.String("level", "", vi.FlagModelsLevel)
	body := fs.String("body", "", vi.FlagModelsBody)
	actor := fs.String("actor", "", vi.FlagActor)
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgCriteriaID)
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	u, err := unitsResolve(tree, *province, app.Now())
	if err != nil {
		return apperr.At("--province", err)
	}
	if err := models.SetBody(ctx, db, tree, localAdmin(app, *actor), pos[0], u.ID, *level, *body, app.Now()); err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.ModelsBodySet+"\n", pos[0], u.FullName(), *body)
	return nil
}

// registrationIDs reads the registration numbers given as arguments.
func registrationIDs(fs *flag.FlagSet, pos []string, many bool) ([]int64, error) {
	if len(pos) == 0 || (!many && len(pos) != 1) {
		return nil, apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgRegistrationID)
	}
	var ids []int64
	for _, p := range pos {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil || id <= 0 {
			return nil, apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgRegistrationID)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

type registrationJSON struct {
	ID          int64   `json:"id"`
	Title       string  `json:"title"`
	TargetGroup string  `json:"target_group,omitempty"`
	Year        int     `json:"year"`
	Name        string  `json:"name"`
	CCCD        string  `json:"cccd,omitempty"`
	Status      string  `json:"status"`
	Total       float64 `json:"total"`
	Passed      bool    `json:"passed"`
	Decision    string  `json:"decision,omitempty"`
	Code        string  `json:"code,omitempty"`
}

func runModelsList(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("models list", &c, listFormats...)
	in := fs.String("in", "", vi.FlagModelsIn)
	year := fs.Int("year", app.Now().Year(), vi.FlagModelsYear)
	if err := app.parse(fs, args, &c, listFormats...); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	db, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return err
	}
	u, err := unitsResolve(tree, *in, app.Now())
	if err != nil {
		return apperr.At("--in", err)
	}
	list, err := models.ListRegistrations(ctx, db, tree, localAdmin(app, ""), u.ID, *year)
	if err != nil {
		return err
	}
	out := make([]registrationJSON, len(list))
	for i, l := range list {
		out[i] = registrationJSON{ID: l.ID, Title: string(l.Title), TargetGroup: l.TargetGroup, Year: l.Year, Name: l.Name, CCCD: l.CCCD,
			Status: l.Status, Total: l.Total, Passed: l.Passed, Decision: l.Decision, Code: l.Code}
	}
	switch c.format {
	case "json":
		return writeJSON(app.Stdout, out)
	case "csv":
		return writeCSV(app.Stdout, []string{"id", "title", "target_group", "year", "name", "status", "total", "passed", "decision", "code"}, func(emit func([]string)) {
			for _, j := range out {
				emit([]string{fmt.Sprint(j.ID), j.Title, j.TargetGroup, fmt.Sprint(j.Year), j.Name, j.Status, fmt.Sprint(j.Total), fmt.Sprint(j.Passed), j.Decision, j.Code})
			}
		})
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, vi.ModelsTableHeader)
	for _, l := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", l.ID, l.Title.Label(), l.Name, vi.ModelStatus(l.Status), vi.Points(l.Total), dash(l.Decision), dash(l.Code))
	}
	return tw.Flush()
}

func runModelsRegister(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("models register", &c)
	title := fs.String("title", "", vi.FlagModelsTitle)
	in := fs.String("in", "", vi.FlagModelsIn)
	year := fs.Int("year", app.Now().Year(), vi.FlagModelsYear)
	name := fs.String("name", "", vi.FlagModelsName)
	group := fs.String("group", "", vi.FlagModelsGroup)
	cccd := fs.String("cccd", "", vi.FlagModelsCCCD)
	people := fs.Int("people", 0, vi.FlagModelsPeople)
	actor := fs.String("actor", "", vi.FlagActor)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	u, err := unitsResolve(tree, *in, app.Now())
	if err != nil {
		return apperr.At("--in", err)
	}
	r, err := models.Register(ctx, db, tree, localAdmin(app, *actor), models.NewRegistration{Title: models.Title(*title), TargetGroup: *group,
		Year: *year, CommuneID: u.ID, Name: *name, CCCD: *cccd, People: *people}, app.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.ModelsRegistered+"\n", r.ID, r.Title.Label(), r.Name, r.Year)
	return nil
}

// modelsStep runs a step of the cycle on registrations given as arguments.
func modelsStep(ctx context.Context, app *App, args []string, name string, many, reason bool,
	run func(st step) error, extraFlags ...string) error {
	var c common
	fs := app.flags(name, &c)
	actor := fs.String("actor", "", vi.FlagActor)
	var why *string
	if reason {
		why = fs.String("reason", "", vi.FlagModelsReason)
	}
	extra := map[string]*string{}
	for i := 0; i+1 < len(extraFlags); i += 2 {
		extra[extraFlags[i]] = fs.String(extraFlags[i], "", extraFlags[i+1])
	}
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	ids, err := registrationIDs(fs, pos, many)
	if err != nil {
		return err
	}
	st := step{ids: ids, extra: map[string]string{}}
	for k, v := range extra {
		st.extra[k] = *v
	}
	if why != nil {
		st.reason = *why
	}
	if st.db, st.tree, err = openTree(ctx, app, &c); err != nil {
		return err
	}
	st.by = localAdmin(app, *actor)
	return run(st)
}

// step is what a step of the cycle acts on.
type step struct {
	db     *store.DB
	tree   *units.Tree
	by     auth.Principal
	ids    []int64
	reason string
	extra  map[string]string
}

func runModelsVerify(ctx context.Context, app *App, args []string) error {
	return modelsStep(ctx, app, args, "models verify", true, false, func(st step) error {
		if err := models.Verify(ctx, st.db, st.tree, st.by, st.ids, app.Now()); err != nil {
			return err
		}
		fmt.Fprintf(app.Stdout, vi.ModelsVerified+"\n", len(st.ids))
		return nil
	})
}

func runModelsRecognise(ctx context.Context, app *App, args []string) error {
	return modelsStep(ctx, app, args, "models recognise", true, false, func(st step) error {
		x := st.extra
		day, err := dayFlag(app, "--date", x["date"])
		if err != nil {
			return err
		}
		if x["date"] == "" {
			return apperr.New(apperr.Usage, vi.ErrModelDecision)
		}
		recs, err := models.Recognise(ctx, st.db, st.tree, st.by, st.ids, models.Decision{Number: x["decision"], Date: day, Body: x["body"]}, app.Now())
		if err != nil {
			return err
		}
		for _, r := range recs {
			fmt.Fprintf(app.Stdout, vi.ModelsRecognised+"\n", r.RegistrationID, r.Decision.Number, r.Code)
		}
		return nil
	}, "decision", vi.FlagModelsDecision, "date", vi.FlagModelsDate, "body", vi.FlagModelsBody)
}

func runModelsRefuse(ctx context.Context, app *App, args []string) error {
	return modelsStep(ctx, app, args, "models refuse", false, true, func(st step) error {
		if err := models.Refuse(ctx, st.db, st.tree, st.by, st.ids[0], st.reason, app.Now()); err != nil {
			return err
		}
		fmt.Fprintf(app.Stdout, vi.ModelsRefused+"\n", st.ids[0])
		return nil
	})
}

func runModelsRevoke(ctx context.Context, app *App, args []string) error {
	return modelsStep(ctx, app, args, "models revoke", false, true, func(st step) error {
		if err := models.Revoke(ctx, st.db, st.tree, st.by, st.ids[0], st.reason, app.Now()); err != nil {
			return err
		}
		fmt.Fprintf(app.Stdout, vi.ModelsRevoked+"\n", st.ids[0])
		return nil
	})
}

// siteEnv names the variable that gives models certificate its --site.
const siteEnv = "KHUYENHOC_SITE"

func runModelsCertificate(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("models certificate", &c)
	out := fs.String("o", "", vi.FlagOutput)
	site := fs.String("site", "", vi.FlagModelsSite)
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgCertificate)
	}
	// The QR code must lead a phone to the verification page: a path
	// without the site's address, which the web server adds from the
	// request, leads nowhere on paper.
	if *site == "" {
		*site = app.Getenv(siteEnv)
	}
	if u, err := url.Parse(*site); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return apperr.New(apperr.Usage, vi.ErrModelsSite, *site, siteEnv)
	}
	db, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return err
	}
	cert, err := models.VerifyCode(ctx, db, tree, pos[0])
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := models.WriteCertificatePDF(&b, cert, *site); err != nil {
		return err
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		return apperr.New(apperr.Invalid, vi.ErrWriteFile, *out, err)
	}
	fmt.Fprintf(app.Stdout, vi.ModelsCertificateWritten+"\n", *out)
	return nil
}
