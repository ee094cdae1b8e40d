package aggregate

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Kind is the value of imports.kind for aggregate value imports.
const Kind = "aggregates"

// Options tell Import and Write where the values came from and who writes
// them.
type Options struct {
	Source string    // file name, kept in imports.source and used in messages
	SHA256 string    // hex digest of the file; when empty, of the rows (Import) or of the values
	Actor  string    // who imports, kept with every change; By.Name() when empty
	DryRun bool      // check and count, write nothing
	Now    time.Time // the time of the import; time.Now when zero

	// By is who writes, for the audit log; when its Via is empty the log
	// names Actor, through an import.
	By audit.Actor
	// Kind is kept in imports.kind; the package's Kind when empty. The
	// data-entry form writes its approved values as another kind.
	Kind string
	// Approval marks the write of an approved data-entry form, the one
	// writer allowed to change values of a unit and period whose form is
	// submitted or approved (locked); every other writer is refused there.
	Approval bool
	// NoAudit leaves the audit log alone, for a caller that records its
	// own entry for the same change in the same transaction (approval).
	NoAudit bool
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

// ImportFile reads, checks and imports the file at path, streamed (Check):
// only the checked values are held, never the rows. The file name (without
// its folder) is the source; the digest is that of the file's bytes.
func ImportFile(ctx context.Context, db *store.DB, path string, opt Options) (Result, error) {
	return ingest.ReadFile(path, opt.Source, func(r io.Reader, source, sha string) (Result, error) {
		tree, err := units.Cached(ctx, db)
		if err != nil {
			return Result{}, err
		}
		c, err := Check(r, source, tree, indicator.Default, CheckOptions{})
		if err != nil {
			return Result{}, err
		}
		opt.Source, opt.SHA256 = source, sha
		return ImportChecked(ctx, db, tree, c, opt)
	})
}

// Import checks every row (CheckRows, the rules of Check) and, when all
// are right, writes them in one transaction (Write): a new value is
// inserted, a different value replaces the stored one, an equal value is
// left alone; every replacement is kept in aggregate_history with the
// value before it and the import that wrote that value, and every value
// keeps the import that wrote it. The run is recorded in imports and in the
// audit log when it changes anything; an import that changes nothing (the
// same file again) writes nothing at all. The roll-ups of the changed units
// and periods are refreshed in the same transaction.
func Import(ctx context.Context, db *store.DB, rows []Row, opt Options) (Result, error) {
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return Result{}, err
	}
	c, err := CheckRows(rows, opt.Source, tree, indicator.Default, CheckOptions{})
	if err != nil {
		return Result{}, err
	}
	if opt.SHA256 == "" {
		opt.SHA256 = ingest.RowsDigest(rows, func(r Row) []string {
			if r.Basis != "" {
				return []string{r.Period, r.Level, r.Code, r.Indicator, r.Value, r.Basis}
			}
			return []string{r.Period, r.Level, r.Code, r.Indicator, r.Value}
		})
	}
	return ImportChecked(ctx, db, tree, c, opt)
}

// ImportChecked is Import for values that the caller has already checked
// (Check or CheckRows against tree). The digest, when opt.SHA256 is empty,
// is that of the values.
func ImportChecked(ctx context.Context, db *store.DB, tree *units.Tree, c *Checked, opt Options) (Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.SHA256 == "" {
		opt.SHA256 = valuesDigest(c)
	}
	// A transaction that PostgreSQL aborts for a deadlock or a
	// serialization failure is run again from the start (docs/concurrency.md).
	var res Result
	err := db.Retry(ctx, func() error {
		var err error
		res, err = importTx(ctx, db, tree, c, opt)
		return err
	})
	return res, err
}

// importTx is one attempt of ImportChecked: a transaction that commits
// only when the import changes something.
func importTx(ctx context.Context, db *store.DB, tree *units.Tree, c *Checked, opt Options) (Result, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback()
	res, err := write(ctx, tx, tree, c, c.Rows(), opt)
	if err != nil || opt.DryRun || res.Inserted+res.Updated == 0 {
		return res, err
	}
	if err := tx.Commit(); err != nil {
		return Result{}, fmt.Errorf("import aggregates: commit: %w", err)
	}
	return res, nil
}

