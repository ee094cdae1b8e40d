package rollup

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/metrics"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// VersionCounter names the counter that moves with every change of stored
// figures, so that caches of computed reports know when to drop them.
const VersionCounter = "figures"

// Version reads the figures counter.
func Version(ctx context.Context, q store.Querier) (int64, error) {
	return store.Counter(ctx, q, VersionCounter)
}

// Touch names a unit and period whose stored values changed.
type Touch struct {
	UnitID int64
	Period period.Period
}

// Refresh recomputes, inside the writer's transaction, the materialized
// values that the touched values feed: those of every ancestor of each
// touched unit (and of the unit itself when it has children), for the
// touched period, the periods containing it, and the periods ending on the
// same day (stocks). Deeper units are recomputed first, so that a parent
// reads its children's fresh values.
func Refresh(ctx context.Context, tx *store.Tx, tree *units.Tree, touched []Touch) error {
	return RefreshWith(ctx, tx, NewEvaluator(tx, tree, indicator.Default), touched)
}

// RefreshWith is Refresh with an evaluator that reads through tx and already
// holds some of the data (a writer that loaded the stored values to compare
// them, and told the evaluator its changes with SetImportedAt).
//
// It takes the figures locks of the touched years (LockYears; a writer has
// taken them already, before it read what ev holds) and, last, bumps the
// figures counter, whose row stays locked until the transaction ends: the
// counter is the last lock a writer waits for, so that writers of different
// years run their refreshes side by side and wait for each other only to
// commit. Just before it, in the same statement (store.BumpCounters), the
// counters of the touched units' regions move (Region), in the order of
// their names.
func RefreshWith(ctx context.Context, tx *store.Tx, ev *Evaluator, touched []Touch) error {
	if len(touched) == 0 {
		return nil
	}
	ps := make([]period.Period, len(touched))
	for i, t := range touched {
		ps[i] = t.Period
	}
	if err := LockYears(ctx, tx, ps); err != nil {
		return fmt.Errorf("refresh roll-up: %w", err)
	}
	pl, err := PlanRefresh(ctx, ev, touched)
	if err != nil {
		return err
	}
	return pl.Write(ctx, tx)
}

// Planned is a refresh of the roll-ups computed and not yet written.
type Planned struct {
	touched  []Touch
	tree     *units.Tree
	start    time.Time
	only     string // a condition on indicator when only some are refreshed
	onlyArgs []any
	stale    []any        // unit id, period, unit id, period, … whose roll-ups go
	rows     []plannedRow // the roll-ups that replace them
}

// plannedRow is a roll-up to write, its unit, period and indicator boxed
// once for all the rows that share them (a national refresh plans
// hundreds of thousands).
type plannedRow struct {
	unit, period, indicator any
	value                   float64
}

// PlanRefresh computes what RefreshWith writes, reading only through ev,
// so that a writer may keep its transaction's connection busy meanwhile
// (copying its values) with an evaluator that reads beside it
// (store.Tx.Beside): the roll-ups of a level are computed from the fresh
// ones below, which the evaluator holds, not from what is written. The
// caller holds the figures locks of the touched years, taken before ev
// read anything, and writes the plan (Write) in the same transaction.
func PlanRefresh(ctx context.Context, ev *Evaluator, touched []Touch) (*Planned, error) {
	return plan(ctx, ev, touched, ev.cat.Base())
}

// Write writes the planned roll-ups in tx and moves the counters of the
// touched units' regions and, last, the figures counter (see RefreshWith).
func (pl *Planned) Write(ctx context.Context, tx *store.Tx) error {
	if len(pl.touched) == 0 {
		return nil
	}
	if err := pl.writeRows(ctx, tx); err != nil {
		return err
	}
	ids := make([]int64, len(pl.touched))
	for i, t := range pl.touched {
		ids[i] = t.UnitID
	}
	if err := store.BumpCounters(ctx, tx, append(regionCounters(pl.tree, ids), VersionCounter)); err != nil {
		return fmt.Errorf("refresh roll-up: %w", err)
	}
	return nil
}

// writeRows deletes the planned units' and periods' roll-ups in a few
// statements (not one a unit and period: thousands of round trips for a
// national file) and copies the new ones in (COPY on PostgreSQL).
func (pl *Planned) writeRows(ctx context.Context, tx *store.Tx) error {
	defer metrics.RollupRefreshed(pl.start)
	if err := deleteStale(ctx, tx, pl.stale, pl.only, pl.onlyArgs); err != nil {
		return fmt.Errorf("refresh roll-up: %w", err)
	}
	err := tx.CopyFromFunc(ctx, "rollup_values", []string{"unit_id", "period", "indicator", "value"}, len(pl.rows),
		func(i int, dst []any) ([]any, error) {
			r := &pl.rows[i]
			return append(dst, r.unit, r.period, r.indicator, r.value), nil
		})
	if err != nil {
		return fmt.Errorf("refresh roll-up: %w", err)
	}
	return nil
}

// refresh writes the roll-ups of RefreshWith under the locks, for the
// indicators inds (stocks and flows) only, without moving the counters.
func refresh(ctx context.Context, tx *store.Tx, ev *Evaluator, touched []Touch, inds []indicator.Indicator) error {
	pl, err := plan(ctx, ev, touched, inds)
	if err != nil {
		return err
	}
	return pl.writeRows(ctx, tx)
}

