package fund_test

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/figures"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

func num(v *float64) float64 {
	if v == nil {
		return -1
	}
	return *v
}

// TestTheProvinceReportShowsTheFundFromTheLedger: a commune treasurer
// records the gifts and pays a scholarship, the province records a gift of
// its own, and the province's report gives the fund raised, its change on
// the year before (imported, before the ledger was kept), the fund per
// resident, the fund spent and the balance, through the roll-up's
// precedence rules: a total imported at the commune for a quarter wins
// over its records for that quarter.
func TestTheProvinceReportShowsTheFundFromTheLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		agg := "period,level,code,indicator,value\n" +
			"2025H1,province,01,fund.raised,2000000\n" +
			"2026H1,province,01,population.total,1000000\n"
		if _, err := figures.WriteReader(ctx, db, f.tree, f.admin, strings.NewReader(agg), figures.Options{Source: "a.csv", Now: now}); err != nil {
			t.Fatal(err)
		}
		f.receipt(t, 2_800_000, "2026-03-02", "")
		wrong := f.receipt(t, 200_000, "2026-03-03", "")
		f.receipt(t, 200_000, "2026-03-04", "")
		if _, err := fund.Reverse(ctx, db, f.tree, f.officer, fund.Reversing{UnitID: f.commune.ID, Number: wrong.Number, Reason: "trùng", Day: date("2026-03-05")}, now); err != nil {
			t.Fatal(err)
		}
		if _, _, err := fund.Record(ctx, db, f.tree, f.officer, fund.NewEntry{UnitID: f.commune.ID, Kind: fund.Payment, Amount: 500_000,
			Day: date("2026-05-20"), Party: "Em Lê Thị Hoa", Purpose: "scholarship"}, now); err != nil {
			t.Fatal(err)
		}
		if _, _, err := fund.Record(ctx, db, f.tree, f.admin, fund.NewEntry{UnitID: f.province.ID, Kind: fund.Receipt, Amount: 1_000_000,
			Day: date("2026-04-10"), Party: "Hội đồng hương Hà Nội tại Praha", PartyKind: "hometown", Means: fund.Bank}, now); err != nil {
			t.Fatal(err)
		}
		ref := units.Ref{Level: units.Province, Code: "01"}
		rep, err := report.BuildWith(ctx, db, f.tree, ref, period.MustParse("2026H1"))
		if err != nil {
			t.Fatal(err)
		}
		in := rep.Indicators
		if v := in["fund.raised"]; num(v.Value) != 4_000_000 || num(v.Previous) != 2_000_000 || num(v.Change) != 2_000_000 {
			t.Errorf("fund.raised %v / %v / %v, want 4000000 / 2000000 / 2000000", num(v.Value), num(v.Previous), num(v.Change))
		}
		if v := in["fund.per_capita"]; num(v.Value) != 4 {
			t.Errorf("fund.per_capita %v, want 4", num(v.Value))
		}
		if v := in["fund.spent"]; num(v.Value) != 500_000 {
			t.Errorf("fund.spent %v", num(v.Value))
		}
		if v := in["fund.balance"]; num(v.Value) != 3_500_000 {
			t.Errorf("fund.balance %v", num(v.Value))
		}
		// A quarter and a month of the commune.
		for p, want := range map[string]float64{"2026Q1": 3_000_000, "2026Q2": 0, "2026-03": 3_000_000, "2026": 3_000_000} {
			r, err := report.BuildWith(ctx, db, f.tree, units.Ref{Level: units.Commune, Code: f.commune.Code}, period.MustParse(p))
			if err != nil {
				t.Fatal(err)
			}
			if got := num(r.Indicators["fund.raised"].Value); got != want {
				t.Errorf("commune %s: fund.raised %v, want %v", p, got, want)
			}
		}
		// A total imported at the commune for the first quarter wins over
		// its records for it; the province's half-year counts it.
		agg = "period,level,code,indicator,value\n2026Q1,commune," + f.commune.Code + ",fund.raised,9000000\n"
		if _, err := figures.WriteReader(ctx, db, f.tree, f.admin, strings.NewReader(agg), figures.Options{Source: "b.csv", Now: now}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"2026H1", "2026"} {
			rep, err = report.BuildWith(ctx, db, f.tree, ref, period.MustParse(p))
			if err != nil {
				t.Fatal(err)
			}
			if v := rep.Indicators["fund.raised"]; num(v.Value) != 10_000_000 {
				t.Errorf("%s after the commune's import: fund.raised %v, want 10000000", p, num(v.Value))
			}
		}
		// A receipt recorded after the import changes the province's
		// figure where it is not overridden (the second quarter).
		f.receipt(t, 50_000, "2026-06-01", "")
		rep, err = report.BuildWith(ctx, db, f.tree, ref, period.MustParse("2026H1"))
		if err != nil {
			t.Fatal(err)
		}
		if v := rep.Indicators["fund.raised"]; num(v.Value) != 10_050_000 {
			t.Errorf("after a June receipt: fund.raised %v, want 10050000", num(v.Value))
		}
		nation, err := report.BuildWith(ctx, db, f.tree, units.Ref{Level: units.Nation}, period.MustParse("2026H1"))
		if err != nil {
			t.Fatal(err)
		}
		if v := nation.Indicators["fund.raised"]; num(v.Value) != 10_050_000 {
			t.Errorf("nation fund.raised %v, want 10050000", num(v.Value))
		}
	})
}

