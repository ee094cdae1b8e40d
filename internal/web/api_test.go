package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cli"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// apiNow is the clock of the API tests: a day of 2026, after the reform,
// so that province:66 is the merged Đắk Lắk and province:52 the merged Gia
// Lai.
var apiNow = time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)

// apiWorld is a server over a database with two provinces' officers, their
// figures and clusters.
type apiWorld struct {
	t   *testing.T
	db  *store.DB
	h   http.Handler
	tok map[string]string // bearer token by user: admin, dl, gl, dlviewer
	// Units of each province: the province and one of its communes.
	dl, gl         string // province:66, province:52
	dlComm, glComm string // commune:… of each
	dlClus, glClus string // the cluster codes holding each province
}

func newAPIWorld(t *testing.T, db *store.DB) *apiWorld {
	t.Helper()
	ctx := context.Background()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	w := &apiWorld{t: t, db: db, tok: map[string]string{}, dl: "province:66", gl: "province:52", dlClus: "1", glClus: "2"}
	at := units.Day(apiNow)
	prov := map[string]*units.Unit{}
	for _, code := range []string{"66", "52"} {
		p, err := tree.Resolve(units.Province, code, at)
		if err != nil {
			t.Fatal(err)
		}
		prov[code] = p
		cs := tree.Within(units.Commune, p.ID, at)
		if len(cs) == 0 {
			t.Fatalf("province %s has no communes", code)
		}
		if code == "66" {
			w.dlComm = cs[0].Ref()
		} else {
			w.glComm = cs[0].Ref()
		}
	}
	importTestClusters(t, db, tree, apiNow, "Cụm thi đua số 1", "Cụm thi đua số 2")
	var rows []aggregate.Row
	for i, ref := range []string{w.dlComm, w.glComm, w.dl, w.gl} {
		r, _ := units.ParseRef(ref)
		rows = append(rows,
			aggregate.Row{Line: 2 + 3*i, Period: "2026H1", Level: string(r.Level), Code: r.Code, Indicator: "members.total", Value: "1000"},
			aggregate.Row{Line: 3 + 3*i, Period: "2026H1", Level: string(r.Level), Code: r.Code, Indicator: "population.total", Value: "8000"},
			aggregate.Row{Line: 4 + 3*i, Period: "2025H2", Level: string(r.Level), Code: r.Code, Indicator: "members.total", Value: "900"})
	}
	if _, err := aggregate.Import(ctx, db, rows, aggregate.Options{Source: "seed.csv", Actor: "test", Now: apiNow}); err != nil {
		t.Fatal(err)
	}
	users := []struct {
		key, email string
		role       auth.Role
		scope      *units.Unit
	}{
		{"admin", "admin@test.vn", auth.Admin, tree.Nation()},
		{"dl", "dl@test.vn", auth.Officer, prov["66"]},
		{"gl", "gl@test.vn", auth.Officer, prov["52"]},
		{"dlviewer", "xem@test.vn", auth.Viewer, prov["66"]},
	}
	for _, u := range users {
		usr := createTestUser(t, db, u.email, "Cán bộ "+u.key, u.role, u.scope, apiNow)
		if w.tok[u.key], err = auth.CreateToken(ctx, db, usr.ID, "test", apiNow); err != nil {
			t.Fatal(err)
		}
	}
	w.h = testHandler(t, db, apiNow)
	return w
}

// call sends a request as user (a key of tok; "" for nobody).
func (w *apiWorld) call(user, method, target, body string) *httptest.ResponseRecorder {
	w.t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+w.tok[user])
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

// decode reads a JSON answer.
func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("answer is not JSON (%d): %v\n%s", rec.Code, err, rec.Body.String())
	}
	return v
}

