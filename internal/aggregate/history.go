package aggregate

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Change is one write of a stored figure, as aggregate_history keeps it:
// the value before (nil for the figure's first value) and after, when, by
// whom, and through which import run: a file or the API (Kind), or an
// approved data-entry form (kind "entry", Source naming the form).
type Change struct {
	ID        int64
	UnitID    int64
	Period    period.Period
	Indicator string
	Old       *float64
	New       float64
	At        time.Time
	Actor     string
	ImportID  int64
	Kind      string
	Source    string
	// Basis says which figure changed: the unit's total or the
	// association's own figure at that level.
	Basis rollup.Basis
}

// HistoryBelowMax is how many of the latest changes below a unit
// HistoryOf returns at most.
const HistoryBelowMax = 100

// History is what HistoryOf finds for one figure.
type History struct {
	Unit      *units.Unit
	Period    period.Period
	Indicator indicator.Indicator
	// Changes are the writes of the figure stored at the unit itself,
	// oldest first.
	Changes []Change
	// Below are the latest writes of the same indicator and period at the
	// units below (whose sum the unit's figure is when it has no value of
	// its own), newest first, at most HistoryBelowMax; BelowTotal counts
	// them all.
	Below      []Change
	BelowTotal int
}

// HistoryOf reads the history of indicator code for unit unitID and period
// p, for by, who must be allowed to read the unit (apperr.Forbidden
// otherwise; the local administrator reads every unit). code must be a stored indicator: a ratio has no history of
// its own (apperr.Invalid, naming its parts).
func HistoryOf(ctx context.Context, q store.Querier, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, code string) (History, error) {
	u := tree.Get(unitID)
	if u == nil {
		return History{}, apperr.New(apperr.NotFound, vi.ErrUnknownUnit, "id", fmt.Sprint(unitID), vi.Date(p.End()))
	}
	if !by.CanRead(unitID) {
		return History{}, apperr.New(apperr.Forbidden, vi.ErrHistoryForbidden, u.FullName())
	}
	ind, err := indicator.Default.Lookup(code)
	if err != nil {
		return History{}, err
	}
	if ind.Kind == indicator.Ratio {
		return History{}, errRatio(indicator.Default, ind)
	}
	h := History{Unit: u, Period: p, Indicator: ind}
	rows, err := queryChanges(ctx, q, `h.unit_id = ? AND h.period = ? AND h.indicator = ? ORDER BY h.id`, unitID, p.String(), ind.Code)
	if err != nil {
		return History{}, err
	}
	// The unit's total and its own figure are two figures, each with its
	// writes; a figure never replaced has no history row, and the import
	// kept with its value wrote it.
	var byBasis [2][]historyRow
	for _, r := range rows {
		byBasis[r.Basis] = append(byBasis[r.Basis], r)
	}
	stored, err := storedOrigins(ctx, q, p, ind.Code, "= ?", unitID)
	if err != nil {
		return History{}, err
	}
	figures := 0
	for b, rs := range byBasis {
		cs := withFirstWrite(rs)
		if len(rs) == 0 {
			for _, c := range stored {
				if c.Basis == rollup.Basis(b) {
					cs = append(cs, c)
				}
			}
		}
		if len(cs) > 0 {
			figures++
		}
		h.Changes = append(h.Changes, cs...)
	}
	if figures > 1 {
		// Oldest first across both figures: imports are numbered in the
		// order they wrote.
		sort.SliceStable(h.Changes, func(i, j int) bool { return h.Changes[i].ImportID < h.Changes[j].ImportID })
	}
	if !tree.HasChildren(unitID) {
		return h, nil
	}
	below, err := belowChanges(ctx, q, tree, unitID, p, ind.Code)
	if err != nil {
		return History{}, err
	}
	h.BelowTotal = len(below)
	h.Below = below[:min(len(below), HistoryBelowMax)]
	return h, nil
}

// historyRow is a row of aggregate_history with the import that wrote its
// old value (none for a row that is a first write itself, kept so by
// builds before old_import_id, or for a row of an older release).
type historyRow struct {
	Change
	oldImport *Change // the first write it replaced: New, import, actor, time
}

// withFirstWrite turns the history rows of one figure, oldest first, into
// its writes: aggregate_history keeps replacements only, so the figure's
// first write is the old side of its first row, written by that row's
// old_import_id. A first row with no old value is a first write itself;
// one whose old value names no import (an older release's) is shown as it
// is, its first write unknown.
func withFirstWrite(rows []historyRow) []Change {
	if len(rows) == 0 {
		return nil
	}
	out := make([]Change, 0, len(rows)+1)
	if first := rows[0].oldImport; first != nil {
		out = append(out, *first)
	}
	for _, r := range rows {
		out = append(out, r.Change)
	}
	return out
}

