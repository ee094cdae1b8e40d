package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The report's downloads from the web page. Reports hold figures of units,
// never a person's data, so a download is not written to the audit log
// (as a view of the same report is not); the member list's export, which
// holds personal data, is.

// reportFormat is one download of the report page.
type reportFormat struct {
	ext   string
	ctype string
	// document marks a format of the document (not offered for a second
	// half-year, whose figures the year-end report gives).
	document bool
	write    reportWriter
}

// reportWriter writes the report of scope ref in one format.
type reportWriter func(s *Server, ctx context.Context, w io.Writer, rq *request, ref units.Ref, rep *report.Report) error

// reportFormats are the downloads in the order the page offers them.
var reportFormats = []reportFormat{
	{ext: "pdf", ctype: "application/pdf", document: true, write: documentWriter(document.WritePDF)},
	{ext: "docx", ctype: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", document: true, write: documentWriter(document.WriteDOCX)},
	{ext: "xlsx", ctype: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write: writeWorkbook},
	{ext: "csv", ctype: "text/csv; charset=utf-8", write: machineWriter(writeReportCSV)},
	{ext: "json", ctype: "application/json; charset=utf-8", write: machineWriter(report.WriteJSON)},
}

// documentWriter writes the report's document (report.BuildDocument) with
// one of internal/document's writers.
func documentWriter(write func(io.Writer, document.Document) error) reportWriter {
	return func(s *Server, ctx context.Context, w io.Writer, rq *request, ref units.Ref, rep *report.Report) error {
		d, err := s.reportDocument(ctx, rq, ref, rep)
		if err != nil {
			return err
		}
		return write(w, d)
	}
}

// machineWriter writes the report's figures, for any period.
func machineWriter(write func(io.Writer, *report.Report) error) reportWriter {
	return func(s *Server, ctx context.Context, w io.Writer, rq *request, ref units.Ref, rep *report.Report) error {
		return write(w, rep)
	}
}

// writeWorkbook writes the Excel workbook: the document's appendix tables
// (the scope's figures, the child units'), or for a second half-year,
// which has no document, the figures' workbook of the command line's
// --format xlsx.
func writeWorkbook(s *Server, ctx context.Context, w io.Writer, rq *request, ref units.Ref, rep *report.Report) error {
	if secondHalf(rep.Period) {
		return report.WriteXLSX(w, rep)
	}
	return documentWriter(document.WriteXLSX)(s, ctx, w, rq, ref, rep)
}

// reportDownload answers the report in the format of extension ext, as a
// file to keep, named in Vietnamese without diacritics
// (bao-cao-tinh-dak-lak-6-thang-dau-nam-2026.pdf). A second half-year is
// refused as a document.
func (s *Server) reportDownload(ext string) func(http.ResponseWriter, *http.Request, *request) error {
	var f reportFormat
	for _, x := range reportFormats {
		if x.ext == ext {
			f = x
		}
	}
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		if f.write == nil {
			return apperr.New(apperr.Invalid, vi.ErrReportFormat, ext)
		}
		ref, p, _, err := s.reportSubject(r, rq)
		if err != nil {
			return err
		}
		if f.document && secondHalf(p) {
			return apperr.New(apperr.Invalid, vi.ErrReportH2Document, p.NameVI(), strings.ToUpper(f.ext), p.Year)
		}
		rep, err := s.buildReport(r.Context(), rq, ref, p)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := f.write(s, r.Context(), &buf, rq, ref, rep); err != nil {
			return fmt.Errorf("report %s %s as %s: %w", ref, p, f.ext, err)
		}
		w.Header().Set("Content-Type", f.ctype)
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": reportFileName(rep, f.ext)}))
		w.Header().Set("Cache-Control", "no-store")
		_, err = w.Write(buf.Bytes())
		return err
	}
}

// reportQuery is the query of a report's address: its scope and period.
func reportQuery(ref string, p period.Period) string {
	return url.Values{"scope": {ref}, "period": {p.String()}}.Encode()
}

// reportFileName names a downloaded report: "bao-cao", the scope and the
// period in Vietnamese without diacritics, and the extension
// (bao-cao-tinh-dak-lak-6-thang-dau-nam-2026.pdf,
// bao-cao-toan-quoc-nam-2025.xlsx).
func reportFileName(rep *report.Report, ext string) string {
	name := rep.Scope.Title()
	if rep.Scope.Level == string(units.Nation) {
		name = vi.ReportNation
	}
	return vi.ReportFilePrefix + "-" + fileSlug(name) + "-" + fileSlug(rep.Period.NameVI()) + "." + ext
}

// fileSlug writes a name for a file: letters and digits without
// diacritics, lower case, words joined by dashes ("Tỉnh Đắk Lắk" is
// tinh-dak-lak).
func fileSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range units.Fold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// utf8BOM starts the CSV for people: without it, Excel on Windows reads
// the file in the system's code page and garbles every diacritic.
const utf8BOM = "\uFEFF"

// writeReportCSV writes the report as the CSV downloaded from the page,
// for people and Excel: a byte-order mark, Vietnamese headers, units and
// indicators by name, the unit of measure, one row per unit (the scope
// first, then its children) per indicator with data. Figures are plain
// numbers as in the command line's CSV (1234567, 18.53). The command line's
// --format csv stays the machine contract (English headers and codes).
func writeReportCSV(w io.Writer, rep *report.Report) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := append([]string(nil), vi.ReportCSVHeader...)
	header[3] = fmt.Sprintf(vi.ReportCSVPeriodCol, header[3], rep.Period.NameVI())
	header[4] = fmt.Sprintf(vi.ReportCSVPeriodCol, header[4], rep.ComparePeriod.NameVI())
	if err := cw.Write(header); err != nil {
		return err
	}
	scopeName := rep.Scope.Title()
	if rep.Scope.Level == string(units.Nation) {
		scopeName = vi.ReportNation
	}
	nodes := append([]report.Node{{Scope: rep.Scope, Indicators: rep.Indicators}}, rep.Children...)
	for i, n := range nodes {
		name := n.Title()
		if i == 0 {
			name = scopeName
		}
		for _, ind := range indicator.Default.List {
			v, ok := n.Indicators[ind.Code]
			if !ok || (v.Value == nil && v.Previous == nil) {
				continue
			}
			var notes []string
			if v.Own != nil {
				notes = append(notes, fmt.Sprintf(vi.ReportCSVOwn, report.HumanValue(v.Own, ind)))
			}
			if v.Approximate {
				notes = append(notes, vi.ReportCSVApprox)
			}
			rec := []string{
				name, ind.NameVI, vi.MeasureWord(ind.Unit),
				report.MachineNumber(v.Value, ind, false),
				report.MachineNumber(v.Previous, ind, false),
				report.MachineNumber(v.Change, ind, false),
				report.MachineNumber(v.ChangePct, ind, true),
				strings.Join(notes, "; "),
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