// errorCode is the code of a JSON error answer, "" when there is none.
func errorCode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	e, _ := decode(t, rec)["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

func rowBody(rows ...string) string {
	return `{"rows": [` + strings.Join(rows, ",") + `]}`
}

func row(period, ref, indicator, value string) string {
	r, _ := units.ParseRef(ref)
	return `{"period": "` + period + `", "level": "` + string(r.Level) + `", "code": "` + r.Code +
		`", "indicator": "` + indicator + `", "value": ` + value + `}`
}

// storedValues is the values stored at a unit for a period, as the
// nation's administrator reads them, in JSON.
func (w *apiWorld) storedValues(ref, period string) string {
	w.t.Helper()
	rec := w.call("admin", "GET", "/api/v1/aggregates?unit="+ref+"&period="+period, "")
	if rec.Code != 200 {
		w.t.Fatalf("aggregates of %s: %d %s", ref, rec.Code, rec.Body)
	}
	return jsonText(decode(w.t, rec)["values"])
}

func TestAPIAnswersEveryRouteForAnAllowedCaller(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		commCode, branch, branch2, member := seedRegistry(t, w)
		calls := []struct {
			user, method, path, query, body string
		}{
			{"", "GET", "/api/v1/openapi.json", "", ""},
			{"dl", "GET", "/api/v1/me", "", ""},
			{"dl", "GET", "/api/v1/units", "?level=commune&in=province:66&at=2026-01-01", ""},
			{"dl", "GET", "/api/v1/units/search", "?q=dak+lak", ""},
			{"dl", "GET", "/api/v1/units/{ref}", "", ""},
			{"dl", "GET", "/api/v1/clusters", "?year=2026", ""},
			{"dl", "GET", "/api/v1/clusters/{code}", "?year=2026", ""},
			{"dl", "GET", "/api/v1/indicators", "", ""},
			{"dl", "GET", "/api/v1/aggregates", "?unit=" + w.dlComm + "&period=2026H1", ""},
			{"dl", "POST", "/api/v1/aggregates", "", rowBody(row("2026H1", w.dlComm, "members.total", "1234"))},
			// The province's own row fills its form, which the nation approves.
			{"dl", "POST", "/api/v1/aggregates", "", rowBody(row("2026H1", w.dl, "org.branches", "5"))},
			{"dl", "GET", "/api/v1/entry/{ref}/{period}", "", ""},
			{"dl", "POST", "/api/v1/entry/{ref}/{period}/submit", "", `{"explanations":{"change:org.branches":"thành lập thêm ba chi hội"}}`},
			{"admin", "GET", "/api/v1/approvals", "", ""},
			{"admin", "POST", "/api/v1/entry/{ref}/{period}/return", "", `{"comment":"kiểm tra lại số chi hội"}`},
			{"dl", "POST", "/api/v1/entry/{ref}/{period}/submit", "", `{"explanations":{}}`},
			{"admin", "POST", "/api/v1/entry/{ref}/{period}/approve", "", ""},
			{"dl", "GET", "/api/v1/reports", "?scope=province:66&period=2026H1", ""},
			{"dl", "GET", "/api/v1/reports/subjects", "?q=dak+lak&period=2026H1", ""},
			{"dl", "GET", "/api/v1/me/tokens", "", ""},
			{"dl", "POST", "/api/v1/me/tokens/{id}/revoke", "", ""},
			{"dl", "GET", "/api/v1/members", "?q=nguyen+van&unit=" + w.dlComm, ""},
			{"dl", "POST", "/api/v1/members", "", fmt.Sprintf(`{"branch_id":%d,"full_name":"Lê Thị Ba","joined_on":"01/01/2026"}`, branch)},
			{"dl", "POST", "/api/v1/members/import", "?dry_run=1&name=a.csv", "Mã xã,Chi hội,Họ và tên,Ngày vào hội\n" + commCode + ",Thôn 1,Phạm Văn Cường,01/02/2026\n"},
			{"dl", "GET", "/api/v1/members/{id}", "?reveal=1", ""},
			{"dl", "PATCH", "/api/v1/members/{id}", "", `{"version":1,"full_name":"Nguyễn Văn An","gender":"Nam","joined_on":"01/01/2026"}`},
			{"dl", "PUT", "/api/v1/members/{id}", "", `{"version":2,"full_name":"Nguyễn Văn An","joined_on":"01/01/2026"}`},
			{"dl", "POST", "/api/v1/members/{id}/transfer", "", fmt.Sprintf(`{"version":3,"branch_id":%d,"on":"01/03/2026"}`, branch2)},
			{"dl", "POST", "/api/v1/members/{id}/leave", "", `{"version":4,"on":"10/03/2026","reason":"chuyển nơi ở"}`},
			{"dl", "PUT", "/api/v1/reports/{scope}/{period}/texts", "", `{"sections":{"advice":{"text":"Tham mưu.","version":0}}}`},
			{"dl", "GET", "/api/v1/reports/{scope}/{period}/texts", "", ""},
			{"dl", "GET", "/api/v1/reports/{scope}/{period}/texts/gathered", "", ""},
			{"dl", "PUT", "/api/v1/reports/{scope}/{period}/letterhead", "", `{"signer_name":"Y Bih","version":0}`},
			{"dl", "GET", "/api/v1/reports/{scope}/{period}/letterhead", "", ""},
			{"dl", "POST", "/api/v1/fund/{ref}/entries", "", `{"kind":"receipt","amount":1000000,"day":"01/03/2026","party":"Ông Nguyễn Văn Bình","key":"api-1"}`},
			{"dl", "POST", "/api/v1/fund/{ref}/entries/{number}/reverse", "", `{"reason":"ghi nhầm người nộp"}`},
		}
		spare := spareToken(t, db, "dl@test.vn")
		fill := strings.NewReplacer("{ref}", w.dl, "{code}", w.dlClus, "{id}", strconv.FormatInt(spare, 10), "{scope}", w.dl, "{period}", "2026H1", "{number}", "PT-2026-0001")
		fillMember := strings.NewReplacer("{id}", strconv.FormatInt(member, 10))
		tried := map[string]bool{}
		for _, c := range calls {
			tried[c.method+" "+c.path] = true
			target := fill.Replace(c.path)
			if strings.HasPrefix(c.path, "/api/v1/members/") {
				target = fillMember.Replace(c.path)
			}
			if strings.HasSuffix(c.path, "/gathered") {
				target = strings.Replace(target, w.dl, "cluster:"+w.dlClus, 1)
			}
			rec := w.call(c.user, c.method, target+c.query, c.body)
			if rec.Code != 200 {
				t.Errorf("%s %s: %d %s", c.method, c.path, rec.Code, rec.Body)
				continue
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s %s: Content-Type %q", c.method, c.path, ct)
			}
			decode(t, rec)
		}
		// Every documented route is tried above (openapi_test.go checks
		// that the document and the registered routes agree).
		var doc struct {
			Paths map[string]map[string]any `json:"paths"`
		}
		if err := json.Unmarshal(w.call("", "GET", "/api/v1/openapi.json", "").Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		for p, ops := range doc.Paths {
			for m := range ops {
				if !tried[strings.ToUpper(m)+" "+p] {
					t.Errorf("no test calls %s %s", strings.ToUpper(m), p)
				}
			}
		}
	})
}

