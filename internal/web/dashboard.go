package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// headlineCodes are the figures at the top of the dashboard.
var headlineCodes = []string{
	"members.total", "members.ratio", "org.branches",
	"fund.raised", "fund.per_capita", "models.family.registered",
	"models.family.recognized", "models.citizen.recognized", "centers.total",
}

// childColumns are the figures of the children table, the ones a meeting
// compares unit by unit; the indicator chosen for the charts is added.
var childColumns = []string{"members.total", "members.ratio", "org.branches", "fund.raised", "fund.per_capita"}

// trendLength is how many half-years the trend chart covers.
const trendLength = 6

// headline is one figure of the dashboard with its comparison.
type headline struct {
	Code string
	V    report.Value
}

// childRow is a child unit in a table: its name, a link to its dashboard
// when the caller may read it, and its figures.
type childRow struct {
	Name  string
	Href  string
	Cells []cell
}

// trendPoint is one half-year of the trend; Estimated marks a figure
// estimated through the lineage of a reorganisation.
type trendPoint struct {
	Label     string
	Cell      cell
	Estimated bool
}

// chartData is what app.js draws, sent as JSON in the page: the trend,
// whose axis of figures starts at zero. The children's chart is drawn by
// the page itself (barChart).
type chartData struct {
	Name       string     `json:"name"`
	Decimals   int        `json:"decimals"`
	TrendLabel string     `json:"trend_label"`
	Trend      chartTrack `json:"trend"`
}

// chartTrack is one chart: labels (a line break where a label may wrap)
// and values (null for no data).
type chartTrack struct {
	Labels []string   `json:"labels"`
	Values []*float64 `json:"values"`
}

// dashboardData is the dashboard page.
type dashboardData struct {
	Unit        *units.Unit
	Ref         string
	Period      period.Period
	Compare     period.Period
	Periods     []option
	Indicator   indicator.Indicator
	Indicators  []option
	Headlines   []headline
	Columns     []string
	Children    []childRow
	Trend       []trendPoint
	Estimated   bool // a point of the trend is estimated
	Chart       chartData
	Bars        barChart
	Approximate bool
	ReportHref  string
	UnitHref    string
	// Provisional marks a period still in progress; Steps are what the
	// caller should do next, on their own unit's dashboard.
	Provisional bool
	Steps       []nextStep
	// Targets are the learning titles' rates against their targets.
	Targets []targetRow
}

// targetRow is a rate of the titles against its target, written out.
type targetRow struct {
	Name, Value, Target, Reached string
	Year, TargetYear             int
	Province, Met                bool
}

// targetRows writes the report's progress against targets for the page.
func targetRows(rep *report.Report) []targetRow {
	var out []targetRow
	for _, p := range rep.Targets {
		ind, _ := indicator.Default.Get(p.Code)
		r := targetRow{Name: ind.NameVI, Value: report.HumanValue(p.Value, ind), Target: vi.Points(p.Target) + "%",
			Year: p.Year, TargetYear: p.TargetYear, Province: p.Province, Reached: "–"}
		if p.Reached != nil {
			r.Reached = vi.Percent(*p.Reached)
			r.Met = *p.Reached >= 100
		}
		out = append(out, r)
	}
	return out
}

// dashboard shows the figures of one unit (the caller's own by default)
// for a period: headline figures against the same period a year before,
// the children in a table, and the trend and children charts.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, p, err := s.unitSubject(r, rq, "unit")
	if err != nil {
		return err
	}
	ind, err := queryIndicator(r, "indicator", "members.total")
	if err != nil {
		return err
	}
	ctx := r.Context()
	rep, err := s.buildReport(ctx, rq, units.Ref{Level: u.Level, Code: u.Code}, p)
	if err != nil {
		return err
	}
	d := dashboardData{
		Unit: u, Ref: u.Ref(), Period: p, Compare: rep.ComparePeriod,
		Periods:     markProvisional(periodOptions(s.today(), u.ValidFrom, u.ValidTo, p), s.today()),
		Provisional: p.End().After(s.today()),
		Indicator:   ind,
		Indicators:  indicatorOptions(ind.Code),
		Approximate: rep.Approximate,
		ReportHref:  "/report?" + url.Values{"scope": {u.Ref()}, "period": {p.String()}}.Encode(),
		UnitHref:    "/units/" + u.Ref() + "?" + url.Values{"at": {period.Date(p.End())}}.Encode(),
		Chart:       chartData{Name: ind.NameVI, Decimals: ind.Decimals, TrendLabel: vi.UI["dash.col_period"]},
		Bars:        childBars(rep, ind),
		Targets:     targetRows(rep),
	}
	if root := rq.scope.Root(); root != nil && root.ID == u.ID {
		if d.Steps, err = s.nextSteps(ctx, rq, root, s.today()); err != nil {
			return err
		}
	}
	for _, code := range headlineCodes {
		d.Headlines = append(d.Headlines, headline{Code: code, V: rep.Indicators[code]})
	}
	d.Columns = append(d.Columns, childColumns...)
	if !slices.Contains(d.Columns, ind.Code) {
		d.Columns = append(d.Columns, ind.Code)
	}
	d.Children = childRows(rq, rep, d.Columns, func(cu *units.Unit) string {
		return "/?" + url.Values{"unit": {cu.Ref()}, "period": {p.String()}, "indicator": {ind.Code}}.Encode()
	})

	// The trend: the chosen period and the half-years before it (or the
	// years, for a year), through the lineage across a reorganisation.
	steps := make([]period.Period, trendLength)
	for i, q := trendLength-1, p; i >= 0; i-- {
		steps[i] = q
		if q.Kind == period.Half {
			q = previousHalf(q)
		} else {
			q.Year--
		}
	}
	trend, err := s.trend(ctx, rq, u.ID, steps, ind)
	if err != nil {
		return err
	}
	for i, q := range steps {
		x, est := trendValue(trend[i], ind)
		label := shortPeriod(q)
		if est {
			label += " *"
			d.Estimated = true
		}
		d.Trend = append(d.Trend, trendPoint{Label: q.NameVI(), Cell: figureCell(x, ind), Estimated: est})
		d.Chart.Trend.Labels = append(d.Chart.Trend.Labels, label)
		d.Chart.Trend.Values = append(d.Chart.Trend.Values, x)
	}
	title := u.FullName() + " · " + p.NameVI()
	return s.render(w, rq, http.StatusOK, "dashboard", title, "dashboard", d)
}

// shortPeriod is a period's label under a chart, on two lines so that six
// fit a phone's width: "6T đầu" over "2025"; a year is its number.
func shortPeriod(p period.Period) string {
	switch {
	case p.Kind == period.Half && p.N == 1:
		return vi.UI["dash.short_h1"] + "\n" + strconv.Itoa(p.Year)
	case p.Kind == period.Half:
		return vi.UI["dash.short_h2"] + "\n" + strconv.Itoa(p.Year)
	}
	return strconv.Itoa(p.Year)
}

// trend computes one indicator of a unit for each of the periods steps,
// through the memo.
func (s *Server) trend(ctx context.Context, rq *request, id int64, steps []period.Period, ind indicator.Indicator) ([]rollup.Result, error) {
	key := fmt.Sprintf("trend|%d|%s|%v", id, ind.Code, steps)
	x, err := s.memoized(ctx, rq, key, []int64{id}, func() (any, error) {
		ev := rollup.NewEvaluator(s.db, rq.tree, indicator.Default)
		out := make([]rollup.Result, len(steps))
		for i, q := range steps {
			v, err := figure(ctx, ev, id, q, ind)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return x.([]rollup.Result), nil
}
