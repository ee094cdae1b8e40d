// Package entry is data entry with approval: a unit's officer types the
// unit's figures for a period into a form, saves them as a draft and submits
// them; an officer of the parent unit approves them (which writes them into
// aggregate_values through the importer's writer, with history and roll-up
// refresh, so that entered and imported figures are the same thing) or
// returns them with a comment. Approved figures are locked; unlocking them
// is an audited action of the parent.
//
//	(none) ── SaveDraft ──▶ draft ── Submit ──▶ submitted ── Approve ──▶ approved
//	                          ▲                     │                       │
//	                          └──── returned ◀─ Return ◀────── Unlock ──────┘
//
// A returned submission stays "returned" while it is edited, until it is
// submitted again, so that the parent sees which units still owe a
// correction.
//
// Every operation takes who acts (an auth.Principal) and checks it itself
// before anything is written: SaveDraft, MergeDraft and Submit need a
// principal who may write the unit (its own officer, or one above it);
// Approve, Return and Unlock one who may approve it (an officer or admin
// whose scope strictly contains the unit). A unit outside the principal's
// scope is NotFound, one they read but may not act on Forbidden. Every
// change is recorded in the audit log in the same transaction.
package entry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// ImportKind is the imports.kind of the values written by an approval.
const ImportKind = "entry"

// Status is where a unit's figures for a period stand.
type Status string

// The statuses. None and Imported are not stored: they describe a unit and
// period without a submission, with no figures or with figures that came
// from an import.
const (
	StatusNone      Status = "none"
	StatusImported  Status = "imported"
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusApproved  Status = "approved"
	StatusReturned  Status = "returned"
)

// Statuses lists every status in the order of the completeness view: from
// nothing done to approved.
var Statuses = []Status{StatusNone, StatusImported, StatusDraft, StatusReturned, StatusSubmitted, StatusApproved}

// Label is the Vietnamese name of the status.
func (s Status) Label() string { return vi.EntryStatus(string(s)) }

// Editable reports whether figures in this status may be saved as a draft.
func (s Status) Editable() bool {
	return s != StatusSubmitted && s != StatusApproved
}

// Field is one line of the form: an indicator with its entered value and
// the unit's values for the previous period and the comparison period, each
// nil when there is none.
type Field struct {
	Indicator indicator.Indicator
	Value     *float64
	Previous  *float64
	Compare   *float64
}

// Form is what the data-entry page shows for a unit and period, for one
// basis: the unit's totals (the unit and everything below it) or the
// association's own figures at that level (docs/contracts.md, "Own
// figures and all levels"). One submission holds both; the page shows one
// at a time.
type Form struct {
	UnitID  int64
	Period  period.Period
	Basis   rollup.Basis
	Status  Status
	Comment string // why it was returned or unlocked; cleared by approval

	UpdatedBy   string
	UpdatedAt   time.Time // zero without a submission
	SubmittedAt time.Time // zero until submitted
	ApprovedBy  string
	ApprovedAt  time.Time // zero unless approved

	// Values are the draft's values of the form's basis; once approved,
	// or without a submission, the stored (published) values.
	Values map[string]float64
	// Others counts the values of the other basis in the draft (or the
	// stored values), which the page mentions.
	Others int
	// PreviousPeriod is the period of the same kind just before (2025H2
	// for 2026H1); Previous the unit's values for it, rolled up and
	// followed through the lineage as in a report (for the own basis, the
	// unit's own figures).
	PreviousPeriod period.Period
	Previous       map[string]float64
	// ComparePeriod is the same period a year earlier; CompareValues the
	// unit's values for it.
	ComparePeriod period.Period
	CompareValues map[string]float64
	// yearBefore are the unit's flows over the year before the period,
	// which the checks add to the form's (checks.Figures.YearBefore).
	yearBefore map[string]float64
	// Fields lists the stored indicators in catalogue order.
	Fields []Field
	// Warnings are what the plausibility checks find in the form's totals
	// (package checks), each with the officer's explanation if written.
	Warnings []Warning
	// SubmittedWarnings is how many warnings the figures had when last
	// submitted.
	SubmittedWarnings int
}

