package fund_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// programme adds a programme of unit u for 2026 as by.
func (f *fixture) programme(t *testing.T, by auth.Principal, u *units.Unit, code string, budget int64) fund.ProgrammeRef {
	t.Helper()
	if _, err := fund.AddProgramme(ctx, f.db, f.tree, by, fund.NewProgramme{UnitID: u.ID, Code: code, Name: "Học bổng vượt khó",
		Year: 2026, Budget: budget}, now); err != nil {
		t.Fatal(err)
	}
	return fund.ProgrammeRef{UnitID: u.ID, Code: code, Year: 2026}
}

// payAwards lists the awards ns in programme ref as by, approves them and
// pays each on day on; the payments, in the order of ns.
func (f *fixture) payAwards(t *testing.T, by auth.Principal, ref fund.ProgrammeRef, on string, ns ...fund.NewAward) []fund.Entry {
	t.Helper()
	var ids []int64
	for _, n := range ns {
		a, err := fund.AddAward(ctx, f.db, f.tree, by, n, now)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if _, err := fund.ApproveAwards(ctx, f.db, f.tree, by, ref, ids, now); err != nil {
		t.Fatal(err)
	}
	var paid []fund.Entry
	for _, id := range ids {
		e, err := fund.PayAward(ctx, f.db, f.tree, by, fund.Paying{AwardID: id, Day: date(on)}, now)
		if err != nil {
			t.Fatal(err)
		}
		paid = append(paid, e)
	}
	return paid
}

// pupil is a pupil in hardship of a school of Ba Đình, with amount.
func pupil(ref fund.ProgrammeRef, name, born string, amount int64) fund.NewAward {
	return fund.NewAward{Programme: ref, Beneficiary: "pupil_hardship", FullName: name, BirthDate: born,
		School: "Trường THCS Nguyễn Trãi", Grade: "lớp 7A", Reason: "Gia đình khó khăn, học khá", Amount: amount}
}

func TestAProgrammesRecipientsAreApprovedThenPaidOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.receipt(t, 5_000_000, "2026-05-02", "")
		ref := f.programme(t, f.officer, f.commune, "HB2026", 2_000_000)
		a, err := fund.AddAward(ctx, db, f.tree, f.officer, pupil(ref, "Lê Thị Hoa", "12/03/2013", 1_000_000), now)
		if err != nil {
			t.Fatal(err)
		}
		teacher := fund.NewAward{Programme: ref, Beneficiary: "teacher", AwardKind: "teacher_support", FullName: "Phạm Văn Đức",
			BirthDate: "1980", Workplace: "Trường Tiểu học Kim Đồng", Amount: 800_000}
		b, err := fund.AddAward(ctx, db, f.tree, f.officer, teacher, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fund.PayAward(ctx, db, f.tree, f.officer, fund.Paying{AwardID: a.ID, Day: date("2026-06-01")}, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("paying an award not approved: %v", err)
		}
		if n, err := fund.ApproveAwards(ctx, db, f.tree, f.officer, ref, nil, now); err != nil || n != 2 {
			t.Fatalf("approve: %d, %v", n, err)
		}
		// A third award would take the approved total beyond the budget.
		c, err := fund.AddAward(ctx, db, f.tree, f.officer, pupil(ref, "Trần Minh Khang", "01/09/2012", 500_000), now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fund.ApproveAwards(ctx, db, f.tree, f.officer, ref, []int64{c.ID}, now); apperr.CodeOf(err) != apperr.Conflict ||
			!strings.Contains(err.Error(), "vượt ngân sách") {
			t.Fatalf("approving beyond the budget: %v", err)
		}
		if _, err := fund.ApproveAwards(ctx, db, f.tree, f.neighbourO, ref, nil, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("a neighbour approving: %v", err)
		}
		p, err := fund.PayAward(ctx, db, f.tree, f.officer, fund.Paying{AwardID: a.ID, Day: date("2026-06-01")}, now)
		if err != nil {
			t.Fatal(err)
		}
		if p.Number != "PC-2026-0001" || p.Amount != 1_000_000 || p.Party != "Lê Thị Hoa" || p.Programme != "HB2026" || p.Purpose != "scholarship" {
			t.Fatalf("payment: %+v", p)
		}
		if _, err := fund.PayAward(ctx, db, f.tree, f.officer, fund.Paying{AwardID: a.ID, Day: date("2026-06-01")}, now); apperr.CodeOf(err) != apperr.Conflict ||
			!strings.Contains(err.Error(), "PC-2026-0001") {
			t.Fatalf("paying twice: %v", err)
		}
		if _, err := fund.PayAward(ctx, db, f.tree, f.officer, fund.Paying{AwardID: b.ID, Day: date("2026-06-02")}, now); err != nil {
			t.Fatal(err)
		}
		if got := f.balance(t, f.commune, "2026-07-01"); got != 3_200_000 {
			t.Fatalf("balance %d, want 3.200.000", got)
		}
		// A payment reversed leaves the award unpaid; it may be paid again.
		if _, err := fund.Reverse(ctx, db, f.tree, f.officer, fund.Reversing{UnitID: f.commune.ID, Number: "PC-2026-0001", Reason: "chi nhầm ngày",
			Day: date("2026-06-03")}, now); err != nil {
			t.Fatal(err)
		}
		r, err := fund.ReadRecipients(ctx, db, f.tree, f.officer, ref, false, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Awards) != 3 || r.Awards[0].Paid() || r.Awards[1].Payment != "PC-2026-0002" || r.Awards[2].Approved() {
			t.Fatalf("recipients: %+v", r.Awards)
		}
		if _, err := fund.PayAward(ctx, db, f.tree, f.officer, fund.Paying{AwardID: a.ID, Day: date("2026-06-04")}, now); err != nil {
			t.Fatalf("paying again after the reversal: %v", err)
		}
		if r.Programme.Spent != 800_000 {
			t.Fatalf("spent %d, want 800.000 after the reversal", r.Programme.Spent)
		}
	})
}

