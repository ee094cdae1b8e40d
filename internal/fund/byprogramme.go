package fund

import (
	"context"
	"fmt"
	"sort"

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
	// The paying units: every unit of the subtrees (all times: entries of
	// units since dissolved count where they were); none for the nation.
	where := ""
	if !(len(ids) == 1 && ids[0] == tree.Nation().ID) {
		all := subtrees(tree, ids)
		if len(all) == 0 {
			return nil, nil
		}
		// Numbers of units, not text: written into the statement. A few
		// units (a commune, a district) read their own entries of the
		// period (fund_entries_unit_day). More (a province, a cluster)
		// read the period's payments naming a programme from the partial
		// index of migration 24, programme by programme, and keep their
		// units' there: a province's entries of a half-year read through
		// the ledger's table cost more than every programme payment of the
		// country read from the index (BenchmarkAwardsByProgrammeOfTheNation).
		// The unary plus keeps the planner off the units' index.
		col := "e.unit_id"
		if len(all) > fewUnits {
			col = "+e.unit_id"
		}
		where = " AND " + col + " IN (" + store.IDList(all) + ")"
	}
	rows, err := q.Query(ctx, programmeAwardsSQL(where), day(p.Start()), day(p.End()))
	if err != nil {
		return nil, fmt.Errorf("fund: awards by programme: %w", err)
	}
	var out []*ProgrammeAwards
	for rows.Next() {
		a := &ProgrammeAwards{}
		if err := rows.Scan(&a.ProgrammeID, &a.Count, &a.Amount); err != nil {
			rows.Close()
			return nil, fmt.Errorf("fund: awards by programme: %w", err)
		}
		out = append(out, a)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("fund: awards by programme: %w", err)
	}
	kept := out[:0]
	for _, a := range out {
		if a.Count != 0 || a.Amount != 0 { // not paid and reversed in the period
			kept = append(kept, a)
		}
	}
	out = kept
	// The programmes' names, a few hundred at a time (a country's
	// communes may name thousands).
	byID := make(map[int64]*ProgrammeAwards, len(out))
	progs := make([]int64, len(out))
	for i, a := range out {
		byID[a.ProgrammeID], progs[i] = a, a.ProgrammeID
	}
	for start := 0; start < len(progs); start += 500 {
		rows, err := q.Query(ctx, "SELECT id, unit_id, code, name, year FROM fund_programmes WHERE id IN ("+store.IDList(progs[start:min(start+500, len(progs))])+")")
		if err != nil {
			return nil, fmt.Errorf("fund: awards by programme: %w", err)
		}
		for rows.Next() {
			var id int64
			var x ProgrammeAwards
			if err := rows.Scan(&id, &x.UnitID, &x.Code, &x.Name, &x.Year); err != nil {
				rows.Close()
				return nil, fmt.Errorf("fund: awards by programme: %w", err)
			}
			if a := byID[id]; a != nil {
				a.UnitID, a.Code, a.Name, a.Year = x.UnitID, x.Code, x.Name, x.Year
				if pu := tree.Get(a.UnitID); pu != nil {
					a.Unit = pu.FullName()
				}
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("fund: awards by programme: %w", err)
		}
	}
	// A unit's depth once, not at each comparison (Ancestors builds a
	// slice).
	depths := map[int64]int{}
	depth := func(id int64) int {
		d, ok := depths[id]
		if !ok {
			d = len(tree.Ancestors(id))
			depths[id] = d
		}
		return d
	}
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

// subtrees lists units ids and every unit below them, of all times (a
// unit since dissolved keeps its entries), each once.
func subtrees(tree *units.Tree, ids []int64) []int64 {
	seen := map[int64]bool{}
	var all []int64
	stack := append([]int64(nil), ids...) // not the caller's array
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[id] {
			continue
		}
		seen[id] = true
		all = append(all, id)
		for _, c := range tree.AllChildren(id) {
			stack = append(stack, c.ID)
		}
	}
	return all
}

// programmeAwardsSQL sums the payments naming a programme, and their
// reversals, between two days, grouped by programme; where limits the
// paying units. The partial index fund_entries_programme_day (migration
// 24) holds every column it reads.
func programmeAwardsSQL(where string) string {
	return `SELECT e.programme_id, SUM(-e.direction), SUM(-e.direction * e.amount) FROM fund_entries e
		WHERE e.programme_id IS NOT NULL AND e.day >= ? AND e.day <= ?
		AND (e.kind = 'payment' OR (e.kind = 'reversal' AND e.reversed_kind = 'payment'))` + where + `
		GROUP BY e.programme_id`
}

// fewUnits is the most paying units whose entries ProgrammeAwardsIn reads
// through the units' index.
const fewUnits = 64

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
