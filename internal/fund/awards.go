package fund

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Beneficiaries are who a programme's award may go to: pupils in hardship,
// good pupils, students, teachers and self-taught adults.
var Beneficiaries = []string{"pupil_hardship", "good_pupil", "student", "teacher", "adult"}

// AwardKinds are the kinds of award, the purposes of the payment that pays one.
var AwardKinds = []string{"scholarship", "prize", "teacher_support", "books_bicycles", "other"}

// Programme is a scholarship or prize programme of a unit and year, with
// what its payments spent so far (net of reversals, by every unit that
// paid its awards).
type Programme struct {
	ID          int64
	UnitID      int64
	Code, Name  string
	Year        int
	Budget      int64 // 0: none set
	Eligibility string
	Spent       int64
}

// ProgrammeRef names a programme: its unit, code and year.
type ProgrammeRef struct {
	UnitID int64
	Code   string
	Year   int
}

// NewAward is a recipient to add to a programme's list.
type NewAward struct {
	Programme ProgrammeRef
	// UnitID is the unit that proposes and pays the award: the programme's
	// unit or a unit below it (0: the programme's unit).
	UnitID      int64
	Beneficiary string // one of Beneficiaries
	AwardKind   string // one of AwardKinds; empty: scholarship
	FullName    string
	BirthDate   string // dd/mm/yyyy or yyyy
	School      string // a pupil's or student's school
	Grade       string // and class or year
	Workplace   string // a teacher's or an adult's workplace
	CCCD        string // optional
	Reason      string
	Amount      int64
	// Override, a reason, lets an admin add a person the programme already
	// awards this year.
	Override string
}

// Award is a recipient of a programme.
type Award struct {
	ID          int64
	ProgrammeID int64
	UnitID      int64
	Unit        string // the paying unit's name, filled by ReadRecipients
	Year        int
	Beneficiary string
	AwardKind   string
	FullName    string
	BirthDate   string // as written (dd/mm/yyyy), or the year alone when masked
	School      string
	Grade       string
	Workplace   string
	CCCD        string // masked unless the list was read in full
	Reason      string
	Amount      int64
	Override    string
	ApprovedBy  string
	ApprovedAt  time.Time
	// Payment is the number of the payment that paid the award, empty
	// while unpaid (or when its payment was reversed).
	Payment   string
	CreatedBy string
	CreatedAt time.Time
}

// Approved reports whether the award was approved.
func (a Award) Approved() bool { return !a.ApprovedAt.IsZero() }

// Paid reports whether the award is paid (by a payment not reversed).
func (a Award) Paid() bool { return a.Payment != "" }

// programmeColumns are what scanProgramme reads, from fund_programmes as p.
const programmeColumns = `p.id, p.unit_id, p.code, p.name, p.year, p.budget, p.eligibility,
	(SELECT COALESCE(SUM(-e.direction * e.amount), 0) FROM fund_entries e WHERE e.programme_id = p.id)`

func scanProgramme(sc interface{ Scan(...any) error }) (Programme, error) {
	var p Programme
	err := sc.Scan(&p.ID, &p.UnitID, &p.Code, &p.Name, &p.Year, &p.Budget, &p.Eligibility, &p.Spent)
	return p, err
}

// findProgramme reads the programme a reference names.
func findProgramme(ctx context.Context, q store.Querier, ref ProgrammeRef) (Programme, error) {
	p, err := scanProgramme(q.QueryRow(ctx, "SELECT "+programmeColumns+" FROM fund_programmes p WHERE p.unit_id = ? AND p.year = ? AND p.code = ?",
		ref.UnitID, ref.Year, strings.TrimSpace(ref.Code)))
	if errors.Is(err, sql.ErrNoRows) {
		return Programme{}, apperr.New(apperr.NotFound, vi.ErrFundNoProgramme, ref.Code, ref.Year)
	}
	if err != nil {
		return Programme{}, fmt.Errorf("fund: programme %q: %w", ref.Code, err)
	}
	return p, nil
}

// Programmes lists the programmes of a unit (of a year; 0: every year);
// the principal must read the unit.
func Programmes(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, year int) ([]Programme, error) {
	u, err := readable(tree, by, unitID)
	if err != nil {
		return nil, err
	}
	return programmesOf(ctx, db, u.ID, year)
}

