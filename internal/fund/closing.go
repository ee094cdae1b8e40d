package fund

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// ClosePeriod closes a unit's fund book for a period once the unit's
// report of the period is approved: later entries dated in it are
// refused. The principal writes the unit.
func ClosePeriod(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, now time.Time) error {
	u := tree.Get(unitID)
	if u == nil {
		return notFound(fmt.Sprint(unitID))
	}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return err
	}
	form, err := entry.Load(ctx, db, tree, u.ID, p)
	if err != nil {
		return err
	}
	if form.Status != entry.StatusApproved {
		return apperr.New(apperr.Conflict, vi.ErrFundNotApproved, p.NameVI())
	}
	return db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.LockKeys(ctx, LockSpace, []int64{u.ID}); err != nil {
				return err
			}
			var who string
			err := tx.QueryRow(ctx, "SELECT closed_by FROM fund_closures WHERE unit_id = ? AND period = ? AND reopened_at IS NULL", u.ID, p.String()).Scan(&who)
			if err == nil {
				return apperr.New(apperr.Conflict, vi.ErrFundAlreadyClosed, p.NameVI(), who)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("fund: close: %w", err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO fund_closures (unit_id, period, closed_by, closed_at) VALUES (?, ?, ?, ?)",
				u.ID, p.String(), by.Name(), now.UTC().Format(time.RFC3339)); err != nil {
				return fmt.Errorf("fund: close: %w", err)
			}
			return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionFundClose, UnitID: u.ID, Period: p.String(),
				Detail: fmt.Sprintf(vi.AuditFundClose, p.NameVI())})
		})
	})
}

// ReopenPeriod reopens a closed period of a unit's fund book, with a
// reason: an action of the parent unit (the principal approves the unit).
func ReopenPeriod(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, reason string, now time.Time) error {
	u := tree.Get(unitID)
	if u == nil {
		return notFound(fmt.Sprint(unitID))
	}
	if err := by.Check(u, auth.NeedApprove); err != nil {
		return err
	}
	reason, err := clean(reason, maxText)
	if err != nil {
		return err
	}
	if reason == "" {
		return apperr.New(apperr.Invalid, vi.ErrFundReason)
	}
	return db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.LockKeys(ctx, LockSpace, []int64{u.ID}); err != nil {
				return err
			}
			res, err := tx.Exec(ctx, "UPDATE fund_closures SET reopened_by = ?, reopened_at = ?, reopen_reason = ? WHERE unit_id = ? AND period = ? AND reopened_at IS NULL",
				by.Name(), now.UTC().Format(time.RFC3339), reason, u.ID, p.String())
			if err != nil {
				return fmt.Errorf("fund: reopen: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return apperr.New(apperr.Conflict, vi.ErrFundNotClosed, p.NameVI())
			}
			return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionFundReopen, UnitID: u.ID, Period: p.String(),
				Detail: fmt.Sprintf(vi.AuditFundReopen, p.NameVI(), reason)})
		})
	})
}