// plan computes the roll-ups of a refresh for the indicators inds, level
// by level from the deepest, reading through ev.
func plan(ctx context.Context, ev *Evaluator, touched []Touch, inds []indicator.Indicator) (*Planned, error) {
	pl := &Planned{touched: touched, tree: ev.tree, start: time.Now()}
	tree := ev.tree
	// Affected periods per touched unit, shared by all its ancestors.
	targets := map[int64]map[period.Period]bool{}
	periodsOf := map[period.Period][]period.Period{}
	// A touched unit without children starts its chain at its parent:
	// the communes of a district share one chain.
	type head struct {
		unit int64
		per  period.Period
	}
	heads := map[head]bool{}
	for _, t := range touched {
		h := head{t.UnitID, t.Period}
		if !tree.HasChildren(t.UnitID) {
			if u := tree.Get(t.UnitID); u != nil {
				h.unit = u.ParentID
			}
		}
		if heads[h] {
			continue
		}
		heads[h] = true
		ps, ok := periodsOf[t.Period]
		if !ok {
			set := map[period.Period]bool{t.Period: true}
			for _, a := range t.Period.Ancestors() {
				set[a] = true
			}
			for _, s := range t.Period.SameEnd() {
				set[s] = true
			}
			for p := range set {
				ps = append(ps, p)
			}
			periodsOf[t.Period] = ps
		}
		var chain []*units.Unit
		if tree.HasChildren(t.UnitID) {
			chain = append(chain, tree.Get(t.UnitID))
		}
		chain = append(chain, tree.Ancestors(t.UnitID)...)
		for _, a := range chain {
			m := targets[a.ID]
			if m == nil {
				m = map[period.Period]bool{}
				targets[a.ID] = m
			}
			for _, p := range ps {
				m[p] = true
			}
		}
	}
	// Deepest first.
	ids := make([]int64, 0, len(targets))
	depth := map[int64]int{}
	for id := range targets {
		ids = append(ids, id)
		depth[id] = len(tree.Ancestors(id))
	}
	sort.Slice(ids, func(i, j int) bool {
		if depth[ids[i]] != depth[ids[j]] {
			return depth[ids[i]] > depth[ids[j]]
		}
		return ids[i] < ids[j]
	})

	indArgs := make([]any, len(inds))
	for i, ind := range inds {
		indArgs[i] = ind.Code
	}
	// The rows of other indicators stay when only some are refreshed.
	if len(inds) < len(ev.cat.Base()) {
		pl.only, pl.onlyArgs = " AND indicator IN ("+store.Placeholders(len(inds))+")", indArgs
	}
	perArgs := map[period.Period]any{}
	for start := 0; start < len(ids); {
		// One depth at a time: prefetch the level's units and their children.
		end := start
		for end < len(ids) && depth[ids[end]] == depth[ids[start]] {
			end++
		}
		level := ids[start:end]
		years := map[int]bool{}
		var fetch []int64
		for _, id := range level {
			fetch = append(fetch, id)
			for p := range targets[id] {
				years[p.Year] = true
			}
			for _, c := range tree.AllChildren(id) {
				fetch = append(fetch, c.ID)
			}
		}
		var ys []int
		for y := range years {
			ys = append(ys, y)
		}
		sort.Ints(ys)
		if err := ev.Prefetch(ctx, fetch, ys); err != nil {
			return nil, err
		}
		for _, id := range level {
			u := tree.Get(id)
			ev.exclude = id
			ps := make([]period.Period, 0, len(targets[id]))
			for p := range targets[id] {
				ps = append(ps, p)
				if perArgs[p] == nil {
					perArgs[p] = p.String()
				}
			}
			sort.Slice(ps, func(i, j int) bool { return perArgs[ps[i]].(string) < perArgs[ps[j]].(string) })
			d := ev.unit(id)
			unitArg := any(id)
			for _, p := range ps {
				perArg := perArgs[p]
				pl.stale = append(pl.stale, unitArg, perArg)
				for i, ind := range inds {
					k := mkKey(p, ind.Index)
					delete(d.roll, k)
					if !materialized(u, ev.info(p), ind) {
						continue
					}
					if ev.recSlot[ind.Index] >= 0 {
						// Kept: the imports' adjustment of the records.
						a, below, err := ev.adjustmentOf(ctx, d, u, p, ind)
						if err != nil {
							return nil, err
						}
						if below {
							d.roll[k] = a
							pl.rows = append(pl.rows, plannedRow{unitArg, perArg, indArgs[i], a})
						}
						continue
					}
					r, err := ev.ev(ctx, id, p, ind)
					if err != nil {
						return nil, err
					}
					if r.Has {
						d.roll[k] = r.Value
						pl.rows = append(pl.rows, plannedRow{unitArg, perArg, indArgs[i], r.Value})
					}
				}
			}
		}
		ev.exclude = 0
		start = end
	}
	return pl, nil
}

// deleteStale deletes the roll-ups of the units and periods in pairs (a
// unit id, a period's text, a unit id, …) whose indicator matches only
// (an SQL condition on indicator with its arguments, onlyArgs; empty for
// every indicator), a few hundred pairs a statement.
func deleteStale(ctx context.Context, tx *store.Tx, pairs []any, only string, onlyArgs []any) error {
	const per = 500
	for start := 0; start < len(pairs); start += 2 * per {
		chunk := pairs[start:min(start+2*per, len(pairs))]
		q := "DELETE FROM rollup_values WHERE (unit_id, period) IN (VALUES " +
			strings.TrimSuffix(strings.Repeat("(CAST(? AS BIGINT), ?),", len(chunk)/2), ",") + ")" + only
		if _, err := tx.Exec(ctx, q, append(slices.Clip(chunk), onlyArgs...)...); err != nil {
			return err
		}
	}
	return nil
}
