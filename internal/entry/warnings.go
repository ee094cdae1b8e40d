package entry

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/checks"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Warning is what the plausibility checks (package checks) find wrong-
// looking in a form's totals, with the officer's explanation once written.
// The checks read the form's values of the total basis and the unit's
// stored figures of the previous period and of the same period last year.
type Warning struct {
	checks.Warning
	Explanation string // empty until explained
	ExplainedBy string
	ExplainedAt time.Time
}

// MaxExplanation bounds an explanation, in characters: a short sentence
// or two, not a report.
const MaxExplanation = 1000

// Unexplained refuses a submission whose form has warnings without an
// explanation. As an error its code is apperr.Invalid and its message
// vi.ErrEntryUnexplained; Warnings lists those left unexplained.
type Unexplained struct {
	Unit, Period string // Vietnamese names
	Warnings     []checks.Warning
}

func (e Unexplained) Error() string {
	return fmt.Sprintf(vi.ErrEntryUnexplained, e.Unit, e.Period, len(e.Warnings))
}

// As lets apperr.CodeOf classify the refusal as Invalid.
func (e Unexplained) As(target any) bool {
	if t, ok := target.(**apperr.Error); ok {
		*t = &apperr.Error{Code: apperr.Invalid, Message: e.Error()}
		return true
	}
	return false
}

// earlier are the stored figures a form is compared with: the unit's
// values of the previous period and of the same period last year, and its
// flows over the year before the period (checks.Figures.YearBefore).
type earlier struct {
	prev, comp, year map[string]float64
}

// comparisons reads the unit's values of basis b for the previous period,
// the same period last year and the year before the period, rolled up and
// followed through the lineage as in a report (for the own basis, the
// unit's own figures).
func comparisons(ctx context.Context, db *store.DB, tree *units.Tree, unitID int64, p period.Period, b rollup.Basis) (earlier, error) {
	prevP, compP := previous(p), p.Compare()
	ev := rollup.NewEvaluator(db, tree, indicator.Default)
	years := []int{prevP.Year}
	if compP.Year != prevP.Year {
		years = append(years, compP.Year)
	}
	// The year before the period (p.YearBefore) is prevP's year: a first
	// part of a year has none.
	if err := ev.Prefetch(ctx, []int64{unitID}, years); err != nil {
		return earlier{}, fmt.Errorf("entry form: %w", err)
	}
	value := ev.Value
	if b == rollup.Own {
		value = ev.Own
	}
	e := earlier{prev: map[string]float64{}, comp: map[string]float64{}, year: map[string]float64{}}
	for _, ind := range indicator.Default.Base() {
		for _, x := range []struct {
			p   period.Period
			out map[string]float64
		}{{prevP, e.prev}, {compP, e.comp}} {
			r, err := value(ctx, unitID, x.p, ind)
			if err != nil {
				return earlier{}, fmt.Errorf("entry form: %s %s: %w", x.p, ind.Code, err)
			}
			if r.Has {
				x.out[ind.Code] = r.Value
			}
		}
		if ind.Kind != indicator.Flow {
			continue
		}
		for _, q := range p.YearBefore() {
			r, err := value(ctx, unitID, q, ind)
			if err != nil {
				return earlier{}, fmt.Errorf("entry form: %s %s: %w", q, ind.Code, err)
			}
			if r.Has {
				e.year[ind.Code] += r.Value
			}
		}
	}
	return e, nil
}

// evaluate applies the checks to the totals among vals (a draft's or the
// stored values, both bases).
func evaluate(u *units.Unit, p period.Period, vals map[field]float64, e earlier) []checks.Warning {
	totals := map[string]float64{}
	for k, v := range vals {
		if k.basis == rollup.Total {
			totals[k.code] = v
		}
	}
	return checks.Default.Evaluate(checks.Figures{
		Unit: u.FullName(), Period: p, Values: totals,
		PreviousPeriod: previous(p), Previous: e.prev,
		ComparePeriod: p.Compare(), Compare: e.comp,
		YearBefore: e.year,
	})
}

// formWarnings are the warnings of a loaded form (vals, both bases), with
// their explanations.
func formWarnings(ctx context.Context, db *store.DB, tree *units.Tree, u *units.Unit, f Form, vals map[field]float64) ([]Warning, error) {
	e := earlier{prev: f.Previous, comp: f.CompareValues, year: f.yearBefore}
	if f.Basis != rollup.Total {
		var err error
		if e, err = comparisons(ctx, db, tree, u.ID, f.Period, rollup.Total); err != nil {
			return nil, err
		}
	}
	ws := evaluate(u, f.Period, vals, e)
	if len(ws) == 0 {
		return nil, nil
	}
	expl, err := loadExplanations(ctx, db, u.ID, f.Period.String())
	if err != nil {
		return nil, err
	}
	out := make([]Warning, len(ws))
	for i, w := range ws {
		e := expl[w.Key]
		out[i] = Warning{Warning: w, Explanation: e.text, ExplainedBy: e.by, ExplainedAt: e.at}
	}
	return out, nil
}

// explanation is a stored row of submission_explanations.
type explanation struct {
	text, by, message string
	at                time.Time
}

