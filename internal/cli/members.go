package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The member registry's commands: the member import and its template, and
// members find | show | leave | export; the association units are in
// orgs.go.

func init() {
	register(command{Name: "import members", Summary: vi.SummaryImportMembers, Run: runImportMembers})
	register(command{Name: "members find", Summary: vi.SummaryMembersFind, Run: runMembersFind})
	register(command{Name: "members show", Summary: vi.SummaryMembersShow, Run: runMembersShow})
	register(command{Name: "members leave", Summary: vi.SummaryMembersLeave, Run: runMembersLeave})
	register(command{Name: "members export", Summary: vi.SummaryMembersExport, Run: runMembersExport})
	register(command{Name: "members rejoin", Summary: vi.SummaryMembersRejoin, Run: runMembersRejoin})
}

func runImportMembers(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("import members", &c)
	actor := fs.String("actor", "", vi.FlagActor)
	dryRun := fs.Bool("dry-run", false, vi.FlagDryRun)
	onDup := fs.String("on-duplicate", "", vi.FlagOnDuplicate)
	create := fs.Bool("create-branches", false, vi.FlagCreateBranches)
	tmpl := fs.String("template", "", vi.FlagTemplate)
	codesOn := fs.String("codes-on", "", vi.FlagCodesOn)
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	if *tmpl != "" {
		// The template needs no database.
		if len(pos) != 0 {
			return apperr.New(apperr.Usage, vi.ErrTemplateArgs)
		}
		return writeMemberTemplate(app, *tmpl)
	}
	if len(pos) != 1 {
		return apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgFile)
	}
	dup, err := registry.ParseDuplicate(*onDup)
	if err != nil {
		return err
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	opt := registry.ImportOptions{DryRun: *dryRun, OnDuplicate: dup, CreateBranches: *create, Progress: app.progress()}
	if *codesOn != "" {
		if opt.CodesOn, err = registry.ParseDay(*codesOn); err != nil {
			return apperr.At("--codes-on", err)
		}
	}
	res, err := registry.ImportMembersFile(ctx, db, tree, localAdmin(app, importsActor(app, *actor)), pos[0], opt, app.Now())
	app.endProgress()
	if err != nil {
		return err
	}
	fmt.Fprintln(app.Stdout, importMembersSummary(res))
	return nil
}

// writeMemberTemplate handles import members --template FILE.
func writeMemberTemplate(app *App, path string) error {
	var b bytes.Buffer
	if err := registry.WriteTemplate(&b, registry.IsXLSX(path)); err != nil {
		return err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return apperr.New(apperr.Invalid, vi.ErrWriteFile, path, err)
	}
	fmt.Fprintf(app.Stdout, vi.TemplateWritten+"\n", path)
	return nil
}

// importMembersSummary is the import's result in Vietnamese.
func importMembersSummary(res registry.ImportResult) string {
	var b strings.Builder
	format := vi.MembersImportSummary
	if res.DryRun {
		format = vi.MembersImportSummaryDryRun
	}
	fmt.Fprintf(&b, format, res.Source, vi.Int(int64(res.Rows)), vi.Int(int64(res.Added)), vi.Int(int64(res.Updated)),
		vi.Int(int64(res.Unchanged)), vi.Int(int64(res.Skipped)))
	if n := len(res.CreatedBranches); n > 0 {
		list := strings.Join(res.CreatedBranches[:min(n, 10)], "; ")
		if n > 10 {
			list += "; " + fmt.Sprintf(vi.MoreItems, n-10)
		}
		fmt.Fprintf(&b, "\n"+vi.MembersImportCreated, list)
	}
	if len(res.UnreadColumns) > 0 {
		fmt.Fprintf(&b, "\n"+vi.MembersImportUnread, strings.Join(res.UnreadColumns, ", "))
	}
	if len(res.Matches) > 0 {
		fmt.Fprintf(&b, "\n"+vi.MembersImportMatches, len(res.Matches))
		for i, m := range res.Matches {
			if i == 20 {
				fmt.Fprintf(&b, "\n  "+vi.MoreLines, len(res.Matches)-i)
				break
			}
			if m.MemberID != 0 {
				fmt.Fprintf(&b, "\n  "+vi.MembersImportMatchMember, m.Line, m.Name, m.MemberID)
			} else {
				fmt.Fprintf(&b, "\n  "+vi.MembersImportMatchLine, m.Line, m.OtherLine)
			}
		}
	}
	return b.String()
}

// progress is an import's progress callback: a line on standard error that
// rewrites itself, when standard error is a terminal; nil otherwise.
func (app *App) progress() func(stage string, done, total int) {
	f, ok := app.Stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	app.progressShown = true
	return func(stage string, done, total int) {
		pct := 100
		if total > 0 {
			pct = done * 100 / total
		}
		bar := strings.Repeat("█", pct/5) + strings.Repeat("░", 20-pct/5)
		fmt.Fprintf(app.Stderr, "\r%s %3d%%  %s %s/%s", bar, pct, stage, vi.Int(int64(done)), vi.Int(int64(total)))
	}
}

