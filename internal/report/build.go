package report

import (
	"context"
	"math"
	"sort"

	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// ProgrammeSource reads the awards paid under each programme in period p
// by units ids and their subtrees, for the report's table of programmes.
type ProgrammeSource func(ctx context.Context, q store.Querier, tree *units.Tree, ids []int64, p period.Period) ([]ProgrammeRow, error)

var programmeSource ProgrammeSource

// SetProgrammeSource names the reader of the programmes' awards. Package
// fund, which owns the ledger, sets it when it is linked in: report cannot
// import fund (fund → entry → checks → report); without it a report has
// no table of programmes.
func SetProgrammeSource(f ProgrammeSource) { programmeSource = f }

// OwnFundSource reads the fund's figures (fund.raised, fund.spent,
// fund.balance) of one unit's own ledger for a period, not its subtree's;
// ok is false where the unit keeps no ledger up to the period's end.
type OwnFundSource func(ctx context.Context, q store.Querier, id int64, p period.Period) (map[string]int64, bool, error)

var ownFundSource OwnFundSource

// SetOwnFundSource names the reader of a unit's own ledger, set by package
// fund as SetProgrammeSource is. A report of a unit with units below it
// gives the association's own fund apart from the total of all levels
// from it, where nothing own was imported for the period.
func SetOwnFundSource(f OwnFundSource) { ownFundSource = f }

// member is a node of the report before its values are computed: one unit,
// or for a cluster the provinces it groups.
type member struct {
	scope Scope
	ids   []int64
}

// Build computes the report of the unit, cluster or nation ref for period p,
// compared with the same period of the previous year. The units are those
// in force at the end of p; their comparison figures follow the lineage when
// the comparison period lies before a reorganisation.
func Build(ctx context.Context, db *store.DB, ref units.Ref, p period.Period) (*Report, error) {
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return nil, err
	}
	return BuildWith(ctx, db, tree, ref, p)
}

// BuildWith is Build over a units tree the caller already holds.
func BuildWith(ctx context.Context, q store.Querier, tree *units.Tree, ref units.Ref, p period.Period) (*Report, error) {
	scope, children, err := resolveScope(ctx, q, tree, ref, p)
	if err != nil {
		return nil, err
	}
	cmp := p.Compare()
	ev := rollup.NewEvaluator(q, tree, indicator.Default)
	var all []int64
	all = append(all, scope.ids...)
	for _, c := range children {
		all = append(all, c.ids...)
	}
	if err := ev.Prefetch(ctx, all, []int{cmp.Year, p.Year}); err != nil {
		return nil, err
	}
	// Units formed after the comparison period take its figures from
	// their predecessors: read those in one batch too, not one by one.
	var olds []int64
	seen := map[int64]bool{}
	for _, id := range all {
		if u := tree.Get(id); u == nil || !u.ValidFrom.After(cmp.End()) {
			continue
		}
		for _, l := range tree.Predecessors(id) {
			if !seen[l.OldID] {
				seen[l.OldID] = true
				olds = append(olds, l.OldID)
			}
		}
	}
	if err := ev.Prefetch(ctx, olds, []int{cmp.Year}); err != nil {
		return nil, err
	}
	r := &Report{Scope: scope.scope, Period: p, ComparePeriod: cmp}
	if r.Indicators, err = values(ctx, q, tree, ev, scope.ids, p, cmp); err != nil {
		return nil, err
	}
	if p.Kind == period.Half {
		// Last year's recognitions, against the year before.
		year := period.Period{Kind: period.Year, Year: p.Year - 1}
		if err := ev.Prefetch(ctx, append(append([]int64{}, scope.ids...), olds...), []int{year.Year - 1}); err != nil {
			return nil, err
		}
		if r.PreviousYear, err = values(ctx, q, tree, ev, scope.ids, year, year.Compare()); err != nil {
			return nil, err
		}
	}
	if r.Targets, err = progress(ctx, q, tree, scope, r); err != nil {
		return nil, err
	}
	if programmeSource != nil {
		if r.Programmes, err = programmeSource(ctx, q, tree, scope.ids, p); err != nil {
			return nil, err
		}
	}
	for _, c := range children {
		vals, err := values(ctx, q, tree, ev, c.ids, p, cmp)
		if err != nil {
			return nil, err
		}
		r.Children = append(r.Children, Node{Scope: c.scope, Indicators: vals})
	}
	for _, v := range r.Indicators {
		r.Approximate = r.Approximate || v.Approximate
	}
	for _, c := range r.Children {
		for _, v := range c.Indicators {
			r.Approximate = r.Approximate || v.Approximate
		}
	}
	return r, nil
}

// resolveScope finds the scope's units and its children: a cluster's
// provinces, or the units one level down valid at the end of the period.
func resolveScope(ctx context.Context, q store.Querier, tree *units.Tree, ref units.Ref, p period.Period) (member, []member, error) {
	unitMember := func(u *units.Unit) member {
		s := Scope{Level: string(u.Level), Code: u.Code, Name: u.Name, FullName: u.FullName()}
		if par := tree.Get(u.ParentID); par != nil && par.Level != units.Nation {
			s.Parent = par.FullName()
		}
		return member{scope: s, ids: []int64{u.ID}}
	}
	if ref.Level == units.Cluster {
		// The membership valid on the period's last day: 2025H1 the old
		// provinces, 2025H2 and 2025 the new ones (docs/clusters.md).
		c, err := cluster.GetAt(ctx, q, ref.Code, p.End())
		if err != nil {
			return member{}, nil, err
		}
		scope := member{scope: Scope{Level: string(units.Cluster), Code: ref.Code, Name: c.Name, FullName: c.Name}}
		var children []member
		for _, id := range c.ProvinceIDs() {
			if u := tree.Get(id); u != nil {
				children = append(children, unitMember(u))
				scope.ids = append(scope.ids, id)
			}
		}
		sort.Slice(children, func(i, j int) bool { return children[i].scope.Code < children[j].scope.Code })
		return scope, children, nil
	}
	u, err := tree.Resolve(ref.Level, ref.Code, p.End())
	if err != nil {
		return member{}, nil, err
	}
	var children []member
	for _, c := range tree.Children(u.ID, p.End()) {
		children = append(children, unitMember(c))
	}
	return unitMember(u), children, nil
}

