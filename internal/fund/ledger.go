package fund

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// LockSpace names the fund locks, one per unit (docs/concurrency.md): a
// writer of a unit's ledger takes it before it reads the balance, the
// idempotency keys or the numbers, and before the figures locks.
const LockSpace = "fund"

// The indicators counted from the ledger (indicators.csv).
const (
	IndRaised  = "fund.raised"
	IndSpent   = "fund.spent"
	IndBalance = "fund.balance"
)

// startedFlows are the flows the first entry of a unit's ledger starts
// at 0 (a change of 0 starts the records, rollup.ApplyRecords): where the
// unit keeps a fund, the fund raised or spent, and the scholarships and
// prizes paid, in a period without such entries are 0, where a unit
// without a ledger (and nothing imported) has no data, "–". The
// breakdowns by means, donor and beneficiary are left alone: a ledger
// kept before they were counted has its totals, not its breakdowns.
var startedFlows = []string{IndRaised, IndSpent, "awards.scholarships", "awards.scholarships.amount", "awards.prizes",
	"awards.prizes.amount"}

// awardIndicators are the counts and amounts of the awards paid (payments
// whose purpose is a scholarship or a prize), counted from the ledger.
var awardIndicators = map[string][2]string{
	"scholarship": {"awards.scholarships", "awards.scholarships.amount"},
	"prize":       {"awards.prizes", "awards.prizes.amount"},
}

// meansIndicators are the receipts of each means, counted from the
// ledger: money (cash and bank transfers), gifts in kind at their declared
// value, and works (a school room, a library) apart; fund.raised is their
// sum.
var meansIndicators = map[Means]string{
	Cash: "fund.raised.cash", Bank: "fund.raised.cash", InKind: "fund.raised.in_kind", Works: "fund.raised.works",
}

// donorIndicators are the receipts of each kind of donor; a receipt whose
// donor's kind was not given counts in fund.raised only.
var donorIndicators = map[string]string{
	"person": "fund.raised.person", "clan": "fund.raised.clan", "enterprise": "fund.raised.enterprise",
	"organisation": "fund.raised.organisation", "hometown": "fund.raised.hometown",
}

// beneficiaryIndicators are the count and amount of the awards paid to
// each kind of beneficiary (a programme's awards paid through PayAward).
var beneficiaryIndicators = map[string][2]string{
	"pupil_hardship": {"awards.pupils_hardship", "awards.pupils_hardship.amount"},
	"good_pupil":     {"awards.good_pupils", "awards.good_pupils.amount"},
	"student":        {"awards.students", "awards.students.amount"},
	"teacher":        {"awards.teachers", "awards.teachers.amount"},
	"adult":          {"awards.adults", "awards.adults.amount"},
}

// beneficiaryDeltas are the changes of the awards of a beneficiary's kind
// by a payment of an award (sign +1) or its reversal (−1).
func beneficiaryDeltas(e Entry, beneficiary string, sign int64) []rollup.RecordDelta {
	codes, ok := beneficiaryIndicators[beneficiary]
	if !ok {
		return nil
	}
	return []rollup.RecordDelta{{UnitID: e.UnitID, Indicator: codes[0], Day: e.Day, Delta: sign},
		{UnitID: e.UnitID, Indicator: codes[1], Day: e.Day, Delta: sign * e.Amount}}
}

// NewEntry is a receipt or a payment to record.
type NewEntry struct {
	UnitID int64
	Kind   Kind // Receipt or Payment
	Amount int64
	Day    time.Time // the voucher's day; zero is today
	// Party is the donor (a receipt) or the recipient (a payment);
	// PartyKind a donor's kind (person, clan, enterprise, organisation,
	// hometown); Contact optional.
	Party, PartyKind, Contact string
	Means                     Means  // cash by default
	Items                     string // the item list of a gift in kind
	Purpose                   string // a payment's purpose
	Programme                 string // a programme's code, of the unit and the entry's year
	Note                      string
	Key                       string // idempotency key: the same key records nothing twice
	// Overdraft, the reason, lets a payment take the balance below zero,
	// when the principal may allow it.
	Overdraft string
	// programmeID names the programme by id (an award's payment, possibly
	// by a unit below the programme's), instead of Programme.
	programmeID int64
}