func TestAPIWithoutCredentialsIsUnauthorized(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		for _, target := range []string{"/api/v1/me", "/api/v1/units", "/api/v1/indicators", "/api/v1/reports?scope=nation&period=2026H1"} {
			if rec := w.call("", "GET", target, ""); rec.Code != 401 || errorCode(t, rec) != "unauthorized" {
				t.Errorf("GET %s without credentials: %d %s", target, rec.Code, rec.Body)
			}
		}
		if rec := w.call("", "POST", "/api/v1/aggregates", rowBody(row("2026H1", w.dl, "members.total", "1"))); rec.Code != 401 {
			t.Errorf("POST without credentials: %d", rec.Code)
		}
		w.tok["forged"] = auth.TokenPrefix + "not-a-real-token"
		if rec := w.call("forged", "GET", "/api/v1/me", ""); rec.Code != 401 {
			t.Errorf("a made-up token: %d", rec.Code)
		}
	})
}

func TestAPIBearerTokenIdentifiesTheCaller(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		me := decode(t, w.call("gl", "GET", "/api/v1/me", ""))
		scope, _ := me["scope"].(map[string]any)
		if me["email"] != "gl@test.vn" || me["role"] != "officer" || me["auth"] != "token" || scope["ref"] != "province:52" {
			t.Errorf("me = %v", me)
		}
	})
}

