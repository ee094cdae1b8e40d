package fund_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

var (
	ctx = context.Background()
	// now is the fixed clock of the tests: 3 July 2026, in Vietnam's morning.
	now = time.Date(2026, 7, 3, 2, 0, 0, 0, time.UTC)
)

// fixture is a database with a commune of Hà Nội (Ba Đình), a neighbour
// commune, their province and the people who act on them.
type fixture struct {
	db                  *store.DB
	tree                *units.Tree
	province            *units.Unit
	commune, neighbour  *units.Unit
	admin               auth.Principal // the local administrator
	officer, neighbourO auth.Principal // commune officers
	provinceO           auth.Principal // an officer of the province
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, tree: tree, admin: auth.LocalAdmin("thuquy")}
	at := units.Day(now)
	if f.province, err = tree.Resolve(units.Province, "01", at); err != nil {
		t.Fatal(err)
	}
	if f.commune, err = tree.Resolve(units.Commune, "00004", at); err != nil {
		t.Fatal(err)
	}
	for _, c := range tree.Children(f.province.ID, at) {
		if c.ID != f.commune.ID {
			f.neighbour = c
			break
		}
	}
	user := func(email string, role auth.Role, u *units.Unit) auth.Principal {
		usr, err := auth.CreateUser(ctx, db, auth.NewUser{Email: email, Name: email, Role: role, ScopeUnitID: u.ID, Password: "mật khẩu dài"}, now)
		if err != nil {
			t.Fatal(err)
		}
		return auth.ForUser(tree, usr, audit.ViaAPI)
	}
	f.officer = user("thuquy@badinh.vn", auth.Officer, f.commune)
	f.neighbourO = user("thuquy@langben.vn", auth.Officer, f.neighbour)
	f.provinceO = user("tinh@hanoi.vn", auth.Officer, f.province)
	return f
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// receipt records a receipt in the commune as its officer.
func (f *fixture) receipt(t *testing.T, amount int64, on string, key string) fund.Entry {
	t.Helper()
	e, _, err := fund.Record(ctx, f.db, f.tree, f.officer, fund.NewEntry{UnitID: f.commune.ID, Kind: fund.Receipt, Amount: amount,
		Day: date(on), Party: "Ông Nguyễn Văn Bình", PartyKind: "person", Key: key}, now)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (f *fixture) balance(t *testing.T, u *units.Unit, on string) int64 {
	t.Helper()
	b, err := fund.Balance(ctx, f.db, f.tree, f.admin, u.ID, date(on))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (f *fixture) count(t *testing.T) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(ctx, "SELECT COUNT(*) FROM fund_entries").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestReceiptsAndPaymentsAreNumberedPerUnitSeriesAndYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.receipt(t, 1_500_000, "2025-12-30", "")
		b := f.receipt(t, 2_000_000, "2026-01-05", "")
		c := f.receipt(t, 500_000, "2026-02-01", "")
		p, _, err := fund.Record(ctx, db, f.tree, f.officer, fund.NewEntry{UnitID: f.commune.ID, Kind: fund.Payment, Amount: 1_000_000,
			Day: date("2026-03-01"), Party: "Em Lê Thị Hoa", Purpose: "scholarship"}, now)
		if err != nil {
			t.Fatal(err)
		}
		other, _, err := fund.Record(ctx, db, f.tree, f.neighbourO, fund.NewEntry{UnitID: f.neighbour.ID, Kind: fund.Receipt, Amount: 100_000,
			Day: date("2026-02-01"), Party: "Dòng họ Trần", PartyKind: "clan"}, now)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{a.Number, b.Number, c.Number, p.Number, other.Number}
		want := []string{"PT-2025-0001", "PT-2026-0001", "PT-2026-0002", "PC-2026-0001", "PT-2026-0001"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("numbers %v, want %v", got, want)
		}
		if p.CreatedBy != "thuquy@badinh.vn" || !p.CreatedAt.Equal(now) {
			t.Errorf("payment recorded by %q at %v", p.CreatedBy, p.CreatedAt)
		}
		if got := f.balance(t, f.commune, "2026-02-28"); got != 4_000_000 {
			t.Errorf("balance before the payment %d, want 4000000", got)
		}
		if got := f.balance(t, f.commune, "2026-07-03"); got != 3_000_000 {
			t.Errorf("balance %d, want 3000000", got)
		}
		es, err := fund.Entries(ctx, db, f.tree, f.admin, f.commune.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, e := range es {
			sum += e.Signed()
		}
		if sum != 3_000_000 {
			t.Errorf("sum of entries %d", sum)
		}
		// Each entry has its audit line, by its author.
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = ? AND unit_id = ? AND actor = ?",
			audit.ActionFundEntry, f.commune.ID, "thuquy@badinh.vn").Scan(&n); err != nil || n != 4 {
			t.Errorf("%d audit entries (%v), want 4", n, err)
		}
	})
}

func TestBadEntriesRecordNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.receipt(t, 1_000_000, "2026-01-10", "")
		base := fund.NewEntry{UnitID: f.commune.ID, Kind: fund.Receipt, Amount: 100_000, Day: date("2026-02-01"), Party: "Bà Hoa"}
		cases := []struct {
			name   string
			change func(n *fund.NewEntry)
			by     auth.Principal
			code   apperr.Code
		}{
			{"zero", func(n *fund.NewEntry) { n.Amount = 0 }, f.officer, apperr.Invalid},
			{"negative", func(n *fund.NewEntry) { n.Amount = -5 }, f.officer, apperr.Invalid},
			{"unknown unit", func(n *fund.NewEntry) { n.UnitID = 1 << 40 }, f.officer, apperr.NotFound},
			{"a day to come", func(n *fund.NewEntry) { n.Day = date("2026-07-04") }, f.officer, apperr.Invalid},
			{"before the commune existed", func(n *fund.NewEntry) { n.Day = date("2025-06-30") }, f.officer, apperr.Invalid},
			{"no donor", func(n *fund.NewEntry) { n.Party = " " }, f.officer, apperr.Invalid},
			{"in kind without items", func(n *fund.NewEntry) { n.Means = fund.InKind }, f.officer, apperr.Invalid},
			{"unknown means", func(n *fund.NewEntry) { n.Means = "gold" }, f.officer, apperr.Invalid},
			{"unknown programme", func(n *fund.NewEntry) { n.Programme = "HB2026" }, f.officer, apperr.NotFound},
			{"a neighbour's officer", func(n *fund.NewEntry) {}, f.neighbourO, apperr.NotFound},
			{"beyond the balance", func(n *fund.NewEntry) { n.Kind, n.Amount, n.Party = fund.Payment, 1_000_001, "Em Hoa" }, f.officer, apperr.Conflict},
			// The balance falls on a later day if a payment is dated before
			// the receipt that covers it.
			{"beyond a later balance", func(n *fund.NewEntry) {
				n.Kind, n.Amount, n.Party, n.Day = fund.Payment, 10, "Em Hoa", date("2026-01-09")
			}, f.officer, apperr.Conflict},
			{"an overdraft by a commune officer", func(n *fund.NewEntry) {
				n.Kind, n.Amount, n.Party, n.Overdraft = fund.Payment, 2_000_000, "Em Hoa", "học bổng khẩn cấp"
			}, f.officer, apperr.Forbidden},
		}
		for _, c := range cases {
			n := base
			c.change(&n)
			_, _, err := fund.Record(ctx, db, f.tree, c.by, n, now)
			if apperr.CodeOf(err) != c.code {
				t.Errorf("%s: %v (code %s), want %s", c.name, err, apperr.CodeOf(err), c.code)
			}
		}
		for _, s := range []string{"0", "-100", "1500,5", "1.5", "12.34.567", "abc", ""} {
			if _, err := fund.ParseAmount(s); apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("ParseAmount(%q): %v", s, err)
			}
		}
		// The amounts are read by number.Parse, as every figure people
		// type: the spaces a spreadsheet groups with (no-break, narrow
		// no-break) too; English grouping is no amount.
		for _, s := range []string{"1,500,000", "1 500.000", "12e"} {
			if _, err := fund.ParseAmount(s); apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "ghi số đồng nguyên") {
				t.Errorf("ParseAmount(%q): %v", s, err)
			}
		}
		if _, err := fund.ParseAmount("1500000,5"); err == nil || !strings.Contains(err.Error(), "có phần lẻ") {
			t.Errorf("a fraction: %v", err)
		}
		for s, want := range map[string]int64{"1500000": 1_500_000, "1.500.000": 1_500_000, "1 500 000 đ": 1_500_000, "200.000 đồng": 200_000,
			"1\u00a0500\u00a0000": 1_500_000, "1\u202f500\u202f000 đ": 1_500_000} {
			if got, err := fund.ParseAmount(s); err != nil || got != want {
				t.Errorf("ParseAmount(%q) = %d, %v", s, got, err)
			}
		}
		if n := f.count(t); n != 1 {
			t.Errorf("%d entries after refusals, want 1", n)
		}
		// A payment beyond the balance is recorded when the province's
		// officer allows it as an overdraft with a reason.
		n := base
		n.Kind, n.Amount, n.Party, n.Overdraft = fund.Payment, 2_000_000, "Em Hoa", "học bổng khẩn cấp, tỉnh bù sau"
		e, _, err := fund.Record(ctx, db, f.tree, f.provinceO, n, now)
		if err != nil {
			t.Fatal(err)
		}
		if !e.Overdraft || e.Reason == "" || f.balance(t, f.commune, "2026-07-03") != -1_000_000 {
			t.Errorf("overdraft %+v, balance %d", e, f.balance(t, f.commune, "2026-07-03"))
		}
	})
}

