package models

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/models/inforce"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The states of a registration.
const (
	StatusRegistered = "registered"
	StatusEvaluated  = "evaluated"
	StatusVerified   = "verified"
	StatusRecognised = "recognised"
	StatusRefused    = "refused"
	StatusRevoked    = "revoked"
)

// Registration is a subject registered for a title in an evaluation year.
type Registration struct {
	ID           int64
	Title        Title
	TargetGroup  string
	Year         int
	CommuneID    int64
	BranchID     int64
	Name         string
	CCCD         string // a citizen's; masked unless the reader may see it
	People       int    // a unit's people, a household's members
	Members      []string
	ParentID     int64
	Source       string // "office", "self", "import"
	RegisteredOn time.Time
	Status       string
	Reason       string
}

// NewRegistration is what Register needs.
type NewRegistration struct {
	Title        Title
	TargetGroup  string
	Year         int
	CommuneID    int64
	BranchID     int64
	Name         string
	CCCD         string
	People       int
	Members      []string
	ParentID     int64
	RegisteredOn time.Time // zero: today
	Source       string
}

// Evaluation is a stored evaluation of a registration.
type Evaluation struct {
	ID             int64
	RegistrationID int64
	SetID          string
	SetVersion     int
	Answers        []Answer
	Score          Score
	Verified       bool
}

// Decision is a recognition decision: its number, its date and, where it
// is not the configured one, the body that signed it.
type Decision struct {
	Number string
	Date   time.Time
	Body   string
}

// Recognition is a recognised registration.
type Recognition struct {
	ID             int64
	RegistrationID int64
	Decision       Decision
	Level          int
	ValidUntil     int // the last year it is valid
	Code           string
}

// registered and recognised are the indicators a title counts in.
func registeredCode(t Title) string { return "models." + t.Indicator() + ".registered" }
func recognisedCode(t Title) string { return "models." + t.Indicator() + ".recognized" }

// inYear places a day inside year y: a registration made in December for
// next year's evaluation counts in that year.
func inYear(d time.Time, y int) time.Time {
	first := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	if d.Before(first) {
		return first
	}
	if d.After(last) {
		return last
	}
	return d
}

// Register records a registration for a title in a year, checking the
// principal's scope over its commune, and counts it.
func Register(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, n NewRegistration, now time.Time) (Registration, error) {
	var out Registration
	err := db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			r, d, err := register(ctx, tx, tree, by, n, now)
			if err != nil {
				return err
			}
			if err := rollup.ApplyRecords(ctx, tx, tree, d); err != nil {
				return err
			}
			out = r
			return nil
		})
	})
	return out, err
}

