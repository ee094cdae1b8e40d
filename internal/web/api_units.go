package web

import (
	"net/http"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// apiUnitRef names a unit in API answers.
type apiUnitRef struct {
	Ref      string `json:"ref"`
	Level    string `json:"level"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	FullName string `json:"full_name"`
}

// apiUnit is a unit with its type, validity and parent.
type apiUnit struct {
	apiUnitRef
	Type      string      `json:"type"`
	ValidFrom *string     `json:"valid_from"`
	ValidTo   *string     `json:"valid_to"`
	Parent    *apiUnitRef `json:"parent"`
}

// apiLinked is the unit at the other end of a lineage link.
type apiLinked struct {
	Unit      apiUnit  `json:"unit"`
	Full      bool     `json:"full"`
	Share     *float64 `json:"share"`
	Effective string   `json:"effective"`
}

// apiUnitDetail is one unit as GET /api/v1/units/{ref} answers it.
type apiUnitDetail struct {
	apiUnit
	At           string      `json:"at"`
	Predecessors []apiLinked `json:"predecessors"`
	Successors   []apiLinked `json:"successors"`
	Children     []apiUnit   `json:"children"`
}

func apiUnitRefOf(u *units.Unit) apiUnitRef {
	return apiUnitRef{Ref: u.Ref(), Level: string(u.Level), Code: u.Code, Name: u.Name, FullName: u.FullName()}
}

func apiUnitOf(tree *units.Tree, u *units.Unit) apiUnit {
	out := apiUnit{apiUnitRef: apiUnitRefOf(u), Type: u.Type, ValidFrom: apiDate(u.ValidFrom), ValidTo: apiDate(u.ValidTo)}
	if p := tree.Get(u.ParentID); u.ParentID != 0 && p != nil {
		ref := apiUnitRefOf(p)
		out.Parent = &ref
	}
	return out
}

// apiUnits lists units valid on day "at": with "level", every unit of that
// level below "in" (the whole country when absent); without it, the
// children of "in" (of the caller's own unit when absent). Only units the
// caller may read are listed.
func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request, rq *request) error {
	at, err := s.apiDay(r)
	if err != nil {
		return err
	}
	var in *units.Unit
	if ref := queryValue(r, "in"); ref != "" {
		if in, err = rq.unit(ref, at, read); err != nil {
			return apperr.At("in", err)
		}
	}
	var list []*units.Unit
	if lv := queryValue(r, "level"); lv != "" {
		level, err := units.ParseLevel(lv)
		if err != nil {
			return apperr.At("level", err)
		}
		switch {
		case level == units.Cluster:
			return apperr.At("level", apperr.New(apperr.Invalid, vi.ErrAPIClusterNotUnit))
		case level == units.Nation:
			list = []*units.Unit{rq.tree.Nation()}
		case in == nil:
			list = rq.tree.All(level, at)
		default:
			list = rq.tree.Within(level, in.ID, at)
		}
	} else {
		if in == nil {
			in = rq.scope.Root()
		}
		if in != nil {
			list = rq.tree.Children(in.ID, at)
		}
	}
	out := []apiUnit{}
	for _, u := range list {
		if u != nil && rq.scope.CanRead(u.ID) {
			out = append(out, apiUnitOf(rq.tree, u))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"at": at.Format(units.DateLayout), "units": out})
	return nil
}

// apiUnitShow answers one unit valid on day "at" with its parent, validity,
// the units it was formed from and went into (those the caller may read),
// and its children on that day.
func (s *Server) apiUnitShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	at, err := s.apiDay(r)
	if err != nil {
		return err
	}
	u, err := rq.unit(r.PathValue("ref"), at, read)
	if err != nil {
		return err
	}
	d := apiUnitDetail{apiUnit: apiUnitOf(rq.tree, u), At: at.Format(units.DateLayout),
		Predecessors: []apiLinked{}, Successors: []apiLinked{}, Children: []apiUnit{}}
	lin := rq.tree.Lineage(u.ID)
	for _, l := range lin.Predecessors {
		if rq.scope.CanRead(l.Unit.ID) {
			d.Predecessors = append(d.Predecessors, apiLinkedOf(rq.tree, l))
		}
	}
	for _, l := range lin.Successors {
		if rq.scope.CanRead(l.Unit.ID) {
			d.Successors = append(d.Successors, apiLinkedOf(rq.tree, l))
		}
	}
	for _, c := range rq.tree.Children(u.ID, at) {
		if rq.scope.CanRead(c.ID) {
			d.Children = append(d.Children, apiUnitOf(rq.tree, c))
		}
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func apiLinkedOf(tree *units.Tree, l units.Linked) apiLinked {
	return apiLinked{Unit: apiUnitOf(tree, l.Unit), Full: l.Link.Full, Share: l.Link.Share,
		Effective: l.Link.Effective.Format(units.DateLayout)}
}

// apiUnitSearchLimit bounds the answers of a search.
const apiUnitSearchLimit = 100

// apiUnitSearch finds units by name, ignoring case and diacritics
// (units.Find), among those valid on day "at" that the caller may read.
func (s *Server) apiUnitSearch(w http.ResponseWriter, r *http.Request, rq *request) error {
	q, err := apiRequired(r, "q")
	if err != nil {
		return err
	}
	at, err := s.apiDay(r)
	if err != nil {
		return err
	}
	limit, err := apiLimit(r, 20, apiUnitSearchLimit)
	if err != nil {
		return err
	}
	// The scope filter comes after the search, so the search itself is
	// not limited: a province user's matches may lie far down the ranking.
	matches, err := units.Find(r.Context(), s.db, q, at, 0)
	if err != nil {
		return apperr.At("q", err)
	}
	type match struct {
		apiUnit
		Place string `json:"place"`
	}
	out := []match{}
	for _, m := range matches {
		if len(out) == limit {
			break
		}
		if rq.scope.CanRead(m.Unit.ID) {
			out = append(out, match{apiUnit: apiUnitOf(rq.tree, m.Unit), Place: m.Place})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"q": q, "at": at.Format(units.DateLayout), "units": out})
	return nil
}