func TestTheSameKeyRecordsOnceAndReturnsTheFirstEntry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		first := f.receipt(t, 300_000, "2026-03-01", "bien-lai-17")
		again, existing, err := fund.Record(ctx, db, f.tree, f.officer, fund.NewEntry{UnitID: f.commune.ID, Kind: fund.Receipt,
			Amount: 999, Day: date("2026-03-02"), Party: "Ai đó", Key: "bien-lai-17"}, now)
		if err != nil {
			t.Fatal(err)
		}
		if !existing || again.ID != first.ID || again.Number != first.Number || again.Amount != 300_000 {
			t.Errorf("second request: %+v (existing %v), want the first %s", again, existing, first.Number)
		}
		if n := f.count(t); n != 1 {
			t.Errorf("%d entries, want 1", n)
		}
	})
}

func TestAWrongReceiptIsReversedNotEdited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		good := f.receipt(t, 1_000_000, "2026-03-01", "")
		wrong := f.receipt(t, 5_000_000, "2026-03-02", "")
		rev, err := fund.Reverse(ctx, db, f.tree, f.officer, fund.Reversing{UnitID: f.commune.ID, Number: strings.ToLower(wrong.Number),
			Reason: "ghi nhầm số tiền", Day: date("2026-03-05")}, now)
		if err != nil {
			t.Fatal(err)
		}
		if rev.Number != "DC-2026-0001" || rev.ReversesID != wrong.ID || rev.Signed() != -5_000_000 {
			t.Errorf("reversal %+v", rev)
		}
		if got := f.balance(t, f.commune, "2026-03-04"); got != 6_000_000 {
			t.Errorf("balance before the reversal %d: the wrong receipt stands until it is reversed", got)
		}
		if got := f.balance(t, f.commune, "2026-03-05"); got != 1_000_000 {
			t.Errorf("balance %d, want 1000000", got)
		}
		// Neither a reversal nor an entry already reversed can be reversed.
		for _, num := range []string{rev.Number, wrong.Number} {
			_, err := fund.Reverse(ctx, db, f.tree, f.officer, fund.Reversing{UnitID: f.commune.ID, Number: num, Reason: "thử"}, now)
			if apperr.CodeOf(err) != apperr.Conflict {
				t.Errorf("reverse %s: %v", num, err)
			}
		}
		for _, r := range []fund.Reversing{
			{UnitID: f.commune.ID, Number: good.Number},                                       // no reason
			{UnitID: f.commune.ID, Number: "PT-2026-0099", Reason: "x"},                       // no such entry
			{UnitID: f.commune.ID, Number: "PT/2026/1", Reason: "x"},                          // malformed
			{UnitID: f.commune.ID, Number: good.Number, Reason: "x", Day: date("2026-02-01")}, // before its entry
			{UnitID: f.neighbour.ID, Number: good.Number, Reason: "x"},                        // another unit's ledger
		} {
			if _, err := fund.Reverse(ctx, db, f.tree, f.officer, r, now); err == nil {
				t.Errorf("reversal %+v accepted", r)
			}
		}
		if n := f.count(t); n != 3 {
			t.Errorf("%d entries, want 3", n)
		}
		// The stored receipt is as it was.
		es, _ := fund.Entries(ctx, db, f.tree, f.admin, f.commune.ID)
		if es[1].Amount != 5_000_000 || es[1].ReversedBy != rev.ID {
			t.Errorf("reversed receipt now %+v", es[1])
		}
	})
}

