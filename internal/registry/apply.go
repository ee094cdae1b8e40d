package registry

import (
	"context"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// delta is a change of a count from the records: indicator's count of the
// commune UnitID moves by Delta from Day on.
type delta struct {
	UnitID    int64
	Indicator string
	Day       time.Time
	Delta     int64
}

// applyCounts hands the count changes of a write to the roll-up, in the
// write's transaction.
func applyCounts(ctx context.Context, tx *store.Tx, tree *units.Tree, t tally) error {
	ds := t.deltas()
	if len(ds) == 0 {
		return nil
	}
	rows := make([][]any, 0, len(ds))
	for _, d := range ds {
		rows = append(rows, []any{d.UnitID, d.Indicator, d.Day.Format(time.DateOnly), d.Delta})
	}
	// TODO(records): rollup.ApplyRecords
	for _, r := range rows {
		if _, err := tx.Exec(ctx, `INSERT INTO record_totals (unit_id, indicator, day, delta) VALUES (?, ?, ?, ?)
			ON CONFLICT (unit_id, indicator, day) DO UPDATE SET delta = record_totals.delta + excluded.delta`, r...); err != nil {
			return fmt.Errorf("registry: counts: %w", err)
		}
	}
	return store.BumpCounter(ctx, tx, rollup.VersionCounter)
}
