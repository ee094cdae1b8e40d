package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// associationsData is the page of a commune's association units: the
// list, the form to add one and, for each active unit, the form to
// dissolve it.
type associationsData struct {
	Place     *memberPlace
	Rows      []orgRow
	CanWrite  bool
	Add       []formField
	AddAlert  string
	Notice    string
	Dissolved int64 // the unit whose dissolution failed, its form open
	DisErr    string
	DisDay    string
	DisReason string
	Today     string
}

// orgRow is an association unit in the list.
type orgRow struct {
	ID                                            int64
	Kind, Name, Parent, Place, Founded, Dissolved string
	Active                                        bool
	MembersHref                                   string
}

// associationsPage lists the association units of the chosen commune.
func (s *Server) associationsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.associationsView(r, rq)
	if err != nil {
		return err
	}
	switch queryValue(r, "done") {
	case "added":
		d.Notice = vi.UI["orgs.done_added"]
	case "dissolved":
		d.Notice = vi.UI["orgs.done_dissolved"]
	}
	return s.render(w, rq, http.StatusOK, "associations", vi.UI["orgs.title"], "associations", d)
}

func (s *Server) associationsView(r *http.Request, rq *request) (*associationsData, error) {
	place, err := s.memberPlaceOf(r, rq)
	if err != nil {
		return nil, err
	}
	today := s.today()
	d := &associationsData{Place: place, Today: vi.Date(today)}
	if place.Commune == nil {
		return d, nil
	}
	names := map[int64]string{}
	for _, o := range place.Orgs {
		names[o.ID] = o.Name
	}
	for _, o := range place.Orgs {
		row := orgRow{ID: o.ID, Kind: o.Kind.Label(), Name: o.Name, Parent: names[o.ParentID], Founded: vi.Date(o.Founded),
			Active: o.Dissolved.IsZero(), Place: strings.TrimSpace(o.PlaceKind + " " + o.Place)}
		if !o.Dissolved.IsZero() {
			row.Dissolved = vi.Date(o.Dissolved)
		}
		if o.Kind == registry.Branch || o.Kind == registry.SubBranch {
			row.MembersHref = fmt.Sprintf("/members?unit=%s&branch=%d", place.Commune.Ref(), o.ID)
		}
		d.Rows = append(d.Rows, row)
	}
	d.CanWrite = rq.scope.CanWrite(place.Commune.ID)
	d.Add = s.orgFields(place, today, map[string]string{"founded": vi.Date(today)}, nil)
	return d, nil
}

// orgFields are the fields of the form that adds an association unit.
func (s *Server) orgFields(place *memberPlace, today time.Time, v, faults map[string]string) []formField {
	kinds := []option{}
	for _, k := range registry.Kinds {
		kinds = append(kinds, option{Value: string(k), Label: k.Label(), Selected: v["kind"] == string(k) || (v["kind"] == "" && k == registry.Branch)})
	}
	parents := []option{{Value: "", Label: vi.UI["orgs.parent_none"]}}
	for _, o := range place.Orgs {
		if (o.Kind == registry.Grassroots || o.Kind == registry.Branch) && o.Active(today) {
			parents = append(parents, option{Value: strconv.FormatInt(o.ID, 10), Label: o.Kind.Label() + ": " + o.Name, Selected: v["parent"] == strconv.FormatInt(o.ID, 10)})
		}
	}
	return inForm("org", []formField{
		{Name: "kind", Label: vi.UI["orgs.kind"], Kind: "select", Options: kinds, Error: faults["kind"], Required: true},
		{Name: "name", Label: vi.UI["orgs.name"], Kind: "text", Value: v["name"], Error: faults["name"], Required: true, Hint: vi.UI["orgs.name_hint"]},
		{Name: "parent", Label: vi.UI["orgs.parent"], Kind: "select", Options: parents, Error: faults["parent"], Hint: vi.UI["orgs.parent_hint"]},
		{Name: "place_kind", Label: vi.UI["orgs.place_kind"], Kind: "text", Value: v["place_kind"], Error: faults["place_kind"], Hint: vi.UI["orgs.place_kind_hint"]},
		{Name: "place", Label: vi.UI["orgs.place"], Kind: "text", Value: v["place"], Error: faults["place"]},
		{Name: "founded", Label: vi.UI["orgs.founded"], Kind: "date", Value: v["founded"], Error: faults["founded"], Hint: vi.UI["hint.date"]},
	})
}

// associationAdd records a new association unit (registry.AddOrg): a
// grassroots association in the chosen commune, any other unit under the
// parent chosen.
func (s *Server) associationAdd(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.associationsView(r, rq)
	if err != nil {
		return err
	}
	if d.Place.Commune == nil {
		return apperr.New(apperr.Invalid, "%s", vi.ErrPickCommune)
	}
	v := map[string]string{}
	for _, k := range []string{"kind", "name", "parent", "place_kind", "place", "founded"} {
		v[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	faults := map[string]string{}
	n := registry.NewOrg{Kind: registry.OrgKind(v["kind"]), Name: v["name"], PlaceKind: v["place_kind"], Place: v["place"], CommuneID: d.Place.Commune.ID}
	n.ParentID, _ = strconv.ParseInt(v["parent"], 10, 64)
	if v["founded"] != "" {
		t, err := registry.ParseDay(v["founded"])
		if err != nil {
			faults["founded"] = err.Error()
		}
		n.Founded = t
	}
	if n.Kind != registry.Grassroots && n.ParentID == 0 {
		faults["parent"] = vi.ErrRequired
	}
	if len(faults) == 0 {
		_, err = registry.AddOrg(r.Context(), s.db, rq.tree, rq.principal(), n, s.now())
		if err == nil {
			http.Redirect(w, r, "/associations?done=added&unit="+d.Place.Commune.Ref(), http.StatusSeeOther)
			return nil
		}
		if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Conflict {
			return err
		}
		d.AddAlert = err.Error()
	} else {
		d.AddAlert = fmt.Sprintf(vi.ErrMemberFormFaults, len(faults))
	}
	d.Add = s.orgFields(d.Place, s.today(), v, faults)
	return s.render(w, rq, http.StatusBadRequest, "associations", vi.UI["orgs.title"], "associations", d)
}

// associationDissolve records that a unit stops (registry.DissolveOrg).
func (s *Server) associationDissolve(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return apperr.New(apperr.NotFound, vi.ErrNoSuchOrg, 0)
	}
	d, err := s.associationsView(r, rq)
	if err != nil {
		return err
	}
	on, bad := postedDay(r, "on")
	reason := r.PostFormValue("reason")
	if bad == nil {
		err = registry.DissolveOrg(r.Context(), s.db, rq.tree, rq.principal(), id, on, reason, s.now())
		if err == nil {
			http.Redirect(w, r, "/associations?done=dissolved&unit="+d.Place.Unit.Ref(), http.StatusSeeOther)
			return nil
		}
		if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Conflict {
			return err
		}
		d.DisErr = err.Error()
	} else {
		d.DisErr = bad["on"]
		err = apperr.New(apperr.Invalid, "%s", d.DisErr)
	}
	d.Dissolved, d.DisDay, d.DisReason = id, r.PostFormValue("on"), reason
	return s.render(w, rq, status(err), "associations", vi.UI["orgs.title"], "associations", d)
}
