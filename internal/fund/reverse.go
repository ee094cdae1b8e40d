package fund

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Reversing is a reversal to record: the entry of the unit with the
// number, the reason, the reversal's day (zero: today) and, when the
// reversal takes money out of a fund that does not hold it (a receipt
// already spent), the overdraft's reason.
type Reversing struct {
	UnitID    int64
	Number    string
	Reason    string
	Day       time.Time
	Overdraft string
}

// Reverse records a reversing entry that cancels the entry of the unit
// with the number, and returns it. A reversal cannot be reversed, and an
// entry is reversed once. The reversal of one side of a transfer reverses
// the other side as well, in the other unit's ledger.
func Reverse(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, r Reversing, now time.Time) (Entry, error) {
	u := tree.Get(r.UnitID)
	if u == nil {
		return Entry{}, apperr.New(apperr.NotFound, vi.ErrNoSuchUnitForYou, fmt.Sprint(r.UnitID))
	}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return Entry{}, err
	}
	series, year, seq, err := ParseNumber(r.Number)
	if err != nil {
		return Entry{}, err
	}
	var reason string
	if reason, err = clean(r.Reason, maxText); err != nil {
		return Entry{}, err
	}
	if reason == "" {
		return Entry{}, apperr.New(apperr.Invalid, vi.ErrFundReason)
	}
	if r.Day.IsZero() {
		r.Day = units.Day(now)
	}
	var out Entry
	err = db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			l := &ledger{tx: tx, tree: tree, by: by, now: now}
			orig, err := scanEntry(tx.QueryRow(ctx, "SELECT "+entryColumns+entryFrom+"WHERE e.unit_id = ? AND e.series = ? AND e.year = ? AND e.seq = ?",
				u.ID, series, year, seq))
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.New(apperr.NotFound, vi.ErrFundNoSuchEntry, number(series, year, seq), u.FullName())
			}
			if err != nil {
				return fmt.Errorf("fund: entry %s: %w", r.Number, err)
			}
			sides := []Entry{orig}
			if orig.PairID != 0 {
				other, err := entryByID(ctx, tx, orig.PairID)
				if err != nil {
					return fmt.Errorf("fund: entry %s: %w", r.Number, err)
				}
				sides = append(sides, other)
			}
			ids := make([]int64, len(sides))
			for i, s := range sides {
				ids[i] = s.UnitID
			}
			if err := l.lock(ctx, ids...); err != nil {
				return err
			}
			var ds []rollup.RecordDelta
			var pairID int64
			for i, s := range sides {
				// Read again under the lock: a reversal committed since.
				s, err := entryByID(ctx, tx, s.ID)
				if err != nil {
					return fmt.Errorf("fund: entry %s: %w", r.Number, err)
				}
				rev, err := l.reverse(ctx, s, reason, r.Day, r.Overdraft, pairID)
				if err != nil {
					return err
				}
				if i == 0 {
					out = rev
				}
				pairID = rev.ID
				ds = append(ds, deltas(rev)...)
				// The payment of a programme's award: its beneficiary's
				// awards are taken back too (the award is unpaid again).
				if s.Kind == Payment {
					var who string
					err := tx.QueryRow(ctx, "SELECT beneficiary FROM fund_awards WHERE entry_id = ?", s.ID).Scan(&who)
					switch {
					case errors.Is(err, sql.ErrNoRows):
					case err != nil:
						return fmt.Errorf("fund: entry %s: %w", r.Number, err)
					default:
						ds = append(ds, beneficiaryDeltas(rev, who, -1)...)
					}
				}
			}
			return rollup.ApplyRecords(ctx, tx, tree, ds)
		})
	})
	return out, err
}

// reverse writes the reversal of entry s (its unit locked) on day d.
func (l *ledger) reverse(ctx context.Context, s Entry, reason string, d time.Time, overdraft string, pairID int64) (Entry, error) {
	switch {
	case s.Kind == Reversal:
		return Entry{}, apperr.New(apperr.Conflict, vi.ErrFundReverseReversal, s.Number)
	case s.ReversedBy != 0:
		var by Entry
		by, err := entryByID(ctx, l.tx, s.ReversedBy)
		if err != nil {
			return Entry{}, fmt.Errorf("fund: entry %s: %w", s.Number, err)
		}
		return Entry{}, apperr.New(apperr.Conflict, vi.ErrFundAlreadyReversed, s.Number, by.Number)
	case d.Before(s.Day):
		return Entry{}, apperr.New(apperr.Invalid, vi.ErrFundReverseBefore, vi.Date(d), vi.Date(s.Day))
	}
	u := l.tree.Get(s.UnitID)
	if err := checkDay(u, d, l.now); err != nil {
		return Entry{}, err
	}
	if err := l.open(ctx, u, d); err != nil {
		return Entry{}, err
	}
	rev := Entry{UnitID: s.UnitID, Kind: Reversal, ReversedKind: s.Kind, Direction: -s.Direction, Amount: s.Amount, Day: d,
		Party: s.Party, PartyKind: s.PartyKind, Means: s.Means, Purpose: s.Purpose, ReversesID: s.ID, PairID: pairID,
		Reason: reason, ReversesNumber: s.Number}
	if rev.Direction < 0 {
		if err := l.covered(ctx, u, d, s.Amount, overdraft); err != nil {
			return Entry{}, err
		}
		rev.Overdraft, rev.Note = overdraft != "", overdraft
	}
	var progID int64
	if s.Programme != "" {
		if err := l.tx.QueryRow(ctx, "SELECT programme_id FROM fund_entries WHERE id = ?", s.ID).Scan(&progID); err != nil {
			return Entry{}, fmt.Errorf("fund: entry %s: %w", s.Number, err)
		}
		rev.Programme = s.Programme
	}
	if err := l.insert(ctx, &rev, progID, 0); err != nil {
		return Entry{}, err
	}
	return rev, nil
}