func TestAPISessionWritesNeedTheCSRFHeader(t *testing.T) {
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
		send := func(method, target, body, csrf string) *httptest.ResponseRecorder {
			req := httptest.NewRequest(method, target, strings.NewReader(body))
			req.AddCookie(&http.Cookie{Name: "kh_session", Value: cookie})
			if csrf != "" {
				req.Header.Set("X-CSRF-Token", csrf)
			}
			rec := httptest.NewRecorder()
			w.h.ServeHTTP(rec, req)
			return rec
		}
		if rec := send("GET", "/api/v1/me", "", ""); rec.Code != 200 || decode(t, rec)["auth"] != "session" {
			t.Errorf("GET with a session: %d %s", rec.Code, rec.Body)
		}
		body := rowBody(row("2026H1", w.dlComm, "members.total", "4321"))
		if rec := send("POST", "/api/v1/aggregates", body, ""); rec.Code != 403 || errorCode(t, rec) != "forbidden" {
			t.Errorf("POST with a session and no X-CSRF-Token: %d %s", rec.Code, rec.Body)
		}
		if rec := send("POST", "/api/v1/aggregates", body, "wrong"); rec.Code != 403 {
			t.Errorf("POST with a wrong X-CSRF-Token: %d %s", rec.Code, rec.Body)
		}
		if got := decode(t, w.call("admin", "GET", "/api/v1/aggregates?unit="+w.dlComm+"&period=2026H1", "")); strings.Contains(jsonText(got), "4321") {
			t.Error("a refused POST wrote its value")
		}
		if rec := send("POST", "/api/v1/aggregates", body, sess.CSRF); rec.Code != 200 {
			t.Errorf("POST with X-CSRF-Token: %d %s", rec.Code, rec.Body)
		}
	})
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestAPIAuthorizationMatrix signs in as the officers of two provinces
// and, for every route that takes a unit or a cluster, asserts that each
// reads and writes its own and is refused the other's (403 or 404).
func TestAPIAuthorizationMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		type side struct {
			user, prov, comm, clus string
		}
		dl := side{"dl", w.dl, w.dlComm, w.dlClus}
		gl := side{"gl", w.gl, w.glComm, w.glClus}
		reads := []string{
			"/api/v1/units/{unit}",
			"/api/v1/units/{unit}?at=2026-01-01",
			"/api/v1/units?in={unit}",
			"/api/v1/units?level=commune&in={unit}",
			"/api/v1/aggregates?unit={unit}&period=2026H1",
			"/api/v1/aggregates?unit={unit}",
			"/api/v1/reports?scope={unit}&period=2026H1",
		}
		clusterReads := []string{
			"/api/v1/clusters/{cluster}?year=2026",
			"/api/v1/reports?scope=cluster:{cluster}&period=2026H1",
		}
		for _, pair := range [][2]side{{dl, gl}, {gl, dl}} {
			me, other := pair[0], pair[1]
			for _, tmpl := range reads {
				for _, own := range []string{me.prov, me.comm} {
					target := strings.ReplaceAll(tmpl, "{unit}", url.QueryEscape(own))
					if strings.HasPrefix(tmpl, "/api/v1/units/{unit}") {
						target = strings.ReplaceAll(tmpl, "{unit}", own)
					}
					if rec := w.call(me.user, "GET", target, ""); rec.Code != 200 {
						t.Errorf("%s reading its own %s: %d %s", me.user, target, rec.Code, rec.Body)
					}
				}
				for _, foreign := range []string{other.prov, other.comm} {
					target := strings.ReplaceAll(tmpl, "{unit}", url.QueryEscape(foreign))
					if strings.HasPrefix(tmpl, "/api/v1/units/{unit}") {
						target = strings.ReplaceAll(tmpl, "{unit}", foreign)
					}
					rec := w.call(me.user, "GET", target, "")
					if rec.Code != 403 && rec.Code != 404 {
						t.Errorf("%s reading the other province's %s: %d, want 403 or 404", me.user, target, rec.Code)
					}
					if strings.Contains(rec.Body.String(), "1000") || strings.Contains(rec.Body.String(), "8000") {
						t.Errorf("%s reading %s: the refusal shows figures: %s", me.user, target, rec.Body)
					}
				}
			}
			for _, tmpl := range clusterReads {
				if rec := w.call(me.user, "GET", strings.ReplaceAll(tmpl, "{cluster}", me.clus), ""); rec.Code != 200 {
					t.Errorf("%s reading its own cluster %s: %d %s", me.user, tmpl, rec.Code, rec.Body)
				}
				if rec := w.call(me.user, "GET", strings.ReplaceAll(tmpl, "{cluster}", other.clus), ""); rec.Code != 403 && rec.Code != 404 {
					t.Errorf("%s reading the other cluster %s: %d, want 403 or 404", me.user, tmpl, rec.Code)
				}
			}
			// Writing: own units are allowed, the other's refused and left
			// untouched.
			for _, own := range []string{me.prov, me.comm} {
				if rec := w.call(me.user, "POST", "/api/v1/aggregates", rowBody(row("2026H1", own, "models.family.registered", "12"))); rec.Code != 200 {
					t.Errorf("%s writing its own %s: %d %s", me.user, own, rec.Code, rec.Body)
				}
			}
			for _, foreign := range []string{other.prov, other.comm} {
				before := w.storedValues(foreign, "2026H1")
				rec := w.call(me.user, "POST", "/api/v1/aggregates", rowBody(row("2026H1", foreign, "members.total", "5")))
				if rec.Code != 403 && rec.Code != 404 {
					t.Errorf("%s writing the other province's %s: %d, want 403 or 404", me.user, foreign, rec.Code)
				}
				if after := w.storedValues(foreign, "2026H1"); after != before {
					t.Errorf("%s writing %s changed its values:\n%s\n%s", me.user, foreign, before, after)
				}
			}
			// Lists show only what is readable.
			body := w.call(me.user, "GET", "/api/v1/units?level=province", "").Body.String()
			if !strings.Contains(body, `"ref":"`+me.prov+`"`) || strings.Contains(body, `"ref":"`+other.prov+`"`) {
				t.Errorf("%s listing provinces: %s", me.user, body)
			}
			body = w.call(me.user, "GET", "/api/v1/clusters?year=2026", "").Body.String()
			if !strings.Contains(body, `"code":"`+me.clus+`"`) || strings.Contains(body, `"code":"`+other.clus+`"`) {
				t.Errorf("%s listing clusters: %s", me.user, body)
			}
			if rec := w.call(me.user, "GET", "/api/v1/reports?scope=nation&period=2026H1", ""); rec.Code != 403 && rec.Code != 404 {
				t.Errorf("%s reading the nation's report: %d", me.user, rec.Code)
			}
		}
		// Searching Gia Lai finds it for its officer, not for Đắk Lắk's.
		if body := w.call("gl", "GET", "/api/v1/units/search?q=gia+lai", "").Body.String(); !strings.Contains(body, `"ref":"province:52"`) {
			t.Errorf("gl searching its own province: %s", body)
		}
		if body := w.call("dl", "GET", "/api/v1/units/search?q=gia+lai", "").Body.String(); strings.Contains(body, `"ref":"province:52"`) {
			t.Errorf("dl searching finds the other province: %s", body)
		}
	})
}