// FieldErrors maps the code of each bad field of a form to a Vietnamese
// message to show beside it. As an error its code is apperr.Invalid.
type FieldErrors map[string]string

// Error lists the bad fields in catalogue order, one per line.
func (fe FieldErrors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, vi.ErrEntryFields, len(fe))
	for _, code := range fe.Codes() {
		b.WriteString("\n  ")
		b.WriteString(code)
		b.WriteString(": ")
		b.WriteString(fe[code])
	}
	return b.String()
}

// Codes lists the bad fields' codes in catalogue order (unknown codes last,
// in text order).
func (fe FieldErrors) Codes() []string { return orderedCodes(fe) }

// As lets apperr.CodeOf classify the errors as Invalid.
func (fe FieldErrors) As(target any) bool {
	if t, ok := target.(**apperr.Error); ok {
		*t = &apperr.Error{Code: apperr.Invalid, Message: fe.Error()}
		return true
	}
	return false
}

// submission is a stored row of submissions.
type submission struct {
	status                Status
	comment               string
	updatedBy, approvedBy string
	updatedAt             time.Time
	submittedAt           time.Time
	approvedAt            time.Time
	warnings              int
}

// Load reads the form of unit unitID for period p, for its totals. The
// unit must exist at the end of p, the day whose units the figures of p
// belong to.
func Load(ctx context.Context, db *store.DB, tree *units.Tree, unitID int64, p period.Period) (Form, error) {
	return LoadAs(ctx, db, tree, unitID, p, rollup.Total)
}

// LoadAs is Load for the values of basis b.
func LoadAs(ctx context.Context, db *store.DB, tree *units.Tree, unitID int64, p period.Period, b rollup.Basis) (Form, error) {
	u, err := unitAt(tree, unitID, p)
	if err != nil {
		return Form{}, err
	}
	per := p.String()
	f := Form{UnitID: unitID, Period: p, Basis: b, PreviousPeriod: previous(p), ComparePeriod: p.Compare()}
	sub, ok, err := loadSubmission(ctx, db, unitID, per)
	if err != nil {
		return Form{}, err
	}
	stored, err := loadValues(ctx, db, "aggregate_values", unitID, per)
	if err != nil {
		return Form{}, err
	}
	var vals map[field]float64
	switch {
	case !ok:
		f.Status, vals = StatusNone, stored
		if len(stored) > 0 {
			f.Status = StatusImported
		}
	case sub.status == StatusApproved:
		vals = stored
	default:
		if vals, err = loadValues(ctx, db, "submission_values", unitID, per); err != nil {
			return Form{}, err
		}
	}
	f.Values = map[string]float64{}
	for k, v := range vals {
		if k.basis == b {
			f.Values[k.code] = v
		} else {
			f.Others++
		}
	}
	if ok {
		f.Status, f.Comment = sub.status, sub.comment
		f.UpdatedBy, f.UpdatedAt, f.SubmittedAt = sub.updatedBy, sub.updatedAt, sub.submittedAt
		f.ApprovedBy, f.ApprovedAt = sub.approvedBy, sub.approvedAt
		f.SubmittedWarnings = sub.warnings
	}

	e, err := comparisons(ctx, db, tree, unitID, p, b)
	if err != nil {
		return Form{}, err
	}
	f.Previous, f.CompareValues, f.yearBefore = e.prev, e.comp, e.year
	for _, ind := range indicator.Default.Base() {
		f.Fields = append(f.Fields, Field{Indicator: ind, Value: ptr(f.Values, ind.Code),
			Previous: ptr(f.Previous, ind.Code), Compare: ptr(f.CompareValues, ind.Code)})
	}
	if f.Warnings, err = formWarnings(ctx, db, tree, u, f, vals); err != nil {
		return Form{}, err
	}
	return f, nil
}

