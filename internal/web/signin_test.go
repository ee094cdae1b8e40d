package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// signInWorld is a server whose clock the test moves by hand (it never
// reads the real one), with one officer of province 66.
type signInWorld struct {
	t     *testing.T
	db    *store.DB
	h     http.Handler
	now   time.Time
	email string
}

func newSignInWorld(t *testing.T, db *store.DB) *signInWorld {
	t.Helper()
	tree, err := units.Cached(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	p, err := tree.Resolve(units.Province, "66", units.Day(writeNow))
	if err != nil {
		t.Fatal(err)
	}
	w := &signInWorld{t: t, db: db, now: writeNow, email: "canbo@test.vn"}
	createTestUser(t, db, w.email, "Cán bộ tỉnh", auth.Officer, p, writeNow)
	w.h = testHandlerClock(t, db, func() time.Time { return w.now })
	return w
}

// login posts the sign-in form from address ip.
func (w *signInWorld) login(password, ip string) *httptest.ResponseRecorder {
	form := url.Values{"email": {w.email}, "password": {password}, "next": {"/"}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://example.com")
	req.RemoteAddr = ip + ":51234"
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

func sessionCookie(rec *httptest.ResponseRecorder) string {
	for _, c := range rec.Result().Cookies() {
		if c.Name == "kh_session" && c.Value != "" {
			return c.Value
		}
	}
	return ""
}

func TestSignInPageLetsTheRightPasswordInFromASecondAddressAfterThirtyWrongOnes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSignInWorld(t, db)
		const attacker, office = "203.0.113.9", "198.51.100.20"
		// Thirty wrong passwords, each sent as soon as Retry-After allows,
		// so that every one is checked; the refusals in between say when.
		for i := 0; i < 30; {
			rec := w.login(fmt.Sprint("đoán-sai-", i), attacker)
			switch rec.Code {
			case http.StatusUnauthorized:
				i++
			case http.StatusTooManyRequests:
				secs, err := strconv.Atoi(rec.Header().Get("Retry-After"))
				if err != nil || secs <= 0 {
					t.Fatalf("429 without a Retry-After: %q", rec.Header().Get("Retry-After"))
				}
				mustContain(t, "refusal", rec.Body.String(), "vui lòng thử lại sau", "giờ Việt Nam")
				w.now = w.now.Add(time.Duration(secs) * time.Second)
			default:
				t.Fatalf("attempt %d: status %d\n%.400s", i, rec.Code, rec.Body)
			}
		}
		rec := w.login(testPassword, office)
		if rec.Code != http.StatusSeeOther || sessionCookie(rec) == "" {
			t.Fatalf("right password from the office: %d %v\n%.400s", rec.Code, rec.Result().Cookies(), rec.Body)
		}
		// From the attacker's address the right password waits too, and
		// the page says until when.
		rec = w.login(testPassword, attacker)
		if rec.Code != http.StatusTooManyRequests || sessionCookie(rec) != "" || rec.Header().Get("Retry-After") != "1800" {
			t.Fatalf("right password from the attacker's address: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
		}
		at := w.now.Add(auth.PairMaxDelay).In(time.FixedZone("", 7*3600)).Format("15:04")
		mustContain(t, "refusal", rec.Body.String(), "sau 30 phút (lúc "+at+", giờ Việt Nam)")
		// Every failure is in the audit log with the e-mail and address.
		entries, err := audit.List(context.Background(), db, audit.Filter{Action: audit.ActionSignInFailed, Limit: 100})
		if err != nil || len(entries) != 30 {
			t.Fatalf("%d failures logged, %v; want 30", len(entries), err)
		}
		for _, e := range entries {
			if e.Detail != "email canbo@test.vn, địa chỉ "+attacker || e.Via != audit.ViaPage {
				t.Fatalf("entry %+v", e)
			}
		}
		throttled, _ := audit.List(context.Background(), db, audit.Filter{Action: audit.ActionSignInThrottled, Limit: 100})
		if len(throttled) == 0 || len(throttled) > 26 {
			t.Errorf("%d refusals logged; want one per waiting period", len(throttled))
		}
	})
}

func TestSignInFromAnotherSiteIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newSignInWorld(t, db)
		for _, origin := range []string{"https://evil.example", "null"} {
			form := url.Values{"email": {w.email}, "password": {testPassword}}
			req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", origin)
			rec := httptest.NewRecorder()
			w.h.ServeHTTP(rec, req)
			if rec.Code != http.StatusForbidden || sessionCookie(rec) != "" {
				t.Errorf("Origin %s: %d", origin, rec.Code)
			}
		}
		// The credentials are read from the body only, never the address.
		req := httptest.NewRequest("POST", "/login?"+url.Values{"email": {w.email}, "password": {testPassword}}.Encode(), nil)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, req)
		if rec.Code == http.StatusSeeOther || sessionCookie(rec) != "" {
			t.Errorf("credentials in the query string signed in: %d", rec.Code)
		}
	})
}