func TestAnEntryInAClosedPeriodIsRefusedNamingWhoClosedIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		h1 := period.MustParse("2026H1")
		f.receipt(t, 1_000_000, "2026-03-01", "")
		if err := fund.ClosePeriod(ctx, db, f.tree, f.officer, f.commune.ID, h1, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("closing before the report is approved: %v", err)
		}
		if err := entry.SaveDraft(ctx, db, f.tree, f.officer, f.commune.ID, h1, map[string]string{"members.total": "120"}, now); err != nil {
			t.Fatal(err)
		}
		if err := entry.Submit(ctx, db, f.tree, f.officer, f.commune.ID, h1, now); err != nil {
			t.Fatal(err)
		}
		if err := entry.Approve(ctx, db, f.tree, f.provinceO, f.commune.ID, h1, now); err != nil {
			t.Fatal(err)
		}
		if err := fund.ClosePeriod(ctx, db, f.tree, f.officer, f.commune.ID, h1, now); err != nil {
			t.Fatal(err)
		}
		_, _, err := fund.Record(ctx, db, f.tree, f.officer, fund.NewEntry{UnitID: f.commune.ID, Kind: fund.Receipt, Amount: 1,
			Day: date("2026-06-30"), Party: "Bà Hoa"}, now)
		if apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(err.Error(), "6 tháng đầu năm 2026") || !strings.Contains(err.Error(), "thuquy@badinh.vn") {
			t.Errorf("entry in the closed half-year: %v", err)
		}
		if _, err := fund.Reverse(ctx, db, f.tree, f.officer, fund.Reversing{UnitID: f.commune.ID, Number: "PT-2026-0001", Reason: "x", Day: date("2026-06-30")}, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("reversal in the closed half-year: %v", err)
		}
		// July is open.
		f.receipt(t, 1, "2026-07-01", "")
		// Reopening is the parent's: the commune's officer may not.
		if err := fund.ReopenPeriod(ctx, db, f.tree, f.officer, f.commune.ID, h1, "sửa sai", now); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("reopen by the commune: %v", err)
		}
		if err := fund.ReopenPeriod(ctx, db, f.tree, f.provinceO, f.commune.ID, h1, "", now); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("reopen without a reason: %v", err)
		}
		if err := fund.ReopenPeriod(ctx, db, f.tree, f.provinceO, f.commune.ID, h1, "bổ sung phiếu thu sót", now); err != nil {
			t.Fatal(err)
		}
		f.receipt(t, 1, "2026-06-30", "")
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action IN (?, ?) AND unit_id = ?", audit.ActionFundClose, audit.ActionFundReopen, f.commune.ID).Scan(&n); err != nil || n != 2 {
			t.Errorf("%d audit entries of closing and reopening (%v)", n, err)
		}
	})
}

func TestTransfersArePairedAndReversedTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.receipt(t, 1_000_000, "2026-03-01", "")
		out, in, err := fund.Transfer(ctx, db, f.tree, f.officer, fund.NewTransfer{FromID: f.commune.ID, ToID: f.province.ID,
			Amount: 400_000, Day: date("2026-03-10"), Means: fund.Bank, Key: "nop-tinh-2026"}, now)
		if err != nil {
			t.Fatal(err)
		}
		if out.Number != "PC-2026-0001" || in.Number != "PT-2026-0001" || out.PairID != in.ID || in.PairID != out.ID {
			t.Errorf("transfer %+v / %+v", out, in)
		}
		if _, _, err := fund.Transfer(ctx, db, f.tree, f.officer, fund.NewTransfer{FromID: f.commune.ID, ToID: f.province.ID,
			Amount: 700_000, Day: date("2026-03-10")}, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("transfer beyond the balance: %v", err)
		}
		if got := f.balance(t, f.commune, "2026-07-03") + f.balance(t, f.province, "2026-07-03"); got != 1_000_000 {
			t.Errorf("the two funds hold %d together, want 1000000", got)
		}
		if _, err := fund.Reverse(ctx, db, f.tree, f.officer, fund.Reversing{UnitID: f.commune.ID, Number: out.Number, Reason: "nộp nhầm"}, now); err != nil {
			t.Fatal(err)
		}
		if c, p := f.balance(t, f.commune, "2026-07-03"), f.balance(t, f.province, "2026-07-03"); c != 1_000_000 || p != 0 {
			t.Errorf("after the reversal: commune %d, province %d", c, p)
		}
	})
}

// TestConcurrentReceiptsGetNumbersWithoutGapsOrDuplicates records receipts
// from many goroutines at once, some repeating a key, and checks the
// numbers run 1..n in each series with each key recorded once.
func TestConcurrentReceiptsGetNumbersWithoutGapsOrDuplicates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		const workers, each = 10, 4
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					unit := f.commune
					if w%3 == 0 {
						unit = f.neighbour
					}
					// Workers 1 and 2 send the same keys: each is recorded once.
					key := fmt.Sprintf("w%d-%d", w, i)
					if w == 2 {
						key = fmt.Sprintf("w1-%d", i)
					}
					_, _, err := fund.Record(ctx, db, f.tree, f.admin, fund.NewEntry{UnitID: unit.ID, Kind: fund.Receipt, Amount: int64(1000 + i),
						Day: date("2026-05-01"), Party: "Nhà hảo tâm", Key: key}, now)
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		rows, err := db.Query(ctx, "SELECT unit_id, seq FROM fund_entries ORDER BY unit_id, seq")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		seqs := map[int64][]int{}
		for rows.Next() {
			var u int64
			var s int
			if err := rows.Scan(&u, &s); err != nil {
				t.Fatal(err)
			}
			seqs[u] = append(seqs[u], s)
		}
		total := 0
		for u, ss := range seqs {
			sort.Ints(ss)
			for i, s := range ss {
				if s != i+1 {
					t.Errorf("unit %d: numbers %v, want 1..%d", u, ss, len(ss))
					break
				}
			}
			total += len(ss)
		}
		if total != (workers-1)*each {
			t.Errorf("%d entries, want %d (one key set sent twice)", total, (workers-1)*each)
		}
	})
}
