package fund

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Line is an entry of the fund book with the balance after it.
type Line struct {
	Entry
	Balance int64
}

// Book is a unit's fund book (sổ quỹ) for a period: the balance before
// it, every entry dated in it in the order recorded within each day, and
// the totals.
type Book struct {
	Unit     *units.Unit
	Period   period.Period
	Opening  int64
	Lines    []Line
	In, Out  int64 // what came in and went out (reversals count on their side)
	Closing  int64
	ByMeans  map[Means]int64 // receipts less their reversals, by means
	ByDonors map[string]int64
	// Counts are the balances counted in the period, each against the
	// ledger's at its day.
	Counts []Count
}

// ReadBook reads a unit's fund book for a period; the principal must read
// the unit.
func ReadBook(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period) (Book, error) {
	u, err := readable(tree, by, unitID)
	if err != nil {
		return Book{}, err
	}
	b := Book{Unit: u, Period: p, ByMeans: map[Means]int64{}, ByDonors: map[string]int64{}}
	if err := db.QueryRow(ctx, "SELECT COALESCE(SUM(direction * amount), 0) FROM fund_entries WHERE unit_id = ? AND day < ?",
		u.ID, day(p.Start())).Scan(&b.Opening); err != nil {
		return Book{}, fmt.Errorf("fund: book: %w", err)
	}
	rows, err := db.Query(ctx, "SELECT "+entryColumns+entryFrom+"WHERE e.unit_id = ? AND e.day >= ? AND e.day <= ? ORDER BY e.day, e.id",
		u.ID, day(p.Start()), day(p.End()))
	if err != nil {
		return Book{}, fmt.Errorf("fund: book: %w", err)
	}
	defer rows.Close()
	bal := b.Opening
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return Book{}, fmt.Errorf("fund: book: %w", err)
		}
		bal += e.Signed()
		if e.Direction > 0 {
			b.In += e.Amount
		} else {
			b.Out += e.Amount
		}
		if e.Kind == Receipt || (e.Kind == Reversal && e.ReversedKind == Receipt) {
			b.ByMeans[e.Means] += e.Signed()
			b.ByDonors[e.PartyKind] += e.Signed()
		}
		b.Lines = append(b.Lines, Line{Entry: e, Balance: bal})
	}
	if err := rows.Err(); err != nil {
		return Book{}, fmt.Errorf("fund: book: %w", err)
	}
	b.Closing = bal
	if b.Counts, err = countsIn(ctx, db, u.ID, p.Start(), p.End()); err != nil {
		return Book{}, err
	}
	return b, nil
}

// Balance is the balance of a unit's fund at the end of day d: the sum of
// its entries up to that day. The principal must read the unit.
func Balance(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, d time.Time) (int64, error) {
	u, err := readable(tree, by, unitID)
	if err != nil {
		return 0, err
	}
	var bal int64
	if err := db.QueryRow(ctx, "SELECT COALESCE(SUM(direction * amount), 0) FROM fund_entries WHERE unit_id = ? AND day <= ?",
		u.ID, day(d)).Scan(&bal); err != nil {
		return 0, fmt.Errorf("fund: balance: %w", err)
	}
	return bal, nil
}

// Entries lists a unit's entries in the order recorded; the principal must
// read the unit.
func Entries(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64) ([]Entry, error) {
	u, err := readable(tree, by, unitID)
	if err != nil {
		return nil, err
	}
	rows, err := db.Query(ctx, "SELECT "+entryColumns+entryFrom+"WHERE e.unit_id = ? ORDER BY e.id", u.ID)
	if err != nil {
		return nil, fmt.Errorf("fund: entries: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("fund: entries: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// readable finds a unit the principal reads.
func readable(tree *units.Tree, by auth.Principal, unitID int64) (*units.Unit, error) {
	u := tree.Get(unitID)
	if u == nil {
		return nil, notFound(fmt.Sprint(unitID))
	}
	return u, by.Check(u, auth.NeedRead)
}

// notFound is the refusal of a unit nobody can see.
func notFound(ref string) error { return apperr.New(apperr.NotFound, vi.ErrNoSuchUnitForYou, ref) }

// EntryByNumber reads the entry of a unit's ledger with a voucher number;
// the principal must read the unit.
func EntryByNumber(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, num string) (Entry, error) {
	u, err := readable(tree, by, unitID)
	if err != nil {
		return Entry{}, err
	}
	series, year, seq, err := ParseNumber(num)
	if err != nil {
		return Entry{}, err
	}
	e, err := scanEntry(db.QueryRow(ctx, "SELECT "+entryColumns+entryFrom+"WHERE e.unit_id = ? AND e.series = ? AND e.year = ? AND e.seq = ?",
		u.ID, series, year, seq))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, apperr.New(apperr.NotFound, vi.ErrFundNoSuchEntry, number(series, year, seq), u.FullName())
	}
	if err != nil {
		return Entry{}, fmt.Errorf("fund: entry %s: %w", num, err)
	}
	return e, nil
}
