// Package inforce is the rule of a learning title in force (docs/models.md):
// a recognition counts as a title in force from its decision's day to the
// last day of its last valid year, unless it is revoked before. It is
// apart from package models so that the migration that counts the
// recognitions stored before the rule (schema step 17) can use it.
package inforce

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// models.<title>.in_force (and, for a learning citizen,
// models.citizen.<target group>.in_force) are stocks counted from records,
// +1 on the decision's day and −1 on the first of January after the last
// valid year, the −1 moved to the day of a revocation. New recognitions of
// a period (models.<title>.recognized, a flow) and titles in force at its
// end are so separate figures: a learning unit recognised in 2026 for
// three years is new in 2026 and in force at the end of 2026, 2027 and
// 2028.

// Codes are the indicators a recognition of a title (and, for a learning
// citizen, target group) counts in while it is in force. Unlike
// registrations and recognitions, the commune-level community has its own
// (its denominator is not the hamlets').
func Codes(title, group string) []string {
	out := []string{"models." + title + ".in_force"}
	if title == "citizen" && group != "" {
		out = append(out, "models.citizen."+group+".in_force")
	}
	return out
}

// expiry is the first day a recognition valid until the end of year
// validUntil no longer counts.
func expiry(validUntil int) time.Time {
	return time.Date(validUntil+1, 1, 1, 0, 0, 0, 0, time.UTC)
}

// Deltas are the changes of the titles in force for a recognition
// decided on decided and valid until the end of validUntil: +1 then −1 at
// its expiry (nothing when it expired before it was decided).
func Deltas(unitID int64, title, group string, decided time.Time, validUntil int) []rollup.RecordDelta {
	end := expiry(validUntil)
	if !decided.Before(end) {
		return nil
	}
	var out []rollup.RecordDelta
	for _, code := range Codes(title, group) {
		out = append(out, rollup.RecordDelta{UnitID: unitID, Indicator: code, Day: decided, Delta: 1},
			rollup.RecordDelta{UnitID: unitID, Indicator: code, Day: end, Delta: -1})
	}
	return out
}

// RevokeDeltas move the −1 of a recognition's expiry to the day it is
// revoked; a recognition revoked after it expired changes nothing.
func RevokeDeltas(unitID int64, title, group string, decided time.Time, validUntil int, revoked time.Time) []rollup.RecordDelta {
	end := expiry(validUntil)
	if !decided.Before(end) || !revoked.Before(end) {
		return nil
	}
	if revoked.Before(decided) {
		revoked = decided
	}
	var out []rollup.RecordDelta
	for _, code := range Codes(title, group) {
		out = append(out, rollup.RecordDelta{UnitID: unitID, Indicator: code, Day: revoked, Delta: -1},
			rollup.RecordDelta{UnitID: unitID, Indicator: code, Day: end, Delta: 1})
	}
	return out
}

// Count counts the titles in force of the recognitions stored before they
// were counted (migration 17): each recognition as it would have been
// counted when decided, and revoked. It runs inside the migration's
// transaction.
func Count(ctx context.Context, tx *store.Tx) error {
	rows, err := tx.Query(ctx, `SELECT r.unit_id, r.title, r.target_group, c.decision_date, c.valid_until, c.revoked_on
		FROM model_recognitions c JOIN model_registrations r ON r.id = c.registration_id`)
	if err != nil {
		return fmt.Errorf("count titles in force: %w", err)
	}
	var ds []rollup.RecordDelta
	for rows.Next() {
		var unit int64
		var title, group, day string
		var until int
		var revoked sql.NullString
		if err := rows.Scan(&unit, &title, &group, &day, &until, &revoked); err != nil {
			rows.Close()
			return fmt.Errorf("count titles in force: %w", err)
		}
		decided, err := time.Parse(time.DateOnly, day)
		if err != nil {
			rows.Close()
			return fmt.Errorf("count titles in force: %w", err)
		}
		ds = append(ds, Deltas(unit, title, group, decided, until)...)
		if revoked.Valid {
			r, err := time.Parse(time.DateOnly, revoked.String)
			if err != nil {
				rows.Close()
				return fmt.Errorf("count titles in force: %w", err)
			}
			ds = append(ds, RevokeDeltas(unit, title, group, decided, until, r)...)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("count titles in force: %w", err)
	}
	if len(ds) == 0 {
		return nil
	}
	tree, err := units.LoadTree(ctx, tx)
	if err != nil {
		return err
	}
	return rollup.ApplyRecords(ctx, tx, tree, ds)
}
