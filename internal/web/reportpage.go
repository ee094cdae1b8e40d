package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// textSection is one section of the narrative: a heading and its
// sentences, or a lone paragraph (the "no data" line).
type textSection struct {
	Heading string
	Items   []string
}

// indicatorRow is one line of the report's table of figures.
type indicatorRow struct {
	Code string
	V    report.Value
}

// reportData is the report page.
type reportData struct {
	Ref         string
	PeriodText  string
	Lead        []string // the title, scope and comparison lines
	Sections    []textSection
	Rows        []indicatorRow
	Columns     []string
	Children    []childRow
	Approximate bool
	JSONHref    string
	CSVHref     string
	Scopes      []option
}

// reportPage shows the report of a unit, the nation or a cluster for a
// period: the same sentences as `khuyenhoc report --format text`, the table
// of figures, the children's key figures and links to the JSON and CSV.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	rep, err := s.reportFor(r, rq)
	if err != nil {
		return err
	}
	var text bytes.Buffer
	if err := report.WriteText(&text, rep); err != nil {
		return err
	}
	ref := units.Ref{Level: units.Level(rep.Scope.Level), Code: rep.Scope.Code}.String()
	q := url.Values{"scope": {ref}, "period": {rep.Period.String()}}.Encode()
	d := reportData{
		Ref: ref, PeriodText: rep.Period.String(),
		Approximate: rep.Approximate,
		JSONHref:    "/report.json?" + q,
		CSVHref:     "/report.csv?" + q,
		Scopes:      s.scopeOptions(rq),
	}
	d.Lead, d.Sections = splitText(text.String())
	for _, ind := range indicator.Default.List {
		if v, ok := rep.Indicators[ind.Code]; ok && (v.Value != nil || v.Previous != nil) {
			d.Rows = append(d.Rows, indicatorRow{Code: ind.Code, V: v})
		}
	}
	d.Columns = childColumns
	d.Children = childRows(rq, rep, d.Columns, func(cu *units.Unit) string {
		return "/report?" + url.Values{"scope": {cu.Ref()}, "period": {rep.Period.String()}}.Encode()
	})
	return s.render(w, rq, http.StatusOK, "report", report.Title(rep), "report", d)
}

// reportJSON sends the report as the command line writes it with
// --format json, as a file to keep.
func (s *Server) reportJSON(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.reportFile(w, r, rq, "json", "application/json; charset=utf-8", report.WriteJSON)
}

// reportCSV sends the report as --format csv writes it.
func (s *Server) reportCSV(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.reportFile(w, r, rq, "csv", "text/csv; charset=utf-8", report.WriteCSV)
}

func (s *Server) reportFile(w http.ResponseWriter, r *http.Request, rq *request, ext, ctype string, write func(io.Writer, *report.Report) error) error {
	rep, err := s.reportFor(r, rq)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := write(&buf, rep); err != nil {
		return err
	}
	ref := units.Ref{Level: units.Level(rep.Scope.Level), Code: rep.Scope.Code}.String()
	name := "khuyenhoc-" + strings.ReplaceAll(ref, ":", "-") + "-" + rep.Period.String() + "." + ext
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// reportFor builds the report the query asks for: parameter scope (a unit,
// nation or cluster:N; the caller's scope unit when absent) and period (the
// latest half-year with data when absent), after the scope check.
func (s *Server) reportFor(r *http.Request, rq *request) (*report.Report, error) {
	ctx := r.Context()
	text := queryValue(r, "scope")
	if text != "" {
		ref, err := units.ParseRef(text)
		if err != nil {
			return nil, err
		}
		if ref.Level == units.Cluster {
			p, err := s.clusterPeriod(r, rq, ref.Code)
			if err != nil {
				return nil, err
			}
			return s.buildReport(ctx, rq, ref, p)
		}
	}
	u, p, err := s.unitSubject(r, rq, "scope")
	if err != nil {
		return nil, err
	}
	return s.buildReport(ctx, rq, units.Ref{Level: u.Level, Code: u.Code}, p)
}

// clusterPeriod checks that the caller may read cluster code in the year of
// the period asked for (this year's latest half-year with data when none
// is), and returns that period.
func (s *Server) clusterPeriod(r *http.Request, rq *request, code string) (period.Period, error) {
	p, hasPeriod, err := queryPeriod(r, "period")
	if err != nil {
		return p, err
	}
	year := p.Year
	if !hasPeriod {
		if year, err = s.clusterYear(r.Context()); err != nil {
			return p, err
		}
	}
	c, err := s.readableCluster(r.Context(), rq, year, code)
	if err != nil {
		return p, err
	}
	if !hasPeriod {
		p, err = s.latestInYear(r.Context(), rq, c, year)
	}
	return p, err
}

// readableCluster reads a cluster of a year and applies the scope check: a
// cluster the caller may not read is not found, like a unit.
func (s *Server) readableCluster(ctx context.Context, rq *request, year int, code string) (cluster.Cluster, error) {
	c, err := cluster.Get(ctx, s.db, year, code)
	if err != nil {
		return c, err
	}
	if !canReadCluster(rq, c) {
		return c, apperr.New(apperr.NotFound, vi.ErrNoSuchUnitForYou, units.Ref{Level: units.Cluster, Code: code}.String())
	}
	return c, nil
}

// canReadCluster is the scope check for a cluster of provinces: those of
// every term of its year.
func canReadCluster(rq *request, c cluster.Cluster) bool {
	return rq.scope.CanReadCluster(c.AllProvinceIDs())
}

// scopeOptions are the scopes offered on the report form: the caller's
// unit and its children today.
func (s *Server) scopeOptions(rq *request) []option {
	root := rq.scope.Root()
	if root == nil {
		return nil
	}
	out := []option{{Value: root.Ref(), Label: root.FullName()}}
	for _, c := range rq.tree.Children(root.ID, s.today()) {
		out = append(out, option{Value: c.Ref(), Label: c.FullName()})
	}
	return out
}

// splitText cuts the narrative of report.WriteText into its lead lines
// (title, scope, comparison) and its sections, so that the page shows
// exactly the sentences of the command line.
func splitText(text string) (lead []string, sections []textSection) {
	blocks := strings.Split(strings.TrimRight(text, "\n"), "\n\n")
	if len(blocks) > 0 {
		lead = strings.Split(blocks[0], "\n")
	}
	for _, b := range blocks[1:] {
		lines := strings.Split(b, "\n")
		var sec textSection
		for i, l := range lines {
			if item, ok := strings.CutPrefix(l, "- "); ok {
				sec.Items = append(sec.Items, item)
			} else if i == 0 {
				sec.Heading = l
			} else {
				sec.Items = append(sec.Items, l)
			}
		}
		sections = append(sections, sec)
	}
	return lead, sections
}
