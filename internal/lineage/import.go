package lineage

import (
	"context"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Options tell Import where the rows came from and whether to write.
type Options struct {
	Source string // file name, kept in imports.source and used in messages
	SHA256 string // hex digest of the file; computed from the rows when empty
	// DryRun checks the rows and the importer's right and counts what
	// would change, writing nothing.
	DryRun bool
	Now    time.Time // the time of the import; time.Now when zero
}

// Result counts what an import did: data rows, old communes whose parts the
// file gives, and how many links got a new share and how many already had
// the file's share.
type Result struct {
	Rows      int
	Communes  int
	Changed   int
	Unchanged int
}

// lockSpace is the lock (store.Tx.LockKeys, key 0) that lineage imports
// take before they read the stored shares, so that on PostgreSQL two
// imports take turns and each history line's old share is the share the
// previous import wrote. No other writer takes it, so it adds nothing to
// the lock order of docs/concurrency.md.
const lockSpace = "lineage"

// ImportFile reads, checks and imports the lineage file at path as the
// principal p (see Import).
func ImportFile(ctx context.Context, db *store.DB, p auth.Principal, path string, opt Options) (Result, error) {
	return ingest.ImportFile(path, opt.Source, Parse, func(rows []Row, source, sha string) (Result, error) {
		opt.Source, opt.SHA256 = source, sha
		return Import(ctx, db, p, rows, opt)
	})
}

// Import sets, all or nothing, as the principal p, the share of every
// partial link that the rows give, keeping the share it replaces in
// lineage_share_history. Links of old communes the file does not name keep
// their shares. Importing the same file again changes nothing and records
// nothing; a corrected file replaces the shares it changes, each with its
// history line.
//
// The shares decide how an old commune's figures are carried into the new
// communes, so p must administer every new commune the file names and read
// every old one (the local administrator may import any file): one row
// outside that refuses the whole file, naming each such row (Forbidden),
// before anything is written. The check depends only on p and the units
// tree, not on what the transaction reads, so it is made before the
// transaction begins and a refused file never waits for another writer.
// The shares, their history, the import record and the audit entry are
// one transaction. With opt.DryRun the same checks run and the result
// counts what would change; nothing is written.
//
// The shares change no stored roll-up (a province's figures before the
// reform come from the old provinces, which all merged fully; only a new
// commune's comparison figures go through a split), so nothing is
// refreshed: the units counter moves so that cached trees reload with the
// new shares, and the figures counter so that cached reports are dropped.
func Import(ctx context.Context, db *store.DB, p auth.Principal, rows []Row, opt Options) (Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.SHA256 == "" {
		opt.SHA256 = ingest.RowsDigest(rows, func(r Row) []string { return []string{r.OldCode, r.NewCode, r.Population, r.Level} })
	}
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return Result{}, err
	}
	shares, err := Validate(tree, rows, opt.Source)
	if err != nil {
		return Result{}, err
	}
	if err := mayImport(p, shares, opt.Source); err != nil {
		return Result{}, err
	}
	res := Result{Rows: len(rows)}
	olds := map[int64]bool{}
	for _, s := range shares {
		olds[s.OldID] = true
	}
	res.Communes = len(olds)
	if opt.DryRun {
		stored, err := storedShares(ctx, db)
		if err != nil {
			return Result{}, err
		}
		changes := diff(shares, stored, &res)
		res.Changed = len(changes)
		return res, nil
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		res, err = apply(ctx, tx, tree, p, shares, res, opt)
		return err
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// mayImport is the lineage's scope rule: p administers the new commune of
// every share and reads its old commune. Every share outside that is named
// by its row in one Forbidden list.
func mayImport(p auth.Principal, shares []Share, file string) error {
	if p.Local() {
		return nil
	}
	var items []error
	for _, sh := range shares {
		where := fmt.Sprintf(vi.WhereFileRow, file, sh.Line)
		switch {
		case !p.CanAdmin(sh.NewID):
			items = append(items, apperr.At(where, apperr.New(apperr.Forbidden, vi.ErrUploadLineageNewForbidden, sh.NewCode)))
		case !p.CanRead(sh.OldID):
			items = append(items, apperr.At(where, apperr.New(apperr.Forbidden, vi.ErrUploadLineageOldForbidden, sh.OldCode)))
		}
	}
	if len(items) == 0 {
		return nil
	}
	return &apperr.List{Code: apperr.Forbidden, Title: fmt.Sprintf(vi.ErrUploadLineageForbidden, len(items)), Items: items}
}

// change is a share the import sets, with the stored share it replaces
// (nil when none was known).
type change struct {
	Share
	old *float64
}

// diff compares the checked shares with the stored ones, counting in res
// the shares already as the file says, and returns the others.
func diff(shares []Share, stored map[[2]int64]*float64, res *Result) []change {
	var changes []change
	for _, s := range shares {
		old, ok := stored[[2]int64{s.OldID, s.NewID}]
		if ok && old != nil && *old == s.Share {
			res.Unchanged++
			continue
		}
		changes = append(changes, change{Share: s, old: old})
	}
	return changes
}

// apply writes the checked shares in tx: under the lineage lock it reads
// the stored shares, and writes the changed ones, their history, the
// import record and the audit entry.
func apply(ctx context.Context, tx *store.Tx, tree *units.Tree, p auth.Principal, shares []Share, res Result, opt Options) (Result, error) {
	if err := tx.LockKeys(ctx, lockSpace, []int64{0}); err != nil {
		return Result{}, err
	}
	stored, err := storedShares(ctx, tx)
	if err != nil {
		return Result{}, err
	}
	changes := diff(shares, stored, &res)
	res.Changed = len(changes)
	if len(changes) == 0 {
		return res, nil
	}

	now := opt.Now.UTC().Format(time.RFC3339)
	actor := p.Name()
	importID, err := ingest.Run{Kind: Kind, Source: opt.Source, SHA256: opt.SHA256, Actor: actor,
		Rows: res.Rows, Changed: res.Changed, At: opt.Now}.Record(ctx, tx)
	if err != nil {
		return Result{}, fmt.Errorf("import lineage: record import: %w", err)
	}
	history := make([][]any, 0, len(changes))
	for _, c := range changes {
		if _, err := tx.Exec(ctx, "UPDATE unit_lineage SET share = ? WHERE old_id = ? AND new_id = ? AND kind = 'partial'",
			c.Share.Share, c.OldID, c.NewID); err != nil {
			return Result{}, fmt.Errorf("import lineage: %w", err)
		}
		var old any
		if c.old != nil {
			old = *c.old
		}
		history = append(history, []any{c.OldID, c.NewID, old, c.Share.Share, c.Population, c.Total, importID, actor, now})
	}
	if err := tx.BulkInsert(ctx, "lineage_share_history",
		[]string{"old_id", "new_id", "old_share", "new_share", "population", "population_total", "import_id", "actor", "changed_at"},
		history, ""); err != nil {
		return Result{}, fmt.Errorf("import lineage: history: %w", err)
	}
	changedOld := map[int64]bool{}
	var newIDs []int64
	for _, c := range changes {
		changedOld[c.OldID] = true
		newIDs = append(newIDs, c.NewID)
	}
	e := audit.Entry{
		Action: audit.ActionImportLineage,
		UnitID: units.CommonAncestor(tree, newIDs),
		Detail: fmt.Sprintf(vi.AuditLineageDetail, opt.Source, res.Rows, len(changedOld), res.Changed),
	}
	if err := audit.Record(ctx, tx, opt.Now, p.Actor(), e); err != nil {
		return Result{}, fmt.Errorf("import lineage: %w", err)
	}
	if err := units.BumpVersion(ctx, tx); err != nil {
		return Result{}, err
	}
	if err := store.BumpCounter(ctx, tx, rollup.VersionCounter); err != nil {
		return Result{}, err
	}
	return res, nil
}

// storedShares reads the share of every partial link, nil when unknown.
func storedShares(ctx context.Context, q store.Querier) (map[[2]int64]*float64, error) {
	rows, err := q.Query(ctx, "SELECT old_id, new_id, share FROM unit_lineage WHERE kind = 'partial'")
	if err != nil {
		return nil, fmt.Errorf("import lineage: read shares: %w", err)
	}
	defer rows.Close()
	out := map[[2]int64]*float64{}
	for rows.Next() {
		var o, n int64
		var s *float64
		if err := rows.Scan(&o, &n, &s); err != nil {
			return nil, fmt.Errorf("import lineage: read shares: %w", err)
		}
		out[[2]int64{o, n}] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("import lineage: read shares: %w", err)
	}
	return out, nil
}
