package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// clusterRow is one cluster of the list, with its links when the caller
// may read it.
type clusterRow struct {
	Code     string
	Name     string
	Terms    []clusterTerm
	RankHref string
	Reports  []option // Value is the link, Label the period
}

// clusterTerm is a cluster's provinces over some days of its year; Days is
// empty for the whole year.
type clusterTerm struct {
	Days      string
	Provinces []string
}

// clustersData is the list of the clusters of a year.
type clustersData struct {
	Year      int
	Prev      string
	Next      string
	Clusters  []clusterRow
	CanImport bool // a nation admin, who may import a clusters file
}

// rankRow is one province in a cluster's ranking.
type rankRow struct {
	Rank int // 0 without data
	Name string
	Href string
	V    report.Value
}

// clusterData is the ranking of a cluster's provinces by one indicator.
type clusterData struct {
	Cluster    cluster.Cluster
	Period     period.Period
	Periods    []option
	Indicator  indicator.Indicator
	Indicators []option
	Rows       []rankRow
	Total      report.Value
	ReportHref string
}

// clustersPage lists the clusters of a year with their provinces, and for
// those the caller may read, links to their reports and rankings.
func (s *Server) clustersPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	def, err := s.clusterYear(r.Context())
	if err != nil {
		return err
	}
	year, err := queryYear(r, "year", def)
	if err != nil {
		return err
	}
	cs, err := cluster.List(r.Context(), s.db, year)
	if err != nil {
		return err
	}
	d := clustersData{
		Year:      year,
		Prev:      "/clusters?year=" + strconv.Itoa(year-1),
		Next:      "/clusters?year=" + strconv.Itoa(year+1),
		CanImport: canImportClusters(rq),
	}
	for _, c := range cs {
		row := clusterRow{Code: c.Code, Name: c.Name}
		for _, t := range c.Terms {
			ct := clusterTerm{}
			if !t.WholeYear() {
				ct.Days = fmt.Sprintf(vi.ClusterTermFromTo, vi.Date(t.From), vi.Date(t.To))
			}
			for _, p := range t.Provinces {
				ct.Provinces = append(ct.Provinces, p.Name)
			}
			row.Terms = append(row.Terms, ct)
		}
		if canReadCluster(rq, c) {
			ref := units.Ref{Level: units.Cluster, Code: c.Code}.String()
			row.RankHref = "/clusters/" + url.PathEscape(c.Code) + "?year=" + strconv.Itoa(year)
			for _, p := range yearPeriods(year) {
				row.Reports = append(row.Reports, option{
					Value: "/report?" + url.Values{"scope": {ref}, "period": {p.String()}}.Encode(),
					Label: p.NameVI(),
				})
			}
		}
		d.Clusters = append(d.Clusters, row)
	}
	title := fmt.Sprintf("%s %d", vi.UI["clusters.title"], year)
	return s.render(w, rq, http.StatusOK, "clusters", title, "clusters", d)
}