// Write stores checked values inside the caller's transaction: it takes the
// figures locks of their years (rollup.LockYears), compares them with the
// stored values, inserts the new ones, replaces the changed ones (keeping
// each replacement, with the value before it and that value's import, in
// aggregate_history), records the
// run in imports and, unless opt.NoAudit, one entry in the audit log (not one per
// value: the history holds those), and refreshes the roll-ups of the changed
// units and periods. Nothing is written when nothing changes or in a dry
// run. The values must come from Check, CheckRows or ValidateValue, so that a form
// and a file obey the same rules; tree must be the tree they were checked
// against.
func Write(ctx context.Context, tx *store.Tx, tree *units.Tree, vals []Value, opt Options) (Result, error) {
	return WriteChecked(ctx, tx, tree, Values(indicator.Default, vals), opt)
}

// WriteChecked is Write for values checked by Check or CheckRows (or held
// by Values), which it reads in place: a large file's values are not
// copied. Every value counts as a row of the result; the digest, when
// opt.SHA256 is empty, is that of the values.
func WriteChecked(ctx context.Context, tx *store.Tx, tree *units.Tree, c *Checked, opt Options) (Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.SHA256 == "" {
		opt.SHA256 = valuesDigest(c)
	}
	return write(ctx, tx, tree, c, c.Len(), opt)
}

