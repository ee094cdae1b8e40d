// Package rollup computes the value of any indicator for any unit and
// period: a total imported at the unit wins; otherwise the association's
// own figure at the unit (basis Own), its records and its children's values
// add up; flows are summed over sub-periods, stocks are
// taken at the period's end, and a period before the unit existed is
// computed from the units it was formed from (the lineage). Ratios are
// computed from rolled-up numerators and denominators by the report.
//
// Values of units with children are kept materialized in rollup_values,
// refreshed in the same transaction as every write (Refresh), so that a
// report of the nation reads a few hundred rows. The stocks counted from
// the registry's records (Recorded) are read from sums of the records kept
// by ApplyRecords, and rollup_values keeps for them only what imports below
// a unit change of its records (records.go).
package rollup

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// Result is one computed value. Has is false when nothing in the subtree
// reported data. Approximate is set when a share of a split unit had to be
// guessed (no population share known).
type Result struct {
	Value       float64
	Has         bool
	Approximate bool
}

// add accumulates r into s.
func (s *Result) add(r Result, weight float64) {
	if !r.Has {
		return
	}
	s.Value += r.Value * weight
	s.Has = true
	s.Approximate = s.Approximate || r.Approximate
}

// key packs a period and an indicator's catalogue index into one word: the
// evaluator hashes millions of them in a large refresh.
type key uint64

func mkKey(p period.Period, ind int) key {
	return key(uint64(p.Year)<<24 | uint64(p.Kind)<<20 | uint64(p.N)<<12 | uint64(ind))
}

// unitData is what the evaluator knows of one unit: values imported at it
// (totals in imp, own figures in own) and its materialized roll-up, each
// loaded per calendar year.
type unitData struct {
	id       int64
	u        *units.Unit // nil for an id the tree does not know
	children bool        // whether any unit ever had it as parent
	// memo holds the values computed for a unit with children (nil until
	// the first), which its parent and lineage ask for again.
	memo       map[key]Result
	imp        map[key]float64
	own        map[key]float64
	ownSub     map[key]bool // flows with an own figure strictly inside the period
	roll       map[key]float64
	impYears   map[int]bool
	rollYears  map[int]bool
	subImports map[key]bool // flows with an import strictly inside the period
	// recYears holds the records of the unit's subtree by calendar year
	// (nil: none up to the end of that year), for the indicators counted
	// from records.
	recYears map[int]*recYear
	// ready lists the years whose values, roll-ups and records are all
	// loaded (ensure), so that the check is a short scan, not three map
	// lookups for every value a refresh reads.
	ready []int
}

// Evaluator computes values over a units tree, loading data from the
// database as it goes (in batches where the caller prefetches).
type Evaluator struct {
	q    store.Querier
	tree *units.Tree
	cat  *indicator.Catalogue
	data map[int64]*unitData
	// memoized lists the units whose memo is set, to drop them all when
	// a value changes.
	memoized []*unitData
	periods  map[key]*periodInfo // by the period's key (mkKey with index 0)
	// lastP and lastInfo are the period info asked for last: a refresh
	// asks for the same period many times in a row.
	lastP    period.Period
	lastInfo *periodInfo
	exclude  int64 // a unit whose roll-up is being recomputed and must not be read
	// recSlot maps a catalogue index to its place among the indicators
	// counted from records, -1 for the others.
	recSlot []int
	// noRecords is set once the evaluator has seen that no unit keeps
	// records, so that it reads none; recChecked once it has looked.
	noRecords, recChecked bool
}

// periodInfo caches what the evaluator asks of a period millions of times
// in a large refresh.
type periodInfo struct {
	start, end time.Time
	sameEnd    []period.Period
	sub        []period.Period
	ancestors  []period.Period
}

func (e *Evaluator) info(p period.Period) *periodInfo {
	if e.lastInfo != nil && p == e.lastP {
		return e.lastInfo
	}
	k := mkKey(p, 0)
	pi, ok := e.periods[k]
	if !ok {
		pi = &periodInfo{start: p.Start(), end: p.End(), sameEnd: p.SameEnd(), sub: p.Sub(), ancestors: p.Ancestors()}
		e.periods[k] = pi
	}
	e.lastP, e.lastInfo = p, pi
	return pi
}

