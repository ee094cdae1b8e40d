package registry

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Member is a member's record as a reader sees it. Unless Revealed, the
// CCCD and the phone number are masked and the birth date shows the year
// only.
type Member struct {
	ID         int64
	FullName   string
	Gender     string
	BirthDate  string // 12/03/1987, 1987 or ""
	CCCD       string
	Phone      string
	Address    string
	BranchID   int64
	Branch     string
	CommuneID  int64
	JoinedOn   time.Time
	LeftOn     time.Time // zero while a member
	LeftReason string
	CardNo     string
	Consent    string
	Erased     bool
	Revealed   bool
	Version    int
	UpdatedAt  time.Time
}

// stored is a member's row with what a write needs besides the fields.
type stored struct {
	id        int64
	c         checked
	branchID  int64
	communeID int64
	version   int
	erased    bool
	updatedAt time.Time
	spans     []branchSpan
}

// branchSpan is a stretch of a member's membership in one branch.
type branchSpan struct {
	branch int64
	span
}

const memberColumns = `id, full_name, gender, birth_date, COALESCE(cccd, ''), phone, address, branch_id, commune_id,
	joined_on, COALESCE(left_on, ''), left_reason, card_no, consent, erased_at IS NOT NULL, version, updated_at`

func scanStored(sc interface{ Scan(...any) error }) (*stored, error) {
	var (
		s                    stored
		gender, born, joined string
		left, updated        string
	)
	if err := sc.Scan(&s.id, &s.c.FullName, &gender, &born, &s.c.CCCD, &s.c.Phone, &s.c.Address, &s.branchID, &s.communeID,
		&joined, &left, &s.c.LeftReason, &s.c.CardNo, &s.c.Consent, &s.erased, &s.version, &updated); err != nil {
		return nil, err
	}
	s.c.Gender = members.Gender(gender)
	s.c.Born = parseBorn(born)
	var err error
	if s.c.JoinedOn, err = time.Parse(time.DateOnly, joined); err != nil {
		return nil, fmt.Errorf("member %d: %w", s.id, err)
	}
	if left != "" {
		if s.c.LeftOn, err = time.Parse(time.DateOnly, left); err != nil {
			return nil, fmt.Errorf("member %d: %w", s.id, err)
		}
	}
	s.updatedAt, _ = time.Parse(time.RFC3339, updated)
	return &s, nil
}