// SaveDraft checks the entered values and, when every one is right, stores
// them in the draft of unit unitID for period p. values maps indicator
// codes to the text typed in each field: an empty text clears the field,
// and an indicator missing from values keeps its draft value (an API client
// may send only what changed). The rules are the import's
// (aggregate.ValidateValue); a bad field makes the whole save fail with
// FieldErrors naming every bad field, and nothing is written.
//
// The first save of a unit and period starts the draft from the stored
// (imported) values, so that the form shows the published figures. A
// submitted or approved draft is refused (apperr.Conflict). One audit entry
// is recorded per changed field, with its old and new value. by must be
// allowed to write the unit.
func SaveDraft(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, values map[string]string, now time.Time) error {
	return SaveDraftAs(ctx, db, tree, by, unitID, p, rollup.Total, values, now)
}

// SaveDraftAs is SaveDraft for the values of basis b: the fields of the
// other basis keep their draft values.
func SaveDraftAs(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, b rollup.Basis, values map[string]string, now time.Time) error {
	u, err := unitAt(tree, unitID, p)
	if err != nil {
		return err
	}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return err
	}
	var (
		changes []change
		bad     = FieldErrors{}
	)
	for _, code := range orderedCodes(values) {
		text := strings.TrimSpace(values[code])
		if text == "" {
			if _, err := indicator.Default.Lookup(code); err != nil {
				bad[code] = message(err)
			}
			changes = append(changes, change{field: field{code, b}})
			continue
		}
		v, err := aggregate.ValidateValue(indicator.Default, u, p, code, text)
		if err != nil {
			bad[code] = message(err)
			continue
		}
		changes = append(changes, change{field: field{code, b}, new: &v.Value})
	}
	if len(bad) > 0 {
		return bad
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		_, err := saveDraft(ctx, tx, u, p, by.Actor(), changes, "", now)
		return err
	})
}

// DraftResult counts what MergeDraft did to a draft's fields: Inserted
// fields had no value in the draft, Updated had another, Unchanged the same.
type DraftResult struct {
	Inserted, Updated, Unchanged int
}

// MergeDraft stores values checked by the importer's rules (aggregate
// CheckRows) into the draft of unit unitID for period p, inside the
// caller's transaction: the values of a file or an API call sent by the
// unit's own officer, which change the unit's form, not its official
// figures, until the form is submitted and approved. Each value's
// indicator, number and basis are read (not its unit and period). Fields
// missing from values keep their draft value. source names the file or call in the
// audit entries (one per changed field). A submitted or approved form is
// refused (apperr.Conflict, vi.ErrValuesLocked), and so is a principal who
// may not write the unit.
func MergeDraft(ctx context.Context, tx *store.Tx, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, values []aggregate.Value, source string, now time.Time) (DraftResult, error) {
	u, err := unitAt(tree, unitID, p)
	if err != nil {
		return DraftResult{}, err
	}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return DraftResult{}, err
	}
	if sub, ok, err := loadSubmission(ctx, tx, unitID, p.String()); err != nil {
		return DraftResult{}, err
	} else if ok && !sub.status.Editable() {
		return DraftResult{}, apperr.New(apperr.Conflict, vi.ErrValuesLocked, u.FullName(), p.NameVI(), sub.status.Label())
	}
	changes := make([]change, 0, len(values))
	for _, v := range values {
		changes = append(changes, change{field: field{v.Indicator, v.Basis}, new: &v.Value})
	}
	slices.SortStableFunc(changes, func(a, b change) int {
		if a.basis != b.basis {
			return int(a.basis) - int(b.basis)
		}
		return indicatorOrder(a.code) - indicatorOrder(b.code)
	})
	detail := ""
	if source != "" {
		detail = fmt.Sprintf(vi.AuditDraftSource, source)
	}
	return saveDraft(ctx, tx, u, p, by.Actor(), changes, detail, now)
}

// field is a field of a draft: an indicator of one basis.
type field struct {
	code  string
	basis rollup.Basis
}

