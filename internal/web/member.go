package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// memberData is a member's page: the record (masked unless revealed), its
// history, and the forms of what the caller may do with it.
type memberData struct {
	M        registry.Member
	Commune  string
	Facts    []fact
	History  []historyEntry
	Revealed bool

	CanWrite  bool // edit, leave, transfer, reveal, own data
	CanErase  bool // an admin of the member's commune
	Active    bool // has not left
	Notice    string
	Alert     string // a fault of the whole page (a conflict)
	EditOpen  bool
	Edit      []formField
	EditAlert string
	Leave     []formField
	LeaveErr  string
	Transfer  []formField
	TransErr  string
	Rejoin    []formField
	RejoinErr string
	EraseErr  string
	EraseOpen bool
	Back      string
}

// fact is a labelled value of a record.
type fact struct{ Label, Value string }

// historyEntry is one change of a member's record: when, who, what, and
// each field's old and new value.
type historyEntry struct {
	At, Actor, Action string
	Changes           []fieldChange
}

type fieldChange struct{ Label, Old, New string }

// memberPage shows a member, masked (registry.GetMember checks the scope:
// a member outside it is not found).
func (s *Server) memberPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := memberID(r)
	if err != nil {
		return err
	}
	d, err := s.memberView(r, rq, id, false)
	if err != nil {
		return err
	}
	switch queryValue(r, "done") {
	case "edited":
		d.Notice = vi.UI["member.done_edited"]
	case "left":
		d.Notice = vi.UI["member.done_left"]
	case "transferred":
		d.Notice = vi.UI["member.done_transferred"]
	case "erased":
		d.Notice = vi.UI["member.done_erased"]
	case "added":
		d.Notice = vi.UI["member.done_added"]
	case "rejoined":
		d.Notice = vi.UI["member.done_rejoined"]
	}
	return s.renderMember(w, rq, http.StatusOK, d)
}

// memberReveal shows a member's personal data unmasked to a caller
// allowed to see it; registry.GetMember records the view in the audit log.
// With edit=1 the edit form opens, filled with the real values.
func (s *Server) memberReveal(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := memberID(r)
	if err != nil {
		return err
	}
	d, err := s.memberView(r, rq, id, true)
	if err != nil {
		return err
	}
	d.EditOpen = r.PostFormValue("edit") != ""
	return s.renderMember(w, rq, http.StatusOK, d)
}

// memberView reads a member, its history and the choices of its forms.
func (s *Server) memberView(r *http.Request, rq *request, id int64, reveal bool) (*memberData, error) {
	ctx := r.Context()
	m, err := registry.GetMember(ctx, s.db, rq.tree, rq.principal(), id, reveal, s.now())
	if err != nil {
		return nil, err
	}
	changes, err := registry.MemberHistory(ctx, s.db, rq.tree, rq.principal(), id, s.now())
	if err != nil {
		return nil, err
	}
	today := s.today()
	d := &memberData{M: m, Revealed: m.Revealed, CanWrite: rq.scope.CanWrite(m.CommuneID) && !m.Erased,
		CanErase: rq.scope.CanAdmin(m.CommuneID) && !m.Erased, Active: m.LeftOn.IsZero() || today.Before(m.LeftOn)}
	commune := rq.tree.Get(m.CommuneID)
	if commune != nil {
		d.Commune = commune.FullName()
		d.Back = "/members?unit=" + commune.Ref()
	}
	d.Facts = memberFacts(m, d.Commune)
	for _, c := range changes {
		d.History = append(d.History, historyEntryOf(c))
	}
	if d.CanWrite {
		if m.Revealed {
			d.Edit = inForm("edit", memberFormFields(memberValues(m), nil, !m.LeftOn.IsZero()))
		}
		d.Leave = leaveFields(vi.Date(today), "", nil)
		branches, err := s.branchOptions(r, rq, m.CommuneID, m.BranchID, 0)
		if err != nil {
			return nil, err
		}
		// A transfer goes to another branch: the member's own is left out
		// of its list, as after a refused transfer; a rejoining may be
		// into it, selected.
		own := strconv.FormatInt(m.BranchID, 10)
		var others []option
		for _, o := range branches {
			if o.Value != own {
				others = append(others, option{Value: o.Value, Label: o.Label})
			}
		}
		d.Transfer = transferFields(others, vi.Date(today), nil)
		if !d.Active {
			d.Rejoin = rejoinFields(branches, vi.Date(today), nil)
		}
	}
	return d, nil
}

