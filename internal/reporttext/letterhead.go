package reporttext

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The bounds of a letterhead: a field's length in characters, and the
// number of recipients.
const (
	MaxLetterheadField = 300
	MaxRecipients      = 30
)

// Letterhead is the letterhead of a scope's document for a period: the
// fields set (an empty one takes the document's default), with the
// version saved for the period, or, when the period has none, the last one
// set before it without its number (Prefilled).
type Letterhead struct {
	report.Letterhead
	Version int
	By      string
	At      time.Time
	// From is the period the letterhead is carried forward from, zero
	// for the period's own.
	From period.Period
}

// Prefilled tells whether the letterhead is carried forward from an
// earlier period (From), not the period's own.
func (l Letterhead) Prefilled() bool { return l.From != period.Period{} }

// letterheadCols are the columns of a letterhead's fields, in the order of
// fieldValues.
const letterheadCols = "superior, issuer, doc_number, place, recipients, on_behalf, signer_title, signer_name"

// fieldValues are a letterhead's fields as the columns keep them: the
// recipients one per line.
func fieldValues(l report.Letterhead) []any {
	return []any{l.Superior, l.Issuer, l.Number, l.Place, strings.Join(l.Recipients, "\n"), l.OnBehalf, l.SignerTitle, l.SignerName}
}

// loadLetterhead reads the letterhead of scope t for period p, or the last
// one set for a period that ended before p, without its number.
func loadLetterhead(ctx context.Context, q store.Querier, t target, p period.Period) (Letterhead, error) {
	where, args := t.where()
	row := q.QueryRow(ctx, "SELECT period, "+letterheadCols+", version, updated_by, updated_at FROM report_letterheads WHERE "+where+
		" AND (period = ? OR period_end < ?) ORDER BY period_end DESC LIMIT 1", append(args, p.String(), period.Date(p.End()))...)
	var l Letterhead
	var per, recipients, at string
	err := row.Scan(&per, &l.Superior, &l.Issuer, &l.Number, &l.Place, &recipients, &l.OnBehalf, &l.SignerTitle, &l.SignerName, &l.Version, &l.By, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Letterhead{}, nil
	}
	if err != nil {
		return Letterhead{}, fmt.Errorf("report letterhead: %w", err)
	}
	if recipients != "" {
		l.Recipients = strings.Split(recipients, "\n")
	}
	l.At, _ = time.Parse(time.RFC3339, at)
	if per != p.String() {
		from, err := period.Parse(per)
		if err != nil {
			return Letterhead{}, fmt.Errorf("report letterhead: %w", err)
		}
		l.From, l.Version, l.Number = from, 0, ""
	}
	return l, nil
}

// CleanLetterhead is a letterhead as it is kept: each field on one line
// with single spaces (NFC), the recipients one per line without empty
// ones. It refuses a field longer than MaxLetterheadField characters and
// more than MaxRecipients recipients.
func CleanLetterhead(l report.Letterhead) (report.Letterhead, error) {
	one := func(label, s string) (string, error) {
		if !utf8.ValidString(s) {
			return "", apperr.New(apperr.Invalid, vi.ErrReportTextBadChars, label)
		}
		s = strings.Join(strings.Fields(norm.NFC.String(s)), " ")
		if n := utf8.RuneCountInString(s); n > MaxLetterheadField {
			return "", apperr.New(apperr.Invalid, vi.ErrLetterheadTooLong, label, n, MaxLetterheadField)
		}
		return s, nil
	}
	var out report.Letterhead
	for _, f := range []struct {
		label string
		in    string
		out   *string
	}{
		{vi.LetterheadSuperior, l.Superior, &out.Superior},
		{vi.LetterheadIssuer, l.Issuer, &out.Issuer},
		{vi.LetterheadNumber, l.Number, &out.Number},
		{vi.LetterheadPlace, l.Place, &out.Place},
		{vi.LetterheadOnBehalf, l.OnBehalf, &out.OnBehalf},
		{vi.LetterheadSignerTitle, l.SignerTitle, &out.SignerTitle},
		{vi.LetterheadSignerName, l.SignerName, &out.SignerName},
	} {
		s, err := one(f.label, f.in)
		if err != nil {
			return report.Letterhead{}, err
		}
		*f.out = s
	}
	for _, r := range l.Recipients {
		// A recipient written with line breaks (a text area) is several.
		for _, line := range strings.Split(strings.ReplaceAll(r, "\r", "\n"), "\n") {
			s, err := one(vi.LetterheadRecipients, line)
			if err != nil {
				return report.Letterhead{}, err
			}
			if s != "" {
				out.Recipients = append(out.Recipients, s)
			}
		}
	}
	if n := len(out.Recipients); n > MaxRecipients {
		return report.Letterhead{}, apperr.New(apperr.Invalid, vi.ErrLetterheadRecipients, n, MaxRecipients)
	}
	return out, nil
}

