package web_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// The approval rule seen from the edges: a unit's own officer who writes
// its figures through the API or the upload page fills its data-entry
// form; the report changes only once the province approves the form. An
// officer of the province writes the commune's figures at once, and the
// audit log says by which right.

// token makes an API token for the user of key in a writeWorld.
func (w *writeWorld) token(key string) string {
	w.t.Helper()
	u, err := auth.GetUserByEmail(context.Background(), w.db, key+"@test.vn")
	if err != nil {
		w.t.Fatal(err)
	}
	tok, err := auth.CreateToken(context.Background(), w.db, u.ID, "test", writeNow)
	if err != nil {
		w.t.Fatal(err)
	}
	return tok
}

// apiPost posts a JSON body with a bearer token.
func (w *writeWorld) apiPost(token, target, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return w.send("", req)
}

// reportFigure is the figure of indicator in the report of unit ref for
// period, as the API serves it to the province's officer; -1 when empty.
func (w *writeWorld) reportFigure(token, ref, period, indicator string) float64 {
	w.t.Helper()
	req := httptest.NewRequest("GET", "/api/v1/reports?scope="+ref+"&period="+period, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := w.send("", req)
	if rec.Code != 200 {
		w.t.Fatalf("report of %s: %d %s", ref, rec.Code, rec.Body)
	}
	var rep struct {
		Indicators map[string]struct {
			Value *float64 `json:"value"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		w.t.Fatal(err)
	}
	if v := rep.Indicators[indicator].Value; v != nil {
		return *v
	}
	return -1
}

// lastAuditOf is who made the newest audit entry of action, and its detail.
func (w *writeWorld) lastAuditOf(action string) (actor, detail string) {
	w.t.Helper()
	es, err := audit.List(context.Background(), w.db, audit.Filter{Action: action, Limit: 1})
	if err != nil || len(es) == 0 {
		w.t.Fatalf("no %s audit entry: %v", action, err)
	}
	return es[0].Actor, es[0].Detail
}

// submitAndApprove has the commune officer submit the commune's draft and
// the province's officer approve it, through the pages.
func (w *writeWorld) submitAndApprove(ref, per string, check func(stage string)) {
	w.t.Helper()
	wantStatus(w.t, "submit", w.post("xa", "/entry/"+ref+"/"+per, url.Values{"action": {"submit"}}), 303)
	if got := w.status(ref, per); got != "submitted" {
		w.t.Fatalf("status after submit = %q", got)
	}
	check("submitted")
	wantStatus(w.t, "approve", w.post("dl", "/entry/"+ref+"/"+per+"/approve", nil), 303)
	if got := w.status(ref, per); got != "approved" {
		w.t.Fatalf("status after approval = %q", got)
	}
}

func TestCommuneOfficersAPIWriteChangesNoReportFigureUntilTheProvinceApproves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		xa, dl := w.token("xa"), w.token("dl")
		before := w.reportFigure(dl, w.dlComm, "2026H1", "members.total")
		if before != 2500 {
			t.Fatalf("seeded figure = %v", before)
		}
		rec := w.apiPost(xa, "/api/v1/aggregates", rowBody(row("2026H1", w.dlComm, "members.total", "2600")))
		if rec.Code != 200 {
			t.Fatalf("own commune's write: %d %s", rec.Code, rec.Body)
		}
		got := decode(t, rec)
		drafts, _ := got["drafts"].([]any)
		if got["inserted"] != float64(0) || got["updated"] != float64(0) || len(drafts) != 1 {
			t.Fatalf("answer = %v", got)
		}
		d := drafts[0].(map[string]any)
		if d["form"] != "/entry/"+w.dlComm+"/2026H1" || d["updated"] != float64(1) ||
			!strings.Contains(d["message"].(string), "đã lưu vào bản nháp biểu nhập số liệu của") ||
			!strings.Contains(d["message"].(string), "hãy gửi để tỉnh duyệt") {
			t.Errorf("draft = %v", d)
		}
		unchanged := func(stage string) {
			if v := w.reportFigure(dl, w.dlComm, "2026H1", "members.total"); v != before {
				t.Errorf("%s: the report reads %v, want %v until the province approves", stage, v, before)
			}
			if v := w.stored(w.dlComm, "2026H1", "members.total"); v == nil || *v != 2500 {
				t.Errorf("%s: stored value %v", stage, v)
			}
		}
		unchanged("draft")
		if s := w.status(w.dlComm, "2026H1"); s != "draft" {
			t.Errorf("form status = %q, want draft", s)
		}
		if actor, detail := w.lastAuditOf("entry.save"); actor != "xa@test.vn" || !strings.Contains(detail, "api") {
			t.Errorf("draft audit entry: %q %q", actor, detail)
		}
		w.submitAndApprove(w.dlComm, "2026H1", unchanged)
		if v := w.reportFigure(dl, w.dlComm, "2026H1", "members.total"); v != 2600 {
			t.Errorf("after approval the report reads %v, want 2600", v)
		}
		// The approved form is locked: the officer's next write is refused.
		rec = w.apiPost(xa, "/api/v1/aggregates", rowBody(row("2026H1", w.dlComm, "members.total", "2700")))
		if rec.Code != 409 {
			t.Errorf("write into an approved form: %d %s", rec.Code, rec.Body)
		}
	})
}

func TestCommuneOfficersUploadChangesNoReportFigureUntilTheProvinceApproves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		dl := w.token("dl")
		r, _ := units.ParseRef(w.dlComm)
		file := "period,level,code,indicator,value\n2026H1,commune," + r.Code + ",members.total,2650\n2026H1,commune," + r.Code + ",models.family.registered,40\n"
		wantStatus(t, "dry run", w.upload("xa", "xa.csv", file, true, true), 200, "Chạy thử: sẽ lưu vào bản nháp")
		if s := w.status(w.dlComm, "2026H1"); s != "" {
			t.Errorf("a dry run made a form: %q", s)
		}
		rec := w.upload("xa", "xa.csv", file, false, true)
		wantStatus(t, "upload", rec, 200, "Đã lưu vào bản nháp biểu nhập số liệu của", "hãy gửi để tỉnh duyệt",
			`href="/entry/`+w.dlComm+`/2026H1"`)
		unchanged := func(stage string) {
			if v := w.reportFigure(dl, w.dlComm, "2026H1", "members.total"); v != 2500 {
				t.Errorf("%s: the report reads %v, want 2500 until the province approves", stage, v)
			}
		}
		unchanged("draft")
		if s := w.status(w.dlComm, "2026H1"); s != "draft" {
			t.Errorf("form status = %q, want draft", s)
		}
		w.submitAndApprove(w.dlComm, "2026H1", unchanged)
		if v := w.reportFigure(dl, w.dlComm, "2026H1", "members.total"); v != 2650 {
			t.Errorf("after approval the report reads %v, want 2650", v)
		}
		if v := w.stored(w.dlComm, "2026H1", "models.family.registered"); v == nil || *v != 40 {
			t.Errorf("the file's second value after approval: %v", v)
		}
		// The same file again touches an approved form: refused as before.
		wantStatus(t, "upload into an approved form", w.upload("xa", "xa.csv", file, false, true), 409)
	})
}

func TestProvinceOfficersAPIWriteIsOfficialAtOnceAndAuditedAsSuch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		dl := w.token("dl")
		rec := w.apiPost(dl, "/api/v1/aggregates", rowBody(row("2026H1", w.dlComm, "members.total", "2600")))
		if got := decode(t, rec); rec.Code != 200 || got["updated"] != float64(1) || len(got["drafts"].([]any)) != 0 {
			t.Fatalf("province officer's write: %d %v", rec.Code, got)
		}
		if v := w.reportFigure(dl, w.dlComm, "2026H1", "members.total"); v != 2600 {
			t.Errorf("the report reads %v, want 2600 at once", v)
		}
		if s := w.status(w.dlComm, "2026H1"); s != "" {
			t.Errorf("an official write made a form: %q", s)
		}
		if actor, detail := w.lastAuditOf("import.aggregates"); actor != "dl@test.vn" || !strings.Contains(detail, "ghi chính thức bởi cấp trên") {
			t.Errorf("audit entry: %q %q", actor, detail)
		}
		// The province's own row, in the same request, goes to the
		// province's form instead (the nation approves the province).
		rec = w.apiPost(dl, "/api/v1/aggregates", rowBody(row("2026H1", w.dlComm, "members.total", "2601"), row("2026H1", w.dl, "members.total", "9")))
		got := decode(t, rec)
		drafts, _ := got["drafts"].([]any)
		if rec.Code != 200 || got["updated"] != float64(1) || len(drafts) != 1 || w.status(w.dl, "2026H1") != "draft" {
			t.Errorf("mixed write: %d %v", rec.Code, got)
		}
	})
}

func TestCommuneOfficerWritingANeighbourIsForbiddenAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		xa := w.token("xa")
		n := w.auditCount()
		rec := w.apiPost(xa, "/api/v1/aggregates", rowBody(row("2026H1", w.dlComm2, "members.total", "1")))
		if rec.Code != 403 || errorCode(t, rec) != "forbidden" {
			t.Errorf("neighbour's row by API: %d %s", rec.Code, rec.Body)
		}
		r, _ := units.ParseRef(w.dlComm2)
		file := "period,level,code,indicator,value\n2026H1,commune," + r.Code + ",members.total,1\n"
		wantStatus(t, "neighbour's row by upload", w.upload("xa", "lang-ben.csv", file, false, true), 403, "dòng 2")
		if v := w.stored(w.dlComm2, "2026H1", "members.total"); v == nil || *v != 2500 {
			t.Errorf("neighbour's value = %v", v)
		}
		if s := w.status(w.dlComm2, "2026H1"); s != "" {
			t.Errorf("neighbour's form = %q", s)
		}
		if got := w.auditCount(); got != n {
			t.Errorf("audit entries %d → %d", n, got)
		}
		// A viewer writes nothing, even their own province's communes.
		wantStatus(t, "viewer's upload", w.upload("viewer", "xem.csv", file, false, true), 403)
	})
}
