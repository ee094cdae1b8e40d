package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// indicatorRow is one line of the report's table of figures.
type indicatorRow struct {
	Code string
	V    report.Value
}

// link is a labelled address.
type link struct {
	Href  string
	Label string
}

// pickerData is the form at the top of the report page: the scope's name
// (the text field, with the list offered without script) and the periods.
type pickerData struct {
	Field  unitPicker
	Docs   []option // periods with a document
	Data   []option // second half-years: data only
	Period string
}

// reportData is the report page.
type reportData struct {
	Picker pickerData
	// Choices are the scopes a typed name matched when it matched several;
	// Alert says why there is no report (nothing matched).
	Choices []link
	Alert   string

	// HasReport is set when the page shows a report (not only the form).
	HasReport bool
	Ref       string
	Period    period.Period
	// DataOnly marks a second half-year: its figures and machine files,
	// no document (the year-end report covers it); Notice says so and
	// YearHref leads to that year's report.
	DataOnly bool
	Notice   string
	YearHref string

	// Doc is the report's document, for every period but a second
	// half-year; Rows are the figures of a second half-year.
	Doc         *docView
	Rows        []indicatorRow
	Columns     []string
	Children    []childRow
	Approximate bool
	Downloads   []link
}

// reportPage shows the report of a unit, the nation or a cluster for a
// period, chosen with the pickers, with its downloads. A name typed into
// the picker without script (parameter find), or into the address instead
// of a code (parameter scope), is turned into the scope's code and the
// browser sent to that report's address.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	if find := queryValue(r, "find"); find != "" {
		return s.reportFind(w, r, rq, find)
	}
	// A scope that is not a unit's code (a name typed into the address)
	// is looked for as the picker would look for it.
	if scope := queryValue(r, "scope"); scope != "" {
		if _, err := units.ParseRef(scope); err != nil {
			return s.reportFind(w, r, rq, scope)
		}
	}
	ref, p, sub, err := s.reportSubject(r, rq)
	if err != nil {
		return err
	}
	rep, err := s.buildReport(r.Context(), rq, ref, p)
	if err != nil {
		return err
	}
	d := reportData{HasReport: true, Ref: ref.String(), Period: p, Approximate: rep.Approximate}
	if d.Picker, err = s.picker(r.Context(), rq, sub, p); err != nil {
		return err
	}
	for _, f := range reportFormats {
		if !secondHalf(p) || !f.document {
			d.Downloads = append(d.Downloads, link{Href: "/report." + f.ext + "?" + reportQuery(ref.String(), p), Label: vi.UI["report.download_"+f.ext]})
		}
	}
	if secondHalf(p) {
		year := period.Period{Kind: period.Year, Year: p.Year}
		d.DataOnly = true
		d.Notice = fmt.Sprintf(vi.ReportH2Notice, p.NameVI(), year.NameVI(), p.NameVI())
		d.YearHref = reportHref(ref.String(), year)
		for _, ind := range indicator.Default.List {
			if v, ok := rep.Indicators[ind.Code]; ok && (v.Value != nil || v.Previous != nil) {
				d.Rows = append(d.Rows, indicatorRow{Code: ind.Code, V: v})
			}
		}
	} else {
		doc, err := s.reportDocument(r.Context(), rq, ref, rep)
		if err != nil {
			return err
		}
		v := docViewOf(doc)
		d.Doc = &v
	}
	d.Columns = childColumns
	d.Children = childRows(rq, rep, d.Columns, func(cu *units.Unit) string { return reportHref(cu.Ref(), p) })
	return s.render(w, rq, http.StatusOK, "report", report.Title(rep), "report", d)
}

// reportFind answers a name typed into the picker without script: the
// one scope it names is opened by its code; several are offered as
// choices; none is said on the page, with the form to try again.
func (s *Server) reportFind(w http.ResponseWriter, r *http.Request, rq *request, find string) error {
	p, hasPeriod, err := queryPeriod(r, "period")
	if err != nil {
		return err
	}
	if !hasPeriod {
		p = lastFinished(s.today())
	}
	one, several, err := s.resolveFind(r.Context(), rq, find, pickPeriod(p))
	status := http.StatusOK
	d := reportData{}
	switch {
	case apperr.CodeOf(err) == apperr.NotFound:
		status, d.Alert = http.StatusNotFound, s.message(r, err)
	case err != nil:
		return err
	case several == nil:
		http.Redirect(w, r, reportHref(one.Ref, p), http.StatusSeeOther)
		return nil
	}
	for _, c := range several {
		d.Choices = append(d.Choices, link{Href: reportHref(c.Ref, p), Label: c.Label})
	}
	if d.Picker, err = s.picker(r.Context(), rq, subject{}, p); err != nil {
		return err
	}
	d.Picker.Field.Text = find
	return s.render(w, rq, status, "report", vi.UI["nav.report"], "report", d)
}

// picker fills the form for scope sub (none when zero) and period p.
func (s *Server) picker(ctx context.Context, rq *request, sub subject, p period.Period) (pickerData, error) {
	d := pickerData{Period: p.String()}
	d.Docs, d.Data = periodChoices(s.today(), p)
	subjects, err := s.defaultSubjects(ctx, rq, pickPeriod(p))
	d.Field = reportField(sub, p, subjects)
	return d, err
}

// readableCluster reads a cluster of a year and applies the scope check: a
// cluster the caller may not read is not found, like a unit.
func (s *Server) readableCluster(ctx context.Context, rq *request, year int, code string) (cluster.Cluster, error) {
	c, err := cluster.Get(ctx, s.db, year, code)
	if err != nil {
		return c, err
	}
	if !canReadCluster(rq, c) {
		return c, apperr.New(apperr.NotFound, vi.ErrNoSuchUnitForYou, clusterSubjectOf(c).Label)
	}
	return c, nil
}

// canReadCluster is the scope check for a cluster of provinces: those of
// every term of its year.
func canReadCluster(rq *request, c cluster.Cluster) bool {
	return rq.scope.CanReadCluster(c.AllProvinceIDs())
}

// errNoMatch says that nothing the caller reads has the name typed: at
// the end of the report's period, or today for a picker of units.
func errNoMatch(text string, where pickWhere) error {
	if where.Year == 0 {
		return apperr.New(apperr.NotFound, vi.ErrPickNoMatch, text)
	}
	return apperr.New(apperr.NotFound, vi.ErrReportNoMatch, text, vi.Date(where.At))
}