// SaveLetterhead saves the letterhead of scope ref's document for period
// p. version is the version the person saw (Letterhead.Version, 0 for none
// or one carried forward); if someone saved since, nothing is saved
// (apperr.Conflict). The save goes one version up, with a history row and
// an audit entry; one the same as the saved letterhead changes nothing. It
// returns the set as it is after.
func SaveLetterhead(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, ref units.Ref, p period.Period, l report.Letterhead, version int, now time.Time) (Set, error) {
	if err := CheckPeriod(p); err != nil {
		return Set{}, err
	}
	if version < 0 {
		return Set{}, apperr.New(apperr.Invalid, vi.ErrLetterheadVersion, version)
	}
	l, err := CleanLetterhead(l)
	if err != nil {
		return Set{}, err
	}
	return write(ctx, db, tree, by, ref, p, "report_letterheads", func(tx *store.Tx, t target) error {
		return saveLetterhead(ctx, tx, t, p, l, version, by, now)
	})
}

// saveLetterhead writes the letterhead unless it is the one saved, after
// checking that the save did not race with another.
func saveLetterhead(ctx context.Context, tx *store.Tx, t target, p period.Period, l report.Letterhead, version int, by auth.Principal, now time.Time) error {
	cur, err := loadLetterhead(ctx, tx, t, p)
	if err != nil {
		return err
	}
	if cur.Prefilled() {
		cur = Letterhead{}
	}
	if cur.Version > 0 && slices.Equal(fieldValues(cur.Letterhead), fieldValues(l)) {
		return nil
	}
	if version != cur.Version {
		return apperr.New(apperr.Conflict, vi.ErrLetterheadChanged, cur.By, vi.Time(cur.At))
	}
	stamp := now.UTC().Format(time.RFC3339)
	unitID, code := t.key()
	where, args := t.where()
	v := version + 1
	// As for texts: the lock keeps saves apart, the unique index and the
	// version in the condition refuse one that raced all the same.
	var res sql.Result
	if version == 0 {
		res, err = tx.Exec(ctx, "INSERT INTO report_letterheads (unit_id, cluster, period, period_end, "+letterheadCols+
			", version, updated_by, updated_at) VALUES ("+store.Placeholders(15)+") ON CONFLICT DO NOTHING",
			slices.Concat([]any{unitID, code, p.String(), period.Date(p.End())}, fieldValues(l), []any{v, by.Name(), stamp})...)
	} else {
		res, err = tx.Exec(ctx, `UPDATE report_letterheads SET superior = ?, issuer = ?, doc_number = ?, place = ?, recipients = ?,
			on_behalf = ?, signer_title = ?, signer_name = ?, version = ?, updated_by = ?, updated_at = ? WHERE `+where+" AND period = ? AND version = ?",
			slices.Concat(fieldValues(l), []any{v, by.Name(), stamp}, args, []any{p.String(), version})...)
	}
	if err != nil {
		return fmt.Errorf("report letterhead: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return apperr.New(apperr.Conflict, vi.ErrLetterheadChanged, vi.SomeoneElse, vi.Time(now))
	}
	fields, _ := json.Marshal(l)
	if _, err := tx.Exec(ctx, `INSERT INTO report_letterhead_history (unit_id, cluster, period, version, fields, actor, changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, unitID, code, p.String(), v, string(fields), by.Name(), stamp); err != nil {
		return fmt.Errorf("report letterhead: history: %w", err)
	}
	return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{
		Action: audit.ActionReportLetterhead, UnitID: t.unitID(), Period: p.String(),
		Detail: fmt.Sprintf(vi.AuditReportLetterheadDetail, t.name(), p.NameVI()),
	})
}
