package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// download fetches a report file as user and checks the answer: status
// 200, the content type and a file name in Content-Disposition.
func (w *pageWorld) download(user, target, ctype string) (body []byte, filename string) {
	w.t.Helper()
	rec := w.get(user, target)
	if rec.Code != http.StatusOK {
		w.t.Fatalf("%s: status %d\n%s", target, rec.Code, rec.Body)
	}
	if got := rec.Header().Get("Content-Type"); got != ctype {
		w.t.Errorf("%s: content type %q, want %q", target, got, ctype)
	}
	kind, params, err := mime.ParseMediaType(rec.Header().Get("Content-Disposition"))
	if err != nil || kind != "attachment" {
		w.t.Errorf("%s: Content-Disposition %q (%v)", target, rec.Header().Get("Content-Disposition"), err)
	}
	return rec.Body.Bytes(), params["filename"]
}

func TestReportDownloadsAreFilesThatOpenWithVietnameseNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		q := "?scope=province:66&period=2026"

		pdf, name := w.download("dl", "/report.pdf"+q, "application/pdf")
		if name != "bao-cao-tinh-dak-lak-nam-2026.pdf" {
			t.Errorf("pdf named %q", name)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[max(0, len(pdf)-1024):], []byte("%%EOF")) {
			t.Errorf("the pdf is not a PDF: %q … %q", pdf[:min(len(pdf), 16)], pdf[max(0, len(pdf)-16):])
		}

		docx, name := w.download("dl", "/report.docx"+q, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		if name != "bao-cao-tinh-dak-lak-nam-2026.docx" {
			t.Errorf("docx named %q", name)
		}
		zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
		if err != nil {
			t.Fatalf("the docx is not a zip: %v", err)
		}
		if !zipHas(zr, "word/document.xml") {
			t.Error("the docx has no word/document.xml")
		}

		xlsx, name := w.download("dl", "/report.xlsx"+q, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		if name != "bao-cao-tinh-dak-lak-nam-2026.xlsx" {
			t.Errorf("xlsx named %q", name)
		}
		if zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx))); err != nil || !zipHas(zr, "xl/workbook.xml") {
			t.Errorf("the xlsx is not a workbook: %v", err)
		}

		js, name := w.download("admin", "/report.json?scope=nation&period=2026H1", "application/json; charset=utf-8")
		if name != "bao-cao-toan-quoc-6-thang-dau-nam-2026.json" {
			t.Errorf("json named %q", name)
		}
		var doc map[string]any
		if err := json.Unmarshal(js, &doc); err != nil {
			t.Errorf("json: %v", err)
		}

		// The CSV for people: a byte-order mark, Vietnamese headers with
		// the periods, units and indicators by name, plain numbers.
		raw, name := w.download("dl", "/report.csv?scope=cluster:"+w.clusterA+"&period=2026H2", "text/csv; charset=utf-8")
		if name != "bao-cao-cum-thi-dua-so-1-tay-nguyen-6-thang-cuoi-nam-2026.csv" {
			t.Errorf("csv named %q", name)
		}
		body, ok := bytes.CutPrefix(raw, []byte("\xef\xbb\xbf"))
		if !ok {
			t.Fatalf("the csv does not start with a byte-order mark: %q", raw[:min(len(raw), 20)])
		}
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("csv: %v", err)
		}
		want := "Đơn vị,Chỉ tiêu,Đơn vị tính,Kỳ báo cáo: 6 tháng cuối năm 2026,Cùng kỳ năm trước: 6 tháng cuối năm 2025,Tăng/giảm,Tăng/giảm (%),Ghi chú"
		if len(recs) < 3 || strings.Join(recs[0], ",") != want {
			t.Fatalf("csv header %q, want %q", recs[0], want)
		}
		rows := map[string]bool{}
		for _, r := range recs[1:] {
			rows[strings.Join(r[:7], "|")] = true
		}
		for _, r := range []string{
			"Cụm thi đua số 1 – Tây Nguyên|Số hội viên|người|3234|1000|2234|223.40",
			"Tỉnh Đắk Lắk|Số hội viên|người|3234|1000|2234|223.40",
			"Tỉnh Đắk Lắk|Tỉ lệ hội viên/dân số|%|16.17|||",
		} {
			if !rows[r] {
				t.Errorf("csv lacks the row %q: %q", r, recs)
			}
		}
		if s := string(body); strings.Contains(s, "members.total") || strings.Contains(s, "province") {
			t.Errorf("the csv for people carries codes: %s", s)
		}
	})
}