// NewEvaluator starts an evaluator reading from q.
func NewEvaluator(q store.Querier, tree *units.Tree, cat *indicator.Catalogue) *Evaluator {
	e := &Evaluator{q: q, tree: tree, cat: cat, data: map[int64]*unitData{},
		periods: map[key]*periodInfo{}, recSlot: make([]int, len(cat.List))}
	for i, ind := range cat.List {
		e.recSlot[i] = -1
		if s := recordedSlot(ind.Code); s >= 0 && ind.Kind != indicator.Ratio {
			e.recSlot[i] = s
		}
	}
	return e
}

func (e *Evaluator) unit(id int64) *unitData {
	d := e.data[id]
	if d == nil {
		d = &unitData{id: id, u: e.tree.Get(id), children: e.tree.HasChildren(id), imp: map[key]float64{}, own: map[key]float64{}, ownSub: map[key]bool{},
			roll: map[key]float64{}, impYears: map[int]bool{},
			rollYears: map[int]bool{}, subImports: map[key]bool{}, recYears: map[int]*recYear{}}
		e.data[id] = d
	}
	return d
}

// Prefetch loads the imported values, roll-ups and records of many units
// for the given years in a few queries, so that evaluation does not query
// per unit.
func (e *Evaluator) Prefetch(ctx context.Context, ids []int64, years []int) error {
	if err := e.checkRecords(ctx); err != nil {
		return err
	}
	for _, y := range years {
		var needImp, needRoll, needRec []int64
		for _, id := range ids {
			d := e.unit(id)
			if !d.impYears[y] {
				needImp = append(needImp, id)
				d.impYears[y] = true
			}
			if !d.rollYears[y] && e.tree.HasChildren(id) {
				needRoll = append(needRoll, id)
				d.rollYears[y] = true
			}
			if _, ok := d.recYears[y]; !ok {
				if e.noRecords {
					d.recYears[y] = nil
				} else {
					needRec = append(needRec, id)
				}
			}
		}
		if err := e.load(ctx, "aggregate_values", needImp, y, false); err != nil {
			return err
		}
		if err := e.load(ctx, "rollup_values", needRoll, y, true); err != nil {
			return err
		}
		if err := e.loadRecords(ctx, needRec, y); err != nil {
			return err
		}
	}
	return nil
}

// checkRecords looks once whether any unit keeps records: until the
// registry is used, none does, and the evaluator then reads none.
func (e *Evaluator) checkRecords(ctx context.Context) error {
	if e.recChecked {
		return nil
	}
	var n int
	if err := e.q.QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM record_years LIMIT 1) r").Scan(&n); err != nil {
		return fmt.Errorf("load records: %w", err)
	}
	e.recChecked, e.noRecords = true, n == 0
	return nil
}

// load reads table for the units ids and the calendar year y. Periods of a
// year sort between "2024" and "2025" as text, whatever their kind.
func (e *Evaluator) load(ctx context.Context, table string, ids []int64, y int, roll bool) error {
	const chunk = 500
	lo, hi := strconv.Itoa(y), strconv.Itoa(y+1)
	// The basis of a stored value is read as a number, which scans
	// without an allocation; roll-ups have none.
	cols := "unit_id, period, indicator, value"
	if !roll {
		cols += ", CASE WHEN basis = 'own' THEN 1 ELSE 0 END"
	}
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		rows, err := e.q.Query(ctx, "SELECT "+cols+" FROM "+table+
			" WHERE unit_id IN ("+store.IDList(part)+") AND period >= ? AND period < ?", lo, hi)
		if err != nil {
			return fmt.Errorf("load %s: %w", table, err)
		}
		var (
			id      int64
			ps, ind string
			v       float64
			lastPS  string
			lastP   period.Period
			lastInd string
			idx     = -1
			isOwn   int
		)
		dest := []any{&id, &ps, &ind, &v}
		if !roll {
			dest = append(dest, &isOwn)
		}
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return fmt.Errorf("load %s: %w", table, err)
			}
			if ps != lastPS {
				p, err := period.Parse(ps)
				if err != nil {
					rows.Close()
					return fmt.Errorf("load %s: unit %d: %w", table, id, err)
				}
				lastPS, lastP = ps, p
			}
			if ind != lastInd {
				lastInd, idx = ind, e.index(ind)
			}
			if idx < 0 {
				continue // an indicator this catalogue does not know
			}
			d := e.data[id]
			k := mkKey(lastP, idx)
			switch {
			case roll:
				d.roll[k] = v
			case isOwn == 1:
				d.own[k] = v
				e.markOwnSub(d, lastP, idx)
			default:
				d.imp[k] = v
				e.markSub(d, lastP, idx)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("load %s: %w", table, err)
		}
	}
	return nil
}

