package web_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// The users world is the data-entry world (officers and admins of
// provinces 66 and 52, an officer of a commune of 66, a viewer of 66) with
// a nation admin added; every user's password is testPassword.

func newUsersWorld(t *testing.T, db *store.DB) *writeWorld {
	t.Helper()
	w := newWriteWorld(t, db)
	w.signIn("nation", auth.Admin, w.tree.Nation())
	return w
}

// signIn adds a user under key, with a browser session.
func (w *writeWorld) signIn(key string, role auth.Role, scope *units.Unit) {
	w.t.Helper()
	w.session(key, createTestUser(w.t, w.db, key+"@test.vn", "Người dùng "+key, role, scope, writeNow))
}

// user reads a user by the key of the world ("xa" is xa@test.vn) or by a
// whole e-mail address.
func (w *writeWorld) user(key string) auth.User {
	w.t.Helper()
	if !strings.Contains(key, "@") {
		key += "@test.vn"
	}
	u, err := auth.GetUserByEmail(context.Background(), w.db, key)
	if err != nil {
		w.t.Fatal(err)
	}
	return u
}

// userHref is the address of an action on the user of key.
func (w *writeWorld) userHref(key, action string) string {
	return "/users/" + strconv.FormatInt(w.user(key).ID, 10) + "/" + action
}

// userCount counts the users.
func (w *writeWorld) userCount() int {
	w.t.Helper()
	var n int
	if err := w.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

// signsIn reports whether email signs in with password.
func (w *writeWorld) signsIn(email, password string) bool {
	w.t.Helper()
	_, err := auth.Authenticate(context.Background(), w.db, email, password, "", writeNow)
	if err != nil && apperr.CodeOf(err) != apperr.Unauthorized {
		w.t.Fatal(err)
	}
	return err == nil
}

// lastAudit is the newest entry of the log other than a failed sign-in
// (which the signsIn probes write).
func (w *writeWorld) lastAudit() audit.Entry {
	w.t.Helper()
	es, err := audit.List(context.Background(), w.db, audit.Filter{Limit: 50})
	if err != nil {
		w.t.Fatalf("audit log: %v", err)
	}
	for _, e := range es {
		if !strings.HasPrefix(e.Action, "signin.") {
			return e
		}
	}
	w.t.Fatalf("audit log: no entry but sign-ins among %d", len(es))
	return audit.Entry{}
}

// signedIn reports whether the session cookie still opens a page.
func (w *writeWorld) signedIn(cookie string) bool {
	req := httptest.NewRequest("GET", "/account", nil)
	req.AddCookie(&http.Cookie{Name: "kh_session", Value: cookie})
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec.Code == http.StatusOK
}

func wantCode(t *testing.T, what string, rec *httptest.ResponseRecorder, code int) string {
	t.Helper()
	if rec.Code != code {
		t.Fatalf("%s: status %d, want %d\n%s", what, rec.Code, code, rec.Body)
	}
	return html.UnescapeString(rec.Body.String())
}

// shownPassword is the generated password a page shows once.
var shownPassword = regexp.MustCompile(`id="new-password">([^<]+)<`)

func TestUserPagesAnswerAnAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newUsersWorld(t, db)
		body := wantCode(t, "list", w.get("dladmin", "/users"), 200)
		mustContain(t, "list of 66", body, "xa@test.vn", "dl@test.vn", "viewer@test.vn", "dladmin@test.vn", "/users/new", "Người dùng")
		mustNotContain(t, "list of 66", body, "gl@test.vn", "gladmin@test.vn", "nation@test.vn")
		body = wantCode(t, "new", w.get("dladmin", "/users/new"), 200)
		r, _ := units.ParseRef(w.dlComm)
		// The scope unit is chosen by its name in the picker, offering the
		// caller's unit and those below it with their codes only in data.
		mustContain(t, "form of 66", body, `name="csrf" value="`+w.csrf["dladmin"], `data-ref="province:66"`, `data-ref="`+w.dlComm+`"`,
			w.tree.Get(w.dlCommID).FullName()+", tỉnh Đắk Lắk", `value="Tỉnh Đắk Lắk"`, `for="email"`, `for="scope-find"`, `for="password"`,
			`data-pick-search="/api/v1/reports/subjects?at=`, `data-pick-name="scope"`)
		mustNotContain(t, "form of 66", body, `data-ref="province:52"`, `data-ref="nation"`, ">commune:"+r.Code, `name="scope_ref"`)
		body = wantCode(t, "new", w.get("nation", "/users/new"), 200)
		mustContain(t, "form of the nation", body, `data-ref="nation"`, `data-ref="province:52"`, `data-ref="province:66"`)
		for _, key := range []string{"nation", "dladmin", "dl", "xa", "viewer"} {
			body := wantCode(t, key+" account", w.get(key, "/account"), 200)
			mustContain(t, key+" account", body, key+"@test.vn", `action="/account/password"`, `name="csrf" value="`+w.csrf[key])
		}
		mustContain(t, "admin menu", wantCode(t, "dashboard", w.get("dladmin", "/"), 200), `href="/users"`, `href="/account"`)
		body = wantCode(t, "dashboard", w.get("dl", "/"), 200)
		mustContain(t, "officer menu", body, `href="/account"`)
		mustNotContain(t, "officer menu", body, `href="/users"`)
	})
}