func zipHas(zr *zip.Reader, name string) bool {
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

// TestSecondHalfYearIsDataNotADocument: 2026H2 is no document of its own
// (the year-end report covers it): its page says so, links the year's
// report and offers the machine formats only; the document formats are
// refused with the reason.
func TestSecondHalfYearIsDataNotADocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		body := w.page("dl", "/report?scope=province:66&period=2026H2", 200)
		mustContain(t, "second half page", body,
			"Không lập báo cáo riêng cho 6 tháng cuối năm 2026: báo cáo năm 2026 bao gồm cả 6 tháng cuối năm",
			`href="/report?period=2026&scope=province%3A66"`, "3.234",
			"/report.xlsx?period=2026H2", "/report.csv?period=2026H2", "/report.json?period=2026H2")
		mustNotContain(t, "second half page", body, "/report.docx?", "/report.pdf?", "BÁO CÁO SƠ KẾT")
		for _, f := range []string{"docx", "pdf"} {
			rec := w.get("dl", "/report."+f+"?scope=province:66&period=2026H2")
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "báo cáo năm 2026 bao gồm cả 6 tháng cuối năm") {
				t.Errorf("%s of 2026H2: %d %.400s", f, rec.Code, rec.Body)
			}
		}
		w.download("dl", "/report.xlsx?scope=province:66&period=2026H2", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	})
}

// subjects asks the picker's search as user.
func (w *pageWorld) subjects(user, query string) []map[string]string {
	w.t.Helper()
	rec := w.get(user, "/api/v1/reports/subjects?"+query)
	if rec.Code != http.StatusOK {
		w.t.Fatalf("subjects %s as %s: %d %s", query, user, rec.Code, rec.Body)
	}
	var out struct{ Subjects []map[string]string }
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		w.t.Fatal(err)
	}
	return out.Subjects
}

func hasSubject(list []map[string]string, ref, label string) bool {
	for _, s := range list {
		if s["ref"] == ref && (label == "" || s["label"] == label) {
			return true
		}
	}
	return false
}

func TestReportPickerFindsByNameIgnoringDiacriticsWithinScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		commLabel := w.commA.FullName() + ", tỉnh Đắk Lắk"
		plain := units.Fold(w.commA.Name)
		for _, q := range []string{plain, strings.ToUpper(plain), w.commA.Name, commLabel} {
			got := w.subjects("dl", url.Values{"q": {q}, "period": {"2026H1"}}.Encode())
			if !hasSubject(got, w.commA.Ref(), commLabel) {
				t.Errorf("%q as the province officer: %v", q, got)
			}
			if got := w.subjects("gl", url.Values{"q": {q}, "period": {"2026H1"}}.Encode()); hasSubject(got, w.commA.Ref(), "") {
				t.Errorf("%q: Gia Lai's officer finds a commune of Đắk Lắk", q)
			}
		}
		// A full label comes first.
		if got := w.subjects("dl", url.Values{"q": {commLabel}}.Encode()); len(got) == 0 || got[0]["ref"] != w.commA.Ref() {
			t.Errorf("the full label %q: %v", commLabel, got)
		}
		// Clusters by name, only those the caller reads; the nation for a
		// national user only.
		if got := w.subjects("dl", "q=tay+nguyen&period=2026H1"); !hasSubject(got, "cluster:"+w.clusterA, "Cụm thi đua số 1 – Tây Nguyên") {
			t.Errorf("cluster by name: %v", got)
		}
		if got := w.subjects("dl", "q=cum+thi+dua&period=2026H1"); hasSubject(got, "cluster:"+w.clusterB, "") {
			t.Errorf("Đắk Lắk's officer finds Gia Lai's cluster: %v", got)
		}
		// A picker of today's units (users, audit log) offers no cluster.
		if got := w.subjects("dl", "q=tay+nguyen&at=2026-07-01"); hasSubject(got, "cluster:"+w.clusterA, "") {
			t.Errorf("a picker of units offers a cluster: %v", got)
		}
		if got := w.subjects("dl", "q="+url.QueryEscape(commLabel)+"&at=2026-07-01"); len(got) == 0 || got[0]["ref"] != w.commA.Ref() {
			t.Errorf("a picker of units does not find %q: %v", commLabel, got)
		}
		if got := w.subjects("admin", "q=toan+quoc"); !hasSubject(got, "nation", "Toàn quốc") {
			t.Errorf("the nation for the national admin: %v", got)
		}
		if got := w.subjects("dl", "q=toan+quoc"); hasSubject(got, "nation", "") {
			t.Errorf("the nation for a province officer: %v", got)
		}
		// Units valid at the end of the period: Phú Yên before the merger.
		if got := w.subjects("dl", "q=phu+yen&period=2024H1"); !hasSubject(got, "province:54", "Tỉnh Phú Yên") {
			t.Errorf("Phú Yên in 2024: %v", got)
		}
		if got := w.subjects("dl", "q=phu+yen&period=2026H1"); hasSubject(got, "province:54", "") {
			t.Errorf("Phú Yên after the merger: %v", got)
		}
		// Without a query: the caller's unit, its communes, its cluster.
		got := w.subjects("dl", "period=2026H1&limit=100")
		for _, ref := range []string{"province:66", w.commA.Ref(), "cluster:" + w.clusterA} {
			if !hasSubject(got, ref, "") {
				t.Errorf("the default list lacks %s: %v", ref, got)
			}
		}
		// Commune viewers find only their commune.
		if got := w.subjects("dlcomm", url.Values{"q": {units.Fold(w.commB.Name)}}.Encode()); hasSubject(got, w.commB.Ref(), "") {
			t.Errorf("a commune's viewer finds the neighbour commune: %v", got)
		}
		for _, bad := range []string{"period=2026H3", "limit=0"} {
			if rec := w.get("dl", "/api/v1/reports/subjects?q=a&"+bad); rec.Code != http.StatusBadRequest {
				t.Errorf("%s: %d", bad, rec.Code)
			}
		}
	})
}