// index is the catalogue index of an indicator code, -1 if unknown.
func (e *Evaluator) index(code string) int {
	if ind, ok := e.cat.Get(code); ok {
		return ind.Index
	}
	return -1
}

// ImportedAt returns the value of basis b stored for exactly unit id, p
// and the indicator of catalogue index idx, as loaded by Prefetch (which
// must have covered p's year). It takes the index, not the code: a writer
// of a large file holds its indicators by index.
func (e *Evaluator) ImportedAt(id int64, p period.Period, b Basis, idx int) (float64, bool) {
	d := e.data[id]
	if d == nil || idx < 0 {
		return 0, false
	}
	m := d.imp
	if b == Own {
		m = d.own
	}
	v, ok := m[mkKey(p, idx)]
	return v, ok
}

// AnyImported reports whether any value of unit id is stored, as loaded by
// Prefetch: a writer whose values are all new need not look for them one
// by one.
func (e *Evaluator) AnyImported(id int64) bool {
	d := e.data[id]
	return d != nil && (len(d.imp) > 0 || len(d.own) > 0)
}

// SetImportedAt tells the evaluator of a value of basis b of the indicator
// of catalogue index idx just written, so that a refresh that follows need
// not read it back.
func (e *Evaluator) SetImportedAt(id int64, p period.Period, b Basis, idx int, v float64) {
	if idx < 0 {
		return
	}
	d := e.unit(id)
	if b == Own {
		d.own[mkKey(p, idx)] = v
		e.markOwnSub(d, p, idx)
	} else {
		d.imp[mkKey(p, idx)] = v
		e.markSub(d, p, idx)
	}
	for _, m := range e.memoized {
		m.memo = nil // computed values may depend on the one that changed
	}
	e.memoized = e.memoized[:0]
}

// markSub records that a value of indicator idx was imported for p, inside
// each of p's longer periods. Only flows read it (a flow's value for a
// period with an import inside it is not the sum below): a stock's import
// is not recorded, which saves a map entry for every stock value of a large
// import.
func (e *Evaluator) markSub(d *unitData, p period.Period, idx int) {
	if e.cat.List[idx].Kind != indicator.Flow {
		return
	}
	for _, a := range e.info(p).ancestors {
		d.subImports[mkKey(a, idx)] = true
	}
}

// markOwnSub is markSub for an own figure.
func (e *Evaluator) markOwnSub(d *unitData, p period.Period, idx int) {
	if e.cat.List[idx].Kind != indicator.Flow {
		return
	}
	for _, a := range e.info(p).ancestors {
		d.ownSub[mkKey(a, idx)] = true
	}
}

// ensure returns what the evaluator holds of unit id, once its values,
// roll-ups and records of year are loaded.
func (e *Evaluator) ensure(ctx context.Context, id int64, year int) (*unitData, error) {
	d := e.unit(id)
	return d, e.ensureData(ctx, d, year)
}

// ensureData is ensure for what the evaluator holds of a unit.
func (e *Evaluator) ensureData(ctx context.Context, d *unitData, year int) error {
	for _, y := range d.ready {
		if y == year {
			return nil
		}
	}
	if _, rec := d.recYears[year]; rec && d.impYears[year] && (d.rollYears[year] || !d.children) {
		d.ready = append(d.ready, year)
		return nil
	}
	return e.Prefetch(ctx, []int64{d.id}, []int{year})
}

// recordsOf is recordsIn, answered at once when no unit keeps records.
func (e *Evaluator) recordsOf(ctx context.Context, id int64, slot int, pi *periodInfo, ind indicator.Indicator) (int64, bool, error) {
	if e.noRecords {
		return 0, false, nil
	}
	return e.recordsIn(ctx, id, slot, pi, ind)
}

