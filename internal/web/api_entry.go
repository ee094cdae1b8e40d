package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The data-entry form and its approval through the API: the same
// operations as the pages (entry.Explain, Submit, Approve, Return) and the
// warnings of the plausibility checks in the same words. A form's draft
// is filled by POST /api/v1/aggregates (the unit's own officer's rows).

// apiWarning is a warning of the plausibility checks on a form, with the
// officer's explanation once written.
type apiWarning struct {
	Key         string   `json:"key"`
	Kind        string   `json:"kind"`
	Indicators  []string `json:"indicators"`
	Message     string   `json:"message"`
	Explanation string   `json:"explanation"`
	ExplainedBy string   `json:"explained_by,omitempty"` // the user's name
	ExplainedAt string   `json:"explained_at,omitempty"`
}

// apiFigure is a figure of a form (the unit's totals) with the unit's
// figures of the previous period and of the same period last year.
type apiFigure struct {
	Indicator string   `json:"indicator"`
	Name      string   `json:"name"`
	Value     *float64 `json:"value"`
	Previous  *float64 `json:"previous"`
	Compare   *float64 `json:"compare"`
}

// apiForm is a unit's data-entry form for a period.
type apiForm struct {
	Unit              apiUnit      `json:"unit"`
	Period            string       `json:"period"`
	Status            string       `json:"status"`
	StatusLabel       string       `json:"status_label"`
	Comment           string       `json:"comment"`
	SentBy            string       `json:"sent_by,omitempty"` // the name of who last changed or sent it
	PreviousPeriod    string       `json:"previous_period"`
	ComparePeriod     string       `json:"compare_period"`
	Figures           []apiFigure  `json:"figures"`
	Warnings          []apiWarning `json:"warnings"`
	SubmittedWarnings int          `json:"submitted_warnings"`
	Page              string       `json:"page"`
	ApprovalPage      string       `json:"approval_page"`
}

// apiEntrySubmitBody is the body of POST …/submit: the explanations of the
// form's warnings by key (optional when there are none or they were
// written before).
type apiEntrySubmitBody struct {
	Explanations map[string]string `json:"explanations"`
}

// apiEntryReturnBody is the body of POST …/return.
type apiEntryReturnBody struct {
	Comment string `json:"comment"`
}

// apiEntryForm answers a unit's form for a period, to whoever may write
// the unit (its officer, or one above it).
func (s *Server) apiEntryForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, p, err := entrySubject(r, rq, write)
	if err != nil {
		return err
	}
	return s.apiFormAnswer(w, r, rq, u, p)
}

// apiEntrySubmit stores the explanations sent and submits the form: a
// warning left without an explanation refuses it (400) with the warnings
// in the error.
func (s *Server) apiEntrySubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, p, err := entrySubject(r, rq, resolveOnly)
	if err != nil {
		return err
	}
	var body apiEntrySubmitBody
	if r.ContentLength != 0 {
		if err := apiDecode(w, r, &body); err != nil {
			return err
		}
	}
	ctx := r.Context()
	if err := entry.Explain(ctx, s.db, rq.tree, rq.principal(), u.ID, p, body.Explanations, s.now()); err != nil {
		return err
	}
	err = entry.Submit(ctx, s.db, rq.tree, rq.principal(), u.ID, p, s.now())
	if un, ok := errors.AsType[entry.Unexplained](err); ok {
		ws := make([]apiWarning, len(un.Warnings))
		for i, x := range un.Warnings {
			ws[i] = apiWarning{Key: x.Key, Kind: string(x.Kind), Indicators: x.Indicators, Message: x.Message}
		}
		writeJSON(w, status(err), map[string]any{"error": map[string]any{
			"code": string(apperr.Invalid), "message": s.message(r, err), "warnings": ws,
		}})
		return nil
	}
	if err != nil {
		return err
	}
	return s.apiFormAnswer(w, r, rq, u, p)
}

// apiEntryApprove approves a submitted form: an action of an approver of
// the unit (their scope strictly contains it).
func (s *Server) apiEntryApprove(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, p, err := entrySubject(r, rq, resolveOnly)
	if err != nil {
		return err
	}
	if err := entry.Approve(r.Context(), s.db, rq.tree, rq.principal(), u.ID, p, s.now()); err != nil {
		return err
	}
	return s.apiFormAnswer(w, r, rq, u, p)
}

