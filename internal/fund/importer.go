package fund

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The fund file (docs/fund.md): one receipt or payment a row. The
// required columns come first, in the template's order.
var (
	fileRequired = []string{ColUnit, ColKind, ColDate, ColAmount, ColParty, ColKey}
	fileOptional = []string{ColDonorKind, ColMeans, ColItems, ColPurpose, ColProgramme, ColNote}
	// TemplateColumns is the order of the template's columns.
	TemplateColumns = append(slices.Clone(fileRequired), fileOptional...)
)

// ImportKind is the imports table's kind of a fund file.
const ImportKind = "fund"

// ImportResult says what an import of a fund file did.
type ImportResult struct {
	Source   string
	Rows     int
	Recorded int     // entries recorded
	Existing int     // rows whose key an earlier import (or request) recorded
	Entries  []Entry // the entries recorded, in the order numbered
}

// headerName maps a header cell to its column: the machine name, or the
// Vietnamese header with or without diacritics.
var headerName = tabular.Headers(TemplateColumns, vi.FundColumn, units.Fold, nil)

// fileRow is a checked row of a fund file.
type fileRow struct {
	line int
	n    NewEntry
	unit *units.Unit
}

// ImportFile imports the fund file at path (Import).
func ImportFile(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, path string, now time.Time) (ImportResult, error) {
	return ingest.ReadFile(path, "", func(f io.Reader, source, sum string) (ImportResult, error) {
		return Import(ctx, db, tree, by, f, source, sum, now)
	})
}

// Import records the receipts and payments of a fund file (CSV or XLSX),
// all or nothing: every row is checked first (fields, unit, the
// principal's scope, keys repeated in the file), then, in one transaction,
// against the ledgers (closed periods, programmes, balances); any fault
// refuses the whole file with the row and column of each. A row whose key
// the unit's ledger holds already is recorded once only: importing a file
// again records nothing. Rows are numbered in the order of their days,
// receipts of a day before its payments.
func Import(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, r io.Reader, source, sum string, now time.Time) (ImportResult, error) {
	res := ImportResult{Source: source}
	probs := tabular.NewProblems(source)
	rd := tabular.Reader{Limits: tabular.DefaultLimits, OneSheet: true, Dates: []string{ColDate}, Header: headerName, Label: vi.FundColumn}
	var rows []*fileRow
	keys := map[string]int{}
	var scopeErr error
	err := rd.Scan(r, source, fileRequired, fileOptional, func(rec tabular.Record) {
		res.Rows++
		fr, col, err := checkRow(tree, by, rec, now)
		if c := apperr.CodeOf(err); (c == apperr.Forbidden || c == apperr.NotFound) && col == ColUnit && fr != nil {
			// A unit outside the principal's scope refuses the file as
			// such, not as a fault of its data.
			if scopeErr == nil {
				scopeErr = apperr.At(fmt.Sprintf(vi.WhereFileRow, source, rec.Line), err)
			}
			return
		}
		if err != nil {
			probs.Add(rec.Line, vi.FundColumn(col), err)
			return
		}
		k := fmt.Sprint(fr.unit.ID, "|", fr.n.Key)
		if other, ok := keys[k]; ok {
			probs.Add(rec.Line, vi.FundColumn(ColKey), apperr.New(apperr.Invalid, vi.ErrFundKeyTwice, fr.n.Key, other))
			return
		}
		keys[k] = rec.Line
		rows = append(rows, fr)
	})
	if err != nil {
		return res, err
	}
	if scopeErr != nil {
		return res, scopeErr
	}
	if err := probs.Err(); err != nil {
		return res, err
	}
	slices.SortStableFunc(rows, func(a, b *fileRow) int {
		if c := a.n.Day.Compare(b.n.Day); c != 0 {
			return c
		}
		if a.n.Kind != b.n.Kind {
			if a.n.Kind == Receipt {
				return -1
			}
			return 1
		}
		return 0
	})
	err = db.Retry(ctx, func() error {
		res.Recorded, res.Existing, res.Entries = 0, 0, nil
		return db.InTx(ctx, func(tx *store.Tx) error {
			l := &ledger{tx: tx, tree: tree, by: by, now: now}
			ids := make([]int64, 0, len(rows))
			for _, fr := range rows {
				ids = append(ids, fr.unit.ID)
			}
			if err := l.lock(ctx, ids...); err != nil {
				return err
			}
			fresh := 0
			for _, fr := range rows {
				_, ok, err := l.byKey(ctx, fr.unit.ID, fr.n.Key)
				if err != nil {
					return err
				}
				if !ok {
					fresh++
				}
			}
			importID, err := ingest.Run{Kind: ImportKind, Source: source, SHA256: sum, Actor: by.Name(), Rows: res.Rows,
				Changed: fresh, At: now}.Record(ctx, tx)
			if err != nil {
				return fmt.Errorf("fund: import: %w", err)
			}
			probs := tabular.NewProblems(source)
			var ds []rollup.RecordDelta
			perUnit := map[int64][2]int{}
			for _, fr := range rows {
				e, existing, d, err := l.record(ctx, fr.unit, fr.n, importID)
				if err != nil {
					if apperr.CodeOf(err) == apperr.Internal {
						return err
					}
					var f *fieldError
					col := ""
					if ok := asField(err, &f); ok {
						col, err = f.col, f.err
					}
					probs.Add(fr.line, vi.FundColumn(col), err)
					continue
				}
				c := perUnit[fr.unit.ID]
				if existing {
					res.Existing++
					c[1]++
				} else {
					res.Recorded++
					c[0]++
					res.Entries = append(res.Entries, e)
				}
				perUnit[fr.unit.ID] = c
				ds = append(ds, d...)
			}
			if err := probs.Err(); err != nil {
				return err
			}
			var es []audit.Entry
			unitIDs := make([]int64, 0, len(perUnit))
			for id := range perUnit {
				unitIDs = append(unitIDs, id)
			}
			slices.Sort(unitIDs)
			for _, id := range unitIDs {
				c := perUnit[id]
				es = append(es, audit.Entry{Action: audit.ActionImportFund, UnitID: id, Detail: fmt.Sprintf(vi.AuditFundImport, source, c[0], c[1])})
			}
			if len(es) > 0 {
				if err := audit.RecordMany(ctx, tx, now, by.Actor(), es); err != nil {
					return err
				}
			}
			return rollup.ApplyRecords(ctx, tx, tree, ds)
		})
	})
	return res, err
}