// Value computes one stored indicator (a stock or a flow) of unit id for p.
func (e *Evaluator) Value(ctx context.Context, id int64, p period.Period, ind indicator.Indicator) (Result, error) {
	return e.ev(ctx, id, p, ind)
}

func (e *Evaluator) ev(ctx context.Context, id int64, p period.Period, ind indicator.Indicator) (Result, error) {
	d := e.unit(id)
	if !d.children {
		// A leaf's value is a lookup or a short sum: cheaper to compute
		// again than to remember, and leaves are most of the units.
		return e.compute(ctx, d, p, ind)
	}
	mk := mkKey(p, ind.Index)
	if r, ok := d.memo[mk]; ok {
		return r, nil
	}
	r, err := e.compute(ctx, d, p, ind)
	if err != nil {
		return Result{}, err
	}
	if d.memo == nil {
		d.memo = map[key]Result{}
		e.memoized = append(e.memoized, d)
	}
	d.memo[mk] = r
	return r, nil
}

func (e *Evaluator) compute(ctx context.Context, d *unitData, p period.Period, ind indicator.Indicator) (Result, error) {
	id, u := d.id, d.u
	if u == nil {
		return Result{}, fmt.Errorf("rollup: no unit %d", id)
	}
	pi := e.info(p)
	end := pi.end
	if end.After(u.ValidTo) {
		return Result{}, nil // the unit was gone by then
	}
	if end.Before(u.ValidFrom) {
		return e.lineage(ctx, u, p, ind)
	}
	if err := e.ensureData(ctx, d, p.Year); err != nil {
		return Result{}, err
	}
	if v, ok := e.imported(d, p, pi, ind); ok {
		return Result{Value: v, Has: true}, nil
	}
	subFlow := ind.Kind == indicator.Flow && (pi.start.Before(u.ValidFrom) || d.subImports[mkKey(p, ind.Index)])
	if slot := e.recSlot[ind.Index]; slot >= 0 && !subFlow {
		// The own figure, the records of the subtree, and what the
		// imports below change of them.
		sum, err := e.ownOf(ctx, d, u, p, pi, ind)
		if err != nil {
			return Result{}, err
		}
		n, has, err := e.recordsOf(ctx, id, slot, pi, ind)
		if err != nil {
			return Result{}, err
		}
		a, below, err := e.adjustmentOf(ctx, d, u, p, ind)
		if err != nil {
			return Result{}, err
		}
		sum.add(Result{Value: float64(n) + a, Has: has || below}, 1)
		return sum, nil
	}
	// What rollup_values keeps of an indicator counted from records is the
	// imports' adjustment, not the value: a flow of records summed over
	// its parts (subFlow) must not read it as the value.
	if id != e.exclude && e.recSlot[ind.Index] < 0 && materialized(u, pi, ind) && d.children {
		v, ok := d.roll[mkKey(p, ind.Index)]
		return Result{Value: v, Has: ok}, nil
	}
	if subFlow {
		// Each part of the period counts its own figure, if any.
		var sum Result
		for _, s := range pi.sub {
			r, err := e.ev(ctx, id, s, ind)
			if err != nil {
				return Result{}, err
			}
			sum.add(r, 1)
		}
		return sum, nil
	}
	sum, err := e.ownOf(ctx, d, u, p, pi, ind)
	if err != nil {
		return Result{}, err
	}
	for _, c := range e.tree.AllChildren(id) {
		if !c.ValidAt(end) {
			continue
		}
		r, err := e.ev(ctx, c.ID, p, ind)
		if err != nil {
			return Result{}, err
		}
		sum.add(r, 1)
	}
	return sum, nil
}

