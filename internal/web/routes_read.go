package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// readRoutes registers the read-only pages: the dashboard, the unit
// browser, the report with its downloads, and the clusters. One file per
// page (dashboard.go, units.go, reportpage.go, clusters.go); the helpers
// they share are below.
func (s *Server) readRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /{$}", s.page(s.dashboard))
	m.HandleFunc("GET /units", s.page(s.unitsPage))
	m.HandleFunc("GET /units/{ref}", s.page(s.unitPage))
	m.HandleFunc("GET /report", s.page(s.reportPage))
	m.HandleFunc("GET /report.pdf", s.page(s.reportDownload("pdf")))
	m.HandleFunc("GET /report.docx", s.page(s.reportDownload("docx")))
	m.HandleFunc("GET /report.xlsx", s.page(s.reportDownload("xlsx")))
	m.HandleFunc("GET /report.csv", s.page(s.reportDownload("csv")))
	m.HandleFunc("GET /report.json", s.page(s.reportDownload("json")))
	m.HandleFunc("GET /history", s.page(s.historyPage))
	m.HandleFunc("GET /clusters", s.page(s.clustersPage))
	m.HandleFunc("GET /clusters/{code}", s.page(s.clusterPage))
}

// option is one choice of a select box.
type option struct {
	Value    string
	Label    string
	Selected bool
}

// cell is a table cell: the text a person reads and the key a sortable
// table orders by (a plain number, empty when there is no figure).
type cell struct {
	Text string
	Sort string
}

// figureCell writes a report figure for a table.
func figureCell(x *float64, ind indicator.Indicator) cell {
	c := cell{Text: report.HumanValue(x, ind)}
	if x != nil && !math.IsNaN(*x) && !math.IsInf(*x, 0) {
		c.Sort = strconv.FormatFloat(*x, 'f', -1, 64)
	}
	return c
}

// childRows are the children of a report in a table: the figures of
// columns, and a link made by href to each child the caller may read.
func childRows(rq *request, rep *report.Report, columns []string, href func(*units.Unit) string) []childRow {
	var out []childRow
	for _, c := range rep.Children {
		row := childRow{Name: c.Name}
		if cu, err := rq.tree.Resolve(units.Level(c.Level), c.Code, rep.Period.End()); err == nil && rq.scope.CanRead(cu.ID) {
			row.Href = href(cu)
		}
		for _, code := range columns {
			ci, _ := indicator.Default.Get(code)
			row.Cells = append(row.Cells, figureCell(c.Indicators[code].Value, ci))
		}
		out = append(out, row)
	}
	return out
}

// today is the server's current day, as unit validity dates are written.
func (s *Server) today() time.Time { return units.Day(s.now()) }

// queryValue is the trimmed value of a query parameter, empty when absent.
// The pages and the API read their parameters through it.
func queryValue(r *http.Request, name string) string {
	return strings.TrimSpace(r.URL.Query().Get(name))
}

// queryPeriod reads a period parameter of a page; ok is false when it is
// absent.
func queryPeriod(r *http.Request, name string) (p period.Period, ok bool, err error) {
	v := queryValue(r, name)
	if v == "" {
		return period.Period{}, false, nil
	}
	p, err = pagePeriod(v)
	return p, err == nil, err
}

// pagePeriod reads a period written in a page's address. One spelt wrong
// is refused in words (vi.ErrPagePeriod), without the codes the format
// takes: people choose periods on the pages from lists of their names.
func pagePeriod(v string) (period.Period, error) {
	p, err := period.Parse(v)
	if err != nil {
		return p, apperr.New(apperr.Invalid, vi.ErrPagePeriod, v)
	}
	return p, nil
}

// queryDate reads a day parameter (2026-01-01), def when absent.
func queryDate(r *http.Request, name string, def time.Time) (time.Time, error) {
	v := queryValue(r, name)
	if v == "" {
		return def, nil
	}
	return units.ParseDate(v)
}

