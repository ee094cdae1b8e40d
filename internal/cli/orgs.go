package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The association units' commands: orgs list | add | move-reform.

func init() {
	register(command{Name: "orgs list", Summary: vi.SummaryOrgsList, Run: runOrgsList})
	register(command{Name: "orgs add", Summary: vi.SummaryOrgsAdd, Run: runOrgsAdd})
	register(command{Name: "orgs move-reform", Summary: vi.SummaryOrgsMove, Run: runOrgsMove})
	register(command{Name: "orgs move", Summary: vi.SummaryOrgMove, Run: runOrgMove})
}

// orgJSON is an association unit in the machine formats.
type orgJSON struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Parent    int64  `json:"parent,omitempty"`
	Place     string `json:"place,omitempty"`
	Commune   string `json:"commune"`
	Founded   string `json:"founded_on"`
	Dissolved string `json:"dissolved_on,omitempty"`
}

func runOrgsList(ctx context.Context, app *App, args []string) error {
	var c common
	c.readOnly = true
	fs := app.flags("orgs list", &c, listFormats...)
	in := fs.String("in", "", vi.FlagMembersIn)
	atFlag := fs.String("at", "", vi.FlagUnitAt)
	if err := app.parse(fs, args, &c, listFormats...); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	at, err := dayFlag(app, "--at", *atFlag)
	if err != nil {
		return err
	}
	db, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return err
	}
	var communeID int64
	if *in != "" {
		u, err := unitsResolve(tree, *in, at)
		if err != nil {
			return apperr.At("--in", err)
		}
		communeID = u.ID
	}
	list, err := registry.ListOrgs(ctx, db, tree, localAdmin(app, ""), communeID, at)
	if err != nil {
		return err
	}
	out := make([]orgJSON, 0, len(list))
	for _, o := range list {
		j := orgJSON{ID: o.ID, Kind: string(o.Kind), Name: o.Name, Parent: o.ParentID, Place: o.Place, Founded: vi.Date(o.Founded)}
		if u := tree.Get(o.CommuneID); u != nil {
			j.Commune = u.Code
		}
		if !o.Dissolved.IsZero() {
			j.Dissolved = vi.Date(o.Dissolved)
		}
		out = append(out, j)
	}
	switch c.format {
	case "json":
		return writeJSON(app.Stdout, out)
	case "csv":
		return writeCSV(app.Stdout, []string{"id", "kind", "name", "parent", "place", "commune", "founded_on", "dissolved_on"}, func(emit func([]string)) {
			for _, j := range out {
				emit([]string{fmt.Sprint(j.ID), j.Kind, j.Name, fmt.Sprint(j.Parent), j.Place, j.Commune, j.Founded, j.Dissolved})
			}
		})
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, vi.OrgsTableHeader)
	for i, j := range out {
		commune := j.Commune
		if u := tree.Get(list[i].CommuneID); u != nil {
			commune = u.FullName()
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", j.ID, registry.OrgKind(j.Kind).Label(), j.Name, dash(j.Place), commune, j.Founded, dash(j.Dissolved))
	}
	return tw.Flush()
}

func runOrgsAdd(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("orgs add", &c)
	kind := fs.String("kind", "", vi.FlagOrgKind)
	name := fs.String("name", "", vi.FlagOrgName)
	in := fs.String("in", "", vi.FlagOrgCommune)
	parent := fs.Int64("parent", 0, vi.FlagOrgParent)
	founded := fs.String("founded", "", vi.FlagOrgFounded)
	place := fs.String("place", "", vi.FlagOrgPlace)
	actor := fs.String("actor", "", vi.FlagActor)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *kind == "" || *name == "" || (*in == "") == (*parent == 0) {
		return apperr.New(apperr.Usage, vi.ErrOrgsArgs)
	}
	k, err := registry.ParseOrgKind(*kind)
	if err != nil {
		return apperr.At("--kind", err)
	}
	n := registry.NewOrg{Kind: k, Name: *name, ParentID: *parent, Place: strings.TrimSpace(*place)}
	if *founded != "" {
		if n.Founded, err = registry.ParseDay(*founded); err != nil {
			return apperr.At("--founded", err)
		}
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	if *in != "" {
		at := n.Founded
		if at.IsZero() {
			at = units.Day(app.Now())
		}
		u, err := unitsResolve(tree, *in, at)
		if err != nil {
			return apperr.At("--in", err)
		}
		n.CommuneID = u.ID
	}
	o, err := registry.AddOrg(ctx, db, tree, localAdmin(app, *actor), n, app.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.OrgAdded+"\n", o.Kind.Label(), o.Name, o.ID)
	return nil
}

func runOrgsMove(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("orgs move-reform", &c)
	apply := fs.Bool("apply", false, vi.FlagApply)
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
	plan, err := registry.MoveReform(ctx, db, tree, localAdmin(app, *actor), *apply, app.Now())
	if err != nil {
		return err
	}
	head := vi.MovePlanned
	if *apply {
		head = vi.MoveDone
	}
	switch {
	case len(plan.Moves)+len(plan.Undecided) == 0:
		fmt.Fprintln(app.Stdout, vi.MoveNothing)
	case len(plan.Moves) > 0:
		fmt.Fprintf(app.Stdout, head+"\n", len(plan.Moves))
	}
	for _, m := range plan.Moves {
		fmt.Fprintf(app.Stdout, "  "+vi.MoveLine+"\n", m.Name, m.OrgID, m.From.FullName(), m.To.FullName(), vi.Date(m.From.ValidTo.Add(24*time.Hour)), m.Members)
	}
	if len(plan.Undecided) > 0 {
		fmt.Fprintf(app.Stdout, vi.MoveUndecided+"\n", len(plan.Undecided))
		for _, u := range plan.Undecided {
			var cands []string
			for _, c := range u.Candidates {
				cands = append(cands, c.FullName()+" ("+c.Ref()+")")
			}
			fmt.Fprintf(app.Stdout, "  "+vi.MoveUndecidedLine+"\n", u.Name, u.OrgID, u.From.FullName(), strings.Join(cands, ", "))
		}
	}
	return nil
}

func runOrgMove(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("orgs move", &c)
	to := fs.String("to", "", vi.FlagMoveTo)
	actor := fs.String("actor", "", vi.FlagActor)
	pos, err := app.parseInterspersed(fs, args, &c)
	if err != nil {
		return err
	}
	id, err := memberID(fs, pos)
	if err != nil || *to == "" {
		return apperr.New(apperr.Usage, vi.ErrOrgMoveArgs)
	}
	db, tree, err := openTree(ctx, app, &c)
	if err != nil {
		return err
	}
	u, err := unitsResolve(tree, *to, units.Day(app.Now()))
	if err != nil {
		return apperr.At("--to", err)
	}
	if err := registry.MoveOrg(ctx, db, tree, localAdmin(app, *actor), id, u.ID, app.Now()); err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.OrgMoved+"\n", id, u.FullName())
	return nil
}
