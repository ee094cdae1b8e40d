package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// maxFound bounds the search results shown; findLimit bounds the rows read
// before the scope filter, so that a one-letter search stays cheap.
const (
	maxFound  = 100
	findLimit = 2000
)

// unitLink is a unit in a list: its names, where it lies, its validity and
// a link to its page when the caller may read it.
type unitLink struct {
	Name     string
	Level    string
	Code     string
	Place    string
	Validity string
	Href     string
	Note     string // for lineage links: whole or part, and since when
	Branches bool   // it has units below it
}

// unitsData is the unit browser: the search and the caller's unit with
// its children.
type unitsData struct {
	Query    string
	All      bool
	Searched bool
	Found    []unitLink
	More     bool
	Root     unitLink
	At       string
	Children []unitLink
}

// unitData is the page of one unit.
type unitData struct {
	Unit         *units.Unit
	Ref          string
	At           string
	Validity     string
	Path         []unitLink // from the nation down to the parent
	Parent       *unitLink
	Children     []unitLink
	Predecessors []unitLink
	Successors   []unitLink
	ReportHref   string
	DashHref     string
}

// unitsPage is the unit browser: a search by name that ignores case and
// diacritics, and the caller's unit with the units below it.
func (s *Server) unitsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	at, err := queryDate(r, "at", s.today())
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := unitsData{Query: strings.TrimSpace(q.Get("q")), All: q.Get("all") == "1", At: period.Date(at)}
	if d.Query != "" {
		d.Searched = true
		day := at
		if d.All {
			day = time.Time{}
		}
		found, err := units.Find(r.Context(), s.db, d.Query, day, findLimit)
		if err != nil {
			return err
		}
		for _, m := range found {
			if !rq.scope.CanRead(m.Unit.ID) {
				continue
			}
			if len(d.Found) == maxFound {
				d.More = true
				break
			}
			l := s.link(rq, m.Unit, at)
			l.Place = m.Place
			d.Found = append(d.Found, l)
		}
	}
	root, err := rootUnit(rq)
	if err != nil {
		return err
	}
	d.Root = s.link(rq, root, at)
	for _, c := range rq.tree.Children(root.ID, at) {
		d.Children = append(d.Children, s.link(rq, c, at))
	}
	return s.render(w, rq, http.StatusOK, "units", vi.UI["units.title"], "units", d)
}

// unitPage shows one unit at a date: what it is, where it lies, the units
// below it on that day and the units it was formed from or went into.
func (s *Server) unitPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	at, err := queryDate(r, "at", s.today())
	if err != nil {
		return err
	}
	u, err := rq.unit(r.PathValue("ref"), at, read)
	if err != nil {
		return err
	}
	d := unitData{
		Unit: u, Ref: u.Ref(), At: period.Date(at), Validity: validity(u),
		ReportHref: "/report?" + url.Values{"scope": {u.Ref()}, "at": {period.Date(at)}}.Encode(),
		DashHref:   "/?" + url.Values{"unit": {u.Ref()}, "at": {period.Date(at)}}.Encode(),
	}
	anc := rq.tree.Ancestors(u.ID)
	for i := len(anc) - 1; i >= 0; i-- {
		d.Path = append(d.Path, s.link(rq, anc[i], at))
	}
	if len(d.Path) > 0 {
		d.Parent = &d.Path[len(d.Path)-1]
	}
	for _, c := range rq.tree.Children(u.ID, at) {
		d.Children = append(d.Children, s.link(rq, c, at))
	}
	lin := rq.tree.Lineage(u.ID)
	for _, p := range lin.Predecessors {
		d.Predecessors = append(d.Predecessors, s.lineageLink(rq, p))
	}
	for _, p := range lin.Successors {
		d.Successors = append(d.Successors, s.lineageLink(rq, p))
	}
	return s.render(w, rq, http.StatusOK, "unit", u.FullName(), "units", d)
}

// link describes a unit for a list, with a link to its page on day at (or
// on a day it existed) when the caller may read it.
func (s *Server) link(rq *request, u *units.Unit, at time.Time) unitLink {
	l := unitLink{Name: u.FullName(), Level: string(u.Level), Code: u.Code, Validity: validity(u), Branches: rq.tree.HasChildren(u.ID)}
	if rq.scope.CanRead(u.ID) {
		day := at
		if !u.ValidAt(day) {
			day = clampDay(u, s.today())
		}
		l.Href = unitHref(u, day)
	}
	return l
}

// lineageLink describes a predecessor or successor with its link: whole or
// part (with the share when known), and the day it took effect.
func (s *Server) lineageLink(rq *request, ld units.Linked) unitLink {
	l := s.link(rq, ld.Unit, clampDay(ld.Unit, s.today()))
	switch {
	case ld.Link.Full:
		l.Note = vi.UI["units.full"]
	case ld.Link.Share != nil:
		l.Note = vi.UI["units.partial"] + " (" + vi.Percent(*ld.Link.Share*100) + ")"
	default:
		l.Note = vi.UI["units.partial"]
	}
	if !ld.Link.Effective.IsZero() {
		l.Note += ", " + vi.UI["units.effective"] + " " + vi.Date(ld.Link.Effective)
	}
	return l
}

// clampDay is day t moved into the validity of unit u.
func clampDay(u *units.Unit, t time.Time) time.Time {
	if t.After(u.ValidTo) {
		t = u.ValidTo
	}
	if t.Before(u.ValidFrom) {
		t = u.ValidFrom
	}
	return t
}

// unitHref is the page of unit u on day at.
func unitHref(u *units.Unit, at time.Time) string {
	return "/units/" + u.Ref() + "?" + url.Values{"at": {period.Date(at)}}.Encode()
}

// validity writes a unit's validity for people: "01/07/2025 – nay".
func validity(u *units.Unit) string {
	from := vi.UI["units.since_start"]
	if u.ValidFrom.After(units.Beginning) {
		from = vi.Date(u.ValidFrom)
	}
	to := vi.UI["units.until_now"]
	if u.ValidTo.Before(units.Forever) {
		to = vi.Date(u.ValidTo)
	}
	return from + " – " + to
}