// renderMember draws the member page.
func (s *Server) renderMember(w http.ResponseWriter, rq *request, code int, d *memberData) error {
	return s.render(w, rq, code, "member", d.M.FullName, "members", d)
}

// memberFacts are a member's fields as the page lists them.
func memberFacts(m registry.Member, commune string) []fact {
	dash := func(s string) string {
		if s == "" {
			return "–"
		}
		return s
	}
	f := []fact{
		{vi.MemberColumn(registry.ColGender), dash(m.Gender)},
		{vi.MemberColumn(registry.ColBirthDate), dash(m.BirthDate)},
		{vi.MemberColumn(registry.ColCCCD), dash(m.CCCD)},
		{vi.MemberColumn(registry.ColPhone), dash(m.Phone)},
		{vi.MemberColumn(registry.ColAddress), dash(m.Address)},
		{vi.UI["member.commune"], dash(commune)},
		{vi.MemberColumn(registry.ColBranch), dash(m.Branch)},
		{vi.MemberColumn(registry.ColJoinedOn), vi.Date(m.JoinedOn)},
		{vi.MemberColumn(registry.ColCardNo), dash(m.CardNo)},
		{vi.MemberColumn(registry.ColConsent), dash(m.Consent)},
	}
	if !m.LeftOn.IsZero() {
		f = append(f, fact{vi.MemberColumn(registry.ColLeftOn), vi.Date(m.LeftOn)}, fact{vi.MemberColumn(registry.ColLeftReason), dash(m.LeftReason)})
	}
	return f
}

// historyOrder is the order in which a change lists its fields.
var historyOrder = []string{registry.ColFullName, registry.ColGender, registry.ColBirthDate, registry.ColCCCD, registry.ColPhone,
	registry.ColAddress, registry.ColBranch, "from", registry.ColJoinedOn, registry.ColLeftOn, registry.ColLeftReason,
	registry.ColCardNo, registry.ColConsent, "reason"}

// historyEntryOf reads one change of the history: the fields whose values
// differ, old → new, days written dd/mm/yyyy.
func historyEntryOf(c registry.Change) historyEntry {
	e := historyEntry{At: vi.Time(c.At), Actor: c.Actor, Action: vi.MemberHistoryAction(c.Action)}
	var old, nu map[string]string
	json.Unmarshal([]byte(c.Old), &old)
	json.Unmarshal([]byte(c.New), &nu)
	seen := map[string]bool{}
	keys := append([]string{}, historyOrder...)
	var extra []string
	for k := range old {
		extra = append(extra, k)
	}
	for k := range nu {
		extra = append(extra, k)
	}
	sort.Strings(extra)
	keys = append(keys, extra...)
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		o, n := old[k], nu[k]
		if o == n {
			continue
		}
		e.Changes = append(e.Changes, fieldChange{Label: historyLabel(k), Old: historyValue(o), New: historyValue(n)})
	}
	return e
}

// historyLabel names a field of the history.
func historyLabel(k string) string {
	switch k {
	case "from":
		return vi.UI["member.history_from"]
	case "reason":
		return vi.UI["member.history_reason"]
	}
	return vi.MemberColumn(k)
}

// historyValue writes a stored value: an ISO day as dd/mm/yyyy, nothing
// as a dash.
func historyValue(v string) string {
	if v == "" {
		return "–"
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return vi.Date(t)
	}
	return v
}

// branchOptions lists the branches and sub-branches of a commune's
// associations active today, for a member to be put in, sel selected and
// skip left out (the member's own branch when transferring).
func (s *Server) branchOptions(r *http.Request, rq *request, communeID, sel, skip int64) ([]option, error) {
	orgs, err := registry.ListOrgs(r.Context(), s.db, rq.tree, rq.principal(), communeID, s.today())
	if err != nil {
		return nil, err
	}
	var out []option
	for _, o := range orgs {
		if (o.Kind != registry.Branch && o.Kind != registry.SubBranch) || o.ID == skip || !o.Active(s.today()) {
			continue
		}
		label := o.Name
		if o.Kind == registry.SubBranch {
			label = o.Kind.Label() + " " + o.Name
		}
		out = append(out, option{Value: strconv.FormatInt(o.ID, 10), Label: label, Selected: o.ID == sel})
	}
	return out, nil
}

