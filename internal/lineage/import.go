package lineage

import (
	"context"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Options tell Import where the rows came from and who imports them.
type Options struct {
	Source string // file name, kept in imports.source and used in messages
	SHA256 string // hex digest of the file; computed from the rows when empty
	Actor  string // who imports, kept in imports.actor and the history
	// By is who imports, for the audit log; when its Via is empty the log
	// names Actor, through an import.
	By  audit.Actor
	Now time.Time // the time of the import; time.Now when zero
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

// ImportFile reads, checks and imports the lineage file at path.
func ImportFile(ctx context.Context, db *store.DB, path string, opt Options) (Result, error) {
	return ingest.ImportFile(path, opt.Source, Parse, func(rows []Row, source, sha string) (Result, error) {
		opt.Source, opt.SHA256 = source, sha
		return Import(ctx, db, rows, opt)
	})
}

// Import sets, all or nothing, the share of every partial link that the rows
// give, keeping the share it replaces in lineage_share_history. Links of old
// communes the file does not name keep their shares. Importing the same file
// again changes nothing and records nothing; a corrected file replaces the
// shares it changes, each with its history line.
//
// The shares change no stored roll-up (a province's figures before the
// reform come from the old provinces, which all merged fully; only a new
// commune's comparison figures go through a split), so nothing is
// refreshed: the units counter moves so that cached trees reload with the
// new shares, and the figures counter so that cached reports are dropped.
func Import(ctx context.Context, db *store.DB, rows []Row, opt Options) (Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.SHA256 == "" {
		opt.SHA256 = ingest.RowsDigest(rows, func(r Row) []string { return []string{r.OldCode, r.NewCode, r.Population, r.Level} })
	}
	by := opt.By
	if by.Via == "" {
		by = audit.Actor{Email: opt.Actor, Via: audit.ViaImport}
	}
	if opt.Actor == "" {
		opt.Actor = by.Name()
	}
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return Result{}, err
	}
	shares, err := Validate(tree, rows, opt.Source)
	if err != nil {
		return Result{}, err
	}
	res := Result{Rows: len(rows)}
	olds := map[int64]bool{}
	for _, s := range shares {
		olds[s.OldID] = true
	}
	res.Communes = len(olds)

	tx, err := db.Begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback()

	stored, err := storedShares(ctx, tx)
	if err != nil {
		return Result{}, err
	}
	type change struct {
		Share
		old *float64
	}
	var changes []change
	for _, s := range shares {
		old, ok := stored[[2]int64{s.OldID, s.NewID}]
		if ok && old != nil && *old == s.Share {
			res.Unchanged++
			continue
		}
		changes = append(changes, change{Share: s, old: old})
	}
	res.Changed = len(changes)
	if len(changes) == 0 {
		return res, nil
	}

	now := opt.Now.UTC().Format(time.RFC3339)
	importID, err := ingest.Run{Kind: Kind, Source: opt.Source, SHA256: opt.SHA256, Actor: opt.Actor,
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
		history = append(history, []any{c.OldID, c.NewID, old, c.Share.Share, c.Population, c.Total, importID, opt.Actor, now})
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
	if err := audit.Record(ctx, tx, opt.Now, by, e); err != nil {
		return Result{}, fmt.Errorf("import lineage: %w", err)
	}
	if err := units.BumpVersion(ctx, tx); err != nil {
		return Result{}, err
	}
	if err := store.BumpCounter(ctx, tx, rollup.VersionCounter); err != nil {
		return Result{}, err
	}
	if err := tx.Commit(); err != nil {
		return Result{}, fmt.Errorf("import lineage: commit: %w", err)
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