// TestReportFindWithoutScript: the picker's name typed without script is
// resolved on the server: one match opens its report by code, several
// are offered, none is said in Vietnamese with the form kept.
func TestReportFindWithoutScript(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		rec := w.get("dl", "/report?"+url.Values{"find": {units.Fold(w.commA.Name)}, "period": {"2026"}}.Encode())
		if want := "/report?period=2026&scope=" + url.QueryEscape(w.commA.Ref()); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
			t.Errorf("find a commune: %d %q, want %q", rec.Code, rec.Header().Get("Location"), want)
		}
		rec = w.get("dl", "/report?"+url.Values{"find": {"Tỉnh Đắk Lắk"}}.Encode())
		if want := "/report?period=2026&scope=province%3A66"; rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
			t.Errorf("find the province by its label: %d %q, want %q", rec.Code, rec.Header().Get("Location"), want)
		}
		body := w.page("dl", "/report?find=xyzzy&period=2026H1", http.StatusNotFound)
		mustContain(t, "no match", body, "không tìm thấy đơn vị, cụm thi đua nào khớp với «xyzzy»", `name="find"`, `value="xyzzy"`)
		body = w.page("dl", "/report?find=a&period=2026H1", http.StatusOK)
		mustContain(t, "several matches", body, "Chọn một", "/report?period=2026H1&scope=")
		// Units outside the scope are never offered.
		body = w.page("gl", "/report?"+url.Values{"find": {units.Fold(w.commA.Name)}}.Encode(), http.StatusNotFound)
		mustNotContain(t, "foreign find", body, w.commA.Ref())
	})
}

func TestReportPeriodPickerOffersVietnameseNamesAndOpensOnTheLastFinished(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db) // early 2027
		body := w.page("dl", "/report", 200)
		mustContain(t, "period picker", body,
			`<option value="2026" selected>Năm 2026</option>`,
			`<option value="2026H1">6 tháng đầu năm 2026</option>`,
			`<option value="2027">Năm 2027 (đang diễn ra, số liệu tạm tính)</option>`,
			`<option value="2027H1">6 tháng đầu năm 2027 (đang diễn ra, số liệu tạm tính)</option>`,
			`<option value="2026H2">6 tháng cuối năm 2026</option>`,
			"Chỉ tải số liệu (JSON, CSV, XLSX)",
			"báo cáo năm bao gồm cả 6 tháng cuối năm",
			`value="Tỉnh Đắk Lắk"`, `data-pick-ref="province:66"`)
		mustNotContain(t, "period picker", body, `value="2027H2"`)
		// A period asked for by its code that the list lacks is added.
		body = w.page("dl", "/report?scope=province:66&period=2026Q3", 200)
		mustContain(t, "quarter", body, `<option value="2026Q3" selected>Quý III năm 2026</option>`)
		// The field names the scope shown (the list under it offers the
		// same names): a cluster by its name, a commune with its province.
		body = w.page("dl", "/report?scope=cluster:"+w.clusterA+"&period=2026", 200)
		mustContain(t, "cluster's field", body, `name="find" value="Cụm thi đua số 1 – Tây Nguyên"`, `data-pick-ref="cluster:`+w.clusterA+`"`)
		body = w.page("dl", "/report?"+url.Values{"scope": {w.commA.Ref()}, "period": {"2026"}}.Encode(), 200)
		mustContain(t, "commune's field", body, `name="find" value="`+html.EscapeString(w.commA.FullName()+", tỉnh Đắk Lắk")+`"`, `data-pick-ref="`+w.commA.Ref()+`"`)
	})
}
