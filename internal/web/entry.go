package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/number"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// entryListRow is a unit the caller may enter figures for, with where its
// figures for the period stand.
type entryListRow struct {
	Name   string
	Href   string
	Status entry.Status
}

// entryListData is the list of units to enter figures for.
type entryListData struct {
	Period   period.Period
	Periods  []option
	Rows     []entryListRow
	CanWrite bool
}

// entryList lists the units the caller may enter figures for, for a
// period (the current half-year by default): their scope unit and the
// units directly below it, each with its status and a link to its form.
func (s *Server) entryList(w http.ResponseWriter, r *http.Request, rq *request) error {
	root, err := rootUnit(rq)
	if err != nil {
		return err
	}
	today := s.today()
	p, ok, err := queryPeriod(r, "period")
	if err != nil {
		return err
	}
	if !ok {
		p = halfYearOf(today)
	}
	d := entryListData{Period: p, Periods: periodOptions(today, root.ValidFrom, root.ValidTo, p), CanWrite: rq.scope.CanWrite(root.ID)}
	if d.CanWrite {
		if root.ValidAt(p.End()) {
			f, err := entry.Load(r.Context(), s.db, rq.tree, root.ID, p)
			if err != nil {
				return err
			}
			d.Rows = append(d.Rows, entryListRow{Name: root.FullName(), Href: entryHref(root, p), Status: f.Status})
		}
		if len(rq.tree.Children(root.ID, p.End())) > 0 {
			pr, err := entry.Completeness(r.Context(), s.db, rq.tree, root.ID, p)
			if err != nil {
				return err
			}
			for _, c := range pr.Children {
				if rq.scope.CanWrite(c.Unit.ID) {
					d.Rows = append(d.Rows, entryListRow{Name: c.Unit.FullName(), Href: entryHref(c.Unit, p), Status: c.Status})
				}
			}
		}
	}
	return s.render(w, rq, http.StatusOK, "entry_list", vi.UI["entry.list_title"]+" · "+p.NameVI(), "entry", d)
}

// entryHref is the address of the form of a unit and period.
func entryHref(u *units.Unit, p period.Period) string {
	return "/entry/" + u.Ref() + "/" + p.String()
}

// entryField is one line of the form as the template writes it.
type entryField struct {
	Code     string
	Label    string
	Unit     string // "người", "hộ", "đồng"; empty for plain counts
	Mode     string // the inputmode: numeric for whole numbers
	Value    string // the text in the field
	Previous string
	Compare  string
	Error    string
	Warned   bool // a warning of the plausibility checks is about this figure
}

// entryFormData is the data-entry form of a unit and period.
type entryFormData struct {
	Unit       *units.Unit
	Period     period.Period
	Form       entry.Form
	Action     string
	Basis      string // the form's basis: total or own
	Bases      []entryBasis
	Fields     []entryField
	Editable   bool
	CanApprove bool
	Notice     string
	Alert      string
	// Warnings are the plausibility checks' warnings with the officer's
	// explanations (entry_checks.go).
	Warnings []entryWarning
	// ApprovalHref is the page where an approver reads the figures and
	// decides.
	ApprovalHref string
}

// entryBasis is one choice of what the form takes: the unit's totals or
// the association's own figures at that level.
type entryBasis struct {
	Value, Label, Hint string
	Checked            bool
}

// entryBasisOf reads the basis a request asks for (total when not given);
// anything else is refused.
func entryBasisOf(s string) (rollup.Basis, error) {
	if s == "" {
		return rollup.Total, nil
	}
	if b, ok := rollup.ParseBasis(s); ok {
		return b, nil
	}
	return rollup.Total, apperr.New(apperr.Invalid, vi.ErrEntryBasis, s)
}

// entryBasisHref is the address of the form of a unit and period for
// basis b, with the query q (url-encoded, may be empty).
func entryBasisHref(u *units.Unit, p period.Period, b rollup.Basis, q url.Values) string {
	if b == rollup.Own {
		if q == nil {
			q = url.Values{}
		}
		q.Set("basis", b.String())
	}
	if len(q) == 0 {
		return entryHref(u, p)
	}
	return entryHref(u, p) + "?" + q.Encode()
}

