package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The units commands: list, show, lineage and find administrative units
// as they were on a given day.

func init() {
	register(command{Name: "units list", Summary: vi.UnitsListSummary, Run: runUnitsList})
	register(command{Name: "units show", Summary: vi.UnitsShowSummary, Run: runUnitsShow})
	register(command{Name: "units lineage", Summary: vi.UnitsLineageSummary, Run: runUnitsLineage})
	register(command{Name: "units find", Summary: vi.UnitsFindSummary, Run: runUnitsFind})
}

// unitsDay reads --at, today by default.
func unitsDay(app *App, s string) (time.Time, error) {
	if s == "" {
		return units.Day(app.Now()), nil
	}
	return units.ParseDate(s)
}

// unitsOpen opens the database for a command that only reads (see
// openReader) and loads the unit tree.
func unitsOpen(ctx context.Context, app *App, c *common) (*store.DB, *units.Tree, error) {
	db, err := app.openReader(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	tree, err := units.LoadTree(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	return db, tree, nil
}

// openTree opens (and migrates) the database for a command that writes,
// with the units tree.
func openTree(ctx context.Context, app *App, c *common) (*store.DB, *units.Tree, error) {
	db, err := app.open(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	return db, tree, nil
}

// unitsResolve reads LEVEL:CODE and finds that unit on day at.
func unitsResolve(tree *units.Tree, s string, at time.Time) (*units.Unit, error) {
	ref, err := units.ParseRef(s)
	if err != nil {
		return nil, err
	}
	if ref.Level == units.Cluster {
		return nil, apperr.New(apperr.Invalid, vi.ErrBadUnitRef, s)
	}
	return tree.Resolve(ref.Level, ref.Code, at)
}

func runUnitsList(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("units list", &c, listFormats...)
	level := fs.String("level", "", vi.FlagUnitLevel)
	in := fs.String("in", "", vi.FlagUnitIn)
	atFlag := fs.String("at", "", vi.FlagUnitAt)
	pos, err := app.parseInterspersed(fs, args, &c, listFormats...)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgNone)
	}
	if *level == "" {
		return apperr.New(apperr.Usage, vi.ErrUnitNeedLevel)
	}
	lv, err := units.ParseLevel(*level)
	if err != nil {
		return err
	}
	if lv != units.Province && lv != units.District && lv != units.Commune {
		return apperr.New(apperr.Invalid, vi.ErrUnitListLevel, *level)
	}
	at, err := unitsDay(app, *atFlag)
	if err != nil {
		return err
	}
	_, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return err
	}
	var within int64
	if *in != "" {
		parent, err := unitsResolve(tree, *in, at)
		if err != nil {
			return err
		}
		if !parent.Level.Above(lv) {
			return apperr.New(apperr.Invalid, vi.ErrUnitInNotAbove, parent.Ref(), lv)
		}
		within = parent.ID
	}
	list := tree.Within(lv, within, at)
	switch c.format {
	case "csv":
		return writeCSV(app.Stdout, unitsCSVHeader, func(emit func([]string)) {
			for _, u := range list {
				emit(unitsCSVRow(tree, u))
			}
		})
	case "json":
		out := make([]unitsJSON, 0, len(list))
		for _, u := range list {
			out = append(out, unitsToJSON(tree, u))
		}
		return writeJSON(app.Stdout, out)
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join([]string{vi.LabelUnitCode, vi.LabelUnitName, vi.LabelUnitParent, vi.LabelUnitValidFrom, vi.LabelUnitValidTo}, "\t"))
	for _, u := range list {
		fmt.Fprintln(tw, strings.Join([]string{u.Code, u.FullName(), unitsParentName(tree, u),
			unitsTableDate(u.ValidFrom), unitsTableDate(u.ValidTo)}, "\t"))
	}
	return tw.Flush()
}

// unitsOne reads the flags of a command about one unit (LEVEL:CODE and
// --at), opens the database and resolves the unit on that day.
func unitsOne(ctx context.Context, app *App, name string, args []string, formats ...string) (common, *units.Tree, *units.Unit, time.Time, error) {
	var c common
	fs := app.flags(name, &c, formats...)
	atFlag := fs.String("at", "", vi.FlagUnitAt)
	pos, err := app.parseInterspersed(fs, args, &c, formats...)
	if err != nil {
		return c, nil, nil, time.Time{}, err
	}
	if len(pos) != 1 {
		return c, nil, nil, time.Time{}, apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgUnitRef)
	}
	at, err := unitsDay(app, *atFlag)
	if err != nil {
		return c, nil, nil, time.Time{}, err
	}
	_, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return c, nil, nil, time.Time{}, err
	}
	u, err := unitsResolve(tree, pos[0], at)
	return c, tree, u, at, err
}

