package web

import (
	"net/http"
	"net/url"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The history of a figure (GET /history?unit=…&period=…&indicator=…),
// reached from the figures of the report page and the dashboard: every
// write of the figure at the unit, and the latest writes below it, whose
// sum the unit's figure is when it has none of its own. The area checks
// that the user may read the unit.

// historyHref links the history of indicator code of unit ref for period
// per; empty when there is none to show.
func historyHref(ref, per, code string) string {
	ind, ok := indicator.Default.Get(code)
	if !ok || ind.Kind == indicator.Ratio {
		return ""
	}
	r, err := units.ParseRef(ref)
	if err != nil || r.Level == units.Cluster {
		return ""
	}
	return "/history?" + url.Values{"unit": {ref}, "period": {per}, "indicator": {code}}.Encode()
}

// historyRow is one write of a figure as the page shows it.
type historyRow struct {
	At      string
	Unit    string
	Actor   string
	Old     string
	New     string
	Through string
}

// historyData is the history page.
type historyData struct {
	Unit       *units.Unit
	Period     period.Period
	Indicator  indicator.Indicator
	Rows       []historyRow
	Below      []historyRow
	BelowTotal int
	HasBelow   bool
	ReportHref string
}

func (s *Server) historyPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, ok, err := queryPeriod(r, "period")
	if err != nil {
		return err
	}
	ref, code := queryValue(r, "unit"), queryValue(r, "indicator")
	if !ok || ref == "" || code == "" {
		return apperr.New(apperr.Invalid, vi.ErrHistoryArgs)
	}
	// The area checks the caller may read the unit, and says so in the
	// history's words.
	u, err := rq.unit(ref, p.End(), resolveOnly)
	if err != nil {
		return err
	}
	h, err := aggregate.HistoryOf(r.Context(), s.db, rq.tree, rq.principal(), u.ID, p, code)
	if err != nil {
		return err
	}
	rows := func(cs []aggregate.Change) []historyRow {
		out := make([]historyRow, 0, len(cs))
		for _, c := range cs {
			row := historyRow{At: vi.Time(c.At), Actor: c.Actor, Old: vi.HistoryFirstValue,
				New: report.HumanValue(&c.New, h.Indicator), Through: vi.HistoryThrough(c.Kind, c.Source)}
			if c.Old != nil {
				row.Old = report.HumanValue(c.Old, h.Indicator)
			}
			if x := rq.tree.Get(c.UnitID); x != nil {
				row.Unit = x.FullName()
			}
			if c.Basis == rollup.Own {
				row.Unit += " (" + vi.BasisOwnShort + ")"
			}
			out = append(out, row)
		}
		return out
	}
	d := historyData{Unit: u, Period: p, Indicator: h.Indicator, Rows: rows(h.Changes), Below: rows(h.Below),
		BelowTotal: h.BelowTotal, HasBelow: rq.tree.HasChildren(u.ID),
		ReportHref: "/report?" + url.Values{"scope": {u.Ref()}, "period": {p.String()}}.Encode()}
	return s.render(w, rq, http.StatusOK, "history", vi.UI["history.title"]+" — "+h.Indicator.NameVI, "report", d)
}