// postWith sends a form as user with extra headers and an address.
func (w *writeWorld) postWith(user, target string, form url.Values, headers map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return w.send(user, req)
}

func TestPagesReadTheCSRFTokenFromTheBodyOrHeaderOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newUsersWorld(t, db)
		users := w.userCount()
		form := url.Values{"email": {"moi@test.vn"}, "name": {"Người mới"}, "role": {"viewer"}, "scope": {"province:66"}, "password": {"mat-khau-moi"}}
		// In the query string: refused, nothing written.
		wantStatus(t, "CSRF in the query string", w.postRaw("dladmin", "/users/new?csrf="+url.QueryEscape(w.csrf["dladmin"]), form), 403, "phiên làm việc không hợp lệ")
		if w.userCount() != users {
			t.Fatal("a request with the CSRF token in the query string added a user")
		}
		// A multipart upload with the token in the query string only.
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "a.csv")
		fw.Write([]byte("period,level,code,indicator,value\n2026H2," + strings.Replace(w.dlComm, ":", ",", 1) + ",members.total,5\n"))
		mw.Close()
		req := httptest.NewRequest("POST", "/upload?csrf="+url.QueryEscape(w.csrf["dl"]), &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		wantStatus(t, "upload with CSRF in the query string", w.send("dl", req), 403)
		if v := w.stored(w.dlComm, "2026H2", "members.total"); v != nil {
			t.Fatalf("the upload wrote %v", *v)
		}
		// In the X-CSRF-Token header: accepted.
		wantStatus(t, "CSRF in the header", w.postWith("dladmin", "/users/new", form, map[string]string{"X-CSRF-Token": w.csrf["dladmin"]}), http.StatusSeeOther)
		// In the body, with this site's Origin: accepted.
		form.Set("email", "moi2@test.vn")
		form.Set("csrf", w.csrf["dladmin"])
		wantStatus(t, "CSRF in the body", w.postWith("dladmin", "/users/new", form, map[string]string{"Origin": "http://example.com"}), http.StatusSeeOther)
		if w.userCount() != users+2 {
			t.Fatalf("%d users, want %d", w.userCount(), users+2)
		}
	})
}

func TestPagesRefuseAForeignOriginEvenWithAValidToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newUsersWorld(t, db)
		users, audits := w.userCount(), w.auditCount()
		form := url.Values{"email": {"moi@test.vn"}, "name": {"Người mới"}, "role": {"viewer"}, "scope": {"province:66"},
			"password": {"mat-khau-moi"}, "csrf": {w.csrf["dladmin"]}}
		for what, headers := range map[string]map[string]string{
			"foreign Origin":               {"Origin": "https://evil.example"},
			"Origin null":                  {"Origin": "null"},
			"foreign Referer, no Origin":   {"Referer": "https://evil.example/trang.html"},
			"foreign Origin, own Referer":  {"Origin": "https://evil.example", "Referer": "http://example.com/users/new"},
			"same host on another port":    {"Origin": "http://example.com:8081"},
			"cross-site fetch, no Origin":  {"Sec-Fetch-Site": "cross-site"},
			"foreign Origin, header token": {"Origin": "https://evil.example", "X-CSRF-Token": w.csrf["dladmin"]},
			"unparsable Origin":            {"Origin": "http://[::1"},
		} {
			wantStatus(t, what, w.postWith("dladmin", "/users/new", form, headers), 403, "trang web khác")
		}
		if w.userCount() != users || w.auditCount() != audits {
			t.Fatal("a refused request changed something")
		}
		wantStatus(t, "own Referer", w.postWith("dladmin", "/users/new", form, map[string]string{"Referer": "http://example.com/users/new"}), http.StatusSeeOther)
	})
}

