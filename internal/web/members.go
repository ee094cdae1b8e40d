package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// membersPerPage is how many members a page of the list shows: enough to
// scroll on a phone, few enough to load fast on a slow connection.
const membersPerPage = 50

// memberPlace is where a members page is: the unit chosen (a commune, or
// the caller's province or nation when none is), with the choices that
// lead to a commune by its name, never by a typed code: the province for
// a user of the nation, the communes of that province, and the branches of
// the chosen commune.
type memberPlace struct {
	Unit      *units.Unit
	Commune   *units.Unit // nil when Unit is not a commune
	Provinces []option    // for a user of the nation only
	Communes  []option    // empty when the caller covers one commune
	Branches  []option    // of Commune; the first is "every branch"
	BranchID  int64
	Orgs      []registry.Org // of Commune, every kind, active or not
}

// memberPlaceOf reads the unit ("unit", else "province", else the caller's
// scope unit) and branch ("branch") of a members page, each checked: a
// unit the caller may not read is not found.
func (s *Server) memberPlaceOf(r *http.Request, rq *request) (*memberPlace, error) {
	today := s.today()
	root, err := rootUnit(rq)
	if err != nil {
		return nil, err
	}
	p := &memberPlace{Unit: root}
	ref := queryValue(r, "unit")
	if ref == "" {
		ref = queryValue(r, "province")
	}
	if ref != "" {
		if p.Unit, err = rq.unit(ref, today, read); err != nil {
			return nil, err
		}
	}
	// The province whose communes are offered: the chosen unit's, or the
	// caller's own.
	var prov *units.Unit
	switch {
	case p.Unit.Level == units.Province:
		prov = p.Unit
	case p.Unit.Level == units.Commune:
		prov = rq.tree.Province(p.Unit.ID)
	}
	if rq.scope.Nationwide() || root.Level == units.Nation {
		p.Provinces = unitOptions(rq, rq.tree.All(units.Province, today), prov)
	}
	if root.Level != units.Commune && prov != nil {
		p.Communes = unitOptions(rq, rq.tree.Within(units.Commune, prov.ID, today), p.Unit)
	}
	if p.Unit.Level == units.Commune {
		p.Commune = p.Unit
		if p.Orgs, err = registry.ListOrgs(r.Context(), s.db, rq.tree, rq.principal(), p.Unit.ID, today); err != nil {
			return nil, err
		}
		if b := queryValue(r, "branch"); b != "" {
			p.BranchID, _ = strconv.ParseInt(b, 10, 64)
		}
		p.Branches = []option{{Value: "", Label: vi.UI["members.all_branches"]}}
		for _, o := range p.Orgs {
			if o.Kind == registry.Branch || o.Kind == registry.SubBranch {
				p.Branches = append(p.Branches, option{Value: strconv.FormatInt(o.ID, 10), Label: orgLabel(o, today), Selected: o.ID == p.BranchID})
			}
		}
	}
	return p, nil
}

// orgLabel names an association unit in a list of choices, with its end
// when it is dissolved.
func orgLabel(o registry.Org, today time.Time) string {
	if !o.Dissolved.IsZero() && !today.Before(o.Dissolved) {
		return fmt.Sprintf(vi.OrgDissolvedLabel, o.Name, vi.Date(o.Dissolved))
	}
	return o.Name
}

// unitOptions lists the units the caller reads by name in Vietnamese
// alphabetical order, sel selected.
func unitOptions(rq *request, us []*units.Unit, sel *units.Unit) []option {
	var out []option
	for _, u := range us {
		if !rq.scope.CanRead(u.ID) {
			continue
		}
		out = append(out, option{Value: u.Ref(), Label: u.FullName(), Selected: sel != nil && sel.ID == u.ID})
	}
	sort.SliceStable(out, func(i, j int) bool { return members.SortKey(out[i].Label) < members.SortKey(out[j].Label) })
	return out
}

// membersData is the member list page.
type membersData struct {
	Place      *memberPlace
	Text       string
	Former     bool
	GivenFirst bool
	Rows       []memberRow
	Total      string
	Page       int
	Pages      int
	Prev, Next string
	Summary    string
	Export     string // the link to the XLSX of this list
	CanWrite   bool   // the caller may add members to the chosen commune
	ShowPlace  bool   // the list spans several communes
	Notice     string
}

