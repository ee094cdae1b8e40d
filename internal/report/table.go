package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// keyIndicators are the columns of the children table: the figures a
// cluster meeting compares province by province.
var keyIndicators = []string{"members.total", "members.ratio", "org.branches", "fund.raised", "fund.per_capita"}

// WriteTable writes the report for people: a title line, a table of the
// scope's indicators (Vietnamese name, this period, the same period of the
// previous year, the change and the change in per cent) and a table of the
// children's key figures. Numbers are written the Vietnamese way
// (1.234.567; 18,53%; 65.000 đồng) and columns are aligned by characters as
// a person sees them.
func WriteTable(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, Title(r))
	fmt.Fprintln(bw)
	rows := [][]string{{vi.ReportColIndicator, vi.ReportColValue, vi.ReportColPrevious, vi.ReportColChange, vi.ReportColChangePct}}
	approx := false
	for _, code := range presentCodes(r.Indicators) {
		v := r.Indicators[code]
		if !v.hasData() {
			continue
		}
		ind := lookup(code)
		prev := HumanValue(v.Previous, ind)
		if v.Approximate && v.Previous != nil {
			prev += vi.ReportApproxMark
			approx = true
		}
		rows = append(rows, []string{ind.NameVI, HumanValue(v.Value, ind), prev, HumanChange(v.Change, ind), HumanPct(v.ChangePct)})
	}
	writeAligned(bw, rows, []bool{false, true, true, true, true})

	if len(r.Children) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, vi.ReportChildrenTitle)
		head := []string{vi.ReportColUnitName}
		right := []bool{false}
		for _, code := range keyIndicators {
			head = append(head, lookup(code).NameVI)
			right = append(right, true)
			if code == "members.total" {
				head = append(head, vi.ReportColMembersChg)
				right = append(right, true)
			}
		}
		rows := [][]string{head}
		for _, c := range r.Children {
			row := []string{c.Name}
			for _, code := range keyIndicators {
				v, ind := c.Indicators[code], lookup(code)
				row = append(row, HumanValue(v.Value, ind))
				if code == "members.total" {
					chg := HumanChange(v.Change, ind)
					if v.Approximate && v.Change != nil {
						chg += vi.ReportApproxMark
						approx = true
					}
					row = append(row, chg)
				}
			}
			rows = append(rows, row)
		}
		writeAligned(bw, rows, right)
	}
	if approx || r.Approximate {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, vi.ReportApproxNote)
	}
	return bw.Flush()
}

// Title is the one-line title of a report: the unit, the period and the
// comparison period, in Vietnamese.
func Title(r *Report) string {
	return fmt.Sprintf(vi.ReportTitle, r.Scope.Title(), r.Period.NameVI(), r.ComparePeriod.NameVI())
}

// HumanValue writes a figure for people with its unit: 1.234.567 (counts
// and people), 18,53% (percentages), 1.234.000 đồng, 65.000 đồng/người;
// vi.NoData where there is none.
func HumanValue(x *float64, ind indicator.Indicator) string {
	if !known(x) {
		return vi.NoData
	}
	switch ind.Unit {
	case "percent":
		return vi.Number(*x, ind.Decimals) + "%"
	case "VND":
		return vi.Money(*x)
	case "VND/person":
		return vi.Number(*x, 0) + " " + vi.ReportUnitPerCapita
	}
	return humanPlain(*x, ind)
}

// HumanChange writes a change with its sign (+1.234, -18,5 đồng); a change
// of a percentage is in percentage points.
func HumanChange(x *float64, ind indicator.Indicator) string {
	if !known(x) {
		return vi.NoData
	}
	s := HumanValue(x, ind)
	if ind.Unit == "percent" {
		s = vi.Number(*x, ind.Decimals)
	}
	return signed(s, *x)
}

// signed puts a plus before a positive figure that does not round to zero.
func signed(s string, x float64) string {
	if x > 0 && strings.ContainsAny(s, "123456789") {
		return "+" + s
	}
	return s
}

// HumanPct writes a percentage change with its sign: +3,25%.
func HumanPct(x *float64) string {
	if !known(x) {
		return vi.NoData
	}
	return signed(vi.Percent(*x), *x)
}

// humanPlain writes a count: whole numbers without decimals, others with
// two (an apportioned previous figure may have a fraction).
func humanPlain(x float64, ind indicator.Indicator) string {
	if ind.Kind == indicator.Ratio {
		return vi.Number(x, ind.Decimals)
	}
	if ind.Whole() || math.Abs(x-math.Round(x)) < 0.005 {
		return vi.Number(math.Round(x), 0)
	}
	return vi.Number(x, 2)
}

// Width is the number of characters a terminal shows for s: runes after
// NFC composition, so that a Vietnamese letter typed as a base letter and
// combining marks counts once.
func Width(s string) int { return utf8.RuneCountInString(norm.NFC.String(s)) }

// writeAligned writes rows as columns separated by two spaces, padded to
// the widest cell; right says which columns are aligned right. The first
// row is a header, underlined.
func writeAligned(w io.Writer, rows [][]string, right []bool) {
	if len(rows) == 0 {
		return
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], Width(cell))
		}
	}
	line := func(row []string) {
		var b strings.Builder
		for i, cell := range row {
			cell = norm.NFC.String(cell)
			pad := strings.Repeat(" ", widths[i]-Width(cell))
			if i > 0 {
				b.WriteString("  ")
			}
			if right[i] {
				b.WriteString(pad + cell)
			} else {
				b.WriteString(cell + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(rows[0])
	var rule []string
	for _, n := range widths {
		rule = append(rule, strings.Repeat("-", n))
	}
	line(rule)
	for _, row := range rows[1:] {
		line(row)
	}
}