// write is WriteChecked for rowsTotal rows, of which c holds the distinct
// values (a file may repeat a value, which then counts as unchanged).
func write(ctx context.Context, tx *store.Tx, tree *units.Tree, c *Checked, rowsTotal int, opt Options) (Result, error) {
	res := Result{Rows: rowsTotal, Unchanged: rowsTotal - c.Len()}

	// The figures locks of the years written come first, before the stored
	// values are read: the comparison below, the history's old values and
	// the roll-ups then see every write committed before this one, and no
	// write of the same years commits until this one has (docs/concurrency.md).
	var ps []period.Period
	years := map[uint16]bool{}
	for _, g := range c.groups {
		if !years[g.per.year] {
			years[g.per.year] = true
			ps = append(ps, g.per.period())
		}
	}
	if err := rollup.LockYears(ctx, tx, ps); err != nil {
		return Result{}, fmt.Errorf("import aggregates: %w", err)
	}

	// The roll-up's evaluator loads the stored values of the units and
	// years in the file once: for comparing here, and for the refresh below,
	// which is computed while the values are copied (see below). On
	// PostgreSQL it reads beside the transaction (store.Tx.Beside), on
	// SQLite through the transaction itself: what it reads, the locks taken
	// above keep as it is, and it learns this write's values from c, not
	// from the database.
	beside := tx.Beside()
	ev := rollup.NewEvaluator(beside, tree, indicator.Default)
	if err := prefetchStored(ctx, ev, c); err != nil {
		return Result{}, fmt.Errorf("import aggregates: load stored values: %w", err)
	}
	// Each value's fate is decided once, under the locks: left alone (equal
	// to the stored one), inserted (nothing stored) or replacing a stored
	// value. No other writer can store a value of these years before this
	// one commits, so an inserted value never meets one already there.
	fates := make([]fate, c.Len())
	touchedSeen := map[touchKey]bool{}
	var touched []touchKey
	for g, p := range c.eachGroup() {
		changed := false
		stored := ev.AnyImported(c.groups[g].unit)
		for i := c.start(g); i < int(c.groups[g].end); i++ {
			var old float64
			ok := false
			if stored {
				idx, basis := c.index(i)
				old, ok = ev.ImportedAt(c.groups[g].unit, p, basis, idx)
			}
			switch v := c.val(i); {
			case ok && old == v:
				res.Unchanged++
				continue
			case ok:
				fates[i] = replaced
				res.Updated++
			default:
				fates[i] = inserted
				res.Inserted++
			}
			changed = true
		}
		if tk := (touchKey{unit: c.groups[g].unit, per: p}); changed && !touchedSeen[tk] {
			touchedSeen[tk] = true
			touched = append(touched, tk)
		}
	}
	if !opt.Approval && len(touched) > 0 {
		keys := make([]unitPeriod, len(touched))
		for i, t := range touched {
			keys[i] = unitPeriod(t)
		}
		if err := checkLocks(ctx, tx, tree, keys); err != nil {
			return Result{}, err
		}
	}
	if opt.DryRun || len(touched) == 0 {
		return res, nil
	}

	by := opt.By
	if by.Via == "" {
		by = audit.Actor{Email: opt.Actor, Via: audit.ViaImport}
	}
	if opt.Actor == "" {
		opt.Actor = by.Name()
	}
	kind := opt.Kind
	if kind == "" {
		kind = Kind
	}
	importID, err := ingest.Run{Kind: kind, Source: opt.Source, SHA256: opt.SHA256, Actor: opt.Actor,
		Rows: res.Rows, Changed: res.Inserted + res.Updated, At: opt.Now}.Record(ctx, tx)
	if err != nil {
		return Result{}, fmt.Errorf("import aggregates: record import: %w", err)
	}

	// New values are copied straight into aggregate_values (COPY on
	// PostgreSQL, batched prepared INSERTs on SQLite); replacements go
	// through a temporary table and one set-based merge that keeps each
	// replaced value, with its import, in aggregate_history. Meanwhile,
	// on the other core, the evaluator learns the new values and computes
	// the roll-ups of the changed units' ancestors (rollup.PlanRefresh),
	// which are written once the copy is done, in the same transaction,
	// so that a report never sees half an import. On SQLite, where the
	// evaluator reads through the transaction (database/sql lets its
	// statements take turns on the connection), it reads only what this
	// write does not change: the stored values of every unit and year
	// the write touches were loaded above, before the copy, and its
	// roll-ups are written after the plan. The replacements wait for the
	// plan there: SQLite refuses to drop their temporary table while
	// another statement of the connection is reading.
	ts := make([]rollup.Touch, len(touched))
	for i, t := range touched {
		ts[i] = rollup.Touch{UnitID: t.unit, Period: t.per}
	}
	var pl *rollup.Planned
	var planErr error
	planned := make(chan struct{})
	planRefresh := func() {
		defer close(planned)
		for g, p := range c.eachGroup() {
			for i := c.start(g); i < int(c.groups[g].end); i++ {
				if fates[i] != unchanged {
					idx, basis := c.index(i)
					ev.SetImportedAt(c.groups[g].unit, p, basis, idx, c.val(i))
				}
			}
		}
		pl, planErr = rollup.PlanRefresh(ctx, ev, ts)
	}
	go planRefresh()
	err = copyValues(ctx, tx, c, fates, inserted, res.Inserted, "aggregate_values", importID)
	if beside == store.Querier(tx) {
		<-planned
	}
	if err == nil && res.Updated > 0 {
		err = replace(ctx, tx, c, fates, res.Updated, importID, opt)
	}
	<-planned
	if err != nil {
		return Result{}, fmt.Errorf("import aggregates: %w", err)
	}
	if planErr != nil {
		return Result{}, fmt.Errorf("import aggregates: refresh roll-ups: %w", planErr)
	}
	if !opt.NoAudit {
		// One entry for the run, about the smallest unit containing every
		// changed one, so that the log of a province shows the imports of
		// its communes; and about the period when there is only one.
		ids := make([]int64, len(touched))
		for i, t := range touched {
			ids[i] = t.unit
		}
		e := audit.Entry{
			Action: audit.ActionImportAggregates,
			UnitID: units.CommonAncestor(tree, ids),
			Detail: fmt.Sprintf(vi.AuditImportDetail, opt.Source, res.Rows, res.Inserted, res.Updated),
		}
		if onePeriod(touched) {
			e.Period = touched[0].per.String()
		}
		if err := audit.Record(ctx, tx, opt.Now, by, e); err != nil {
			return Result{}, fmt.Errorf("import aggregates: %w", err)
		}
	}

	if err := pl.Write(ctx, tx); err != nil {
		return Result{}, fmt.Errorf("import aggregates: refresh roll-ups: %w", err)
	}
	return res, nil
}

