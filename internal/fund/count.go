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

// What a count counts: the cash in the box, the bank account (the
// entries made by bank transfer) or the whole fund.
const (
	CountCash = "cash"
	CountBank = "bank"
	CountAll  = "all"
)

// NewCount is a balance counted at the end of a day: the cash in the box,
// or the bank statement's balance, or the whole fund.
type NewCount struct {
	UnitID  int64
	Day     time.Time // zero: today
	Means   string    // CountCash (default), CountBank or CountAll
	Counted int64     // whole đồng, zero or more
	Note    string
}

// Count is a counted balance set against the ledger's at its day.
type Count struct {
	ID      int64
	UnitID  int64
	Day     time.Time
	Means   string
	Counted int64
	// Ledger is the ledger's balance of what was counted at the end of the
	// day: as the book reads it now (an entry recorded later and dated on
	// or before the day counts), while Recorded is what it was when the
	// count was recorded.
	Ledger, Recorded int64
	Note             string
	CreatedBy        string
	CreatedAt        time.Time
}

// Difference is what the count found more (positive) or less (negative)
// than the ledger holds.
func (c Count) Difference() int64 { return c.Counted - c.Ledger }

// ParseCounted reads a counted balance as ParseAmount does, zero allowed
// (an empty cash box).
func ParseCounted(s string) (int64, error) {
	t := strings.TrimSpace(s)
	for _, suffix := range []string{"đồng", "đ"} {
		t = strings.TrimSpace(strings.TrimSuffix(t, suffix))
	}
	if strings.Trim(t, "0") == "" && t != "" {
		return 0, nil
	}
	return ParseAmount(s)
}

// meansFilter is the SQL condition on fund_entries' means of what a count
// counts.
func meansFilter(means string) string {
	switch means {
	case CountCash:
		return " AND means = 'cash'"
	case CountBank:
		return " AND means = 'transfer'"
	}
	return ""
}

// ledgerAt is the ledger's balance of what a count counts at the end of day d.
func ledgerAt(ctx context.Context, q store.Querier, unitID int64, means string, d time.Time) (int64, error) {
	var bal int64
	if err := q.QueryRow(ctx, "SELECT COALESCE(SUM(direction * amount), 0) FROM fund_entries WHERE unit_id = ? AND day <= ?"+meansFilter(means),
		unitID, day(d)).Scan(&bal); err != nil {
		return 0, fmt.Errorf("fund: balance: %w", err)
	}
	return bal, nil
}

// RecordCount records a counted balance of a unit's fund at a day, with
// the ledger's balance of the same at that day, and returns it; the book
// shows the difference. The principal writes the unit.
func RecordCount(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, n NewCount, now time.Time) (Count, error) {
	u := tree.Get(n.UnitID)
	if u == nil {
		return Count{}, notFound(fmt.Sprint(n.UnitID))
	}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return Count{}, err
	}
	if n.Means = strings.ToLower(strings.TrimSpace(n.Means)); n.Means == "" {
		n.Means = CountCash
	}
	if n.Means != CountCash && n.Means != CountBank && n.Means != CountAll {
		return Count{}, apperr.New(apperr.Invalid, vi.ErrFundCountMeans, n.Means)
	}
	if n.Counted < 0 || n.Counted > maxAmount {
		return Count{}, apperr.New(apperr.Invalid, vi.ErrFundCountAmount, vi.Int(n.Counted))
	}
	if n.Day.IsZero() {
		n.Day = units.Day(now)
	}
	if err := checkDay(u, n.Day, now); err != nil {
		return Count{}, err
	}
	var err error
	if n.Note, err = clean(n.Note, maxText); err != nil {
		return Count{}, err
	}
	c := Count{UnitID: u.ID, Day: n.Day, Means: n.Means, Counted: n.Counted, Note: n.Note, CreatedBy: by.Name(),
		CreatedAt: now.UTC().Truncate(time.Second)}
	err = db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.LockKeys(ctx, LockSpace, []int64{u.ID}); err != nil {
				return err
			}
			if c.Ledger, err = ledgerAt(ctx, tx, u.ID, c.Means, c.Day); err != nil {
				return err
			}
			c.Recorded = c.Ledger
			if err := tx.QueryRow(ctx, `INSERT INTO fund_counts (unit_id, day, means, counted, ledger, note, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.ID, day(c.Day), c.Means, c.Counted, c.Ledger, c.Note, c.CreatedBy,
				c.CreatedAt.Format(time.RFC3339)).Scan(&c.ID); err != nil {
				return fmt.Errorf("fund: count: %w", err)
			}
			return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionFundCount, UnitID: u.ID,
				Detail: fmt.Sprintf(vi.AuditFundCount, vi.Date(c.Day), vi.Int(c.Counted), vi.Int(c.Ledger))})
		})
	})
	return c, err
}

// countsIn reads a unit's counts dated in [from, to], each with the
// ledger's balance at its day as it stands now.
func countsIn(ctx context.Context, q store.Querier, unitID int64, from, to time.Time) ([]Count, error) {
	rows, err := q.Query(ctx, `SELECT id, day, means, counted, ledger, note, created_by, created_at FROM fund_counts
		WHERE unit_id = ? AND day >= ? AND day <= ? ORDER BY day, id`, unitID, day(from), day(to))
	if err != nil {
		return nil, fmt.Errorf("fund: counts: %w", err)
	}
	var out []Count
	for rows.Next() {
		c := Count{UnitID: unitID}
		var d, at string
		if err := rows.Scan(&c.ID, &d, &c.Means, &c.Counted, &c.Recorded, &c.Note, &c.CreatedBy, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("fund: counts: %w", err)
		}
		c.Day, _ = time.Parse(time.DateOnly, d)
		c.CreatedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("fund: counts: %w", err)
	}
	for i := range out {
		if out[i].Ledger, err = ledgerAt(ctx, q, unitID, out[i].Means, out[i].Day); err != nil {
			return nil, err
		}
	}
	return out, nil
}
