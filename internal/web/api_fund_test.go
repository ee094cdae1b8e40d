package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestFundAPIRecordsOnceRefusesBadEntriesAndReverses: a province officer's
// program records a receipt in a commune's fund, and the same key again
// records nothing; zero, fractional or unknown entries, a payment beyond
// the balance, another province's officer and a viewer are refused with
// nothing written; a wrong receipt is reversed, once, and stays.
func TestFundAPIRecordsOnceRefusesBadEntriesAndReverses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newAPIWorld(t, db)
		path := "/api/v1/fund/" + w.dlComm + "/entries"
		count := func() int {
			var n int
			if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM fund_entries").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		receipt := `{"kind":"receipt","amount":2000000,"day":"15/02/2026","party":"Ông Nguyễn Văn Bình","party_kind":"person","key":"bl-1"}`
		rec := w.call("dl", "POST", path, receipt)
		got := decode(t, rec)
		if rec.Code != 200 || got["number"] != "PT-2026-0001" || got["existing"] != false || got["amount"] != 2000000.0 || got["day"] != "2026-02-15" {
			t.Fatalf("receipt: %d %s", rec.Code, rec.Body)
		}
		rec = w.call("dl", "POST", path, receipt)
		if got := decode(t, rec); rec.Code != 200 || got["number"] != "PT-2026-0001" || got["existing"] != true || count() != 1 {
			t.Errorf("the same key again: %d %s, %d entries", rec.Code, rec.Body, count())
		}
		for _, c := range []struct{ who, body, want string }{
			{"dl", `{"kind":"receipt","amount":0,"party":"A","key":"k0"}`, "tiền"},
			{"dl", `{"kind":"receipt","amount":1000.5,"party":"A","key":"k1"}`, "amount"},
			{"dl", `{"kind":"gift","amount":1000,"party":"A","key":"k2"}`, "receipt (phiếu thu) hoặc payment (phiếu chi)"},
			{"dl", `{"kind":"payment","amount":5000000,"day":"16/02/2026","party":"Em Hoa","purpose":"scholarship","key":"k3"}`, "số dư"},
			{"dl", `{"kind":"receipt","amount":1000,"day":"31/02/2026","party":"A","key":"k4"}`, "31/02/2026"},
			{"gl", `{"kind":"receipt","amount":1000,"party":"A","key":"k5"}`, ""},
			{"dlviewer", `{"kind":"receipt","amount":1000,"party":"A","key":"k6"}`, ""},
		} {
			rec := w.call(c.who, "POST", path, c.body)
			if rec.Code == 200 || !strings.Contains(rec.Body.String(), c.want) {
				t.Errorf("%s %s: %d %s, want a refusal saying %q", c.who, c.body, rec.Code, rec.Body, c.want)
			}
		}
		if n := count(); n != 1 {
			t.Errorf("%d entries after the refusals, want 1", n)
		}
		rev := path + "/PT-2026-0001/reverse"
		rec = w.call("dl", "POST", rev, `{"reason":"ghi nhầm người nộp","day":"2026-02-16"}`)
		if got := decode(t, rec); rec.Code != 200 || got["number"] != "DC-2026-0001" || got["reverses"] != "PT-2026-0001" {
			t.Fatalf("reversal: %d %s", rec.Code, rec.Body)
		}
		if rec := w.call("dl", "POST", rev, `{"reason":"lần nữa"}`); rec.Code == 200 || count() != 2 {
			t.Errorf("a second reversal: %d %s, %d entries", rec.Code, rec.Body, count())
		}
	})
}