// TestAwardsPaidAreCountedInTheReports: scholarships and prizes paid (a
// programme's awards, and a prize paid without one) count in awards.* of
// the commune and the province, and a reversed scholarship is taken back.
func TestAwardsPaidAreCountedInTheReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.receipt(t, 10_000_000, "2026-03-02", "")
		ref := f.programme(t, f.officer, f.commune, "HB2026", 0)
		paid := f.payAwards(t, f.officer, ref, "2026-05-15",
			pupil(ref, "Lê Thị Hoa", "12/03/2013", 1_000_000),
			pupil(ref, "Trần Minh Khang", "01/09/2012", 1_500_000),
			pupil(ref, "Đỗ Thu Trang", "20/11/2012", 700_000))
		if _, _, err := fund.Record(ctx, db, f.tree, f.officer, fund.NewEntry{UnitID: f.commune.ID, Kind: fund.Payment, Amount: 300_000,
			Day: date("2026-05-20"), Party: "Ông Vũ Văn Hải", Purpose: "prize", Note: "Người lớn tự học giỏi"}, now); err != nil {
			t.Fatal(err)
		}
		if _, err := fund.Reverse(ctx, db, f.tree, f.officer, fund.Reversing{UnitID: f.commune.ID, Number: paid[2].Number, Reason: "chi nhầm",
			Day: date("2026-05-21")}, now); err != nil {
			t.Fatal(err)
		}
		for _, r := range []units.Ref{{Level: units.Commune, Code: f.commune.Code}, {Level: units.Province, Code: "01"}} {
			rep, err := report.BuildWith(ctx, db, f.tree, r, period.MustParse("2026H1"))
			if err != nil {
				t.Fatal(err)
			}
			for code, want := range map[string]float64{"awards.scholarships": 2, "awards.scholarships.amount": 2_500_000,
				"awards.prizes": 1, "awards.prizes.amount": 300_000, "fund.spent": 2_800_000} {
				if got := num(rep.Indicators[code].Value); got != want {
					t.Errorf("%s %s: %v, want %v", r, code, got, want)
				}
			}
		}
	})
}

