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
	"io"
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
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Options say where the rows come from.
type Options struct {
	Source string    // file name ("api" for the API), kept in imports.source and messages
	SHA256 string    // hex digest of the file; computed from the values written when empty
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
// source, its bytes' digest the digest) and writes it with WriteReader,
// against the process's cached units tree.
func WriteFile(ctx context.Context, db *store.DB, by auth.Principal, path string, opt Options) (Result, error) {
	tree, err := units.Cached(ctx, db)
	if err != nil {
		return Result{}, err
	}
	return ingest.ReadFile(path, opt.Source, func(r io.Reader, source, sha string) (Result, error) {
		opt.Source, opt.SHA256 = source, sha
		return WriteReader(ctx, db, tree, by, r, opt)
	})
}

// WriteReader is Write for an aggregate values file (CSV or XLSX) read
// from r, named opt.Source in messages: each row is checked as it is read
// (aggregate.Check) and only the compact checked values are kept, so that a
// large upload does not hold its rows in memory. opt.SHA256 should be the
// digest of the file's bytes.
func WriteReader(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, r io.Reader, opt Options) (Result, error) {
	scope := newScopeCheck(by, opt.Source)
	c, err := aggregate.Check(r, opt.Source, tree, indicator.Default, scope.options())
	if err := scope.refusal(err); err != nil {
		return Result{}, err
	}
	return write(ctx, db, tree, by, c, opt)
}

// Write checks the rows of an aggregate values file (the importer's rules,
// aggregate.CheckRows) and the principal's right to write each row's unit,
// then applies the approval rule (see the package comment) in one
// transaction: all or nothing. The refusals are *apperr.List errors naming
// each row: Forbidden for rows outside the principal's scope (which refuse
// the write whatever the other rows hold), Invalid for bad rows, Conflict
// for rows of locked forms.
func Write(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, rows []aggregate.Row, opt Options) (Result, error) {
	scope := newScopeCheck(by, opt.Source)
	c, err := aggregate.CheckRows(rows, opt.Source, tree, indicator.Default, scope.options())
	if err := scope.refusal(err); err != nil {
		return Result{}, err
	}
	return write(ctx, db, tree, by, c, opt)
}

// write applies the approval rule to checked values whose units by may
// write.
func write(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, c *aggregate.Checked, opt Options) (Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	rows, distinct := c.Rows(), c.Len()
	type form struct {
		unit int64
		per  period.Period
	}
	drafts := map[form][]aggregate.Value{}
	var order []form
	// The official values stay in c, in place; the rows of the writer's own
	// unit leave it for the forms' drafts.
	c.Keep(func(v aggregate.Value) bool {
		if by.WritesOfficial(tree, v.UnitID) {
			return true
		}
		f := form{v.UnitID, v.Period}
		if drafts[f] == nil {
			order = append(order, f)
		}
		drafts[f] = append(drafts[f], v)
		return false
	})
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
	err := db.Retry(ctx, func() error {
		res = Result{Rows: rows, Unchanged: rows - distinct}
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
			if c.Len() > 0 {
				r, err := aggregate.WriteChecked(ctx, tx, tree, c, aggregate.Options{
					Source: opt.Source, SHA256: opt.SHA256, Actor: by.Name(), By: by.Actor(),
					DryRun: opt.DryRun, Now: opt.Now, NoAudit: true,
				})
				if err != nil {
					return err
				}
				res.Inserted, res.Updated, res.Unchanged = r.Inserted, r.Updated, res.Unchanged+r.Unchanged
				if !opt.DryRun && r.Inserted+r.Updated > 0 {
					if err := recordOfficial(ctx, tx, tree, by, c, r, opt); err != nil {
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
func recordOfficial(ctx context.Context, tx *store.Tx, tree *units.Tree, by auth.Principal, c *aggregate.Checked, r aggregate.Result, opt Options) error {
	var ids []int64
	seen := map[int64]bool{}
	pers := map[period.Period]bool{}
	nation := false
	var first period.Period
	for v := range c.All() {
		if len(pers) == 0 {
			first = v.Period
		}
		pers[v.Period] = true
		if seen[v.UnitID] {
			continue
		}
		seen[v.UnitID] = true
		ids = append(ids, v.UnitID)
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
		e.Period = first.String()
	}
	return audit.Record(ctx, tx, opt.Now, by.Actor(), e)
}

// scopeCheck refuses the rows whose unit, as the importer resolves it at
// the end of the row's period, the principal may not write: one such row
// refuses the whole write, whatever the other rows hold. A row whose unit
// does not resolve is left to the importer's checks, which name it with the
// same message whoever asks. The rows are named up to tabular.MaxListed,
// and counted beyond.
type scopeCheck struct {
	by    auth.Principal
	file  string
	items []error
	n     int
}

func newScopeCheck(by auth.Principal, file string) *scopeCheck {
	return &scopeCheck{by: by, file: file}
}

func (s *scopeCheck) options() aggregate.CheckOptions {
	if s.by.Local() {
		return aggregate.CheckOptions{}
	}
	return aggregate.CheckOptions{Unit: func(line int, u *units.Unit, level, code string) {
		if s.by.CanWrite(u.ID) {
			return
		}
		s.n++
		if len(s.items) >= tabular.MaxListed {
			return
		}
		// The unit in words, with the code the row wrote.
		name := u.FullName()
		if u.Level != units.Nation {
			name = fmt.Sprintf(vi.UnitWithCode, name, code)
		}
		s.items = append(s.items, rowForbidden(s.file, line, name))
	}}
}

// refusal is the answer to a file or a call whose rows the checker
// refused (checked, nil if none) and whose units the principal may or may
// not write. Rows outside the scope decide the code (Forbidden: no
// correction of the others would let the file in), and every fault is named
// at once, the bad rows after the rows outside the scope, so that the
// writer corrects the file in one go rather than learning of the bad rows
// only after fixing the scope.
func (s *scopeCheck) refusal(checked error) error {
	if s.n == 0 {
		return checked
	}
	items := s.items
	if more := s.n - len(items); more > 0 {
		items = append(items, apperr.New(apperr.Forbidden, vi.ErrMoreErrors, more))
	}
	title := fmt.Sprintf(vi.ErrAPIRowsForbidden, s.n)
	if list, ok := errors.AsType[*apperr.List](checked); ok {
		items = append(items, list.Items...)
		title = fmt.Sprintf(vi.ErrRowsForbiddenAndBad, s.n, list.Title)
	} else if checked != nil {
		items = append(items, checked)
	}
	return &apperr.List{Code: apperr.Forbidden, Title: title, Items: items}
}

func rowForbidden(file string, line int, unit string) error {
	return apperr.At(fmt.Sprintf(vi.WhereFileRowCol, file, line, "code"),
		apperr.New(apperr.Forbidden, vi.ErrAPIRowForbidden, unit))
}

func unitRef(tree *units.Tree, id int64) string {
	if u := tree.Get(id); u != nil {
		return u.Ref()
	}
	return fmt.Sprint(id)
}