func TestAPIWritesFromAForeignOriginAreRefusedWithAnyCredential(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		ctx := context.Background()
		u, err := auth.GetUserByEmail(ctx, db, "dl@test.vn")
		if err != nil {
			t.Fatal(err)
		}
		cookie, sess, err := auth.CreateSession(ctx, db, u.ID, apiNow)
		if err != nil {
			t.Fatal(err)
		}
		send := func(bearer bool, origin, csrf, target string) *httptest.ResponseRecorder {
			req := httptest.NewRequest("POST", target, nil)
			if bearer {
				req.Header.Set("Authorization", "Bearer "+w.tok["dl"])
			} else {
				req.AddCookie(&http.Cookie{Name: "kh_session", Value: cookie})
			}
			if origin != "" {
				req.Header.Set("Origin", origin)
			}
			if csrf != "" {
				req.Header.Set("X-CSRF-Token", csrf)
			}
			rec := httptest.NewRecorder()
			w.h.ServeHTTP(rec, req)
			return rec
		}
		target := "/api/v1/me/tokens/" + strconv.FormatInt(spareToken(t, db, u.Email), 10) + "/revoke"
		if rec := send(true, "https://evil.example", "", target); rec.Code != 403 || errorCode(t, rec) != "forbidden" {
			t.Errorf("bearer with a foreign Origin: %d %s", rec.Code, rec.Body)
		}
		if rec := send(false, "https://evil.example", sess.CSRF, target); rec.Code != 403 {
			t.Errorf("session with a valid X-CSRF-Token and a foreign Origin: %d %s", rec.Code, rec.Body)
		}
		if rec := send(false, "", "", target+"?csrf="+sess.CSRF); rec.Code != 403 {
			t.Errorf("session with the CSRF token in the query string: %d %s", rec.Code, rec.Body)
		}
		if list, _ := auth.ListTokens(ctx, db, u.ID); !list[0].RevokedAt.IsZero() {
			t.Fatal("a refused request revoked the token")
		}
		// A script sends no Origin; a page of this site sends its own.
		if rec := send(true, "", "", target); rec.Code != 200 || decode(t, rec)["revoked_at"] == nil {
			t.Errorf("bearer without Origin: %d %s", rec.Code, rec.Body)
		}
		target = "/api/v1/me/tokens/" + strconv.FormatInt(spareToken(t, db, u.Email), 10) + "/revoke"
		if rec := send(false, "http://example.com", sess.CSRF, target); rec.Code != 200 {
			t.Errorf("session from this site: %d %s", rec.Code, rec.Body)
		}
		// Reading is not a write: a foreign Origin may not read the answer
		// anyway (no CORS), and the GET is answered.
		req := httptest.NewRequest("GET", "/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+w.tok["dl"])
		req.Header.Set("Origin", "https://evil.example")
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Errorf("GET with a foreign Origin: %d", rec.Code)
		}
	})
}

func TestUsersListAndRevokeTheirOwnTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		ctx := context.Background()
		dl, _ := auth.GetUserByEmail(ctx, db, "dl@test.vn")
		second, err := auth.CreateToken(ctx, db, dl.ID, "báo cáo hằng tháng", apiNow)
		if err != nil {
			t.Fatal(err)
		}
		rec := w.call("dl", "GET", "/api/v1/me/tokens", "")
		if rec.Code != 200 || strings.Contains(rec.Body.String(), w.tok["dl"]) || strings.Contains(rec.Body.String(), second) {
			t.Fatalf("list: %d %s", rec.Code, rec.Body)
		}
		list, _ := decode(t, rec)["tokens"].([]any)
		if len(list) != 2 {
			t.Fatalf("tokens %v", list)
		}
		newest := list[0].(map[string]any)
		if newest["name"] != "báo cáo hằng tháng" || newest["revoked_at"] != nil || newest["last_used_at"] != nil ||
			!strings.HasSuffix(newest["created_at"].(string), "+07:00") {
			t.Fatalf("newest token %v", newest)
		}
		id := strconv.FormatInt(int64(newest["id"].(float64)), 10)
		// Another user's token is not found, and stays.
		if rec := w.call("gl", "POST", "/api/v1/me/tokens/"+id+"/revoke", ""); rec.Code != 404 {
			t.Fatalf("gl revokes dl's token: %d %s", rec.Code, rec.Body)
		}
		if _, err := auth.UserFromToken(ctx, db, second, apiNow); err != nil {
			t.Fatalf("another user's attempt revoked it: %v", err)
		}
		if rec := w.call("dl", "POST", "/api/v1/me/tokens/"+id+"/revoke", ""); rec.Code != 200 {
			t.Fatalf("revoke: %d %s", rec.Code, rec.Body)
		}
		if _, err := auth.UserFromToken(ctx, db, second, apiNow); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("revoked token still works: %v", err)
		}
		if rec := w.call("dl", "POST", "/api/v1/me/tokens/"+id+"/revoke", ""); rec.Code != 409 {
			t.Fatalf("revoke twice: %d %s", rec.Code, rec.Body)
		}
		if rec := w.call("dl", "POST", "/api/v1/me/tokens/abc/revoke", ""); rec.Code != 404 {
			t.Fatalf("revoke abc: %d %s", rec.Code, rec.Body)
		}
		entries, _ := audit.List(ctx, db, audit.Filter{Action: audit.ActionTokenRevoke})
		if len(entries) != 1 || entries[0].UserID != dl.ID || entries[0].Via != audit.ViaAPI || entries[0].UnitID != dl.ScopeUnitID {
			t.Fatalf("revocations logged: %+v", entries)
		}
	})
}

