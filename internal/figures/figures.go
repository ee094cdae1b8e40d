// Package figures is where every write of a unit's aggregate figures from
// outside the data-entry form goes: a file uploaded on the web, a call of
// POST /api/v1/aggregates, and the command line's import. It applies the
// approval rule in one transaction, whoever calls:
//
//   - the official figures of a unit change only when an approver of its
//     parent approves the unit's form (entry.Approve), or through a write
//     here by someone who could approve it: a user whose scope strictly
//     contains the unit (an officer or admin of the level above), an admin
//     of the nation for the nation itself, or the local administrator at
//     the command line. Such a write goes through aggregate.Write (history,
//     roll-ups, imports record) and its audit entry says by which right;
//   - a unit's own officer (a commune officer writing their commune) fills
//     that unit's data-entry form instead: the values are merged into the
//     form's draft (entry.MergeDraft), to be submitted and approved, and
//     the official figures stay as they are;
//   - a row whose unit the principal may not write (outside their scope, or
//     a viewer) refuses the whole write, naming the rows; so does a row of
//     a form that is submitted or approved (locked).
//
// A file may mix both kinds of rows (a province officer's file with the
// province's own row and its communes' rows): the communes' rows are
// written officially and the province's row goes to the province's draft,
// all in the same transaction.
package figures

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Options say where the rows come from.
type Options struct {
	Source string    // file name ("api" for the API), kept in imports.source and messages
	SHA256 string    // hex digest of the file; computed from the rows when empty
	DryRun bool      // check and count, write nothing
	Now    time.Time // the time of the write; time.Now when zero
}

// Draft is a unit's data-entry form that a write filled instead of the
// official figures.
type Draft struct {
	Unit   *units.Unit
	Period period.Period
	Rows   int // values of the write that went to this form
	entry.DraftResult
}

// Approver names who approves the form, for the message: "tỉnh" for a
// commune's form. Districts are skipped: they were abolished on 1 July
// 2025, and the province approves the forms of their old communes.
func (d Draft) Approver(tree *units.Tree) string {
	p := tree.Get(d.Unit.ParentID)
	for p != nil && p.Level == units.District {
		p = tree.Get(p.ParentID)
	}
	if p == nil {
		return vi.ApproverOf("")
	}
	return vi.ApproverOf(string(p.Level))
}

// Message is the sentence that tells the writer where the values went.
func (d Draft) Message(tree *units.Tree, dryRun bool) string {
	format := vi.FiguresDraftSaved
	if dryRun {
		format = vi.FiguresDraftDryRun
	}
	return fmt.Sprintf(format, d.Unit.FullName(), d.Period.NameVI(), d.Approver(tree))
}

// Result counts what a write did (or would do, in a dry run). Inserted,
// Updated and Unchanged count the official values (a row repeated with the
// same value counts as unchanged); Drafts lists the forms filled instead.
// Rows = Inserted + Updated + Unchanged + the Rows of every draft.
type Result struct {
	Rows      int
	Inserted  int
	Updated   int
	Unchanged int
	Drafts    []Draft
}

// errDryRun rolls back the transaction of a dry run.
var errDryRun = errors.New("dry run")

// WriteFile reads the aggregate values file at path (its base name is the
// source, its bytes' digest the digest) and writes it with Write, against
// the process's cached units tree.
func WriteFile(ctx context.Context, db *store.DB, by auth.Principal, path string, opt Options) (Result, error) {
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return Result{}, err
	}
	return ingest.ImportFile(path, opt.Source, aggregate.Parse, func(rows []aggregate.Row, source, sha string) (Result, error) {
		opt.Source, opt.SHA256 = source, sha
		return Write(ctx, db, tree, by, rows, opt)
	})
}