// register is Register inside a transaction; it returns the count changes
// for the caller to apply once.
func register(ctx context.Context, tx *store.Tx, tree *units.Tree, by auth.Principal, n NewRegistration, now time.Time) (Registration, []rollup.RecordDelta, error) {
	today := units.Day(now)
	if !n.Title.Valid() {
		return Registration{}, nil, apperr.New(apperr.Invalid, vi.ErrCriteriaTitle, string(n.Title), joinTitles())
	}
	if n.Year < 2000 || n.Year > today.Year()+1 {
		return Registration{}, nil, apperr.New(apperr.Invalid, vi.ErrModelYear, n.Year)
	}
	if n.RegisteredOn.IsZero() {
		n.RegisteredOn = today
	}
	if n.RegisteredOn.After(today) {
		return Registration{}, nil, apperr.New(apperr.Invalid, vi.ErrDayInFuture, vi.Date(n.RegisteredOn), vi.Date(today))
	}
	u := tree.Get(n.CommuneID)
	if u == nil || u.Level != units.Commune {
		return Registration{}, nil, apperr.New(apperr.Invalid, vi.ErrModelNeedCommune)
	}
	if err := by.Check(u, auth.NeedWrite); err != nil {
		return Registration{}, nil, err
	}
	counted := inYear(n.RegisteredOn, n.Year)
	if !u.ValidAt(counted) {
		return Registration{}, nil, apperr.New(apperr.Invalid, vi.ErrModelNeedCommune)
	}
	r := Registration{Title: n.Title, Year: n.Year, CommuneID: u.ID, BranchID: n.BranchID, People: n.People,
		ParentID: n.ParentID, RegisteredOn: n.RegisteredOn, Status: StatusRegistered, Source: n.Source}
	if r.Source == "" {
		r.Source = "office"
	}
	if n.Title == CommunityCommune && strings.TrimSpace(n.Name) == "" {
		n.Name = u.FullName()
	}
	r.Name = members.CleanName(n.Name)
	if r.Name == "" {
		return Registration{}, nil, apperr.New(apperr.Invalid, vi.ErrModelName)
	}
	dup := members.Fold(r.Name)
	switch n.Title {
	case Citizen:
		ok := false
		for _, g := range TargetGroups {
			ok = ok || g == n.TargetGroup
		}
		if !ok {
			return Registration{}, nil, apperr.New(apperr.Invalid, vi.ErrCriteriaGroup, n.TargetGroup, strings.Join(TargetGroups, ", "))
		}
		r.TargetGroup = n.TargetGroup
		c, err := members.ParseCCCD(n.CCCD)
		if err != nil {
			return Registration{}, nil, apperr.New(apperr.Invalid, vi.ErrModelCCCD, err.Error())
		}
		if c.Number != "" {
			r.CCCD, dup = c.Number, "cccd:"+c.Number
		}
	case Unit:
		if n.People <= 0 {
			return Registration{}, nil, apperr.New(apperr.Invalid, vi.ErrModelPeople)
		}
	case Family:
		for _, m := range n.Members {
			if m = members.CleanName(m); m != "" {
				r.Members = append(r.Members, m)
			}
		}
		if r.People == 0 {
			r.People = len(r.Members)
		}
	}
	if n.ParentID != 0 {
		var py int
		var pt string
		var pc int64
		err := tx.QueryRow(ctx, "SELECT year, title, unit_id FROM model_registrations WHERE id = ?", n.ParentID).Scan(&py, &pt, &pc)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (py != n.Year || (pt != string(Family) && pt != string(Unit)) || n.Title != Citizen)) {
			return Registration{}, nil, apperr.New(apperr.Invalid, vi.ErrModelParent, n.ParentID)
		}
		if err != nil {
			return Registration{}, nil, fmt.Errorf("register: %w", err)
		}
		if err := by.Check(tree.Get(pc), auth.NeedWrite); err != nil {
			return Registration{}, nil, err
		}
	}
	var prev int64
	err := tx.QueryRow(ctx, "SELECT id FROM model_registrations WHERE title = ? AND year = ? AND unit_id = ? AND dup_key = ?",
		string(r.Title), r.Year, r.CommuneID, dup).Scan(&prev)
	switch {
	case err == nil:
		return Registration{}, nil, apperr.New(apperr.Conflict, vi.ErrModelAlready, r.Name, r.Title.Label(), r.Year, prev)
	case !errors.Is(err, sql.ErrNoRows):
		return Registration{}, nil, fmt.Errorf("register: %w", err)
	}
	ts := stamp(now)
	err = tx.QueryRow(ctx, `INSERT INTO model_registrations (title, target_group, year, unit_id, branch_id, name, dup_key, cccd, people,
		members, parent_id, source, registered_on, status, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		string(r.Title), r.TargetGroup, r.Year, r.CommuneID, nullID(r.BranchID), r.Name, dup, nullText(r.CCCD), r.People,
		strings.Join(r.Members, "\n"), nullID(r.ParentID), r.Source, r.RegisteredOn.Format(time.DateOnly), r.Status, by.Name(), ts, ts).Scan(&r.ID)
	if err != nil {
		return Registration{}, nil, fmt.Errorf("register: %w", err)
	}
	if err := audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: ActionRegister, UnitID: r.CommuneID,
		Period: fmt.Sprint(r.Year), Detail: fmt.Sprintf("%d %s %s", r.ID, r.Title, r.Name)}); err != nil {
		return Registration{}, nil, err
	}
	return r, []rollup.RecordDelta{{UnitID: r.CommuneID, Indicator: registeredCode(r.Title), Day: counted, Delta: 1}}, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const regColumns = `id, title, target_group, year, unit_id, COALESCE(branch_id, 0), name, COALESCE(cccd, ''), people, members,
	COALESCE(parent_id, 0), source, registered_on, status, reason`

func scanRegistration(sc interface{ Scan(...any) error }) (Registration, error) {
	var r Registration
	var title, mems, day string
	if err := sc.Scan(&r.ID, &title, &r.TargetGroup, &r.Year, &r.CommuneID, &r.BranchID, &r.Name, &r.CCCD, &r.People, &mems,
		&r.ParentID, &r.Source, &day, &r.Status, &r.Reason); err != nil {
		return Registration{}, err
	}
	r.Title = Title(title)
	if mems != "" {
		r.Members = strings.Split(mems, "\n")
	}
	var err error
	if r.RegisteredOn, err = time.Parse(time.DateOnly, day); err != nil {
		return Registration{}, fmt.Errorf("registration %d: %w", r.ID, err)
	}
	return r, nil
}

// loadRegistration reads a registration and checks the principal's need
// over its commune (a registration outside the scope is NotFound).
func loadRegistration(ctx context.Context, q store.Querier, tree *units.Tree, by auth.Principal, id int64, need auth.Need) (Registration, *units.Unit, error) {
	r, err := scanRegistration(q.QueryRow(ctx, "SELECT "+regColumns+" FROM model_registrations WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Registration{}, nil, apperr.New(apperr.NotFound, vi.ErrModelNoRegistration, id)
	}
	if err != nil {
		return Registration{}, nil, fmt.Errorf("registration %d: %w", id, err)
	}
	u := tree.Get(r.CommuneID)
	if !by.CanRead(r.CommuneID) {
		return Registration{}, nil, apperr.New(apperr.NotFound, vi.ErrModelNoRegistration, id)
	}
	if err := by.Check(u, need); err != nil {
		return Registration{}, nil, err
	}
	return r, u, nil
}

func setStatus(ctx context.Context, tx *store.Tx, id int64, status, reason string, now time.Time) error {
	if _, err := tx.Exec(ctx, "UPDATE model_registrations SET status = ?, reason = ?, updated_at = ? WHERE id = ?", status, reason, stamp(now), id); err != nil {
		return fmt.Errorf("registration %d: %w", id, err)
	}
	return nil
}

// setFor finds the set a registration is evaluated under: ref when given,
// else the latest set of its title (and target group) valid in its year.
func setFor(ctx context.Context, q store.Querier, r Registration, ref string) (*Set, error) {
	var s *Set
	if ref != "" {
		var err error
		if s, err = GetSet(ctx, q, ref); err != nil {
			return nil, err
		}
	} else {
		all, err := ListSets(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, c := range all {
			if c.Title == r.Title && c.TargetGroup == r.TargetGroup {
				if s == nil || (c.ValidIn(r.Year) && !s.ValidIn(r.Year)) {
					s = c
				}
			}
		}
		if s == nil {
			return nil, apperr.New(apperr.NotFound, vi.ErrCriteriaNotFound, string(r.Title))
		}
	}
	if s.Title != r.Title || s.TargetGroup != r.TargetGroup {
		return nil, apperr.New(apperr.Invalid, vi.ErrModelSetTitle, s.Ref(), s.Title.Label(), r.Title.Label())
	}
	if !s.ValidIn(r.Year) {
		years := fmt.Sprintf("từ %d", s.ValidFrom)
		if s.ValidTo != 0 {
			years = fmt.Sprintf("%d–%d", s.ValidFrom, s.ValidTo)
		}
		return nil, apperr.New(apperr.Invalid, vi.ErrModelSetNotValid, s.Ref(), r.Year, years)
	}
	return s, nil
}

// peoplePercent is the share of a unit's people (or a household's members)
// recognised as learning citizens in the registration's year, from the
// citizens registered under it; -1 when its number of people is unknown.
func peoplePercent(ctx context.Context, q store.Querier, r Registration) (float64, error) {
	if r.People <= 0 {
		return -1, nil
	}
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM model_registrations WHERE parent_id = ? AND status = ?", r.ID, StatusRecognised).Scan(&n); err != nil {
		return 0, fmt.Errorf("registration %d: %w", r.ID, err)
	}
	return float64(n) * 100 / float64(r.People), nil
}

// fromMembers puts in the answers to the set's indicators computed from the
// members' learning-citizen results (pct, the share recognised), in place
// of any typed answer; with pct unknown (-1) the typed answers stand.
func fromMembers(s *Set, answers []Answer, pct float64) []Answer {
	if pct < 0 {
		return answers
	}
	out := make([]Answer, 0, len(answers)+1)
	computed := map[string]bool{}
	for _, in := range s.Indicators() {
		if in.FromMembers {
			computed[in.Code] = true
			out = append(out, Answer{Code: in.Code, Value: math.Round(pct*100) / 100, Evidence: vi.EvidenceFromMembers})
		}
	}
	for _, a := range answers {
		if !computed[strings.TrimSpace(a.Code)] {
			out = append(out, a)
		}
	}
	return out
}

// Evaluate scores a registration under a criteria set (ref: "ID" or
// "ID@VERSION"; empty: the set of its title valid in its year) and stores
// the evaluation. Points above an indicator's maximum, a missing required
// evidence and a set not valid for the year are refused.
func Evaluate(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, ref string, answers []Answer, now time.Time) (Evaluation, error) {
	var out Evaluation
	err := db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			e, err := evaluate(ctx, tx, tree, by, id, ref, answers, now)
			out = e
			return err
		})
	})
	return out, err
}

func evaluate(ctx context.Context, tx *store.Tx, tree *units.Tree, by auth.Principal, id int64, ref string, answers []Answer, now time.Time) (Evaluation, error) {
	r, _, err := loadRegistration(ctx, tx, tree, by, id, auth.NeedWrite)
	if err != nil {
		return Evaluation{}, err
	}
	switch r.Status {
	case StatusRegistered, StatusEvaluated, StatusVerified:
	default:
		return Evaluation{}, apperr.New(apperr.Conflict, vi.ErrModelState, r.ID, vi.ModelStatus(r.Status), vi.ErrModelStateRegister)
	}
	s, err := setFor(ctx, tx, r, ref)
	if err != nil {
		return Evaluation{}, err
	}
	pct, err := peoplePercent(ctx, tx, r)
	if err != nil {
		return Evaluation{}, err
	}
	answers = fromMembers(s, answers, pct)
	sc, err := s.Evaluate(answers, true, pct)
	if err != nil {
		return Evaluation{}, apperr.At(fmt.Sprintf("đăng ký số %d", r.ID), err)
	}
	if err := freeze(ctx, tx, s, by.Name(), now); err != nil {
		return Evaluation{}, err
	}
	sort.Slice(answers, func(i, j int) bool { return answers[i].Code < answers[j].Code })
	body, _ := json.Marshal(answers)
	e := Evaluation{RegistrationID: r.ID, SetID: s.ID, SetVersion: s.Version, Answers: answers, Score: sc}
	passed := 0
	if sc.Passed {
		passed = 1
	}
	if err := tx.QueryRow(ctx, `INSERT INTO model_evaluations (registration_id, set_id, set_version, answers, total, passed, level, evaluated_by, evaluated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.ID, s.ID, s.Version, string(body), sc.Total, passed, sc.Level, by.Name(), stamp(now)).Scan(&e.ID); err != nil {
		return Evaluation{}, fmt.Errorf("evaluate: %w", err)
	}
	if err := setStatus(ctx, tx, r.ID, StatusEvaluated, "", now); err != nil {
		return Evaluation{}, err
	}
	if err := audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: ActionEvaluate, UnitID: r.CommuneID, Period: fmt.Sprint(r.Year),
		Detail: fmt.Sprintf("%d %s %s", r.ID, s.Ref(), vi.Points(sc.Total))}); err != nil {
		return Evaluation{}, err
	}
	return e, nil
}

