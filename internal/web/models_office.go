package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The officers' page of the learning titles (/danh-hieu): a commune's
// registrations of a year with their state, score, decision and
// certificate; the branch verifies the ones it picks, the commune
// recognises the ones it picks under one decision, and each recognition's
// certificate is printed from its row (/giay-chung-nhan/CODE).

// modelsData is the page.
type modelsData struct {
	Place    *memberPlace
	Year     int
	Years    []option
	Rows     []modelRow
	CanWrite bool
	Pickable bool // some row may be ticked: the actions are shown
	Notice   string
	Alert    string
	// The recognition form, as typed.
	Decision, Date, Body string
	Today                string
	Query                string // unit and year, for the forms' actions
}

// modelRow is a registration in the list.
type modelRow struct {
	ID                                  int64
	Title, Name, Status, StatusKey      string
	Score, Decision, Code               string
	Passed, Scored, Selectable, Checked bool
	CertHref, VerifyHref                string
}

// modelsView reads the commune and year chosen and lists the commune's
// registrations of that year; checked are the rows to keep ticked.
func (s *Server) modelsView(r *http.Request, rq *request, checked map[int64]bool) (*modelsData, error) {
	place, err := s.memberPlaceOf(r, rq)
	if err != nil {
		return nil, err
	}
	today := s.today()
	d := &modelsData{Place: place, Year: today.Year(), Today: vi.Date(today)}
	if y, err := strconv.Atoi(queryValue(r, "year")); err == nil && y >= 2000 && y <= today.Year()+1 {
		d.Year = y
	}
	for y := today.Year() + 1; y >= today.Year()-4; y-- {
		d.Years = append(d.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == d.Year})
	}
	if place.Commune == nil {
		return d, nil
	}
	d.Query = url.Values{"unit": {place.Commune.Ref()}, "year": {strconv.Itoa(d.Year)}}.Encode()
	d.CanWrite = rq.scope.CanWrite(place.Commune.ID)
	list, err := models.ListRegistrations(r.Context(), s.db, rq.tree, rq.principal(), place.Commune.ID, d.Year)
	if err != nil {
		return nil, err
	}
	for _, l := range list {
		row := modelRow{ID: l.ID, Title: l.Title.Label(), Name: l.Name, Status: vi.ModelStatus(l.Status), StatusKey: l.Status,
			Passed: l.Passed, Decision: l.Decision, Code: l.Code, Checked: checked[l.ID]}
		if l.TargetGroup != "" {
			row.Title += " · " + vi.TargetGroup(l.TargetGroup)
		}
		row.Scored = l.Status != models.StatusRegistered
		if row.Scored {
			row.Score = vi.Points(l.Total)
		}
		row.Selectable = d.CanWrite && (l.Status == models.StatusEvaluated || l.Status == models.StatusVerified)
		d.Pickable = d.Pickable || row.Selectable
		if l.Code != "" {
			row.CertHref, row.VerifyHref = "/giay-chung-nhan/"+l.Code, "/xac-minh/"+l.Code
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// modelsPage shows the list, with what the last action did.
func (s *Server) modelsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.modelsView(r, rq, nil)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(queryValue(r, "n"))
	switch queryValue(r, "done") {
	case "verified":
		d.Notice = fmt.Sprintf(vi.UI["models.done_verified"], n)
	case "recognised":
		d.Notice = fmt.Sprintf(vi.UI["models.done_recognised"], n, queryValue(r, "decision"))
	}
	return s.render(w, rq, http.StatusOK, "models_office", vi.UI["models.title"], "models", d)
}

// postedIDs reads the registrations ticked in the list.
func postedIDs(r *http.Request) ([]int64, map[int64]bool) {
	if err := r.ParseForm(); err != nil {
		return nil, nil
	}
	var ids []int64
	set := map[int64]bool{}
	for _, v := range r.PostForm["id"] {
		if id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && id > 0 && !set[id] {
			ids = append(ids, id)
			set[id] = true
		}
	}
	return ids, set
}

// modelsVerify records the branch's confirmation of the ticked rows, all
// or none (models.Verify).
func (s *Server) modelsVerify(w http.ResponseWriter, r *http.Request, rq *request) error {
	ids, checked := postedIDs(r)
	err := models.Verify(r.Context(), s.db, rq.tree, rq.principal(), ids, s.now())
	return s.modelsAfter(w, r, rq, checked, err, url.Values{"done": {"verified"}, "n": {strconv.Itoa(len(ids))}})
}

// modelsRecognise recognises the ticked rows under one decision, all or
// none (models.Recognise).
func (s *Server) modelsRecognise(w http.ResponseWriter, r *http.Request, rq *request) error {
	ids, checked := postedIDs(r)
	dec := models.Decision{Number: strings.TrimSpace(r.PostFormValue("decision")), Body: strings.TrimSpace(r.PostFormValue("body"))}
	day, bad := postedDay(r, "date")
	var err error
	if bad != nil {
		err = apperr.New(apperr.Invalid, vi.UI["models.bad_date"], bad["date"])
	} else {
		dec.Date = day
		_, err = models.Recognise(r.Context(), s.db, rq.tree, rq.principal(), ids, dec, s.now())
	}
	return s.modelsAfter(w, r, rq, checked, err, url.Values{"done": {"recognised"}, "n": {strconv.Itoa(len(ids))}, "decision": {dec.Number}})
}

// modelsAfter answers an action: back to the list with what was done, or
// the list again with the refusal and the rows still ticked.
func (s *Server) modelsAfter(w http.ResponseWriter, r *http.Request, rq *request, checked map[int64]bool, err error, done url.Values) error {
	if err == nil {
		q := r.URL.Query()
		for k, v := range done {
			q[k] = v
		}
		http.Redirect(w, r, "/danh-hieu?"+q.Encode(), http.StatusSeeOther)
		return nil
	}
	if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Conflict && c != apperr.Forbidden {
		return err
	}
	d, verr := s.modelsView(r, rq, checked)
	if verr != nil {
		return verr
	}
	d.Alert = err.Error()
	d.Decision, d.Date, d.Body = r.PostFormValue("decision"), r.PostFormValue("date"), r.PostFormValue("body")
	return s.render(w, rq, status(err), "models_office", vi.UI["models.title"], "models", d)
}
