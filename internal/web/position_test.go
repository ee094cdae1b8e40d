package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/schema"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestReadPositionOnEveryWritePath checks, over a primary with a replica,
// that a write tells its caller where to read from on every way it can
// answer: a page's redirect (303) sets the position cookie and header, a
// refused page write and a refused API write set neither, a token's API
// write sets the header alone, and a response written without a status
// (streamed, as a download after a logged export) gets the position
// before its first byte, while one that starts with an error status does
// not.
func TestReadPositionOnEveryWritePath(t *testing.T) {
	primary, replica := storetest.PrimaryAndReplica(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	if err := schema.Migrate(ctx, primary.Direct(t), now); err != nil {
		t.Fatal(err)
	}
	db, err := store.OpenWith(ctx, primary.URL(), store.Options{ReadURLs: []string{replica.URL()},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	u, err := auth.CreateUser(ctx, db, auth.NewUser{Email: "admin@test.vn", Name: "Quản trị", Role: auth.Admin,
		ScopeUnitID: tree.Nation().ID, Password: "mat-khau-thu-nghiem"}, now)
	if err != nil {
		t.Fatal(err)
	}
	cookie, sess, err := auth.CreateSession(ctx, db, u.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	token, err := auth.CreateToken(ctx, db, u.ID, "test", now)
	if err != nil {
		t.Fatal(err)
	}
	commune := tree.All(units.Commune, units.ReformDate)[0]
	srv, err := New(db, Options{Now: func() time.Time { return now }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	post := func(path, contentType, body string, headers ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "http://example.vn"+path, strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Origin", "http://example.vn")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	positionCookieOf := func(rec *httptest.ResponseRecorder) string {
		for _, c := range rec.Result().Cookies() {
			if c.Name == positionCookie {
				return c.Value
			}
		}
		return ""
	}
	form := "application/x-www-form-urlencoded"
	page := "/entry/" + commune.Ref() + "/2026H1"
	sessionCookie := "kh_session=" + cookie

	rec := post(page, form, url.Values{"csrf": {sess.CSRF}, "action": {"save"}, "members.total": {"15"}}.Encode(), "Cookie", sessionCookie)
	if rec.Code != http.StatusSeeOther || positionCookieOf(rec) == "" || rec.Header().Get(positionHeader) == "" {
		t.Errorf("a page's write answered %d with the cookie %q and the header %q; want 303 with both", rec.Code, positionCookieOf(rec), rec.Header().Get(positionHeader))
	}
	rec = post(page, form, url.Values{"csrf": {sess.CSRF}, "action": {"khong-co"}}.Encode(), "Cookie", sessionCookie)
	if rec.Code < 400 || positionCookieOf(rec) != "" || rec.Header().Get(positionHeader) != "" {
		t.Errorf("a refused page write answered %d with the cookie %q and the header %q; want an error with neither", rec.Code, positionCookieOf(rec), rec.Header().Get(positionHeader))
	}
	body := `{"rows": [{"period": "2026H1", "level": "commune", "code": "` + commune.Code + `", "indicator": "members.total", "value": 16}]}`
	rec = post("/api/v1/aggregates", "application/json", body, "Authorization", "Bearer "+token)
	if rec.Code != http.StatusOK || rec.Header().Get(positionHeader) == "" || positionCookieOf(rec) != "" {
		t.Errorf("a token's write answered %d with the header %q and the cookie %q; want 200 with the header alone", rec.Code, rec.Header().Get(positionHeader), positionCookieOf(rec))
	}
	rec = post("/api/v1/aggregates", "application/json", `{"rows": [`, "Authorization", "Bearer "+token)
	if rec.Code < 400 || rec.Header().Get(positionHeader) != "" {
		t.Errorf("a refused API write answered %d with the header %q; want an error without it", rec.Code, rec.Header().Get(positionHeader))
	}

	req := httptest.NewRequest("POST", "/members/1/data", nil)
	streamed := httptest.NewRecorder()
	w := srv.tellPosition(streamed, req)
	w.Write([]byte("{}"))
	if streamed.Code != http.StatusOK || streamed.Header().Get(positionHeader) == "" {
		t.Errorf("a response written without a status: %d, header %q", streamed.Code, streamed.Header().Get(positionHeader))
	}
	failed := httptest.NewRecorder()
	w = srv.tellPosition(failed, req)
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte("lỗi"))
	if failed.Header().Get(positionHeader) != "" {
		t.Errorf("a response that starts with an error has the header %q", failed.Header().Get(positionHeader))
	}
}