// queryIndicator reads an indicator code parameter, def when absent.
func queryIndicator(r *http.Request, name, def string) (indicator.Indicator, error) {
	v := queryValue(r, name)
	if v == "" {
		v = def
	}
	return indicator.Default.Lookup(v)
}

// queryYear reads a year parameter, def when absent.
func queryYear(r *http.Request, name string, def int) (int, error) {
	v := queryValue(r, name)
	if v == "" {
		return def, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2200 {
		return 0, apperr.New(apperr.Invalid, vi.ErrBadYear, v)
	}
	return y, nil
}

// indicatorOptions lists the catalogue for a select box, code selected.
func indicatorOptions(code string) []option {
	out := make([]option, 0, len(indicator.Default.List))
	for _, ind := range indicator.Default.List {
		out = append(out, option{Value: ind.Code, Label: ind.NameVI, Selected: ind.Code == code})
	}
	return out
}

// halfYearOf is the half-year that contains day t.
func halfYearOf(t time.Time) period.Period {
	n := 1
	if t.Month() > time.June {
		n = 2
	}
	return period.Period{Kind: period.Half, Year: t.Year(), N: n}
}

// previousHalf is the half-year before half-year p.
func previousHalf(p period.Period) period.Period {
	if p.N == 2 {
		return period.Period{Kind: period.Half, Year: p.Year, N: 1}
	}
	return period.Period{Kind: period.Half, Year: p.Year - 1, N: 2}
}

// earlier returns the earlier of two days.
func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// probeCodes are the figures that tell whether a unit has reported for a
// period: any one of them is enough.
var probeCodes = []string{"members.total", "population.total", "org.branches", "fund.raised", "models.family.registered", "centers.total"}

// searchBack is how many half-years the default period goes back to find
// one with data.
const searchBack = 6

// latestWithData finds the latest half-year, starting with the one that
// contains day from and going back at most searchBack steps, for which any
// of the units ids has a figure. Half-years that end before notBefore are
// not considered (a unit is shown for periods that end while it exists).
// Without data anywhere it is the half-year of from. The evaluator reads
// materialized roll-ups, so this costs a few small queries per year.
func (s *Server) latestWithData(ctx context.Context, rq *request, ids []int64, from, notBefore time.Time) (period.Period, error) {
	key := fmt.Sprintf("latest|%v|%s|%s", ids, period.Date(from), period.Date(notBefore))
	x, err := s.memoized(ctx, rq, key, ids, func() (any, error) { return s.findLatestWithData(ctx, rq.tree, ids, from, notBefore) })
	if err != nil {
		return period.Period{}, err
	}
	return x.(period.Period), nil
}

func (s *Server) findLatestWithData(ctx context.Context, tree *units.Tree, ids []int64, from, notBefore time.Time) (period.Period, error) {
	ev := rollup.NewEvaluator(s.db, tree, indicator.Default)
	first := halfYearOf(from)
	for p, i := first, 0; i < searchBack && !p.End().Before(notBefore); p, i = previousHalf(p), i+1 {
		for _, code := range probeCodes {
			ind, _ := indicator.Default.Get(code)
			for _, id := range ids {
				r, err := ev.Value(ctx, id, p, ind)
				if err != nil {
					return period.Period{}, err
				}
				if r.Has {
					return p, nil
				}
			}
		}
	}
	return first, nil
}

// figure computes one indicator of unit id for p as the report does: a
// stock or flow rolled up, a ratio from its rolled-up parts rounded to its
// decimals. Has is false for no data; Approximate marks a figure estimated
// through the lineage of a reorganisation (a share of a split unit).
func figure(ctx context.Context, ev *rollup.Evaluator, id int64, p period.Period, ind indicator.Indicator) (rollup.Result, error) {
	if ind.Kind != indicator.Ratio {
		return ev.Value(ctx, id, p, ind)
	}
	num, _ := indicator.Default.Get(ind.Numerator)
	den, _ := indicator.Default.Get(ind.Denominator)
	n, err := ev.Value(ctx, id, p, num)
	if err != nil {
		return rollup.Result{}, err
	}
	d, err := ev.Value(ctx, id, p, den)
	if err != nil || !n.Has || !d.Has || d.Value == 0 {
		return rollup.Result{}, err
	}
	m := math.Pow(10, float64(ind.Decimals))
	x := math.Round(n.Value/d.Value*ind.Scale*m) / m
	return rollup.Result{Value: x, Has: true, Approximate: n.Approximate || d.Approximate}, nil
}

// periodOptions lists the periods a unit valid from..to can be shown for:
// the last eight half-years and four years up to the half-year of day
// latest, newest first, with sel selected (added when it is not among them).
func periodOptions(latest, from, to time.Time, sel period.Period) []option {
	var ps []period.Period
	for p, i := halfYearOf(latest), 0; i < 8; p, i = previousHalf(p), i+1 {
		if p.N == 2 {
			ps = append(ps, period.Period{Kind: period.Year, Year: p.Year})
		}
		ps = append(ps, p)
	}
	var out []option
	found := false
	for _, p := range ps {
		if p.End().Before(from) || p.End().After(to) {
			continue
		}
		out = append(out, option{Value: p.String(), Label: p.NameVI(), Selected: p == sel})
		found = found || p == sel
	}
	if !found {
		out = append([]option{{Value: sel.String(), Label: sel.NameVI(), Selected: true}}, out...)
	}
	return out
}

// unitSubject resolves the unit a dashboard or report is about and its
// period from the query: the unit named by parameter param (the caller's
// scope unit when absent), looked up at parameter "at", else at the end of
// parameter "period", else today; and the period given, else the latest
// half-year with data that ends while the unit exists, the one in
// progress only when its figures are complete enough (openingStart). The unit passes the
// scope check before anything is read about it.
func (s *Server) unitSubject(r *http.Request, rq *request, param string) (*units.Unit, period.Period, error) {
	p, hasPeriod, err := queryPeriod(r, "period")
	if err != nil {
		return nil, p, err
	}
	today := s.today()
	u, at, err := s.queryUnit(r, rq, queryValue(r, param), p, hasPeriod)
	if err != nil {
		return nil, p, err
	}
	if !hasPeriod {
		from := earlier(earlier(today, at), u.ValidTo)
		if halfYearOf(from) == halfYearOf(today) {
			// The half-year in progress only when its figures are in.
			start, err := s.openingStart(r.Context(), rq, u, today)
			if err != nil {
				return nil, p, err
			}
			from = start.End()
		}
		p, err = s.latestWithData(r.Context(), rq, []int64{u.ID}, from, u.ValidFrom)
		if err != nil {
			return nil, p, err
		}
	}
	if !u.ValidAt(p.End()) {
		return nil, p, errUnitNotInPeriod(u, p)
	}
	return u, p, nil
}

// queryUnit resolves the unit named ref (the caller's scope unit when
// empty) at parameter "at", else at the end of period p when the query gave
// one, else today, after the scope check; it returns the day too.
func (s *Server) queryUnit(r *http.Request, rq *request, ref string, p period.Period, hasPeriod bool) (*units.Unit, time.Time, error) {
	def := s.today()
	if hasPeriod {
		def = p.End()
	}
	at, err := queryDate(r, "at", def)
	if err != nil {
		return nil, at, err
	}
	if ref == "" {
		u, err := rootUnit(rq)
		return u, at, err
	}
	u, err := rq.unit(ref, at, read)
	return u, at, err
}

// errUnitNotInPeriod refuses a page of a unit that did not exist at the
// end of the period.
func errUnitNotInPeriod(u *units.Unit, p period.Period) error {
	return apperr.New(apperr.Invalid, vi.ErrEntryUnitNotInPeriod, u.FullName(), vi.Date(p.End()), p.NameVI())
}

// rootUnit is the caller's scope unit; a user whose scope unit is unknown
// sees nothing.
func rootUnit(rq *request) (*units.Unit, error) {
	u := rq.scope.Root()
	if u == nil {
		return nil, apperr.New(apperr.NotFound, vi.ErrNoSuchUnitForYou, strconv.FormatInt(rq.user.ScopeUnitID, 10))
	}
	return u, nil
}
