package aggregate

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
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

// writeBatch is how many changed values write sends to the database at a
// time: the statements' arguments are built for one batch, not for the
// whole file. The rows of one statement of store.Tx.BulkInsert (at most
// 1000), so that each batch prepares one statement a table.
const writeBatch = 1000

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
	// years in the file once: for comparing here, and for the refresh below.
	ev := rollup.NewEvaluator(tx, tree, indicator.Default)
	if err := prefetchStored(ctx, ev, c); err != nil {
		return Result{}, fmt.Errorf("import aggregates: load stored values: %w", err)
	}
	// The values are compared with the stored ones twice, to count here and
	// to write below, rather than kept as a list of changes: the evaluator
	// answers from memory, and a list would be another copy of the file.
	diff := func(v Value) (old float64, changed, upd bool) {
		old, ok := ev.Imported(v.UnitID, v.Period, v.Basis, v.Indicator)
		return old, !ok || old != v.Value, ok
	}
	touchedSeen := map[touchKey]bool{}
	var touched []touchKey
	for v := range c.All() {
		_, changed, upd := diff(v)
		switch {
		case !changed:
			res.Unchanged++
			continue
		case upd:
			res.Updated++
		default:
			res.Inserted++
		}
		tk := touchKey{unit: v.UnitID, per: v.Period}
		if !touchedSeen[tk] {
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
	now := opt.Now.UTC().Format(time.RFC3339)
	importID, err := ingest.Run{Kind: kind, Source: opt.Source, SHA256: opt.SHA256, Actor: opt.Actor,
		Rows: res.Rows, Changed: res.Inserted + res.Updated, At: opt.Now}.Record(ctx, tx)
	if err != nil {
		return Result{}, fmt.Errorf("import aggregates: record import: %w", err)
	}

	// The texts and numbers that every row repeats are boxed once, so that
	// a batch's arguments are mostly the values themselves.
	perText := map[period.Period]string{}
	perArg := map[period.Period]any{}
	for _, t := range touched {
		if _, ok := perText[t.per]; !ok {
			perText[t.per] = t.per.String()
			perArg[t.per] = perText[t.per]
		}
	}
	indArg := make([]any, len(indicator.Default.List))
	for i, ind := range indicator.Default.List {
		indArg[i] = ind.Code
	}
	importArg, actorArg, nowArg := any(importID), any(opt.Actor), any(now)
	basisArg := [...]any{rollup.Total: rollup.Total.String(), rollup.Own: rollup.Own.String()}
	// The rows of a batch are slices of two arenas reused batch after
	// batch.
	valueCols, historyCols := 6, 10
	valueArena, historyArena := make([]any, writeBatch*valueCols), make([]any, writeBatch*historyCols)
	values, history := make([][]any, 0, writeBatch), make([][]any, 0, writeBatch)
	var unitArg any
	lastUnit := int64(-1)
	replacedAt := map[replacedKey]int{} // reused batch after batch
	flush := func() error {
		// The history keeps the batch's replacements, with the import of
		// each value replaced, read before the upsert overwrites it. A
		// first write needs no row of its own: its value row keeps its
		// import until a replacement's row does (old_import_id). A row per
		// first write cost as much as the value itself (docs/concurrency.md,
		// History).
		if err := oldImports(ctx, tx, history, replacedAt); err != nil {
			return fmt.Errorf("import aggregates: %w", err)
		}
		err := tx.BulkInsert(ctx, "aggregate_history",
			[]string{"unit_id", "period", "indicator", "old_value", "old_import_id", "new_value", "import_id", "actor", "changed_at", "basis"}, history, "")
		if err != nil {
			return fmt.Errorf("import aggregates: %w", err)
		}
		// One upsert writes new and changed values alike, in multi-row batches.
		err = tx.BulkInsert(ctx, "aggregate_values",
			[]string{"unit_id", "period", "indicator", "value", "import_id", "basis"}, values,
			"ON CONFLICT (unit_id, period, indicator, basis) DO UPDATE SET value = excluded.value, import_id = excluded.import_id")
		if err != nil {
			return fmt.Errorf("import aggregates: %w", err)
		}
		values, history = values[:0], history[:0]
		return nil
	}
	for v := range c.All() {
		oldValue, changed, upd := diff(v)
		if !changed {
			continue
		}
		if v.UnitID != lastUnit {
			lastUnit, unitArg = v.UnitID, v.UnitID
		}
		per, ind, val, basis := perArg[v.Period], indArg[indexOf(v.Indicator)], any(v.Value), basisArg[v.Basis]
		n := len(values)
		row := valueArena[n*valueCols : (n+1)*valueCols : (n+1)*valueCols]
		row[0], row[1], row[2], row[3], row[4], row[5] = unitArg, per, ind, val, importArg, basis
		values = append(values, row)
		if upd {
			h := len(history)
			row = historyArena[h*historyCols : (h+1)*historyCols : (h+1)*historyCols]
			// The old value's import (row[4]) is filled in by flush.
			row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9] = unitArg, per, ind, any(oldValue), nil, val, importArg, actorArg, nowArg, basis
			history = append(history, row)
		}
		// The evaluator learns the new value for the refresh below, once
		// the old one has been read: every value is distinct in c.
		ev.SetImported(v.UnitID, v.Period, v.Basis, v.Indicator, v.Value)
		if len(values) == writeBatch {
			if err := flush(); err != nil {
				return Result{}, err
			}
		}
	}
	if err := flush(); err != nil {
		return Result{}, err
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
		if len(perText) == 1 {
			e.Period = perText[touched[0].per]
		}
		if err := audit.Record(ctx, tx, opt.Now, by, e); err != nil {
			return Result{}, fmt.Errorf("import aggregates: %w", err)
		}
	}

	// The materialized roll-ups of the changed units' ancestors follow in
	// the same transaction, so a report never sees half an import.
	ts := make([]rollup.Touch, len(touched))
	for i, t := range touched {
		ts[i] = rollup.Touch{UnitID: t.unit, Period: t.per}
	}
	if err := rollup.RefreshWith(ctx, tx, ev, ts); err != nil {
		return Result{}, fmt.Errorf("import aggregates: refresh roll-ups: %w", err)
	}
	return res, nil
}

