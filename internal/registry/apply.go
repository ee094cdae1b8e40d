package registry

import (
	"context"

	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// applyCounts hands the count changes of a write to the roll-up, in the
// write's transaction: once per transaction, last (rollup.ApplyRecords
// takes the figures locks and bumps the figures counter).
func applyCounts(ctx context.Context, tx *store.Tx, tree *units.Tree, t tally) error {
	ds := t.deltas()
	if len(ds) == 0 {
		return nil
	}
	return rollup.ApplyRecords(ctx, tx, tree, ds)
}