// Column names of the checks of a new entry, as the fund file names its
// columns (vi.FundColumn).
const (
	ColUnit      = "unit"
	ColKind      = "kind"
	ColDate      = "date"
	ColAmount    = "amount"
	ColParty     = "party"
	ColDonorKind = "donor_kind"
	ColMeans     = "means"
	ColItems     = "items"
	ColPurpose   = "purpose"
	ColProgramme = "programme"
	ColNote      = "note"
	ColKey       = "key"
)

// fieldError is a fault of a new entry's field.
type fieldError struct {
	col string
	err error
}

func (f *fieldError) Error() string { return f.err.Error() }
func (f *fieldError) Unwrap() error { return f.err }

func bad(col string, err error) error { return &fieldError{col: col, err: err} }

// check checks a new entry on its own and against the unit and today, and
// fills the day and the means. It reads nothing stored.
func (n *NewEntry) check(tree *units.Tree, now time.Time) (*units.Unit, error) {
	u := tree.Get(n.UnitID)
	if u == nil {
		return nil, bad(ColUnit, apperr.New(apperr.NotFound, vi.ErrFundUnitInFile, fmt.Sprint(n.UnitID)))
	}
	if n.Kind != Receipt && n.Kind != Payment {
		return nil, bad(ColKind, apperr.New(apperr.Invalid, vi.ErrFundKindColumn, string(n.Kind)))
	}
	if err := checkAmount(n.Amount); err != nil {
		return nil, bad(ColAmount, err)
	}
	if n.Day.IsZero() {
		n.Day = units.Day(now)
	}
	if err := checkDay(u, n.Day, now); err != nil {
		return nil, bad(ColDate, err)
	}
	var err error
	if n.Party, err = clean(n.Party, maxParty); err != nil {
		return nil, bad(ColParty, err)
	}
	if n.Party == "" {
		return nil, bad(ColParty, apperr.New(apperr.Invalid, vi.ErrFundParty))
	}
	n.PartyKind = strings.ToLower(strings.TrimSpace(n.PartyKind))
	if !donorKinds[n.PartyKind] || (n.Kind == Payment && n.PartyKind != "") {
		return nil, bad(ColDonorKind, apperr.New(apperr.Invalid, vi.ErrFundDonorKind, n.PartyKind))
	}
	if n.Means, err = ParseMeans(string(n.Means)); err != nil {
		return nil, bad(ColMeans, err)
	}
	if n.Items, err = clean(n.Items, maxText); err != nil {
		return nil, bad(ColItems, err)
	}
	if n.Kind == Receipt && n.Means == InKind && n.Items == "" {
		return nil, bad(ColItems, apperr.New(apperr.Invalid, vi.ErrFundItems))
	}
	n.Purpose = strings.ToLower(strings.TrimSpace(n.Purpose))
	if !purposes[n.Purpose] || (n.Kind == Receipt && n.Purpose != "") {
		return nil, bad(ColPurpose, apperr.New(apperr.Invalid, vi.ErrFundPurpose, n.Purpose))
	}
	if n.Contact, err = clean(n.Contact, maxParty); err != nil {
		return nil, bad(ColParty, err)
	}
	if n.Note, err = clean(n.Note, maxText); err != nil {
		return nil, bad(ColNote, err)
	}
	if n.Key, err = clean(n.Key, maxParty); err != nil {
		return nil, bad(ColKey, err)
	}
	n.Programme = strings.TrimSpace(n.Programme)
	if n.Overdraft, err = clean(n.Overdraft, maxText); err != nil {
		return nil, err
	}
	return u, nil
}