// adjustmentOf is what the values imported below u for p (an indicator
// counted from records, u valid at p's end) add to u's records: the sum of
// its children's shares; and whether any import lies below u. d is what the
// evaluator holds of u. It is kept in rollup_values, and computed from the
// children for the unit being refreshed.
func (e *Evaluator) adjustmentOf(ctx context.Context, d *unitData, u *units.Unit, p period.Period, ind indicator.Indicator) (float64, bool, error) {
	if !d.children {
		return 0, false, nil
	}
	if u.ID != e.exclude {
		if err := e.ensureData(ctx, d, p.Year); err != nil {
			return 0, false, err
		}
		v, ok := d.roll[mkKey(p, ind.Index)]
		return v, ok, nil
	}
	var sum float64
	below := false
	end := e.info(p).end
	for _, c := range e.tree.AllChildren(u.ID) {
		if !c.ValidAt(end) {
			continue
		}
		v, ok, err := e.share(ctx, c, p, ind)
		if err != nil {
			return 0, false, err
		}
		if ok {
			sum += v
			below = true
		}
	}
	return sum, below, nil
}

// share is what child c adds to its parent's adjustment for p: its value
// less its records where imports decide it (a total of its own for p, or
// for a flow imports inside p), else its own figure (if any) plus its
// adjustment; and whether any of those lies at or below c. Before c began,
// its share is its predecessors', weighted as lineage weights values, so
// that their imports count (their records already count in the parent's);
// a flow of a unit formed inside p is the sum of its parts' shares.
func (e *Evaluator) share(ctx context.Context, c *units.Unit, p period.Period, ind indicator.Indicator) (float64, bool, error) {
	pi := e.info(p)
	if pi.end.After(c.ValidTo) {
		return 0, false, nil
	}
	var sum float64
	below := false
	add := func(u *units.Unit, p period.Period, w float64) error {
		v, ok, err := e.share(ctx, u, p, ind)
		if ok {
			sum += w * v
			below = true
		}
		return err
	}
	if pi.end.Before(c.ValidFrom) {
		for _, l := range e.tree.Predecessors(c.ID) {
			w, _ := weight(e.tree, l)
			if ind.CountsBodies() {
				w = 1
			}
			if err := add(e.tree.Get(l.OldID), p, w); err != nil {
				return 0, false, err
			}
		}
		return sum, below, nil
	}
	if ind.Kind == indicator.Flow && pi.start.Before(c.ValidFrom) {
		for _, s := range pi.sub {
			if err := add(c, s, 1); err != nil {
				return 0, false, err
			}
		}
		return sum, below, nil
	}
	d, err := e.ensure(ctx, c.ID, p.Year)
	if err != nil {
		return 0, false, err
	}
	slot := e.recSlot[ind.Index]
	if v, ok := e.imported(d, p, pi, ind); ok {
		n, _, err := e.recordsOf(ctx, c.ID, slot, pi, ind)
		return v - float64(n), true, err
	}
	if ind.Kind == indicator.Flow && d.subImports[mkKey(p, ind.Index)] {
		// Imports inside the period: the child's value is the sum of
		// its parts.
		r, err := e.ev(ctx, c.ID, p, ind)
		if err != nil {
			return 0, false, err
		}
		n, _, err := e.recordsOf(ctx, c.ID, slot, pi, ind)
		return r.Value - float64(n), true, err
	}
	o, err := e.ownOf(ctx, d, c, p, pi, ind)
	if err != nil {
		return 0, false, err
	}
	a, ok, err := e.adjustmentOf(ctx, d, c, p, ind)
	if err != nil {
		return 0, false, err
	}
	v := a
	if o.Has {
		v += o.Value
	}
	return v, o.Has || ok, nil
}

// Own computes the association's own figure of unit id for p (a stock or a
// flow): the own value stored for p (a stock: for any period ending the
// same day), else for a flow the sum of the own figures of p's parts where
// some part has one; for a period before the unit existed, the own figures
// of the units it was formed from, shared as Value shares totals. Has is
// false where no own figure was recorded.
func (e *Evaluator) Own(ctx context.Context, id int64, p period.Period, ind indicator.Indicator) (Result, error) {
	u := e.tree.Get(id)
	if u == nil {
		return Result{}, fmt.Errorf("rollup: no unit %d", id)
	}
	pi := e.info(p)
	if pi.end.After(u.ValidTo) {
		return Result{}, nil
	}
	if pi.end.Before(u.ValidFrom) {
		var sum Result
		for _, l := range e.tree.Predecessors(u.ID) {
			w, approx := weight(e.tree, l)
			r, err := e.Own(ctx, l.OldID, p, ind)
			if err != nil {
				return Result{}, err
			}
			r.Approximate = r.Approximate || (approx && r.Has)
			sum.add(r, w)
		}
		return sum, nil
	}
	return e.own(ctx, u, p, ind)
}