func runUnitsShow(ctx context.Context, app *App, args []string) error {
	c, tree, u, at, err := unitsOne(ctx, app, "units show", args, "table", "json")
	if err != nil {
		return err
	}
	lin := tree.Lineage(u.ID)
	children := len(tree.Children(u.ID, at))
	if c.format == "json" {
		out := struct {
			unitsJSON
			Children     int               `json:"children"`
			Predecessors []unitsLinkedJSON `json:"predecessors"`
			Successors   []unitsLinkedJSON `json:"successors"`
		}{unitsToJSON(tree, u), children, unitsLinkedToJSON(tree, lin.Predecessors), unitsLinkedToJSON(tree, lin.Successors)}
		return writeJSON(app.Stdout, out)
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s:\t%s (%s)\n", vi.LabelUnitUnit, u.FullName(), u.Ref())
	fmt.Fprintf(tw, "%s:\t%s\n", vi.LabelUnitLevel, unitsLevelName(u.Level))
	if u.Type != "" {
		fmt.Fprintf(tw, "%s:\t%s\n", vi.LabelUnitType, u.Type)
	}
	if parent := tree.Get(u.ParentID); parent != nil {
		fmt.Fprintf(tw, "%s:\t%s\n", vi.LabelUnitParent, unitsPath(tree, u))
	}
	fmt.Fprintf(tw, "%s:\t%s\n", vi.LabelUnitValidity, unitsValidity(u))
	fmt.Fprintf(tw, "%s:\t%s\n", vi.LabelUnitChildren, vi.Int(int64(children)))
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, part := range []struct {
		label string
		links []units.Linked
	}{{vi.LabelUnitPredecessors, lin.Predecessors}, {vi.LabelUnitSuccessors, lin.Successors}} {
		if len(part.links) == 0 {
			fmt.Fprintf(app.Stdout, "%s: %s\n", part.label, vi.UnitNone)
			continue
		}
		fmt.Fprintf(app.Stdout, "%s:\n", part.label)
		tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
		for _, l := range part.links {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", l.Unit.Ref(), unitsWithProvince(tree, l.Unit), unitsKind(l.Link), vi.Date(l.Link.Effective))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func runUnitsLineage(ctx context.Context, app *App, args []string) error {
	c, tree, u, _, err := unitsOne(ctx, app, "units lineage", args, listFormats...)
	if err != nil {
		return err
	}
	lin := tree.Lineage(u.ID)
	type row struct {
		dir string
		l   units.Linked
	}
	var rows []row
	for _, l := range lin.Predecessors {
		rows = append(rows, row{"predecessor", l})
	}
	for _, l := range lin.Successors {
		rows = append(rows, row{"successor", l})
	}
	switch c.format {
	case "csv":
		return writeCSV(app.Stdout, []string{"direction", "level", "code", "name", "type", "province_code", "kind", "share", "effective"}, func(emit func([]string)) {
			for _, r := range rows {
				emit([]string{r.dir, string(r.l.Unit.Level), r.l.Unit.Code, r.l.Unit.Name, r.l.Unit.Type,
					unitsProvinceCode(tree, r.l.Unit), unitsKindCode(r.l.Link), unitsShare(r.l.Link), r.l.Link.Effective.Format(units.DateLayout)})
			}
		})
	case "json":
		return writeJSON(app.Stdout, struct {
			Unit         unitsJSON         `json:"unit"`
			Predecessors []unitsLinkedJSON `json:"predecessors"`
			Successors   []unitsLinkedJSON `json:"successors"`
		}{unitsToJSON(tree, u), unitsLinkedToJSON(tree, lin.Predecessors), unitsLinkedToJSON(tree, lin.Successors)})
	}
	fmt.Fprintf(app.Stdout, "%s: %s (%s), %s\n", vi.LabelUnitUnit, unitsWithProvince(tree, u), u.Ref(), unitsValidity(u))
	if len(rows) == 0 {
		fmt.Fprintf(app.Stdout, "%s: %s\n", vi.LabelUnitPredecessors, vi.UnitNone)
		fmt.Fprintf(app.Stdout, "%s: %s\n", vi.LabelUnitSuccessors, vi.UnitNone)
		return nil
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join([]string{vi.LabelUnitDirection, vi.LabelUnitUnit, vi.LabelUnitName, vi.LabelUnitPlace, vi.LabelUnitKind, vi.LabelUnitEffective}, "\t"))
	for _, r := range rows {
		dir := vi.UnitPredecessor
		if r.dir == "successor" {
			dir = vi.UnitSuccessor
		}
		fmt.Fprintln(tw, strings.Join([]string{dir, r.l.Unit.Ref(), r.l.Unit.FullName(), unitsProvinceName(tree, r.l.Unit), unitsKind(r.l.Link), vi.Date(r.l.Link.Effective)}, "\t"))
	}
	return tw.Flush()
}

func runUnitsFind(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("units find", &c, listFormats...)
	atFlag := fs.String("at", "", vi.FlagUnitAt)
	limit := fs.Int("limit", 20, vi.FlagUnitLimit)
	pos, err := app.parseInterspersed(fs, args, &c, listFormats...)
	if err != nil {
		return err
	}
	text := strings.Join(pos, " ")
	if strings.TrimSpace(text) == "" {
		return apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), vi.ArgUnitText)
	}
	var at time.Time
	if *atFlag != "" {
		if at, err = units.ParseDate(*atFlag); err != nil {
			return err
		}
	}
	db, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return err
	}
	found, err := units.Find(ctx, db, text, at, *limit)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return apperr.New(apperr.NotFound, vi.ErrUnitNotFoundName, text)
	}
	switch c.format {
	case "csv":
		return writeCSV(app.Stdout, unitsCSVHeader, func(emit func([]string)) {
			for _, m := range found {
				emit(unitsCSVRow(tree, m.Unit))
			}
		})
	case "json":
		out := make([]unitsJSON, 0, len(found))
		for _, m := range found {
			out = append(out, unitsToJSON(tree, m.Unit))
		}
		return writeJSON(app.Stdout, out)
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join([]string{vi.LabelUnitLevel, vi.LabelUnitCode, vi.LabelUnitName, vi.LabelUnitPlace, vi.LabelUnitValidity}, "\t"))
	for _, m := range found {
		fmt.Fprintln(tw, strings.Join([]string{unitsLevelName(m.Unit.Level), m.Unit.Code, m.Unit.FullName(), m.Place, unitsValidity(m.Unit)}, "\t"))
	}
	return tw.Flush()
}

