package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// storedAs is the stored value of one basis; nil when there is none.
func (w *writeWorld) storedAs(ref, per, ind, basis string) *float64 {
	w.t.Helper()
	r, _ := units.ParseRef(ref)
	u, err := w.tree.Resolve(r.Level, r.Code, writeNow)
	if err != nil {
		w.t.Fatal(err)
	}
	var v float64
	if err := w.db.QueryRow(context.Background(), `SELECT value FROM aggregate_values WHERE unit_id = ? AND period = ? AND indicator = ? AND basis = ?`,
		u.ID, per, ind, basis).Scan(&v); err != nil {
		return nil
	}
	return &v
}

// The form says which figures it takes; the commune's own figures and its
// totals are entered apart, sent together and approved as what they are.
func TestEntryFormTakesTheUnitsTotalsOrTheAssociationsOwnFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		form := "/entry/" + w.dlComm + "/2026H2"
		wantStatus(t, "the choice", w.get("xa", form), 200, vi.BasisTotal, vi.BasisOwn,
			`name="basis" value="total" checked`, `<input type="hidden" name="basis" value="total">`)
		wantStatus(t, "own form", w.get("xa", form+"?basis=own"), 200,
			`name="basis" value="own" checked`, `<input type="hidden" name="basis" value="own">`, `id="entry-basis-now">`+vi.BasisOwn)
		wantStatus(t, "bad basis", w.get("xa", form+"?basis=both"), 400, "loại số liệu")

		rec := w.post("xa", form, url.Values{"action": {"save"}, "basis": {"own"}, "fund.raised": {"500"}})
		wantStatus(t, "save own", rec, 303)
		if loc := rec.Header().Get("Location"); loc != form+"?basis=own&done=saved" {
			t.Errorf("after saving own figures: %q", loc)
		}
		wantStatus(t, "save totals", w.post("xa", form, url.Values{"action": {"submit"}, "fund.raised": {"3000"}, "members.total": {"2600"}}), 303)
		// Each view shows its own figures and counts the other's.
		wantStatus(t, "own view", w.get("xa", form+"?basis=own"), 200, `value="500"`, `id="entry-others"`)
		wantStatus(t, "bad basis posted", w.post("xa", form, url.Values{"action": {"save"}, "basis": {"riêng"}, "fund.raised": {"1"}}), 400, "loại số liệu")

		wantStatus(t, "approve", w.post("dl", form+"/approve", nil), 303)
		if v := w.storedAs(w.dlComm, "2026H2", "fund.raised", "own"); v == nil || *v != 500 {
			t.Errorf("approved own fund %v, want 500", v)
		}
		if v := w.storedAs(w.dlComm, "2026H2", "fund.raised", "total"); v == nil || *v != 3000 {
			t.Errorf("approved total fund %v, want 3000", v)
		}
		if v := w.storedAs(w.dlComm, "2026H2", "members.total", "own"); v != nil {
			t.Errorf("a total was approved as an own figure: %v", *v)
		}
	})
}
