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

// membersImportData is the member import page: the form with its choices,
// and after a post what the import did (or, previewed, would do) or every
// fault of the file by row and column.
type membersImportData struct {
	File           string
	Preview        bool
	OnDuplicate    string
	CreateBranches bool
	Result         *membersImportCounts
	Matches        []importMatch
	Created        []string
	Unread         []string
	Problem        string
	Faults         []apiRowError
	MaxMB          int
}

// membersImportCounts are an import's counts, written the Vietnamese way.
type membersImportCounts struct {
	Rows, Added, Updated, Unchanged, Skipped string
}

// importMatch is a row of the file that is a member already.
type importMatch struct {
	Row, Name, What, Href string
}

// membersImportPage shows the import form.
func (s *Server) membersImportPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.render(w, rq, http.StatusOK, "members_import", vi.UI["mimport.title"], "members", membersImportData{MaxMB: uploadMaxFile >> 20})
}

// membersImport previews ("Xem trước": a dry run that writes nothing) or
// imports a member file through registry.ImportMembers, all or nothing,
// with the choices of the form: what to do with members already there
// (refuse, skip, update) and whether to create unknown branches. The file
// is read where the multipart reader left it, never copied into memory.
func (s *Server) membersImport(w http.ResponseWriter, r *http.Request, rq *request) error {
	d := membersImportData{MaxMB: uploadMaxFile >> 20, Preview: r.FormValue("action") != "import",
		OnDuplicate: r.FormValue("on_duplicate"), CreateBranches: r.FormValue("create_branches") != ""}
	show := func(code int) error {
		return s.render(w, rq, code, "members_import", vi.UI["mimport.title"], "members", d)
	}
	dup, err := registry.ParseDuplicate(d.OnDuplicate)
	if err != nil {
		d.Problem = err.Error()
		return show(http.StatusBadRequest)
	}
	file, sum, problem, err := postedFile(r, &d.File)
	if err != nil {
		return err
	}
	if problem != "" {
		d.Problem = problem
		return show(http.StatusBadRequest)
	}
	defer file.Close()
	progress, stop := s.imports.track(rq.user.ID, r.FormValue("progress"))
	defer stop()
	res, err := registry.ImportMembers(r.Context(), s.db, rq.tree, rq.principal(), file, d.File, sum, registry.ImportOptions{
		DryRun: d.Preview, OnDuplicate: dup, CreateBranches: d.CreateBranches, Progress: progress,
	}, s.now())
	s.countImport("members", res.Rows, res.DryRun, err)
	for _, m := range res.Matches {
		im := importMatch{Row: strconv.Itoa(m.Line), Name: m.Name}
		switch {
		case m.MemberID != 0:
			im.What = fmt.Sprintf(vi.ImportMatchMember, m.MemberID)
			im.Href = fmt.Sprintf("/members/%d", m.MemberID)
		default:
			im.What = fmt.Sprintf(vi.ImportMatchRow, m.OtherLine)
		}
		if m.ByCCCD {
			im.What += " " + vi.ImportMatchByCCCD
		}
		d.Matches = append(d.Matches, im)
	}
	d.Created, d.Unread = res.CreatedBranches, res.UnreadColumns
	if err != nil {
		if apperr.CodeOf(err) == apperr.Internal {
			return err
		}
		d.Problem, d.Faults = importRefusal(d.File, err)
		if list, ok := errors.AsType[*apperr.List](err); ok && list.Code == apperr.Conflict {
			d.Problem = fmt.Sprintf(vi.ErrImportDuplicatesPage, d.File, len(list.Items))
		}
		return show(status(err))
	}
	d.Result = &membersImportCounts{Rows: vi.Int(int64(res.Rows)), Added: vi.Int(int64(res.Added)), Updated: vi.Int(int64(res.Updated)),
		Unchanged: vi.Int(int64(res.Unchanged)), Skipped: vi.Int(int64(res.Skipped))}
	return show(http.StatusOK)
}

// membersTemplate downloads the empty member file, CSV or XLSX
// (registry.WriteTemplate).
func (s *Server) membersTemplate(xlsx bool) func(http.ResponseWriter, *http.Request, *request) error {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		return templateDownload(w, "mau-danh-sach-hoi-vien", xlsx, registry.WriteTemplate)
	}
}