func TestAPIPostMixingOwnAndForeignRowsWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		before := w.storedValues(w.dlComm, "2026Q1")
		body := rowBody(
			row("2026Q1", w.dlComm, "members.total", "77"),
			row("2026Q1", w.glComm, "members.total", "88"),
			row("2026Q1", w.dl, "members.total", "99"))
		rec := w.call("dl", "POST", "/api/v1/aggregates", body)
		if rec.Code != 403 {
			t.Fatalf("mixed rows: %d %s", rec.Code, rec.Body)
		}
		e := decode(t, rec)["error"].(map[string]any)
		rows, _ := e["rows"].([]any)
		if len(rows) != 1 || rows[0].(map[string]any)["row"] != float64(2) {
			t.Errorf("the refusal should name row 2 alone: %v", e)
		}
		if after := w.storedValues(w.dlComm, "2026Q1"); after != before {
			t.Errorf("own row written although another was refused:\n%s\n%s", before, after)
		}
		// A viewer writes nothing, even in their own province.
		if rec := w.call("dlviewer", "POST", "/api/v1/aggregates", rowBody(row("2026Q1", w.dlComm, "members.total", "77"))); rec.Code != 403 {
			t.Errorf("viewer writing: %d %s", rec.Code, rec.Body)
		}
		// A nation row is outside a province officer's scope.
		if rec := w.call("dl", "POST", "/api/v1/aggregates", rowBody(`{"period":"2026Q1","level":"nation","code":"","indicator":"members.total","value":1}`)); rec.Code != 403 {
			t.Errorf("province officer writing the nation: %d %s", rec.Code, rec.Body)
		}
	})
}

func TestAPIPostChecksRowsLikeTheImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		body := rowBody(
			row("2026H1", w.dlComm, "members.total", "10"),
			row("2026H1", w.dlComm, "members.ratio", "1"),
			row("2026H1", w.dlComm, "population.total", `"12,5"`),
			row("2026H7", w.dlComm, "members.total", "1"))
		rec := w.call("dl", "POST", "/api/v1/aggregates", body)
		if rec.Code != 400 {
			t.Fatalf("bad rows: %d %s", rec.Code, rec.Body)
		}
		e := decode(t, rec)["error"].(map[string]any)
		got := map[string]bool{}
		for _, r := range e["rows"].([]any) {
			m := r.(map[string]any)
			row, _ := m["row"].(float64)
			col, _ := m["column"].(string)
			got[fmt.Sprintf("%d:%s", int(row), col)] = m["message"] != ""
		}
		for _, want := range []string{"2:indicator", "3:value", "4:period"} {
			if !got[want] {
				t.Errorf("no fault %s in %v", want, e)
			}
		}
		if e["code"] != "invalid" || !strings.Contains(e["message"].(string), "3") {
			t.Errorf("error = %v", e)
		}
		// The good first row was not written either.
		vals := decode(t, w.call("dl", "GET", "/api/v1/aggregates?unit="+w.dlComm+"&period=2026H1", ""))["values"].([]any)
		for _, v := range vals {
			if m := v.(map[string]any); m["indicator"] == "members.total" && m["value"] != float64(1000) {
				t.Errorf("members.total changed to %v by a refused request", m["value"])
			}
		}
		for _, bad := range []string{`{"rows": []}`, `{"rows": [`, `{"rows": [], "extra": 1}`, `[]`} {
			if rec := w.call("dl", "POST", "/api/v1/aggregates", bad); rec.Code != 400 || errorCode(t, rec) != "invalid" {
				t.Errorf("body %s: %d %s", bad, rec.Code, rec.Body)
			}
		}
	})
}

