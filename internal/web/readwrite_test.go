package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// Pages are read while an import holds the database for writing (here a
// transaction of another process, left open): they answer at once, though
// the signed-in session is due to have its last-seen time noted, a write
// that then waits for a later request.
func TestPagesAnswerWhileAnotherWriterHoldsTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newPageWorld(t, db)
		later := pageNow.Add(time.Hour) // past the once-a-minute note
		h := testHandler(t, db, later)

		release := storetest.HoldWrite(t, db.URL)

		get := func(target string) int {
			// Were the page to wait for the writer it would end, after the
			// busy timeout, with 503 — or with this context's end.
			rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			defer cancel()
			req := httptest.NewRequest("GET", target, nil).WithContext(rctx)
			req.AddCookie(&http.Cookie{Name: "kh_session", Value: w.cookie["dl"]})
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code
		}
		for _, target := range []string{"/", "/report?scope=province:66&period=2026H2", "/units/province:66"} {
			if code := get(target); code != http.StatusOK {
				t.Errorf("%s during a write: status %d, want 200", target, code)
			}
		}
		if err := release(); err != nil {
			t.Fatal(err)
		}
		if code := get("/"); code != http.StatusOK {
			t.Errorf("after the write: status %d", code)
		}
		var seen string
		if err := db.QueryRow(ctx, "SELECT MAX(last_seen_at) FROM sessions").Scan(&seen); err != nil {
			t.Fatal(err)
		}
		if want := later.UTC().Format(time.RFC3339); seen < want[:16] {
			t.Errorf("last seen %s, want the later request's time %s noted once the writer was gone", seen, want)
		}
	})
}
