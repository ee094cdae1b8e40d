package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// writeNow is the clock of the data-entry tests: late 2026, so that the
// default period of the entry pages is 2026H2.
var writeNow = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// writeWorld is a server with the officers and admins of two provinces
// and the officer of one commune, each signed in with a browser session.
type writeWorld struct {
	t        *testing.T
	db       *store.DB
	h        http.Handler
	cookie   map[string]string // session cookie by user key
	csrf     map[string]string // the session's CSRF token by user key
	tree     *units.Tree
	dl, gl   string // province:66, province:52
	dlComm   string // the commune officer's commune, in 66
	dlComm2  string // another commune of 66
	glComm   string // a commune of 52
	dlCommID int64
}

func newWriteWorld(t *testing.T, db *store.DB) *writeWorld {
	t.Helper()
	ctx := context.Background()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	w := &writeWorld{t: t, db: db, tree: tree, cookie: map[string]string{}, csrf: map[string]string{}, dl: "province:66", gl: "province:52"}
	at := units.Day(writeNow)
	prov := map[string]*units.Unit{}
	comm := map[string][]*units.Unit{}
	for _, code := range []string{"66", "52"} {
		p, err := tree.Resolve(units.Province, code, at)
		if err != nil {
			t.Fatal(err)
		}
		prov[code], comm[code] = p, tree.Children(p.ID, at)
	}
	w.dlComm, w.dlComm2, w.glComm = comm["66"][0].Ref(), comm["66"][1].Ref(), comm["52"][0].Ref()
	w.dlCommID = comm["66"][0].ID
	var rows []aggregate.Row
	for _, ref := range []string{w.dlComm, w.dlComm2, w.glComm} {
		r, _ := units.ParseRef(ref)
		for _, x := range [][3]string{{"2026H1", "members.total", "2500"}, {"2026H1", "population.total", "12000"}, {"2025H2", "members.total", "2400"}} {
			rows = append(rows, aggregate.Row{Line: len(rows) + 2, Period: x[0], Level: string(r.Level), Code: r.Code, Indicator: x[1], Value: x[2]})
		}
	}
	if _, err := aggregate.Import(ctx, db, rows, aggregate.Options{Source: "seed.csv", Actor: "test", Now: writeNow}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		key   string
		role  auth.Role
		scope *units.Unit
	}{
		{"dl", auth.Officer, prov["66"]},
		{"gl", auth.Officer, prov["52"]},
		{"dladmin", auth.Admin, prov["66"]},
		{"gladmin", auth.Admin, prov["52"]},
		{"xa", auth.Officer, comm["66"][0]},
		{"viewer", auth.Viewer, prov["66"]},
	} {
		w.session(u.key, createTestUser(t, db, u.key+"@test.vn", "Cán bộ "+u.key, u.role, u.scope, writeNow))
	}
	w.h = testHandler(t, db, writeNow)
	return w
}

// session opens a browser session for user under key.
func (w *writeWorld) session(key string, u auth.User) {
	w.t.Helper()
	cookie, sess, err := auth.CreateSession(context.Background(), w.db, u.ID, writeNow)
	if err != nil {
		w.t.Fatal(err)
	}
	w.cookie[key], w.csrf[key] = cookie, sess.CSRF
}

