package reporttext

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// AfterPrefix begins the key of an officer's sentence after a figure: it
// is followed by the indicator's code ("after:members.total").
const AfterPrefix = "after:"

// MaxText is the longest text of one section or sentence, in characters:
// about eight pages of a report, far more than a section takes.
const MaxText = 20000

// Text is one text of a report: as saved for the period, or, when the
// period has none, as the previous report had it (Prefilled).
type Text struct {
	Body string
	// Version is the version saved for this period, 0 when none: the
	// version a save of what the person saw must name.
	Version int
	By      string    // who saved it
	At      time.Time // when
	// From is the previous report whose text Body is, when the period
	// has no text of its own (nothing is saved); zero otherwise.
	From period.Period
}

// Prefilled tells whether the text is the previous report's (From), not
// the period's own.
func (t Text) Prefilled() bool { return t.From != period.Period{} }

// Set is everything a scope's report says beside its figures for a period.
type Set struct {
	Ref    units.Ref
	Period period.Period
	// Name is the scope as people read it ("Tỉnh Đắk Lắk").
	Name string
	// Sections holds every key of report.TextKeys, with an empty Text where
	// there is neither a text nor a pre-fill.
	Sections map[string]Text
	// After holds the sentences after figures, by indicator code, only
	// those with a text or a pre-fill.
	After      map[string]Text
	Letterhead Letterhead
	// Writable tells whether the principal who loaded the set may save
	// it (SaveTexts, SaveLetterhead).
	Writable bool
}

// Edit is one text to save.
type Edit struct {
	// Key is a section's key (report.TextKeys) or AfterPrefix followed by
	// an indicator's code.
	Key  string
	Text string
	// Version is the version the person saw (Text.Version, 0 for none or
	// a pre-fill). The save is refused if someone saved since.
	Version int
}

// sectionKeys are the keys of report.TextKeys, for lookups.
var sectionKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range report.TextKeys() {
		m[k] = true
	}
	return m
}()

// heading is how messages name a key: the section's heading, or the
// figure's for a sentence after it.
func heading(key string) string {
	if code, ok := strings.CutPrefix(key, AfterPrefix); ok {
		if ind, ok := indicator.Default.Get(code); ok {
			return fmt.Sprintf(vi.ReportTextAfter, ind.NameVI)
		}
	}
	return vi.ReportSection(key)
}

// checkKey refuses a key that is neither a section nor a figure's.
func checkKey(key string) error {
	if code, ok := strings.CutPrefix(key, AfterPrefix); ok {
		if _, ok := indicator.Default.Get(code); !ok {
			return apperr.New(apperr.Invalid, vi.ErrReportTextIndicator, code)
		}
		return nil
	}
	if !sectionKeys[key] {
		return apperr.New(apperr.Invalid, vi.ErrReportTextKey, key)
	}
	return nil
}

// CleanText is a text as it is kept: line ends made "\n", Unicode in its
// composed form (NFC, as Vietnamese is typed on most keyboards), spaces
// at both ends dropped. It refuses text that is not UTF-8, holds control
// characters other than line ends and tabs, or is longer than MaxText.
func CleanText(key, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", apperr.New(apperr.Invalid, vi.ErrReportTextBadChars, heading(key))
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimSpace(norm.NFC.String(s))
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return "", apperr.New(apperr.Invalid, vi.ErrReportTextBadChars, heading(key))
		}
	}
	if n := utf8.RuneCountInString(s); n > MaxText {
		return "", apperr.New(apperr.Invalid, vi.ErrReportTextTooLong, heading(key), n, MaxText)
	}
	return s, nil
}

// checkEdits validates edits without the database and returns them
// cleaned, or the first fault.
func checkEdits(edits []Edit) ([]Edit, error) {
	if len(edits) == 0 {
		return nil, apperr.New(apperr.Invalid, vi.ErrReportTextNothing)
	}
	seen := map[string]bool{}
	out := make([]Edit, 0, len(edits))
	for _, e := range edits {
		if err := checkKey(e.Key); err != nil {
			return nil, err
		}
		if seen[e.Key] {
			continue
		}
		seen[e.Key] = true
		if e.Version < 0 {
			return nil, apperr.New(apperr.Invalid, vi.ErrReportTextVersion, e.Version, heading(e.Key))
		}
		body, err := CleanText(e.Key, e.Text)
		if err != nil {
			return nil, err
		}
		e.Text = body
		out = append(out, e)
	}
	return out, nil
}

