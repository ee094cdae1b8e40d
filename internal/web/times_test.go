package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestPagesShowTimesInVietnamTime saves, submits and approves a form at
// 20:30 UTC on 1 March 2026, which is 03:30 on 2 March in Vietnam: the
// entry form, the approvals queue and the audit log all say 02/03/2026
// 03:30, and the audit filter's days are Vietnamese days.
func TestPagesShowTimesInVietnamTime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		stamp := time.Date(2026, 3, 1, 20, 30, 0, 123456789, time.UTC)
		w.h = testHandler(t, db, stamp)
		const shown = "02/03/2026 03:30"
		form := "/entry/" + w.dlComm + "/2025H2"
		wantStatus(t, "save", w.post("xa", form, url.Values{"action": {"save"}, "population.total": {"12100"}}), 303)
		wantStatus(t, "form after saving", w.get("xa", form), 200, shown)
		wantStatus(t, "submit", w.post("xa", form, url.Values{"action": {"submit"}, "population.total": {"12100"}}), 303)
		wantStatus(t, "approvals", w.get("dl", "/approvals"), 200, shown)
		wantStatus(t, "approve", w.post("dl", form+"/approve", url.Values{"next": {"/approvals"}}), 303)
		wantStatus(t, "form after approval", w.get("xa", form), 200, shown)
		wantStatus(t, "audit", w.get("dladmin", "/audit"), 200, shown)
		for _, page := range []string{w.get("xa", form).Body.String(), w.get("dladmin", "/audit").Body.String()} {
			if strings.Contains(page, "01/03/2026") || strings.Contains(page, "20:30") {
				t.Errorf("a page shows the UTC time:\n%.2000s", page)
			}
		}
		// The change was on 2 March in Vietnam: a filter on that day finds
		// it, one on 1 March does not.
		wantStatus(t, "audit of 2 March", w.get("dladmin", "/audit?from=2026-03-02&to=2026-03-02"), 200, shown)
		wantStatus(t, "audit of 1 March", w.get("dladmin", "/audit?from=2026-03-01&to=2026-03-01"), 200, "Không có thay đổi nào phù hợp")
		storedTimesAreOneEncoding(t, db)
	})
}

// storedTimeColumns are every column of the schema that holds an instant.
var storedTimeColumns = map[string][]string{
	"imports":               {"imported_at"},
	"aggregate_history":     {"changed_at"},
	"users":                 {"created_at", "updated_at"},
	"sessions":              {"created_at", "expires_at", "last_seen_at"},
	"api_tokens":            {"created_at", "last_used_at", "revoked_at"},
	"login_attempts":        {"at"},
	"audit_log":             {"at"},
	"submissions":           {"updated_at", "submitted_at", "approved_at"},
	"lineage_share_history": {"changed_at"},
	"schema_migrations":     {"applied_at"},
}

// storedTimesAreOneEncoding checks that every stored instant is UTC RFC
// 3339 text to the second (docs/storage.md), and that the tables a page
// write touches hold some.
func storedTimesAreOneEncoding(t *testing.T, db *store.DB) {
	t.Helper()
	form := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
	seen := map[string]int{}
	for table, cols := range storedTimeColumns {
		for _, col := range cols {
			rows, err := db.Query(context.Background(), "SELECT "+col+" FROM "+table+" WHERE "+col+" IS NOT NULL")
			if err != nil {
				t.Fatalf("%s.%s: %v", table, col, err)
			}
			for rows.Next() {
				var v string
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				seen[table]++
				if !form.MatchString(v) {
					t.Errorf("%s.%s holds %q, not UTC RFC 3339 to the second", table, col, v)
				}
			}
			rows.Close()
		}
	}
	for _, table := range []string{"imports", "users", "sessions", "audit_log", "submissions", "schema_migrations"} {
		if seen[table] == 0 {
			t.Errorf("no time stored in %s: the check proves nothing there", table)
		}
	}
}
