package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/checks"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// explainPrefix starts the name of the field of a warning's explanation
// in the entry form: explain:change:members.total.
const explainPrefix = "explain:"

// entryWarning is a warning of the plausibility checks as the form and
// the approval page show it.
type entryWarning struct {
	Key         string
	ID          string // the key made fit for an HTML id
	Message     string
	Explanation string // as stored, or as typed in a form sent back
	By          string // who explained it
	At          time.Time
	Error       string // the refusal under it: no explanation yet
}

// warningsOf turns a form's warnings into what the pages show: typed
// explanations (a form sent back) over stored ones, and the refusal under
// each warning in missing.
func warningsOf(ws []entry.Warning, typed map[string]string, missing []checks.Warning) []entryWarning {
	lacking := map[string]bool{}
	for _, m := range missing {
		lacking[m.Key] = true
	}
	out := make([]entryWarning, 0, len(ws))
	for _, w := range ws {
		ew := entryWarning{Key: w.Key, ID: htmlID(w.Key), Message: w.Message, Explanation: w.Explanation, By: w.ExplainedBy, At: w.ExplainedAt}
		if text, ok := typed[w.Key]; ok {
			ew.Explanation = text
		}
		if lacking[w.Key] {
			ew.Error = vi.ErrExplanationMissing
		}
		out = append(out, ew)
	}
	return out
}

// warningsView is the list of a form's warnings as the template
// "warnings" shows it: with a field for each explanation while Editable.
// Prefix starts its HTML ids, for a page that lists the warnings of
// several forms (the upload page).
type warningsView struct {
	Heading  string
	List     []entryWarning
	Editable bool
	Prefix   string
}

// WarningsView is the form's list of warnings.
func (d entryFormData) WarningsView() warningsView {
	return warningsView{Heading: vi.UI["checks.heading"], List: d.Warnings, Editable: d.Editable}
}

// withWarnings adds the form's warnings to the form's data and marks the
// figures they are about.
func (d *entryFormData) withWarnings(f entry.Form, typed map[string]string, missing []checks.Warning) {
	d.Warnings = warningsOf(f.Warnings, typed, missing)
	if f.Basis != rollup.Total {
		return // the checks read the totals
	}
	warned := map[string]bool{}
	for _, w := range f.Warnings {
		warned[w.Indicators[0]] = true
	}
	for i := range d.Fields {
		d.Fields[i].Warned = warned[d.Fields[i].Code]
	}
}

// explanationsOf reads the explanations posted with the entry form, by
// warning key.
func explanationsOf(r *http.Request) map[string]string {
	out := map[string]string{}
	for name, vs := range r.PostForm {
		if key, ok := strings.CutPrefix(name, explainPrefix); ok && len(vs) > 0 {
			out[key] = strings.TrimSpace(vs[0])
		}
	}
	return out
}

// entryRefused sends the entry form back (400) with what was refused: the
// faults of typed fields (bad), an alert, and the warnings left without an
// explanation (missing), keeping what the officer typed.
func (s *Server) entryRefused(w http.ResponseWriter, r *http.Request, rq *request, u *units.Unit, p period.Period, b rollup.Basis,
	typed map[string]string, bad entry.FieldErrors, explained map[string]string, missing []checks.Warning, alert string) error {
	f, err := entry.LoadAs(r.Context(), s.db, rq.tree, u.ID, p, b)
	if err != nil {
		return err
	}
	d, err := s.entryFormOf(r.Context(), rq, u, p, f, typed, bad)
	if err != nil {
		return err
	}
	d.withWarnings(d.Form, explained, missing)
	if alert != "" {
		d.Alert = vi.Sentence(alert)
	}
	return s.render(w, rq, http.StatusBadRequest, "entry", entryTitle(u, p), "entry", d)
}

// htmlID makes a warning key fit for an HTML id and a CSS selector:
// change:members.total → change-members-total.
func htmlID(key string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '-'
	}, key)
}