// load reads a member with its branch spans; a missing one is NotFound.
func (r *registry) member(ctx context.Context, id int64) (*stored, error) {
	s, err := scanStored(r.q.QueryRow(ctx, "SELECT "+memberColumns+" FROM members WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, vi.ErrNoSuchMember, id)
	}
	if err != nil {
		return nil, fmt.Errorf("registry: member %d: %w", id, err)
	}
	rows, err := r.q.Query(ctx, "SELECT branch_id, valid_from, COALESCE(valid_to, '') FROM member_spans WHERE member_id = ? ORDER BY valid_from", id)
	if err != nil {
		return nil, fmt.Errorf("registry: member %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			b        branchSpan
			from, to string
		)
		if err := rows.Scan(&b.branch, &from, &to); err != nil {
			return nil, err
		}
		b.from, _ = time.Parse(time.DateOnly, from)
		if to != "" {
			last, _ := time.Parse(time.DateOnly, to)
			b.until = last.AddDate(0, 0, 1)
		}
		s.spans = append(s.spans, b)
	}
	return s, rows.Err()
}

// memberPieces are the counts a member makes: each branch span, within the
// membership, in the communes of the branch's association.
func (r *registry) memberPieces(ctx context.Context, s *stored) ([]piece, error) {
	member := span{from: s.c.JoinedOn, until: s.c.LeftOn}
	var out []piece
	for _, b := range s.spans {
		x, ok := b.span.intersect(member)
		if !ok {
			continue
		}
		o, err := r.org(ctx, b.branch)
		if err != nil {
			return nil, err
		}
		ps, err := r.placesOf(ctx, o.AssociationID)
		if err != nil {
			return nil, err
		}
		out = append(out, pieces(IndMembers, x, ps)...)
	}
	return out, nil
}

// branchFor loads the branch a member is put in and checks it: a branch
// or sub-branch, not dissolved before day d, in a commune the principal
// writes.
func (r *registry) branchFor(ctx context.Context, by auth.Principal, id int64, d time.Time) (*Org, *units.Unit, error) {
	o, err := r.org(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	commune := r.commune(o)
	if err := by.Check(commune, auth.NeedWrite); err != nil {
		return nil, nil, err
	}
	if o.Kind != Branch && o.Kind != SubBranch {
		return nil, nil, apperr.New(apperr.Invalid, vi.ErrNotABranch, o.Name, o.Kind.Label())
	}
	if !o.Dissolved.IsZero() && !d.Before(o.Dissolved) {
		return nil, nil, apperr.New(apperr.Invalid, vi.ErrBranchDissolved, o.Name, vi.Date(o.Dissolved))
	}
	return o, commune, nil
}

// AddMember records a new member of a branch. The principal must write the
// branch's commune. A member with the same CCCD is refused
// (apperr.Conflict, naming them when the principal reads them), and so is
// one with the same name, birth date and commune unless sameNameOK (the
// form asks the person first).
func AddMember(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, branchID int64, f Fields, sameNameOK bool, now time.Time) (Member, error) {
	c, bad := f.check(now, members.DefaultMinAge)
	if bad != nil {
		return Member{}, bad
	}
	var id int64
	err := db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			r := newRegistry(tx, tree)
			o, commune, err := r.branchFor(ctx, by, branchID, c.JoinedOn)
			if err != nil {
				return err
			}
			if err := r.refuseDuplicate(ctx, by, c, commune, 0, sameNameOK); err != nil {
				return err
			}
			s := &stored{c: c, branchID: o.ID, communeID: commune.ID, version: 1,
				spans: []branchSpan{{branch: o.ID, span: span{from: c.JoinedOn}}}}
			if id, err = insertMember(ctx, tx, s, commune, 0, now); err != nil {
				return err
			}
			s.id = id
			ps, err := r.memberPieces(ctx, s)
			if err != nil {
				return err
			}
			t := tally{}
			t.add(ps, 1)
			if err := writeHistory(ctx, tx, "member", id, 1, "add", nil, c.fields(), by, 0, now); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionMemberAdd, UnitID: commune.ID,
				Detail: fmt.Sprintf(vi.AuditMemberDetail, id, o.Name)}); err != nil {
				return err
			}
			return applyCounts(ctx, tx, tree, t)
		})
	})
	if err != nil {
		return Member{}, err
	}
	return GetMember(ctx, db, tree, by, id, false, now)
}

// insertMember writes a new member row and its first branch span.
func insertMember(ctx context.Context, tx *store.Tx, s *stored, commune *units.Unit, importID int64, now time.Time) (int64, error) {
	stamp := now.UTC().Format(time.RFC3339)
	var id int64
	err := tx.QueryRow(ctx, "INSERT INTO members ("+strings.Join(memberColumnsNoID, ", ")+") VALUES ("+store.Placeholders(len(memberColumnsNoID))+") RETURNING id",
		memberRow(s, commune, importID, stamp)...).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("registry: add member: %w", err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO member_spans (member_id, branch_id, valid_from, valid_to) VALUES (?, ?, ?, ?)",
		id, s.branchID, day(s.c.JoinedOn), lastDay(s.c.LeftOn)); err != nil {
		return 0, fmt.Errorf("registry: add member: %w", err)
	}
	return id, nil
}

// memberRow is the values of memberColumnsNoID, insertMember's columns.
func memberRow(s *stored, commune *units.Unit, importID int64, stamp string) []any {
	return appendMemberRow(make([]any, 0, len(memberColumnsNoID)), s, commune, importID, stamp)
}

// appendMemberRow appends memberRow's values to dst.
func appendMemberRow(dst []any, s *stored, commune *units.Unit, importID int64, stamp string) []any {
	c := s.c
	var left any
	if !c.LeftOn.IsZero() {
		left = day(c.LeftOn)
	}
	var cccd any
	if c.CCCD != "" {
		cccd = c.CCCD
	}
	fold, sortKey, givenKey := c.fold, c.sortKey, c.givenKey
	if fold == "" { // a record read back, or a row a streamed import wrote before it gave way
		fold = members.Fold(c.FullName)
		sortKey, givenKey = members.NameKeys(c.FullName)
	}
	return append(dst, c.FullName, fold, givenFirst(fold), sortKey, givenKey, string(c.Gender), c.Born.ISO(), cccd, c.Phone, c.Address, s.branchID,
		commune.ID, day(c.JoinedOn), left, c.LeftReason, c.CardNo, c.dupKey(commune), c.Consent, s.version,
		nullID(importID), stamp, stamp)
}

