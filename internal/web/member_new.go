package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// memberNewData is the add-member form: the commune (chosen by name when
// the caller covers several), its branches, the fields, and after a
// refusal the faults beside each field; when the person matches a member
// by name, birth date and commune, the conflict and a box to confirm that
// they are someone else.
type memberNewData struct {
	Place     *memberPlace
	Branch    formField
	Fields    []formField
	Alert     string
	SameName  bool // offer the confirmation box
	NoBranch  bool // the commune has no branch yet
	OrgsHref  string
	CommuneOK bool // a commune is chosen
}

// memberNewPage shows the add-member form for the commune chosen ("unit").
func (s *Server) memberNewPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	place, err := s.memberPlaceOf(r, rq)
	if err != nil {
		return err
	}
	values := map[string]string{registry.ColJoinedOn: vi.Date(s.today())}
	d, err := s.memberNewForm(r, rq, place, place.BranchID, values, nil)
	if err != nil {
		return err
	}
	return s.render(w, rq, http.StatusOK, "member_new", vi.UI["member_new.title"], "members", d)
}

// memberNewForm fills the form's data.
func (s *Server) memberNewForm(r *http.Request, rq *request, place *memberPlace, branch int64, values, faults map[string]string) (*memberNewData, error) {
	d := &memberNewData{Place: place, Fields: inForm("new", memberFormFields(values, faults, false))}
	if place.Commune == nil {
		return d, nil
	}
	d.CommuneOK = true
	if err := rq.check(place.Commune, write); err != nil {
		return nil, err
	}
	opts, err := s.branchOptions(r, rq, place.Commune.ID, branch, 0)
	if err != nil {
		return nil, err
	}
	d.NoBranch = len(opts) == 0
	d.OrgsHref = "/associations?unit=" + place.Commune.Ref()
	d.Branch = formField{Form: "new", Name: "branch", Label: vi.MemberColumn(registry.ColBranch), Kind: "select", Required: true,
		Options: append([]option{{Value: "", Label: vi.UI["member_new.pick_branch"]}}, opts...), Error: faults["branch"]}
	return d, nil
}

// memberCreate adds a member (registry.AddMember); the commune is the
// branch's, and the form comes back with every fault beside its field.
func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	place, err := s.memberPlaceOf(r, rq)
	if err != nil {
		return err
	}
	f, values := postedFields(r)
	branch, _ := strconv.ParseInt(r.PostFormValue("branch"), 10, 64)
	sameNameOK := r.PostFormValue("same_name_ok") != ""
	m, err := registry.AddMember(r.Context(), s.db, rq.tree, rq.principal(), branch, f, sameNameOK, s.now())
	if branch == 0 {
		// No branch chosen: the fields are checked all the same (AddMember
		// checks them before it looks for the branch, and writes nothing
		// without one), so that every fault shows at once.
		var fe registry.FieldErrors
		if !errors.As(err, &fe) {
			fe = registry.FieldErrors{}
		}
		fe["branch"] = apperr.New(apperr.Invalid, "%s", vi.ErrRequired)
		err = fe
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/members/%d?done=added", m.ID), http.StatusSeeOther)
		return nil
	}
	faults, isFields := fieldFaults(err)
	if !isFields {
		switch apperr.CodeOf(err) {
		case apperr.Invalid, apperr.Conflict:
		default:
			return err
		}
	}
	d, derr := s.memberNewForm(r, rq, place, branch, values, faults)
	if derr != nil {
		return derr
	}
	switch {
	case isFields:
		d.Alert = fmt.Sprintf(vi.ErrMemberFormFaults, len(faults))
	case apperr.CodeOf(err) == apperr.Conflict && values[registry.ColCCCD] == "":
		// The same name, birth date and commune: the person may be
		// someone else, which only the officer can tell.
		d.Alert, d.SameName = err.Error(), true
	default:
		d.Alert = err.Error()
	}
	return s.render(w, rq, status(err), "member_new", vi.UI["member_new.title"], "members", d)
}