// checkDay refuses a day after today and one on which the unit did not exist.
func checkDay(u *units.Unit, d, now time.Time) error {
	if d.After(units.Day(now)) {
		return apperr.New(apperr.Invalid, vi.ErrFundDayFuture, vi.Date(d))
	}
	if !u.ValidAt(d) {
		return apperr.New(apperr.Invalid, vi.ErrFundDayUnit, vi.Date(d), u.FullName())
	}
	return nil
}

// Record records a receipt or a payment in the unit's ledger and returns
// it; with a key already used in the unit's ledger it records nothing and
// returns the entry that key recorded, with existing set.
func Record(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, n NewEntry, now time.Time) (e Entry, existing bool, err error) {
	u, err := n.check(tree, now)
	if err != nil {
		return Entry{}, false, unwrapField(err)
	}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return Entry{}, false, err
	}
	err = db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			l := &ledger{tx: tx, tree: tree, by: by, now: now}
			if err := l.lock(ctx, u.ID); err != nil {
				return err
			}
			var ds []rollup.RecordDelta
			e, existing, ds, err = l.record(ctx, u, n, 0)
			if err != nil {
				return err
			}
			return rollup.ApplyRecords(ctx, tx, tree, ds)
		})
	})
	if err != nil {
		// A refusal of a field (the amount beyond the balance or the
		// budget, the day in a closed period) names the field.
		return Entry{}, false, unwrapField(err)
	}
	return e, existing, nil
}

// unwrapField gives the error of a field fault with the column's name.
func unwrapField(err error) error {
	var f *fieldError
	if errors.As(err, &f) {
		return apperr.At(vi.FundColumn(f.col), f.err)
	}
	return err
}

// ledger is one transaction's work on the ledgers.
type ledger struct {
	tx   *store.Tx
	tree *units.Tree
	by   auth.Principal
	now  time.Time
}

// lock takes the fund locks of the units, in ascending order.
func (l *ledger) lock(ctx context.Context, ids ...int64) error {
	return l.tx.LockKeys(ctx, LockSpace, ids)
}

// record writes a checked new entry of unit u (scope checked, lock held)
// with its audit entry, and returns the figures' changes. importID links
// the entry to its import (0: none).
func (l *ledger) record(ctx context.Context, u *units.Unit, n NewEntry, importID int64) (Entry, bool, []rollup.RecordDelta, error) {
	if n.Key != "" {
		if e, ok, err := l.byKey(ctx, u.ID, n.Key); err != nil || ok {
			return e, ok, nil, err
		}
	}
	if err := l.open(ctx, u, n.Day); err != nil {
		return Entry{}, false, nil, bad(ColDate, err)
	}
	e := Entry{UnitID: u.ID, Kind: n.Kind, Direction: 1, Amount: n.Amount, Day: n.Day, Party: n.Party, PartyKind: n.PartyKind,
		Contact: n.Contact, Means: n.Means, Items: n.Items, Purpose: n.Purpose, Note: n.Note, Key: n.Key}
	var progID int64
	if n.Programme != "" || n.programmeID != 0 {
		var p Programme
		var err error
		if n.programmeID != 0 {
			p, err = scanProgramme(l.tx.QueryRow(ctx, "SELECT "+programmeColumns+" FROM fund_programmes p WHERE p.id = ?", n.programmeID))
		} else {
			p, err = findProgramme(ctx, l.tx, ProgrammeRef{UnitID: u.ID, Code: n.Programme, Year: n.Day.Year()})
		}
		if err != nil {
			return Entry{}, false, nil, bad(ColProgramme, err)
		}
		if n.Kind == Payment && p.Budget > 0 && p.Spent+n.Amount > p.Budget {
			return Entry{}, false, nil, bad(ColAmount, apperr.New(apperr.Conflict, vi.ErrFundBeyondBudget, vi.Int(n.Amount), p.Code, vi.Int(max(p.Budget-p.Spent, 0))))
		}
		progID, e.Programme, e.ProgrammeName, e.ProgrammeYear = p.ID, p.Code, p.Name, p.Year
	}
	if n.Kind == Payment {
		e.Direction = -1
		if err := l.covered(ctx, u, n.Day, n.Amount, n.Overdraft); err != nil {
			return Entry{}, false, nil, bad(ColAmount, err)
		}
		e.Overdraft, e.Reason = n.Overdraft != "", n.Overdraft
	}
	if err := l.insert(ctx, &e, progID, importID); err != nil {
		return Entry{}, false, nil, err
	}
	return e, false, deltas(e), nil
}