func TestAPIPostWritesDryRunsAndRepeats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		r, _ := units.ParseRef(w.dlComm)
		// The code as a number and the value as a string, written as
		// people write it, are accepted; a JSON number is the number it
		// holds (1.234 is no count).
		one := `{"period": "2026H1", "level": "commune", "code": ` + strings.TrimLeft(r.Code, "0") + `, "indicator": "members.total", "value": "1.500"}`
		frac := `{"period": "2026H1", "level": "commune", "code": ` + strings.TrimLeft(r.Code, "0") + `, "indicator": "members.total", "value": 1.234}`
		if rec := w.call("dl", "POST", "/api/v1/aggregates", rowBody(frac)); rec.Code != 400 || !strings.Contains(rec.Body.String(), "phải là số nguyên") {
			t.Errorf("a count of 1.234 as a JSON number: %d %s", rec.Code, rec.Body)
		}
		two := row("2026H1", w.dlComm, "models.family.registered", "40")
		dry := w.call("dl", "POST", "/api/v1/aggregates", `{"rows": [`+one+`,`+two+`], "dry_run": true}`)
		if got := decode(t, dry); dry.Code != 200 || got["updated"] != float64(1) || got["inserted"] != float64(1) || got["dry_run"] != true {
			t.Fatalf("dry run: %d %v", dry.Code, got)
		}
		before := w.storedValues(w.dlComm, "2026H1")
		if strings.Contains(before, "1500") || strings.Contains(before, "models.family") {
			t.Errorf("a dry run wrote: %s", before)
		}
		rec := w.call("dl", "POST", "/api/v1/aggregates", rowBody(one, two))
		if got := decode(t, rec); rec.Code != 200 || got["rows"] != float64(2) || got["updated"] != float64(1) || got["inserted"] != float64(1) {
			t.Fatalf("write: %d %v", rec.Code, got)
		}
		again := decode(t, w.call("dl", "POST", "/api/v1/aggregates", rowBody(one, two)))
		if again["unchanged"] != float64(2) {
			t.Errorf("the same rows again: %v", again)
		}
		got := decode(t, w.call("dl", "GET", "/api/v1/aggregates?unit="+w.dlComm+"&period=2026H1", ""))
		var found bool
		for _, v := range got["values"].([]any) {
			m := v.(map[string]any)
			if m["indicator"] == "members.total" {
				found = m["value"] == float64(1500) && m["import_id"] != nil && m["updated_at"] != ""
			}
		}
		if !found {
			t.Errorf("stored values after the write: %v", got)
		}
		var actor, via string
		err := db.QueryRow(context.Background(), "SELECT actor, via FROM audit_log WHERE action = 'import.aggregates' ORDER BY id DESC LIMIT 1").Scan(&actor, &via)
		if err != nil || actor != "dl@test.vn" || via != "api" {
			t.Errorf("audit entry: %q %q %v", actor, via, err)
		}
	})
}

func TestAPIReportEqualsTheCommandLine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		cases := []struct{ user, scope string }{
			{"dl", "province:66"},
			{"dl", w.dlComm},
			{"gl", "cluster:" + w.glClus},
			{"admin", "nation"},
		}
		for _, c := range cases {
			rec := w.call(c.user, "GET", "/api/v1/reports?scope="+url.QueryEscape(c.scope)+"&period=2026H1", "")
			if rec.Code != 200 {
				t.Errorf("%s: %d %s", c.scope, rec.Code, rec.Body)
				continue
			}
			var out, errOut bytes.Buffer
			env := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
				Getenv: func(string) string { return "" }, Now: func() time.Time { return apiNow }}
			if code := cli.Main(context.Background(), []string{"report", "--scope", c.scope, "--period", "2026H1", "--format", "json", "--db", db.URL}, env); code != 0 {
				t.Fatalf("cli report %s: %s", c.scope, errOut.String())
			}
			if api, want := strings.TrimSpace(rec.Body.String()), strings.TrimSpace(out.String()); api != want {
				t.Errorf("%s: the API's report differs from the command line's\napi:\n%s\ncli:\n%s", c.scope, api, want)
			}
		}
	})
}

func TestAPIUnitAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		u := decode(t, w.call("dl", "GET", "/api/v1/units/province:66", ""))
		parent, _ := u["parent"].(map[string]any)
		if u["name"] != "Đắk Lắk" || u["valid_from"] != "2025-07-01" || u["valid_to"] != nil || parent["ref"] != "nation" {
			t.Errorf("province:66 = %v", jsonText(u))
		}
		// The merged Đắk Lắk was formed from the old Đắk Lắk and Phú Yên,
		// which its officer reads.
		if preds, _ := u["predecessors"].([]any); len(preds) < 2 {
			t.Errorf("predecessors = %v", u["predecessors"])
		}
		if ch, _ := u["children"].([]any); len(ch) == 0 {
			t.Error("no children")
		}
		old := w.call("dl", "GET", "/api/v1/units/province:54?at=2024-01-01", "")
		if old.Code != 200 || len(decode(t, old)["successors"].([]any)) == 0 {
			t.Errorf("the old Phú Yên: %d %s", old.Code, old.Body)
		}
		search := decode(t, w.call("dl", "GET", "/api/v1/units/search?q=DAK+LAK&limit=5", ""))
		if us, _ := search["units"].([]any); len(us) == 0 || us[0].(map[string]any)["ref"] != "province:66" {
			t.Errorf("search = %v", jsonText(search))
		}
		for _, target := range []string{"/api/v1/units/tinh:66", "/api/v1/units?at=2026-13-01", "/api/v1/units?level=cluster",
			"/api/v1/units/search", "/api/v1/units/search?q=a&limit=0", "/api/v1/reports?scope=province:66", "/api/v1/reports?scope=province:66&period=2026H7",
			"/api/v1/clusters?year=twenty", "/api/v1/aggregates"} {
			if rec := w.call("dl", "GET", target, ""); rec.Code != 400 || errorCode(t, rec) != "invalid" {
				t.Errorf("GET %s: %d %s, want 400", target, rec.Code, rec.Body)
			}
		}
		if rec := w.call("admin", "GET", "/api/v1/units/province:99", ""); rec.Code != 404 {
			t.Errorf("an unknown unit: %d", rec.Code)
		}
		inds := decode(t, w.call("dlviewer", "GET", "/api/v1/indicators", ""))["indicators"].([]any)
		var ratio map[string]any
		for _, i := range inds {
			if m := i.(map[string]any); m["kind"] == "ratio" && ratio == nil {
				ratio = m
			}
		}
		if len(inds) < 5 || ratio == nil || ratio["numerator"] == "" || ratio["denominator"] == "" || ratio["name_vi"] == "" {
			t.Errorf("indicators: %d, a ratio: %v", len(inds), ratio)
		}
	})
}

func TestAPIUnknownRoutesAnswerJSON(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		if rec := w.call("dl", "GET", "/api/v1/nothing", ""); rec.Code != 404 || errorCode(t, rec) != "notfound" {
			t.Errorf("unknown route: %d %s", rec.Code, rec.Body)
		}
		rec := w.call("dl", "DELETE", "/api/v1/aggregates", "")
		if rec.Code != 405 || !strings.Contains(rec.Header().Get("Allow"), "POST") {
			t.Errorf("wrong method: %d %v %s", rec.Code, rec.Header(), rec.Body)
		}
		decode(t, rec)
	})
}

// seedRegistry gives the commune w.dlComm an association with two
// branches and one member, "Nguyễn Văn An" in the first.
func seedRegistry(t *testing.T, w *apiWorld) (commCode string, branch, branch2, member int64) {
	t.Helper()
	ctx := context.Background()
	tree, err := units.Cached(ctx, w.db)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := units.ParseRef(w.dlComm)
	c, err := tree.Resolve(r.Level, r.Code, apiNow)
	if err != nil {
		t.Fatal(err)
	}
	admin := auth.LocalAdmin("test")
	a, err := registry.AddOrg(ctx, w.db, tree, admin, registry.NewOrg{Kind: registry.Grassroots, Name: "Hội Khuyến học " + c.Name, CommuneID: c.ID, Founded: c.ValidFrom}, apiNow)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, n := range []string{"Thôn 1", "Thôn 2"} {
		b, err := registry.AddOrg(ctx, w.db, tree, admin, registry.NewOrg{Kind: registry.Branch, Name: n, ParentID: a.ID, Founded: c.ValidFrom}, apiNow)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.ID)
	}
	m, err := registry.AddMember(ctx, w.db, tree, admin, ids[0], registry.Fields{FullName: "Nguyễn Văn An", Gender: "Nam", JoinedOn: "01/01/2026"}, false, apiNow)
	if err != nil {
		t.Fatal(err)
	}
	return c.Code, ids[0], ids[1], m.ID
}