// loadExplanations reads the explanations of a unit's form, by warning key.
func loadExplanations(ctx context.Context, q store.Querier, unitID int64, per string) (map[string]explanation, error) {
	rows, err := q.Query(ctx, `SELECT warning, explanation, written_by, written_at, message
		FROM submission_explanations WHERE unit_id = ? AND period = ?`, unitID, per)
	if err != nil {
		return nil, fmt.Errorf("load explanations: %w", err)
	}
	defer rows.Close()
	out := map[string]explanation{}
	for rows.Next() {
		var key, at string
		var e explanation
		if err := rows.Scan(&key, &e.text, &e.by, &at, &e.message); err != nil {
			return nil, fmt.Errorf("load explanations: %w", err)
		}
		e.at = parseStamp(at)
		out[key] = e
	}
	return out, rows.Err()
}

// Explain stores the officer's explanations of the warnings of the draft
// of unit unitID for period p: texts maps a warning's key
// (Warning.Key, change:members.total) to its explanation; an empty text
// removes one. Explanations of warnings the draft's figures do not raise
// (any more) are not stored. A key that names no check is refused
// (apperr.Invalid), and so is a text over MaxExplanation characters; a
// submitted or approved form is refused (apperr.Conflict), and so is a
// principal who may not write the unit. Each change is recorded in the
// audit log with the warning and the text, which keeps their history.
func Explain(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period, texts map[string]string, now time.Time) error {
	u, err := unitAt(tree, unitID, p)
	if err != nil {
		return err
	}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return err
	}
	for key, text := range texts {
		if !checks.Default.KnownKey(key) {
			return apperr.New(apperr.Invalid, vi.ErrExplanationKey, key)
		}
		if utf8.RuneCountInString(strings.TrimSpace(text)) > MaxExplanation {
			return apperr.New(apperr.Invalid, vi.ErrExplanationTooLong, MaxExplanation)
		}
	}
	if len(texts) == 0 {
		return nil
	}
	e, err := comparisons(ctx, db, tree, unitID, p, rollup.Total)
	if err != nil {
		return err
	}
	a, per := by.Actor(), p.String()
	return db.InTx(ctx, func(tx *store.Tx) error {
		vals, err := loadValues(ctx, tx, "submission_values", unitID, per)
		if err != nil {
			return err
		}
		old, err := loadExplanations(ctx, tx, unitID, per)
		if err != nil {
			return err
		}
		var entries []audit.Entry
		for _, w := range evaluate(u, p, vals, e) {
			text, posted := texts[w.Key]
			text = strings.TrimSpace(text)
			if !posted || text == old[w.Key].text {
				continue
			}
			if len(entries) == 0 {
				// The first change checks and locks the form's row: only
				// a draft or a returned form is explained.
				if err := transition(ctx, tx, u, p, `updated_by = ?, updated_at = ?`, []any{a.Name(), stamp(now)},
					[]Status{StatusDraft, StatusReturned}, vi.ErrEntryLocked); err != nil {
					return err
				}
			}
			if text == "" {
				_, err = tx.Exec(ctx, `DELETE FROM submission_explanations WHERE unit_id = ? AND period = ? AND warning = ?`, unitID, per, w.Key)
			} else {
				_, err = tx.Exec(ctx, `INSERT INTO submission_explanations (unit_id, period, warning, message, explanation, written_by, written_at)
					VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id, period, warning) DO UPDATE SET
					message = excluded.message, explanation = excluded.explanation, written_by = excluded.written_by, written_at = excluded.written_at`,
					unitID, per, w.Key, w.Message, text, a.Name(), stamp(now))
			}
			if err != nil {
				return fmt.Errorf("explain: %w", err)
			}
			entries = append(entries, audit.Entry{Action: audit.ActionEntryExplain, UnitID: unitID, Period: per,
				Indicator: w.Indicators[0], Detail: fmt.Sprintf(vi.AuditExplainDetail, w.Message, text)})
		}
		if len(entries) == 0 {
			return nil
		}
		return audit.RecordMany(ctx, tx, now, a, entries)
	})
}

// checkExplained is the check of a submission, inside its transaction:
// every warning of the draft's figures has an explanation (Unexplained
// otherwise). It brings the stored warnings' texts to the figures
// submitted and returns how many warnings there are.
func checkExplained(ctx context.Context, tx *store.Tx, u *units.Unit, p period.Period, e earlier) (int, error) {
	per := p.String()
	vals, err := loadValues(ctx, tx, "submission_values", u.ID, per)
	if err != nil {
		return 0, err
	}
	ws := evaluate(u, p, vals, e)
	if len(ws) == 0 {
		return 0, nil
	}
	expl, err := loadExplanations(ctx, tx, u.ID, per)
	if err != nil {
		return 0, err
	}
	var missing []checks.Warning
	for _, w := range ws {
		if expl[w.Key].text == "" {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		return 0, Unexplained{Unit: u.FullName(), Period: p.NameVI(), Warnings: missing}
	}
	for _, w := range ws {
		if expl[w.Key].message == w.Message {
			continue
		}
		if _, err := tx.Exec(ctx, `UPDATE submission_explanations SET message = ? WHERE unit_id = ? AND period = ? AND warning = ?`,
			w.Message, u.ID, per, w.Key); err != nil {
			return 0, fmt.Errorf("submit: %w", err)
		}
	}
	return len(ws), nil
}