func TestUserPagesRefuseOfficersViewersAndStrangers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newUsersWorld(t, db)
		users, audits := w.userCount(), w.auditCount()
		form := url.Values{"email": {"moi@test.vn"}, "name": {"Mới"}, "role": {"viewer"}, "scope": {w.dlComm}, "password": {"mat-khau-moi"}}
		for _, key := range []string{"dl", "xa", "viewer"} {
			wantCode(t, key+" GET /users", w.get(key, "/users"), 403)
			wantCode(t, key+" GET /users/new", w.get(key, "/users/new"), 403)
			wantCode(t, key+" POST /users/new", w.post(key, "/users/new", form), 403)
			for _, action := range []string{"password", "disable", "enable"} {
				wantCode(t, key+" "+action, w.post(key, w.userHref("xa", action), url.Values{"password": {"mat-khau-moi"}}), 403)
			}
		}
		for _, target := range []string{"/users", "/users/new", "/account"} {
			rec := w.get("", target)
			if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
				t.Errorf("stranger at %s: %d %s", target, rec.Code, rec.Header().Get("Location"))
			}
		}
		if w.userCount() != users || w.auditCount() != audits || w.user("xa").Disabled || !w.signsIn("xa@test.vn", testPassword) {
			t.Fatal("a refused request changed something")
		}
	})
}

func TestProvinceAdminCannotReachAnotherProvincesUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newUsersWorld(t, db)
		w.signIn("commgl", auth.Officer, w.tree.Get(mustUnit(t, w, w.glComm)))
		users, audits := w.userCount(), w.auditCount()
		for _, c := range []struct{ admin, other, otherComm string }{{"dladmin", "gl", "commgl"}, {"gladmin", "dl", "xa"}} {
			body := wantCode(t, c.admin+" list", w.get(c.admin, "/users"), 200)
			mustNotContain(t, c.admin+" list", body, c.other+"@test.vn", c.otherComm+"@test.vn", "nation@test.vn")
			for _, target := range []string{c.other, c.otherComm, "nation"} {
				for _, action := range []string{"password", "disable", "enable"} {
					rec := w.post(c.admin, w.userHref(target, action), url.Values{"password": {"mat-khau-cua-toi"}})
					if rec.Code != 404 && rec.Code != 403 {
						t.Errorf("%s %s of %s: status %d, want 403 or 404", c.admin, action, target, rec.Code)
					}
				}
			}
		}
		foreign := map[string]url.Values{
			"the other province": {"scope": {"province:52"}},
			"the nation":         {"scope": {"nation"}},
			"a typed commune":    {"scope": {"province:66"}, "scope_ref": {w.glComm}},
			"a typed province":   {"scope": {"province:66"}, "scope_ref": {"province:52"}},
		}
		for what, form := range foreign {
			form.Set("email", "la@test.vn")
			form.Set("name", "Người lạ")
			form.Set("role", "admin")
			form.Set("password", "mat-khau-la")
			body := wantCode(t, "dladmin creating a user of "+what, w.post("dladmin", "/users/new", form), 403)
			mustContain(t, what, body, `id="scope-find-error"`, "ngoài phạm vi")
		}
		if w.userCount() != users || w.auditCount() != audits {
			t.Fatalf("refused requests wrote: users %d→%d, audit %d→%d", users, w.userCount(), audits, w.auditCount())
		}
		for _, key := range []string{"gl", "commgl", "dl", "xa", "nation"} {
			if w.user(key).Disabled || !w.signsIn(key+"@test.vn", testPassword) {
				t.Errorf("%s was changed by the other province's admin", key)
			}
		}
	})
}