func TestTheSamePersonIsNotAwardedTwiceInAProgrammeByAnyUnit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ref := f.programme(t, f.provinceO, f.province, "VUADINH", 0)
		first := pupil(ref, "Nguyễn Văn An", "12/03/2012", 1_000_000)
		first.UnitID = f.commune.ID
		if _, err := fund.AddAward(ctx, db, f.tree, f.officer, first, now); err != nil {
			t.Fatal(err)
		}
		// The neighbour lists him without diacritics, in capitals.
		again := pupil(ref, "NGUYEN VAN  AN", "12/3/2012", 1_000_000)
		again.School, again.UnitID = "truong thcs nguyen trai", f.neighbour.ID
		_, err := fund.AddAward(ctx, db, f.tree, f.neighbourO, again, now)
		if apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(err.Error(), f.commune.FullName()) {
			t.Fatalf("the same pupil from another commune: %v", err)
		}
		// The refusal names him as first listed, not as typed again.
		if !strings.HasPrefix(err.Error(), "Nguyễn Văn An đã có trong danh sách") {
			t.Errorf("the refusal names %q", err)
		}
		// With a CCCD now: still the same name, birth date and school.
		again.CCCD = "001212012345"
		if _, err := fund.AddAward(ctx, db, f.tree, f.neighbourO, again, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("the same pupil with a CCCD: %v", err)
		}
		// An officer may not override; an admin may, with a reason.
		again.Override = "Đợt hai: gia đình gặp hỏa hoạn"
		if _, err := fund.AddAward(ctx, db, f.tree, f.neighbourO, again, now); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an officer's override: %v", err)
		}
		if _, err := fund.AddAward(ctx, db, f.tree, f.admin, again, now); err != nil {
			t.Fatalf("an admin's override: %v", err)
		}
		// The same CCCD under another name is the same person.
		other := pupil(ref, "Nguyễn Văn Ân", "12/03/2012", 1_000_000)
		other.CCCD, other.School, other.UnitID = "001212012345", "Trường THCS Lê Lợi", f.commune.ID
		if _, err := fund.AddAward(ctx, db, f.tree, f.officer, other, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("the same CCCD: %v", err)
		}
		// A namesake born another day, or in another programme, is not.
		twin := pupil(ref, "Nguyễn Văn An", "13/03/2012", 1_000_000)
		twin.UnitID = f.commune.ID
		if _, err := fund.AddAward(ctx, db, f.tree, f.officer, twin, now); err != nil {
			t.Fatal(err)
		}
		own := f.programme(t, f.officer, f.commune, "HB2026", 0)
		if _, err := fund.AddAward(ctx, db, f.tree, f.officer, pupil(own, "Nguyễn Văn An", "12/03/2012", 300_000), now); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM fund_awards").Scan(&n); err != nil || n != 4 {
			t.Fatalf("%d awards, want 4 (%v)", n, err)
		}
		// Each commune that lists recipients in the province's programme
		// reads the list: its own recipients, not its neighbour's.
		for _, c := range []struct {
			by   auth.Principal
			want []string
		}{
			{f.officer, []string{"Nguyễn Văn An", "Nguyễn Văn An"}},
			{f.neighbourO, []string{"NGUYEN VAN AN"}},
			{f.provinceO, []string{"Nguyễn Văn An", "NGUYEN VAN AN", "Nguyễn Văn An"}},
		} {
			list, err := fund.ReadRecipients(ctx, db, f.tree, c.by, ref, false, now)
			if err != nil {
				t.Fatalf("%s reads the province's list: %v", c.by.Name(), err)
			}
			var got []string
			for _, a := range list.Awards {
				got = append(got, a.FullName)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s reads %q, want %q", c.by.Name(), got, c.want)
			}
		}
		// The commune finds the province's programme among those above it;
		// its own programme is not above it.
		above, err := fund.ProgrammesAbove(ctx, db, f.tree, f.officer, f.commune.ID, 2026)
		if err != nil || len(above) != 1 || above[0].Code != "VUADINH" || above[0].UnitID != f.province.ID {
			t.Errorf("the programmes above the commune: %+v, %v", above, err)
		}
		if _, err := fund.ProgrammesAbove(ctx, db, f.tree, f.officer, f.neighbour.ID, 2026); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("the programmes above the neighbour, read by the commune: %v", err)
		}
		// Not in full: that is for a writer of the programme's unit.
		if _, err := fund.ReadRecipients(ctx, db, f.tree, f.officer, ref, true, now); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a commune reads the province's list in full: %v", err)
		}
	})
}

