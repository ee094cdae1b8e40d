// Package checks finds the figures of a data-entry form that look wrong:
// a ratio over 100 %, more families recognised than registered, more
// members than people, a change against the previous period or the same
// period last year beyond a threshold, a stock that fell to zero, more
// spent than was raised plus the balance. They are warnings, not
// refusals: the officer explains each one before submitting and the
// approver reads the explanation beside the figures (package entry).
//
// The checks are data, read from indicator.ChecksCSV (checks.csv beside
// the indicator catalogue): one line per check with its kind, the
// indicators it compares, its threshold and the Vietnamese message of its
// warning. A new check of an existing kind, or another threshold, is a
// change of that file, not of the code.
//
// The package reads no database: Evaluate takes the form's values and the
// stored figures it is compared with (the previous period, the same period
// last year), which entry loads, and is pure.
package checks

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Kind is the kind of a check, the first column of checks.csv.
type Kind string

// The kinds of check, in the order their warnings about one indicator are
// listed.
const (
	// Above warns when indicator a is greater than indicator b of the same
	// form (recognised more than registered, members more than population).
	// A stock b missing from the form is taken from the previous period,
	// else from the same period last year; flows are counted over the year
	// to date (Figures.YearBefore).
	Above Kind = "above"
	// Ratio warns when a ratio of the catalogue, computed from the form's
	// numerator and denominator, is over the threshold (a rate over 100 %).
	// A flow is counted over the year to date, as for Above.
	Ratio Kind = "ratio"
	// Spending warns when a (the money spent) is greater than b (raised in
	// the period) plus c (the balance at the end of the previous period).
	Spending Kind = "spending"
	// FellToZero warns when a stock is 0 where it was more than 0 in the
	// previous period (or, without one, the same period last year).
	FellToZero Kind = "fell_to_zero"
	// Change warns when a figure differs from the previous period's or the
	// same period last year's by more than the threshold, in percent of the
	// earlier figure (and by at least min_diff, so that 2 branches becoming
	// 4 is not news).
	Change Kind = "change"
)

var kindOrder = []Kind{Above, Ratio, Spending, FellToZero, Change}

// Against says which earlier figures a Change check compares with.
type Against string

// The comparisons of a Change check.
const (
	Both     Against = ""         // the previous period and the same period last year
	Previous Against = "previous" // the period of the same kind just before
	Year     Against = "year"     // the same period a year earlier
)

// Wildcards of the indicator column: every stock, or every flow, without a
// line of the same kind of its own.
const (
	AnyStock = "*stock"
	AnyFlow  = "*flow"
)

// Check is one line of checks.csv.
type Check struct {
	Kind      Kind
	Indicator string   // the indicator warned about, or AnyStock / AnyFlow
	Others    []string // b (and c) of the message
	Against   Against
	Threshold float64 // percent for Change; the ratio's unit for Ratio
	MinDiff   float64
	Message   string // the template, with the placeholders of placeholders
	Line      int    // in checks.csv
}

// Checks is a parsed checks.csv over the catalogue it names indicators of.
type Checks struct {
	List []Check
	cat  *indicator.Catalogue
	// byKey indexes List by kind and indicator (or wildcard):
	// "change:members.total", "change:*stock".
	byKey map[string]int
}

// Default is the table embedded in the program, over the default catalogue.
var Default = mustParse(indicator.ChecksCSV, indicator.Default)

func mustParse(text string, cat *indicator.Catalogue) *Checks {
	c, err := Parse(text, cat)
	if err != nil {
		panic(err)
	}
	return c
}

// placeholder finds the placeholders of a message template.
var placeholder = regexp.MustCompile(`\{[a-z_]*\}`)