// Rendering helpers.

func unitsLevelName(l units.Level) string {
	switch l {
	case units.Nation:
		return vi.UnitLevelNation
	case units.Province:
		return vi.UnitLevelProvince
	case units.District:
		return vi.UnitLevelDistrict
	case units.Commune:
		return vi.UnitLevelCommune
	}
	return string(l)
}

func unitsTableDate(t time.Time) string {
	if t.Equal(units.Beginning) || t.Equal(units.Forever) {
		return vi.UnitOpen
	}
	return vi.Date(t)
}

func unitsValidity(u *units.Unit) string {
	open0, open1 := u.ValidFrom.Equal(units.Beginning), u.ValidTo.Equal(units.Forever)
	switch {
	case open0 && open1:
		return vi.UnitAlways
	case open0:
		return fmt.Sprintf(vi.UnitUntil, vi.Date(u.ValidTo))
	case open1:
		return fmt.Sprintf(vi.UnitSince, vi.Date(u.ValidFrom))
	}
	return fmt.Sprintf(vi.UnitFromTo, vi.Date(u.ValidFrom), vi.Date(u.ValidTo))
}

func unitsKind(l units.Link) string {
	if l.Full {
		return vi.UnitFull
	}
	if l.Share != nil {
		return vi.UnitPartial + " (" + vi.Percent(*l.Share*100) + ")"
	}
	return vi.UnitPartial
}

func unitsKindCode(l units.Link) string {
	if l.Full {
		return "full"
	}
	return "partial"
}

func unitsShare(l units.Link) string {
	if l.Share == nil {
		return ""
	}
	return strconv.FormatFloat(*l.Share, 'f', -1, 64)
}

