package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The titles' import page (/danh-hieu/nhap): a commune's officer uploads
// the registrations file or the evaluations file (docs/models.md) as they
// keep it in Excel, previews it, and imports it all or nothing, with every
// fault named by row and column, as on the member import page. The
// templates of both files are downloaded from the page.

// modelsImportData is the page.
type modelsImportData struct {
	Kind    string // "registrations" or "evaluations"
	File    string
	Preview bool
	Result  *modelsImportCounts
	Problem string
	Faults  []apiRowError
	Sets    []option
	MaxMB   int
}

// modelsImportCounts are an import's counts, written the Vietnamese way;
// a count the kind of file does not give is empty.
type modelsImportCounts struct {
	Rows, Registered, Existing, Evaluated, Passed string
}

const (
	importRegistrations = "registrations"
	importEvaluations   = "evaluations"
)

// modelsImportView is the page with its choices: the kind of file and the
// criteria sets whose evaluation template may be downloaded.
func (s *Server) modelsImportView(r *http.Request, kind string) (modelsImportData, error) {
	d := modelsImportData{Kind: kind, MaxMB: uploadMaxFile >> 20}
	if d.Kind != importEvaluations {
		d.Kind = importRegistrations
	}
	sets, err := models.ListSets(r.Context(), s.db)
	if err != nil {
		return d, err
	}
	sort.SliceStable(sets, func(i, j int) bool {
		a, b := sets[i], sets[j]
		if a.Title != b.Title {
			return slices.Index(models.Titles, a.Title) < slices.Index(models.Titles, b.Title)
		}
		return a.Ref() < b.Ref()
	})
	for _, set := range sets {
		label := set.Title.Label()
		if set.TargetGroup != "" {
			label += " · " + vi.TargetGroup(set.TargetGroup)
		}
		label += " · " + fmt.Sprintf(vi.UI["mtimport.set_version"], set.ValidFrom, set.Version)
		d.Sets = append(d.Sets, option{Value: set.Ref(), Label: label})
	}
	return d, nil
}

// modelsImportPage shows the import form.
func (s *Server) modelsImportPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.modelsImportView(r, queryValue(r, "kind"))
	if err != nil {
		return err
	}
	return s.render(w, rq, http.StatusOK, "models_import", vi.UI["mtimport.title"], "models", d)
}

// modelsImport previews ("Xem trước": a dry run that writes nothing) or
// imports a registrations or evaluations file through the area's
// importers, all or nothing. The file is read where the multipart reader
// left it.
func (s *Server) modelsImport(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.modelsImportView(r, r.FormValue("kind"))
	if err != nil {
		return err
	}
	d.Preview = r.FormValue("action") != "import"
	show := func(code int) error {
		return s.render(w, rq, code, "models_import", vi.UI["mtimport.title"], "models", d)
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
	var rows int
	if d.Kind == importEvaluations {
		var res models.ImportResult
		res, err = models.ImportEvaluations(r.Context(), s.db, rq.tree, rq.principal(), file, d.File, sum, d.Preview, s.now())
		rows = res.Rows
		d.Result = &modelsImportCounts{Rows: vi.Int(int64(res.Rows)), Registered: vi.Int(int64(res.Registered)),
			Evaluated: vi.Int(int64(res.Evaluated)), Passed: vi.Int(int64(res.Passed))}
	} else {
		var res models.RegistrationsResult
		res, err = models.ImportRegistrations(r.Context(), s.db, rq.tree, rq.principal(), file, d.File, sum, d.Preview, s.now())
		rows = res.Rows
		d.Result = &modelsImportCounts{Rows: vi.Int(int64(res.Rows)), Registered: vi.Int(int64(res.Registered)),
			Existing: vi.Int(int64(res.Existing))}
	}
	s.countImport(d.Kind, rows, d.Preview, err)
	if err != nil {
		d.Result = nil
		if apperr.CodeOf(err) == apperr.Internal {
			return err
		}
		d.Problem, d.Faults = importRefusal(d.File, err)
		return show(status(err))
	}
	return show(http.StatusOK)
}

// modelsRegistrationTemplate downloads the registrations file's template,
// CSV or XLSX.
func (s *Server) modelsRegistrationTemplate(xlsx bool) func(http.ResponseWriter, *http.Request, *request) error {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		return templateDownload(w, "mau-dang-ky-danh-hieu", xlsx, models.WriteRegistrationTemplate)
	}
}

// modelsEvaluationTemplate downloads the evaluations file's template of
// the criteria set chosen (?set=ID@VERSION; format=csv for CSV).
func (s *Server) modelsEvaluationTemplate(w http.ResponseWriter, r *http.Request, rq *request) error {
	set, err := models.GetSet(r.Context(), s.db, queryValue(r, "set"))
	if err != nil {
		return err
	}
	return templateDownload(w, "mau-cham-diem-"+set.ID, queryValue(r, "format") != "csv", func(w io.Writer, xlsx bool) error {
		return models.WriteEvaluationTemplate(w, set, xlsx)
	})
}

// templateDownload answers a template as a download named name.xlsx or
// name.csv; a CSV starts with a byte-order mark, so that Excel opens its
// Vietnamese headers as UTF-8.
func templateDownload(w http.ResponseWriter, name string, xlsx bool, write func(io.Writer, bool) error) error {
	var buf bytes.Buffer
	if err := write(&buf, xlsx); err != nil {
		return err
	}
	if xlsx {
		return download(w, name+".xlsx", xlsxType, buf.Bytes())
	}
	return download(w, name+".csv", "text/csv; charset=utf-8", append([]byte("\uFEFF"), buf.Bytes()...))
}