// Load reads what the report of scope ref for period p says beside its
// figures: every section (pre-filled from the previous report where the
// period has no text), the sentences after figures and the letterhead.
// The principal must read the scope; the pre-fill is taken only from a
// scope they read.
func Load(ctx context.Context, q store.Querier, tree *units.Tree, by auth.Principal, ref units.Ref, p period.Period) (Set, error) {
	if err := CheckPeriod(p); err != nil {
		return Set{}, err
	}
	t, err := resolve(ctx, q, tree, ref, p)
	if err != nil {
		return Set{}, err
	}
	if err := t.check(by, false); err != nil {
		return Set{}, err
	}
	return load(ctx, q, tree, by, t, p)
}

// load is Load for a scope already resolved and checked.
func load(ctx context.Context, q store.Querier, tree *units.Tree, by auth.Principal, t target, p period.Period) (Set, error) {
	set := Set{Ref: t.ref, Period: p, Name: t.name(), Sections: map[string]Text{}, After: map[string]Text{}, Writable: t.check(by, true) == nil}
	own, err := readTexts(ctx, q, t, p)
	if err != nil {
		return Set{}, err
	}
	prev := Previous(p)
	var before map[string]Text
	if pt, err := resolve(ctx, q, tree, t.ref, prev); err == nil && pt.readable(by) {
		if before, err = readTexts(ctx, q, pt, prev); err != nil {
			return Set{}, err
		}
	}
	put := func(key string, txt Text) {
		if code, ok := strings.CutPrefix(key, AfterPrefix); ok {
			set.After[code] = txt
		} else {
			set.Sections[key] = txt
		}
	}
	for key, txt := range before {
		if _, saved := own[key]; !saved && txt.Body != "" && checkKey(key) == nil {
			put(key, Text{Body: txt.Body, By: txt.By, At: txt.At, From: prev})
		}
	}
	for key, txt := range own {
		if checkKey(key) == nil {
			put(key, txt)
		}
	}
	for _, key := range report.TextKeys() {
		if _, ok := set.Sections[key]; !ok {
			set.Sections[key] = Text{}
		}
	}
	if set.Letterhead, err = loadLetterhead(ctx, q, t, p); err != nil {
		return Set{}, err
	}
	return set, nil
}

// readTexts reads the texts saved for scope t and period p, by key.
func readTexts(ctx context.Context, q store.Querier, t target, p period.Period) (map[string]Text, error) {
	where, args := t.where()
	rows, err := q.Query(ctx, "SELECT section, body, version, updated_by, updated_at FROM report_texts WHERE "+where+" AND period = ?",
		append(args, p.String())...)
	if err != nil {
		return nil, fmt.Errorf("report texts: %w", err)
	}
	defer rows.Close()
	out := map[string]Text{}
	for rows.Next() {
		var key, at string
		var txt Text
		if err := rows.Scan(&key, &txt.Body, &txt.Version, &txt.By, &at); err != nil {
			return nil, fmt.Errorf("report texts: %w", err)
		}
		txt.At, _ = time.Parse(time.RFC3339, at)
		out[key] = txt
	}
	return out, rows.Err()
}

// SaveTexts saves edits to the texts of scope ref for period p as drafts,
// all or none: each must name the version the person saw, and if anyone
// saved one of them since, nothing is saved (apperr.Conflict, naming each
// such text, who saved it and when). A text the same as the one saved is
// left as it is; an empty one where none was saved is saved, so that the
// section stays empty rather than offered the previous report's. Each text
// saved goes one version up, with a history row; the save writes one audit
// entry. It returns the texts as they are after.
func SaveTexts(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, ref units.Ref, p period.Period, edits []Edit, now time.Time) (Set, error) {
	if err := CheckPeriod(p); err != nil {
		return Set{}, err
	}
	edits, err := checkEdits(edits)
	if err != nil {
		return Set{}, err
	}
	return write(ctx, db, tree, by, ref, p, "report_texts", func(tx *store.Tx, t target) error {
		return saveTexts(ctx, tx, t, p, edits, by, now)
	})
}