// change is a field of a draft to set (new) or clear (nil).
type change struct {
	field
	new *float64
}

// indicatorOrder is an indicator's place in the catalogue, unknown codes
// last.
func indicatorOrder(code string) int {
	if ind, ok := indicator.Default.Get(code); ok {
		return ind.Index
	}
	return len(indicator.Default.List)
}

// saveDraft writes changes into the draft of (u, p), creating it from the
// published figures on the first save, with one audit entry per changed
// field. A submitted or approved form is refused with vi.ErrEntryLocked.
func saveDraft(ctx context.Context, tx *store.Tx, u *units.Unit, p period.Period, a audit.Actor, changes []change, detail string, now time.Time) (DraftResult, error) {
	var res DraftResult
	unitID, per := u.ID, p.String()
	r, err := tx.Exec(ctx, `INSERT INTO submissions (unit_id, period, status, updated_by, updated_at)
		VALUES (?, ?, 'draft', ?, ?) ON CONFLICT (unit_id, period) DO NOTHING`, unitID, per, a.Name(), stamp(now))
	if err != nil {
		return res, fmt.Errorf("save draft: %w", err)
	}
	if created, _ := r.RowsAffected(); created == 1 {
		// Start from the published figures.
		if _, err := tx.Exec(ctx, `INSERT INTO submission_values (unit_id, period, indicator, basis, value)
			SELECT unit_id, period, indicator, basis, value FROM aggregate_values WHERE unit_id = ? AND period = ?`, unitID, per); err != nil {
			return res, fmt.Errorf("save draft: %w", err)
		}
	} else if err := transition(ctx, tx, u, p, `updated_by = ?, updated_at = ?`, []any{a.Name(), stamp(now)},
		[]Status{StatusDraft, StatusReturned}, vi.ErrEntryLocked); err != nil {
		return res, err
	}

	cur, err := loadValues(ctx, tx, "submission_values", unitID, per)
	if err != nil {
		return res, err
	}
	var entries []audit.Entry
	for _, c := range changes {
		old, had := cur[c.field]
		switch {
		case c.new == nil && !had, c.new != nil && had && old == *c.new:
			res.Unchanged++
			continue
		case c.new == nil:
			res.Updated++
			_, err = tx.Exec(ctx, `DELETE FROM submission_values WHERE unit_id = ? AND period = ? AND indicator = ? AND basis = ?`, unitID, per, c.code, c.basis.String())
		default:
			if had {
				res.Updated++
			} else {
				res.Inserted++
			}
			_, err = tx.Exec(ctx, `INSERT INTO submission_values (unit_id, period, indicator, basis, value) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (unit_id, period, indicator, basis) DO UPDATE SET value = excluded.value`, unitID, per, c.code, c.basis.String(), *c.new)
		}
		if err != nil {
			return res, fmt.Errorf("save draft: %w", err)
		}
		e := audit.Entry{Action: audit.ActionEntrySave, UnitID: unitID, Period: per, Indicator: c.code, NewValue: c.new, Detail: detail}
		if c.basis == rollup.Own {
			// The audit log has no basis column: the detail names it.
			e.Detail = vi.BasisOwn
			if detail != "" {
				e.Detail += "; " + detail
			}
		}
		if had {
			e.OldValue = &old
		}
		entries = append(entries, e)
	}
	if len(entries) == 0 {
		return res, nil
	}
	return res, audit.RecordMany(ctx, tx, now, a, entries)
}