// values computes every indicator of the catalogue for the sum of units ids.
// A single unit's stocks and flows also get its own figure for p (Own)
// where the association at that level recorded one; a group of units (a
// cluster) has no association of its own, and a ratio no own part. The
// fund's own figures of a unit with units below it come from its own
// ledger where nothing own was imported for p (ownFundSource).
func values(ctx context.Context, q store.Querier, tree *units.Tree, ev *rollup.Evaluator, ids []int64, p, cmp period.Period) (map[string]Value, error) {
	cur := map[string]rollup.Result{}
	prev := map[string]rollup.Result{}
	own := map[string]rollup.Result{}
	if len(ids) == 1 && ownFundSource != nil && tree.HasChildren(ids[0]) {
		figs, ok, err := ownFundSource(ctx, q, ids[0], p)
		if err != nil {
			return nil, err
		}
		if ok {
			for code, v := range figs {
				own[code] = rollup.Result{Value: float64(v), Has: true}
			}
		}
	}
	for _, ind := range indicator.Default.Base() {
		if len(ids) == 1 {
			r, err := ev.Own(ctx, ids[0], p, ind)
			if err != nil {
				return nil, err
			}
			if r.Has {
				own[ind.Code] = r // what was imported as own wins over the ledger
			}
		}
		for _, id := range ids {
			for _, side := range []struct {
				p   period.Period
				out map[string]rollup.Result
			}{{p, cur}, {cmp, prev}} {
				r, err := ev.Value(ctx, id, side.p, ind)
				if err != nil {
					return nil, err
				}
				acc := side.out[ind.Code]
				if r.Has {
					acc.Value += r.Value
					acc.Has = true
					acc.Approximate = acc.Approximate || r.Approximate
				}
				side.out[ind.Code] = acc
			}
		}
	}
	out := map[string]Value{}
	for _, ind := range indicator.Default.List {
		var c, pr rollup.Result
		decimals := 0
		if ind.Kind == indicator.Ratio {
			c = ratio(cur[ind.Numerator], cur[ind.Denominator], ind.Scale)
			pr = ratio(prev[ind.Numerator], prev[ind.Denominator], ind.Scale)
			decimals = ind.Decimals
		} else {
			c, pr = cur[ind.Code], prev[ind.Code]
		}
		v := compare(c, pr, decimals)
		if o, ok := own[ind.Code]; ok && v.Value != nil {
			x := round(o.Value, decimals)
			v.Own = &x
		}
		out[ind.Code] = v
	}
	return out, nil
}

// progress measures the scope's rates of the learning titles against the
// targets that hold for it: a unit's own (its province's), the national
// ones for the nation and a cluster. A rate of recognitions (a flow, as
// models.family.rate) is a year's: a half-year states the previous year's.
func progress(ctx context.Context, q store.Querier, tree *units.Tree, scope member, r *Report) ([]Progress, error) {
	var at int64
	if r.Scope.Level != string(units.Cluster) && len(scope.ids) == 1 {
		at = scope.ids[0]
	}
	ts, err := models.Targets(ctx, q, tree, at)
	if err != nil {
		return nil, err
	}
	var out []Progress
	for _, code := range models.TargetIndicators {
		ind := lookup(code)
		y, vals := r.Period.Year, r.Indicators
		if num := lookup(ind.Numerator); num.Kind == indicator.Flow && r.Period.Kind == period.Half {
			y, vals = y-1, r.PreviousYear
		}
		t, ok := models.TargetFor(ts, code, y)
		if !ok {
			continue
		}
		pr := Progress{Code: code, Year: y, TargetYear: t.Year, Target: t.Percent, Value: vals[code].Value, Province: t.Province != 0}
		if pr.Value != nil {
			x := round(*pr.Value/t.Percent*100, 2)
			pr.Reached = &x
		}
		out = append(out, pr)
	}
	return out, nil
}

// ratio divides rolled-up figures; no denominator means no ratio.
func ratio(num, den rollup.Result, scale float64) rollup.Result {
	if !num.Has || !den.Has || den.Value == 0 {
		return rollup.Result{}
	}
	return rollup.Result{Value: num.Value / den.Value * scale, Has: true, Approximate: num.Approximate || den.Approximate}
}

// compare builds a report value: both figures rounded to the indicator's
// decimals, their difference, and the percentage change (two decimals).
func compare(cur, prev rollup.Result, decimals int) Value {
	var v Value
	if cur.Has {
		x := round(cur.Value, decimals)
		v.Value = &x
	}
	if prev.Has {
		x := round(prev.Value, decimals)
		v.Previous = &x
		v.Approximate = prev.Approximate
	}
	if v.Value != nil && v.Previous != nil {
		ch := round(*v.Value-*v.Previous, decimals)
		v.Change = &ch
		if *v.Previous != 0 {
			pct := round(ch / *v.Previous * 100, 2)
			v.ChangePct = &pct
		}
	}
	return v
}

func round(x float64, decimals int) float64 {
	m := math.Pow(10, float64(decimals))
	r := math.Round(x*m) / m
	if r == 0 {
		return 0 // no negative zero
	}
	return r
}