// placeholders are the names a message may use: the unit and the period
// of the form; indicator a (warned about), b and c with their Vietnamese
// names (also starting lower-case, for the middle of a sentence), values
// and the periods those values are of; pct (a as a percentage of b, or
// the change), the threshold, and changes (the comparisons of a Change).
var placeholders = map[string]bool{
	"{unit}": true, "{period}": true, "{pct}": true, "{threshold}": true, "{changes}": true,
	"{a}": true, "{a_lower}": true, "{a_value}": true,
	"{b}": true, "{b_lower}": true, "{b_value}": true, "{b_period}": true,
	"{c}": true, "{c_lower}": true, "{c_value}": true, "{c_period}": true,
}

// Parse reads a table in the form of checks.csv and checks it against the
// catalogue: known kinds, indicators of the catalogue of the right kind,
// numbers where numbers go, known placeholders, one line per kind and
// indicator. Errors name the line.
func Parse(text string, cat *indicator.Catalogue) (*Checks, error) {
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("checks: %w", err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("checks: empty")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"rule", "indicator", "other", "threshold", "min_diff", "message"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("checks: no column %q", h)
		}
	}
	out := &Checks{cat: cat, byKey: map[string]int{}}
	seen := map[string]int{}
	for n, row := range rows[1:] {
		line := n + 2
		get := func(name string) string {
			if i := col[name]; i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		c := Check{Kind: Kind(get("rule")), Indicator: get("indicator"), Message: get("message"), Line: line}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("checks: line %d: "+format, append([]any{line}, args...)...)
		}
		if !slices.Contains(kindOrder, c.Kind) {
			return nil, fail("rule %q", c.Kind)
		}
		for _, name := range []string{"threshold", "min_diff"} {
			s := get(name)
			if s == "" {
				continue
			}
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || x < 0 {
				return nil, fail("%s %q is not a number ≥ 0", name, s)
			}
			if name == "threshold" {
				c.Threshold = x
			} else {
				c.MinDiff = x
			}
		}
		other := strings.Fields(get("other"))
		wild := c.Indicator == AnyStock || c.Indicator == AnyFlow
		var ind indicator.Indicator
		if !wild {
			var ok bool
			if ind, ok = cat.Get(c.Indicator); !ok {
				return nil, fail("indicator %q is not in the catalogue", c.Indicator)
			}
		}
		switch c.Kind {
		case Above, Spending:
			want := 1
			if c.Kind == Spending {
				want = 2
			}
			if wild || ind.Kind == indicator.Ratio || len(other) != want {
				return nil, fail("%s needs a stored indicator and %d other(s)", c.Kind, want)
			}
			for _, o := range other {
				if oi, ok := cat.Get(o); !ok || oi.Kind == indicator.Ratio {
					return nil, fail("%q is not a stored indicator", o)
				}
			}
			c.Others = other
		case Ratio:
			if wild || ind.Kind != indicator.Ratio || c.Threshold == 0 {
				return nil, fail("ratio needs a ratio of the catalogue and a threshold")
			}
		case FellToZero:
			if c.Indicator == AnyFlow || (!wild && ind.Kind != indicator.Stock) {
				return nil, fail("fell_to_zero is for stocks")
			}
		case Change:
			if !wild && ind.Kind == indicator.Ratio {
				return nil, fail("change is for stored indicators")
			}
			switch a := Against(strings.Join(other, " ")); a {
			case Both, Previous, Year:
				c.Against = a
			default:
				return nil, fail("change compares with previous, year or both (empty), not %q", a)
			}
			if c.Threshold == 0 {
				return nil, fail("change needs a threshold in percent")
			}
		}
		if c.Message == "" {
			return nil, fail("no message")
		}
		for _, p := range placeholder.FindAllString(c.Message, -1) {
			if !placeholders[p] {
				return nil, fail("unknown placeholder %s in the message", p)
			}
		}
		key := string(c.Kind) + ":" + c.Indicator
		if first, dup := seen[key]; dup {
			return nil, fail("a second %s check of %s (first on line %d)", c.Kind, c.Indicator, first)
		}
		seen[key] = line
		out.byKey[key] = len(out.List)
		out.List = append(out.List, c)
	}
	return out, nil
}