// clusterPage ranks the provinces of a cluster by one indicator for a
// period (the cluster of the period's year).
func (s *Server) clusterPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	code := r.PathValue("code")
	ind, err := queryIndicator(r, "indicator", "members.ratio")
	if err != nil {
		return err
	}
	p, hasPeriod, err := queryPeriod(r, "period")
	if err != nil {
		return err
	}
	year := p.Year
	if !hasPeriod {
		if year, err = s.clusterYear(r.Context()); err != nil {
			return err
		}
	}
	if year, err = queryYear(r, "year", year); err != nil {
		return err
	}
	if hasPeriod && p.Year != year {
		return apperr.New(apperr.Invalid, vi.UI["clusters.err_year"], p.NameVI(), year)
	}
	c, err := s.readableCluster(r.Context(), rq, year, code)
	if err != nil {
		return err
	}
	if !hasPeriod {
		if p, err = s.latestInYear(r.Context(), rq, c, year); err != nil {
			return err
		}
	}
	ref := units.Ref{Level: units.Cluster, Code: c.Code}
	rep, err := s.buildReport(r.Context(), rq, ref, p)
	if err != nil {
		return err
	}
	d := clusterData{
		Cluster: c, Period: p, Indicator: ind,
		Indicators: indicatorOptions(ind.Code),
		Total:      rep.Indicators[ind.Code],
		ReportHref: "/report?" + url.Values{"scope": {ref.String()}, "period": {p.String()}}.Encode(),
	}
	for _, q := range yearPeriods(year) {
		d.Periods = append(d.Periods, option{Value: q.String(), Label: q.NameVI(), Selected: q == p})
	}
	if p.Kind != period.Half && p.Kind != period.Year {
		d.Periods = append([]option{{Value: p.String(), Label: p.NameVI(), Selected: true}}, d.Periods...)
	}
	for _, ch := range rep.Children {
		row := rankRow{Name: ch.Name, V: ch.Indicators[ind.Code]}
		if u, err := rq.tree.Resolve(units.Province, ch.Code, p.End()); err == nil && rq.scope.CanRead(u.ID) {
			row.Href = "/?" + url.Values{"unit": {u.Ref()}, "period": {p.String()}, "indicator": {ind.Code}}.Encode()
		}
		d.Rows = append(d.Rows, row)
	}
	rank(d.Rows)
	title := fmt.Sprintf("%s · %s", c.Name, ind.NameVI)
	return s.render(w, rq, http.StatusOK, "cluster", title, "clusters", d)
}

// yearPeriods are the periods a cluster of year is shown for: its two
// half-years and the year.
func yearPeriods(year int) []period.Period {
	return []period.Period{{Kind: period.Half, Year: year, N: 1}, {Kind: period.Half, Year: year, N: 2}, {Kind: period.Year, Year: year}}
}

// clusterYear is the year whose clusters are shown by default: this year,
// or last year while this year's clusters are not yet imported.
func (s *Server) clusterYear(ctx context.Context) (int, error) {
	y := s.today().Year()
	cs, err := cluster.List(ctx, s.db, y)
	if err != nil || len(cs) > 0 {
		return y, err
	}
	if cs, err = cluster.List(ctx, s.db, y-1); err != nil || len(cs) == 0 {
		return y, err
	}
	return y - 1, nil
}

// latestInYear is the latest half-year of year with data for the
// cluster's provinces, else the first half-year. The half-year in
// progress counts only when the figures of every province are complete
// enough, as a dashboard opens on it (openingStart): a stock carried into
// it is not its figures.
func (s *Server) latestInYear(ctx context.Context, rq *request, c cluster.Cluster, year int) (period.Period, error) {
	y := period.Period{Kind: period.Year, Year: year}
	from := earlier(s.today(), y.End())
	if cur := halfYearOf(s.today()); halfYearOf(from) == cur {
		for _, id := range c.ProvinceIDs() {
			u := rq.tree.Get(id)
			if u == nil {
				continue
			}
			done, err := s.complete(ctx, rq, u, cur)
			if err != nil {
				return cur, err
			}
			if !done {
				from = previousHalf(cur).End()
				break
			}
		}
	}
	p, err := s.latestWithData(ctx, rq, c.ProvinceIDs(), from, y.Start())
	if err != nil || p.Year == year {
		return p, err
	}
	return period.Period{Kind: period.Half, Year: year, N: 1}, nil
}

// rank orders the rows by value, largest first, those without data last,
// and numbers them; equal values share a rank (1, 2, 2, 4).
func rank(rows []rankRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].V.Value, rows[j].V.Value
		if a == nil || b == nil {
			return a != nil && b == nil
		}
		return *a > *b
	})
	for i := range rows {
		switch {
		case rows[i].V.Value == nil:
			rows[i].Rank = 0
		case i > 0 && rows[i-1].V.Value != nil && *rows[i-1].V.Value == *rows[i].V.Value:
			rows[i].Rank = rows[i-1].Rank
		default:
			rows[i].Rank = i + 1
		}
	}
}