// memberRow is a member in the list, masked.
type memberRow struct {
	Href, Name, Gender, Born, Branch, Commune, Joined, Left, CCCD, Phone string
}

// membersPage lists the members of the caller's scope, or of the commune
// and branch chosen, one page at a time (registry.FindMembers, which
// applies the scope in its query and masks personal data).
func (s *Server) membersPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	place, err := s.memberPlaceOf(r, rq)
	if err != nil {
		return err
	}
	d := membersData{Place: place, Text: queryValue(r, "q"), Former: queryValue(r, "former") != "",
		GivenFirst: queryValue(r, "order") == "given"}
	page, _ := strconv.Atoi(queryValue(r, "page"))
	q := registry.Query{Text: d.Text, UnitID: place.Unit.ID, BranchID: place.BranchID, WithFormer: d.Former,
		Page: max(page, 1), PerPage: membersPerPage}
	if d.GivenFirst {
		q.Order = registry.GivenNameFirst
	}
	res, err := registry.FindMembers(r.Context(), s.db, rq.tree, rq.principal(), q)
	if err != nil {
		return err
	}
	d.ShowPlace = place.Commune == nil
	for _, m := range res.Members {
		d.Rows = append(d.Rows, s.memberRowOf(rq, m))
	}
	d.Total, d.Page, d.Pages = vi.Int(int64(res.Total)), res.Page, res.Pages()
	d.Summary = fmt.Sprintf(vi.MembersSummary, vi.Int(int64(res.Total)), res.Page, res.Pages())
	link := func(n int) string {
		v := r.URL.Query()
		v.Set("page", strconv.Itoa(n))
		return "/members?" + v.Encode()
	}
	if res.Page > 1 {
		d.Prev = link(res.Page - 1)
	}
	if res.Page < res.Pages() {
		d.Next = link(res.Page + 1)
	}
	ex := url.Values{"unit": {place.Unit.Ref()}}
	if place.BranchID != 0 {
		ex.Set("branch", strconv.FormatInt(place.BranchID, 10))
	}
	if d.Former {
		ex.Set("former", "1")
	}
	d.Export = "/members/export.xlsx?" + ex.Encode()
	d.CanWrite = place.Commune != nil && rq.scope.CanWrite(place.Commune.ID)
	switch queryValue(r, "done") {
	case "added":
		d.Notice = vi.UI["members.done_added"]
	}
	return s.render(w, rq, http.StatusOK, "members", vi.UI["members.title"], "members", d)
}

// memberRowOf writes a member for the list.
func (s *Server) memberRowOf(rq *request, m registry.Member) memberRow {
	row := memberRow{Href: "/members/" + strconv.FormatInt(m.ID, 10), Name: m.FullName, Gender: m.Gender, Born: m.BirthDate,
		Branch: m.Branch, Joined: vi.Date(m.JoinedOn), CCCD: m.CCCD, Phone: m.Phone}
	if !m.LeftOn.IsZero() {
		row.Left = vi.Date(m.LeftOn)
	}
	if u := rq.tree.Get(m.CommuneID); u != nil {
		row.Commune = u.FullName()
	}
	return row
}

// membersExport downloads the members of the chosen unit (and branch) as
// a workbook in the template's layout (registry.ExportMembers, which
// checks the scope, masks personal data for those who may not see it and
// records the export).
func (s *Server) membersExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	place, err := s.memberPlaceOf(r, rq)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := registry.ExportMembers(r.Context(), s.db, rq.tree, rq.principal(), place.Unit.ID, place.BranchID,
		queryValue(r, "former") != "", &buf, s.now()); err != nil {
		return err
	}
	name := fmt.Sprintf("hoi-vien-%s-%s.xlsx", fileSafeRef(place.Unit), s.today().Format("20060102"))
	return download(w, name, xlsxType, buf.Bytes())
}

// fileSafeRef names a unit in a file name: its level and code.
func fileSafeRef(u *units.Unit) string {
	if u.Code == "" {
		return string(u.Level)
	}
	return string(u.Level) + "-" + u.Code
}

// xlsxType is the media type of a workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// download answers a file to be saved under name.
func download(w http.ResponseWriter, name, contentType string, data []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(data)
	return err
}

// memberID reads the {id} of a member's path; a malformed one is not found.
func memberID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, vi.ErrNoSuchMemberRef, r.PathValue("id"))
	}
	return id, nil
}