// TestTheFundsBreakdownsAreCountedFromTheLedger: the receipts of a day in
// money, in kind and as works, from each kind of donor, are the fund
// raised apart and together; the awards of a programme paid to a pupil in
// hardship, a teacher and a good pupil (whose payment is reversed) count
// by beneficiary; and the fund per resident is given on both bases, raised
// in the period (fund.per_capita) and held at its end
// (fund.per_capita.held), for the commune and the province.
func TestTheFundsBreakdownsAreCountedFromTheLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		agg := "period,level,code,indicator,value\n2026H1,commune," + f.commune.Code + ",population.total,100000\n"
		if _, err := figures.WriteReader(ctx, db, f.tree, f.admin, strings.NewReader(agg), figures.Options{Source: "a.csv", Now: now}); err != nil {
			t.Fatal(err)
		}
		gift := func(amount int64, kind string, means fund.Means) fund.Entry {
			t.Helper()
			e, _, err := fund.Record(ctx, db, f.tree, f.officer, fund.NewEntry{UnitID: f.commune.ID, Kind: fund.Receipt, Amount: amount,
				Day: date("2026-03-02"), Party: "Nhà hảo tâm", PartyKind: kind, Means: means, Items: "hiện vật"}, now)
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
		gift(2_000_000, "person", fund.Cash)
		gift(1_000_000, "clan", fund.Bank)
		gift(3_000_000, "enterprise", fund.InKind)
		gift(10_000_000, "organisation", fund.Works)
		gift(400_000, "", fund.Cash) // the donor's kind not given
		wrong := gift(500_000, "hometown", fund.Cash)
		if _, err := fund.Reverse(ctx, db, f.tree, f.officer, fund.Reversing{UnitID: f.commune.ID, Number: wrong.Number, Reason: "trùng", Day: date("2026-03-03")}, now); err != nil {
			t.Fatal(err)
		}
		ref := f.programme(t, f.officer, f.commune, "HB2026", 0)
		teacher := pupil(ref, "Phạm Thu Hà", "02/02/1985", 700_000)
		teacher.Beneficiary, teacher.School, teacher.Grade, teacher.Workplace = "teacher", "", "", "Trường Tiểu học Kim Đồng"
		good := pupil(ref, "Đỗ Minh Quân", "05/05/2012", 500_000)
		good.Beneficiary, good.AwardKind = "good_pupil", "prize"
		paid := f.payAwards(t, f.officer, ref, "2026-05-15", pupil(ref, "Lê Thị Hoa", "12/03/2013", 1_000_000), teacher, good)
		if _, err := fund.Reverse(ctx, db, f.tree, f.officer, fund.Reversing{UnitID: f.commune.ID, Number: paid[2].Number, Reason: "chi nhầm",
			Day: date("2026-05-16")}, now); err != nil {
			t.Fatal(err)
		}
		want := map[string]float64{
			"fund.raised": 16_400_000, "fund.raised.cash": 3_400_000, "fund.raised.in_kind": 3_000_000, "fund.raised.works": 10_000_000,
			"fund.raised.person": 2_000_000, "fund.raised.clan": 1_000_000, "fund.raised.enterprise": 3_000_000,
			"fund.raised.organisation": 10_000_000, "fund.raised.hometown": 0,
			"awards.pupils_hardship": 1, "awards.pupils_hardship.amount": 1_000_000, "awards.teachers": 1, "awards.teachers.amount": 700_000,
			"awards.good_pupils": 0, "awards.good_pupils.amount": 0, "awards.prizes": 0,
			"fund.spent": 1_700_000, "fund.balance": 14_700_000,
			// 16.400.000 raised and 14.700.000 held by 100.000 residents.
			"fund.per_capita": 164, "fund.per_capita.held": 147,
		}
		for _, r := range []units.Ref{{Level: units.Commune, Code: f.commune.Code}, {Level: units.Province, Code: "01"}} {
			rep, err := report.BuildWith(ctx, db, f.tree, r, period.MustParse("2026H1"))
			if err != nil {
				t.Fatal(err)
			}
			for code, w := range want {
				if got := num(rep.Indicators[code].Value); got != w {
					t.Errorf("%s %s: %v, want %v", r, code, got, w)
				}
			}
		}
	})
}

