package models

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// ActionSelfAssess is a citizen's self-assessment submitted on the public
// page.
const ActionSelfAssess = "models.self"

// CurrentSet is the set a title (and target group) is evaluated under in
// year y.
func CurrentSet(ctx context.Context, q store.Querier, t Title, group string, y int) (*Set, error) {
	return setFor(ctx, q, Registration{Title: t, TargetGroup: group, Year: y}, "")
}

// SelfAssessment is what a citizen submits on the public page.
type SelfAssessment struct {
	CommuneID   int64
	TargetGroup string
	Name        string
	CCCD        string
	Answers     []Answer
}

// SelfResult is what the page may show back: the score, and whether an
// earlier unverified submission was replaced. No personal data.
type SelfResult struct {
	Score    Score
	Set      *Set
	Replaced bool
}

// SelfAssess stores a citizen's self-assessment for this year, waiting for
// the branch to verify it: one per CCCD and year, a later submission
// replacing an earlier one while it is not verified. It is public (no
// sign-in; the page limits submissions per address), so it checks no scope:
// it can only add a learning citizen's own unverified registration.
func SelfAssess(ctx context.Context, db *store.DB, tree *units.Tree, in SelfAssessment, now time.Time) (SelfResult, error) {
	today := units.Day(now)
	u := tree.Get(in.CommuneID)
	if u == nil || u.Level != units.Commune || !u.ValidAt(today) {
		return SelfResult{}, apperr.New(apperr.Invalid, vi.ErrSelfCommune)
	}
	name := members.CleanName(in.Name)
	if name == "" {
		return SelfResult{}, apperr.New(apperr.Invalid, vi.ErrModelName)
	}
	c, err := members.ParseCCCD(in.CCCD)
	if err != nil {
		return SelfResult{}, apperr.New(apperr.Invalid, vi.ErrModelCCCD, err.Error())
	}
	if c.Number == "" {
		return SelfResult{}, apperr.New(apperr.Invalid, vi.ErrSelfNoCCCD)
	}
	j := &selfJob{in: in, unit: u, name: name, cccd: c.Number, now: now, tree: tree}
	return submitSelf(ctx, db, j)
}