// onePeriod reports whether the touched units and periods are of one
// period.
func onePeriod(touched []touchKey) bool {
	for _, t := range touched {
		if t.per != touched[0].per {
			return false
		}
	}
	return true
}

// fate is what a write does with one checked value.
type fate uint8

const (
	unchanged fate = iota // equal to the stored value: left alone
	inserted              // no value stored: inserted
	replaced              // a different value stored: replaced, with history
)

// copyValues copies the n values of c whose fate is want into table
// (aggregate_values, or the temporary table of replace when importID is
// 0), without holding them as rows: each row is made as the copy asks for
// it. They go in the order of the table's key, unit and period (a file
// lists a period's units, period after period), so that the key's B-tree
// grows at a few places instead of everywhere: half the time of an
// insert in the file's order on PostgreSQL.
func copyValues(ctx context.Context, tx *store.Tx, c *Checked, fates []fate, want fate, n int, table string, importID int64) error {
	// Basis total is aggregate_values' default: when every value copied
	// there is a total, the column is left out, a text less to bind a row.
	withBasis := importID == 0
	for i := 0; i < c.Len() && !withBasis; i++ {
		withBasis = fates[i] == want && c.ind(i)&ownBit != 0
	}
	cols := []string{"unit_id", "period", "indicator", "value"}
	if withBasis {
		cols = append(cols, "basis")
	}
	if importID != 0 {
		cols = append(cols, "import_id")
	}
	// The texts every row repeats are boxed once.
	indArg := make([]any, len(c.cat.List))
	for i, ind := range c.cat.List {
		indArg[i] = ind.Code
	}
	basisArg := [...]any{rollup.Total.String(), rollup.Own.String()}
	importArg := any(importID)
	perText := map[cper]string{}
	for _, g := range c.groups {
		if _, ok := perText[g.per]; !ok {
			perText[g.per] = g.per.period().String()
		}
	}
	order := make([]int32, len(c.groups))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		ga, gb := c.groups[a], c.groups[b]
		if ga.unit != gb.unit {
			return cmp.Compare(ga.unit, gb.unit)
		}
		return strings.Compare(perText[ga.per], perText[gb.per])
	})
	k, j, end := -1, 0, 0 // the group in order, the next value and its group's end
	var unitArg, per any
	return tx.CopyFromFunc(ctx, table, cols, n, func(_ int, dst []any) ([]any, error) {
		for j >= end || fates[j] != want {
			if j++; j >= end {
				k++
				g := order[k]
				j, end = c.start(int(g)), int(c.groups[g].end)
				unitArg, per = c.groups[g].unit, perText[c.groups[g].per]
			}
		}
		idx, basis := c.index(j)
		dst = append(dst, unitArg, per, indArg[idx], c.val(j))
		if withBasis {
			dst = append(dst, basisArg[basis])
		}
		if importID != 0 {
			dst = append(dst, importArg)
		}
		j++
		return dst, nil
	})
}

