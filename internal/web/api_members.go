package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// apiMember is a member as the API answers it: masked unless revealed.
// Days are ISO dates; the commune is its code, the branch its name (and
// branch_id the association unit's id, for a transfer).
type apiMember struct {
	ID          int64   `json:"id"`
	FullName    string  `json:"full_name"`
	Gender      string  `json:"gender"`
	BirthDate   string  `json:"birth_date"`
	CCCD        string  `json:"cccd"`
	Phone       string  `json:"phone"`
	Address     string  `json:"address"`
	Commune     string  `json:"commune"`
	CommuneName string  `json:"commune_name"`
	Branch      string  `json:"branch"`
	BranchID    int64   `json:"branch_id"`
	JoinedOn    string  `json:"joined_on"`
	LeftOn      *string `json:"left_on"`
	LeftReason  string  `json:"left_reason"`
	CardNo      string  `json:"card_no"`
	Consent     string  `json:"consent"`
	Erased      bool    `json:"erased"`
	Revealed    bool    `json:"revealed"`
	Version     int     `json:"version"`
}

func apiMemberOf(rq *request, m registry.Member) apiMember {
	out := apiMember{ID: m.ID, FullName: m.FullName, Gender: m.Gender, BirthDate: m.BirthDate, CCCD: m.CCCD, Phone: m.Phone,
		Address: m.Address, Branch: m.Branch, BranchID: m.BranchID, JoinedOn: m.JoinedOn.Format(time.DateOnly),
		LeftReason: m.LeftReason, CardNo: m.CardNo, Consent: m.Consent, Erased: m.Erased, Revealed: m.Revealed, Version: m.Version}
	if u := rq.tree.Get(m.CommuneID); u != nil {
		out.Commune, out.CommuneName = u.Code, u.FullName()
	}
	if !m.LeftOn.IsZero() {
		s := m.LeftOn.Format(time.DateOnly)
		out.LeftOn = &s
	}
	return out
}

// apiMembers lists members: "q" a name (without diacritics), CCCD or
// phone; "unit" a unit (a commune, a province) the caller reads; "branch"
// an association unit's id; "former=1" with those who left; "order=given"
// by given name; "page" and "per_page" (at most registry.MaxPerPage).
func (s *Server) apiMembers(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := registry.Query{Text: queryValue(r, "q"), WithFormer: queryValue(r, "former") == "1" || queryValue(r, "former") == "true"}
	if ref := queryValue(r, "unit"); ref != "" {
		u, err := rq.unit(ref, s.today(), read)
		if err != nil {
			return apperr.At("unit", err)
		}
		q.UnitID = u.ID
	}
	var err error
	if q.BranchID, err = apiIntParam(r, "branch"); err != nil {
		return err
	}
	page, err := apiIntParam(r, "page")
	if err != nil {
		return err
	}
	per, err := apiIntParam(r, "per_page")
	if err != nil {
		return err
	}
	q.Page, q.PerPage = int(page), int(per)
	if queryValue(r, "order") == "given" {
		q.Order = registry.GivenNameFirst
	}
	res, err := registry.FindMembers(r.Context(), s.db, rq.tree, rq.principal(), q)
	if err != nil {
		return err
	}
	list := make([]apiMember, 0, len(res.Members))
	for _, m := range res.Members {
		list = append(list, apiMemberOf(rq, m))
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": list, "total": res.Total, "page": res.Page,
		"per_page": res.PerPage, "pages": res.Pages()})
	return nil
}

// apiIntParam reads a whole number parameter, 0 when absent.
func apiIntParam(r *http.Request, name string) (int64, error) {
	v := queryValue(r, name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, apperr.At(name, apperr.New(apperr.Invalid, vi.ErrAPIBadNumber, v))
	}
	return n, nil
}

// apiMemberShow answers one member, masked; ?reveal=1 unmasked for a
// caller allowed to see personal data, recorded in the audit log.
func (s *Server) apiMemberShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := memberID(r)
	if err != nil {
		return err
	}
	reveal := queryValue(r, "reveal") == "1" || queryValue(r, "reveal") == "true"
	m, err := registry.GetMember(r.Context(), s.db, rq.tree, rq.principal(), id, reveal, s.now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiMemberOf(rq, m))
	return nil
}

// apiMemberBody is the body of a member's creation or edit: the fields of
// the member file (days dd/mm/yyyy or ISO), and for a creation the branch
// (an association unit's id) and same_name_ok, for an edit the version.
type apiMemberBody struct {
	Branch     int64  `json:"branch_id"`
	SameNameOK bool   `json:"same_name_ok"`
	Version    int    `json:"version"`
	FullName   string `json:"full_name"`
	Gender     string `json:"gender"`
	BirthDate  string `json:"birth_date"`
	CCCD       string `json:"cccd"`
	Phone      string `json:"phone"`
	Address    string `json:"address"`
	JoinedOn   string `json:"joined_on"`
	LeftOn     string `json:"left_on"`
	LeftReason string `json:"left_reason"`
	CardNo     string `json:"card_no"`
	Consent    string `json:"consent"`
}

