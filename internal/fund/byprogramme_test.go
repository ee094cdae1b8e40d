package fund_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestAwardsArePaidUnderEachProgrammeInTheReports: the province's
// programme is paid by two communes, the commune's own programme by the
// commune; a payment reversed in the period does not count, one of
// another period neither. The commune's fund reads its own payments under
// each programme by name (the province's among them), the province's the
// sum of its communes', and the province's report has the table; a unit
// outside the reader's scope is not found.
func TestAwardsArePaidUnderEachProgrammeInTheReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, u := range []*units.Unit{f.commune, f.neighbour} {
			if _, _, err := fund.Record(ctx, db, f.tree, f.admin, fund.NewEntry{UnitID: u.ID, Kind: fund.Receipt, Amount: 20_000_000,
				Day: date("2026-01-05"), Party: "Công ty Minh Phát"}, now); err != nil {
				t.Fatal(err)
			}
		}
		prov := f.programme(t, f.provinceO, f.province, "VUOTKHO", 0)
		if _, err := fund.AddProgramme(ctx, db, f.tree, f.officer, fund.NewProgramme{UnitID: f.commune.ID, Code: "HSG", Name: "Khen thưởng học sinh giỏi",
			Year: 2026}, now); err != nil {
			t.Fatal(err)
		}
		own := fund.ProgrammeRef{UnitID: f.commune.ID, Code: "HSG", Year: 2026}
		// pay pays one award of ref by payer, as the admin.
		pay := func(ref fund.ProgrammeRef, payer *units.Unit, n fund.NewAward, on string) fund.Entry {
			t.Helper()
			n.UnitID = payer.ID
			return f.payAwards(t, f.admin, ref, on, n)[0]
		}
		pay(prov, f.commune, pupil(prov, "Lê Thị Hoa", "12/03/2013", 1_000_000), "2026-03-01")
		wrong := pay(prov, f.commune, pupil(prov, "Trần Văn Nam", "01/02/2012", 700_000), "2026-03-02")
		pay(prov, f.neighbour, pupil(prov, "Phạm Thu Trang", "05/05/2012", 1_500_000), "2026-04-01")
		pay(own, f.commune, pupil(own, "Đỗ Minh Quân", "09/09/2011", 500_000), "2026-05-01")
		pay(own, f.commune, pupil(own, "Vũ Thị Lan", "10/10/2011", 400_000), "2026-07-01")
		if _, err := fund.Reverse(ctx, db, f.tree, f.officer, fund.Reversing{UnitID: f.commune.ID, Number: wrong.Number, Reason: "chi nhầm",
			Day: date("2026-03-03")}, now); err != nil {
			t.Fatal(err)
		}
		h1 := period.MustParse("2026H1")
		got := func(rows []fund.ProgrammeAwards) string {
			var s []string
			for _, r := range rows {
				s = append(s, r.Name+" · "+r.Unit+" · "+itoa(r.Year)+" · "+itoa(int(r.Count))+" · "+itoa(int(r.Amount)))
			}
			return strings.Join(s, "\n")
		}
		rows, err := fund.AwardsByProgramme(ctx, db, f.tree, f.officer, f.commune.ID, h1)
		if err != nil {
			t.Fatal(err)
		}
		want := "Học bổng vượt khó · " + f.province.FullName() + " · 2026 · 1 · 1000000\n" +
			"Khen thưởng học sinh giỏi · " + f.commune.FullName() + " · 2026 · 1 · 500000"
		if g := got(rows); g != want {
			t.Errorf("the commune's programmes of 2026H1:\n%s\nwant\n%s", g, want)
		}
		rows, err = fund.AwardsByProgramme(ctx, db, f.tree, f.provinceO, f.province.ID, h1)
		if err != nil {
			t.Fatal(err)
		}
		want = "Học bổng vượt khó · " + f.province.FullName() + " · 2026 · 2 · 2500000\n" +
			"Khen thưởng học sinh giỏi · " + f.commune.FullName() + " · 2026 · 1 · 500000"
		if g := got(rows); g != want {
			t.Errorf("the province's programmes of 2026H1:\n%s\nwant\n%s", g, want)
		}
		if _, err := fund.AwardsByProgramme(ctx, db, f.tree, f.neighbourO, f.commune.ID, h1); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a neighbour reading the commune's programmes: %v", err)
		}
		// The province's report, and the nation's, have the table.
		for _, ref := range []units.Ref{{Level: units.Province, Code: f.province.Code}, {Level: units.Nation}} {
			rep, err := report.BuildWith(ctx, db, f.tree, ref, h1)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Programmes) != 2 || rep.Programmes[0].Count != 2 || rep.Programmes[0].Amount != 2_500_000 {
				t.Fatalf("%v's report lists the programmes %+v", ref, rep.Programmes)
			}
			doc, err := report.BuildDocument(rep, report.DocOptions{Today: now})
			if err != nil {
				t.Fatal(err)
			}
			var table *document.Table
			for i, a := range doc.Appendices {
				if strings.Contains(a.Title, "theo chương trình") {
					table = &doc.Appendices[i].Table
				}
			}
			if table == nil || len(table.Rows) != 3 || table.Rows[0][1].Text != "Học bổng vượt khó (2026)" || table.Rows[0][4].Text != "2.500.000" ||
				table.Rows[2][3].Text != "3" || table.Rows[2][4].Text != "3.000.000" {
				t.Errorf("%v's document: the programmes' appendix is %+v", ref, table)
			}
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