// replacedKey is a stored figure that a write replaces.
type replacedKey struct {
	unit            int64
	per, ind, basis string
}

// oldImports fills in each history row of a batch (unit id, period,
// indicator, old value, old import, ..., basis) the import that wrote the stored
// value it replaces, read from aggregate_values: it must run before the
// batch's upsert, under the figures locks, so that the import read is
// that of the value replaced. A value whose import an older release did
// not keep gets NULL. at is a map reused from batch to batch.
func oldImports(ctx context.Context, tx *store.Tx, history [][]any, at map[replacedKey]int) error {
	if len(history) == 0 {
		return nil
	}
	clear(at)
	var unitList strings.Builder
	seenUnit, seenPer := map[int64]bool{}, map[string]bool{}
	var perArgs []any
	for i, r := range history {
		u, p, ind, b := r[0].(int64), r[1].(string), r[2].(string), r[9].(string)
		at[replacedKey{u, p, ind, b}] = i
		if !seenUnit[u] {
			seenUnit[u] = true
			if unitList.Len() > 0 {
				unitList.WriteByte(',')
			}
			unitList.WriteString(strconv.FormatInt(u, 10))
		}
		if !seenPer[p] {
			seenPer[p] = true
			perArgs = append(perArgs, p)
		}
	}
	// A batch holds at most writeBatch values, of few units and periods
	// (a file's values come by unit and period): one query, by the
	// primary key's first column.
	rows, err := tx.Query(ctx, "SELECT unit_id, period, indicator, basis, import_id FROM aggregate_values WHERE unit_id IN ("+
		unitList.String()+") AND period IN ("+store.Placeholders(len(perArgs))+")", perArgs...)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k replacedKey
		var imp sql.NullInt64
		if err := rows.Scan(&k.unit, &k.per, &k.ind, &k.basis, &imp); err != nil {
			return fmt.Errorf("history: %w", err)
		}
		if i, ok := at[k]; ok && imp.Valid {
			history[i][4] = imp.Int64
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}

// indexOf is the catalogue index of a stored indicator's code.
func indexOf(code string) int {
	ind, _ := indicator.Default.Get(code)
	return ind.Index
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