// givenFirst turns a folded name given name first ("nguyen van an" → "an
// nguyen van"), for searches by the given name.
func givenFirst(fold string) string {
	if i := strings.LastIndexByte(fold, ' '); i > 0 && singleSpaced(fold) {
		return fold[i+1:] + " " + fold[:i]
	}
	w := strings.Fields(fold)
	if len(w) < 2 {
		return strings.Join(w, " ")
	}
	return w[len(w)-1] + " " + strings.Join(w[:len(w)-1], " ")
}

// singleSpaced reports whether s is ASCII words each separated by one
// space, as folded names are: givenFirst needs no split then.
func singleSpaced(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80 || c < ' ' || c == 0x7f:
			return false
		case c == ' ' && s[i-1] == ' ':
			return false
		}
	}
	return true
}

// lastDay is the stored end of a span that stops before day until (NULL
// for an open span).
func lastDay(until time.Time) any {
	if until.IsZero() {
		return nil
	}
	return day(until.AddDate(0, 0, -1))
}

// The lookups of refuseDuplicate, each with the condition of its partial
// index (migration 25).
const (
	memberByCCCD   = "SELECT id FROM members WHERE cccd = ? AND cccd IS NOT NULL AND id <> ?"
	memberByDupKey = "SELECT id FROM members WHERE dup_key = ? AND cccd IS NULL AND id <> ? AND erased_at IS NULL ORDER BY id LIMIT 1"
)

// refuseDuplicate refuses a member who is already in the registry: the
// same CCCD always, the same name, birth date and commune unless
// sameNameOK. self is the member being edited (0 for a new one).
func (r *registry) refuseDuplicate(ctx context.Context, by auth.Principal, c checked, commune *units.Unit, self int64, sameNameOK bool) error {
	var (
		id  int64
		err error
	)
	if c.CCCD != "" {
		err = r.q.QueryRow(ctx, memberByCCCD, c.CCCD, self).Scan(&id)
	} else if !sameNameOK {
		err = r.q.QueryRow(ctx, memberByDupKey, c.dupKey(commune), self).Scan(&id)
	} else {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("registry: duplicates: %w", err)
	}
	other, err := r.member(ctx, id)
	if err != nil {
		return err
	}
	u := r.tree.Get(other.communeID)
	if !by.CanRead(other.communeID) || u == nil {
		return apperr.New(apperr.Conflict, vi.ErrDuplicateElsewhere)
	}
	if c.CCCD != "" {
		return apperr.New(apperr.Conflict, vi.ErrDuplicateCCCD, other.c.FullName, id, u.FullName())
	}
	return apperr.New(apperr.Conflict, vi.ErrDuplicateName, other.c.FullName, id, u.FullName())
}

// EditMember changes a member's fields (not the branch: TransferMember; not
// the leaving: LeaveMember, though a leaving day and reason already
// recorded may be corrected here). version is the version the person saw:
// a record changed since is refused (apperr.Conflict), never overwritten.
func EditMember(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, version int, f Fields, now time.Time) (Member, error) {
	c, bad := f.check(now, members.DefaultMinAge)
	if bad != nil {
		return Member{}, bad
	}
	err := changeMember(ctx, db, tree, by, id, version, now, func(r *registry, s *stored, commune *units.Unit) (memberChange, error) {
		if s.c.LeftOn.IsZero() && !c.LeftOn.IsZero() {
			return memberChange{}, apperr.New(apperr.Invalid, vi.ErrUseLeave)
		}
		if !s.c.LeftOn.IsZero() && c.LeftOn.IsZero() {
			return memberChange{}, apperr.New(apperr.Invalid, vi.ErrCannotUnleave)
		}
		if err := r.refuseDuplicate(ctx, by, c, commune, id, true); err != nil {
			return memberChange{}, err
		}
		if len(s.spans) > 1 && !c.JoinedOn.Before(s.spans[1].from) {
			return memberChange{}, apperr.New(apperr.Invalid, vi.ErrJoinedAfterTransfer, vi.Date(s.spans[1].from))
		}
		old := s.c.fields()
		s.c = c
		s.spans[0].from = c.JoinedOn
		s.spans[len(s.spans)-1].until = c.LeftOn
		return memberChange{action: "edit", old: old, new: c.fields(), audit: audit.ActionMemberEdit,
			detail: fmt.Sprintf(vi.AuditMemberEditDetail, id, strings.Join(changed(old, c.fields()), ", "))}, nil
	})
	if err != nil {
		return Member{}, err
	}
	return GetMember(ctx, db, tree, by, id, false, now)
}