// TestAFundWithoutPaymentsSpentZeroNotNothing: a commune whose ledger holds
// receipts but no payment in a period spent 0 there (and paid no
// scholarship), which the report gives as 0, not as "no data"; a period
// before its first entry, and a commune without a ledger, still have no
// data. The first entry starts the flows, dated back or not.
func TestAFundWithoutPaymentsSpentZeroNotNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.receipt(t, 1_000_000, "2026-03-02", "")
		f.receipt(t, 500_000, "2026-04-02", "")
		commune := func(u *units.Unit, p string) map[string]report.Value {
			t.Helper()
			r, err := report.BuildWith(ctx, db, f.tree, units.Ref{Level: units.Commune, Code: u.Code}, period.MustParse(p))
			if err != nil {
				t.Fatal(err)
			}
			return r.Indicators
		}
		in := commune(f.commune, "2026H1")
		for code, want := range map[string]float64{"fund.raised": 1_500_000, "fund.spent": 0, "fund.balance": 1_500_000,
			"awards.scholarships": 0, "awards.prizes.amount": 0} {
			if v := in[code].Value; v == nil || *v != want {
				t.Errorf("the commune's %s for 2026H1 is %v, want %v", code, num(v), want)
			}
		}
		// The months before the ledger began, and a commune with none.
		if v := commune(f.commune, "2026-02")["fund.spent"].Value; v != nil {
			t.Errorf("fund.spent before the first entry is %v, want no data", *v)
		}
		if v := commune(f.neighbour, "2026H1")["fund.spent"].Value; v != nil {
			t.Errorf("the neighbour, with no ledger, spent %v, want no data", *v)
		}
		// The province sums its communes' ledgers: 0 spent, not no data.
		r, err := report.BuildWith(ctx, db, f.tree, units.Ref{Level: units.Province, Code: f.province.Code}, period.MustParse("2026H1"))
		if err != nil {
			t.Fatal(err)
		}
		if v := r.Indicators["fund.spent"].Value; v == nil || *v != 0 {
			t.Errorf("the province spent %v, want 0", num(v))
		}
		// A receipt dated back before the first entry starts the flows
		// from its own day.
		f.receipt(t, 200_000, "2026-01-15", "")
		if v := commune(f.commune, "2026-01")["fund.spent"].Value; v == nil || *v != 0 {
			t.Errorf("fund.spent of January, after a receipt dated then, is %v, want 0", num(v))
		}
	})
}

// TestTheProvinceReportGivesTheAssociationsOwnFundApart: the province
// association's own ledger is its own part of the fund of all levels (its
// communes' ledgers with it): raised and spent in the period and the
// balance at its end, said in the report's words ("toàn thành phố …, trong đó
// Hội thành phố …"); a commune, with no unit below it, has no part apart.
func TestTheProvinceReportGivesTheAssociationsOwnFundApart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.receipt(t, 3_000_000, "2026-02-02", "")
		for _, n := range []fund.NewEntry{
			{UnitID: f.province.ID, Kind: fund.Receipt, Amount: 1_000_000, Day: date("2026-03-01"), Party: "Ngân hàng X"},
			{UnitID: f.province.ID, Kind: fund.Payment, Amount: 200_000, Day: date("2026-04-01"), Party: "Em A", Purpose: "prize"},
			{UnitID: f.province.ID, Kind: fund.Receipt, Amount: 5_000_000, Day: date("2026-07-01"), Party: "Ngân hàng X"}, // the next half-year
		} {
			if _, _, err := fund.Record(ctx, db, f.tree, f.admin, n, now); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := report.BuildWith(ctx, db, f.tree, units.Ref{Level: units.Province, Code: f.province.Code}, period.MustParse("2026H1"))
		if err != nil {
			t.Fatal(err)
		}
		for code, want := range map[string][2]float64{"fund.raised": {4_000_000, 1_000_000}, "fund.spent": {200_000, 200_000},
			"fund.balance": {3_800_000, 800_000}} {
			v := rep.Indicators[code]
			if got := [2]float64{num(v.Value), num(v.Own)}; got != want {
				t.Errorf("the province's %s (all levels, own): %v, want %v", code, got, want)
			}
		}
		doc, err := report.BuildDocument(rep, report.DocOptions{Today: now})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := document.WriteText(&b, doc); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "4 triệu đồng toàn thành phố, trong đó Hội thành phố 1 triệu đồng") {
			t.Errorf("the report does not give the province association's own fund raised:\n%s", b.String())
		}
		c, err := report.BuildWith(ctx, db, f.tree, units.Ref{Level: units.Commune, Code: f.commune.Code}, period.MustParse("2026H1"))
		if err != nil {
			t.Fatal(err)
		}
		if v := c.Indicators["fund.raised"]; num(v.Value) != 3_000_000 || v.Own != nil {
			t.Errorf("the commune's fund.raised %v, own %v: want 3000000 and no part apart", num(v.Value), num(v.Own))
		}
	})
}
