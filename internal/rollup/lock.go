package rollup

import (
	"context"

	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

// LockSpace names the locks of the figures, one per calendar year
// (docs/concurrency.md).
const LockSpace = "figures"

// LockYears takes the figures lock of every year of periods, for the rest
// of tx. A writer of figures takes it before it reads the stored values it
// compares with, and a refresh before it reads the children it sums: every
// value and roll-up of a period lies in the period's calendar year (a year
// holds its halves, quarters and months; stocks are read at a day of the
// year; the lineage maps units, not periods), so writers of different years
// never read what the other writes, and writers of one year take turns.
func LockYears(ctx context.Context, tx *store.Tx, periods []period.Period) error {
	keys := make([]int64, len(periods))
	for i, p := range periods {
		keys[i] = int64(p.Year)
	}
	return tx.LockKeys(ctx, LockSpace, keys)
}