// checkRow reads and checks one row of a fund file on its own, and
// returns the column of its first fault.
func checkRow(tree *units.Tree, by auth.Principal, rec tabular.Record, now time.Time) (*fileRow, string, error) {
	v := rec.Fields
	cell := func(i int) string { return strings.TrimSpace(v[i]) }
	n := NewEntry{Party: cell(4), Key: cell(5), PartyKind: cell(6), Items: cell(8), Purpose: cell(9), Programme: cell(10), Note: cell(11)}
	kind, ok := vi.FundKindWords[units.Fold(cell(1))]
	if !ok {
		return nil, ColKind, tabular.EmptyOr(cell(1), apperr.New(apperr.Invalid, vi.ErrFundKindColumn, cell(1)))
	}
	n.Kind = Kind(kind)
	d, ok := period.ParseDay(cell(2))
	if !ok {
		return nil, ColDate, tabular.EmptyOr(cell(2), apperr.New(apperr.Invalid, vi.ErrDayFormat, cell(2)))
	}
	n.Day = d
	amount, err := ParseAmount(cell(3))
	if err != nil {
		return nil, ColAmount, tabular.EmptyOr(cell(3), err)
	}
	n.Amount = amount
	means, ok := vi.FundMeansWords[units.Fold(cell(7))]
	if !ok {
		return nil, ColMeans, apperr.New(apperr.Invalid, vi.ErrFundKind, cell(7))
	}
	n.Means = Means(means)
	if n.Key == "" {
		return nil, ColKey, apperr.New(apperr.Invalid, vi.ErrEmptyCell)
	}
	ref, err := units.ParseRef(cell(0))
	if err != nil || ref.Level == units.Cluster {
		return nil, ColUnit, apperr.New(apperr.Invalid, vi.ErrFundUnitInFile, cell(0))
	}
	u, err := tree.Resolve(ref.Level, ref.Code, d)
	if err != nil {
		return nil, ColUnit, apperr.New(apperr.NotFound, vi.ErrFundUnitInFile, cell(0))
	}
	n.UnitID = u.ID
	if _, err := n.check(tree, now); err != nil {
		var f *fieldError
		if asField(err, &f) {
			return nil, f.col, f.err
		}
		return nil, "", err
	}
	fr := &fileRow{line: rec.Line, n: n, unit: u}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return fr, ColUnit, err
	}
	return fr, "", nil
}