// Figures are what a form's checks read: the form's values and the stored
// figures it is compared with, each by indicator code, for one basis
// (docs/contracts.md, Own figures and all levels).
type Figures struct {
	Unit           string // the unit's full Vietnamese name: Xã Ea Kao
	Period         period.Period
	Values         map[string]float64
	PreviousPeriod period.Period
	Previous       map[string]float64
	ComparePeriod  period.Period
	Compare        map[string]float64
	// YearBefore are the flows of the period's year before the period
	// (period.YearBefore: 2026H1 for 2026H2), summed: a title recognised
	// in the second half-year was registered in the first, so recognitions
	// are compared with registrations over the year to date. Empty for a
	// year or the first part of one.
	YearBefore map[string]float64
}

// Warning is a figure of a form that looks wrong.
type Warning struct {
	// Key names the warning for its explanation: the kind and the
	// indicator (change:members.total). It stays the same while the
	// figures change, so that an explanation written for a warning stays
	// with it.
	Key        string
	Kind       Kind
	Indicators []string // the indicator warned about first, then those it is compared with
	Message    string   // Vietnamese, naming the unit, the indicators and the figures
}

// Evaluate applies the checks to the figures of a form and returns the
// warnings, in the catalogue order of the indicators warned about and, for
// one indicator, in the order of the kinds.
func (cs *Checks) Evaluate(f Figures) []Warning {
	var out []Warning
	for _, c := range cs.List {
		switch c.Kind {
		case Above:
			out = appendIf(out, cs.above(c, f))
		case Ratio:
			out = appendIf(out, cs.ratio(c, f))
		case Spending:
			out = appendIf(out, cs.spending(c, f))
		}
	}
	for _, ind := range cs.cat.Base() {
		if c, ok := cs.ruleFor(FellToZero, ind); ok {
			out = appendIf(out, cs.fellToZero(c, ind, f))
		}
		if c, ok := cs.ruleFor(Change, ind); ok {
			out = appendIf(out, cs.change(c, ind, f))
		}
	}
	order := func(w Warning) int {
		ind, _ := cs.cat.Get(w.Indicators[0])
		return ind.Index
	}
	slices.SortStableFunc(out, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(order(a), order(b)), cmp.Compare(slices.Index(kindOrder, a.Kind), slices.Index(kindOrder, b.Kind)))
	})
	return out
}

func appendIf(out []Warning, w *Warning) []Warning {
	if w != nil {
		out = append(out, *w)
	}
	return out
}

// ruleFor is the check of kind k for ind: its own line, else the wildcard
// line of its kind.
func (cs *Checks) ruleFor(k Kind, ind indicator.Indicator) (Check, bool) {
	i, ok := cs.byKey[string(k)+":"+ind.Code]
	if !ok {
		wild := AnyStock
		if ind.Kind == indicator.Flow {
			wild = AnyFlow
		}
		if i, ok = cs.byKey[string(k)+":"+wild]; !ok || ind.Kind == indicator.Ratio {
			return Check{}, false
		}
	}
	return cs.List[i], true
}

// message fills the template of c.
type message struct {
	c    Check
	f    Figures
	vals map[string]string
}

func (cs *Checks) newMessage(c Check, f Figures, codes ...string) *message {
	m := &message{c: c, f: f, vals: map[string]string{"{unit}": f.Unit, "{period}": f.Period.NameVI()}}
	for i, code := range codes {
		ind, _ := cs.cat.Get(code)
		name := string(rune('a' + i))
		m.vals["{"+name+"}"] = ind.NameVI
		m.vals["{"+name+"_lower}"] = lowerFirst(ind.NameVI)
	}
	return m
}

func (m *message) set(name, value string) *message {
	m.vals["{"+name+"}"] = value
	return m
}