// unitsParentName is the full name of the unit's parent, empty under the nation.
func unitsParentName(tree *units.Tree, u *units.Unit) string {
	p := tree.Get(u.ParentID)
	if p == nil || p.Level == units.Nation {
		return ""
	}
	return p.FullName()
}

// unitsPath lists the unit's ancestors, nearest first ("Quận Ba Đình, Thành phố Hà Nội").
func unitsPath(tree *units.Tree, u *units.Unit) string {
	var names []string
	for _, a := range tree.Ancestors(u.ID) {
		names = append(names, a.FullName())
	}
	return strings.Join(names, ", ")
}

// unitsProvinceName is the full name of the province a unit lies in, empty
// for a province or the nation.
func unitsProvinceName(tree *units.Tree, u *units.Unit) string {
	if p := tree.Province(u.ID); p != nil && p.ID != u.ID {
		return p.FullName()
	}
	return ""
}

// unitsWithProvince names a unit with its province, if it lies in one.
func unitsWithProvince(tree *units.Tree, u *units.Unit) string {
	if p := unitsProvinceName(tree, u); p != "" {
		return u.FullName() + ", " + p
	}
	return u.FullName()
}

func unitsProvinceCode(tree *units.Tree, u *units.Unit) string {
	if p := tree.Province(u.ID); p != nil {
		return p.Code
	}
	return ""
}

var unitsCSVHeader = []string{"level", "code", "name", "type", "full_name", "parent_level", "parent_code", "valid_from", "valid_to"}

func unitsCSVRow(tree *units.Tree, u *units.Unit) []string {
	j := unitsToJSON(tree, u)
	var pl, pc, from, to string
	if j.Parent != nil {
		pl, pc = j.Parent.Level, j.Parent.Code
	}
	if j.ValidFrom != nil {
		from = *j.ValidFrom
	}
	if j.ValidTo != nil {
		to = *j.ValidTo
	}
	return []string{j.Level, j.Code, j.Name, j.Type, j.FullName, pl, pc, from, to}
}

// unitsJSON is a unit in the machine formats. An open validity bound (since
// before the records, or still in force) is null.
type unitsJSON struct {
	Level     string        `json:"level"`
	Code      string        `json:"code"`
	Name      string        `json:"name"`
	Type      string        `json:"type"`
	FullName  string        `json:"full_name"`
	Parent    *unitsRefJSON `json:"parent"`
	ValidFrom *string       `json:"valid_from"`
	ValidTo   *string       `json:"valid_to"`
}

type unitsRefJSON struct {
	Level string `json:"level"`
	Code  string `json:"code"`
	Name  string `json:"name"`
}

type unitsLinkedJSON struct {
	Level        string   `json:"level"`
	Code         string   `json:"code"`
	Name         string   `json:"name"`
	Type         string   `json:"type"`
	ProvinceCode string   `json:"province_code"`
	Kind         string   `json:"kind"`
	Share        *float64 `json:"share"`
	Effective    string   `json:"effective"`
}

func unitsToJSON(tree *units.Tree, u *units.Unit) unitsJSON {
	j := unitsJSON{Level: string(u.Level), Code: u.Code, Name: u.Name, Type: u.Type, FullName: u.FullName()}
	if p := tree.Get(u.ParentID); p != nil {
		j.Parent = &unitsRefJSON{Level: string(p.Level), Code: p.Code, Name: p.FullName()}
	}
	if !u.ValidFrom.Equal(units.Beginning) {
		s := u.ValidFrom.Format(units.DateLayout)
		j.ValidFrom = &s
	}
	if !u.ValidTo.Equal(units.Forever) {
		s := u.ValidTo.Format(units.DateLayout)
		j.ValidTo = &s
	}
	return j
}

func unitsLinkedToJSON(tree *units.Tree, ls []units.Linked) []unitsLinkedJSON {
	out := make([]unitsLinkedJSON, 0, len(ls))
	for _, l := range ls {
		out = append(out, unitsLinkedJSON{
			Level: string(l.Unit.Level), Code: l.Unit.Code, Name: l.Unit.Name, Type: l.Unit.Type,
			ProvinceCode: unitsProvinceCode(tree, l.Unit), Kind: unitsKindCode(l.Link), Share: l.Link.Share,
			Effective: l.Link.Effective.Format(units.DateLayout),
		})
	}
	return out
}