// replace writes the n replacements among c's values: copied into a
// temporary table, then, in three statements, the replaced values with
// their imports kept in aggregate_history (read before they are
// overwritten, under the figures locks, so that the import read is that of
// the value replaced; NULL for a value whose import an older release did
// not keep) and the new values and this import written over them. A first
// write needs no history row of its own: its value keeps its import until
// a replacement's row does (old_import_id). A row per first write cost as
// much as the value itself (docs/concurrency.md, History).
func replace(ctx context.Context, tx *store.Tx, c *Checked, fates []fate, n int, importID int64, opt Options) error {
	if err := tx.CreateTemp(ctx, "replacing", `unit_id BIGINT NOT NULL, period TEXT NOT NULL, indicator TEXT NOT NULL,
		basis TEXT NOT NULL, value {{real}} NOT NULL`); err != nil {
		return err
	}
	if err := copyValues(ctx, tx, c, fates, replaced, n, "replacing", 0); err != nil {
		return err
	}
	const match = `v.unit_id = r.unit_id AND v.period = r.period AND v.indicator = r.indicator AND v.basis = r.basis`
	if _, err := tx.Exec(ctx, `INSERT INTO aggregate_history
		(unit_id, period, indicator, basis, old_value, old_import_id, new_value, import_id, actor, changed_at)
		SELECT r.unit_id, r.period, r.indicator, r.basis, v.value, v.import_id, r.value, ?, ?, ?
		FROM replacing r JOIN aggregate_values v ON `+match,
		importID, opt.Actor, opt.Now.UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE aggregate_values AS v SET value = r.value, import_id = ?
		FROM replacing r WHERE `+match, importID); err != nil {
		return fmt.Errorf("replace values: %w", err)
	}
	if _, err := tx.Exec(ctx, "DROP TABLE replacing"); err != nil {
		return fmt.Errorf("replace values: %w", err)
	}
	return nil
}

// touchKey is a changed unit and period, whose roll-ups need refreshing.
type touchKey struct {
	unit int64
	per  period.Period
}

// prefetchStored loads into ev the stored values of the units and years
// that c touches.
func prefetchStored(ctx context.Context, ev *rollup.Evaluator, c *Checked) error {
	years := map[int]bool{}
	seen := map[int64]bool{}
	var ids []int64
	for _, g := range c.groups {
		years[int(g.per.year)] = true
		if !seen[g.unit] {
			seen[g.unit] = true
			ids = append(ids, g.unit)
		}
	}
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ev.Prefetch(ctx, ids, ys)
}

// valuesDigest stands in for a file digest when values come from a form or
// the API: the SHA-256 of the values, one a line, as ingest.RowsDigest
// writes unit id, period, indicator and number.
func valuesDigest(c *Checked) string {
	h := sha256.New()
	var b []byte
	for v := range c.All() {
		b = strconv.AppendInt(b[:0], v.UnitID, 10)
		b = append(b, ',')
		b = append(b, v.Period.String()...)
		b = append(b, ',')
		b = append(b, v.Indicator...)
		b = append(b, ',')
		b = strconv.AppendFloat(b, v.Value, 'g', -1, 64)
		if v.Basis == rollup.Own {
			b = append(b, ",own"...)
		}
		b = append(b, '\n')
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// unitPeriod is a unit and period whose values a write changes.
type unitPeriod struct {
	unit int64
	per  period.Period
}

// checkLocks refuses a write that would change values of a unit and period
// whose data-entry form is submitted (awaiting approval) or approved
// (locked): those change only through the form, or after the parent unlocks
// it. Forms are few, so the ones of the periods in question are read whole.
func checkLocks(ctx context.Context, tx *store.Tx, tree *units.Tree, keys []unitPeriod) error {
	periods := map[period.Period]bool{}
	for _, k := range keys {
		periods[k.per] = true
	}
	locked := map[unitPeriod]string{}
	for p := range periods {
		rows, err := tx.Query(ctx, "SELECT unit_id, status FROM submissions WHERE period = ? AND status IN ('submitted', 'approved')", p.String())
		if err != nil {
			return fmt.Errorf("import aggregates: check locks: %w", err)
		}
		for rows.Next() {
			var id int64
			var st string
			if err := rows.Scan(&id, &st); err != nil {
				rows.Close()
				return fmt.Errorf("import aggregates: check locks: %w", err)
			}
			locked[unitPeriod{id, p}] = st
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("import aggregates: check locks: %w", err)
		}
	}
	if len(locked) == 0 {
		return nil
	}
	seen := map[unitPeriod]bool{}
	var items []error
	for _, k := range keys {
		st, ok := locked[k]
		if !ok || seen[k] {
			continue
		}
		seen[k] = true
		name := ""
		if u := tree.Get(k.unit); u != nil {
			name = u.FullName()
		}
		items = append(items, apperr.New(apperr.Conflict, vi.ErrValuesLocked, name, k.per.NameVI(), vi.EntryStatus(st)))
	}
	if len(items) == 0 {
		return nil
	}
	return &apperr.List{Code: apperr.Conflict, Title: vi.ErrLockedTitle, Items: items}
}