func TestBadRecipientsAreRefusedNamingTheField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ref := f.programme(t, f.officer, f.commune, "HB2026", 0)
		cases := []struct {
			name   string
			change func(n *fund.NewAward)
			by     auth.Principal
			code   apperr.Code
			field  string
		}{
			{"unknown kind", func(n *fund.NewAward) { n.Beneficiary = "farmer" }, f.officer, apperr.Invalid, "Đối tượng"},
			{"no name", func(n *fund.NewAward) { n.FullName = " " }, f.officer, apperr.Invalid, "Họ và tên"},
			{"no birth date", func(n *fund.NewAward) { n.BirthDate = "" }, f.officer, apperr.Invalid, "Ngày sinh"},
			{"31 April", func(n *fund.NewAward) { n.BirthDate = "31/04/2012" }, f.officer, apperr.Invalid, "Ngày sinh"},
			{"no school", func(n *fund.NewAward) { n.School = "" }, f.officer, apperr.Invalid, "Trường"},
			{"a CCCD of 11 digits", func(n *fund.NewAward) { n.CCCD = "01212012345" }, f.officer, apperr.Invalid, "CCCD"},
			{"a CCCD of another year", func(n *fund.NewAward) { n.CCCD = "001209012345" }, f.officer, apperr.Invalid, "CCCD"},
			{"zero", func(n *fund.NewAward) { n.Amount = 0 }, f.officer, apperr.Invalid, "Số tiền"},
			{"unknown programme", func(n *fund.NewAward) { n.Programme.Code = "HB2025" }, f.officer, apperr.NotFound, ""},
			{"a neighbour's officer", func(n *fund.NewAward) {}, f.neighbourO, apperr.NotFound, ""},
			{"a unit outside the programme's", func(n *fund.NewAward) { n.UnitID = f.neighbour.ID }, f.admin, apperr.Invalid, ""},
		}
		for _, c := range cases {
			n := pupil(ref, "Lê Thị Hoa", "12/03/2012", 500_000)
			c.change(&n)
			_, err := fund.AddAward(ctx, db, f.tree, c.by, n, now)
			if apperr.CodeOf(err) != c.code || !strings.Contains(err.Error(), c.field) {
				t.Errorf("%s: %v (code %s), want %s naming %q", c.name, err, apperr.CodeOf(err), c.code, c.field)
			}
		}
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM fund_awards").Scan(&n); err != nil || n != 0 {
			t.Fatalf("%d awards recorded, want none (%v)", n, err)
		}
	})
}

func TestTheRecipientListIsMaskedUnlessReadInFullAndItsExportIsLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ref := f.programme(t, f.officer, f.commune, "HB2026", 0)
		n := pupil(ref, "Lê Thị Hoa", "12/03/2012", 1_500_000)
		n.CCCD = "001312012345"
		if _, err := fund.AddAward(ctx, db, f.tree, f.officer, n, now); err != nil {
			t.Fatal(err)
		}
		masked, err := fund.ReadRecipients(ctx, db, f.tree, f.provinceO, ref, false, now)
		if err != nil {
			t.Fatal(err)
		}
		if a := masked.Awards[0]; a.CCCD != "001*******45" || a.BirthDate != "2012" {
			t.Fatalf("masked: %q %q", a.CCCD, a.BirthDate)
		}
		if _, err := fund.ReadRecipients(ctx, db, f.tree, f.neighbourO, ref, false, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("a neighbour reading: %v", err)
		}
		var buf bytes.Buffer
		if err := fund.ExportRecipients(ctx, db, f.tree, f.officer, ref, true, &buf, now); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows("Danh sách")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 5 || rows[3][1] != "Lê Thị Hoa" || rows[3][2] != "12/03/2012" || rows[3][5] != "001312012345" || rows[4][1] != "Cộng" {
			t.Fatalf("rows: %q", rows)
		}
		if !strings.Contains(rows[0][0], "HỌC BỔNG VƯỢT KHÓ NĂM 2026") {
			t.Fatalf("title: %q", rows[0][0])
		}
		var logged int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'fund.recipients'").Scan(&logged); err != nil || logged != 1 {
			t.Fatalf("%d exports logged, want 1 (%v)", logged, err)
		}
	})
}