// memberChange is what a change of a member did, for its history and its
// audit entry.
type memberChange struct {
	action   string // the history's action
	old, new map[string]string
	audit    string // the audit log's action
	detail   string
	// commune is the member's commune after the change when it moved
	// (a transfer); nil when it stays.
	commune *units.Unit
}

// changeMember runs one change of a member in a transaction: it loads the
// member for writing (writable), lets change check and change the stored
// record in place, then writes the record back with its history, its
// audit entry and the counts it moved.
func changeMember(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, version int, now time.Time,
	change func(r *registry, s *stored, commune *units.Unit) (memberChange, error)) error {
	return db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			r := newRegistry(tx, tree)
			s, commune, err := r.writable(ctx, by, id, version)
			if err != nil {
				return err
			}
			before, err := r.memberPieces(ctx, s)
			if err != nil {
				return err
			}
			ch, err := change(r, s, commune)
			if err != nil {
				return err
			}
			if ch.commune != nil {
				commune = ch.commune
			}
			after, err := r.memberPieces(ctx, s)
			if err != nil {
				return err
			}
			if err := r.update(ctx, tx, s, commune, now); err != nil {
				return err
			}
			if err := writeHistory(ctx, tx, "member", id, s.version, ch.action, ch.old, ch.new, by, 0, now); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: ch.audit, UnitID: commune.ID, Detail: ch.detail}); err != nil {
				return err
			}
			t := tally{}
			t.add(before, -1)
			t.add(after, 1)
			return applyCounts(ctx, tx, tree, t)
		})
	})
}

// writable loads a member for a change: the principal must write their
// commune, the record must be at the version the person saw and not
// erased.
func (r *registry) writable(ctx context.Context, by auth.Principal, id int64, version int) (*stored, *units.Unit, error) {
	s, err := r.member(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	commune := r.tree.Get(s.communeID)
	if err := by.Check(commune, auth.NeedWrite); err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil, nil, apperr.New(apperr.NotFound, vi.ErrNoSuchMember, id)
		}
		return nil, nil, err
	}
	if s.erased {
		return nil, nil, apperr.New(apperr.Conflict, vi.ErrMemberErased, id)
	}
	if version != 0 && version != s.version {
		return nil, nil, apperr.New(apperr.Conflict, vi.ErrMemberChanged, id, vi.Time(s.updatedAt))
	}
	return s, commune, nil
}

