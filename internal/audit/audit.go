// Package audit keeps the log of every change: who made it (a signed-in
// user or the command line), when, through what (a page, the API, an
// import, the command line), what it was (an action code such as
// "entry.save") and, for a single figure, its old and new value.
//
// Writers record their entry in the same transaction as the change itself,
// so that the log never misses a change nor shows one that was rolled back.
// Reading is filtered by units, user and dates; deciding who may read which
// units is the caller's job (the web layer passes the units of the user's
// scope).
package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The channels a change comes through (Actor.Via).
const (
	ViaPage   = "page"
	ViaAPI    = "api"
	ViaImport = "import"
	ViaCLI    = "cli"
)

// The action codes of the log. Labels for people are in vi.AuditAction.
const (
	ActionEntrySave    = "entry.save"
	ActionEntrySubmit  = "entry.submit"
	ActionEntryApprove = "entry.approve"
	ActionEntryReturn  = "entry.return"
	ActionEntryUnlock  = "entry.unlock"
	ActionEntryExplain = "entry.explain"
	ActionUserAdd      = "user.add"
	ActionUserPassword = "user.password"
	ActionUserDisable  = "user.disable"
	ActionUserEnable   = "user.enable"
	ActionTokenCreate  = "token.create"
	// ActionTokenRevoke is an API token revoked: by its owner, or with
	// every token of a user when their password is set.
	ActionTokenRevoke = "token.revoke"
	// ActionSignInFailed is a sign-in (or a check of the current password)
	// with a wrong password, an unknown e-mail or a locked account.
	ActionSignInFailed = "signin.failed"
	// ActionSignInThrottled is a sign-in refused before the password was
	// checked, after too many failures; the first refusal of each waiting
	// period is recorded, not every one, so that hammering the page does
	// not fill the log.
	ActionSignInThrottled  = "signin.throttled"
	ActionImportAggregates = "import.aggregates"
	ActionImportLineage    = "import.lineage"
	ActionImportClusters   = "import.clusters"
	// The association registry (package registry). ActionMemberView is a
	// view of a member's personal data unmasked, ActionMemberExport an
	// export of a member list.
	ActionMemberAdd      = "member.add"
	ActionMemberEdit     = "member.edit"
	ActionMemberLeave    = "member.leave"
	ActionMemberTransfer = "member.transfer"
	ActionMemberRejoin   = "member.rejoin"
	ActionMemberErase    = "member.erase"
	ActionMemberView     = "member.view"
	ActionMemberExport   = "member.export"
	ActionImportMembers  = "import.members"
	ActionOrgAdd         = "org.add"
	ActionOrgDissolve    = "org.dissolve"
	ActionOrgMove        = "org.move"
	// The texts officers write in a report and its letterhead (package
	// reporttext).
	ActionReportTexts      = "report.texts"
	ActionReportLetterhead = "report.letterhead"
	// The study-promotion fund (package fund).
	ActionFundEntry     = "fund.entry"
	ActionFundReverse   = "fund.reverse"
	ActionFundClose     = "fund.close"
	ActionFundReopen    = "fund.reopen"
	ActionFundCount     = "fund.count"
	ActionFundProgramme = "fund.programme"
	// A programme's recipient added, recipients approved, and the list
	// read in full or exported.
	ActionFundAward      = "fund.award"
	ActionFundApprove    = "fund.approve"
	ActionFundRecipients = "fund.recipients"
	ActionImportFund     = "import.fund"
)

// Actor is who makes a change and through what. It is deliberately small,
// so that areas record changes without depending on the auth package: the
// web layer fills it from the signed-in user, the command line with
// Via "cli" and no user.
type Actor struct {
	UserID int64  // the signed-in user; 0 when none (command line)
	Email  string // the user's e-mail; empty for the command line
	Via    string // ViaPage, ViaAPI, ViaImport or ViaCLI
}

// Name is how the actor is kept in the log and in the tables that say who
// changed something: the e-mail, or the channel ("cli") when there is no
// user.
func (a Actor) Name() string {
	if a.Email != "" {
		return a.Email
	}
	return a.Via
}

// Entry is one line of the log. UnitID 0, empty Period and Indicator and
// nil values mean "not about a single unit, period or figure".
type Entry struct {
	ID        int64
	At        time.Time
	UserID    int64
	Actor     string
	Via       string
	Action    string
	UnitID    int64
	Period    string
	Indicator string
	OldValue  *float64
	NewValue  *float64
	Detail    string
}

// Label is the Vietnamese name of the entry's action.
func (e Entry) Label() string { return vi.AuditAction(e.Action) }

// columns are those an entry writes, in the order of row.
var columns = []string{"at", "user_id", "actor", "via", "action", "unit_id", "period", "indicator", "old_value", "new_value", "detail"}