// apiEntryReturn returns a submitted form with a comment (required).
func (s *Server) apiEntryReturn(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, p, err := entrySubject(r, rq, resolveOnly)
	if err != nil {
		return err
	}
	var body apiEntryReturnBody
	if err := apiDecode(w, r, &body); err != nil {
		return err
	}
	if err := entry.Return(r.Context(), s.db, rq.tree, rq.principal(), u.ID, p, body.Comment, s.now()); err != nil {
		return err
	}
	return s.apiFormAnswer(w, r, rq, u, p)
}

// apiApprovals lists the forms waiting for the caller's approval, as the
// approvals page does.
func (s *Server) apiApprovals(w http.ResponseWriter, r *http.Request, rq *request) error {
	waiting, err := entry.AwaitingApproval(r.Context(), s.db, rq.tree, rq.principal())
	if err != nil {
		return err
	}
	type form struct {
		Unit        apiUnit `json:"unit"`
		Period      string  `json:"period"`
		SentBy      string  `json:"sent_by"`
		SubmittedAt string  `json:"submitted_at"`
		Warnings    int     `json:"warnings"`
		Form        string  `json:"form"`
		Page        string  `json:"page"`
	}
	out := []form{}
	for _, f := range waiting {
		out = append(out, form{Unit: apiUnitOf(rq.tree, f.Unit), Period: f.Period.String(), SentBy: f.ByName,
			SubmittedAt: vi.TimeISO(f.SubmittedAt), Warnings: f.Warnings,
			Form: apiPrefix + "entry/" + f.Unit.Ref() + "/" + f.Period.String(), Page: approvalHref(f.Unit, f.Period)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"forms": out})
	return nil
}

// apiFormAnswer answers the form of u for p as it now stands.
func (s *Server) apiFormAnswer(w http.ResponseWriter, r *http.Request, rq *request, u *units.Unit, p period.Period) error {
	ctx := r.Context()
	f, err := entry.Load(ctx, s.db, rq.tree, u.ID, p)
	if err != nil {
		return err
	}
	nameOf, err := s.namesOf(ctx, f)
	if err != nil {
		return err
	}
	out := apiForm{Unit: apiUnitOf(rq.tree, u), Period: p.String(), Status: string(f.Status), StatusLabel: f.Status.Label(),
		Comment: f.Comment, SentBy: nameOf(f.UpdatedBy), PreviousPeriod: f.PreviousPeriod.String(), ComparePeriod: f.ComparePeriod.String(),
		Figures: []apiFigure{}, SubmittedWarnings: f.SubmittedWarnings,
		Page: entryHref(u, p), ApprovalPage: approvalHref(u, p)}
	for _, fl := range f.Fields {
		if fl.Value == nil && fl.Previous == nil && fl.Compare == nil {
			continue
		}
		out.Figures = append(out.Figures, apiFigure{Indicator: fl.Indicator.Code, Name: fl.Indicator.NameVI,
			Value: fl.Value, Previous: fl.Previous, Compare: fl.Compare})
	}
	out.Warnings = apiWarningsOf(f, nameOf)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiWarningsOf lists the warnings of a form with their explanations.
func apiWarningsOf(f entry.Form, nameOf func(string) string) []apiWarning {
	out := []apiWarning{}
	for _, x := range f.Warnings {
		aw := apiWarning{Key: x.Key, Kind: string(x.Kind), Indicators: x.Indicators, Message: x.Message, Explanation: x.Explanation}
		if x.Explanation != "" {
			aw.ExplainedBy, aw.ExplainedAt = nameOf(x.ExplainedBy), vi.TimeISO(x.ExplainedAt)
		}
		out = append(out, aw)
	}
	return out
}

// namesOf gives the names of the people a form names by e-mail (who sent
// it, who explained its warnings); an e-mail without a user stays as kept.
func (s *Server) namesOf(ctx context.Context, f entry.Form) (func(string) string, error) {
	emails := []string{f.UpdatedBy, f.ApprovedBy}
	for _, w := range f.Warnings {
		emails = append(emails, w.ExplainedBy)
	}
	names, err := auth.NamesOf(ctx, s.db, emails)
	if err != nil {
		return nil, err
	}
	return func(email string) string {
		if n, ok := names[email]; ok {
			return n
		}
		return email
	}, nil
}
