package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// clustersMaxFile bounds a clusters file: 34 provinces a year, a few terms,
// fit in a few kilobytes; the confirmation form carries the file back, so it
// stays small.
const clustersMaxFile = 1 << 20

// clustersImportData is the clusters import page: the form, and after a
// post the counts, the removals waiting for confirmation, or the faults.
type clustersImportData struct {
	File    string
	Content string // the file, base64, carried by the confirmation form
	Confirm []string
	Done    *clustersImportCounts
	Removed []string
	Problem string
	Rows    []string
}

// clustersImportCounts are the counts of a clusters import, written the
// Vietnamese way.
type clustersImportCounts struct {
	Rows, Clusters, Changed, Unchanged string
}

// clustersImportPage shows the form to upload a clusters file; only a
// nation admin (who sets the clusters) may use it.
func (s *Server) clustersImportPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !canImportClusters(rq) {
		return apperr.New(apperr.Forbidden, vi.ErrForbidden)
	}
	return s.render(w, rq, http.StatusOK, "clusters_import", vi.UI["clusters.import_title"], "clusters", clustersImportData{})
}

// canImportClusters tells whether the caller sets the clusters: an admin
// of the nation.
func canImportClusters(rq *request) bool {
	return rq.scope.CanAdmin(rq.tree.Nation().ID)
}

// clustersImport imports a clusters file with the command line's rules.
// An import that would take a province out of a cluster, or remove a
// cluster, writes nothing and shows what it would remove with a form that
// carries the same file back; only that form with its confirmation box
// ticked imports it with cluster.Options.Replace, the page's --replace.
func (s *Server) clustersImport(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !canImportClusters(rq) {
		return apperr.New(apperr.Forbidden, vi.ErrForbidden)
	}
	var d clustersImportData
	show := func(code int) error {
		return s.render(w, rq, code, "clusters_import", vi.UI["clusters.import_title"], "clusters", d)
	}
	var data []byte
	if c := r.FormValue("content"); c != "" {
		// The confirmation form: the file as it was shown.
		raw, err := base64.StdEncoding.DecodeString(c)
		if err != nil || len(raw) > clustersMaxFile {
			d.Problem = vi.ErrUploadForm
			return show(http.StatusBadRequest)
		}
		data, d.File = raw, uploadName(r.FormValue("name"))
	} else {
		file, head, err := r.FormFile("file")
		if err != nil {
			d.Problem = vi.ErrUploadNoFile
			return show(http.StatusBadRequest)
		}
		defer file.Close()
		d.File = uploadName(head.Filename)
		if data, err = io.ReadAll(io.LimitReader(file, clustersMaxFile+1)); err != nil {
			return fmt.Errorf("clusters import: %w", err)
		}
		if len(data) > clustersMaxFile {
			d.Problem = fmt.Sprintf(vi.ErrClustersFileTooLarge, clustersMaxFile>>10)
			return show(http.StatusBadRequest)
		}
	}
	if len(data) == 0 {
		d.Problem = vi.ErrUploadNoFile
		return show(http.StatusBadRequest)
	}
	sum, err := ingest.Digest(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("clusters import: %w", err)
	}
	rows, err := cluster.Parse(bytes.NewReader(data), d.File)
	if err == nil {
		var res cluster.Result
		res, err = cluster.Import(r.Context(), s.db, rq.principal(), rows, cluster.Options{
			Source: d.File, SHA256: sum, Now: s.now(),
			Replace: r.FormValue("content") != "" && r.FormValue("confirm_replace") == "1",
		})
		if err == nil {
			d.Done = &clustersImportCounts{Rows: vi.Int(int64(res.Rows)), Clusters: vi.Int(int64(res.Clusters)),
				Changed: vi.Int(int64(res.Changed)), Unchanged: vi.Int(int64(res.Unchanged))}
			for _, rm := range res.Removals {
				d.Removed = append(d.Removed, rm.String())
			}
			return show(http.StatusOK)
		}
	}
	var re *cluster.RemovalError
	switch {
	case errors.As(err, &re):
		d.Problem = fmt.Sprintf(vi.ErrClusterRemovals, re.File)
		for _, rm := range re.Removals {
			d.Confirm = append(d.Confirm, rm.String())
		}
		d.Content = base64.StdEncoding.EncodeToString(data)
		return show(http.StatusConflict)
	case apperr.CodeOf(err) == apperr.Internal:
		return err
	}
	d.Problem, d.Rows = faultLines(err)
	return show(status(err))
}