// write runs one save of scope ref's texts or letterhead for period p in a
// transaction: it resolves the scope, checks that the principal writes it,
// takes the scope's lock in the lock space named space, lets save write,
// and returns the set as it is after.
func write(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, ref units.Ref, p period.Period, space string,
	save func(*store.Tx, target) error) (Set, error) {
	var set Set
	err := db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			t, err := resolve(ctx, tx, tree, ref, p)
			if err != nil {
				return err
			}
			if err := t.check(by, true); err != nil {
				return err
			}
			if err := t.lock(ctx, tx, space); err != nil {
				return err
			}
			if err := save(tx, t); err != nil {
				return err
			}
			set, err = load(ctx, tx, tree, by, t, p)
			return err
		})
	})
	return set, err
}

// saveTexts writes the edits that change something, after checking that
// none raced with another save.
func saveTexts(ctx context.Context, tx *store.Tx, t target, p period.Period, edits []Edit, by auth.Principal, now time.Time) error {
	cur, err := readTexts(ctx, tx, t, p)
	if err != nil {
		return err
	}
	var changes []Edit
	var raced []string
	for _, e := range edits {
		// An empty text saved where there was none is kept too: the
		// section is empty for this period, and the previous report's
		// text is no longer offered.
		c, saved := cur[e.Key]
		if saved && c.Body == e.Text {
			continue
		}
		if e.Version != c.Version {
			raced = append(raced, fmt.Sprintf(vi.ReportTextChangedBy, heading(e.Key), c.By, vi.Time(c.At)))
			continue
		}
		changes = append(changes, e)
	}
	if len(raced) > 0 {
		return apperr.New(apperr.Conflict, vi.ErrReportTextChanged, strings.Join(raced, "; "))
	}
	if len(changes) == 0 {
		return nil
	}
	stamp := now.UTC().Format(time.RFC3339)
	unitID, code := t.key()
	where, args := t.where()
	var names []string
	for _, e := range changes {
		v := e.Version + 1
		// The scope's lock keeps saves apart; should it ever not, the
		// unique index (a first save) and the version in the condition
		// (a later one) still refuse a save that raced with another.
		var res sql.Result
		if e.Version == 0 {
			res, err = tx.Exec(ctx, `INSERT INTO report_texts (unit_id, cluster, period, section, body, version, updated_by, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, unitID, code, p.String(), e.Key, e.Text, v, by.Name(), stamp)
		} else {
			res, err = tx.Exec(ctx, "UPDATE report_texts SET body = ?, version = ?, updated_by = ?, updated_at = ? WHERE "+where+
				" AND period = ? AND section = ? AND version = ?", slices.Concat([]any{e.Text, v, by.Name(), stamp}, args, []any{p.String(), e.Key, e.Version})...)
		}
		if err != nil {
			return fmt.Errorf("report texts: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return apperr.New(apperr.Conflict, vi.ErrReportTextChanged, "«"+heading(e.Key)+"»")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO report_text_history (unit_id, cluster, period, section, version, body, actor, changed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, unitID, code, p.String(), e.Key, v, e.Text, by.Name(), stamp); err != nil {
			return fmt.Errorf("report texts: history: %w", err)
		}
		names = append(names, heading(e.Key))
	}
	return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{
		Action: audit.ActionReportTexts, UnitID: t.unitID(), Period: p.String(),
		Detail: fmt.Sprintf(vi.AuditReportTextsDetail, t.name(), p.NameVI(), strings.Join(names, "; ")),
	})
}

// History is one saved version of a text.
type History struct {
	Version int
	Body    string
	By      string
	At      time.Time
}

// TextHistory lists every version saved of one text of scope ref for
// period p, the latest first. The principal must read the scope.
func TextHistory(ctx context.Context, q store.Querier, tree *units.Tree, by auth.Principal, ref units.Ref, p period.Period, key string) ([]History, error) {
	if err := CheckPeriod(p); err != nil {
		return nil, err
	}
	if err := checkKey(key); err != nil {
		return nil, err
	}
	t, err := resolve(ctx, q, tree, ref, p)
	if err != nil {
		return nil, err
	}
	if err := t.check(by, false); err != nil {
		return nil, err
	}
	where, args := t.where()
	rows, err := q.Query(ctx, "SELECT version, body, actor, changed_at FROM report_text_history WHERE "+where+
		" AND period = ? AND section = ? ORDER BY version DESC, id DESC", append(args, p.String(), key)...)
	if err != nil {
		return nil, fmt.Errorf("report texts: history: %w", err)
	}
	defer rows.Close()
	var out []History
	for rows.Next() {
		var h History
		var at string
		if err := rows.Scan(&h.Version, &h.Body, &h.By, &at); err != nil {
			return nil, err
		}
		h.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, h)
	}
	return out, rows.Err()
}

// Gather collects, for the report of cluster ref for period p, the texts
// its provinces saved for the same period, each section's texts one after
// the other in the order of the provinces' codes, each opened by the
// province's name, for the cluster's secretary to edit into the cluster's
// own. Sections no province wrote are left out. It writes nothing; the
// principal must read the cluster.
func Gather(ctx context.Context, q store.Querier, tree *units.Tree, by auth.Principal, ref units.Ref, p period.Period) (map[string]string, error) {
	if err := CheckPeriod(p); err != nil {
		return nil, err
	}
	if ref.Level != units.Cluster {
		return nil, apperr.New(apperr.Invalid, vi.ErrGatherNotCluster)
	}
	t, err := resolve(ctx, q, tree, ref, p)
	if err != nil {
		return nil, err
	}
	if err := t.check(by, false); err != nil {
		return nil, err
	}
	parts := map[string][]string{}
	for _, prov := range t.cluster.Provinces {
		u := tree.Get(prov.ID)
		if u == nil {
			continue
		}
		texts, err := readTexts(ctx, q, target{ref: units.Ref{Level: u.Level, Code: u.Code}, unit: u}, p)
		if err != nil {
			return nil, err
		}
		for _, key := range report.TextKeys() {
			if body := texts[key].Body; body != "" {
				parts[key] = append(parts[key], fmt.Sprintf(vi.ReportTextGatherLine, u.FullName(), body))
			}
		}
	}
	out := map[string]string{}
	for key, ps := range parts {
		out[key] = strings.Join(ps, "\n\n")
	}
	return out, nil
}

// DocOptions is what a document of the set takes: the texts saved for its
// period (a pre-fill is not the period's until someone saves it), the
// letterhead (carried forward from an earlier report when the period has
// none), and today.
func (s Set) DocOptions(today time.Time) report.DocOptions {
	o := report.DocOptions{Texts: report.Texts{Sections: map[string]string{}, After: map[string]string{}}, Letterhead: s.Letterhead.Letterhead, Today: today}
	for key, txt := range s.Sections {
		if !txt.Prefilled() && txt.Body != "" {
			o.Texts.Sections[key] = txt.Body
		}
	}
	for code, txt := range s.After {
		if !txt.Prefilled() && txt.Body != "" {
			o.Texts.After[code] = txt.Body
		}
	}
	return o
}

// Options is what the document of scope ref for period p takes beside the
// figures (Load, then Set.DocOptions). A period without a document (the
// second half, a quarter, a month) has no texts: only today, so that the
// machine formats of such a period are still made.
func Options(ctx context.Context, q store.Querier, tree *units.Tree, by auth.Principal, ref units.Ref, p period.Period, today time.Time) (report.DocOptions, error) {
	if CheckPeriod(p) != nil {
		return report.DocOptions{Today: today}, nil
	}
	set, err := Load(ctx, q, tree, by, ref, p)
	if err != nil {
		return report.DocOptions{}, err
	}
	return set.DocOptions(today), nil
}