// latestEvaluation reads the registration's last evaluation.
func latestEvaluation(ctx context.Context, q store.Querier, id int64) (Evaluation, bool, error) {
	var e Evaluation
	var body, verified string
	var passed int
	err := q.QueryRow(ctx, `SELECT id, set_id, set_version, answers, total, passed, level, verified_at FROM model_evaluations
		WHERE registration_id = ? ORDER BY id DESC LIMIT 1`, id).Scan(&e.ID, &e.SetID, &e.SetVersion, &body, &e.Score.Total, &passed, &e.Score.Level, &verified)
	if errors.Is(err, sql.ErrNoRows) {
		return Evaluation{}, false, nil
	}
	if err != nil {
		return Evaluation{}, false, fmt.Errorf("evaluation of %d: %w", id, err)
	}
	e.RegistrationID, e.Score.Passed, e.Verified = id, passed == 1, verified != ""
	if err := json.Unmarshal([]byte(body), &e.Answers); err != nil {
		return Evaluation{}, false, fmt.Errorf("evaluation of %d: %w", id, err)
	}
	return e, true, nil
}

// Verify records the branch's confirmation of the last evaluation of each
// registration of ids (a self-assessment waits for it), all or none: each
// must be evaluated and in the principal's scope.
func Verify(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return apperr.New(apperr.Invalid, vi.ErrModelBatchEmpty)
	}
	return db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			var entries []audit.Entry
			seen := map[int64]bool{}
			for _, id := range ids {
				if seen[id] {
					continue
				}
				seen[id] = true
				r, _, err := loadRegistration(ctx, tx, tree, by, id, auth.NeedWrite)
				if err != nil {
					return err
				}
				if r.Status != StatusEvaluated {
					return apperr.New(apperr.Conflict, vi.ErrModelState, r.ID, vi.ModelStatus(r.Status), vi.ErrModelStateVerify)
				}
				e, _, err := latestEvaluation(ctx, tx, id)
				if err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, "UPDATE model_evaluations SET verified_by = ?, verified_at = ? WHERE id = ?", by.Name(), stamp(now), e.ID); err != nil {
					return fmt.Errorf("verify: %w", err)
				}
				if err := setStatus(ctx, tx, r.ID, StatusVerified, "", now); err != nil {
					return err
				}
				entries = append(entries, audit.Entry{Action: ActionVerify, UnitID: r.CommuneID, Period: fmt.Sprint(r.Year), Detail: fmt.Sprint(r.ID)})
			}
			return audit.RecordMany(ctx, tx, now, by.Actor(), entries)
		})
	})
}