// mustUnit is the id of LEVEL:CODE valid at the world's clock.
func mustUnit(t *testing.T, w *writeWorld, ref string) int64 {
	t.Helper()
	r, _ := units.ParseRef(ref)
	u, err := w.tree.Resolve(r.Level, r.Code, writeNow)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestUserCreateRejectsBadInputAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newUsersWorld(t, db)
		good := func() url.Values {
			return url.Values{"email": {"moi@test.vn"}, "name": {"Trần Văn Mới"}, "role": {"officer"}, "scope": {w.dlComm}, "password": {"mat-khau-moi"}}
		}
		cases := []struct {
			what, field, value string
			status             int
			errorID, says      string
		}{
			{"bad e-mail", "email", "khong-phai-email", 400, "e-email", "không hợp lệ"},
			{"no name", "name", "  ", 400, "e-name", "họ và tên"},
			{"short password", "password", "ngan", 400, "e-password", "ít nhất 8"},
			{"duplicate e-mail", "email", "XA@test.vn", 400, "e-email", "đã có người dùng"},
			{"unknown role", "role", "superadmin", 400, "e-role", "vai trò"},
			{"unknown unit", "scope_ref", "commune:99999999", 400, "scope-find-error", ""},
			{"cluster", "scope_ref", "cluster:1", 400, "scope-find-error", ""},
			{"foreign scope", "scope", "province:52", 403, "scope-find-error", "ngoài phạm vi"},
			{"unknown name", "scope_find", "xyzzy", 400, "scope-find-error", "không tìm thấy đơn vị nào khớp với «xyzzy»"},
		}
		users, audits := w.userCount(), w.auditCount()
		for _, c := range cases {
			form := good()
			form.Set(c.field, c.value)
			if c.field == "scope_find" { // a name typed without script, no code chosen
				form.Del("scope")
			}
			body := wantCode(t, c.what, w.post("dladmin", "/users/new", form), c.status)
			mustContain(t, c.what, body, `id="`+c.errorID+`"`, c.says, `class="alert"`)
			if c.field != "password" && c.field != "email" {
				mustContain(t, c.what+": the typed values are kept", body, `value="moi@test.vn"`)
			}
		}
		form := good()
		wantCode(t, "no CSRF token", w.postRaw("dladmin", "/users/new", form), 403)
		form.Set("csrf", w.csrf["gladmin"])
		wantCode(t, "another session's CSRF token", w.postRaw("dladmin", "/users/new", form), 403)
		if w.userCount() != users || w.auditCount() != audits {
			t.Fatalf("bad input wrote: users %d→%d, audit %d→%d", users, w.userCount(), audits, w.auditCount())
		}
	})
}

func TestAdminAddsUsersWhoCanSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newUsersWorld(t, db)
		rec := w.post("dladmin", "/users/new", url.Values{"email": {" Moi@Test.vn "}, "name": {"Trần Văn Mới"}, "role": {"officer"},
			"scope": {w.dlComm}, "password": {"mat-khau-moi"}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/users?done=added" {
			t.Fatalf("create: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		u := w.user("moi@test.vn")
		if u.Role != auth.Officer || u.ScopeUnitID != w.dlCommID || u.Name != "Trần Văn Mới" || !w.signsIn("moi@test.vn", "mat-khau-moi") {
			t.Fatalf("created %+v", u)
		}
		e := w.lastAudit()
		if e.Action != audit.ActionUserAdd || e.Actor != "dladmin@test.vn" || e.Via != "page" || e.UnitID != w.dlCommID || !strings.Contains(e.Detail, "moi@test.vn") {
			t.Fatalf("audit %+v", e)
		}
		mustContain(t, "after adding", wantCode(t, "list", w.get("dladmin", "/users?done=added"), 200), "moi@test.vn", "Đã thêm người dùng")

		// Without script, the unit's name typed into the picker is enough;
		// the list names units as people do, with no code.
		name := w.tree.Get(w.dlCommID).FullName()
		rec = w.post("dladmin", "/users/new", url.Values{"email": {"ten@test.vn"}, "name": {"Lê Thị Tên"}, "role": {"viewer"},
			"scope_find": {name}, "password": {"mat-khau-ten"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("create by a typed name: %d\n%s", rec.Code, rec.Body)
		}
		if u := w.user("ten@test.vn"); u.ScopeUnitID != w.dlCommID {
			t.Fatalf("created by a typed name with scope %d, want %d", u.ScopeUnitID, w.dlCommID)
		}
		listBody := wantCode(t, "list", w.get("dladmin", "/users"), 200)
		mustContain(t, "list", listBody, name+", tỉnh Đắk Lắk")
		mustNotContain(t, "list", listBody, "(province:", "(commune:", "(nation)")

		// An empty password is generated and shown once; a typed unit
		// deeper than the list (a commune, for the nation) is accepted.
		body := wantCode(t, "generated", w.post("nation", "/users/new", url.Values{"email": {"tinh@test.vn"}, "name": {"Quản trị tỉnh"},
			"role": {"admin"}, "scope": {"nation"}, "scope_ref": {w.glComm}}), 200)
		m := shownPassword.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no password shown:\n%s", body)
		}
		if len(m[1]) < auth.MinPassword || !w.signsIn("tinh@test.vn", m[1]) {
			t.Fatalf("generated password %q does not sign in", m[1])
		}
		if u := w.user("tinh@test.vn"); u.Role != auth.Admin || u.ScopeUnitID != mustUnit(t, w, w.glComm) {
			t.Fatalf("created %+v", u)
		}
		if strings.Contains(wantCode(t, "list", w.get("nation", "/users"), 200), m[1]) {
			t.Fatal("the generated password is shown again")
		}
		wantCode(t, "nation admin adds a province admin", w.post("nation", "/users/new", url.Values{"email": {"gl2@test.vn"}, "name": {"Tỉnh 52"},
			"role": {"admin"}, "scope": {"province:52"}, "password": {"mat-khau-moi"}}), http.StatusSeeOther)
		mustContain(t, "52's list", wantCode(t, "list", w.get("gladmin", "/users"), 200), "gl2@test.vn", "tinh@test.vn")
	})
}

func TestAdminResetsPasswordsAndDisablesAndEnablesUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newUsersWorld(t, db)
		xa := w.user("xa")
		token, err := auth.CreateToken(context.Background(), db, xa.ID, "tập lệnh của xã", writeNow)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, "the reset form warns", wantCode(t, "list", w.get("dladmin", "/users"), 200), "mọi mã truy cập API của họ sẽ bị thu hồi")
		rec := w.post("dladmin", w.userHref("xa", "password"), url.Values{"password": {"mat-khau-moi"}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/users?done=password" {
			t.Fatalf("reset: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		if e := w.lastAudit(); e.Action != audit.ActionTokenRevoke || e.Actor != "dladmin@test.vn" || e.UnitID != xa.ScopeUnitID || !strings.Contains(e.Detail, "tập lệnh của xã") {
			t.Fatalf("audit %+v", e)
		}
		entries, _ := audit.List(context.Background(), db, audit.Filter{Action: audit.ActionUserPassword})
		if len(entries) != 1 || entries[0].Actor != "dladmin@test.vn" || entries[0].Detail != "xa@test.vn; 1 mã truy cập bị thu hồi" {
			t.Fatalf("password entries %+v", entries)
		}
		if w.signedIn(w.cookie["xa"]) || w.signsIn("xa@test.vn", testPassword) || !w.signsIn("xa@test.vn", "mat-khau-moi") {
			t.Fatal("after a reset the old session and password should be gone and the new password work")
		}
		if _, err := auth.UserFromToken(context.Background(), db, token, writeNow); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("the API token survived the reset: %v", err)
		}
		mustContain(t, "after the reset", wantCode(t, "list", w.get("dladmin", "/users?done=password"), 200), "mọi mã truy cập API của họ đã bị thu hồi")
		body := wantCode(t, "generated reset", w.post("dladmin", w.userHref("viewer", "password"), nil), 200)
		m := shownPassword.FindStringSubmatch(body)
		if m == nil || !w.signsIn("viewer@test.vn", m[1]) {
			t.Fatalf("generated reset: %v\n%s", m, body)
		}
		audits := w.auditCount()
		mustContain(t, "short", wantCode(t, "short reset", w.post("dladmin", w.userHref("dl", "password"), url.Values{"password": {"ngan"}}), 400), "ít nhất 8")
		wantCode(t, "own reset", w.post("dladmin", w.userHref("dladmin", "password"), url.Values{"password": {"mat-khau-moi"}}), 400)
		wantCode(t, "own disable", w.post("dladmin", w.userHref("dladmin", "disable"), nil), 400)
		wantCode(t, "no CSRF", w.postRaw("dladmin", w.userHref("dl", "disable"), nil), 403)
		wantCode(t, "unknown user", w.post("dladmin", "/users/999999/disable", nil), 404)
		wantCode(t, "bad id", w.post("dladmin", "/users/abc/disable", nil), 404)
		if w.auditCount() != audits || w.user("dl").Disabled || !w.signsIn("dl@test.vn", testPassword) || !w.signsIn("dladmin@test.vn", testPassword) {
			t.Fatal("a refused action changed something")
		}

		wantCode(t, "disable", w.post("dladmin", w.userHref("dl", "disable"), nil), http.StatusSeeOther)
		if !w.user("dl").Disabled || w.signedIn(w.cookie["dl"]) || w.signsIn("dl@test.vn", testPassword) {
			t.Fatal("a disabled user still gets in")
		}
		if e := w.lastAudit(); e.Action != audit.ActionUserDisable || e.Detail != "dl@test.vn" {
			t.Fatalf("audit %+v", e)
		}
		mustContain(t, "list", wantCode(t, "list", w.get("dladmin", "/users?done=disabled"), 200), "Đã khóa", `action="/users/`+strconv.FormatInt(w.user("dl").ID, 10)+`/enable"`)
		wantCode(t, "enable", w.post("dladmin", w.userHref("dl", "enable"), nil), http.StatusSeeOther)
		if w.user("dl").Disabled || !w.signsIn("dl@test.vn", testPassword) {
			t.Fatal("an enabled user cannot sign in")
		}
		if e := w.lastAudit(); e.Action != audit.ActionUserEnable || e.Label() == e.Action {
			t.Fatalf("audit %+v (label %q)", e, e.Label())
		}
	})
}

