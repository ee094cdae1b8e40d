package entry

import (
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// A form holds the unit's totals and its association's own figures apart:
// each is saved, shown and approved as what it is, the draft starts from
// both published sets, and an unlock brings both back.
func TestFormKeepsTotalsAndOwnFiguresApartThroughApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		importRows(t, db,
			aggregate.Row{Period: "2026H1", Level: "commune", Code: "00004", Indicator: "agreements.partners", Value: "9"},
			aggregate.Row{Period: "2026H1", Level: "commune", Code: "00004", Indicator: "agreements.partners", Value: "4", Basis: "own"})
		own, err := LoadAs(ctx, db, f.tree, f.commune.ID, h1, rollup.Own)
		must(t, err)
		if own.Basis != rollup.Own || own.Values["agreements.partners"] != 4 || own.Others != 1 {
			t.Errorf("own form before any draft: basis %v, values %v, others %d", own.Basis, own.Values, own.Others)
		}
		must(t, SaveDraftAs(ctx, db, f.tree, f.xa, f.commune.ID, h1, rollup.Own, map[string]string{"fund.raised": "500"}, t0))
		f.save(t, map[string]string{"fund.raised": "2000"}, t0.Add(time.Minute))
		tot := f.load(t)
		if tot.Values["fund.raised"] != 2000 || tot.Values["agreements.partners"] != 9 || tot.Others != 2 {
			t.Errorf("total form: %v, others %d", tot.Values, tot.Others)
		}
		own, err = LoadAs(ctx, db, f.tree, f.commune.ID, h1, rollup.Own)
		must(t, err)
		if own.Values["fund.raised"] != 500 || own.Values["agreements.partners"] != 4 || len(own.Values) != 2 {
			t.Errorf("own form: %v", own.Values)
		}
		// The audit entry of an own field names the basis.
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'entry.save' AND indicator = 'fund.raised' AND detail LIKE ?`, "Số liệu riêng%"); n != 1 {
			t.Errorf("%d audit entries name the own figure, want 1", n)
		}
		// Approval writes each as what it is.
		must(t, Submit(ctx, db, f.tree, f.xa, f.commune.ID, h1, t0.Add(2*time.Minute)))
		must(t, Approve(ctx, db, f.tree, f.tinh, f.commune.ID, h1, t0.Add(time.Hour)))
		stored := func(ind, basis string) float64 {
			t.Helper()
			var v float64
			must(t, db.QueryRow(ctx, `SELECT value FROM aggregate_values WHERE unit_id = ? AND period = '2026H1' AND indicator = ? AND basis = ?`,
				f.commune.ID, ind, basis).Scan(&v))
			return v
		}
		if a, b := stored("fund.raised", "total"), stored("fund.raised", "own"); a != 2000 || b != 500 {
			t.Errorf("approved fund: total %v, own %v", a, b)
		}
		rep, err := report.Build(ctx, db, hanoi, h1)
		must(t, err)
		if v := rep.Indicators["fund.raised"]; v.Value == nil || *v.Value != 2000 || v.Own != nil {
			t.Errorf("Hà Nội's fund %v own %v: the commune's total wins over its own part and the province has no own part", v.Value, v.Own)
		}
		for _, c := range rep.Children {
			if c.Code == "00004" {
				if v := c.Indicators["fund.raised"]; v.Own == nil || *v.Own != 500 {
					t.Errorf("the commune's own part in the province's report: %v", v.Own)
				}
			}
		}
		// An unlock brings both sets back into the draft.
		must(t, Unlock(ctx, db, f.tree, f.tinh, f.commune.ID, h1, "sửa lại", t0.Add(2*time.Hour)))
		if n := count(t, db, `SELECT COUNT(*) FROM submission_values WHERE unit_id = ? AND basis = 'own'`, f.commune.ID); n != 2 {
			t.Errorf("%d own fields in the unlocked draft, want 2", n)
		}
	})
}

// A file's own rows sent by the unit's own officer fill the own fields of
// its form.
func TestMergeDraftKeepsTheBasisOfEachValue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		var res DraftResult
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			res, err = MergeDraft(ctx, tx, f.tree, f.xa, f.commune.ID, h1, []aggregate.Value{
				{Indicator: "fund.raised", Value: 700},
				{Indicator: "fund.raised", Value: 100, Basis: rollup.Own},
			}, "so-lieu.csv", t0)
			return err
		})
		must(t, err)
		if res.Inserted != 2 {
			t.Errorf("result %+v, want two fields inserted", res)
		}
		own, err := LoadAs(ctx, db, f.tree, f.commune.ID, h1, rollup.Own)
		must(t, err)
		if own.Values["fund.raised"] != 100 || f.load(t).Values["fund.raised"] != 700 {
			t.Errorf("own %v, total %v", own.Values, f.load(t).Values)
		}
	})
}