// Submit sends the draft of unit unitID for period p to the parent for
// approval. Only a draft or a returned submission with at least one value
// can be submitted (apperr.Conflict otherwise), and only when every
// warning of the plausibility checks on its figures has an explanation
// (Explain); otherwise it is refused with Unexplained, naming them.
func Submit(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, now time.Time) error {
	u, err := unitAt(tree, unitID, p)
	if err != nil {
		return err
	}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return err
	}
	a := by.Actor()
	// The figures compared with are other periods': read before the
	// transaction, which reads the draft it submits.
	e, err := comparisons(ctx, db, tree, unitID, p, rollup.Total)
	if err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		// A returned form's comment is answered by the new submission.
		err := transition(ctx, tx, u, p, `status = 'submitted', comment = '', submitted_at = ?, updated_by = ?, updated_at = ?`,
			[]any{stamp(now), a.Name(), stamp(now)}, []Status{StatusDraft, StatusReturned}, vi.ErrEntryCannotSubmit)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM submission_values WHERE unit_id = ? AND period = ?`, unitID, p.String()).Scan(&n); err != nil {
			return fmt.Errorf("submit: %w", err)
		}
		if n == 0 {
			return apperr.New(apperr.Conflict, vi.ErrEntryNothing, p.NameVI(), u.FullName())
		}
		warned, err := checkExplained(ctx, tx, u, p, e)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE submissions SET warnings = ? WHERE unit_id = ? AND period = ?`, warned, unitID, p.String()); err != nil {
			return fmt.Errorf("submit: %w", err)
		}
		e := audit.Entry{Action: audit.ActionEntrySubmit, UnitID: unitID, Period: p.String()}
		if warned > 0 {
			e.Detail = fmt.Sprintf(vi.AuditSubmitWarnings, warned)
		}
		return audit.Record(ctx, tx, now, a, e)
	})
}

// Approve accepts the submitted figures of unit unitID for period p: in one
// transaction it writes them into aggregate_values through aggregate.Write
// (history of replaced values, roll-up refresh of the ancestors; recorded in
// imports as kind "entry"), locks the submission and records the approval.
// A field left empty leaves a stored value as it was. Only a submitted
// draft can be approved (apperr.Conflict otherwise). by must be allowed to
// approve the unit: their scope strictly contains it.
func Approve(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, now time.Time) error {
	u, err := unitAt(tree, unitID, p)
	if err != nil {
		return err
	}
	if err := by.Check(u, auth.NeedApprove); err != nil {
		return err
	}
	a := by.Actor()
	// The approval writes figures: PostgreSQL may abort it for a deadlock
	// and it is then run again whole (docs/concurrency.md).
	return db.Retry(ctx, func() error { return approveTx(ctx, db, tree, a, u, p, now) })
}

// approveTx is one attempt of Approve, in one transaction.
func approveTx(ctx context.Context, db *store.DB, tree *units.Tree, a audit.Actor, u *units.Unit, p period.Period, now time.Time) error {
	unitID, per := u.ID, p.String()
	return db.InTx(ctx, func(tx *store.Tx) error {
		err := transition(ctx, tx, u, p, `status = 'approved', comment = '', approved_by = ?, approved_at = ?, updated_by = ?, updated_at = ?`,
			[]any{a.Name(), stamp(now), a.Name(), stamp(now)}, []Status{StatusSubmitted}, vi.ErrEntryNotSubmitted)
		if err != nil {
			return err
		}
		draft, err := loadValues(ctx, tx, "submission_values", unitID, per)
		if err != nil {
			return err
		}
		vals := make([]aggregate.Value, 0, len(draft))
		for _, b := range []rollup.Basis{rollup.Total, rollup.Own} {
			for _, ind := range indicator.Default.Base() {
				if v, ok := draft[field{ind.Code, b}]; ok {
					vals = append(vals, aggregate.Value{UnitID: unitID, Period: p, Indicator: ind.Code, Value: v, Basis: b})
				}
			}
		}
		res, err := aggregate.Write(ctx, tx, tree, vals, aggregate.Options{
			Approval: true,
			Source:   fmt.Sprintf(vi.EntrySource, u.Ref(), per), By: a, Kind: ImportKind, NoAudit: true, Now: now,
		})
		if err != nil {
			return fmt.Errorf("approve: %w", err)
		}
		return audit.Record(ctx, tx, now, a, audit.Entry{Action: audit.ActionEntryApprove, UnitID: unitID, Period: per,
			Detail: fmt.Sprintf(vi.AuditApproveDetail, res.Inserted+res.Updated)})
	})
}