// Write checks the rows of an aggregate values file (the importer's rules,
// aggregate.Validate) and the principal's right to write each row's unit,
// then applies the approval rule (see the package comment) in one
// transaction: all or nothing. The refusals are *apperr.List errors naming
// each row: Forbidden for rows outside the principal's scope, Invalid for
// bad rows, Conflict for rows of locked forms.
func Write(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, rows []aggregate.Row, opt Options) (Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if refused := outsideScope(tree, by, rows, opt.Source); refused != nil {
		return Result{}, refused
	}
	vals, err := aggregate.Validate(tree, indicator.Default, rows, opt.Source)
	if err != nil {
		return Result{}, err
	}
	// The units as the importer resolved them, checked again, so that the
	// rule holds whatever the two resolutions.
	var refused []error
	for _, v := range vals {
		if !by.CanWrite(v.UnitID) {
			refused = append(refused, rowForbidden(opt.Source, v.Line, unitRef(tree, v.UnitID)))
		}
	}
	if len(refused) > 0 {
		return Result{}, forbiddenList(refused)
	}

	var official []aggregate.Value
	type form struct {
		unit int64
		per  period.Period
	}
	drafts := map[form]map[string]float64{}
	var order []form
	for _, v := range vals {
		if by.WritesOfficial(tree, v.UnitID) {
			official = append(official, v)
			continue
		}
		f := form{v.UnitID, v.Period}
		if drafts[f] == nil {
			drafts[f] = map[string]float64{}
			order = append(order, f)
		}
		drafts[f][v.Indicator] = v.Value
	}
	slices.SortStableFunc(order, func(a, b form) int {
		if c := strings.Compare(a.per.String(), b.per.String()); c != 0 {
			return c
		}
		return cmp.Compare(a.unit, b.unit)
	})

	// The drafts are written before the official values: a form's row is
	// locked before the figures locks, in every transaction that takes both
	// (docs/concurrency.md). A transaction that PostgreSQL aborts for a
	// deadlock is run again whole.
	var res Result
	err = db.Retry(ctx, func() error {
		res = Result{Rows: len(rows), Unchanged: len(rows) - len(vals)}
		return db.InTx(ctx, func(tx *store.Tx) error {
			var locked []error
			for _, f := range order {
				u := tree.Get(f.unit)
				dr, err := entry.MergeDraft(ctx, tx, tree, by, f.unit, f.per, drafts[f], opt.Source, opt.Now)
				if apperr.CodeOf(err) == apperr.Conflict {
					locked = append(locked, err)
					continue
				}
				if err != nil {
					return err
				}
				res.Drafts = append(res.Drafts, Draft{Unit: u, Period: f.per, Rows: len(drafts[f]), DraftResult: dr})
			}
			if len(locked) > 0 {
				return &apperr.List{Code: apperr.Conflict, Title: vi.ErrLockedTitle, Items: locked}
			}
			if len(official) > 0 {
				r, err := aggregate.Write(ctx, tx, tree, official, aggregate.Options{
					Source: opt.Source, SHA256: opt.SHA256, Actor: by.Name(), By: by.Actor(),
					DryRun: opt.DryRun, Now: opt.Now, NoAudit: true,
				})
				if err != nil {
					return err
				}
				res.Inserted, res.Updated, res.Unchanged = r.Inserted, r.Updated, res.Unchanged+r.Unchanged
				if !opt.DryRun && r.Inserted+r.Updated > 0 {
					if err := recordOfficial(ctx, tx, tree, by, official, r, opt); err != nil {
						return err
					}
				}
			}
			if opt.DryRun {
				return errDryRun
			}
			return nil
		})
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// recordOfficial writes the audit entry of an official write: the
// importer's counts and by which right the figures changed at once.
func recordOfficial(ctx context.Context, tx *store.Tx, tree *units.Tree, by auth.Principal, vals []aggregate.Value, r aggregate.Result, opt Options) error {
	ids := make([]int64, 0, len(vals))
	pers := map[period.Period]bool{}
	nation := false
	for _, v := range vals {
		ids = append(ids, v.UnitID)
		pers[v.Period] = true
		if u := tree.Get(v.UnitID); u != nil && u.ParentID == 0 {
			nation = true
		}
	}
	right := ""
	switch {
	case by.Local():
		right = vi.AuditOfficialLocal
	case nation:
		right = vi.AuditOfficialNation
	default:
		right = fmt.Sprintf(vi.AuditOfficialAbove, unitRef(tree, by.User().ScopeUnitID))
	}
	e := audit.Entry{
		Action: audit.ActionImportAggregates,
		UnitID: units.CommonAncestor(tree, ids),
		Detail: fmt.Sprintf(vi.AuditImportDetail, opt.Source, r.Rows, r.Inserted, r.Updated) + "; " + right,
	}
	if len(pers) == 1 {
		e.Period = vals[0].Period.String()
	}
	return audit.Record(ctx, tx, opt.Now, by.Actor(), e)
}

// outsideScope refuses the rows whose unit, as the principal's tree
// resolves it at the end of the row's period, the principal may not write,
// before the rows are checked further: one such row refuses the whole
// write. A row whose unit does not resolve is left to the importer's
// checks, which name it with the same message whoever asks.
func outsideScope(tree *units.Tree, by auth.Principal, rows []aggregate.Row, file string) error {
	if by.Local() {
		return nil
	}
	var out []error
	periods := map[string]period.Period{}
	for _, row := range rows {
		p, ok := periods[row.Period]
		if !ok {
			var err error
			if p, err = period.Parse(row.Period); err != nil {
				continue
			}
			periods[row.Period] = p
		}
		level, err := units.ParseLevel(row.Level)
		if err != nil || level == units.Cluster || (level != units.Nation && row.Code == "") {
			continue
		}
		u, err := tree.Resolve(level, units.PadCode(level, row.Code), p.End())
		if err != nil {
			continue
		}
		if !by.CanWrite(u.ID) {
			ref := u.Ref()
			if level != units.Nation {
				ref = row.Level + ":" + row.Code
			}
			out = append(out, rowForbidden(file, row.Line, ref))
		}
	}
	if len(out) == 0 {
		return nil
	}
	return forbiddenList(out)
}

func rowForbidden(file string, line int, ref string) error {
	return apperr.At(fmt.Sprintf(vi.WhereFileRowCol, file, line, "code"),
		apperr.New(apperr.Forbidden, vi.ErrAPIRowForbidden, ref))
}

func forbiddenList(items []error) error {
	return &apperr.List{Code: apperr.Forbidden, Title: fmt.Sprintf(vi.ErrAPIRowsForbidden, len(items)), Items: items}
}

func unitRef(tree *units.Tree, id int64) string {
	if u := tree.Get(id); u != nil {
		return u.Ref()
	}
	return fmt.Sprint(id)
}