// leaveFields are the fields of the leaving form.
func leaveFields(on, reason string, faults map[string]string) []formField {
	return inForm("leave", []formField{
		{Name: registry.ColLeftOn, Label: vi.MemberColumn(registry.ColLeftOn), Value: on, Error: faults[registry.ColLeftOn], Kind: "date", Required: true, Hint: vi.MemberFieldHint(registry.ColLeftOn)},
		{Name: registry.ColLeftReason, Label: vi.MemberColumn(registry.ColLeftReason), Value: reason, Error: faults[registry.ColLeftReason], Kind: "text", Required: true, Hint: vi.UI["member.leave_reason_hint"]},
	})
}

// transferFields are the fields of the transfer form.
func transferFields(branches []option, on string, faults map[string]string) []formField {
	return inForm("transfer", []formField{
		{Name: "branch", Label: vi.UI["member.transfer_to"], Kind: "select", Options: branches, Error: faults["branch"], Required: true},
		{Name: "on", Label: vi.UI["member.transfer_on"], Value: on, Error: faults["on"], Kind: "date", Required: true, Hint: vi.UI["hint.date"]},
	})
}

// rejoinFields are the fields of the form that records a member joining
// again.
func rejoinFields(branches []option, on string, faults map[string]string) []formField {
	return inForm("rejoin", []formField{
		{Name: "branch", Label: vi.MemberColumn(registry.ColBranch), Kind: "select", Options: branches, Error: faults["branch"], Required: true},
		{Name: registry.ColJoinedOn, Label: vi.UI["member.rejoin_on"], Value: on, Error: faults[registry.ColJoinedOn], Kind: "date", Required: true, Hint: vi.UI["hint.date"]},
	})
}

// postedVersion reads the version a form was filled from.
func postedVersion(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return v
}

// postedDay reads a day typed in a form; a bad one is a fault of field.
func postedDay(r *http.Request, field string) (time.Time, map[string]string) {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return time.Time{}, map[string]string{field: vi.ErrRequired}
	}
	t, err := registry.ParseDay(v)
	if err != nil {
		return time.Time{}, map[string]string{field: err.Error()}
	}
	return t, nil
}

// memberFault shows a refused action on the member's page: a fault of
// the form's fields beside them (set by put), any other refusal a reader
// can act on in the form's alert, a conflict at the top; what the caller
// may not see or do goes to the error page.
func (s *Server) memberFault(w http.ResponseWriter, r *http.Request, rq *request, id int64, err error, put func(d *memberData, faults map[string]string, msg string)) error {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict:
	default:
		return err
	}
	d, verr := s.memberView(r, rq, id, false)
	if verr != nil {
		return verr
	}
	faults, isFields := fieldFaults(err)
	msg := ""
	if !isFields {
		msg = err.Error()
	}
	put(d, faults, msg)
	return s.renderMember(w, rq, status(err), d)
}

// memberEdit saves the edit form (registry.EditMember, with the version
// the form was filled from: a record changed since is refused, never
// overwritten, and the page says so).
func (s *Server) memberEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := memberID(r)
	if err != nil {
		return err
	}
	f, values := postedFields(r)
	_, err = registry.EditMember(r.Context(), s.db, rq.tree, rq.principal(), id, postedVersion(r), f, s.now())
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/members/%d?done=edited", id), http.StatusSeeOther)
		return nil
	}
	return s.memberFault(w, r, rq, id, err, func(d *memberData, faults map[string]string, msg string) {
		d.EditOpen = true
		d.Edit = inForm("edit", memberFormFields(values, faults, values[registry.ColLeftOn] != ""))
		if apperr.CodeOf(err) == apperr.Conflict {
			d.Alert = msg
			d.EditAlert = msg
			return
		}
		if msg == "" {
			msg = fmt.Sprintf(vi.ErrMemberFormFaults, len(faults))
		}
		d.EditAlert = msg
	})
}

// memberLeave records a leaving (registry.LeaveMember).
func (s *Server) memberLeave(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := memberID(r)
	if err != nil {
		return err
	}
	reason := r.PostFormValue(registry.ColLeftReason)
	on, bad := postedDay(r, registry.ColLeftOn)
	if bad == nil {
		err = registry.LeaveMember(r.Context(), s.db, rq.tree, rq.principal(), id, postedVersion(r), on, reason, s.now())
	} else {
		err = registry.FieldErrors{registry.ColLeftOn: apperr.New(apperr.Invalid, "%s", bad[registry.ColLeftOn])}
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/members/%d?done=left", id), http.StatusSeeOther)
		return nil
	}
	return s.memberFault(w, r, rq, id, err, func(d *memberData, faults map[string]string, msg string) {
		d.Leave = leaveFields(r.PostFormValue(registry.ColLeftOn), reason, faults)
		d.LeaveErr = msg
		if apperr.CodeOf(err) == apperr.Conflict {
			d.Alert = msg
		}
	})
}