// endProgress ends the progress line, if one was shown.
func (app *App) endProgress() {
	if app.progressShown {
		fmt.Fprintln(app.Stderr)
		app.progressShown = false
	}
}

// memberJSON is a member in the machine formats (docs/contracts.md: at
// least id, full_name, commune, branch).
type memberJSON struct {
	ID         int64  `json:"id"`
	FullName   string `json:"full_name"`
	Commune    string `json:"commune"`
	Branch     string `json:"branch"`
	Gender     string `json:"gender,omitempty"`
	BirthDate  string `json:"birth_date,omitempty"`
	CCCD       string `json:"cccd,omitempty"`
	Phone      string `json:"phone,omitempty"`
	JoinedOn   string `json:"joined_on"`
	LeftOn     string `json:"left_on,omitempty"`
	LeftReason string `json:"left_reason,omitempty"`
	CardNo     string `json:"card_no,omitempty"`
	Version    int    `json:"version"`
}

func toJSON(tree *units.Tree, m registry.Member) memberJSON {
	j := memberJSON{ID: m.ID, FullName: m.FullName, Branch: m.Branch, Gender: m.Gender, BirthDate: m.BirthDate, CCCD: m.CCCD,
		Phone: m.Phone, JoinedOn: vi.Date(m.JoinedOn), LeftReason: m.LeftReason, CardNo: m.CardNo, Version: m.Version}
	if u := tree.Get(m.CommuneID); u != nil {
		j.Commune = u.Code
	}
	if !m.LeftOn.IsZero() {
		j.LeftOn = vi.Date(m.LeftOn)
	}
	return j
}

func runMembersFind(ctx context.Context, app *App, args []string) error {
	var c common
	c.readOnly = true
	fs := app.flags("members find", &c, listFormats...)
	in := fs.String("in", "", vi.FlagMembersIn)
	all := fs.Bool("all", false, vi.FlagMembersAll)
	given := fs.Bool("given-first", false, vi.FlagMembersGivenFirst)
	page := fs.Int("page", 1, vi.FlagPage)
	per := fs.Int("per-page", 50, vi.FlagPerPage)
	pos, err := app.parseInterspersed(fs, args, &c, listFormats...)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgSearch)
	}
	db, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return err
	}
	q := registry.Query{WithFormer: *all, Page: *page, PerPage: *per}
	if len(pos) == 1 {
		q.Text = pos[0]
	}
	if *given {
		q.Order = registry.GivenNameFirst
	}
	if *in != "" {
		u, err := unitsResolve(tree, *in, units.Day(app.Now()))
		if err != nil {
			return apperr.At("--in", err)
		}
		q.UnitID = u.ID
	}
	p, err := registry.FindMembers(ctx, db, tree, localAdmin(app, ""), q)
	if err != nil {
		return err
	}
	switch c.format {
	case "json":
		out := make([]memberJSON, 0, len(p.Members))
		for _, m := range p.Members {
			out = append(out, toJSON(tree, m))
		}
		return writeJSON(app.Stdout, out)
	case "csv":
		return writeCSV(app.Stdout, []string{"id", "full_name", "commune", "branch", "gender", "birth_date", "cccd", "phone", "joined_on", "left_on"},
			func(emit func([]string)) {
				for _, m := range p.Members {
					j := toJSON(tree, m)
					emit([]string{strconv.FormatInt(j.ID, 10), j.FullName, j.Commune, j.Branch, j.Gender, j.BirthDate, j.CCCD, j.Phone, j.JoinedOn, j.LeftOn})
				}
			})
	}
	if p.Total == 0 {
		fmt.Fprintln(app.Stdout, vi.MembersNone)
		return nil
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, vi.MembersTableHeader)
	for _, m := range p.Members {
		j := toJSON(tree, m)
		commune := j.Commune
		if u := tree.Get(m.CommuneID); u != nil {
			commune = u.FullName()
		}
		left := ""
		if j.LeftOn != "" {
			left = fmt.Sprintf(vi.MembersLeftOn, j.LeftOn)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s%s\n", j.ID, j.FullName, dash(j.BirthDate), j.Branch, commune, dash(j.CCCD), j.JoinedOn, left)
	}
	tw.Flush()
	fmt.Fprintf(app.Stdout, vi.MembersPageLine+"\n", p.Page, p.Pages(), vi.Int(int64(p.Total)))
	return nil
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// memberID reads a member id argument.
func memberID(fs *flag.FlagSet, pos []string) (int64, error) {
	if len(pos) != 1 {
		return 0, apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgMemberID)
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.Usage, vi.ErrMemberID, pos[0])
	}
	return id, nil
}