// entryNotices are the confirmations shown after an action, by the
// "done" parameter of the redirect.
var entryNotices = map[string]string{
	"saved": "entry.done_saved", "submitted": "entry.done_submitted", "approved": "entry.done_approved",
	"returned": "entry.done_returned", "unlocked": "entry.done_unlocked",
}

// entrySubject reads the unit and period of an entry address and checks
// that the caller may do need with the unit, resolved at the period's end
// (the day whose units the period's figures belong to).
func entrySubject(r *http.Request, rq *request, need auth.Need) (*units.Unit, period.Period, error) {
	p, err := rq.period(r.PathValue("period"))
	if err != nil {
		return nil, p, err
	}
	u, err := rq.unit(r.PathValue("ref"), p.End(), need)
	return u, p, err
}

// entryForm shows the form of a unit and period.
func (s *Server) entryForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, p, err := entrySubject(r, rq, write)
	if err != nil {
		return err
	}
	b, err := entryBasisOf(r.URL.Query().Get("basis"))
	if err != nil {
		return err
	}
	f, err := entry.LoadAs(r.Context(), s.db, rq.tree, u.ID, p, b)
	if err != nil {
		return err
	}
	d, err := s.entryFormOf(r.Context(), rq, u, p, f, nil, nil)
	if err != nil {
		return err
	}
	d.withWarnings(d.Form, nil, nil)
	if key, ok := entryNotices[r.URL.Query().Get("done")]; ok {
		d.Notice = vi.UI[key]
	}
	return s.render(w, rq, http.StatusOK, "entry", entryTitle(u, p), "entry", d)
}

// entryFormOf builds the form's data: the loaded form, with who last
// changed it, who approved it and who explained its warnings named as
// people (not by e-mail), and for a
// form sent back with faults, the typed text and the fault of each field.
func (s *Server) entryFormOf(ctx context.Context, rq *request, u *units.Unit, p period.Period, f entry.Form, typed map[string]string, bad entry.FieldErrors) (entryFormData, error) {
	nameOf, err := s.namesOf(ctx, f)
	if err != nil {
		return entryFormData{}, err
	}
	f.UpdatedBy, f.ApprovedBy = nameOf(f.UpdatedBy), nameOf(f.ApprovedBy)
	ws := make([]entry.Warning, len(f.Warnings))
	for i, w := range f.Warnings {
		w.ExplainedBy = nameOf(w.ExplainedBy)
		ws[i] = w
	}
	f.Warnings = ws
	d := entryFormData{
		Unit: u, Period: p, Form: f, Action: entryHref(u, p), Basis: f.Basis.String(),
		Editable:   f.Status.Editable(),
		CanApprove: rq.scope.CanApprove(u.ID), ApprovalHref: approvalHref(u, p),
	}
	for _, b := range []rollup.Basis{rollup.Total, rollup.Own} {
		label, hint := vi.BasisTotal, vi.UI["entry.basis_total_hint"]
		if b == rollup.Own {
			label, hint = vi.BasisOwn, vi.UI["entry.basis_own_hint"]
		}
		d.Bases = append(d.Bases, entryBasis{Value: b.String(), Label: label, Hint: hint, Checked: b == f.Basis})
	}
	for _, fl := range f.Fields {
		ind := fl.Indicator
		ef := entryField{
			Code: ind.Code, Label: ind.NameVI, Unit: vi.UI["entry.unit."+ind.Unit], Mode: "numeric",
			Previous: report.HumanValue(fl.Previous, ind), Compare: report.HumanValue(fl.Compare, ind),
		}
		if ind.Decimals > 0 {
			ef.Mode = "decimal"
		}
		if text, ok := typed[ind.Code]; ok {
			ef.Value = text
		} else if fl.Value != nil {
			ef.Value = number.Format(*fl.Value, ind.Decimals == 0)
		}
		ef.Error = bad[ind.Code]
		d.Fields = append(d.Fields, ef)
	}
	if len(bad) > 0 {
		d.Alert = firstLine(bad.Error())
	}
	return d, nil
}

