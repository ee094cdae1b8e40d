package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/figures"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/lineage"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// uploadMaxFile bounds an uploaded file (20 MB): a province's communes
// with every indicator for many periods fit in it many times over.
const uploadMaxFile = 20 << 20

// uploadMaxBody bounds the whole multipart body: the file and the form's
// few small fields. A body beyond it is cut off where it passes the bound
// (http.MaxBytesReader) and refused with vi.ErrUploadTooLarge.
const uploadMaxBody = uploadMaxFile + 64<<10

// uploadMemory is how much of an uploaded file is held in memory; the rest
// of a larger file goes to a temporary file, which the tabular reader
// reads in place, so that an upload costs the server a few megabytes
// whatever its size. The server removes the temporary file after the
// request.
const uploadMemory = 1 << 20

// uploadData is the upload page: the form, and after a post either the
// counts of the import or its faults.
type uploadData struct {
	File    string
	Kind    string // uploadAggregates or uploadLineage
	DryRun  bool
	Result  *uploadCounts
	Drafts  []uploadDraft // forms filled instead of the official figures
	Lineage *lineageCounts
	Problem string   // what went wrong, in one line
	Rows    []string // the faults of single rows
}

// sampleWord is a value as a file holds it (a period or a level, written
// as the file format takes it) and what it means in words.
type sampleWord struct {
	Value, Words string
}

// Words are the values of the period and level columns of the sample
// lines (the format takes codes: docs/contracts.md), each with its
// meaning, so that the page explains them instead of showing a code alone.
func (uploadData) Words() []sampleWord {
	var out []sampleWord
	for _, code := range []string{"2026", "2026H1", "2026H2"} {
		p, err := period.Parse(code)
		if err != nil {
			panic(err) // a fixed sample
		}
		out = append(out, sampleWord{code, p.NameVI()})
	}
	for _, l := range []units.Level{units.Province, units.Commune} {
		out = append(out, sampleWord{string(l), vi.UI["units.level."+string(l)]})
	}
	return out
}

// uploadCounts are the counts of an import, written the Vietnamese way.
type uploadCounts struct {
	Rows, Inserted, Updated, Unchanged string
}

// uploadDraft is a data-entry form that the file filled as a draft, the
// uploader being the unit's own officer (figures.Write).
type uploadDraft struct {
	Message, Counts, Href, Link string
	// Warnings are the plausibility checks' warnings on the draft as the
	// file left it, to explain before sending (the entry form's fields,
	// posted to the form's address); nil without warnings, and in a dry
	// run, which writes no draft.
	Warnings *uploadWarnings
}

// uploadWarnings are the warnings of a draft the file filled, in a form
// that posts their explanations to Action, the entry form's address.
type uploadWarnings struct {
	Action string
	View   warningsView
}

// lineageCounts are the counts of a lineage import, written the
// Vietnamese way.
type lineageCounts struct {
	Rows, Communes, Changed, Unchanged string
}

// The kinds of file the upload page takes (the form field "kind"): the
// aggregate values, the default, and the populations of the parts of the
// communes split on 1 July 2025.
const (
	uploadAggregates = "aggregates"
	uploadLineage    = "lineage"
)

// uploadPage shows the upload form; ?kind=lineage preselects the lineage
// file.
func (s *Server) uploadPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	d := uploadData{Kind: uploadAggregates}
	if r.URL.Query().Get("kind") == uploadLineage {
		d.Kind = uploadLineage
	}
	return s.render(w, rq, http.StatusOK, "upload", vi.UI["upload.title"], "upload", d)
}

// readUpload bounds the body of an upload and reads its multipart form,
// holding at most uploadMemory of it in memory (filePage). A body beyond
// the bound is refused with vi.ErrUploadTooLarge, unread past it.
func readUpload(w http.ResponseWriter, r *http.Request) error {
	tooLarge := apperr.New(apperr.Invalid, vi.ErrUploadTooLarge, uploadMaxFile>>20)
	if r.ContentLength > uploadMaxBody {
		return tooLarge
	}
	r.Body = http.MaxBytesReader(w, r.Body, uploadMaxBody)
	if err := r.ParseMultipartForm(uploadMemory); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return tooLarge
		}
		return apperr.New(apperr.Invalid, vi.ErrUploadForm)
	}
	return nil
}