func TestAccountPageListsTokensRevokesOneAndWarnsBeforeAPasswordChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newUsersWorld(t, db)
		ctx := context.Background()
		xa, other := w.user("xa"), w.user("dl")
		secrets := map[string]string{}
		for _, name := range []string{"nhập số liệu", "xuất báo cáo"} {
			tk, err := auth.CreateToken(ctx, db, xa.ID, name, writeNow)
			if err != nil {
				t.Fatal(err)
			}
			secrets[name] = tk
		}
		othersToken, err := auth.CreateToken(ctx, db, other.ID, "của tỉnh", writeNow)
		if err != nil {
			t.Fatal(err)
		}
		body := wantCode(t, "account", w.get("xa", "/account"), 200)
		mustContain(t, "account", body, "nhập số liệu", "xuất báo cáo", "26/11/2026 16:00", "chưa dùng",
			"hiện có 2 mã đang dùng", "sẽ bị thu hồi")
		mustNotContain(t, "account", body, secrets["nhập số liệu"], secrets["xuất báo cáo"], "của tỉnh")
		list, _ := auth.ListTokens(ctx, db, xa.ID)
		var first int64
		for _, tk := range list {
			if tk.Name == "nhập số liệu" {
				first = tk.ID
			}
		}
		href := "/account/tokens/" + strconv.FormatInt(first, 10) + "/revoke"
		wantCode(t, "revoke without CSRF", w.postRaw("xa", href, nil), 403)
		othersList, _ := auth.ListTokens(ctx, db, other.ID)
		wantCode(t, "revoke another's token", w.post("xa", "/account/tokens/"+strconv.FormatInt(othersList[0].ID, 10)+"/revoke", nil), 404)
		if _, err := auth.UserFromToken(ctx, db, othersToken, writeNow); err != nil {
			t.Fatalf("another user's token was revoked: %v", err)
		}
		rec := w.post("xa", href, nil)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/account?done=revoked&token="+strconv.FormatInt(first, 10) {
			t.Fatalf("revoke: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		if _, err := auth.UserFromToken(ctx, db, secrets["nhập số liệu"], writeNow); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("revoked token still works: %v", err)
		}
		body = wantCode(t, "after revoking", w.get("xa", rec.Header().Get("Location")), 200)
		mustContain(t, "after revoking", body, "Đã thu hồi mã truy cập «nhập số liệu»", "đã thu hồi lúc 26/11/2026 16:00", "hiện có 1 mã đang dùng")
		if e := w.lastAudit(); e.Action != audit.ActionTokenRevoke || e.Actor != "xa@test.vn" || e.UnitID != xa.ScopeUnitID {
			t.Fatalf("audit %+v", e)
		}
		// The password change revokes the other one and says so.
		rec = w.post("xa", "/account/password", url.Values{"current": {testPassword}, "password": {"mat-khau-moi"}, "confirm": {"mat-khau-moi"}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/account?done=password&revoked=1" {
			t.Fatalf("change: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		if _, err := auth.UserFromToken(ctx, db, secrets["xuất báo cáo"], writeNow); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("token survived the password change: %v", err)
		}
		w.cookie["xa"] = sessionCookie(rec)
		body = wantCode(t, "after the change", w.get("xa", rec.Header().Get("Location")), 200)
		mustContain(t, "after the change", body, "Đã đổi mật khẩu", "1 mã truy cập API đã bị thu hồi", "hiện có 0 mã đang dùng")
	})
}

// spareToken makes another API token for the user of email and returns its
// number, for a test to revoke.
func spareToken(t *testing.T, db *store.DB, email string) int64 {
	t.Helper()
	ctx := context.Background()
	u, err := auth.GetUserByEmail(ctx, db, email)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.CreateToken(ctx, db, u.ID, "dự phòng", apiNow); err != nil {
		t.Fatal(err)
	}
	list, err := auth.ListTokens(ctx, db, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return list[0].ID
}