func (b apiMemberBody) fields() registry.Fields {
	return registry.Fields{FullName: b.FullName, Gender: b.Gender, BirthDate: b.BirthDate, CCCD: b.CCCD, Phone: b.Phone,
		Address: b.Address, JoinedOn: b.JoinedOn, LeftOn: b.LeftOn, LeftReason: b.LeftReason, CardNo: b.CardNo, Consent: b.Consent}
}

// apiMemberCreate adds a member (registry.AddMember).
func (s *Server) apiMemberCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	var b apiMemberBody
	if err := apiDecode(w, r, &b); err != nil {
		return err
	}
	if b.Branch == 0 {
		return s.apiFieldErrors(w, r, registry.FieldErrors{"branch_id": apperr.New(apperr.Invalid, "%s", vi.ErrRequired)})
	}
	m, err := registry.AddMember(r.Context(), s.db, rq.tree, rq.principal(), b.Branch, b.fields(), b.SameNameOK, s.now())
	if err != nil {
		return s.apiFieldErrors(w, r, err)
	}
	writeJSON(w, http.StatusOK, apiMemberOf(rq, m))
	return nil
}

// apiMemberEdit changes a member's fields (registry.EditMember) from the
// version the caller read: a record changed since is refused with 409.
// PATCH and PUT both take every field: what is left out is cleared.
func (s *Server) apiMemberEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := memberID(r)
	if err != nil {
		return err
	}
	var b apiMemberBody
	if err := apiDecode(w, r, &b); err != nil {
		return err
	}
	if b.Version == 0 {
		return s.apiFieldErrors(w, r, registry.FieldErrors{"version": apperr.New(apperr.Invalid, "%s", vi.ErrRequired)})
	}
	m, err := registry.EditMember(r.Context(), s.db, rq.tree, rq.principal(), id, b.Version, b.fields(), s.now())
	if err != nil {
		return s.apiFieldErrors(w, r, err)
	}
	writeJSON(w, http.StatusOK, apiMemberOf(rq, m))
	return nil
}

// apiLeaveBody is the body of a leaving.
type apiLeaveBody struct {
	Version int    `json:"version"`
	On      string `json:"on"`
	Reason  string `json:"reason"`
}

// apiMemberLeave records a leaving (registry.LeaveMember).
func (s *Server) apiMemberLeave(w http.ResponseWriter, r *http.Request, rq *request) error {
	var b apiLeaveBody
	return s.apiMemberChange(w, r, rq, &b, &b.On, func(id int64, on time.Time) error {
		return registry.LeaveMember(r.Context(), s.db, rq.tree, rq.principal(), id, b.Version, on, b.Reason, s.now())
	})
}

// apiTransferBody is the body of a transfer.
type apiTransferBody struct {
	Version int    `json:"version"`
	Branch  int64  `json:"branch_id"`
	On      string `json:"on"`
}

// apiMemberTransfer moves a member to another branch (registry.TransferMember).
func (s *Server) apiMemberTransfer(w http.ResponseWriter, r *http.Request, rq *request) error {
	var b apiTransferBody
	return s.apiMemberChange(w, r, rq, &b, &b.On, func(id int64, on time.Time) error {
		return registry.TransferMember(r.Context(), s.db, rq.tree, rq.principal(), id, b.Version, b.Branch, on, s.now())
	})
}

// apiMemberChange makes a dated change to the member of the path: it
// decodes the body into b, reads the day *on (a field "on" of b), runs
// change, and answers the member as it is after. A fault of the day or of
// the change's fields is answered by field.
func (s *Server) apiMemberChange(w http.ResponseWriter, r *http.Request, rq *request, b any, on *string,
	change func(id int64, on time.Time) error) error {
	id, err := memberID(r)
	if err != nil {
		return err
	}
	if err := apiDecode(w, r, b); err != nil {
		return err
	}
	day, err := registry.ParseDay(*on)
	if err != nil {
		return s.apiFieldErrors(w, r, registry.FieldErrors{"on": err})
	}
	if err := change(id, day); err != nil {
		return s.apiFieldErrors(w, r, err)
	}
	return s.apiMemberShow(w, r, rq)
}

// apiFieldErrors answers a refusal: the faults of fields as
// {"error": {"code", "message", "fields": {name: message}}}, names as the
// body writes them; any other error as the API answers errors.
func (s *Server) apiFieldErrors(w http.ResponseWriter, r *http.Request, err error) error {
	fields, ok := fieldFaults(err)
	if !ok {
		return err
	}
	writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{
		"code": string(apperr.Invalid), "message": err.Error(), "fields": fields,
	}})
	return nil
}

