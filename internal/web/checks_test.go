package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// TestWarnedFormIsExplainedSubmittedAndApprovedWithFiguresInView is the
// plausibility checks seen from the pages: the commune officer types
// 200.000 members for a commune of 12.000 people; the form shows the
// warnings; submitting without explaining them is refused and changes
// nothing; with the explanations it goes. The province's queue names the
// sender and counts the warnings; the approval page shows every figure
// beside the previous ones and the change, the warnings and explanations,
// and the buttons to approve or return.
func TestWarnedFormIsExplainedSubmittedAndApprovedWithFiguresInView(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		form := "/entry/" + w.dlComm + "/2026H2"
		review := "/approvals/" + w.dlComm + "/2026H2"
		wantStatus(t, "save", w.post("xa", form, url.Values{"action": {"save"}, "members.total": {"200000"}}), 303)
		wantStatus(t, "form with warnings", w.get("xa", form), 200,
			"Cảnh báo cần xem lại (2)",
			"Số hội viên (200.000) nhiều hơn Dân số (12.000, số của 6 tháng đầu năm 2026), bằng 1.666,67% dân số.",
			"Số hội viên tăng 7.900,00% so với 6 tháng đầu năm 2026 (2.500 → 200.000)",
			`name="explain:above:members.total"`, `name="explain:change:members.total"`, "has-warning")

		rec := w.post("xa", form, url.Values{"action": {"submit"}, "members.total": {"200000"},
			"explain:above:members.total": {"tính cả hội viên danh dự"}})
		wantStatus(t, "submit with one explanation of two", rec, 400,
			"Chưa gửi được số liệu của", "còn 1 cảnh báo chưa có giải thích", vi.ErrExplanationMissing, "tính cả hội viên danh dự")
		if s := w.status(w.dlComm, "2026H2"); s != "draft" {
			t.Errorf("a refused submission left the form %q", s)
		}
		wantStatus(t, "submit explained", w.post("xa", form, url.Values{"action": {"submit"}, "members.total": {"200000"},
			"explain:change:members.total": {"sáp nhập ba xã từ 1/7"}}), 303)
		if s := w.status(w.dlComm, "2026H2"); s != "submitted" {
			t.Fatalf("after submitting with every explanation: %q", s)
		}
		wantStatus(t, "submitted form", w.get("xa", form), 200, "tính cả hội viên danh dự", "sáp nhập ba xã từ 1/7")

		rec = w.get("dl", "/approvals")
		wantStatus(t, "queue", rec, 200, "Cán bộ xa", "2 cảnh báo", review)
		if body := rec.Body.String(); strings.Contains(body, "xa@test.vn") || strings.Contains(body, form+"/approve") {
			t.Errorf("the queue shows an address or approves without the figures:\n%s", body)
		}
		wantStatus(t, "approval page", w.get("dl", review), 200,
			"Số hội viên", "200.000", "2.500", "2.400", "&#43;197.500 (&#43;7.900,00%)", "&#43;197.600 (&#43;8.233,33%)",
			`class="warned"`, "tính cả hội viên danh dự", "sáp nhập ba xã từ 1/7", "Cán bộ xa",
			form+"/approve", form+"/return")
		wantStatus(t, "approval page for the sender", w.get("xa", review), 403)
		wantStatus(t, "approval page for another province", w.get("gl", review), 404)
		wantStatus(t, "approve", w.post("dl", form+"/approve", url.Values{"next": {"/approvals"}}), 303)
		if v := w.stored(w.dlComm, "2026H2", "members.total"); v == nil || *v != 200000 {
			t.Errorf("approved members: %v", v)
		}
		wantStatus(t, "approval page once approved", w.get("dl", review), 200, vi.UI["approve.not_waiting"], "sáp nhập ba xã từ 1/7")
	})
}