// authority is who recognises a registration's title: the level (a unit
// of the tree: the commune or its province) and the body's name, from the
// province's setting for the set, else the set's own level.
func authority(ctx context.Context, q store.Querier, tree *units.Tree, s *Set, commune *units.Unit) (*units.Unit, string, error) {
	prov := tree.Province(commune.ID)
	level, body := s.RecognisedBy, ""
	if prov != nil {
		err := q.QueryRow(ctx, "SELECT level, body FROM model_bodies WHERE set_id = ? AND province_id = ?", s.ID, prov.ID).Scan(&level, &body)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, "", fmt.Errorf("recognising body: %w", err)
		}
	}
	at := commune
	if level == ByProvince && prov != nil {
		at = prov
	}
	if body == "" {
		body = vi.BodyOf(at.Type, at.Name)
	}
	return at, body, nil
}

// requireAuthority is authority then checkAuthority: the body that
// recognises s's title for commune u, if the principal acts for it.
func requireAuthority(ctx context.Context, q store.Querier, tree *units.Tree, by auth.Principal, s *Set, u *units.Unit) (string, error) {
	at, body, err := authority(ctx, q, tree, s, u)
	if err != nil {
		return "", err
	}
	return body, checkAuthority(by, s, at)
}

// withReason runs a change that needs a reason (a refusal, a revocation)
// in a transaction, refusing an empty reason first.
func withReason(ctx context.Context, db *store.DB, reason string, fn func(tx *store.Tx, reason string) error) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return apperr.New(apperr.Invalid, vi.ErrModelReason)
	}
	return db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx, reason) })
	})
}