// Return sends the submitted figures of unit unitID for period p back to
// the unit with a comment saying what to correct (required: apperr.Invalid
// without one). The unit can then edit and submit them again.
func Return(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, comment string, now time.Time) error {
	u, err := unitAt(tree, unitID, p)
	if err != nil {
		return err
	}
	if err := by.Check(u, auth.NeedApprove); err != nil {
		return err
	}
	a := by.Actor()
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return apperr.New(apperr.Invalid, vi.ErrEntryCommentRequired)
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		err := transition(ctx, tx, u, p, `status = 'returned', comment = ?, updated_by = ?, updated_at = ?`,
			[]any{comment, a.Name(), stamp(now)}, []Status{StatusSubmitted}, vi.ErrEntryNotSubmitted)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a, audit.Entry{Action: audit.ActionEntryReturn, UnitID: unitID, Period: p.String(), Detail: comment})
	})
}

// Unlock reopens the approved figures of unit unitID for period p, for the
// reason given (required): the submission becomes "returned" with the
// reason as its comment, and its draft is refreshed from the stored values
// (an import may have changed them since the approval). The published
// figures stay as they are until the next approval.
func Unlock(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, reason string, now time.Time) error {
	u, err := unitAt(tree, unitID, p)
	if err != nil {
		return err
	}
	if err := by.Check(u, auth.NeedApprove); err != nil {
		return err
	}
	a := by.Actor()
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return apperr.New(apperr.Invalid, vi.ErrEntryReasonRequired)
	}
	per := p.String()
	return db.InTx(ctx, func(tx *store.Tx) error {
		err := transition(ctx, tx, u, p, `status = 'returned', comment = ?, approved_by = NULL, approved_at = NULL, updated_by = ?, updated_at = ?`,
			[]any{reason, a.Name(), stamp(now)}, []Status{StatusApproved}, vi.ErrEntryNotApproved)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO submission_values (unit_id, period, indicator, basis, value)
			SELECT unit_id, period, indicator, basis, value FROM aggregate_values WHERE unit_id = ? AND period = ?
			ON CONFLICT (unit_id, period, indicator, basis) DO UPDATE SET value = excluded.value`, unitID, per)
		if err != nil {
			return fmt.Errorf("unlock: %w", err)
		}
		return audit.Record(ctx, tx, now, a, audit.Entry{Action: audit.ActionEntryUnlock, UnitID: unitID, Period: per, Detail: reason})
	})
}

// transition moves the submission of (u, p) from one of the statuses from
// by setting set (with args), in one conditional UPDATE: it both checks and
// locks the row, so that two officers acting at once cannot both succeed.
// When the submission is in another status (or missing) it returns a
// Conflict with refusal, a message taking the period, the unit and the
// current status.
func transition(ctx context.Context, tx *store.Tx, u *units.Unit, p period.Period, set string, args []any, from []Status, refusal string) error {
	in := make([]string, len(from))
	for i, s := range from {
		in[i] = "'" + string(s) + "'"
	}
	args = append(args, u.ID, p.String())
	res, err := tx.Exec(ctx, `UPDATE submissions SET `+set+` WHERE unit_id = ? AND period = ? AND status IN (`+strings.Join(in, ",")+`)`, args...)
	if err != nil {
		return fmt.Errorf("entry %s %s: %w", u.Ref(), p, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("entry %s %s: %w", u.Ref(), p, err)
	} else if n == 1 {
		return nil
	}
	sub, ok, err := loadSubmission(ctx, tx, u.ID, p.String())
	if err != nil {
		return err
	}
	if !ok {
		if refusal == vi.ErrEntryCannotSubmit {
			return apperr.New(apperr.Conflict, vi.ErrEntryNothing, p.NameVI(), u.FullName())
		}
		sub.status = StatusNone
	}
	return apperr.New(apperr.Conflict, refusal, p.NameVI(), u.FullName(), sub.status.Label())
}

// unitAt returns the unit, which must exist at the end of p.
func unitAt(tree *units.Tree, id int64, p period.Period) (*units.Unit, error) {
	u := tree.Get(id)
	if u == nil {
		return nil, apperr.New(apperr.NotFound, vi.ErrUnknownUnit, "id", fmt.Sprint(id), vi.Date(p.End()))
	}
	if !u.ValidAt(p.End()) {
		return nil, apperr.New(apperr.Invalid, vi.ErrEntryUnitNotInPeriod, u.FullName(), vi.Date(p.End()), p.NameVI())
	}
	return u, nil
}

// loadSubmission reads the submission of a unit and period, if any.
func loadSubmission(ctx context.Context, q store.Querier, unitID int64, per string) (submission, bool, error) {
	var (
		s                       submission
		status, updatedAt       string
		submittedAt, approvedAt sql.NullString
		approvedBy              sql.NullString
	)
	err := q.QueryRow(ctx, `SELECT status, comment, updated_by, updated_at, submitted_at, approved_by, approved_at, warnings
		FROM submissions WHERE unit_id = ? AND period = ?`, unitID, per).
		Scan(&status, &s.comment, &s.updatedBy, &updatedAt, &submittedAt, &approvedBy, &approvedAt, &s.warnings)
	if errors.Is(err, sql.ErrNoRows) {
		return submission{}, false, nil
	}
	if err != nil {
		return submission{}, false, fmt.Errorf("load submission: %w", err)
	}
	s.status, s.approvedBy = Status(status), approvedBy.String
	s.updatedAt = parseStamp(updatedAt)
	s.submittedAt = parseStamp(submittedAt.String)
	s.approvedAt = parseStamp(approvedAt.String)
	return s, true, nil
}

// loadValues reads the values of a unit and period from table
// (aggregate_values or submission_values), by indicator and basis.
func loadValues(ctx context.Context, q store.Querier, table string, unitID int64, per string) (map[field]float64, error) {
	rows, err := q.Query(ctx, `SELECT indicator, basis, value FROM `+table+` WHERE unit_id = ? AND period = ?`, unitID, per)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", table, err)
	}
	defer rows.Close()
	out := map[field]float64{}
	for rows.Next() {
		var code, basis string
		var v float64
		if err := rows.Scan(&code, &basis, &v); err != nil {
			return nil, fmt.Errorf("load %s: %w", table, err)
		}
		b, _ := rollup.ParseBasis(basis)
		out[field{code, b}] = v
	}
	return out, rows.Err()
}

// previous is the period of the same kind just before p: 2025H2 for
// 2026H1, 2025Q4 for 2026Q1, 2025-12 for 2026-01, 2025 for 2026.
func previous(p period.Period) period.Period {
	last := map[period.Kind]int{period.Half: 2, period.Quarter: 4, period.Month: 12}
	switch {
	case p.Kind == period.Year:
		p.Year--
	case p.N == 1:
		p.Year, p.N = p.Year-1, last[p.Kind]
	default:
		p.N--
	}
	return p
}

// orderedCodes lists the keys of values (entered texts, or the messages of
// FieldErrors) in catalogue order, unknown codes last in text order, so that
// audit entries and errors come in the form's order.
func orderedCodes(values map[string]string) []string {
	out := make([]string, 0, len(values))
	for _, ind := range indicator.Default.List {
		if _, ok := values[ind.Code]; ok {
			out = append(out, ind.Code)
		}
	}
	var rest []string
	for code := range values {
		if _, ok := indicator.Default.Get(code); !ok {
			rest = append(rest, code)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// message is the text for people of an error, without its location.
func message(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

func ptr(m map[string]float64, code string) *float64 {
	if v, ok := m[code]; ok {
		return &v
	}
	return nil
}

// stamp writes a time as stored: RFC 3339 in UTC.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// parseStamp reads a stored time; empty (NULL) is the zero time.
func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}
