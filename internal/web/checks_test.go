package web_test

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
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

// TestAPIReportsWarningsInTheWordsOfThePages walks the same path through
// the API: the commune officer's rows fill the draft and the answer lists
// its warnings; submitting without explanations is refused with the
// warnings; with them it goes; the province lists it with the sender's
// name and the number of warnings and approves it.
func TestAPIReportsWarningsInTheWordsOfThePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		xa, dl := w.token("xa"), w.token("dl")
		r, _ := units.ParseRef(w.dlComm)
		entryURL := "/api/v1/entry/" + w.dlComm + "/2026H2"
		above := "Số hội viên (200.000) nhiều hơn Dân số (12.000, số của 6 tháng đầu năm 2026), bằng 1.666,67% dân số."

		rec := w.apiPost(xa, "/api/v1/aggregates", `{"rows":[{"period":"2026H2","level":"commune","code":"`+r.Code+`","indicator":"members.total","value":"200000"}]}`)
		var posted struct {
			Drafts []struct {
				Warnings []struct{ Key, Message string } `json:"warnings"`
			} `json:"drafts"`
		}
		decodeJSON(t, rec, 200, &posted)
		if len(posted.Drafts) != 1 || len(posted.Drafts[0].Warnings) != 2 || !strings.HasSuffix(posted.Drafts[0].Warnings[0].Message, above) {
			t.Fatalf("the draft's warnings: %+v", posted)
		}

		var form struct {
			Status            string `json:"status"`
			SubmittedWarnings int    `json:"submitted_warnings"`
			Warnings          []struct {
				Key, Message, Explanation string
				ExplainedBy               string `json:"explained_by"`
			} `json:"warnings"`
		}
		decodeJSON(t, w.apiGet(xa, entryURL), 200, &form)
		if len(form.Warnings) != 2 || form.Warnings[1].Key != "change:members.total" {
			t.Fatalf("the form's warnings: %+v", form)
		}

		var refused struct {
			Error struct {
				Code, Message string
				Warnings      []struct{ Key string } `json:"warnings"`
			} `json:"error"`
		}
		decodeJSON(t, w.apiPost(xa, entryURL+"/submit", `{}`), 400, &refused)
		if refused.Error.Code != "invalid" || len(refused.Error.Warnings) != 2 || !strings.Contains(refused.Error.Message, "còn 2 cảnh báo chưa có giải thích") {
			t.Errorf("submitting unexplained: %+v", refused)
		}
		decodeJSON(t, w.apiPost(xa, entryURL+"/submit",
			`{"explanations":{"above:members.total":"tính cả hội viên danh dự","change:members.total":"sáp nhập ba xã"}}`), 200, &form)
		if form.Status != "submitted" || form.SubmittedWarnings != 2 || form.Warnings[0].ExplainedBy != "Cán bộ xa" {
			t.Errorf("after submitting: %+v", form)
		}

		var queue struct {
			Forms []struct {
				SentBy   string `json:"sent_by"`
				Warnings int
				Page     string
			} `json:"forms"`
		}
		decodeJSON(t, w.apiGet(dl, "/api/v1/approvals"), 200, &queue)
		if len(queue.Forms) != 1 || queue.Forms[0].SentBy != "Cán bộ xa" || queue.Forms[0].Warnings != 2 || queue.Forms[0].Page != "/approvals/"+w.dlComm+"/2026H2" {
			t.Errorf("the approvals: %+v", queue)
		}
		decodeJSON(t, w.apiPost(xa, entryURL+"/approve", ``), 403, nil)
		decodeJSON(t, w.apiPost(dl, entryURL+"/approve", ``), 200, &form)
		if form.Status != "approved" {
			t.Errorf("after approving: %+v", form)
		}
	})
}

// apiGet sends a GET with a bearer token.
func (w *writeWorld) apiGet(token, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", target, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return w.send("", req)
}

// decodeJSON checks an answer's status and reads its JSON into v (when
// not nil).
func decodeJSON(t *testing.T, rec *httptest.ResponseRecorder, code int, v any) {
	t.Helper()
	if rec.Code != code {
		t.Fatalf("status %d, want %d: %s", rec.Code, code, rec.Body)
	}
	if v != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatalf("%v: %s", err, rec.Body)
		}
	}
}