// memberTransfer moves a member to another branch (registry.TransferMember).
func (s *Server) memberTransfer(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := memberID(r)
	if err != nil {
		return err
	}
	branch, _ := strconv.ParseInt(r.PostFormValue("branch"), 10, 64)
	on, bad := postedDay(r, "on")
	switch {
	case branch == 0:
		err = registry.FieldErrors{"branch": apperr.New(apperr.Invalid, "%s", vi.ErrRequired)}
	case bad != nil:
		err = registry.FieldErrors{"on": apperr.New(apperr.Invalid, "%s", bad["on"])}
	default:
		err = registry.TransferMember(r.Context(), s.db, rq.tree, rq.principal(), id, postedVersion(r), branch, on, s.now())
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/members/%d?done=transferred", id), http.StatusSeeOther)
		return nil
	}
	return s.memberFault(w, r, rq, id, err, func(d *memberData, faults map[string]string, msg string) {
		branches, _ := s.branchOptions(r, rq, d.M.CommuneID, branch, d.M.BranchID)
		d.Transfer = transferFields(branches, r.PostFormValue("on"), faults)
		d.TransErr = msg
		if apperr.CodeOf(err) == apperr.Conflict {
			d.Alert = msg
		}
	})
}

// memberRejoin records that a member who left joins again
// (registry.RejoinMember: a new stretch of the same record).
func (s *Server) memberRejoin(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := memberID(r)
	if err != nil {
		return err
	}
	branch, _ := strconv.ParseInt(r.PostFormValue("branch"), 10, 64)
	on, bad := postedDay(r, registry.ColJoinedOn)
	switch {
	case branch == 0:
		err = registry.FieldErrors{"branch": apperr.New(apperr.Invalid, "%s", vi.ErrRequired)}
	case bad != nil:
		err = registry.FieldErrors{registry.ColJoinedOn: apperr.New(apperr.Invalid, "%s", bad[registry.ColJoinedOn])}
	default:
		err = registry.RejoinMember(r.Context(), s.db, rq.tree, rq.principal(), id, postedVersion(r), branch, on, s.now())
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/members/%d?done=rejoined", id), http.StatusSeeOther)
		return nil
	}
	return s.memberFault(w, r, rq, id, err, func(d *memberData, faults map[string]string, msg string) {
		branches, _ := s.branchOptions(r, rq, d.M.CommuneID, branch, 0)
		d.Rejoin = rejoinFields(branches, r.PostFormValue(registry.ColJoinedOn), faults)
		d.RejoinErr = msg
		if apperr.CodeOf(err) == apperr.Conflict {
			d.Alert = msg
		}
	})
}

// memberErase clears a member's personal data (registry.EraseMember: an
// admin of the member's commune, with a reason); the form asks for a
// confirmation first.
func (s *Server) memberErase(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := memberID(r)
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") == "" {
		err = apperr.New(apperr.Invalid, "%s", vi.ErrEraseConfirm)
	} else {
		err = registry.EraseMember(r.Context(), s.db, rq.tree, rq.principal(), id, r.PostFormValue("reason"), s.now())
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/members/%d?done=erased", id), http.StatusSeeOther)
		return nil
	}
	return s.memberFault(w, r, rq, id, err, func(d *memberData, faults map[string]string, msg string) {
		d.EraseErr, d.EraseOpen = msg, true
	})
}

// memberOwnData downloads everything the registry holds about a member,
// for them (registry.MemberData: only those allowed to see personal data,
// recorded in the audit log), as JSON.
func (s *Server) memberOwnData(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := memberID(r)
	if err != nil {
		return err
	}
	data, err := registry.MemberData(r.Context(), s.db, rq.tree, rq.principal(), id, s.now())
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(ownDataJSON(rq, data), "", "  ")
	if err != nil {
		return err
	}
	return download(w, fmt.Sprintf("du-lieu-hoi-vien-%d.json", id), "application/json; charset=utf-8", b)
}
