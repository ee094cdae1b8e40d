package aggregate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
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
		return History{}, apperr.New(apperr.Invalid, vi.ErrRatioImport, ind.Code, ind.Numerator, ind.Denominator)
	}
	h := History{Unit: u, Period: p, Indicator: ind}
	h.Changes, err = queryChanges(ctx, q, `h.unit_id = ? AND h.period = ? AND h.indicator = ? ORDER BY h.id`, unitID, p.String(), ind.Code)
	if err != nil {
		return History{}, err
	}
	if len(h.Changes) == 0 {
		// A value written before every write was kept in the history (an
		// older release kept only replacements): its import says where it
		// came from.
		if c, ok, err := storedOrigin(ctx, q, unitID, p, ind.Code); err != nil {
			return History{}, err
		} else if ok {
			h.Changes = []Change{c}
		}
	}
	if !tree.HasChildren(unitID) {
		return h, nil
	}
	below, err := queryChanges(ctx, q, `h.period = ? AND h.indicator = ? AND h.unit_id <> ? ORDER BY h.id DESC`, p.String(), ind.Code, unitID)
	if err != nil {
		return History{}, err
	}
	for _, c := range below {
		if !within(tree, c.UnitID, unitID) {
			continue
		}
		h.BelowTotal++
		if len(h.Below) < HistoryBelowMax {
			h.Below = append(h.Below, c)
		}
	}
	return h, nil
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
func queryChanges(ctx context.Context, q store.Querier, where string, args ...any) ([]Change, error) {
	rows, err := q.Query(ctx, `SELECT h.id, h.unit_id, h.period, h.indicator, h.old_value, h.new_value, h.changed_at, h.actor,
		COALESCE(h.import_id, 0), COALESCE(i.kind, ''), COALESCE(i.source, '')
		FROM aggregate_history h LEFT JOIN imports i ON i.id = h.import_id WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("figure history: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var (
			c       Change
			per, at string
			old     sql.NullFloat64
			nw      sql.NullFloat64
		)
		if err := rows.Scan(&c.ID, &c.UnitID, &per, &c.Indicator, &old, &nw, &at, &c.Actor, &c.ImportID, &c.Kind, &c.Source); err != nil {
			return nil, fmt.Errorf("figure history: %w", err)
		}
		if c.Period, err = period.Parse(per); err != nil {
			return nil, fmt.Errorf("figure history: row %d: %w", c.ID, err)
		}
		if old.Valid {
			c.Old = &old.Float64
		}
		c.New = nw.Float64
		c.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// storedOrigin is the stored value of a figure as a change made by the
// import that wrote it.
func storedOrigin(ctx context.Context, q store.Querier, unitID int64, p period.Period, code string) (Change, bool, error) {
	c := Change{UnitID: unitID, Period: p, Indicator: code}
	var at string
	err := q.QueryRow(ctx, `SELECT v.value, COALESCE(v.import_id, 0), COALESCE(i.kind, ''), COALESCE(i.source, ''),
		COALESCE(i.actor, ''), COALESCE(i.imported_at, '')
		FROM aggregate_values v LEFT JOIN imports i ON i.id = v.import_id
		WHERE v.unit_id = ? AND v.period = ? AND v.indicator = ?`, unitID, p.String(), code).
		Scan(&c.New, &c.ImportID, &c.Kind, &c.Source, &c.Actor, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Change{}, false, nil
	}
	if err != nil {
		return Change{}, false, fmt.Errorf("figure history: %w", err)
	}
	c.At, _ = time.Parse(time.RFC3339, at)
	return c, true, nil
}