// upload writes an aggregate values file through figures.Write, which
// checks every row (all or nothing) and the caller's right to each row's
// unit, and applies the approval rule: rows of units strictly inside the
// caller's scope change the official figures, rows of the caller's own
// unit fill its data-entry form as a draft (the page links to the form).
func (s *Server) upload(w http.ResponseWriter, r *http.Request, rq *request) error {
	d := uploadData{Kind: uploadAggregates, DryRun: r.FormValue("dry_run") != ""}
	fail := func(code int, problem string, rows []string) error {
		d.Problem, d.Rows = problem, rows
		return s.render(w, rq, code, "upload", vi.UI["upload.title"], "upload", d)
	}
	switch k := r.FormValue("kind"); k {
	case "", uploadAggregates:
	case uploadLineage:
		d.Kind = uploadLineage
	default:
		return fail(http.StatusBadRequest, fmt.Sprintf(vi.ErrUploadKind, k), nil)
	}
	file, sum, problem, err := postedFile(r, &d.File)
	if err != nil {
		return err
	}
	if problem != "" {
		return fail(http.StatusBadRequest, problem, nil)
	}
	defer file.Close()
	if d.Kind == uploadLineage {
		return s.uploadLineageFile(w, r, rq, d, file, sum)
	}
	// Each row is checked as it is read; only the checked values are held.
	res, err := figures.WriteReader(r.Context(), s.db, rq.tree, rq.principal(), file, figures.Options{
		Source: d.File, SHA256: sum, DryRun: d.DryRun, Now: s.now(),
	})
	s.countImport("aggregates", res.Rows, d.DryRun, err)
	if err != nil {
		return s.uploadFault(w, rq, d, err)
	}
	for i, dr := range res.Drafts {
		ud := uploadDraft{
			Message: vi.Sentence(dr.Message(rq.tree, d.DryRun)),
			Counts:  fmt.Sprintf(vi.FiguresDraftCounts, vi.Int(int64(dr.Inserted)), vi.Int(int64(dr.Updated)), vi.Int(int64(dr.Unchanged))),
			Href:    entryHref(dr.Unit, dr.Period), Link: vi.FiguresDraftLink,
		}
		if !d.DryRun {
			f, err := entry.Load(r.Context(), s.db, rq.tree, dr.Unit.ID, dr.Period)
			if err != nil {
				return err
			}
			if len(f.Warnings) > 0 {
				ud.Warnings = &uploadWarnings{Action: ud.Href, View: warningsView{
					Heading:  fmt.Sprintf(vi.UploadWarnings, dr.Unit.FullName(), dr.Period.NameVI()),
					List:     warningsOf(f.Warnings, nil, nil),
					Editable: f.Status.Editable(),
					Prefix:   fmt.Sprintf("d%d-", i+1),
				}}
			}
		}
		d.Drafts = append(d.Drafts, ud)
	}
	d.Result = &uploadCounts{Rows: vi.Int(int64(res.Rows)), Inserted: vi.Int(int64(res.Inserted)),
		Updated: vi.Int(int64(res.Updated)), Unchanged: vi.Int(int64(res.Unchanged))}
	return s.render(w, rq, http.StatusOK, "upload", vi.UI["upload.title"], "upload", d)
}

// uploadLineageFile imports the populations of the parts of split
// communes through lineage.Import, which checks every row and the
// uploader's right (an admin of every new commune the file names, who also
// reads every old commune it names), all or nothing, and with a dry run
// counts the shares that would change, writing nothing.
func (s *Server) uploadLineageFile(w http.ResponseWriter, r *http.Request, rq *request, d uploadData, file io.Reader, sum string) error {
	rows, err := lineage.Parse(file, d.File)
	if err != nil {
		return s.uploadFault(w, rq, d, err)
	}
	res, err := lineage.Import(r.Context(), s.db, rq.principal(), rows, lineage.Options{
		Source: d.File, SHA256: sum, DryRun: d.DryRun, Now: s.now(),
	})
	if err != nil {
		return s.uploadFault(w, rq, d, err)
	}
	d.Lineage = &lineageCounts{Rows: vi.Int(int64(res.Rows)), Communes: vi.Int(int64(res.Communes)),
		Changed: vi.Int(int64(res.Changed)), Unchanged: vi.Int(int64(res.Unchanged))}
	return s.render(w, rq, http.StatusOK, "upload", vi.UI["upload.title"], "upload", d)
}

// uploadFault shows the importer's refusal on the upload page: the title
// of a list of bad rows and each row's fault, or a fault of the whole
// file. Internal errors go to the error page.
func (s *Server) uploadFault(w http.ResponseWriter, rq *request, d uploadData, err error) error {
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	d.Problem, d.Rows = faultLines(err)
	return s.render(w, rq, status(err), "upload", vi.UI["upload.title"], "upload", d)
}

// faultLines is an importer's refusal as an upload page shows it: the
// title of a list of bad rows and each row's fault, or the one fault of
// the whole file.
func faultLines(err error) (problem string, rows []string) {
	list, ok := errors.AsType[*apperr.List](err)
	if !ok {
		return err.Error(), nil
	}
	for _, it := range list.Items {
		rows = append(rows, it.Error())
	}
	return list.Title, rows
}

// importRefusal is an importer's refusal as the import pages show it
// (members_import, models_import): the title of a list of bad rows and each
// row's fault by row and column, or the one fault of the whole file.
func importRefusal(source string, err error) (problem string, faults []apiRowError) {
	list, ok := errors.AsType[*apperr.List](err)
	if !ok {
		return err.Error(), nil
	}
	for _, it := range list.Items {
		faults = append(faults, rowFaultOf(source, it))
	}
	return list.Title, faults
}

// postedFile opens the file of an upload form (field "file") where the
// multipart reader left it (in memory when small, else in a temporary
// file), never copying it whole into memory, and reads its digest; name is
// set to its name as a page may show it. problem is the Vietnamese answer
// to a form without a file, or with an empty or too large one (nothing is
// open then); err an error reading it. The caller closes the file.
func postedFile(r *http.Request, name *string) (file multipart.File, sum, problem string, err error) {
	file, head, err := r.FormFile("file")
	if err != nil {
		return nil, "", vi.ErrUploadNoFile, nil
	}
	*name = uploadName(head.Filename)
	switch {
	case head.Size > uploadMaxFile:
		problem = fmt.Sprintf(vi.ErrUploadTooLarge, uploadMaxFile>>20)
	case head.Size == 0:
		problem = vi.ErrUploadNoFile
	}
	if problem == "" {
		if sum, err = ingest.Digest(file); err == nil {
			return file, sum, "", nil
		}
		err = fmt.Errorf("upload %s: %w", *name, err)
	}
	file.Close()
	return nil, "", problem, err
}

// uploadName is the name an uploaded file is recorded under: its base
// name, without a browser's folder and without control characters.
func uploadName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "" || name == "." || name == "/" {
		return "upload"
	}
	return name
}
