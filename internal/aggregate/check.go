package aggregate

import (
	"io"
	"iter"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/number"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Checked is an aggregate values file read and checked: its distinct
// values, held compactly so that the half million rows of a 20 MB file take
// about 5 MB, not the strings of every row. Consecutive values of the same
// unit and period (as files are written: a unit's indicators one after the
// other) share one group header; each value is then an indicator's
// catalogue index (its top bit set for an own figure, ownBit) and a
// number, 10 bytes. The values are stored in
// fixed-size blocks that are never copied as they grow. A Checked is built
// by Check, CheckRows or Values and is not changed after, except by Keep.
type Checked struct {
	cat    *indicator.Catalogue
	rows   int
	n      int
	groups []group
	inds   [][]uint16
	vals   [][]float64
}

// group is a run of values of one unit and period: the values from the end
// of the group before up to end.
type group struct {
	unit int64
	per  cper
	end  int32
}

// cper is a period in four bytes.
type cper struct {
	year uint16
	kind uint8
	n    uint8
}

func packPeriod(p period.Period) cper {
	return cper{year: uint16(p.Year), kind: uint8(p.Kind), n: uint8(p.N)}
}

func (c cper) period() period.Period {
	return period.Period{Kind: period.Kind(c.kind), Year: int(c.year), N: int(c.n)}
}

const (
	blockBits = 12 // 4096 values a block
	blockMask = 1<<blockBits - 1
)

// ownBit marks, in a Checked's indicator index, a value of basis own: the
// catalogue has far fewer than 1<<15 indicators.
const ownBit = 1 << 15

// packInd is the indicator index of a value of basis b.
func packInd(index int, b rollup.Basis) uint16 {
	if b == rollup.Own {
		return uint16(index) | ownBit
	}
	return uint16(index)
}

// value is the Value that a packed indicator index and a number stand for.
func (c *Checked) value(unit int64, p period.Period, ind uint16, v float64) Value {
	out := Value{UnitID: unit, Period: p, Indicator: c.cat.List[ind&^ownBit].Code, Value: v}
	if ind&ownBit != 0 {
		out.Basis = rollup.Own
	}
	return out
}

func (c *Checked) ind(i int) uint16  { return c.inds[i>>blockBits][i&blockMask] }
func (c *Checked) val(i int) float64 { return c.vals[i>>blockBits][i&blockMask] }

func (c *Checked) set(i int, ind uint16, val float64) {
	c.inds[i>>blockBits][i&blockMask] = ind
	c.vals[i>>blockBits][i&blockMask] = val
}

// add appends a value, in a new group unless it continues the last one.
func (c *Checked) add(unit int64, per cper, ind uint16, val float64) {
	if c.n>>blockBits == len(c.inds) {
		c.inds = append(c.inds, make([]uint16, 1<<blockBits))
		c.vals = append(c.vals, make([]float64, 1<<blockBits))
	}
	c.set(c.n, ind, val)
	c.n++
	if g := len(c.groups) - 1; g >= 0 && c.groups[g].unit == unit && c.groups[g].per == per {
		c.groups[g].end = int32(c.n)
		return
	}
	c.groups = append(c.groups, group{unit: unit, per: per, end: int32(c.n)})
}

// Rows is the number of data rows read, a row repeating another included.
func (c *Checked) Rows() int { return c.rows }

// Len is the number of distinct values.
func (c *Checked) Len() int { return c.n }

// All yields the distinct values in the order of the file.
func (c *Checked) All() iter.Seq[Value] {
	return func(yield func(Value) bool) {
		start := 0
		for _, g := range c.groups {
			p := g.per.period()
			for i := start; i < int(g.end); i++ {
				if !yield(c.value(g.unit, p, c.ind(i), c.val(i))) {
					return
				}
			}
			start = int(g.end)
		}
	}
}

// eachGroup yields the index of each group of values and its period.
func (c *Checked) eachGroup() iter.Seq2[int, period.Period] {
	return func(yield func(int, period.Period) bool) {
		for g := range c.groups {
			if !yield(g, c.groups[g].per.period()) {
				return
			}
		}
	}
}

// start is the index of the first value of group g.
func (c *Checked) start(g int) int {
	if g == 0 {
		return 0
	}
	return int(c.groups[g-1].end)
}

// index is the catalogue index and basis of value i.
func (c *Checked) index(i int) (int, rollup.Basis) {
	ind := c.ind(i)
	if ind&ownBit != 0 {
		return int(ind &^ ownBit), rollup.Own
	}
	return int(ind), rollup.Total
}

// Keep removes, in place, the values for which keep is false, keeping the
// order of the others. Rows is unchanged.
func (c *Checked) Keep(keep func(Value) bool) {
	j, gj, start := 0, 0, 0
	for _, g := range c.groups {
		p := g.per.period()
		first := j
		for i := start; i < int(g.end); i++ {
			ind, val := c.ind(i), c.val(i)
			if keep(c.value(g.unit, p, ind, val)) {
				c.set(j, ind, val)
				j++
			}
		}
		start = int(g.end)
		if j > first {
			c.groups[gj] = group{unit: g.unit, per: g.per, end: int32(j)}
			gj++
		}
	}
	c.n, c.groups = j, c.groups[:gj]
	blocks := (j + blockMask) >> blockBits
	c.inds, c.vals = c.inds[:blocks], c.vals[:blocks]
}

// Values holds values checked one by one (ValidateValue, a form) as a
// Checked of as many rows. The indicators must be in cat.
func Values(cat *indicator.Catalogue, vals []Value) *Checked {
	c := &Checked{cat: cat, rows: len(vals)}
	for _, v := range vals {
		ind, _ := cat.Get(v.Indicator)
		c.add(v.UnitID, packPeriod(v.Period), packInd(ind.Index, v.Basis), v.Value)
	}
	return c
}

// CheckOptions adjust Check and CheckRows.
type CheckOptions struct {
	// Unit, when set, is called for every row whose unit resolves, with the
	// unit and the row's level and code as written (valid only during the
	// call), before the row's other cells are judged: a caller that may
	// write only some units refuses the others there. Check calls it from
	// a goroutine of its own, one row after the other, and returns after
	// the last call.
	Unit func(line int, u *units.Unit, level, code string)
}

// Check reads an aggregate values file as Parse does (CSV or the first sheet
// of an XLSX workbook, streamed within FileLimits) and checks
// every row as it is read, keeping only the compact checked values: the
// text of the rows is never held. The error is a fault of the file's shape
// or an *apperr.List naming every bad row and column (the first
// tabular.MaxListed of them). It is pure over the loaded tree and
// catalogue, so that nothing is written unless the whole file is right.
//
// The rules:
//   - period: a period of the contract (2024, 2024H1, 2024Q3, 2024-07);
//   - level: nation, province, district or commune. A nation row needs no
//     code (any code is ignored); cluster rows are refused, since a
//     cluster's figures are computed from its provinces;
//   - code: the unit of that level valid at the END of the period (2025 is
//     read with the units of 31/12/2025, after the reform; 2025H1 with those
//     of 30/06/2025). Codes of digits written without their leading zeros
//     (Excel drops them: 1 for province 01, 4 for commune 00004) are padded;
//   - indicator: a stored indicator of the catalogue; ratios are refused,
//     since they are computed from their numerator and denominator;
//   - value: a plain number with a dot for decimals, not negative, finite,
//     at most MaxValue, and whole for indicators that count people,
//     households or things, and for money (amounts are in whole đồng); a
//     number within 1e-9 (relative) of a whole number is that number, as
//     Excel's arithmetic leaves 30.000000000000004 for 30;
//   - basis (optional column, ParseBasis): total when empty, else total
//     or own;
//   - the same unit, period, indicator and basis twice: accepted when the
//     values agree (kept once), refused otherwise. A total and an own
//     figure of the same unit, period and indicator are two values.
func Check(r io.Reader, name string, tree *units.Tree, cat *indicator.Catalogue, opt CheckOptions) (*Checked, error) {
	k := newChecker(tree, cat, name, opt)
	// The rows are read on one core and checked on the other, a batch at a
	// time: the reader copies a batch's cells into one buffer, which the
	// checker turns into one string and cuts into the cells again.
	rowCells := len(Columns) + len(Optional)
	full, free := make(chan *rowBatch, 2), make(chan *rowBatch, 3)
	checked := make(chan struct{})
	go func() {
		defer close(checked)
		for b := range full {
			text := string(b.text)
			for i, line := range b.lines {
				c := b.ends[i*rowCells : (i+1)*rowCells]
				start := 0
				if i > 0 {
					start = int(b.ends[i*rowCells-1])
				}
				cell := func(j int) string {
					from := start
					if j > 0 {
						from = int(c[j-1])
					}
					return text[from:c[j]]
				}
				k.row(int(line), cell(0), cell(1), cell(2), cell(3), cell(4), cell(5))
			}
			select {
			case free <- b: // for the reader to fill again
			default:
			}
		}
	}()
	b := &rowBatch{}
	err := reader.Scan(r, name, Columns, Optional, func(rec tabular.Record) {
		b.lines = append(b.lines, int32(rec.Line))
		for _, f := range rec.Fields {
			b.text = append(b.text, f...)
			b.ends = append(b.ends, int32(len(b.text)))
		}
		if len(b.lines) == batchRows || len(b.text) > batchText {
			full <- b
			select {
			case b = <-free:
				b.lines, b.text, b.ends = b.lines[:0], b.text[:0], b.ends[:0]
			default:
				b = &rowBatch{}
			}
		}
	})
	if len(b.lines) > 0 {
		full <- b
	}
	close(full)
	<-checked
	if err != nil {
		return nil, err
	}
	return k.done()
}

// rowBatch is a batch of rows passed from Check's reader to its checker:
// each row's line, and the cells of every row one after the other in text,
// each ending at its offset in ends (a row's cells are Columns, then
// Optional).
type rowBatch struct {
	lines []int32
	text  []byte
	ends  []int32
}

// The size of a batch: a few thousand rows, and at most a megabyte of
// cells (a hostile file's cells may be long).
const (
	batchRows = 4096
	batchText = 1 << 20
)

// CheckRows checks rows already read (the API's, a test's) as Check does.
func CheckRows(rows []Row, file string, tree *units.Tree, cat *indicator.Catalogue, opt CheckOptions) (*Checked, error) {
	k := newChecker(tree, cat, file, opt)
	for _, r := range rows {
		k.row(r.Line, r.Period, r.Level, r.Code, r.Indicator, r.Value, r.Basis)
	}
	return k.done()
}

// checker checks rows one at a time, remembering what it resolved (rows
// repeat the same periods, units and indicators) and where each value
// came from, to find repeated ones.
type checker struct {
	tree       *units.Tree
	cat        *indicator.Catalogue
	opt        CheckOptions
	bad        *tabular.Problems
	periods    map[string]period.Period
	periodErrs map[string]error
	units      map[resolveKey]resolved
	out        *Checked

	// last is the period and unit of the row before, when both resolved:
	// a file gives a unit's indicators one after the other.
	last struct {
		per, level, code string
		p                period.Period
		unit             *units.Unit
		ok               bool
	}
	// A repeated value is found by its unit and period's runs of values
	// in out (a file usually has one run a unit and period): runs lists
	// the groups of out of each unit and period, and for the last group,
	// pos holds the index of each indicator's value (where stamp is gen).
	// No map of every value: a national file has 1.6 million.
	runs     map[runKey][]int32
	pos      []int32
	stamp    []uint32
	gen      uint32
	genGroup int
	lines    [][]int32 // the row of each value, in blocks as out's
}

// runKey is a unit and period of a Checked's groups.
type runKey struct {
	unit int64
	per  cper
}

func newChecker(tree *units.Tree, cat *indicator.Catalogue, file string, opt CheckOptions) *checker {
	return &checker{tree: tree, cat: cat, opt: opt, bad: tabular.NewProblems(file),
		periods: map[string]period.Period{}, periodErrs: map[string]error{},
		units: map[resolveKey]resolved{}, out: &Checked{cat: cat},
		runs: map[runKey][]int32{}, pos: make([]int32, 2*len(cat.List)), stamp: make([]uint32, 2*len(cat.List)), genGroup: -1}
}

// slot is a packed indicator index's place in pos and stamp.
func slot(ind uint16) int { return int(ind&^ownBit)<<1 | int(ind>>15) }

// firstOf returns the index in out of the value of unit and period rk and
// packed indicator ind, if one was kept.
func (k *checker) firstOf(rk runKey, ind uint16) (int, bool) {
	for _, g := range k.runs[rk] {
		if int(g) == k.genGroup {
			if sl := slot(ind); k.stamp[sl] == k.gen {
				return int(k.pos[sl]), true
			}
			continue
		}
		for i := k.out.start(int(g)); i < int(k.out.groups[g].end); i++ {
			if k.out.ind(i) == ind {
				return i, true
			}
		}
	}
	return 0, false
}

// keep adds a value of row line to out, noting where it went.
func (k *checker) keep(rk runKey, ind uint16, v float64, line int) {
	i, groups := k.out.n, len(k.out.groups)
	k.out.add(rk.unit, rk.per, ind, v)
	if len(k.out.groups) > groups {
		k.runs[rk] = append(k.runs[rk], int32(groups))
		k.gen++
		k.genGroup = groups
	}
	sl := slot(ind)
	k.stamp[sl], k.pos[sl] = k.gen, int32(i)
	if i>>blockBits == len(k.lines) {
		k.lines = append(k.lines, make([]int32, 1<<blockBits))
	}
	k.lines[i>>blockBits][i&blockMask] = int32(line)
}

// cacheMax bounds the caches of resolved periods and units, which a hostile
// file of distinct bad codes would otherwise grow with every row.
const cacheMax = 1 << 16

func (k *checker) done() (*Checked, error) {
	if err := k.bad.Err(); err != nil {
		return nil, err
	}
	return k.out, nil
}

// row checks one row (see Check for the rules).
func (k *checker) row(line int, perS, levelS, code, indS, valS, basisS string) {
	k.out.rows++
	ok := true
	var p period.Period
	var unit *units.Unit
	if l := &k.last; l.ok && perS == l.per && code == l.code && levelS == l.level {
		// The period and unit of the row before.
		p, unit = l.p, l.unit
		if k.opt.Unit != nil {
			k.opt.Unit(line, unit, levelS, code)
		}
	} else {
		p, unit, ok = k.resolve(line, perS, levelS, code)
		l.ok = ok
		if ok {
			l.per, l.level, l.code, l.p, l.unit = strings.Clone(perS), strings.Clone(levelS), strings.Clone(code), p, unit
		}
	}
	// Indicator.
	ind, err := k.cat.Lookup(indS)
	known := err == nil
	switch {
	case err != nil:
		k.bad.Add(line, "indicator", tabular.EmptyOr(indS, err))
		ok = false
	case ind.Kind == indicator.Ratio:
		k.bad.Add(line, "indicator", errRatio(k.cat, ind))
		ok = false
		known = false
	}
	// Value.
	v, err := parseValue(valS, ind, known)
	if err != nil {
		k.bad.Add(line, "value", err)
		ok = false
	}
	// Basis.
	basis := rollup.Total
	if basisS != "" {
		if basis, err = ParseBasis(basisS); err != nil {
			k.bad.Add(line, "basis", err)
			ok = false
		}
	}
	if !ok {
		return
	}
	rk, pi := runKey{unit: unit.ID, per: packPeriod(p)}, packInd(ind.Index, basis)
	if first, dup := k.firstOf(rk, pi); dup {
		if fv := k.out.val(first); fv != v {
			k.bad.Add(line, "value", apperr.New(apperr.Invalid, vi.ErrDupValue,
				unit.FullName(), p.NameVI(), ind.NameVI, int(k.lines[first>>blockBits][first&blockMask]),
				number.Format(fv, wholeUnit(ind) != ""), number.Format(v, wholeUnit(ind) != "")))
		}
		return
	}
	k.keep(rk, pi, v, line)
}

// resolve reads a row's period and unit (see Check), naming what is wrong
// with them.
func (k *checker) resolve(line int, perS, levelS, code string) (period.Period, *units.Unit, bool) {
	ok := true
	// Period.
	p, have := k.periods[perS]
	if !have {
		perr, failed := k.periodErrs[perS]
		if !failed {
			var err error
			p, err = period.Parse(perS)
			if err != nil {
				perr = err
				if len(k.periodErrs) < cacheMax {
					k.periodErrs[strings.Clone(perS)] = err
				}
			} else {
				if len(k.periods) < cacheMax {
					k.periods[strings.Clone(perS)] = p
				}
				have = true
			}
		}
		if perr != nil {
			k.bad.Add(line, "period", tabular.EmptyOr(perS, perr))
			ok = false
		}
	}
	// Level and code.
	var unit *units.Unit
	level, err := units.ParseLevel(levelS)
	switch {
	case err != nil:
		k.bad.Add(line, "level", tabular.EmptyOr(levelS, err))
		ok = false
	case level == units.Cluster:
		k.bad.Add(line, "level", apperr.New(apperr.Invalid, vi.ErrClusterImport))
		ok = false
	case level == units.Nation:
		unit = k.tree.Nation()
		if unit == nil {
			k.bad.Add(line, "level", apperr.New(apperr.NotFound, vi.ErrUnknownUnit, units.Nation, "", ""))
			ok = false
		} else if have && k.opt.Unit != nil {
			k.opt.Unit(line, unit, levelS, code)
		}
	case code == "":
		k.bad.Add(line, "code", apperr.New(apperr.Invalid, vi.ErrEmptyCell))
		ok = false
	case have:
		rk := resolveKey{level: level, code: units.PadCode(level, code), at: p.End()}
		res, cached := k.units[rk]
		if !cached {
			res.u, res.err = k.tree.ResolveInWords(rk.level, rk.code, rk.at)
			if len(k.units) < cacheMax {
				rk.code = strings.Clone(rk.code)
				k.units[rk] = res
			}
		}
		if res.err != nil {
			k.bad.Add(line, "code", res.err)
			ok = false
		} else if k.opt.Unit != nil {
			k.opt.Unit(line, res.u, levelS, code)
		}
		unit = res.u
	}
	return p, unit, ok && unit != nil
}
