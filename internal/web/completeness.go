package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// completenessRow is a child unit with its status.
type completenessRow struct {
	Name   string
	Status entry.Status
	Href   string // its form, when the caller may open it
}

// completenessCount is one status of the summary, with the link that
// filters the list by it.
type completenessCount struct {
	entry.Count
	Href     string
	Selected bool
}

// completenessData is the completeness view.
type completenessData struct {
	Unit    *units.Unit
	Period  period.Period
	Periods []option
	Total   int
	Counts  []completenessCount
	Filter  entry.Status
	AllHref string
	Rows    []completenessRow
}

// completenessPage shows, for a parent unit (the caller's scope unit by
// default) and a period (the current half-year by default), which children
// have no figures, imported ones, a draft, submitted or approved figures:
// counts and percentages, and the list, which "status" filters.
func (s *Server) completenessPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	today := s.today()
	p, ok, err := queryPeriod(r, "period")
	if err != nil {
		return err
	}
	if !ok {
		p = halfYearOf(today)
	}
	var u *units.Unit
	if ref := queryValue(r, "unit"); ref != "" {
		if u, err = rq.unit(ref, p.End(), read); err != nil {
			return err
		}
	} else if u, err = rootUnit(rq); err != nil {
		return err
	}
	filter := entry.Status(queryValue(r, "status"))
	if filter != "" && !slices.Contains(entry.Statuses, filter) {
		return apperr.New(apperr.Invalid, vi.ErrCompleteStatus, string(filter))
	}
	if !u.ValidAt(p.End()) {
		return errUnitNotInPeriod(u, p)
	}
	pr, err := entry.Completeness(r.Context(), s.db, rq.tree, u.ID, p)
	if err != nil {
		return err
	}
	base := url.Values{"unit": {u.Ref()}, "period": {p.String()}}
	d := completenessData{
		Unit: u, Period: p, Total: pr.Total, Filter: filter,
		Periods: periodOptions(today, u.ValidFrom, u.ValidTo, p),
		AllHref: "/completeness?" + base.Encode(),
	}
	for _, c := range pr.Counts {
		q := url.Values{"unit": base["unit"], "period": base["period"], "status": {string(c.Status)}}
		d.Counts = append(d.Counts, completenessCount{Count: c, Href: "/completeness?" + q.Encode(), Selected: c.Status == filter})
	}
	for _, c := range pr.Children {
		if filter != "" && c.Status != filter {
			continue
		}
		row := completenessRow{Name: c.Unit.FullName(), Status: c.Status}
		if rq.scope.CanWrite(c.Unit.ID) {
			row.Href = entryHref(c.Unit, p)
		}
		d.Rows = append(d.Rows, row)
	}
	title := vi.UI["complete.title"] + " · " + u.FullName() + " · " + p.NameVI()
	return s.render(w, rq, http.StatusOK, "completeness", title, "completeness", d)
}