// checkAuthority refuses a principal who may not act for the level that
// recognises: outside the registration's scope NotFound or Forbidden as
// any check, inside it but without that level's rights Forbidden, naming
// the level.
func checkAuthority(by auth.Principal, s *Set, at *units.Unit) error {
	if by.Local() || by.CanWrite(at.ID) {
		return nil
	}
	return apperr.New(apperr.Forbidden, vi.ErrModelNoAuthority, s.Title.Label(), at.FullName())
}

// Recognise recognises the registrations ids under one decision, all or
// none: each must be verified with a passing evaluation, not recognised
// already, and the principal must hold the authority its set names.
func Recognise(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, ids []int64, d Decision, now time.Time) ([]Recognition, error) {
	d.Number = strings.TrimSpace(d.Number)
	if d.Number == "" || d.Date.IsZero() {
		return nil, apperr.New(apperr.Invalid, vi.ErrModelDecision)
	}
	if today := units.Day(now); d.Date.After(today) {
		return nil, apperr.New(apperr.Invalid, vi.ErrModelDecisionFuture, vi.Date(d.Date))
	}
	if len(ids) == 0 {
		return nil, apperr.New(apperr.Invalid, vi.ErrModelBatchEmpty)
	}
	var out []Recognition
	err := db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			out = out[:0]
			var deltas []rollup.RecordDelta
			var entries []audit.Entry
			seen := map[int64]bool{}
			for _, id := range ids {
				if seen[id] {
					continue
				}
				seen[id] = true
				r, u, err := loadRegistration(ctx, tx, tree, by, id, auth.NeedWrite)
				if err != nil {
					return err
				}
				rec, err := recogniseOne(ctx, tx, tree, by, r, u, d, now)
				if err != nil {
					return err
				}
				out = append(out, rec)
				deltas = append(deltas, rollup.RecordDelta{UnitID: r.CommuneID, Indicator: recognisedCode(r.Title), Day: d.Date, Delta: 1})
				deltas = append(deltas, inforce.Deltas(r.CommuneID, string(r.Title), r.TargetGroup, d.Date, rec.ValidUntil)...)
				entries = append(entries, audit.Entry{Action: ActionRecognise, UnitID: r.CommuneID, Period: fmt.Sprint(r.Year),
					Detail: fmt.Sprintf("%d %s %s", r.ID, d.Number, rec.Code)})
			}
			if err := audit.RecordMany(ctx, tx, now, by.Actor(), entries); err != nil {
				return err
			}
			return rollup.ApplyRecords(ctx, tx, tree, deltas)
		})
	})
	return out, err
}

