package fund

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// ProgrammeAwards is what the awards of one programme came to in a period,
// paid by the units of a scope: how many payments and how much, net of the
// reversals dated in the period (a reversal counts on its own day, as the
// figures count it).
type ProgrammeAwards struct {
	ProgrammeID int64
	UnitID      int64  // the programme's unit
	Unit        string // its full name
	Code, Name  string
	Year        int
	Count       int64
	Amount      int64
}

// AwardsByProgramme is the awards paid under each programme in period p by
// unit unitID and the units below it: a unit's report of its programmes
// (by name, not by indicator code: programmes are many and each unit names
// its own). The principal must read the unit; a programme of a unit above
// (a commune paying into the province's) is listed by its name, as the
// unit's fund page lists it.
func AwardsByProgramme(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, p period.Period) ([]ProgrammeAwards, error) {
	u, err := readable(tree, by, unitID)
	if err != nil {
		return nil, err
	}
	return ProgrammeAwardsIn(ctx, db, tree, []int64{u.ID}, p)
}

// ProgrammeAwardsIn is AwardsByProgramme for the units ids and their
// subtrees (a unit, a cluster's provinces, the nation) without a
// principal: for the report, whose caller checks the scope. The rows come
// in the order of the programme's unit (the one highest up first), year
// and name.
func ProgrammeAwardsIn(ctx context.Context, q store.Querier, tree *units.Tree, ids []int64, p period.Period) ([]ProgrammeAwards, error) {
	where := ""
	if !(len(ids) == 1 && ids[0] == tree.Nation().ID) {
		var all []int64
		seen := map[int64]bool{}
		var walk func(id int64)
		walk = func(id int64) {
			if seen[id] {
				return
			}
			seen[id] = true
			all = append(all, id)
			for _, c := range tree.AllChildren(id) {
				walk(c.ID)
			}
		}
		for _, id := range ids {
			walk(id)
		}
		if len(all) == 0 {
			return nil, nil
		}
		var b strings.Builder
		for i, id := range all {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatInt(id, 10))
		}
		// Numbers of units, not text: written into the statement, as a
		// list of hundreds of placeholders costs more to bind than to read.
		where = " AND e.unit_id IN (" + b.String() + ")"
	}
	rows, err := q.Query(ctx, `SELECT e.programme_id, SUM(-e.direction), SUM(-e.direction * e.amount) FROM fund_entries e
		WHERE e.programme_id IS NOT NULL AND e.day >= ? AND e.day <= ?
		AND (e.kind = 'payment' OR (e.kind = 'reversal' AND e.reversed_kind = 'payment'))`+where+`
		GROUP BY e.programme_id`, day(p.Start()), day(p.End()))
	if err != nil {
		return nil, fmt.Errorf("fund: awards by programme: %w", err)
	}
	byID := map[int64]*ProgrammeAwards{}
	var out []*ProgrammeAwards
	for rows.Next() {
		a := &ProgrammeAwards{}
		if err := rows.Scan(&a.ProgrammeID, &a.Count, &a.Amount); err != nil {
			rows.Close()
			return nil, fmt.Errorf("fund: awards by programme: %w", err)
		}
		if a.Count == 0 && a.Amount == 0 {
			continue // paid and reversed in the period
		}
		byID[a.ProgrammeID] = a
		out = append(out, a)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("fund: awards by programme: %w", err)
	}
	for _, a := range out {
		if err := q.QueryRow(ctx, "SELECT unit_id, code, name, year FROM fund_programmes WHERE id = ?", a.ProgrammeID).
			Scan(&a.UnitID, &a.Code, &a.Name, &a.Year); err != nil {
			return nil, fmt.Errorf("fund: awards by programme %d: %w", a.ProgrammeID, err)
		}
		if pu := tree.Get(a.UnitID); pu != nil {
			a.Unit = pu.FullName()
		}
	}
	depth := func(id int64) int { return len(tree.Ancestors(id)) }
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if da, db := depth(a.UnitID), depth(b.UnitID); da != db {
			return da < db
		}
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		return a.Name < b.Name
	})
	res := make([]ProgrammeAwards, len(out))
	for i, a := range out {
		res[i] = *a
	}
	return res, nil
}

// The report's table of programmes reads the ledger through
// ProgrammeAwardsIn, and its association's own fund through OwnFigures.
func init() {
	report.SetOwnFundSource(OwnFigures)
	report.SetProgrammeSource(func(ctx context.Context, q store.Querier, tree *units.Tree, ids []int64, p period.Period) ([]report.ProgrammeRow, error) {
		as, err := ProgrammeAwardsIn(ctx, q, tree, ids, p)
		out := make([]report.ProgrammeRow, len(as))
		for i, a := range as {
			out[i] = report.ProgrammeRow{Name: a.Name, Unit: a.Unit, Year: a.Year, Count: a.Count, Amount: a.Amount}
		}
		return out, err
	})
}

// OwnFigures are the fund's figures of unit id's own ledger for period p
// (not its subtree's): the fund raised and spent in p and the balance at
// its end, net of reversals on their own days, as the figures count them
// (a transfer moves the balance only); ok is false where the unit's
// ledger has no entry up to p's end. A report gives them as the
// association's own part of the total of all levels.
func OwnFigures(ctx context.Context, q store.Querier, id int64, p period.Period) (map[string]int64, bool, error) {
	var n, raised, spent, balance int64
	err := q.QueryRow(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN day >= ? AND (kind = 'receipt' OR (kind = 'reversal' AND reversed_kind = 'receipt')) THEN direction * amount ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN day >= ? AND (kind = 'payment' OR (kind = 'reversal' AND reversed_kind = 'payment')) THEN -direction * amount ELSE 0 END), 0),
		COALESCE(SUM(direction * amount), 0)
		FROM fund_entries WHERE unit_id = ? AND day <= ?`, day(p.Start()), day(p.Start()), id, day(p.End())).Scan(&n, &raised, &spent, &balance)
	if err != nil {
		return nil, false, fmt.Errorf("fund: own figures of unit %d: %w", id, err)
	}
	if n == 0 {
		return nil, false, nil
	}
	return map[string]int64{IndRaised: raised, IndSpent: spent, IndBalance: balance}, true, nil
}
