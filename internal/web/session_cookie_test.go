package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestSessionCookieLifetimeIsRelative checks that the session cookie tells
// the browser how long to keep it (Max-Age) rather than until when
// (Expires): the browser counts Max-Age on its own clock, so a server clock
// years away from the browser's, as in tests with a fixed clock or on a
// machine whose clock is wrong, still gives a working session.
func TestSessionCookieLifetimeIsRelative(t *testing.T) {
	db := storetest.SQLite(t)
	tree, err := units.LoadTree(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, now := range []time.Time{
		time.Date(1999, 1, 2, 3, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC),
		time.Date(2090, 6, 1, 12, 0, 0, 0, time.UTC),
	} {
		province, err := tree.Resolve(units.Province, "66", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		email := "tinh" + now.Format("2006") + "@test.vn"
		createTestUser(t, db, email, "Cán bộ tỉnh", auth.Officer, province, now)
		h := testHandler(t, db, now)
		req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"email": {email}, "password": {testPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://example.com")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("sign-in with the clock at %s: %d\n%s", now, rec.Code, rec.Body)
		}
		var got *http.Cookie
		for _, c := range rec.Result().Cookies() {
			if c.Name == "kh_session" {
				got = c
			}
		}
		if got == nil || got.Value == "" {
			t.Fatalf("no session cookie: %v", rec.Result().Cookies())
		}
		if got.MaxAge != int(auth.SessionTTL/time.Second) {
			t.Errorf("clock at %s: Max-Age %d, want the session's %v", now, got.MaxAge, auth.SessionTTL)
		}
		if raw := rec.Header().Get("Set-Cookie"); strings.Contains(raw, "Expires=") {
			t.Errorf("clock at %s: the cookie carries a date from the server's clock: %s", now, raw)
		}
	}
}
