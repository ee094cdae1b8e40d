package fund

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// NewProgramme is a scholarship or prize programme of a unit for a year.
// Payments may name it by Code; Budget (0: none) bounds what they pay.
type NewProgramme struct {
	UnitID      int64
	Code, Name  string
	Year        int
	Budget      int64
	Eligibility string
}

// AddProgramme records a programme of the unit; the principal writes the
// unit. A code is used once per unit and year.
func AddProgramme(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, n NewProgramme, now time.Time) (int64, error) {
	u := tree.Get(n.UnitID)
	if u == nil {
		return 0, notFound(fmt.Sprint(n.UnitID))
	}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return 0, err
	}
	var err error
	if n.Code, err = clean(n.Code, 40); err != nil {
		return 0, apperr.At("--code", err)
	}
	if n.Name, err = clean(n.Name, maxParty); err != nil {
		return 0, apperr.At("--name", err)
	}
	if n.Eligibility, err = clean(n.Eligibility, maxText); err != nil {
		return 0, err
	}
	switch {
	case n.Code == "" || strings.ContainsAny(n.Code, " ,;"):
		return 0, apperr.New(apperr.Invalid, vi.ErrFundProgrammeCode, n.Code)
	case n.Name == "":
		return 0, apperr.New(apperr.Invalid, vi.ErrFundProgrammeName)
	case n.Year < 2000 || n.Year > 2200:
		return 0, apperr.New(apperr.Invalid, vi.ErrFundProgrammeYear, n.Year)
	case n.Budget < 0 || n.Budget > maxAmount:
		return 0, apperr.New(apperr.Invalid, vi.ErrFundAmountPositive, vi.Int(n.Budget))
	}
	var id int64
	err = db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.LockKeys(ctx, LockSpace, []int64{u.ID}); err != nil {
				return err
			}
			var n0 int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM fund_programmes WHERE unit_id = ? AND year = ? AND code = ?", u.ID, n.Year, n.Code).Scan(&n0); err != nil {
				return fmt.Errorf("fund: programme: %w", err)
			}
			if n0 > 0 {
				return apperr.New(apperr.Conflict, vi.ErrFundProgrammeTwice, n.Code, n.Year)
			}
			if err := tx.QueryRow(ctx, `INSERT INTO fund_programmes (unit_id, code, name, year, budget, eligibility, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.ID, n.Code, n.Name, n.Year, n.Budget, n.Eligibility, by.Name(),
				now.UTC().Format(time.RFC3339)).Scan(&id); err != nil {
				return fmt.Errorf("fund: programme: %w", err)
			}
			return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionFundProgramme, UnitID: u.ID,
				Detail: fmt.Sprintf(vi.AuditFundProgramme, n.Code, n.Name, n.Year, vi.Int(n.Budget))})
		})
	})
	return id, err
}