func (m *message) warning(codes ...string) *Warning {
	text := placeholder.ReplaceAllStringFunc(m.c.Message, func(p string) string {
		if v, ok := m.vals[p]; ok {
			return v
		}
		return vi.NoData
	})
	return &Warning{Key: string(m.c.Kind) + ":" + codes[0], Kind: m.c.Kind, Indicators: codes, Message: text}
}

// human writes a figure of ind as the pages and reports do.
func (cs *Checks) human(code string, x float64) string {
	ind, _ := cs.cat.Get(code)
	return report.HumanValue(&x, ind)
}

// stock is the form's value of code; for a stock missing from the form,
// the latest stored one (the previous period's, else the same period last
// year's) with the period it is of.
func (cs *Checks) stock(f Figures, code string) (float64, period.Period, bool) {
	if v, ok := f.Values[code]; ok {
		return v, f.Period, true
	}
	if ind, _ := cs.cat.Get(code); ind.Kind != indicator.Stock {
		return 0, period.Period{}, false
	}
	if v, ok := f.Previous[code]; ok {
		return v, f.PreviousPeriod, true
	}
	if v, ok := f.Compare[code]; ok {
		return v, f.ComparePeriod, true
	}
	return 0, period.Period{}, false
}

// valueOf writes a figure; one taken from another period than the form's
// says which.
func (cs *Checks) valueOf(f Figures, code string, x float64, of period.Period) string {
	s := cs.human(code, x)
	if of != f.Period {
		s = fmt.Sprintf(vi.CheckValueOf, s, of.NameVI())
	}
	return s
}

// yearToDate is the form's value of a flow plus its value over the year
// before the period (ytd when there is one); any other figure as stock
// reads it. ok is false when neither has the figure.
func (cs *Checks) yearToDate(f Figures, code string) (v float64, of period.Period, ytd, ok bool) {
	if ind, _ := cs.cat.Get(code); ind.Kind != indicator.Flow {
		v, of, ok = cs.stock(f, code)
		return v, of, false, ok
	}
	v, ok = f.Values[code]
	before, hasBefore := f.YearBefore[code]
	return v + before, f.Period, hasBefore, ok || hasBefore
}

// valueYTD writes a figure of yearToDate: one of another period says
// which, a sum over the year to date says so.
func (cs *Checks) valueYTD(f Figures, code string, x float64, of period.Period, ytd bool) string {
	if ytd {
		return fmt.Sprintf(vi.CheckYearToDate, cs.human(code, x), f.Period.Year)
	}
	return cs.valueOf(f, code, x, of)
}

func (cs *Checks) above(c Check, f Figures) *Warning {
	// A form without a (or with none of it) has nothing of its own to
	// explain, whatever the year's earlier forms said.
	if v, ok := f.Values[c.Indicator]; !ok || v == 0 {
		return nil
	}
	a, _, aYTD, _ := cs.yearToDate(f, c.Indicator)
	b, of, bYTD, ok := cs.yearToDate(f, c.Others[0])
	if !ok || a <= b {
		return nil
	}
	m := cs.newMessage(c, f, c.Indicator, c.Others[0]).
		set("a_value", cs.valueYTD(f, c.Indicator, a, f.Period, aYTD)).
		set("b_value", cs.valueYTD(f, c.Others[0], b, of, bYTD)).
		set("b_period", of.NameVI())
	if b > 0 {
		m.set("pct", vi.Percent(a/b*100))
	}
	return m.warning(c.Indicator, c.Others[0])
}

func (cs *Checks) ratio(c Check, f Figures) *Warning {
	ind, _ := cs.cat.Get(c.Indicator)
	if _, ok := f.Values[ind.Numerator]; !ok {
		return nil
	}
	num, _, _, _ := cs.yearToDate(f, ind.Numerator)
	den, _, ok := cs.stock(f, ind.Denominator)
	if !ok || den <= 0 {
		return nil
	}
	x := num / den * ind.Scale
	if x <= c.Threshold {
		return nil
	}
	return cs.newMessage(c, f, c.Indicator).
		set("a_value", cs.human(c.Indicator, x)).
		set("threshold", cs.human(c.Indicator, c.Threshold)).
		warning(c.Indicator, ind.Numerator, ind.Denominator)
}

