package web

import (
	"net/http"
	"sort"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/reporttext"
)

// The API of what a report says beside its figures (package reporttext):
// GET and PUT /api/v1/reports/{scope}/{period}/texts and .../letterhead,
// and GET .../texts/gathered for a cluster's secretary.

// apiText is one text as the API gives it.
type apiText struct {
	Text      string  `json:"text"`
	Version   int     `json:"version"`
	SavedBy   string  `json:"saved_by,omitempty"`
	SavedAt   *string `json:"saved_at,omitempty"`
	Prefilled bool    `json:"prefilled"`
	From      string  `json:"from,omitempty"`
}

func apiTextOf(t reporttext.Text) apiText {
	a := apiText{Text: t.Body, Version: t.Version, SavedBy: t.By, SavedAt: apiStamp(t.At), Prefilled: t.Prefilled()}
	if t.Prefilled() {
		a.From = t.From.String()
	}
	return a
}

// apiStamp writes an instant as RFC 3339 in UTC, nil for none.
func apiStamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// apiTexts is the answer of GET and PUT .../texts.
type apiTexts struct {
	Scope    string             `json:"scope"`
	Period   string             `json:"period"`
	Name     string             `json:"name"`
	Keys     []string           `json:"keys"`
	Sections map[string]apiText `json:"sections"`
	After    map[string]apiText `json:"after"`
	Writable bool               `json:"writable"`
}

func apiTextsOf(set reporttext.Set) apiTexts {
	a := apiTexts{Scope: set.Ref.String(), Period: set.Period.String(), Name: set.Name, Keys: report.TextKeys(),
		Sections: map[string]apiText{}, After: map[string]apiText{}, Writable: set.Writable}
	for k, t := range set.Sections {
		a.Sections[k] = apiTextOf(t)
	}
	for k, t := range set.After {
		a.After[k] = apiTextOf(t)
	}
	return a
}

// apiTextEdit is one text of a PUT: the text and the version it was
// written from (0 for none, or a pre-fill).
type apiTextEdit struct {
	Text    string `json:"text"`
	Version int    `json:"version"`
}

// apiTextsBody is the body of PUT .../texts: the texts to save, by
// section key and by indicator code; those left out stay as they are.
type apiTextsBody struct {
	Sections map[string]apiTextEdit `json:"sections"`
	After    map[string]apiTextEdit `json:"after"`
}

// apiReportTexts answers the texts of a scope and period.
func (s *Server) apiReportTexts(w http.ResponseWriter, r *http.Request, rq *request) error {
	_, _, set, err := s.loadTexts(r, rq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiTextsOf(set))
	return nil
}

// apiReportTextsPut saves texts (reporttext.SaveTexts): all or none, 409
// when one was saved by someone else since the version named.
func (s *Server) apiReportTextsPut(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, p, err := textsPath(r, rq)
	if err != nil {
		return err
	}
	var b apiTextsBody
	if err := apiDecode(w, r, &b); err != nil {
		return err
	}
	var edits []reporttext.Edit
	for _, k := range sortedKeys(b.Sections) {
		edits = append(edits, reporttext.Edit{Key: k, Text: b.Sections[k].Text, Version: b.Sections[k].Version})
	}
	for _, code := range sortedKeys(b.After) {
		edits = append(edits, reporttext.Edit{Key: reporttext.AfterPrefix + code, Text: b.After[code].Text, Version: b.After[code].Version})
	}
	set, err := reporttext.SaveTexts(r.Context(), s.db, rq.tree, rq.principal(), ref, p, edits, s.now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiTextsOf(set))
	return nil
}

// sortedKeys are a map's keys in order, so that a save's faults and
// history come in the same order every time.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// apiReportTextsGathered answers a cluster's provinces' texts for the same
// period, gathered for its secretary (reporttext.Gather); nothing is saved.
func (s *Server) apiReportTextsGathered(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, p, err := textsPath(r, rq)
	if err != nil {
		return err
	}
	got, err := reporttext.Gather(r.Context(), s.db, rq.tree, rq.principal(), ref, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"scope": ref.String(), "period": p.String(), "sections": got})
	return nil
}

// apiLetterheadBody is the body of PUT .../letterhead: every field is
// taken (one left out is cleared, and the document's default applies),
// from the version read.
type apiLetterheadBody struct {
	Superior    string   `json:"superior"`
	Issuer      string   `json:"issuer"`
	Number      string   `json:"number"`
	Place       string   `json:"place"`
	Recipients  []string `json:"recipients"`
	OnBehalf    string   `json:"on_behalf"`
	SignerTitle string   `json:"signer_title"`
	SignerName  string   `json:"signer_name"`
	Version     int      `json:"version"`
}

// apiLetterhead is a letterhead as the API gives it: the body's fields,
// who saved it and when, or the period it is carried forward from.
type apiLetterhead struct {
	apiLetterheadBody
	SavedBy   string  `json:"saved_by,omitempty"`
	SavedAt   *string `json:"saved_at,omitempty"`
	Prefilled bool    `json:"prefilled"`
	From      string  `json:"from,omitempty"`
}

func apiLetterheadOf(l reporttext.Letterhead) apiLetterhead {
	a := apiLetterhead{apiLetterheadBody: apiLetterheadBody{Superior: l.Superior, Issuer: l.Issuer, Number: l.Number, Place: l.Place,
		Recipients: l.Recipients, OnBehalf: l.OnBehalf, SignerTitle: l.SignerTitle, SignerName: l.SignerName, Version: l.Version},
		SavedBy: l.By, SavedAt: apiStamp(l.At), Prefilled: l.Prefilled()}
	if a.Recipients == nil {
		a.Recipients = []string{}
	}
	if l.Prefilled() {
		a.From = l.From.String()
	}
	return a
}

// apiReportLetterhead answers the letterhead of a scope's document.
func (s *Server) apiReportLetterhead(w http.ResponseWriter, r *http.Request, rq *request) error {
	_, _, set, err := s.loadTexts(r, rq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiLetterheadOf(set.Letterhead))
	return nil
}

// apiReportLetterheadPut saves the letterhead (reporttext.SaveLetterhead).
func (s *Server) apiReportLetterheadPut(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, p, err := textsPath(r, rq)
	if err != nil {
		return err
	}
	var b apiLetterheadBody
	if err := apiDecode(w, r, &b); err != nil {
		return err
	}
	lh := report.Letterhead{Superior: b.Superior, Issuer: b.Issuer, Number: b.Number, Place: b.Place, Recipients: b.Recipients,
		OnBehalf: b.OnBehalf, SignerTitle: b.SignerTitle, SignerName: b.SignerName}
	set, err := reporttext.SaveLetterhead(r.Context(), s.db, rq.tree, rq.principal(), ref, p, lh, b.Version, s.now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiLetterheadOf(set.Letterhead))
	return nil
}