// apiMemberImport imports a member file sent as the body (CSV or XLSX;
// "name" names it, its extension telling XLSX from CSV) with the query
// parameters dry_run, on_duplicate (skip, update) and create_branches:
// registry.ImportMembers, all or nothing; a refusal lists every row and
// column at fault.
func (s *Server) apiMemberImport(w http.ResponseWriter, r *http.Request, rq *request) error {
	name := uploadName(queryValue(r, "name"))
	if queryValue(r, "name") == "" {
		name = "api.csv"
	}
	dup, err := registry.ParseDuplicate(queryValue(r, "on_duplicate"))
	if err != nil {
		return apperr.At("on_duplicate", apperr.New(apperr.Invalid, "%s", err.Error()))
	}
	if r.ContentLength > uploadMaxFile {
		return apperr.New(apperr.Invalid, vi.ErrUploadTooLarge, uploadMaxFile>>20)
	}
	body := http.MaxBytesReader(w, r.Body, uploadMaxFile)
	spool, err := spoolBody(body)
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return apperr.New(apperr.Invalid, vi.ErrUploadTooLarge, uploadMaxFile>>20)
		}
		return err
	}
	defer spool.close()
	sum, err := ingest.Digest(spool.f)
	if err != nil {
		return err
	}
	res, err := registry.ImportMembers(r.Context(), s.db, rq.tree, rq.principal(), spool.f, name, sum, registry.ImportOptions{
		DryRun: apiBool(r, "dry_run"), OnDuplicate: dup, CreateBranches: apiBool(r, "create_branches"),
	}, s.now())
	s.countImport("members", res.Rows, res.DryRun, err)
	if list, ok := errors.AsType[*apperr.List](err); ok {
		s.apiFileRowsError(w, r, name, list)
		return nil
	}
	if err != nil {
		return err
	}
	matches := make([]map[string]any, 0, len(res.Matches))
	for _, m := range res.Matches {
		x := map[string]any{"row": m.Line, "name": m.Name, "by_cccd": m.ByCCCD}
		if m.MemberID != 0 {
			x["member_id"] = m.MemberID
		}
		if m.OtherLine != 0 {
			x["other_row"] = m.OtherLine
		}
		matches = append(matches, x)
	}
	created, unread := res.CreatedBranches, res.UnreadColumns
	if created == nil {
		created = []string{}
	}
	if unread == nil {
		unread = []string{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"rows": res.Rows, "added": res.Added, "updated": res.Updated,
		"unchanged": res.Unchanged, "skipped": res.Skipped, "duplicates": matches, "created_branches": created,
		"unread_columns": unread, "dry_run": res.DryRun})
	return nil
}

// apiBool reads a yes/no query parameter.
func apiBool(r *http.Request, name string) bool {
	switch queryValue(r, name) {
	case "1", "true", "yes":
		return true
	}
	return false
}

// apiFileRowsError answers an import's refusal of rows of a file: each
// fault with its row (the file's line), column and message.
func (s *Server) apiFileRowsError(w http.ResponseWriter, r *http.Request, source string, list *apperr.List) {
	rows := []apiRowError{}
	for _, it := range list.Items {
		rows = append(rows, rowFaultOf(source, it))
	}
	err := apperr.New(list.Code, "%s", list.Title)
	writeJSON(w, status(err), map[string]any{"error": map[string]any{
		"code": string(list.Code), "message": s.message(r, err), "rows": rows,
	}})
}

// ownDataJSON is a member's own data as the download writes it.
func ownDataJSON(rq *request, d registry.OwnData) map[string]any {
	hist := make([]map[string]any, 0, len(d.History))
	for _, c := range d.History {
		var old, nu map[string]string
		json.Unmarshal([]byte(c.Old), &old)
		json.Unmarshal([]byte(c.New), &nu)
		hist = append(hist, map[string]any{"at": vi.TimeISO(c.At), "actor": c.Actor, "action": c.Action,
			"action_label": vi.MemberHistoryAction(c.Action), "old": old, "new": nu})
	}
	return map[string]any{"member": apiMemberOf(rq, d.Member), "history": hist}
}

// spooled is a request body kept in a temporary file, so that an import
// can digest it and read it again without holding it in memory.
type spooled struct{ f *os.File }

// spoolBody copies a body into a temporary file, rewound.
func spoolBody(body io.Reader) (*spooled, error) {
	f, err := os.CreateTemp("", "khuyenhoc-api-*")
	if err != nil {
		return nil, err
	}
	sp := &spooled{f: f}
	if _, err := io.Copy(f, body); err != nil {
		sp.close()
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		sp.close()
		return nil, err
	}
	return sp, nil
}

// close removes the temporary file.
func (sp *spooled) close() {
	sp.f.Close()
	os.Remove(sp.f.Name())
}