// byKey finds the entry a key recorded in a unit's ledger.
func (l *ledger) byKey(ctx context.Context, unitID int64, key string) (Entry, bool, error) {
	e, err := scanEntry(l.tx.QueryRow(ctx, "SELECT "+entryColumns+entryFrom+"WHERE e.unit_id = ? AND e.idem_key = ?", unitID, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, fmt.Errorf("fund: key %q: %w", key, err)
	}
	return e, true, nil
}

// open refuses a day in a period the unit closed and did not reopen.
func (l *ledger) open(ctx context.Context, u *units.Unit, d time.Time) error {
	rows, err := l.tx.Query(ctx, "SELECT period, closed_by, closed_at FROM fund_closures WHERE unit_id = ? AND reopened_at IS NULL", u.ID)
	if err != nil {
		return fmt.Errorf("fund: closed periods: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ps, by, at string
		if err := rows.Scan(&ps, &by, &at); err != nil {
			return fmt.Errorf("fund: closed periods: %w", err)
		}
		p, err := period.Parse(ps)
		if err != nil {
			return fmt.Errorf("fund: closed period %q: %w", ps, err)
		}
		if !d.Before(p.Start()) && !d.After(p.End()) {
			t, _ := time.Parse(time.RFC3339, at)
			return apperr.New(apperr.Conflict, vi.ErrFundClosed, vi.Date(d), p.NameVI(), by, vi.Time(t))
		}
	}
	return rows.Err()
}

// covered refuses to take amount out of the unit's fund on day d when the
// balance on d or any later day would fall below zero, unless overdraft
// gives a reason and the principal may allow one.
func (l *ledger) covered(ctx context.Context, u *units.Unit, d time.Time, amount int64, overdraft string) error {
	low, err := l.lowest(ctx, u.ID, d)
	if err != nil {
		return err
	}
	if low >= amount {
		return nil
	}
	if overdraft == "" {
		return apperr.New(apperr.Conflict, vi.ErrFundBeyondBalance, vi.Int(amount), vi.Int(max(low, 0)), vi.Date(d))
	}
	if !l.by.CanAdmin(u.ID) && !l.by.CanApprove(u.ID) {
		return apperr.New(apperr.Forbidden, vi.ErrFundOverdraftNotAllowed)
	}
	return nil
}

// lowest is the lowest balance of the unit's fund on day d or any later day.
func (l *ledger) lowest(ctx context.Context, unitID int64, d time.Time) (int64, error) {
	var bal int64
	if err := l.tx.QueryRow(ctx, "SELECT COALESCE(SUM(direction * amount), 0) FROM fund_entries WHERE unit_id = ? AND day <= ?",
		unitID, day(d)).Scan(&bal); err != nil {
		return 0, fmt.Errorf("fund: balance: %w", err)
	}
	rows, err := l.tx.Query(ctx, "SELECT SUM(direction * amount) FROM fund_entries WHERE unit_id = ? AND day > ? GROUP BY day ORDER BY day",
		unitID, day(d))
	if err != nil {
		return 0, fmt.Errorf("fund: balance: %w", err)
	}
	defer rows.Close()
	low := bal
	for rows.Next() {
		var x int64
		if err := rows.Scan(&x); err != nil {
			return 0, fmt.Errorf("fund: balance: %w", err)
		}
		bal += x
		low = min(low, bal)
	}
	return low, rows.Err()
}

// seriesOf is the series of an entry's number.
func seriesOf(e *Entry) string {
	switch {
	case e.Kind == Reversal:
		return seriesReversal
	case e.Direction > 0:
		return seriesReceipt
	}
	return seriesPayment
}

// insert numbers the entry (the next number of its unit, series and year,
// taken in this transaction), writes it and its audit entry, and fills its
// id, number and creation.
func (l *ledger) insert(ctx context.Context, e *Entry, progID, importID int64) error {
	series, year := seriesOf(e), e.Day.Year()
	var seq int64
	if err := l.tx.QueryRow(ctx, `INSERT INTO fund_counters (unit_id, series, year, last) VALUES (?, ?, ?, 1)
		ON CONFLICT (unit_id, series, year) DO UPDATE SET last = fund_counters.last + 1 RETURNING last`,
		e.UnitID, series, year).Scan(&seq); err != nil {
		return fmt.Errorf("fund: number: %w", err)
	}
	e.Number = number(series, year, seq)
	e.CreatedBy, e.CreatedAt = l.by.Name(), l.now.UTC().Truncate(time.Second)
	// The first entry of a ledger (on or before its day none) starts the
	// fund's flows at 0: a fund that paid nothing in a period spent 0
	// there, not "no data" (the unit's lock is held: no other writer adds
	// an earlier entry meanwhile).
	var earlier int
	if err := l.tx.QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM fund_entries WHERE unit_id = ? AND day <= ? LIMIT 1) x",
		e.UnitID, day(e.Day)).Scan(&earlier); err != nil {
		return fmt.Errorf("fund: record %s: %w", e.Number, err)
	}
	e.opens = earlier == 0
	var key any
	if e.Key != "" {
		key = e.Key
	}
	err := l.tx.QueryRow(ctx, `INSERT INTO fund_entries (unit_id, series, year, seq, kind, reversed_kind, direction, amount, day,
		party, party_kind, contact, means, items, purpose, note, programme_id, reverses_id, pair_id, reason, overdraft, idem_key,
		import_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.UnitID, series, year, seq, string(e.Kind), string(e.ReversedKind), e.Direction, e.Amount, day(e.Day),
		e.Party, e.PartyKind, e.Contact, string(e.Means), e.Items, e.Purpose, e.Note, nullID(progID), nullID(e.ReversesID),
		nullID(e.PairID), e.Reason, flag(e.Overdraft), key, nullID(importID), e.CreatedBy, e.CreatedAt.Format(time.RFC3339)).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("fund: record %s: %w", e.Number, err)
	}
	action, detail := audit.ActionFundEntry, fmt.Sprintf(vi.AuditFundEntry, e.Number, vi.FundLabel(string(e.Kind), false), vi.Int(e.Amount))
	if e.Kind == Reversal {
		action = audit.ActionFundReverse
		detail = fmt.Sprintf(vi.AuditFundReverse, e.Number, e.ReversesNumber, e.Reason)
	}
	if importID != 0 {
		return nil // the import records one audit entry for the file
	}
	return audit.Record(ctx, l.tx, l.now, l.by.Actor(), audit.Entry{Action: action, UnitID: e.UnitID, Detail: detail})
}

// deltas are an entry's changes of the figures counted from the ledger.
func deltas(e Entry) []rollup.RecordDelta {
	k, sign := e.Kind, int64(1)
	if k == Reversal {
		k, sign = e.ReversedKind, -1
	}
	out := []rollup.RecordDelta{{UnitID: e.UnitID, Indicator: IndBalance, Day: e.Day, Delta: e.Signed()}}
	if e.opens {
		for _, code := range startedFlows {
			out = append(out, rollup.RecordDelta{UnitID: e.UnitID, Indicator: code, Day: e.Day})
		}
	}
	switch k {
	case Receipt:
		out = append(out, rollup.RecordDelta{UnitID: e.UnitID, Indicator: IndRaised, Day: e.Day, Delta: sign * e.Amount})
		if code, ok := meansIndicators[e.Means]; ok {
			out = append(out, rollup.RecordDelta{UnitID: e.UnitID, Indicator: code, Day: e.Day, Delta: sign * e.Amount})
		}
		if code, ok := donorIndicators[e.PartyKind]; ok {
			out = append(out, rollup.RecordDelta{UnitID: e.UnitID, Indicator: code, Day: e.Day, Delta: sign * e.Amount})
		}
	case Payment:
		out = append(out, rollup.RecordDelta{UnitID: e.UnitID, Indicator: IndSpent, Day: e.Day, Delta: sign * e.Amount})
		// A scholarship or a prize paid is an award of the period, counted
		// and summed; its reversal takes both back.
		if codes, ok := awardIndicators[e.Purpose]; ok {
			out = append(out, rollup.RecordDelta{UnitID: e.UnitID, Indicator: codes[0], Day: e.Day, Delta: sign},
				rollup.RecordDelta{UnitID: e.UnitID, Indicator: codes[1], Day: e.Day, Delta: sign * e.Amount})
		}
	}
	return out
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// entryColumns are what scanEntry reads, from fund_entries as e.
const entryColumns = `e.id, e.unit_id, e.series, e.year, e.seq, e.kind, e.reversed_kind, e.direction, e.amount, e.day, e.party,
	e.party_kind, e.contact, e.means, e.items, e.purpose, e.note,
	COALESCE(pg.code, ''), COALESCE(pg.name, ''), COALESCE(pg.year, 0),
	COALESCE(e.reverses_id, 0), COALESCE(rv.id, 0),
	COALESCE(e.pair_id, (SELECT q.id FROM fund_entries q WHERE q.pair_id = e.id), 0),
	e.reason, e.overdraft, COALESCE(e.idem_key, ''), e.created_by, e.created_at,
	COALESCE(o.series, ''), COALESCE(o.year, 0), COALESCE(o.seq, 0),
	COALESCE(rv.series, ''), COALESCE(rv.year, 0), COALESCE(rv.seq, 0)`

// entryFrom is the FROM clause entryColumns read: the entries as e, with
// the entry a reversal reverses as o and the reversal of a reversed entry
// as rv (reverses_id is unique: one at most), for their numbers, and the
// programme as pg, for its code, name and year.
const entryFrom = ` FROM fund_entries e LEFT JOIN fund_entries o ON o.id = e.reverses_id LEFT JOIN fund_entries rv ON rv.reverses_id = e.id
	LEFT JOIN fund_programmes pg ON pg.id = e.programme_id `

func scanEntry(sc interface{ Scan(...any) error }) (Entry, error) {
	var (
		e                Entry
		series, d, at    string
		year, oy, ry     int
		seq, oq, rq      int64
		kind, rkind, mns string
		oser, rser       string
		over             int
	)
	if err := sc.Scan(&e.ID, &e.UnitID, &series, &year, &seq, &kind, &rkind, &e.Direction, &e.Amount, &d, &e.Party,
		&e.PartyKind, &e.Contact, &mns, &e.Items, &e.Purpose, &e.Note, &e.Programme, &e.ProgrammeName, &e.ProgrammeYear, &e.ReversesID, &e.ReversedBy, &e.PairID,
		&e.Reason, &over, &e.Key, &e.CreatedBy, &at, &oser, &oy, &oq, &rser, &ry, &rq); err != nil {
		return Entry{}, err
	}
	e.Number = number(series, year, seq)
	if oser != "" {
		e.ReversesNumber = number(oser, oy, oq)
	}
	if rser != "" {
		e.ReversedByNumber = number(rser, ry, rq)
	}
	e.Kind, e.ReversedKind, e.Means, e.Overdraft = Kind(kind), Kind(rkind), Means(mns), over == 1
	var err error
	if e.Day, err = time.Parse(time.DateOnly, d); err != nil {
		return Entry{}, fmt.Errorf("fund: entry %d: %w", e.ID, err)
	}
	e.CreatedAt, _ = time.Parse(time.RFC3339, at)
	return e, nil
}

// asField finds the field fault in err.
func asField(err error, f **fieldError) bool { return errors.As(err, f) }

// entryByID reads one entry.
func entryByID(ctx context.Context, q store.Querier, id int64) (Entry, error) {
	return scanEntry(q.QueryRow(ctx, "SELECT "+entryColumns+entryFrom+"WHERE e.id = ?", id))
}