// row checks an entry and returns its column values; the time and the
// actor come from the arguments, not from e.
func row(now time.Time, a Actor, e Entry) ([]any, error) {
	switch a.Via {
	case ViaPage, ViaAPI, ViaImport, ViaCLI:
	default:
		return nil, apperr.New(apperr.Internal, "audit: unknown channel %q", a.Via)
	}
	if e.Action == "" {
		return nil, apperr.New(apperr.Internal, "audit: entry without an action")
	}
	return []any{
		stamp(now), nullID(a.UserID), a.Name(), a.Via, e.Action, nullID(e.UnitID),
		e.Period, e.Indicator, nullFloat(e.OldValue), nullFloat(e.NewValue), e.Detail,
	}, nil
}

// insertOne writes one entry.
var insertOne = "INSERT INTO audit_log (" + strings.Join(columns, ",") + ") VALUES (" +
	store.Placeholders(len(columns)) + ")"

// Record writes one entry made by a at now. Call it with the transaction of
// the change it records.
func Record(ctx context.Context, q store.Querier, now time.Time, a Actor, e Entry) error {
	r, err := row(now, a, e)
	if err != nil {
		return err
	}
	if _, err := q.Exec(ctx, insertOne, r...); err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// RecordMany writes many entries made by a at now (one per field of a form
// saved, say) in the transaction of the change, with few statements
// (store.Tx.BulkInsert).
func RecordMany(ctx context.Context, tx *store.Tx, now time.Time, a Actor, es []Entry) error {
	rows := make([][]any, len(es))
	for i, e := range es {
		r, err := row(now, a, e)
		if err != nil {
			return err
		}
		rows[i] = r
	}
	if err := tx.BulkInsert(ctx, "audit_log", columns, rows, ""); err != nil {
		return fmt.Errorf("audit: record %s: %w", es[0].Action, err)
	}
	return nil
}

// Filter selects entries for List. Zero fields select everything.
type Filter struct {
	// UnitIDs limits the entries to those about these units; nil means
	// every entry, an empty non-nil slice none. Entries about no unit
	// (a user added) are left out whenever UnitIDs is set.
	UnitIDs []int64
	UserID  int64     // entries by this user only
	From    time.Time // entries at or after From
	To      time.Time // entries strictly before To
	Action  string    // one action code; an ending "." selects a family ("entry.")
	Limit   int       // at most this many; 0 means 100
	Offset  int       // skip this many, for paging
}

// DefaultLimit is the page size of List when the filter sets none.
const DefaultLimit = 100

// List returns the entries that f selects, newest first.
func List(ctx context.Context, q store.Querier, f Filter) ([]Entry, error) {
	if f.UnitIDs != nil && len(f.UnitIDs) == 0 {
		return nil, nil
	}
	var where []string
	var args []any
	if f.UnitIDs != nil {
		where = append(where, "unit_id IN ("+store.Placeholders(len(f.UnitIDs))+")")
		for _, id := range f.UnitIDs {
			args = append(args, id)
		}
	}
	if f.UserID != 0 {
		where = append(where, "user_id = ?")
		args = append(args, f.UserID)
	}
	if !f.From.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, stamp(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "at < ?")
		args = append(args, stamp(f.To))
	}
	switch {
	case strings.HasSuffix(f.Action, "."):
		where = append(where, "action LIKE ?")
		args = append(args, f.Action+"%")
	case f.Action != "":
		where = append(where, "action = ?")
		args = append(args, f.Action)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	query := `SELECT id, at, user_id, actor, via, action, unit_id, period, indicator, old_value, new_value, detail FROM audit_log`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"
	args = append(args, limit, max(f.Offset, 0))

	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("audit list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var (
			e        Entry
			at       string
			uid, unt sql.NullInt64
			old, new sql.NullFloat64
		)
		if err := rows.Scan(&e.ID, &at, &uid, &e.Actor, &e.Via, &e.Action, &unt, &e.Period, &e.Indicator, &old, &new, &e.Detail); err != nil {
			return nil, fmt.Errorf("audit list: %w", err)
		}
		if e.At, err = time.Parse(time.RFC3339, at); err != nil {
			return nil, fmt.Errorf("audit list: entry %d: %w", e.ID, err)
		}
		e.UserID, e.UnitID = uid.Int64, unt.Int64
		if old.Valid {
			e.OldValue = &old.Float64
		}
		if new.Valid {
			e.NewValue = &new.Float64
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit list: %w", err)
	}
	return out, nil
}

// stamp writes a time as stored: RFC 3339 in UTC to the second, whose text
// order is time order.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullFloat(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}