// entrySave saves the typed figures as a draft (action=save) or saves and
// submits them (action=submit). A bad field sends the form back with
// every fault under its field and nothing saved. The caller's right is
// entry's to check, as for approving, returning and unlocking below.
func (s *Server) entrySave(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, p, err := entrySubject(r, rq, resolveOnly)
	if err != nil {
		return err
	}
	action := r.PostFormValue("action")
	if action != "save" && action != "submit" {
		return apperr.New(apperr.Invalid, vi.ErrEntryAction, action)
	}
	b, err := entryBasisOf(r.PostFormValue("basis"))
	if err != nil {
		return err
	}
	values := map[string]string{}
	for _, ind := range indicator.Default.Base() {
		if vs, ok := r.PostForm[ind.Code]; ok && len(vs) > 0 {
			values[ind.Code] = strings.TrimSpace(vs[0])
		}
	}
	explained := explanationsOf(r)
	ctx := r.Context()
	err = entry.SaveDraftAs(ctx, s.db, rq.tree, rq.principal(), u.ID, p, b, values, s.now())
	var bad entry.FieldErrors
	if errors.As(err, &bad) {
		return s.entryRefused(w, r, rq, u, p, b, values, bad, explained, nil, "")
	}
	if err != nil {
		return err
	}
	if err := entry.Explain(ctx, s.db, rq.tree, rq.principal(), u.ID, p, explained, s.now()); apperr.CodeOf(err) == apperr.Invalid {
		return s.entryRefused(w, r, rq, u, p, b, nil, nil, explained, nil, s.message(r, err))
	} else if err != nil {
		return err
	}
	done := "saved"
	if action == "submit" {
		err := entry.Submit(ctx, s.db, rq.tree, rq.principal(), u.ID, p, s.now())
		if un, ok := errors.AsType[entry.Unexplained](err); ok {
			return s.entryRefused(w, r, rq, u, p, b, nil, nil, explained, un.Warnings, s.message(r, err))
		}
		if err != nil {
			return err
		}
		done = "submitted"
	}
	http.Redirect(w, r, entryBasisHref(u, p, b, url.Values{"done": {done}}), http.StatusSeeOther)
	return nil
}

// entryApprove accepts the submitted figures of a unit: an action of an
// officer above it.
func (s *Server) entryApprove(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, p, err := entrySubject(r, rq, resolveOnly)
	if err != nil {
		return err
	}
	if err := entry.Approve(r.Context(), s.db, rq.tree, rq.principal(), u.ID, p, s.now()); err != nil {
		return err
	}
	s.afterApproval(w, r, u, p, "approved")
	return nil
}

// entryReturn sends submitted figures back with a comment (required).
func (s *Server) entryReturn(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, p, err := entrySubject(r, rq, resolveOnly)
	if err != nil {
		return err
	}
	if err := entry.Return(r.Context(), s.db, rq.tree, rq.principal(), u.ID, p, r.PostFormValue("comment"), s.now()); err != nil {
		return err
	}
	s.afterApproval(w, r, u, p, "returned")
	return nil
}

// entryUnlock reopens approved figures for a reason (required).
func (s *Server) entryUnlock(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, p, err := entrySubject(r, rq, resolveOnly)
	if err != nil {
		return err
	}
	if err := entry.Unlock(r.Context(), s.db, rq.tree, rq.principal(), u.ID, p, r.PostFormValue("reason"), s.now()); err != nil {
		return err
	}
	s.afterApproval(w, r, u, p, "unlocked")
	return nil
}

// afterApproval sends the browser back where the action came from (the
// approvals list names itself in "next"), else to the form.
func (s *Server) afterApproval(w http.ResponseWriter, r *http.Request, u *units.Unit, p period.Period, done string) {
	next := entryHref(u, p)
	if n := r.PostFormValue("next"); n != "" {
		next = safeNext(n)
	}
	sep := "?"
	if strings.Contains(next, "?") {
		sep = "&"
	}
	http.Redirect(w, r, next+sep+url.Values{"done": {done}}.Encode(), http.StatusSeeOther)
}

// entryTitle is the title of a form's page.
func entryTitle(u *units.Unit, p period.Period) string {
	return vi.UI["entry.title"] + " · " + u.FullName() + " · " + p.NameVI()
}

// firstLine is the first line of a message.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
