package fund

import (
	"context"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// NewTransfer is money moved from one unit's fund to another's: a commune
// paying into the province's fund, the fund of a former district
// association handed to a new commune.
type NewTransfer struct {
	FromID, ToID int64
	Amount       int64
	Day          time.Time // zero: today
	Means        Means
	Note         string
	Key          string // idempotency key, in the sending unit's ledger
	Overdraft    string
}

// Transfer records a transfer as two paired entries, a payment voucher
// (PC) in the sending unit's ledger and a receipt voucher (PT) in the
// receiving unit's, and returns them. The principal writes the sending
// unit. Transfers move balances only: the money was raised (or is spent)
// once, where it came in (or goes out).
func Transfer(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, t NewTransfer, now time.Time) (out, in Entry, err error) {
	from, to := tree.Get(t.FromID), tree.Get(t.ToID)
	if from == nil || to == nil {
		return Entry{}, Entry{}, apperr.New(apperr.NotFound, vi.ErrNoSuchUnitForYou, fmt.Sprint(t.FromID, "→", t.ToID))
	}
	if err := by.Check(from, auth.NeedWrite); err != nil {
		return Entry{}, Entry{}, err
	}
	if from.ID == to.ID {
		return Entry{}, Entry{}, apperr.New(apperr.Invalid, vi.ErrFundTransferSame)
	}
	if err := checkAmount(t.Amount); err != nil {
		return Entry{}, Entry{}, err
	}
	if t.Day.IsZero() {
		t.Day = units.Day(now)
	}
	for _, u := range []*units.Unit{from, to} {
		if err := checkDay(u, t.Day, now); err != nil {
			return Entry{}, Entry{}, err
		}
	}
	if t.Means, err = ParseMeans(string(t.Means)); err != nil {
		return Entry{}, Entry{}, err
	}
	if t.Note, err = clean(t.Note, maxText); err != nil {
		return Entry{}, Entry{}, err
	}
	if t.Key, err = clean(t.Key, maxParty); err != nil {
		return Entry{}, Entry{}, err
	}
	err = db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			l := &ledger{tx: tx, tree: tree, by: by, now: now}
			if err := l.lock(ctx, from.ID, to.ID); err != nil {
				return err
			}
			if t.Key != "" {
				e, ok, err := l.byKey(ctx, from.ID, t.Key)
				if err != nil {
					return err
				}
				if ok {
					out = e
					in, err = entryByID(ctx, tx, e.PairID)
					return err
				}
			}
			for _, u := range []*units.Unit{from, to} {
				if err := l.open(ctx, u, t.Day); err != nil {
					return err
				}
			}
			if err := l.covered(ctx, from, t.Day, t.Amount, t.Overdraft); err != nil {
				return err
			}
			out = Entry{UnitID: from.ID, Kind: Moved, Direction: -1, Amount: t.Amount, Day: t.Day, Party: to.FullName(),
				Means: t.Means, Note: t.Note, Key: t.Key, Overdraft: t.Overdraft != "", Reason: t.Overdraft}
			if err := l.insert(ctx, &out, 0, 0); err != nil {
				return err
			}
			in = Entry{UnitID: to.ID, Kind: Moved, Direction: 1, Amount: t.Amount, Day: t.Day, Party: from.FullName(),
				Means: t.Means, Note: t.Note, PairID: out.ID}
			if err := l.insert(ctx, &in, 0, 0); err != nil {
				return err
			}
			out.PairID = in.ID
			return rollup.ApplyRecords(ctx, tx, tree, append(deltas(out), deltas(in)...))
		})
	})
	return out, in, err
}