func (cs *Checks) spending(c Check, f Figures) *Warning {
	spent, ok := f.Values[c.Indicator]
	if !ok {
		return nil
	}
	raised, hasRaised := f.Values[c.Others[0]]
	balance, hasBalance := f.Previous[c.Others[1]]
	if (!hasRaised && !hasBalance) || spent <= raised+balance {
		return nil
	}
	return cs.newMessage(c, f, c.Indicator, c.Others[0], c.Others[1]).
		set("a_value", cs.human(c.Indicator, spent)).
		set("b_value", cs.human(c.Others[0], raised)).
		set("c_value", cs.human(c.Others[1], balance)).
		set("c_period", f.PreviousPeriod.NameVI()).
		warning(c.Indicator, c.Others[0], c.Others[1])
}

func (cs *Checks) fellToZero(c Check, ind indicator.Indicator, f Figures) *Warning {
	v, ok := f.Values[ind.Code]
	if !ok || v != 0 {
		return nil
	}
	for _, before := range []struct {
		p period.Period
		m map[string]float64
	}{{f.PreviousPeriod, f.Previous}, {f.ComparePeriod, f.Compare}} {
		if b, ok := before.m[ind.Code]; ok {
			if b <= 0 {
				return nil
			}
			return cs.newMessage(c, f, ind.Code).
				set("a_value", cs.human(ind.Code, 0)).
				set("b_value", cs.human(ind.Code, b)).
				set("b_period", before.p.NameVI()).
				warning(ind.Code)
		}
	}
	return nil
}

func (cs *Checks) change(c Check, ind indicator.Indicator, f Figures) *Warning {
	v, ok := f.Values[ind.Code]
	if !ok {
		return nil
	}
	if _, zero := cs.ruleFor(FellToZero, ind); zero && v == 0 {
		return nil // the fall to zero is the warning
	}
	var clauses []string
	for _, before := range []struct {
		against Against
		p       period.Period
		m       map[string]float64
	}{{Previous, f.PreviousPeriod, f.Previous}, {Year, f.ComparePeriod, f.Compare}} {
		if c.Against != Both && c.Against != before.against {
			continue
		}
		b, ok := before.m[ind.Code]
		if !ok || b <= 0 {
			continue
		}
		diff := v - b
		pct := diff / b * 100
		if math.Abs(pct) <= c.Threshold || math.Abs(diff) < c.MinDiff {
			continue
		}
		way := vi.CheckRise
		if diff < 0 {
			way = vi.CheckFall
		}
		clauses = append(clauses, fmt.Sprintf(vi.CheckChangeClause, way, vi.Percent(math.Abs(pct)), before.p.NameVI(),
			cs.human(ind.Code, b), cs.human(ind.Code, v)))
	}
	if len(clauses) == 0 {
		return nil
	}
	return cs.newMessage(c, f, ind.Code).
		set("a_value", cs.human(ind.Code, v)).
		set("changes", strings.Join(clauses, vi.CheckAnd)).
		set("threshold", vi.Number(c.Threshold, 0)+"%").
		warning(ind.Code)
}

// lowerFirst puts the first letter of a name in lower case, for the middle
// of a sentence: "Dân số" → "dân số".
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// KnownKey reports whether key could name a warning of these checks: a
// kind and an indicator of the catalogue (change:members.total). An
// explanation is accepted for such a key only.
func (cs *Checks) KnownKey(key string) bool {
	kind, code, ok := strings.Cut(key, ":")
	if !ok || !slices.Contains(kindOrder, Kind(kind)) {
		return false
	}
	_, ok = cs.cat.Get(code)
	return ok
}
