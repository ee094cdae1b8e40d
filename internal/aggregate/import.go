package aggregate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// Kind is the value of imports.kind for aggregate value imports.
const Kind = "aggregates"

// Options tell Import where the rows came from and who imports them.
type Options struct {
	Source string    // file name, kept in imports.source and used in messages
	SHA256 string    // hex digest of the file; computed from the rows when empty
	Actor  string    // who imports, kept with every change
	DryRun bool      // check and count, write nothing
	Now    time.Time // the time of the import; time.Now when zero
}

// Result counts what an import did (or, in a dry run, would do). Rows =
// Inserted + Updated + Unchanged; a row repeated with the same value counts
// as unchanged.
type Result struct {
	Rows      int
	Inserted  int
	Updated   int
	Unchanged int
}

// ImportFile reads, checks and imports the file at path. The file name
// (without its folder) is the source; the digest is that of the file's bytes.
func ImportFile(ctx context.Context, db *store.DB, path string, opt Options) (Result, error) {
	f, err := tabular.ReadFile(path, opt.Source)
	if err != nil {
		return Result{}, err
	}
	opt.Source, opt.SHA256 = f.Source, f.SHA256
	rows, err := Parse(bytes.NewReader(f.Data), opt.Source)
	if err != nil {
		return Result{}, err
	}
	return Import(ctx, db, rows, opt)
}

// Import checks every row (Validate) and, when all are right, writes them in
// one transaction: a new value is inserted, a different value replaces the
// stored one and the old one goes to aggregate_history, an equal value is
// left alone. The run is recorded in imports when it changes anything; an
// import that changes nothing (the same file again) writes nothing at all.
// The roll-ups of the changed units and periods are refreshed in the same
// transaction.
func Import(ctx context.Context, db *store.DB, rows []Row, opt Options) (Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.SHA256 == "" {
		opt.SHA256 = rowsDigest(rows)
	}
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return Result{}, err
	}
	vals, err := Validate(tree, indicator.Default, rows, opt.Source)
	if err != nil {
		return Result{}, err
	}
	res := Result{Rows: len(rows), Unchanged: len(rows) - len(vals)}

	if db.Dialect == store.SQLite && len(vals) > 10000 {
		// A large import outgrows SQLite's default 2 MB page cache, which
		// then spills to disk in the middle of the transaction; statement
		// journals of the multi-row inserts go to memory too.
		// TODO(store): move to the connection's pragmas in store.Open.
		for _, p := range []string{"PRAGMA cache_size = -131072", "PRAGMA temp_store = MEMORY"} {
			if _, err := db.Exec(ctx, p); err != nil {
				return Result{}, fmt.Errorf("import aggregates: %w", err)
			}
		}
	}
	tx, err := db.Begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback()

	// The roll-up's evaluator loads the stored values of the units and
	// years in the file once: for comparing here, and for the refresh below.
	ev := rollup.NewEvaluator(tx, tree, indicator.Default)
	if err := prefetchStored(ctx, ev, vals); err != nil {
		return Result{}, fmt.Errorf("import aggregates: load stored values: %w", err)
	}
	type change struct {
		v   Value
		old float64
		upd bool
	}
	var changes []change
	for _, v := range vals {
		old, ok := ev.Imported(v.UnitID, v.Period, v.Indicator)
		switch {
		case !ok:
			res.Inserted++
			changes = append(changes, change{v: v})
		case old != v.Value:
			res.Updated++
			changes = append(changes, change{v: v, old: old, upd: true})
		default:
			res.Unchanged++
		}
	}
	if opt.DryRun || len(changes) == 0 {
		return res, nil
	}

	now := opt.Now.UTC().Format(time.RFC3339)
	var importID int64
	err = tx.QueryRow(ctx, `INSERT INTO imports (kind, source, sha256, actor, rows_total, rows_changed, imported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		Kind, opt.Source, opt.SHA256, opt.Actor, res.Rows, res.Inserted+res.Updated, now).Scan(&importID)
	if err != nil {
		return Result{}, fmt.Errorf("import aggregates: record import: %w", err)
	}

	perText := map[period.Period]string{}
	for _, c := range changes {
		if _, ok := perText[c.v.Period]; !ok {
			perText[c.v.Period] = c.v.Period.String()
		}
	}
	values := make([][]any, 0, len(changes))
	var history [][]any
	touchedSeen := map[touchKey]bool{}
	var touched []touchKey
	for _, c := range changes {
		per := perText[c.v.Period]
		values = append(values, []any{c.v.UnitID, per, c.v.Indicator, c.v.Value, importID, now})
		if c.upd {
			history = append(history, []any{c.v.UnitID, per, c.v.Indicator, c.old, c.v.Value, importID, opt.Actor, now})
		}
		tk := touchKey{unit: c.v.UnitID, per: c.v.Period}
		if !touchedSeen[tk] {
			touchedSeen[tk] = true
			touched = append(touched, tk)
		}
	}
	// One upsert writes new and changed values alike, in multi-row batches.
	err = tx.BulkInsert(ctx, "aggregate_values",
		[]string{"unit_id", "period", "indicator", "value", "import_id", "updated_at"}, values,
		"ON CONFLICT (unit_id, period, indicator) DO UPDATE SET value = excluded.value, import_id = excluded.import_id, updated_at = excluded.updated_at")
	if err != nil {
		return Result{}, fmt.Errorf("import aggregates: %w", err)
	}
	err = tx.BulkInsert(ctx, "aggregate_history",
		[]string{"unit_id", "period", "indicator", "old_value", "new_value", "import_id", "actor", "changed_at"}, history, "")
	if err != nil {
		return Result{}, fmt.Errorf("import aggregates: %w", err)
	}

	// The materialized roll-ups of the changed units' ancestors follow in
	// the same transaction, so a report never sees half an import.
	ts := make([]rollup.Touch, len(touched))
	for i, t := range touched {
		ts[i] = rollup.Touch{UnitID: t.unit, Period: t.per}
	}
	for _, c := range changes {
		ev.SetImported(c.v.UnitID, c.v.Period, c.v.Indicator, c.v.Value)
	}
	if err := rollup.RefreshWith(ctx, tx, ev, ts); err != nil {
		return Result{}, fmt.Errorf("import aggregates: refresh roll-ups: %w", err)
	}

	if err := tx.Commit(); err != nil {
		return Result{}, fmt.Errorf("import aggregates: commit: %w", err)
	}
	return res, nil
}

// touchKey is a changed unit and period, whose roll-ups need refreshing.
type touchKey struct {
	unit int64
	per  period.Period
}

// prefetchStored loads into ev the stored values of the units and years
// that vals touch.
func prefetchStored(ctx context.Context, ev *rollup.Evaluator, vals []Value) error {
	years := map[int]bool{}
	seen := map[int64]bool{}
	var ids []int64
	for _, v := range vals {
		years[v.Period.Year] = true
		if !seen[v.UnitID] {
			seen[v.UnitID] = true
			ids = append(ids, v.UnitID)
		}
	}
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ev.Prefetch(ctx, ids, ys)
}

// rowsDigest stands in for a file digest when rows come from elsewhere.
func rowsDigest(rows []Row) string {
	h := sha256.New()
	var b []byte
	for _, r := range rows {
		b = append(b[:0], r.Period...)
		for _, f := range []string{r.Level, r.Code, r.Indicator, r.Value} {
			b = append(b, ',')
			b = append(b, f...)
		}
		b = append(b, '\n')
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}