func recogniseOne(ctx context.Context, tx *store.Tx, tree *units.Tree, by auth.Principal, r Registration, u *units.Unit, d Decision, now time.Time) (Recognition, error) {
	if r.Status == StatusRecognised {
		var number string
		tx.QueryRow(ctx, "SELECT decision_number FROM model_recognitions WHERE registration_id = ? AND revoked_on IS NULL", r.ID).Scan(&number)
		return Recognition{}, apperr.New(apperr.Conflict, vi.ErrModelTwice, r.ID, number)
	}
	e, ok, err := latestEvaluation(ctx, tx, r.ID)
	if err != nil {
		return Recognition{}, err
	}
	s, err := getSet(ctx, tx, e.SetID, e.SetVersion)
	if ok && err != nil {
		return Recognition{}, err
	}
	if ok {
		body, err := requireAuthority(ctx, tx, tree, by, s, u)
		if err != nil {
			return Recognition{}, err
		}
		if d.Body == "" {
			d.Body = body
		}
	}
	if r.Status != StatusVerified {
		if r.Status == StatusEvaluated || r.Status == StatusRegistered {
			return Recognition{}, apperr.New(apperr.Conflict, vi.ErrModelNotVerified, r.ID)
		}
		return Recognition{}, apperr.New(apperr.Conflict, vi.ErrModelState, r.ID, vi.ModelStatus(r.Status), vi.ErrModelStateRecognise)
	}
	if !e.Score.Passed {
		return Recognition{}, apperr.New(apperr.Conflict, vi.ErrModelNotPassed, r.ID, vi.Points(e.Score.Total))
	}
	if d.Date.Year() < r.Year {
		return Recognition{}, apperr.New(apperr.Invalid, vi.ErrModelDecisionYear, vi.Date(d.Date), r.Year)
	}
	rec := Recognition{RegistrationID: r.ID, Decision: d, Level: e.Score.Level, ValidUntil: r.Year + s.ValidityYears - 1}
	for range 5 {
		rec.Code = newCode()
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM model_recognitions WHERE code = ?", rec.Code).Scan(&n); err != nil {
			return Recognition{}, fmt.Errorf("recognise: %w", err)
		}
		if n == 0 {
			break
		}
	}
	if err := tx.QueryRow(ctx, `INSERT INTO model_recognitions (registration_id, decision_number, decision_date, body, level, valid_until, code, recognised_by, recognised_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.ID, d.Number, d.Date.Format(time.DateOnly), d.Body, rec.Level, rec.ValidUntil, rec.Code,
		by.Name(), stamp(now)).Scan(&rec.ID); err != nil {
		return Recognition{}, fmt.Errorf("recognise: %w", err)
	}
	return rec, setStatus(ctx, tx, r.ID, StatusRecognised, "", now)
}

// codeAlphabet leaves out letters people confuse (0/O, 1/I/L).
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newCode is a certificate's short code: 8 characters, about 40 bits.
func newCode() string {
	b := make([]byte, 8)
	rand.Read(b)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// Refuse records that a registration is not recognised, with the reason;
// it takes the recognising authority.
func Refuse(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, reason string, now time.Time) error {
	return withReason(ctx, db, reason, func(tx *store.Tx, reason string) error {
		r, u, err := loadRegistration(ctx, tx, tree, by, id, auth.NeedWrite)
		if err != nil {
			return err
		}
		switch r.Status {
		case StatusRegistered, StatusEvaluated, StatusVerified:
		default:
			return apperr.New(apperr.Conflict, vi.ErrModelState, r.ID, vi.ModelStatus(r.Status), vi.ErrModelStateRefuse)
		}
		if s, err := setFor(ctx, tx, r, ""); err == nil {
			if _, err := requireAuthority(ctx, tx, tree, by, s, u); err != nil {
				return err
			}
		}
		if err := setStatus(ctx, tx, r.ID, StatusRefused, reason, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: ActionRefuse, UnitID: r.CommuneID, Period: fmt.Sprint(r.Year),
			Detail: fmt.Sprintf("%d: %s", r.ID, reason)})
	})
}

// Revoke withdraws a registration's recognition, with the reason: the row
// stays, and the recognition no longer counts.
func Revoke(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, reason string, now time.Time) error {
	return withReason(ctx, db, reason, func(tx *store.Tx, reason string) error {
		r, u, err := loadRegistration(ctx, tx, tree, by, id, auth.NeedWrite)
		if err != nil {
			return err
		}
		if r.Status != StatusRecognised {
			return apperr.New(apperr.Conflict, vi.ErrModelNotRecognised, r.ID)
		}
		e, _, err := latestEvaluation(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		s, err := getSet(ctx, tx, e.SetID, e.SetVersion)
		if err != nil {
			return err
		}
		if _, err := requireAuthority(ctx, tx, tree, by, s, u); err != nil {
			return err
		}
		var recID int64
		var day string
		var until int
		if err := tx.QueryRow(ctx, "SELECT id, decision_date, valid_until FROM model_recognitions WHERE registration_id = ? AND revoked_on IS NULL", r.ID).Scan(&recID, &day, &until); err != nil {
			return fmt.Errorf("revoke: %w", err)
		}
		decided, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return fmt.Errorf("revoke: %w", err)
		}
		if _, err := tx.Exec(ctx, "UPDATE model_recognitions SET revoked_on = ?, revoke_reason = ?, revoked_by = ? WHERE id = ?",
			units.Day(now).Format(time.DateOnly), reason, by.Name(), recID); err != nil {
			return fmt.Errorf("revoke: %w", err)
		}
		if err := setStatus(ctx, tx, r.ID, StatusRevoked, reason, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: ActionRevoke, UnitID: r.CommuneID, Period: fmt.Sprint(r.Year),
			Detail: fmt.Sprintf("%d: %s", r.ID, reason)}); err != nil {
			return err
		}
		ds := []rollup.RecordDelta{{UnitID: r.CommuneID, Indicator: recognisedCode(r.Title), Day: decided, Delta: -1}}
		ds = append(ds, inforce.RevokeDeltas(r.CommuneID, string(r.Title), r.TargetGroup, decided, until, units.Day(now))...)
		return rollup.ApplyRecords(ctx, tx, tree, ds)
	})
}

// SetBody names who recognises a set's title in a province (the level,
// commune or province, and the body's name): for the province's admins.
func SetBody(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, setID string, provinceID int64, level, body string, now time.Time) error {
	body = strings.TrimSpace(body)
	if body == "" {
		return apperr.New(apperr.Invalid, vi.ErrModelBodyName)
	}
	if level != ByCommune && level != ByProvince {
		return apperr.New(apperr.Invalid, vi.ErrModelBodyLevel, level)
	}
	p := tree.Get(provinceID)
	if p == nil || p.Level != units.Province {
		return apperr.New(apperr.Invalid, vi.ErrModelNeedProvince)
	}
	if err := by.Check(p, auth.NeedAdmin); err != nil {
		return err
	}
	return db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := getSet(ctx, tx, setID, 0); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "DELETE FROM model_bodies WHERE set_id = ? AND province_id = ?", setID, provinceID); err != nil {
				return fmt.Errorf("recognising body: %w", err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO model_bodies (set_id, province_id, level, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
				setID, provinceID, level, body, by.Name(), stamp(now)); err != nil {
				return fmt.Errorf("recognising body: %w", err)
			}
			return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: ActionBody, UnitID: provinceID, Detail: setID + ": " + level + " " + body})
		})
	})
}

// GetRegistration reads a registration the principal may see, with its
// last evaluation and live recognition; the CCCD is masked unless the
// principal may write the commune.
func GetRegistration(ctx context.Context, q store.Querier, tree *units.Tree, by auth.Principal, id int64) (Registration, *Evaluation, *Recognition, error) {
	r, _, err := loadRegistration(ctx, q, tree, by, id, auth.NeedRead)
	if err != nil {
		return Registration{}, nil, nil, err
	}
	if !by.CanWrite(r.CommuneID) {
		r.CCCD = members.MaskCCCD(r.CCCD)
	}
	var ev *Evaluation
	if e, ok, err := latestEvaluation(ctx, q, id); err != nil {
		return Registration{}, nil, nil, err
	} else if ok {
		ev = &e
	}
	var rec *Recognition
	var x Recognition
	var day string
	err = q.QueryRow(ctx, `SELECT id, decision_number, decision_date, body, level, valid_until, code FROM model_recognitions
		WHERE registration_id = ? ORDER BY id DESC LIMIT 1`, id).Scan(&x.ID, &x.Decision.Number, &day, &x.Decision.Body, &x.Level, &x.ValidUntil, &x.Code)
	switch {
	case err == nil:
		x.RegistrationID = id
		x.Decision.Date, _ = time.Parse(time.DateOnly, day)
		rec = &x
	case !errors.Is(err, sql.ErrNoRows):
		return Registration{}, nil, nil, fmt.Errorf("recognition of %d: %w", id, err)
	}
	return r, ev, rec, nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// Listed is a registration in a list, with its last evaluation's total and
// its live recognition's decision and code.
type Listed struct {
	Registration
	Total    float64
	Passed   bool
	Decision string
	Code     string
}

// ListRegistrations lists the registrations of a commune for a year (the
// principal must read the commune); CCCDs are masked unless the principal
// may write it.
func ListRegistrations(ctx context.Context, q store.Querier, tree *units.Tree, by auth.Principal, communeID int64, year int) ([]Listed, error) {
	u := tree.Get(communeID)
	if u == nil || u.Level != units.Commune {
		return nil, apperr.New(apperr.Invalid, vi.ErrModelNeedCommune)
	}
	if err := by.Check(u, auth.NeedRead); err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, `SELECT `+regColumns+`,
		COALESCE((SELECT total FROM model_evaluations e WHERE e.registration_id = r.id ORDER BY e.id DESC LIMIT 1), 0),
		COALESCE((SELECT passed FROM model_evaluations e WHERE e.registration_id = r.id ORDER BY e.id DESC LIMIT 1), 0),
		COALESCE((SELECT decision_number FROM model_recognitions c WHERE c.registration_id = r.id AND c.revoked_on IS NULL), ''),
		COALESCE((SELECT code FROM model_recognitions c WHERE c.registration_id = r.id AND c.revoked_on IS NULL), '')
		FROM model_registrations r WHERE unit_id = ? AND year = ? ORDER BY id`, communeID, year)
	if err != nil {
		return nil, fmt.Errorf("list registrations: %w", err)
	}
	defer rows.Close()
	mask := !by.CanWrite(communeID)
	var out []Listed
	for rows.Next() {
		var l Listed
		var title, mems, day string
		var passed int
		r := &l.Registration
		if err := rows.Scan(&r.ID, &title, &r.TargetGroup, &r.Year, &r.CommuneID, &r.BranchID, &r.Name, &r.CCCD, &r.People, &mems,
			&r.ParentID, &r.Source, &day, &r.Status, &r.Reason, &l.Total, &passed, &l.Decision, &l.Code); err != nil {
			return nil, fmt.Errorf("list registrations: %w", err)
		}
		r.Title, l.Passed = Title(title), passed == 1
		r.RegisteredOn, _ = time.Parse(time.DateOnly, day)
		if mems != "" {
			r.Members = strings.Split(mems, "\n")
		}
		if mask {
			r.CCCD = members.MaskCCCD(r.CCCD)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
