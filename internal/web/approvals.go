package web

import (
	"net/http"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// approvalRow is a submitted form waiting for the caller's decision.
type approvalRow struct {
	Unit        *units.Unit
	Period      period.Period
	By          string // the sender's name
	SubmittedAt time.Time
	Warnings    int
	Review      string // the page to read the figures on and decide
}

// approvalsData is the approvals queue.
type approvalsData struct {
	Rows   []approvalRow
	Notice string
}

// approvalsPage lists the submitted forms of the units the caller may
// approve (those strictly inside their scope, entry.AwaitingApproval),
// oldest first, each with its sender's name, its number of warnings and a
// link to the page where its figures are read and it is approved or
// returned (approvalPage): no form is approved without its figures in view.
func (s *Server) approvalsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	waiting, err := entry.AwaitingApproval(r.Context(), s.db, rq.tree, rq.principal())
	if err != nil {
		return err
	}
	var d approvalsData
	for _, f := range waiting {
		d.Rows = append(d.Rows, approvalRow{Unit: f.Unit, Period: f.Period, By: f.ByName, SubmittedAt: f.SubmittedAt,
			Warnings: f.Warnings, Review: approvalHref(f.Unit, f.Period)})
	}
	if key, ok := entryNotices[r.URL.Query().Get("done")]; ok {
		d.Notice = vi.UI[key]
	}
	return s.render(w, rq, http.StatusOK, "approvals", vi.UI["approve.title"], "approvals", d)
}

// approvalHref is the approval page of a unit's form for a period.
func approvalHref(u *units.Unit, p period.Period) string {
	return "/approvals/" + u.Ref() + "/" + p.String()
}

// reviewRow is one figure of a form on the approval page: the value, the
// previous period's and the same period last year's, and the changes.
type reviewRow struct {
	Label                   string
	Value                   string
	Previous, PrevChange    string
	Compare, CompareChange  string
	PrevTrend, CompareTrend string // CSS classes: up, down, flat
	Warned                  bool
}

// approvalData is the approval page of a form.
type approvalData struct {
	Unit     *units.Unit
	Period   period.Period
	Form     entry.Form
	Action   string // the form's address, to which /approve and /return are added
	Sender   string
	Rows     []reviewRow
	Own      []reviewRow // the association's own figures, when the form has some
	Warnings []entryWarning
	Waiting  bool
}

// approvalPage shows a unit's form to whoever approves it: every figure
// with its previous value, the same period last year's and the changes,
// the warnings of the plausibility checks with the officer's explanations
// highlighted, and the buttons to approve it or to return it with a
// comment.
func (s *Server) approvalPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, p, err := entrySubject(r, rq, approve)
	if err != nil {
		return err
	}
	ctx := r.Context()
	f, err := entry.Load(ctx, s.db, rq.tree, u.ID, p)
	if err != nil {
		return err
	}
	d := approvalData{Unit: u, Period: p, Form: f, Action: entryHref(u, p), Waiting: f.Status == entry.StatusSubmitted}
	d.Warnings = warningsOf(f.Warnings, nil, nil)
	d.Rows = reviewRows(f)
	if f.Others > 0 {
		own, err := entry.LoadAs(ctx, s.db, rq.tree, u.ID, p, rollup.Own)
		if err != nil {
			return err
		}
		d.Own = reviewRows(own)
	}
	nameOf, err := s.namesOf(ctx, f)
	if err != nil {
		return err
	}
	d.Sender = nameOf(f.UpdatedBy)
	for i := range d.Warnings {
		d.Warnings[i].By = nameOf(d.Warnings[i].By)
	}
	return s.render(w, rq, http.StatusOK, "approval", vi.UI["approve.title"]+" · "+u.FullName()+" · "+p.NameVI(), "approvals", d)
}

// WarningsView is the form's list of warnings with their explanations,
// as written.
func (d approvalData) WarningsView() warningsView {
	return warningsView{Heading: vi.UI["checks.heading"], List: d.Warnings}
}

// reviewRows are the figures of a form that it or the earlier periods
// hold, in catalogue order; the rows of the warned figures are marked.
func reviewRows(f entry.Form) []reviewRow {
	warned := map[string]bool{}
	if f.Basis == rollup.Total {
		for _, w := range f.Warnings {
			for _, code := range w.Indicators {
				warned[code] = true
			}
		}
	}
	var out []reviewRow
	for _, fl := range f.Fields {
		if fl.Value == nil && fl.Previous == nil && fl.Compare == nil {
			continue
		}
		ind := fl.Indicator
		row := reviewRow{Label: ind.NameVI, Value: report.HumanValue(fl.Value, ind), Warned: warned[ind.Code],
			Previous: report.HumanValue(fl.Previous, ind), Compare: report.HumanValue(fl.Compare, ind)}
		if fl.Value == nil {
			row.Value = vi.UI["approve.no_value"]
		}
		row.PrevChange, row.PrevTrend = changeText(fl.Value, fl.Previous, ind)
		row.CompareChange, row.CompareTrend = changeText(fl.Value, fl.Compare, ind)
		out = append(out, row)
	}
	return out
}

// changeText writes the change from before to now (+110 (+4,33%)) and its
// trend; "–" when either is missing.
func changeText(now, before *float64, ind indicator.Indicator) (string, string) {
	if now == nil || before == nil {
		return vi.NoData, "flat"
	}
	diff := *now - *before
	s := report.HumanChange(&diff, ind)
	if *before != 0 {
		pct := diff / *before * 100
		s += " (" + report.HumanPct(&pct) + ")"
	}
	switch {
	case diff > 0:
		return s, "up"
	case diff < 0:
		return s, "down"
	}
	return s, "flat"
}