func TestOwnPasswordChangeNeedsTheCurrentOneAndKeepsTheUserSignedIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newUsersWorld(t, db)
		other, _, err := auth.CreateSession(context.Background(), db, w.user("xa").ID, writeNow) // another browser
		if err != nil {
			t.Fatal(err)
		}
		audits := w.auditCount()
		for _, c := range []struct {
			what                       string
			current, password, confirm string
			errorID                    string
		}{
			{"wrong current", "sai-mat-khau", "mat-khau-moi", "mat-khau-moi", "e-current"},
			{"no current", "", "mat-khau-moi", "mat-khau-moi", "e-current"},
			{"short new", testPassword, "ngan", "ngan", "e-password"},
			{"mismatch", testPassword, "mat-khau-moi", "mat-khau-khac", "e-confirm"},
		} {
			body := wantCode(t, c.what, w.post("xa", "/account/password", url.Values{"current": {c.current}, "password": {c.password}, "confirm": {c.confirm}}), 400)
			mustContain(t, c.what, body, `id="`+c.errorID+`"`)
		}
		wantCode(t, "no CSRF", w.postRaw("xa", "/account/password", url.Values{"current": {testPassword}, "password": {"mat-khau-moi"}, "confirm": {"mat-khau-moi"}}), 403)
		// The wrong current password is a failed sign-in, and logged as one.
		if w.auditCount() != audits+1 || !w.signsIn("xa@test.vn", testPassword) || !w.signedIn(w.cookie["xa"]) {
			t.Fatal("a refused change changed something")
		}

		rec := w.post("xa", "/account/password", url.Values{"current": {testPassword}, "password": {"mat-khau-moi"}, "confirm": {"mat-khau-moi"}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/account?done=password&revoked=0" {
			t.Fatalf("change: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		var fresh string
		for _, c := range rec.Result().Cookies() {
			if c.Name == "kh_session" && c.HttpOnly && c.SameSite == http.SameSiteLaxMode {
				fresh = c.Value
			}
		}
		if fresh == "" || fresh == w.cookie["xa"] {
			t.Fatalf("no fresh session cookie: %v", rec.Result().Cookies())
		}
		if !w.signedIn(fresh) || w.signedIn(w.cookie["xa"]) || w.signedIn(other) {
			t.Fatal("after the change this browser should stay signed in and every other session end")
		}
		if w.signsIn("xa@test.vn", testPassword) || !w.signsIn("xa@test.vn", "mat-khau-moi") {
			t.Fatal("the new password does not replace the old")
		}
		if e := w.lastAudit(); e.Action != audit.ActionUserPassword || e.Actor != "xa@test.vn" || e.UnitID != w.dlCommID {
			t.Fatalf("audit %+v", e)
		}
		w.cookie["xa"] = fresh
		mustContain(t, "after", wantCode(t, "account", w.get("xa", "/account?done=password&revoked=0"), 200), "Đã đổi mật khẩu", "0 mã truy cập API đã bị thu hồi")
	})
}