// selfOne writes one self-assessment in tx: its registration (new, or the
// unverified one of its CCCD this year replaced), its evaluation and its
// audit entry; it returns the changes of the counts from records, for the
// caller to apply once for its transaction. sets holds the sets already
// read in tx, by target group and year.
func selfOne(ctx context.Context, tx *store.Tx, j *selfJob, sets map[string]*Set) (SelfResult, []rollup.RecordDelta, error) {
	in, u, name, now := j.in, j.unit, j.name, j.now
	today := units.Day(now)
	y := today.Year()
	key := in.TargetGroup + "/" + fmt.Sprint(y)
	s, ok := sets[key]
	if !ok {
		var err error
		if s, err = CurrentSet(ctx, tx, Citizen, in.TargetGroup, y); err != nil {
			return SelfResult{}, nil, err
		}
		// Stored the first time it is used (freeze), once per transaction.
		if err := freeze(ctx, tx, s, audit.ViaPage, now); err != nil {
			return SelfResult{}, nil, err
		}
		sets[key] = s
	}
	sc, err := s.Evaluate(in.Answers, true, -1)
	if err != nil {
		return SelfResult{}, nil, err
	}
	out := SelfResult{Score: sc, Set: s}
	dup := "cccd:" + j.cccd
	var id, unit int64
	var status, registered string
	var deltas []rollup.RecordDelta
	ts := stamp(now)
	// A new citizen's registration goes in unless the CCCD has one this
	// year, in one statement (most submissions are new: one round trip,
	// not a look-up and an insert); with none written, the one there is
	// read.
	err = tx.QueryRow(ctx, `INSERT INTO model_registrations (title, target_group, year, unit_id, name, dup_key, cccd, source, registered_on, status, created_by, created_at, updated_at)
		SELECT ?, ?, CAST(? AS INTEGER), CAST(? AS BIGINT), ?, ?, ?, 'self', ?, ?, ?, ?, ?
		WHERE NOT EXISTS (SELECT 1 FROM model_registrations WHERE title = ? AND year = ? AND dup_key = ?) RETURNING id`,
		string(Citizen), in.TargetGroup, y, u.ID, name, dup, j.cccd, today.Format(time.DateOnly), StatusEvaluated, audit.ViaPage, ts, ts,
		string(Citizen), y, dup).Scan(&id)
	inserted := err == nil
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRow(ctx, "SELECT id, unit_id, status, registered_on FROM model_registrations WHERE title = ? AND year = ? AND dup_key = ?",
			string(Citizen), y, dup).Scan(&id, &unit, &status, &registered)
	}
	switch {
	case inserted:
		deltas = append(deltas, rollup.RecordDelta{UnitID: u.ID, Indicator: registeredCode(Citizen), Day: today, Delta: 1})
	case err != nil:
		return SelfResult{}, nil, fmt.Errorf("self-assessment: %w", err)
	case status != StatusRegistered && status != StatusEvaluated:
		return SelfResult{}, nil, apperr.New(apperr.Conflict, vi.ErrSelfVerified, y)
	default:
		out.Replaced = true
		if _, err := tx.Exec(ctx, "UPDATE model_registrations SET unit_id = ?, name = ?, target_group = ?, status = ?, updated_at = ? WHERE id = ?",
			u.ID, name, in.TargetGroup, StatusEvaluated, ts, id); err != nil {
			return SelfResult{}, nil, fmt.Errorf("self-assessment: %w", err)
		}
		if unit != u.ID {
			d, _ := time.Parse(time.DateOnly, registered)
			d = inYear(d, y)
			deltas = append(deltas, rollup.RecordDelta{UnitID: unit, Indicator: registeredCode(Citizen), Day: d, Delta: -1},
				rollup.RecordDelta{UnitID: u.ID, Indicator: registeredCode(Citizen), Day: d, Delta: 1})
		}
	}
	answers := append([]Answer(nil), in.Answers...)
	sort.Slice(answers, func(i, j int) bool { return answers[i].Code < answers[j].Code })
	body, _ := json.Marshal(answers)
	passed := 0
	if sc.Passed {
		passed = 1
	}
	if _, err := tx.Exec(ctx, `INSERT INTO model_evaluations (registration_id, set_id, set_version, answers, total, passed, level, evaluated_by, evaluated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, s.ID, s.Version, string(body), sc.Total, passed, sc.Level, "self", ts); err != nil {
		return SelfResult{}, nil, fmt.Errorf("self-assessment: %w", err)
	}
	if err := audit.Record(ctx, tx, now, audit.Actor{Via: audit.ViaPage}, audit.Entry{Action: ActionSelfAssess, UnitID: u.ID,
		Period: fmt.Sprint(y), Detail: fmt.Sprint(id)}); err != nil {
		return SelfResult{}, nil, err
	}
	return out, deltas, nil
}

// Certificate is what the public verification page shows of a recognition:
// the name and the title, the year, the decision; nothing else personal.
type Certificate struct {
	Code        string
	Name        string
	Title       Title
	TargetGroup string
	Year        int
	Level       int
	Decision    Decision
	ValidUntil  int
	Commune     string
	Revoked     bool
}

// VerifyCode finds the recognition a certificate's short code stands for.
// It is public: an unknown code is NotFound.
func VerifyCode(ctx context.Context, q store.Querier, tree *units.Tree, code string) (Certificate, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	c := Certificate{Code: code}
	var title, day string
	var unit int64
	var revoked sql.NullString
	err := q.QueryRow(ctx, `SELECT r.name, r.title, r.target_group, r.year, r.unit_id, c.level, c.decision_number, c.decision_date, c.body, c.valid_until, c.revoked_on
		FROM model_recognitions c JOIN model_registrations r ON r.id = c.registration_id WHERE c.code = ?`, code).Scan(
		&c.Name, &title, &c.TargetGroup, &c.Year, &unit, &c.Level, &c.Decision.Number, &day, &c.Decision.Body, &c.ValidUntil, &revoked)
	if errors.Is(err, sql.ErrNoRows) || len(code) != 8 {
		return Certificate{}, apperr.New(apperr.NotFound, vi.ErrCertificateUnknown, code)
	}
	if err != nil {
		return Certificate{}, fmt.Errorf("verify certificate: %w", err)
	}
	c.Title, c.Revoked = Title(title), revoked.Valid
	c.Decision.Date, _ = time.Parse(time.DateOnly, day)
	if u := tree.Get(unit); u != nil {
		c.Commune = u.FullName()
	}
	return c, nil
}
