package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestUploadedDraftShowsItsWarningsToExplainBeforeSending: a file the
// commune officer uploads fills the commune's draft, and the upload page
// lists the warnings of the figures as the file left them, each with its
// field for the explanation, in a form that posts to the entry form as
// the form itself does: sending with a warning unexplained is refused,
// with every one explained it goes. A dry run writes no draft and lists
// none.
func TestUploadedDraftShowsItsWarningsToExplainBeforeSending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		r, _ := units.ParseRef(w.dlComm)
		form := "/entry/" + w.dlComm + "/2026H2"
		file := "period,level,code,indicator,value\n2026H2,commune," + r.Code + ",members.total,200000\n"
		rec := w.upload("xa", "xa.csv", file, true, true)
		wantStatus(t, "dry run", rec, 200, "Chạy thử: sẽ lưu vào bản nháp")
		if strings.Contains(rec.Body.String(), "explain:") {
			t.Errorf("a dry run offers explanations of a draft it did not write:\n%s", rec.Body)
		}
		rec = w.upload("xa", "xa.csv", file, false, true)
		wantStatus(t, "upload", rec, 200,
			"Cảnh báo cần xem lại trong bản nháp của",
			"Số hội viên (200.000) nhiều hơn Dân số (12.000, số của 6 tháng đầu năm 2026)",
			"Số hội viên tăng 7.900,00% so với 6 tháng đầu năm 2026 (2.500 → 200.000)",
			`action="`+form+`"`, `name="explain:above:members.total"`, `name="explain:change:members.total"`,
			`id="d1-x-above-members-total"`, `value="submit"`)

		// The form names who filled it by name, not by e-mail.
		if rec := w.get("xa", form); !strings.Contains(rec.Body.String(), "· Cán bộ xa</p>") || strings.Contains(rec.Body.String(), "xa@test.vn") {
			t.Errorf("the form does not name its updater as a person:\n%s", rec.Body)
		}
		// What the upload page's form posts: the explanations, no figure.
		rec = w.post("xa", form, url.Values{"action": {"submit"}, "basis": {"total"},
			"explain:above:members.total": {"tính cả hội viên danh dự"}, "explain:change:members.total": {""}})
		wantStatus(t, "send with one explanation of two", rec, 400, "còn 1 cảnh báo chưa có giải thích")
		if s := w.status(w.dlComm, "2026H2"); s != "draft" {
			t.Errorf("a refused submission left the form %q", s)
		}
		wantStatus(t, "send explained", w.post("xa", form, url.Values{"action": {"submit"}, "basis": {"total"},
			"explain:above:members.total": {"tính cả hội viên danh dự"}, "explain:change:members.total": {"sáp nhập ba xã từ 1/7"}}), 303)
		if s := w.status(w.dlComm, "2026H2"); s != "submitted" {
			t.Fatalf("after sending with every explanation: %q", s)
		}
		wantStatus(t, "the approval page", w.get("dl", "/approvals/"+w.dlComm+"/2026H2"), 200,
			"200.000", "tính cả hội viên danh dự", "sáp nhập ba xã từ 1/7")
	})
}

// TestFiguresTheProvinceImportedAreOfferedToTheCommuneToCheck: once the
// province has written a commune's figures of the half-year in progress,
// the commune's dashboard says so among its next steps, with the link to
// the form, instead of asking for figures that are in.
func TestFiguresTheProvinceImportedAreOfferedToTheCommuneToCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		form := "/entry/" + w.dlComm + "/2026H2"
		wantStatus(t, "dashboard before", w.get("xa", "/"), 200, "Nhập số liệu 6 tháng cuối năm 2026 của", `href="`+form+`"`)
		if rec := w.apiPost(w.token("dl"), "/api/v1/aggregates", rowBody(row("2026H2", w.dlComm, "members.total", "2600"))); rec.Code != 200 {
			t.Fatalf("the province's write: %d %s", rec.Code, rec.Body)
		}
		rec := w.get("xa", "/")
		wantStatus(t, "dashboard after", rec, 200, "đã được cấp trên nhập từ tệp; hãy xem lại và sửa nếu cần", `href="`+form+`"`)
		if strings.Contains(rec.Body.String(), "Nhập số liệu 6 tháng cuối năm 2026 của") {
			t.Errorf("the dashboard still asks for figures that are in:\n%s", rec.Body)
		}
	})
}