// update writes a member's fields and spans back, one version up.
func (r *registry) update(ctx context.Context, tx *store.Tx, s *stored, commune *units.Unit, now time.Time) error {
	row := memberRow(s, commune, 0, now.UTC().Format(time.RFC3339))
	// Every column but import_id and created_at, then the id.
	args := append(row[:19:19], row[21], s.id)
	args[18] = s.version + 1
	// The version in the condition makes a change that raced with another
	// (both read the same version) fail rather than overwrite it.
	res, err := tx.Exec(ctx, `UPDATE members SET full_name = ?, search_name = ?, search_given = ?, sort_key = ?, given_key = ?,
		gender = ?, birth_date = ?, cccd = ?, phone = ?, address = ?, branch_id = ?, commune_id = ?, joined_on = ?, left_on = ?,
		left_reason = ?, card_no = ?, dup_key = ?, consent = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
		append(args, s.version)...)
	if err != nil {
		return fmt.Errorf("registry: update member %d: %w", s.id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return apperr.New(apperr.Conflict, vi.ErrMemberChanged, s.id, vi.Time(now))
	}
	if _, err := tx.Exec(ctx, "DELETE FROM member_spans WHERE member_id = ?", s.id); err != nil {
		return err
	}
	for _, b := range s.spans {
		if _, err := tx.Exec(ctx, "INSERT INTO member_spans (member_id, branch_id, valid_from, valid_to) VALUES (?, ?, ?, ?)",
			s.id, b.branch, day(b.from), lastDay(b.until)); err != nil {
			return err
		}
	}
	s.version++
	return nil
}

// LeaveMember records that a member left on day on, for reason. The record
// stays; they no longer count from that day.
func LeaveMember(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, version int, on time.Time, reason string, now time.Time) error {
	reason = strings.Join(strings.Fields(reason), " ")
	if reason == "" {
		return FieldErrors{ColLeftReason: apperr.New(apperr.Invalid, vi.ErrReasonRequired)}
	}
	if on.After(units.Day(now)) {
		return FieldErrors{ColLeftOn: apperr.New(apperr.Invalid, vi.ErrDayInFuture, vi.Date(on), vi.Date(units.Day(now)))}
	}
	return changeMember(ctx, db, tree, by, id, version, now, func(r *registry, s *stored, _ *units.Unit) (memberChange, error) {
		if !s.c.LeftOn.IsZero() {
			return memberChange{}, apperr.New(apperr.Conflict, vi.ErrMemberLeft, s.c.FullName, vi.Date(s.c.LeftOn))
		}
		last := s.spans[len(s.spans)-1]
		if !on.After(last.from) {
			return memberChange{}, FieldErrors{ColLeftOn: apperr.New(apperr.Invalid, vi.ErrLeftBeforeJoined, vi.Date(on), vi.Date(last.from))}
		}
		old := s.c.fields()
		s.c.LeftOn, s.c.LeftReason = on, reason
		s.spans[len(s.spans)-1].until = on
		return memberChange{action: "leave", old: old, new: s.c.fields(), audit: audit.ActionMemberLeave,
			detail: fmt.Sprintf(vi.AuditMemberLeaveDetail, id, vi.Date(on), reason)}, nil
	})
}

// TransferMember moves a member to another branch from day on. The
// principal must write both communes.
func TransferMember(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, version int, branchID int64, on time.Time, now time.Time) error {
	if on.After(units.Day(now)) {
		return apperr.New(apperr.Invalid, vi.ErrDayInFuture, vi.Date(on), vi.Date(units.Day(now)))
	}
	return changeMember(ctx, db, tree, by, id, version, now, func(r *registry, s *stored, _ *units.Unit) (memberChange, error) {
		if !s.c.LeftOn.IsZero() {
			return memberChange{}, apperr.New(apperr.Conflict, vi.ErrMemberLeft, s.c.FullName, vi.Date(s.c.LeftOn))
		}
		if branchID == s.branchID {
			return memberChange{}, apperr.New(apperr.Invalid, vi.ErrSameBranch)
		}
		o, commune, err := r.branchFor(ctx, by, branchID, on)
		if err != nil {
			return memberChange{}, err
		}
		last := &s.spans[len(s.spans)-1]
		if !on.After(last.from) {
			return memberChange{}, apperr.New(apperr.Invalid, vi.ErrTransferTooEarly, vi.Date(on), vi.Date(last.from))
		}
		from, err := r.org(ctx, s.branchID)
		if err != nil {
			return memberChange{}, err
		}
		last.until = on
		s.spans = append(s.spans, branchSpan{branch: o.ID, span: span{from: on}})
		s.branchID, s.communeID = o.ID, commune.ID
		return memberChange{action: "transfer", old: map[string]string{ColBranch: from.Name},
			new: map[string]string{ColBranch: o.Name, "from": day(on)}, audit: audit.ActionMemberTransfer,
			detail: fmt.Sprintf(vi.AuditMemberTransferDetail, id, from.Name, o.Name, vi.Date(on)), commune: commune}, nil
	})
}

// RejoinMember records that a member who left joins again on day on, in
// the branch branchID: a new stretch of membership in the same record (the
// CCCD stays one person's), so the months between count nowhere and the
// earlier membership stays in every past count. The principal must write
// the branch's commune.
func RejoinMember(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, version int, branchID int64, on time.Time, now time.Time) error {
	if on.After(units.Day(now)) {
		return FieldErrors{ColJoinedOn: apperr.New(apperr.Invalid, vi.ErrDayInFuture, vi.Date(on), vi.Date(units.Day(now)))}
	}
	return changeMember(ctx, db, tree, by, id, version, now, func(r *registry, s *stored, _ *units.Unit) (memberChange, error) {
		if s.c.LeftOn.IsZero() {
			return memberChange{}, apperr.New(apperr.Conflict, vi.ErrMemberNotLeft, s.c.FullName)
		}
		if on.Before(s.c.LeftOn) {
			return memberChange{}, FieldErrors{ColJoinedOn: apperr.New(apperr.Invalid, vi.ErrRejoinBeforeLeft, vi.Date(on), vi.Date(s.c.LeftOn))}
		}
		o, commune, err := r.branchFor(ctx, by, branchID, on)
		if err != nil {
			return memberChange{}, err
		}
		old := s.c.fields()
		// The membership now runs from the first joining to no end; the
		// spans say when, and the gap between them counts nowhere.
		s.c.LeftOn, s.c.LeftReason = time.Time{}, ""
		s.spans = append(s.spans, branchSpan{branch: o.ID, span: span{from: on}})
		s.branchID, s.communeID = o.ID, commune.ID
		nf := s.c.fields()
		nf[ColBranch], nf["rejoined_on"] = o.Name, day(on)
		return memberChange{action: "rejoin", old: old, new: nf, audit: audit.ActionMemberRejoin,
			detail: fmt.Sprintf(vi.AuditMemberRejoinDetail, id, o.Name, vi.Date(on)), commune: commune}, nil
	})
}

// EraseMember removes a member's personal data at their request (the
// personal data protection law): the name becomes a placeholder, CCCD,
// phone, birth date, address, card number and consent are cleared, in the
// record and in its history. The record, its days and branches stay, so the
// counts of every past period are unchanged. Only an admin of the member's
// commune (or above) may do it, with a reason.
func EraseMember(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, reason string, now time.Time) error {
	reason = strings.Join(strings.Fields(reason), " ")
	if reason == "" {
		return apperr.New(apperr.Invalid, vi.ErrReasonRequired)
	}
	return db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			r := newRegistry(tx, tree)
			s, commune, err := r.writable(ctx, by, id, 0)
			if err != nil {
				return err
			}
			if err := by.Check(commune, auth.NeedAdmin); err != nil {
				return err
			}
			name := fmt.Sprintf(vi.ErasedName, id)
			fold := members.Fold(name)
			sortKey, givenKey := members.NameKeys(name)
			if _, err := tx.Exec(ctx, `UPDATE members SET full_name = ?, search_name = ?, search_given = ?, sort_key = ?, given_key = ?,
				birth_date = '', cccd = NULL, phone = '', address = '', card_no = '', consent = '', dup_key = ?, erased_at = ?,
				version = version + 1, updated_at = ? WHERE id = ?`,
				name, fold, givenFirst(fold), sortKey, givenKey,
				fmt.Sprintf("erased:%d", id), now.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), id); err != nil {
				return fmt.Errorf("registry: erase %d: %w", id, err)
			}
			if err := scrubHistory(ctx, tx, id); err != nil {
				return err
			}
			if err := writeHistory(ctx, tx, "member", id, s.version+1, "erase", nil, map[string]string{"reason": reason}, by, 0, now); err != nil {
				return err
			}
			return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionMemberErase, UnitID: commune.ID,
				Detail: fmt.Sprintf(vi.AuditMemberEraseDetail, id, reason)})
		})
	})
}

// personal are the fields an erasure clears, from the record and its
// history.
var personal = []string{ColFullName, ColBirthDate, ColCCCD, ColPhone, ColAddress, ColCardNo, ColConsent}

// scrubHistory removes the personal fields from a member's history rows.
func scrubHistory(ctx context.Context, tx *store.Tx, id int64) error {
	rows, err := tx.Query(ctx, "SELECT id, old_fields, new_fields FROM registry_history WHERE record = 'member' AND record_id = ?", id)
	if err != nil {
		return err
	}
	type fix struct {
		id       int64
		old, new string
	}
	var fixes []fix
	for rows.Next() {
		var f fix
		if err := rows.Scan(&f.id, &f.old, &f.new); err != nil {
			rows.Close()
			return err
		}
		fixes = append(fixes, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	scrub := func(js string) string {
		var m map[string]string
		if js == "" || json.Unmarshal([]byte(js), &m) != nil {
			return js
		}
		for _, k := range personal {
			if _, ok := m[k]; ok {
				m[k] = vi.ErasedValue
			}
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	for _, f := range fixes {
		if _, err := tx.Exec(ctx, "UPDATE registry_history SET old_fields = ?, new_fields = ? WHERE id = ?", scrub(f.old), scrub(f.new), f.id); err != nil {
			return err
		}
	}
	return nil
}

// mayReveal reports whether the principal may see a member's personal data
// unmasked: the local administrator, and officers and admins who write the
// member's commune; a viewer sees it masked.
func mayReveal(by auth.Principal, communeID int64) bool {
	return by.CanWrite(communeID)
}

// GetMember reads one member. With reveal, a principal allowed to see
// personal data (mayReveal) gets it unmasked, and the view is recorded in
// the audit log; otherwise it is masked.
func GetMember(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, reveal bool, now time.Time) (Member, error) {
	r := newRegistry(db, tree)
	s, err := r.member(ctx, id)
	if err != nil {
		return Member{}, err
	}
	commune := tree.Get(s.communeID)
	if err := by.Check(commune, auth.NeedRead); err != nil {
		return Member{}, apperr.New(apperr.NotFound, vi.ErrNoSuchMember, id)
	}
	o, err := r.org(ctx, s.branchID)
	if err != nil {
		return Member{}, err
	}
	m := s.member(o.Name)
	if reveal && !s.erased {
		if !mayReveal(by, s.communeID) {
			return Member{}, apperr.New(apperr.Forbidden, vi.ErrMayNotReveal)
		}
		err := db.Retry(ctx, func() error {
			return audit.Record(ctx, db, now, by.Actor(), audit.Entry{Action: audit.ActionMemberView, UnitID: s.communeID,
				Detail: fmt.Sprintf(vi.AuditMemberViewDetail, id)})
		})
		if err != nil {
			return Member{}, err
		}
		return m, nil
	}
	m.mask()
	return m, nil
}

// member is the stored record as a reader sees it, unmasked.
func (s *stored) member(branch string) Member {
	return Member{ID: s.id, FullName: s.c.FullName, Gender: string(s.c.Gender), BirthDate: s.c.Born.String(),
		CCCD: s.c.CCCD, Phone: s.c.Phone, Address: s.c.Address, BranchID: s.branchID, Branch: branch,
		CommuneID: s.communeID, JoinedOn: s.c.JoinedOn, LeftOn: s.c.LeftOn, LeftReason: s.c.LeftReason,
		CardNo: s.c.CardNo, Consent: s.c.Consent, Erased: s.erased, Revealed: true, Version: s.version, UpdatedAt: s.updatedAt}
}

// mask hides the personal data: CCCD and phone masked, the birth date to
// its year, the address dropped.
func (m *Member) mask() {
	m.CCCD = members.MaskCCCD(m.CCCD)
	m.Phone = members.MaskPhone(m.Phone)
	if i := strings.LastIndexByte(m.BirthDate, '/'); i >= 0 {
		m.BirthDate = m.BirthDate[i+1:]
	}
	if m.Address != "" {
		m.Address = vi.Masked
	}
	m.Revealed = false
}

// changed names the fields whose values differ.
func changed(old, new map[string]string) []string {
	var out []string
	for _, k := range []string{ColFullName, ColGender, ColBirthDate, ColCCCD, ColPhone, ColAddress, ColJoinedOn, ColLeftOn, ColLeftReason, ColCardNo, ColConsent} {
		if old[k] != new[k] {
			out = append(out, vi.MemberColumn(k))
		}
	}
	return out
}

// writeHistory keeps one change of a record.
func writeHistory(ctx context.Context, tx *store.Tx, record string, id int64, version int, action string, old, new map[string]string, by auth.Principal, importID int64, now time.Time) error {
	enc := func(m map[string]string) string {
		if m == nil {
			return ""
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	_, err := tx.Exec(ctx, `INSERT INTO registry_history (record, record_id, version, action, old_fields, new_fields, actor, import_id, changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, record, id, version, action, enc(old), enc(new), by.Name(), nullID(importID), now.UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("registry: history: %w", err)
	}
	return nil
}