// send serves a request as user.
func (w *writeWorld) send(user string, req *http.Request) *httptest.ResponseRecorder {
	if user != "" {
		req.AddCookie(&http.Cookie{Name: "kh_session", Value: w.cookie[user]})
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

func (w *writeWorld) get(user, target string) *httptest.ResponseRecorder {
	return w.send(user, httptest.NewRequest("GET", target, nil))
}

// post sends a form as user with the session's CSRF token.
func (w *writeWorld) post(user, target string, form url.Values) *httptest.ResponseRecorder {
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf", w.csrf[user])
	return w.postRaw(user, target, f)
}

// postRaw sends a form as it is, CSRF token or not.
func (w *writeWorld) postRaw(user, target string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return w.send(user, req)
}

// upload posts a file to /upload as user.
func (w *writeWorld) upload(user, name, content string, dryRun, csrf bool) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if csrf {
		mw.WriteField("csrf", w.csrf[user])
	}
	if dryRun {
		mw.WriteField("dry_run", "1")
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req := httptest.NewRequest("POST", "/upload", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return w.send(user, req)
}

// postFile posts a form with a file (multipart) to target as user, with
// the session's CSRF token when csrf.
func (w *writeWorld) postFile(user, target, name, content string, fields map[string]string, csrf bool) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if csrf {
		mw.WriteField("csrf", w.csrf[user])
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req := httptest.NewRequest("POST", target, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return w.send(user, req)
}

// stored is the value stored (imported or approved) for a unit, period
// and indicator; nil when there is none.
func (w *writeWorld) stored(ref, per, ind string) *float64 {
	w.t.Helper()
	r, _ := units.ParseRef(ref)
	u, err := w.tree.Resolve(r.Level, r.Code, writeNow)
	if err != nil {
		w.t.Fatal(err)
	}
	var v float64
	err = w.db.QueryRow(context.Background(), `SELECT value FROM aggregate_values WHERE unit_id = ? AND period = ? AND indicator = ?`, u.ID, per, ind).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		w.t.Fatal(err)
	}
	return &v
}

// status is the stored status of a unit's submission, "" without one.
func (w *writeWorld) status(ref, per string) string {
	w.t.Helper()
	r, _ := units.ParseRef(ref)
	u, err := w.tree.Resolve(r.Level, r.Code, writeNow)
	if err != nil {
		w.t.Fatal(err)
	}
	var s string
	err = w.db.QueryRow(context.Background(), `SELECT status FROM submissions WHERE unit_id = ? AND period = ?`, u.ID, per).Scan(&s)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		w.t.Fatal(err)
	}
	return s
}

// auditCount counts the entries of the audit log.
func (w *writeWorld) auditCount() int {
	w.t.Helper()
	var n int
	if err := w.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log`).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

func wantStatus(t *testing.T, what string, rec *httptest.ResponseRecorder, code int, texts ...string) {
	t.Helper()
	if rec.Code != code {
		t.Errorf("%s: status %d, want %d\n%.600s", what, rec.Code, code, rec.Body)
		return
	}
	for _, s := range texts {
		if !strings.Contains(rec.Body.String(), s) {
			t.Errorf("%s: the answer lacks %q\n%.2000s", what, s, rec.Body)
		}
	}
}

func TestWritePagesAnswerEveryRouteForAnAllowedCaller(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		form := "/entry/" + w.dlComm + "/2026H2"
		wantStatus(t, "entry list", w.get("xa", "/entry"), 200, "6 tháng cuối năm 2026", "/entry/"+w.dlComm+"/2026H2", "chưa có số liệu")
		wantStatus(t, "entry list of a province", w.get("dl", "/entry?period=2026H1"), 200, "/entry/"+w.dl+"/2026H1", "/entry/"+w.dlComm2+"/2026H1")
		wantStatus(t, "form", w.get("xa", form), 200, "Số hội viên", `inputmode="numeric"`, `name="members.total"`, "2.500", "2.400")
		wantStatus(t, "save", w.post("xa", form, url.Values{"action": {"save"}, "members.total": {"2.650"}, "population.total": {"12 100"}}), 303)
		wantStatus(t, "form after saving", w.get("xa", form+"?done=saved"), 200, `value="2.650"`, `value="12.100"`, "Đã lưu bản nháp", "đang nhập (bản nháp)")
		wantStatus(t, "submit", w.post("xa", form, url.Values{"action": {"submit"}, "members.total": {"2650"}}), 303)
		wantStatus(t, "form after submitting", w.get("xa", form), 200, "disabled", "chờ cấp trên duyệt")
		wantStatus(t, "province dashboard with a form waiting", w.get("dl", "/"), 200, "1 phiếu số liệu đang chờ bạn duyệt", `href="/approvals"`,
			"(đang diễn ra, số liệu tạm tính)")
		wantStatus(t, "approvals", w.get("dl", "/approvals"), 200, "/approvals/"+w.dlComm+"/2026H2")
		wantStatus(t, "approval page", w.get("dl", "/approvals/"+w.dlComm+"/2026H2"), 200, form+"/approve", form+"/return")
		wantStatus(t, "approvals of the commune officer", w.get("xa", "/approvals"), 200, "Không có số liệu nào đang chờ duyệt")
		wantStatus(t, "approve", w.post("dl", form+"/approve", url.Values{"next": {"/approvals"}}), 303)
		if v := w.stored(w.dlComm, "2026H2", "members.total"); v == nil || *v != 2650 {
			t.Errorf("approved members: %v, want 2650", v)
		}
		wantStatus(t, "unlock", w.post("dl", form+"/unlock", url.Values{"reason": {"sai dân số"}}), 303)
		if s := w.status(w.dlComm, "2026H2"); s != "returned" {
			t.Errorf("after unlocking: %q", s)
		}
		wantStatus(t, "submit again", w.post("xa", form, url.Values{"action": {"submit"}, "population.total": {"12200"}}), 303)
		wantStatus(t, "return", w.post("dl", form+"/return", url.Values{"comment": {"kiểm tra lại số hội viên"}}), 303)
		wantStatus(t, "form after return", w.get("xa", form), 200, "kiểm tra lại số hội viên", "bị trả lại")
		// The commune's dashboard announces the returned form with the
		// approver's comment and the link to correct it.
		wantStatus(t, "dashboard after return", w.get("xa", "/"), 200, `id="next-steps"`, "bị cấp trên trả lại; hãy sửa và gửi lại",
			"kiểm tra lại số hội viên", `href="`+form+`"`)
		wantStatus(t, "upload page", w.get("dl", "/upload"), 200, `enctype="multipart/form-data"`, `name="dry_run"`)
		r, _ := units.ParseRef(w.dlComm2)
		csv := "period,level,code,indicator,value\n2026H2,commune," + r.Code + ",members.total,3100\n2026H2,commune," + r.Code + ",population.total,13000\n"
		wantStatus(t, "upload dry run", w.upload("dl", "so-lieu.csv", csv, true, true), 200, "Chạy thử", "so-lieu.csv")
		if v := w.stored(w.dlComm2, "2026H2", "members.total"); v != nil {
			t.Errorf("a dry run wrote %v", *v)
		}
		wantStatus(t, "upload", w.upload("dl", "so-lieu.csv", csv, false, true), 200, "Đã nhập tệp", "Giá trị mới")
		if v := w.stored(w.dlComm2, "2026H2", "members.total"); v == nil || *v != 3100 {
			t.Errorf("uploaded members: %v, want 3100", v)
		}
		wantStatus(t, "completeness", w.get("dl", "/completeness?unit="+w.dl+"&period=2026H2"), 200,
			"đã có số liệu nhập từ tệp", "bị trả lại", "chưa có số liệu", "/entry/"+w.dlComm+"/2026H2")
		wantStatus(t, "completeness filtered", w.get("dl", "/completeness?unit="+w.dl+"&period=2026H2&status=returned"), 200, "/entry/"+w.dlComm+"/2026H2")
		if body := w.get("dl", "/completeness?unit="+w.dl+"&period=2026H2&status=returned").Body.String(); strings.Contains(body, "/entry/"+w.dlComm2+"/") {
			t.Error("the filter by status keeps a unit in another status")
		}
		wantStatus(t, "completeness by default", w.get("dl", "/completeness"), 200, "6 tháng cuối năm 2026")
		// The half-year in progress has figures of one commune only: the
		// province's dashboard opens on the last finished one, offering
		// the current one marked as provisional.
		wantStatus(t, "dashboard by default", w.get("dl", "/"), 200, `<p class="lead">6 tháng đầu năm 2026 ·`,
			`<option value="2026H2">6 tháng cuối năm 2026 (đang diễn ra, số liệu tạm tính)</option>`)
		wantStatus(t, "dashboard of the period in progress", w.get("dl", "/?period=2026H2"), 200, `id="provisional"`, "số liệu tạm tính")
		wantStatus(t, "audit", w.get("dladmin", "/audit"), 200, "trả lại số liệu", "kiểm tra lại số hội viên", "xa@test.vn", "nhập số liệu tổng hợp từ tệp")
		wantStatus(t, "audit by user and dates", w.get("dladmin", "/audit?unit="+w.dl+"&user=dl@test.vn&from=2026-11-26&to=2026-11-26"), 200, "duyệt số liệu")
		// The filter's unit is picked by name: shown by it, and typed
		// without script it is found by it.
		wantStatus(t, "audit filter", w.get("dladmin", "/audit"), 200, `value="Tỉnh Đắk Lắk"`, `data-pick-name="unit"`, `data-pick-text="unit_find"`)
		wantStatus(t, "audit by a typed name", w.get("dladmin", "/audit?unit_find="+url.QueryEscape(w.tree.Get(w.dlCommID).FullName())), 200, "kiểm tra lại số hội viên")
		wantStatus(t, "audit by an unknown name", w.get("dladmin", "/audit?unit_find=xyzzy"), 404, "không tìm thấy đơn vị nào khớp với «xyzzy»")
		if body := w.get("dladmin", "/audit?user=dl@test.vn").Body.String(); strings.Contains(body, "xa@test.vn") {
			t.Error("the audit filter by user shows another user's entries")
		}
		wantStatus(t, "audit before the changes", w.get("dladmin", "/audit?to=2026-01-01"), 200, "Không có thay đổi nào phù hợp")
	})
}

func TestEntryFormRefusesBadFiguresUnderEachFieldAndSavesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		form := "/entry/" + w.dlComm + "/2026H2"
		before := w.auditCount()
		rec := w.post("xa", form, url.Values{"action": {"submit"}, "members.total": {"hai nghìn"}, "population.total": {"-5"}, "org.branches": {"1,5"}, "centers.total": {"3"}, "org.boards": {"1,234"}})
		wantStatus(t, "bad figures", rec, 400, "4 ô số liệu không hợp lệ, chưa lưu gì", "không phải là số", "là số âm", "phải là số nguyên",
			"chỉ tiêu «Số ban khuyến học» là số đếm", "nhóm nghìn ngăn bằng dấu chấm, như 1.234",
			`id="e-members.total"`, `aria-invalid="true"`, `value="hai nghìn"`, `value="3"`)
		if s := w.status(w.dlComm, "2026H2"); s != "" {
			t.Errorf("a refused form left a submission %q", s)
		}
		if after := w.auditCount(); after != before {
			t.Errorf("a refused form wrote %d audit entries", after-before)
		}
		wantStatus(t, "unknown action", w.post("xa", form, url.Values{"action": {"publish"}, "members.total": {"1"}}), 400, "thao tác")
		wantStatus(t, "bad period", w.get("xa", "/entry/"+w.dlComm+"/2026H3"), 400, "kỳ báo cáo")
		wantStatus(t, "bad unit", w.get("xa", "/entry/commune:xyz/2026H2"), 404)
		wantStatus(t, "submit nothing", w.post("xa", form, url.Values{"action": {"submit"}}), 409, "chưa có số liệu nào để gửi")
		wantStatus(t, "bad status filter", w.get("dl", "/completeness?status=done"), 400, "trạng thái")
		wantStatus(t, "bad completeness period", w.get("dl", "/completeness?period=26H2"), 400, "kỳ báo cáo")
		wantStatus(t, "bad audit date", w.get("dladmin", "/audit?from=26-01-2026"), 400)
		wantStatus(t, "bad audit page", w.get("dladmin", "/audit?page=0"), 400, "số trang")

		// Return and unlock need their reason; nothing changes without it.
		wantStatus(t, "save", w.post("xa", form, url.Values{"action": {"submit"}, "members.total": {"2600"}}), 303)
		wantStatus(t, "return without comment", w.post("dl", form+"/return", url.Values{"comment": {"  "}}), 400, "cần ghi rõ lý do trả lại")
		wantStatus(t, "approve", w.post("dl", form+"/approve", nil), 303)
		wantStatus(t, "approve twice", w.post("dl", form+"/approve", nil), 409, "chỉ duyệt hoặc trả lại được số liệu đã gửi")
		wantStatus(t, "unlock without reason", w.post("dl", form+"/unlock", nil), 400, "cần ghi rõ lý do mở khóa")
		if s := w.status(w.dlComm, "2026H2"); s != "approved" {
			t.Errorf("after refused return and unlock: %q", s)
		}
		wantStatus(t, "save when approved", w.post("xa", form, url.Values{"action": {"save"}, "members.total": {"1"}}), 409)
		if v := w.stored(w.dlComm, "2026H2", "members.total"); v == nil || *v != 2600 {
			t.Errorf("approved value changed: %v", v)
		}
	})
}

func TestUploadRefusesBadRowsInVietnameseAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		own, _ := units.ParseRef(w.dlComm2)
		foreign, _ := units.ParseRef(w.glComm)
		bad := "period,level,code,indicator,value\n" +
			"2026H2,commune," + own.Code + ",members.total,3100\n" +
			"2026H2,commune," + own.Code + ",members.ratio,12\n" +
			"2026H2,commune,99999,members.total,1\n" +
			"2026H2,commune," + own.Code + ",population.total,-4\n"
		rec := w.upload("dl", "sai.csv", bad, false, true)
		wantStatus(t, "bad rows", rec, 400,
			"tệp sai.csv: 3 dòng lỗi", "dòng 3", "là tỉ lệ", "dòng 4", "cột code: không có đơn vị mã 99999 cấp xã vào ngày 31/12/2026", "dòng 5", "là số âm")
		if strings.Contains(rec.Body.String(), "commune:") {
			t.Errorf("the upload page's errors name a unit by its code:\n%s", rec.Body)
		}
		if v := w.stored(w.dlComm2, "2026H2", "members.total"); v != nil {
			t.Errorf("a refused file wrote %v", *v)
		}
		mixed := "period,level,code,indicator,value\n" +
			"2026H2,commune," + own.Code + ",members.total,3100\n" +
			"2026H2,commune," + foreign.Code + ",members.total,77\n"
		rec = w.upload("dl", "tron.csv", mixed, false, true)
		foreignUnit, err := w.tree.Resolve(foreign.Level, foreign.Code, writeNow)
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, "a row outside the scope", rec, 403, "dòng 3",
			"bạn không có quyền ghi số liệu của "+foreignUnit.FullName()+" (mã "+foreign.Code+")")
		if strings.Contains(rec.Body.String(), "commune:") {
			t.Errorf("the upload page's errors name a unit by its code:\n%s", rec.Body)
		}
		if v := w.stored(w.dlComm2, "2026H2", "members.total"); v != nil {
			t.Errorf("a file with a foreign row wrote its own row: %v", *v)
		}
		wantStatus(t, "no header", w.upload("dl", "x.csv", "a,b\n1,2\n", false, true), 400, "x.csv")
		wantStatus(t, "no file", w.upload("dl", "empty.csv", "", false, true), 400, "chưa chọn tệp")
		wantStatus(t, "not signed in", w.upload("", "a.csv", mixed, false, false), 303)
		wantStatus(t, "viewer", w.upload("viewer", "v.csv", "period,level,code,indicator,value\n2026H2,commune,"+own.Code+",members.total,5\n", false, true), 403)
		big := "period,level,code,indicator,value\n" + strings.Repeat("2026H2,commune,"+own.Code+",members.total,3100\n", 21<<20/40)
		wantStatus(t, "too large", w.upload("dl", "big.csv", big, false, true), 400, "tối đa 20 MB")
	})
}

func TestWritePagesNeedTheCSRFToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		form := "/entry/" + w.dlComm + "/2026H2"
		for _, c := range []struct{ user, target string }{
			{"xa", form}, {"dl", form + "/approve"}, {"dl", form + "/return"}, {"dl", form + "/unlock"},
		} {
			f := url.Values{"action": {"save"}, "members.total": {"1"}, "comment": {"x"}, "reason": {"x"}}
			wantStatus(t, "no CSRF "+c.target, w.postRaw(c.user, c.target, f), 403, "phiên làm việc không hợp lệ")
			f.Set("csrf", "forged")
			wantStatus(t, "forged CSRF "+c.target, w.postRaw(c.user, c.target, f), 403)
		}
		own, _ := units.ParseRef(w.dlComm)
		wantStatus(t, "upload without CSRF", w.upload("dl", "a.csv", "period,level,code,indicator,value\n2026H2,commune,"+own.Code+",members.total,5\n", false, false), 403)
		if s := w.status(w.dlComm, "2026H2"); s != "" {
			t.Errorf("a post without CSRF left a submission %q", s)
		}
		if v := w.stored(w.dlComm, "2026H2", "members.total"); v != nil {
			t.Errorf("an upload without CSRF wrote %v", *v)
		}
		wantStatus(t, "a stranger opening a form", w.get("", form), 303)
	})
}

func TestCommuneOfficerCannotApproveTheirOwnCommune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		form := "/entry/" + w.dlComm + "/2026H2"
		wantStatus(t, "submit", w.post("xa", form, url.Values{"action": {"submit"}, "members.total": {"2700"}}), 303)
		if body := w.get("xa", form).Body.String(); strings.Contains(body, form+"/approve") {
			t.Error("the form offers approval to the commune's own officer")
		}
		wantStatus(t, "approve own", w.post("xa", form+"/approve", nil), 403)
		wantStatus(t, "return own", w.post("xa", form+"/return", url.Values{"comment": {"x"}}), 403)
		wantStatus(t, "approve the neighbour", w.post("xa", "/entry/"+w.dlComm2+"/2026H2/approve", nil), 404)
		wantStatus(t, "open the neighbour's form", w.get("xa", "/entry/"+w.dlComm2+"/2026H2"), 404)
		wantStatus(t, "audit as an officer", w.get("dl", "/audit"), 403)
		wantStatus(t, "entry form as a viewer", w.get("viewer", form), 403)
		if s := w.status(w.dlComm, "2026H2"); s != "submitted" {
			t.Errorf("after refused approvals: %q", s)
		}
		if v := w.stored(w.dlComm, "2026H2", "members.total"); v != nil {
			t.Errorf("a refused approval wrote %v", *v)
		}
		// The province officer approves nothing of the province itself.
		// (Figures within the plausibility checks: this is about the right to approve.)
		wantStatus(t, "save the province", w.post("dl", "/entry/"+w.dl+"/2026H2", url.Values{"action": {"submit"}, "members.total": {"5100"}}), 303)
		wantStatus(t, "approve the province", w.post("dl", "/entry/"+w.dl+"/2026H2/approve", nil), 403)
	})
}

// TestWritePagesAuthorizationMatrix signs in as the officers and admins of
// two provinces and, for every page of data entry that takes a unit,
// asserts that each may use its own units and is refused the other
// province and its communes: 404 for reading, 403 or 404 for writing (a
// unit that cannot be read is not revealed), with nothing written.
func TestWritePagesAuthorizationMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		type side struct{ officer, admin, prov, comm string }
		dl := side{"dl", "dladmin", w.dl, w.dlComm}
		gl := side{"gl", "gladmin", w.gl, w.glComm}
		reads := []struct{ user, target string }{
			{"officer", "/entry/{unit}/2026H2"},
			{"officer", "/entry/{unit}/2026H1"},
			{"officer", "/completeness?unit={unit}&period=2026H2"},
			{"admin", "/audit?unit={unit}"},
		}
		for _, sd := range []side{dl, gl} {
			wantStatus(t, sd.officer+" submits", w.post(sd.officer, "/entry/"+sd.comm+"/2026H2", url.Values{"action": {"submit"}, "members.total": {"2555"}}), 303)
		}
		for _, pair := range [][2]side{{dl, gl}, {gl, dl}} {
			me, other := pair[0], pair[1]
			who := func(role string) string {
				if role == "admin" {
					return me.admin
				}
				return me.officer
			}
			for _, rd := range reads {
				for _, own := range []string{me.prov, me.comm} {
					target := strings.ReplaceAll(rd.target, "{unit}", own)
					wantStatus(t, who(rd.user)+" reading its own "+target, w.get(who(rd.user), target), 200)
				}
				for _, foreign := range []string{other.prov, other.comm} {
					target := strings.ReplaceAll(rd.target, "{unit}", foreign)
					rec := w.get(who(rd.user), target)
					wantStatus(t, who(rd.user)+" reading the other province's "+target, rec, 404)
					if strings.Contains(rec.Body.String(), "2.500") || strings.Contains(rec.Body.String(), "12.000") {
						t.Errorf("%s: the refusal shows figures", target)
					}
				}
			}
			// The other province's figures are submitted for approval;
			// this side tries to change, approve, return and unlock them.
			before := w.auditCount()
			for _, foreign := range []string{other.prov, other.comm} {
				form := "/entry/" + foreign + "/2026H2"
				for _, c := range []struct {
					target string
					form   url.Values
				}{
					{form, url.Values{"action": {"save"}, "members.total": {"1"}}},
					{form, url.Values{"action": {"submit"}, "members.total": {"1"}}},
					{form + "/approve", nil},
					{form + "/return", url.Values{"comment": {"x"}}},
					{form + "/unlock", url.Values{"reason": {"x"}}},
				} {
					for _, user := range []string{me.officer, me.admin} {
						rec := w.post(user, c.target, c.form)
						if rec.Code != 403 && rec.Code != 404 {
							t.Errorf("%s posting to the other province's %s: %d, want 403 or 404", user, c.target, rec.Code)
						}
					}
				}
				r, _ := units.ParseRef(foreign)
				csv := "period,level,code,indicator,value\n2026H2," + string(r.Level) + "," + r.Code + ",members.total,1\n"
				wantStatus(t, me.officer+" uploading the other's "+foreign, w.upload(me.officer, "x.csv", csv, false, true), 403)
			}
			if after := w.auditCount(); after != before {
				t.Errorf("refused posts wrote %d audit entries", after-before)
			}
			if s := w.status(other.comm, "2026H2"); s != "submitted" {
				t.Errorf("the other's submission became %q", s)
			}
			if v := w.stored(other.comm, "2026H2", "members.total"); v != nil {
				t.Errorf("the other's figures were written: %v", *v)
			}
		}
		// Own units: each officer sees its own commune's submission, not
		// the other's, and approves it.
		for _, pair := range [][2]side{{dl, gl}, {gl, dl}} {
			me, other := pair[0], pair[1]
			ownForm := "/entry/" + me.comm + "/2026H2"
			ownReview, otherReview := "/approvals/"+me.comm+"/2026H2", "/approvals/"+other.comm+"/2026H2"
			body := w.get(me.officer, "/approvals").Body.String()
			if !strings.Contains(body, ownReview) || strings.Contains(body, otherReview) {
				t.Errorf("%s's approvals list the wrong forms:\n%s", me.officer, body)
			}
			wantStatus(t, "own approve", w.post(me.officer, ownForm+"/approve", nil), 303)
			body = w.get(me.officer, "/entry").Body.String()
			if strings.Contains(body, "/entry/"+other.comm) || strings.Contains(body, "/entry/"+other.prov) {
				t.Errorf("%s's entry list names the other province's units", me.officer)
			}
			body = w.get(me.admin, "/audit").Body.String()
			if strings.Contains(body, other.officer+"@test.vn") {
				t.Errorf("%s's audit log shows the other province's changes", me.admin)
			}
		}
	})
}