// own is Own for a unit valid at the end of p.
func (e *Evaluator) own(ctx context.Context, u *units.Unit, p period.Period, ind indicator.Indicator) (Result, error) {
	d, err := e.ensure(ctx, u.ID, p.Year)
	if err != nil {
		return Result{}, err
	}
	return e.ownOf(ctx, d, u, p, e.info(p), ind)
}

// ownOf is own for what the evaluator holds of u (d, loaded for p's year)
// and p's info.
func (e *Evaluator) ownOf(ctx context.Context, d *unitData, u *units.Unit, p period.Period, pi *periodInfo, ind indicator.Indicator) (Result, error) {
	if len(d.own) == 0 && !pi.start.Before(u.ValidFrom) {
		return Result{}, nil // most units record no own figure
	}
	k := mkKey(p, ind.Index)
	if v, ok := d.own[k]; ok {
		return Result{Value: v, Has: true}, nil
	}
	switch ind.Kind {
	case indicator.Stock:
		for _, q := range pi.sameEnd {
			if v, ok := d.own[mkKey(q, ind.Index)]; ok {
				return Result{Value: v, Has: true}, nil
			}
		}
	case indicator.Flow:
		if d.ownSub[k] || pi.start.Before(u.ValidFrom) {
			var sum Result
			for _, s := range pi.sub {
				r, err := e.Own(ctx, u.ID, s, ind)
				if err != nil {
					return Result{}, err
				}
				sum.add(r, 1)
			}
			return sum, nil
		}
	}
	return Result{}, nil
}

// imported finds a total imported at the unit for p. A stock is a value at
// a date, so a stock imported for any period that ends on the same day
// counts (the exact period first, then the longest).
func (e *Evaluator) imported(d *unitData, p period.Period, pi *periodInfo, ind indicator.Indicator) (float64, bool) {
	if v, ok := d.imp[mkKey(p, ind.Index)]; ok {
		return v, true
	}
	if ind.Kind != indicator.Stock {
		return 0, false
	}
	for _, q := range pi.sameEnd {
		if v, ok := d.imp[mkKey(q, ind.Index)]; ok {
			return v, true
		}
	}
	return 0, false
}

// lineage computes a value for a period before the unit existed from the
// units it was formed from: all of each unit that merged fully, a share of
// each that was split. The share is the known population share of the link;
// without one the old unit is divided equally among its successors and the
// result is marked approximate. A count of bodies (associations, branches,
// boards, centres) is never split: it takes the whole of every unit the
// new one was formed from.
func (e *Evaluator) lineage(ctx context.Context, u *units.Unit, p period.Period, ind indicator.Indicator) (Result, error) {
	var sum Result
	for _, l := range e.tree.Predecessors(u.ID) {
		w, approx := weight(e.tree, l)
		if ind.CountsBodies() {
			w, approx = 1, false
		}
		r, err := e.ev(ctx, l.OldID, p, ind)
		if err != nil {
			return Result{}, err
		}
		r.Approximate = r.Approximate || (approx && r.Has)
		sum.add(r, w)
	}
	return sum, nil
}

// weight is the share of a lineage link's old unit that counts for the new
// one, and whether that share is a guess.
func weight(tree *units.Tree, l units.Link) (float64, bool) {
	switch {
	case l.Full:
		return 1, false
	case l.Share != nil:
		return *l.Share, false
	}
	n := len(tree.Successors(l.OldID))
	if n == 0 {
		n = 1
	}
	return 1 / float64(n), true
}

// materialized reports whether the value of (u, p, ind) is kept in
// rollup_values when u has children: flows for periods wholly inside the
// unit's validity, stocks for periods whose end lies inside it.
func materialized(u *units.Unit, pi *periodInfo, ind indicator.Indicator) bool {
	if ind.Kind == indicator.Stock {
		return u.ValidAt(pi.end)
	}
	return u.ValidAt(pi.start) && u.ValidAt(pi.end)
}