func runMembersShow(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("members show", &c, "table", "json")
	reveal := fs.Bool("reveal", false, vi.FlagReveal)
	pos, err := app.parseInterspersed(fs, args, &c, "table", "json")
	if err != nil {
		return err
	}
	id, err := memberID(fs, pos)
	if err != nil {
		return err
	}
	c.readOnly = !*reveal // a reveal writes its audit entry
	db, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return err
	}
	m, err := registry.GetMember(ctx, db, tree, localAdmin(app, ""), id, *reveal, app.Now())
	if err != nil {
		return err
	}
	j := toJSON(tree, m)
	if c.format == "json" {
		return writeJSON(app.Stdout, j)
	}
	commune := j.Commune
	if u := tree.Get(m.CommuneID); u != nil {
		commune = u.FullName()
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 2, 2, ' ', 0)
	for _, kv := range [][2]string{
		{vi.MemberColumn(registry.ColFullName), j.FullName}, {vi.MemberColumn(registry.ColGender), dash(j.Gender)},
		{vi.MemberColumn(registry.ColBirthDate), dash(j.BirthDate)}, {vi.MemberColumn(registry.ColCCCD), dash(j.CCCD)},
		{vi.MemberColumn(registry.ColPhone), dash(j.Phone)}, {vi.MemberColumn(registry.ColAddress), dash(m.Address)},
		{vi.MemberColumn(registry.ColBranch), j.Branch}, {vi.MembersCommune, commune},
		{vi.MemberColumn(registry.ColJoinedOn), j.JoinedOn}, {vi.MemberColumn(registry.ColLeftOn), dash(j.LeftOn)},
		{vi.MemberColumn(registry.ColLeftReason), dash(j.LeftReason)}, {vi.MemberColumn(registry.ColCardNo), dash(j.CardNo)},
	} {
		fmt.Fprintf(tw, "%s:\t%s\n", kv[0], kv[1])
	}
	return tw.Flush()
}

func runMembersLeave(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("members leave", &c)
	on := fs.String("on", "", vi.FlagLeaveOn)
	reason := fs.String("reason", "", vi.FlagLeaveReason)
	actor := fs.String("actor", "", vi.FlagActor)
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	id, err := memberID(fs, pos)
	if err != nil {
		return err
	}
	day, err := dayFlag(app, "--on", *on)
	if err != nil {
		return err
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	if err := registry.LeaveMember(ctx, db, tree, localAdmin(app, *actor), id, 0, day, *reason, app.Now()); err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.MembersLeft+"\n", id, vi.Date(day))
	return nil
}

func runMembersExport(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("members export", &c)
	in := fs.String("in", "", vi.FlagMembersIn)
	all := fs.Bool("all", false, vi.FlagMembersAll)
	out := fs.String("o", "", vi.FlagOutput)
	actor := fs.String("actor", "", vi.FlagActor)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *in == "" || *out == "" {
		return apperr.New(apperr.Usage, vi.ErrMembersExportArgs)
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	u, err := unitsResolve(tree, *in, units.Day(app.Now()))
	if err != nil {
		return apperr.At("--in", err)
	}
	var b bytes.Buffer
	n, err := registry.ExportMembers(ctx, db, tree, localAdmin(app, *actor), u.ID, 0, *all, &b, app.Now())
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o600); err != nil {
		return apperr.New(apperr.Invalid, vi.ErrWriteFile, *out, err)
	}
	fmt.Fprintf(app.Stdout, vi.MembersExported+"\n", vi.Int(int64(n)), *out)
	return nil
}

func runMembersRejoin(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("members rejoin", &c)
	on := fs.String("on", "", vi.FlagRejoinOn)
	branch := fs.Int64("branch", 0, vi.FlagRejoinBranch)
	actor := fs.String("actor", "", vi.FlagActor)
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	id, err := memberID(fs, pos)
	if err != nil {
		return err
	}
	if *branch == 0 {
		return apperr.New(apperr.Usage, vi.ErrRejoinArgs)
	}
	day, err := dayFlag(app, "--on", *on)
	if err != nil {
		return err
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	if err := registry.RejoinMember(ctx, db, tree, localAdmin(app, *actor), id, 0, *branch, day, app.Now()); err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.MembersRejoined+"\n", id, vi.Date(day))
	return nil
}

// dayFlag reads a day flag (dd/mm/yyyy) of a registry command: today in
// Vietnam when not given.
func dayFlag(app *App, name, value string) (time.Time, error) {
	if value == "" {
		return units.Day(app.Now()), nil
	}
	d, err := registry.ParseDay(value)
	if err != nil {
		return time.Time{}, apperr.At(name, err)
	}
	return d, nil
}