// belowChanges is every write of indicator code for p at the units below
// unit top, newest first: the replacements kept in aggregate_history, and
// each figure's first write (the old side of its first history row, or
// the stored value's import when it was never replaced). Imports are
// numbered in the order they wrote a figure's year (they take the figures
// locks before their number), so newest first is by import, then by
// history row.
func belowChanges(ctx context.Context, q store.Querier, tree *units.Tree, top int64, p period.Period, code string) ([]Change, error) {
	rows, err := queryChanges(ctx, q, `h.period = ? AND h.indicator = ? AND h.unit_id <> ? ORDER BY h.id`, p.String(), code, top)
	if err != nil {
		return nil, err
	}
	type figure struct {
		unit  int64
		basis rollup.Basis
	}
	byUnit := map[figure][]historyRow{}
	for _, r := range rows {
		if within(tree, r.UnitID, top) {
			f := figure{r.UnitID, r.Basis}
			byUnit[f] = append(byUnit[f], r)
		}
	}
	var out []Change
	for _, rs := range byUnit {
		out = append(out, withFirstWrite(rs)...)
	}
	stored, err := storedOrigins(ctx, q, p, code, "<> ?", top)
	if err != nil {
		return nil, err
	}
	for _, c := range stored {
		if _, replaced := byUnit[figure{c.UnitID, c.Basis}]; !replaced && within(tree, c.UnitID, top) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ImportID != out[j].ImportID {
			return out[i].ImportID > out[j].ImportID
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

// within reports whether unit id lies below unit top.
func within(tree *units.Tree, id, top int64) bool {
	for u := tree.Get(id); u != nil && u.ParentID != 0; u = tree.Get(u.ParentID) {
		if u.ParentID == top {
			return true
		}
	}
	return false
}

// queryChanges reads history rows with their import, filtered and ordered
// by where (on aggregate_history h).
func queryChanges(ctx context.Context, q store.Querier, where string, args ...any) ([]historyRow, error) {
	rows, err := q.Query(ctx, `SELECT h.id, h.unit_id, h.period, h.indicator, h.basis, h.old_value, h.new_value, h.changed_at, h.actor,
		COALESCE(h.import_id, 0), COALESCE(i.kind, ''), COALESCE(i.source, ''),
		COALESCE(h.old_import_id, 0), COALESCE(o.kind, ''), COALESCE(o.source, ''), COALESCE(o.actor, ''), COALESCE(o.imported_at, '')
		FROM aggregate_history h LEFT JOIN imports i ON i.id = h.import_id LEFT JOIN imports o ON o.id = h.old_import_id
		WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("figure history: %w", err)
	}
	defer rows.Close()
	var out []historyRow
	for rows.Next() {
		var (
			c           Change
			o           Change
			per, at     string
			basis       string
			oat         string
			old         sql.NullFloat64
			nw          sql.NullFloat64
			oldImport   int64
			oKind, oSrc string
		)
		if err := rows.Scan(&c.ID, &c.UnitID, &per, &c.Indicator, &basis, &old, &nw, &at, &c.Actor, &c.ImportID, &c.Kind, &c.Source,
			&oldImport, &oKind, &oSrc, &o.Actor, &oat); err != nil {
			return nil, fmt.Errorf("figure history: %w", err)
		}
		if c.Period, err = period.Parse(per); err != nil {
			return nil, fmt.Errorf("figure history: row %d: %w", c.ID, err)
		}
		c.New = nw.Float64
		c.Basis, _ = rollup.ParseBasis(basis)
		c.At, _ = time.Parse(time.RFC3339, at)
		r := historyRow{Change: c}
		if old.Valid {
			r.Old = &old.Float64
			if oldImport != 0 {
				o.UnitID, o.Period, o.Indicator, o.Basis = c.UnitID, c.Period, c.Indicator, c.Basis
				o.New, o.ImportID, o.Kind, o.Source = old.Float64, oldImport, oKind, oSrc
				o.At, _ = time.Parse(time.RFC3339, oat)
				r.oldImport = &o
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// storedOrigins is, for every stored value of indicator code for p at the
// units that unit (an SQL condition on v.unit_id, such as "= ?" or
// "<> ?") selects, the value as a change made by the import that wrote it.
func storedOrigins(ctx context.Context, q store.Querier, p period.Period, code, unit string, id int64) ([]Change, error) {
	rows, err := q.Query(ctx, `SELECT v.unit_id, v.basis, v.value, COALESCE(v.import_id, 0), COALESCE(i.kind, ''), COALESCE(i.source, ''),
		COALESCE(i.actor, ''), COALESCE(i.imported_at, '')
		FROM aggregate_values v LEFT JOIN imports i ON i.id = v.import_id
		WHERE v.period = ? AND v.indicator = ? AND v.unit_id `+unit, p.String(), code, id)
	if err != nil {
		return nil, fmt.Errorf("figure history: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		c := Change{Period: p, Indicator: code}
		var at, basis string
		if err := rows.Scan(&c.UnitID, &basis, &c.New, &c.ImportID, &c.Kind, &c.Source, &c.Actor, &at); err != nil {
			return nil, fmt.Errorf("figure history: %w", err)
		}
		c.Basis, _ = rollup.ParseBasis(basis)
		c.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, c)
	}
	return out, rows.Err()
}