// ProgrammesAbove lists the programmes of the units above a unit (of a
// year; 0: every year), nearest first, whose lists the principal reads
// (ReadsList): those a writer of the unit may pay, listing recipients in
// them (AddAward). The principal must read the unit.
func ProgrammesAbove(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, year int) ([]Programme, error) {
	u, err := readable(tree, by, unitID)
	if err != nil {
		return nil, err
	}
	var out []Programme
	for _, a := range tree.Ancestors(u.ID) {
		if a.ID == u.ID || !ReadsList(tree, by, a.ID) {
			continue
		}
		ps, err := programmesOf(ctx, db, a.ID, year)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// programmesOf reads the programmes of a unit, of a year or every year.
func programmesOf(ctx context.Context, db *store.DB, unitID int64, year int) ([]Programme, error) {
	rows, err := db.Query(ctx, "SELECT "+programmeColumns+" FROM fund_programmes p WHERE p.unit_id = ? AND (? = 0 OR p.year = ?) ORDER BY p.year DESC, p.code",
		unitID, year, year)
	if err != nil {
		return nil, fmt.Errorf("fund: programmes: %w", err)
	}
	defer rows.Close()
	var out []Programme
	for rows.Next() {
		p, err := scanProgramme(rows)
		if err != nil {
			return nil, fmt.Errorf("fund: programmes: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ReadsList reports whether the principal reads the recipient lists of
// the programmes of a unit: one they read, or one above a unit they write,
// which may pay those programmes and list recipients in them (AddAward);
// such a reader sees the recipients of the units they read only.
func ReadsList(tree *units.Tree, by auth.Principal, unitID int64) bool {
	if by.CanRead(unitID) {
		return true
	}
	if s := by.Scope(); s != nil {
		for _, id := range s.Roots() {
			if by.CanWrite(id) && within(tree, id, unitID) {
				return true
			}
		}
	}
	return false
}

// within reports whether unit id is anc or below it.
func within(tree *units.Tree, id, anc int64) bool {
	if id == anc {
		return true
	}
	for _, a := range tree.Ancestors(id) {
		if a.ID == anc {
			return true
		}
	}
	return false
}

// oneOf reports whether s is one of list.
func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// Column names of the checks of a new award, as the recipient file and
// form name their fields (vi.FundAwardColumn).
const (
	ColBeneficiary = "beneficiary"
	ColAwardKind   = "award_kind"
	ColName        = "full_name"
	ColBorn        = "birth_date"
	ColSchool      = "school"
	ColWorkplace   = "workplace"
	ColCCCD        = "cccd"
	ColReason      = "reason"
)

// checkAward checks a new award on its own and returns the recipient's
// keys: person (the CCCD, else the name key) and name (the folded name,
// birth date and school or workplace).
func (n *NewAward) check(now time.Time) (person, name string, err error) {
	at := func(col string, err error) error { return apperr.At(vi.FundAwardColumn(col), err) }
	n.Beneficiary = strings.TrimSpace(n.Beneficiary)
	if !oneOf(n.Beneficiary, Beneficiaries) {
		return "", "", at(ColBeneficiary, apperr.New(apperr.Invalid, vi.ErrFundBeneficiary, n.Beneficiary))
	}
	if n.AwardKind = strings.TrimSpace(n.AwardKind); n.AwardKind == "" {
		n.AwardKind = "scholarship"
	}
	if !oneOf(n.AwardKind, AwardKinds) {
		return "", "", at(ColAwardKind, apperr.New(apperr.Invalid, vi.ErrFundPurpose, n.AwardKind))
	}
	if err := checkAmount(n.Amount); err != nil {
		return "", "", at(ColAmount, err)
	}
	n.FullName = members.CleanName(n.FullName)
	if n.FullName == "" {
		return "", "", at(ColName, apperr.New(apperr.Invalid, vi.ErrFundAwardName))
	}
	if len([]rune(n.FullName)) > maxParty {
		return "", "", at(ColName, apperr.New(apperr.Invalid, vi.ErrTooLong, maxParty))
	}
	born, err := members.ParseBirthDate(n.BirthDate, now)
	if err != nil {
		return "", "", at(ColBorn, err)
	}
	if born.IsZero() {
		return "", "", at(ColBorn, apperr.New(apperr.Invalid, vi.ErrFundAwardBorn))
	}
	n.BirthDate = born.String()
	for _, f := range []*string{&n.School, &n.Grade, &n.Workplace, &n.Reason} {
		if *f, err = clean(*f, maxParty); err != nil {
			return "", "", err
		}
	}
	if n.Override, err = clean(n.Override, maxText); err != nil {
		return "", "", err
	}
	place := n.School
	switch n.Beneficiary {
	case "teacher", "adult":
		if n.Workplace == "" && n.School == "" {
			return "", "", at(ColWorkplace, apperr.New(apperr.Invalid, vi.ErrFundAwardWorkplace))
		}
		if place == "" {
			place = n.Workplace
		}
	default:
		if n.School == "" {
			return "", "", at(ColSchool, apperr.New(apperr.Invalid, vi.ErrFundAwardSchool))
		}
	}
	c, err := members.ParseCCCD(n.CCCD)
	if err == nil {
		err = c.Check(born, "")
	}
	if err != nil {
		return "", "", at(ColCCCD, err)
	}
	n.CCCD = c.Number
	name = "name:" + members.Fold(n.FullName) + "|" + born.ISO() + "|" + members.Fold(place)
	person = name
	if n.CCCD != "" {
		person = "cccd:" + n.CCCD
	}
	return person, name, nil
}

// AddAward adds a recipient to a programme's list and returns the award.
// The principal writes the paying unit, which is the programme's unit or
// one below it. The same person (the same CCCD, or the same name ignoring
// diacritics, birth date and school) may not be listed twice in the
// programme by any unit, unless an admin of the paying unit gives an
// override reason.
func AddAward(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, n NewAward, now time.Time) (Award, error) {
	pu := tree.Get(n.Programme.UnitID)
	if pu == nil {
		return Award{}, notFound(fmt.Sprint(n.Programme.UnitID))
	}
	if n.UnitID == 0 {
		n.UnitID = pu.ID
	}
	u := tree.Get(n.UnitID)
	if u == nil {
		return Award{}, notFound(fmt.Sprint(n.UnitID))
	}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return Award{}, err
	}
	if !within(tree, u.ID, pu.ID) {
		return Award{}, apperr.New(apperr.Invalid, vi.ErrFundAwardUnit, u.FullName(), n.Programme.Code, pu.FullName())
	}
	person, name, err := n.check(now)
	if err != nil {
		return Award{}, err
	}
	if n.Override != "" && !by.CanAdmin(u.ID) {
		return Award{}, apperr.New(apperr.Forbidden, vi.ErrFundAwardOverrideNotAllowed)
	}
	var out Award
	err = db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			// The programme's unit's lock orders every writer of the
			// programme's list, whichever unit pays.
			if err := tx.LockKeys(ctx, LockSpace, sortedIDs(pu.ID, u.ID)); err != nil {
				return err
			}
			p, err := findProgramme(ctx, tx, n.Programme)
			if err != nil {
				return err
			}
			var otherID, otherUnit int64
			var otherName string
			err = tx.QueryRow(ctx, `SELECT id, unit_id, full_name FROM fund_awards WHERE programme_id = ?
				AND (person_key = ? OR (name_key = ? AND (cccd IS NULL OR ? = ''))) ORDER BY id LIMIT 1`,
				p.ID, person, name, n.CCCD).Scan(&otherID, &otherUnit, &otherName)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return fmt.Errorf("fund: award: %w", err)
			case n.Override == "":
				other := tree.Get(otherUnit)
				// The person as first listed: the second listing may spell
				// the name otherwise (without diacritics, or another name
				// under the same CCCD).
				return apperr.New(apperr.Conflict, vi.ErrFundAwardTwice, otherName, p.Code, p.Year, other.FullName())
			}
			var cccd any
			if n.CCCD != "" {
				cccd = n.CCCD
			}
			at := now.UTC().Truncate(time.Second)
			if err := tx.QueryRow(ctx, `INSERT INTO fund_awards (programme_id, unit_id, year, beneficiary, award_kind, full_name, birth_date,
				school, grade, workplace, cccd, reason, amount, person_key, name_key, override_reason, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				p.ID, u.ID, p.Year, n.Beneficiary, n.AwardKind, n.FullName, n.BirthDate, n.School, n.Grade, n.Workplace, cccd,
				n.Reason, n.Amount, person, name, n.Override, by.Name(), at.Format(time.RFC3339)).Scan(&out.ID); err != nil {
				return fmt.Errorf("fund: award: %w", err)
			}
			detail := fmt.Sprintf(vi.AuditFundAward, n.FullName, p.Code, p.Year, vi.Int(n.Amount))
			if n.Override != "" && otherID != 0 {
				detail += fmt.Sprintf(vi.AuditFundAwardOverride, n.Override)
			}
			if err := audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionFundAward, UnitID: u.ID, Detail: detail}); err != nil {
				return err
			}
			out, err = awardByID(ctx, tx, out.ID)
			return err
		})
	})
	return out, err
}

// sortedIDs gives the distinct ids in ascending order, the order in which
// locks are taken.
func sortedIDs(a, b int64) []int64 {
	switch {
	case a == b:
		return []int64{a}
	case a < b:
		return []int64{a, b}
	}
	return []int64{b, a}
}

// ApproveAwards approves recipients of a programme: those with the ids
// given (none: every one not yet approved). The principal writes the
// programme's unit, which decides its list. Approval is refused when the
// approved awards would exceed the programme's budget. It returns how many
// it approved.
func ApproveAwards(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, ref ProgrammeRef, ids []int64, now time.Time) (int, error) {
	pu := tree.Get(ref.UnitID)
	if pu == nil {
		return 0, notFound(fmt.Sprint(ref.UnitID))
	}
	if err := by.Check(pu, auth.NeedWrite); err != nil {
		return 0, err
	}
	var count int
	err := db.Retry(ctx, func() error {
		count = 0
		return db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.LockKeys(ctx, LockSpace, []int64{pu.ID}); err != nil {
				return err
			}
			p, err := findProgramme(ctx, tx, ref)
			if err != nil {
				return err
			}
			list, err := awardsOf(ctx, tx, p.ID)
			if err != nil {
				return err
			}
			want := map[int64]bool{}
			for _, id := range ids {
				want[id] = true
			}
			var approved, adding int64
			var chosen []Award
			for _, a := range list {
				switch {
				case a.Approved():
					approved += a.Amount
					delete(want, a.ID)
				case len(ids) == 0 || want[a.ID]:
					chosen = append(chosen, a)
					adding += a.Amount
					delete(want, a.ID)
				}
			}
			for id := range want {
				return apperr.New(apperr.NotFound, vi.ErrFundNoAward, id, p.Code, p.Year)
			}
			if p.Budget > 0 && approved+adding > p.Budget {
				return apperr.New(apperr.Conflict, vi.ErrFundAwardsBeyondBudget, vi.Int(adding), p.Code, vi.Int(max(p.Budget-approved, 0)))
			}
			at := now.UTC().Truncate(time.Second).Format(time.RFC3339)
			for _, a := range chosen {
				if _, err := tx.Exec(ctx, "UPDATE fund_awards SET approved_by = ?, approved_at = ? WHERE id = ? AND approved_at IS NULL", by.Name(), at, a.ID); err != nil {
					return fmt.Errorf("fund: approve: %w", err)
				}
			}
			count = len(chosen)
			if count == 0 {
				return nil
			}
			return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionFundApprove, UnitID: pu.ID,
				Detail: fmt.Sprintf(vi.AuditFundApprove, count, p.Code, p.Year, vi.Int(adding))})
		})
	})
	return count, err
}

// Paying is the payment of an approved award: its day (zero: today), the
// means (cash by default), an idempotency key and an overdraft's reason.
type Paying struct {
	AwardID   int64
	Day       time.Time
	Means     Means
	Key       string
	Overdraft string
}

// PayAward records the payment (phiếu chi) of an approved award in the
// paying unit's ledger, linked to the programme (whose budget it may not
// exceed) and to the award, and returns it. The principal writes the
// paying unit. An award is paid once; when its payment was reversed it may
// be paid again.
func PayAward(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, pay Paying, now time.Time) (Entry, error) {
	a, err := awardByID(ctx, db, pay.AwardID)
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, apperr.New(apperr.NotFound, vi.ErrFundNoSuchAward, pay.AwardID)
	}
	if err != nil {
		return Entry{}, err
	}
	u := tree.Get(a.UnitID)
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return Entry{}, err
	}
	var progUnit int64
	if err := db.QueryRow(ctx, "SELECT unit_id FROM fund_programmes WHERE id = ?", a.ProgrammeID).Scan(&progUnit); err != nil {
		return Entry{}, fmt.Errorf("fund: award %d: %w", a.ID, err)
	}
	var out Entry
	err = db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			l := &ledger{tx: tx, tree: tree, by: by, now: now}
			// The programme's unit's lock keeps its budget true while
			// units below it pay its awards.
			if err := l.lock(ctx, sortedIDs(u.ID, progUnit)...); err != nil {
				return err
			}
			a, err := awardByID(ctx, tx, pay.AwardID)
			if err != nil {
				return fmt.Errorf("fund: award %d: %w", pay.AwardID, err)
			}
			switch {
			case !a.Approved():
				return apperr.New(apperr.Conflict, vi.ErrFundAwardNotApproved, a.FullName)
			case a.Paid():
				return apperr.New(apperr.Conflict, vi.ErrFundAwardPaid, a.FullName, a.Payment)
			}
			var code, pname string
			if err := tx.QueryRow(ctx, "SELECT code, name FROM fund_programmes WHERE id = ?", a.ProgrammeID).Scan(&code, &pname); err != nil {
				return fmt.Errorf("fund: award %d: %w", a.ID, err)
			}
			n := NewEntry{UnitID: u.ID, Kind: Payment, Amount: a.Amount, Day: pay.Day, Party: a.FullName, Means: pay.Means,
				Purpose: a.AwardKind, Note: fmt.Sprintf(vi.FundAwardNote, pname, vi.FundBeneficiary(a.Beneficiary)),
				Key: pay.Key, Overdraft: pay.Overdraft, programmeID: a.ProgrammeID}
			if _, err := n.check(tree, now); err != nil {
				return unwrapField(err)
			}
			e, existing, ds, err := l.record(ctx, u, n, 0)
			if err != nil {
				return unwrapField(err)
			}
			out = e
			if existing {
				return nil
			}
			if _, err := tx.Exec(ctx, "UPDATE fund_awards SET entry_id = ? WHERE id = ?", e.ID, a.ID); err != nil {
				return fmt.Errorf("fund: award %d: %w", a.ID, err)
			}
			return rollup.ApplyRecords(ctx, tx, tree, append(ds, beneficiaryDeltas(e, a.Beneficiary, 1)...))
		})
	})
	return out, err
}

// awardColumns are what scanAward reads, from fund_awards as a. An award's
// payment counts while it is not reversed.
const awardColumns = `a.id, a.programme_id, a.unit_id, a.year, a.beneficiary, a.award_kind, a.full_name, a.birth_date, a.school,
	a.grade, a.workplace, COALESCE(a.cccd, ''), a.reason, a.amount, a.override_reason, COALESCE(a.approved_by, ''),
	COALESCE(a.approved_at, ''),
	COALESCE((SELECT e.series || '-' || CAST(e.year AS TEXT) || '-' || CAST(e.seq AS TEXT) FROM fund_entries e
		WHERE e.id = a.entry_id AND NOT EXISTS (SELECT 1 FROM fund_entries r WHERE r.reverses_id = e.id)), ''),
	a.created_by, a.created_at`

func scanAward(sc interface{ Scan(...any) error }) (Award, error) {
	var a Award
	var approvedAt, pay, createdAt string
	if err := sc.Scan(&a.ID, &a.ProgrammeID, &a.UnitID, &a.Year, &a.Beneficiary, &a.AwardKind, &a.FullName, &a.BirthDate, &a.School,
		&a.Grade, &a.Workplace, &a.CCCD, &a.Reason, &a.Amount, &a.Override, &a.ApprovedBy, &approvedAt, &pay, &a.CreatedBy, &createdAt); err != nil {
		return Award{}, err
	}
	if approvedAt != "" {
		a.ApprovedAt, _ = time.Parse(time.RFC3339, approvedAt)
	}
	a.CreatedAt, _ = time.Parse(time.RFC3339, createdAt)
	if pay != "" {
		// The number as numbers are written: PC-2026-0007.
		if s, y, q, err := ParseNumber(pay); err == nil {
			a.Payment = number(s, y, q)
		}
	}
	return a, nil
}

// awardByID reads one award.
func awardByID(ctx context.Context, q store.Querier, id int64) (Award, error) {
	return scanAward(q.QueryRow(ctx, "SELECT "+awardColumns+" FROM fund_awards a WHERE a.id = ?", id))
}

// awardsOf reads a programme's awards in the order added.
func awardsOf(ctx context.Context, q store.Querier, programmeID int64) ([]Award, error) {
	rows, err := q.Query(ctx, "SELECT "+awardColumns+" FROM fund_awards a WHERE a.programme_id = ? ORDER BY a.id", programmeID)
	if err != nil {
		return nil, fmt.Errorf("fund: awards: %w", err)
	}
	defer rows.Close()
	var out []Award
	for rows.Next() {
		a, err := scanAward(rows)
		if err != nil {
			return nil, fmt.Errorf("fund: awards: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Recipients is a programme's list of recipients as one principal may
// see it.
type Recipients struct {
	Programme Programme
	Unit      *units.Unit
	Awards    []Award
	// Full is whether the personal data (CCCD, birth date) is shown in
	// full; otherwise the CCCD is masked and the birth date is its year.
	Full bool
}

// ReadRecipients reads a programme's recipients: those of the units the
// principal reads (every unit paying the programme's awards, for a reader
// of the programme's unit; its own, for a writer of a unit below who pays
// into it: ReadsList). Personal data is masked unless full is asked
// for by a writer of the programme's unit; a full read is recorded in the
// audit log, as is every export (ExportRecipients).
func ReadRecipients(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, ref ProgrammeRef, full bool, now time.Time) (Recipients, error) {
	return readRecipients(ctx, db, tree, by, ref, full, false, now)
}

func readRecipients(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, ref ProgrammeRef, full, export bool, now time.Time) (Recipients, error) {
	u := tree.Get(ref.UnitID)
	if u == nil {
		return Recipients{}, notFound(fmt.Sprint(ref.UnitID))
	}
	if !ReadsList(tree, by, u.ID) {
		return Recipients{}, by.Check(u, auth.NeedRead)
	}
	p, err := findProgramme(ctx, db, ref)
	if err != nil {
		return Recipients{}, err
	}
	if full && !by.CanWrite(u.ID) {
		return Recipients{}, apperr.New(apperr.Forbidden, vi.ErrFundAwardsFullNotAllowed)
	}
	all, err := awardsOf(ctx, db, p.ID)
	if err != nil {
		return Recipients{}, err
	}
	r := Recipients{Programme: p, Unit: u, Full: full}
	for _, a := range all {
		if !by.CanRead(a.UnitID) {
			continue
		}
		if pu := tree.Get(a.UnitID); pu != nil {
			a.Unit = pu.FullName()
		}
		if !full {
			a.CCCD = members.MaskCCCD(a.CCCD)
			if i := strings.LastIndex(a.BirthDate, "/"); i >= 0 {
				a.BirthDate = a.BirthDate[i+1:]
			}
		}
		r.Awards = append(r.Awards, a)
	}
	if full || export {
		how := vi.ExportMasked
		if full {
			how = vi.ExportFull
		}
		err = db.Retry(ctx, func() error {
			return audit.Record(ctx, db, now, by.Actor(), audit.Entry{Action: audit.ActionFundRecipients, UnitID: u.ID,
				Detail: fmt.Sprintf(vi.AuditFundRecipients, p.Code, p.Year, len(r.Awards), how)})
		})
		if err != nil {
			return Recipients{}, err
		}
	}
	return r, nil
}

// ExportRecipients writes a programme's recipient list as XLSX
// (WriteRecipientsXLSX), masked unless full (ReadRecipients' rule), and
// records the export in the audit log.
func ExportRecipients(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, ref ProgrammeRef, full bool, w io.Writer, now time.Time) error {
	r, err := readRecipients(ctx, db, tree, by, ref, full, true, now)
	if err != nil {
		return err
	}
	return WriteRecipientsXLSX(w, r)
}
