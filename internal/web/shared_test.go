package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestTwoServersOnOneDatabaseSeeEachOthersWrites runs two servers, each
// with its own connection to the database as two `serve` processes would
// have: a report read through the second is memoized, a write goes through
// the first, and the second's next report has it, since the figures
// counter that keys the memo lives in the database and is read on every
// request.
func TestTwoServersOnOneDatabaseSeeEachOthersWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		other, err := store.Open(context.Background(), db.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		second := testHandler(t, other, apiNow)
		report := func(scope string) string {
			t.Helper()
			req := httptest.NewRequest("GET", "/api/v1/reports?scope="+url.QueryEscape(scope)+"&period=2026H1", nil)
			req.Header.Set("Authorization", "Bearer "+w.tok["admin"])
			rec := httptest.NewRecorder()
			second.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("report %s: %d\n%s", scope, rec.Code, rec.Body)
			}
			return rec.Body.String()
		}
		commune, province := report(w.dlComm), report(w.dl)
		if strings.Contains(commune, "7777777") || report(w.dl) != province {
			t.Fatalf("before the write: the commune's report has the value, or the province's is not stable")
		}
		if rec := w.call("admin", "POST", "/api/v1/aggregates", rowBody(row("2026H1", w.dlComm, "members.total", "7777777"))); rec.Code != http.StatusOK {
			t.Fatalf("write through the first server: %d\n%s", rec.Code, rec.Body)
		}
		if !strings.Contains(report(w.dlComm), "7777777") {
			t.Error("the second server's report of the commune lacks the value written through the first")
		}
		if report(w.dl) == province {
			t.Error("the second server's report of the province did not change after the write through the first")
		}
	})
}
