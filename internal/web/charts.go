package web

import (
	"math"
	"sort"
	"strconv"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
)

// barsEach is how many children the bar chart shows at each end when
// there are many: the top ten and the bottom ten; the rest are in the
// table under it.
const barsEach = 10

// bar is one child in the bar chart: its rank (1 for the largest), name,
// figure as written and the bar's length in percent of the largest.
type bar struct {
	Rank int
	Name string
	Text string
	Pct  string
}

// barChart is a unit's children ranked by one indicator, largest first,
// drawn as horizontal bars: all of them, or with more than twice barsEach
// the top and the bottom barsEach, Between (those in the middle) being in
// the table only. Missing counts the children without the figure.
type barChart struct {
	Top, Bottom []bar
	Between     int
	Missing     int
}

// childBars ranks the children of rep by ind for the bar chart.
func childBars(rep *report.Report, ind indicator.Indicator) barChart {
	type ranked struct {
		name string
		x    float64
	}
	var rs []ranked
	var c barChart
	for _, ch := range rep.Children {
		x := wholeCount(ch.Indicators[ind.Code].Value, ind)
		if x == nil || math.IsNaN(*x) || math.IsInf(*x, 0) {
			c.Missing++
			continue
		}
		rs = append(rs, ranked{ch.Name, *x})
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].x > rs[j].x })
	top := 0.0
	if len(rs) > 0 {
		top = rs[0].x
	}
	mk := func(i int) bar {
		r := rs[i]
		b := bar{Rank: i + 1, Name: r.name, Text: report.HumanValue(&r.x, ind), Pct: "0"}
		if top > 0 && r.x > 0 {
			b.Pct = formatPct(r.x / top * 100)
		}
		return b
	}
	if len(rs) <= 2*barsEach {
		for i := range rs {
			c.Top = append(c.Top, mk(i))
		}
		return c
	}
	for i := 0; i < barsEach; i++ {
		c.Top = append(c.Top, mk(i))
	}
	for i := len(rs) - barsEach; i < len(rs); i++ {
		c.Bottom = append(c.Bottom, mk(i))
	}
	c.Between = len(rs) - 2*barsEach
	return c
}

// formatPct writes a bar's length for an SVG attribute: 37.5, at least a
// sliver for a figure above zero.
func formatPct(p float64) string {
	p = math.Max(0.5, math.Min(100, math.Round(p*10)/10))
	return strconv.FormatFloat(p, 'f', -1, 64)
}

// wholeCount is a figure as the pages show and chart it: rounded for an
// indicator of whole things (indicator.Whole), as it is.
func wholeCount(x *float64, ind indicator.Indicator) *float64 {
	if x == nil || !ind.Whole() {
		return x
	}
	r := math.Round(*x)
	return &r
}

// trendValue is a point of the trend: the figure as shown (wholeCount),
// nil for no data, and whether it is an estimate.
func trendValue(r rollup.Result, ind indicator.Indicator) (*float64, bool) {
	if !r.Has {
		return nil, false
	}
	v := r.Value
	return wholeCount(&v, ind), r.Approximate
}
