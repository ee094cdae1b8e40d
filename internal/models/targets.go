package models

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// ActionTarget is a target of the titles set or withdrawn.
const ActionTarget = "models.target"

// Target is a share that a rate of the titles (a ratio indicator of the
// catalogue, models.family.rate) should reach by the end of Year, in
// percent. Province is the province that set it, 0 for a national one;
// Default marks an embedded national target no one changed.
type Target struct {
	Indicator string
	Year      int
	Percent   float64
	Province  int64
	Default   bool
}

// TargetIndicators are the rates a target may be set for: the titles'
// rates against households, clans, hamlets and agencies, and the learning
// citizens' against the people of each target group.
var TargetIndicators = []string{"models.family.rate", "models.clan.rate", "models.community.rate", "models.unit.rate",
	"models.citizen.residents.rate", "models.citizen.workers.rate", "models.citizen.officials.rate", "models.citizen.pupils.rate"}

// NationalTargets are the national targets of programmes 387/QĐ-TTg and
// 677/QĐ-TTg of 2022 (DOMAIN.md): by 2025, 70 % of families, 65 % of clans
// and of hamlet communities, 80 % of units recognised; 40 % of adults and
// 60 % of officials and workers recognised as learning citizens; by 2030,
// 60 % and 80 % for learning citizens. The nation's admins may replace
// them, each province may set its own.
var NationalTargets = []Target{
	{Indicator: "models.family.rate", Year: 2025, Percent: 70},
	{Indicator: "models.clan.rate", Year: 2025, Percent: 65},
	{Indicator: "models.community.rate", Year: 2025, Percent: 65},
	{Indicator: "models.unit.rate", Year: 2025, Percent: 80},
	{Indicator: "models.citizen.residents.rate", Year: 2025, Percent: 40},
	{Indicator: "models.citizen.workers.rate", Year: 2025, Percent: 60},
	{Indicator: "models.citizen.officials.rate", Year: 2025, Percent: 60},
	{Indicator: "models.citizen.residents.rate", Year: 2030, Percent: 60},
	{Indicator: "models.citizen.workers.rate", Year: 2030, Percent: 80},
	{Indicator: "models.citizen.officials.rate", Year: 2030, Percent: 80},
}

type targetKey struct {
	code string
	year int
}

// Targets lists the targets that hold for a unit (a commune takes its
// province's): the province's own where it set one for a rate and year,
// else the nation's stored one, else the embedded default. The nation and
// a cluster (unitID 0) have the national targets. Sorted by the catalogue's
// order, then year.
func Targets(ctx context.Context, q store.Querier, tree *units.Tree, unitID int64) ([]Target, error) {
	got := map[targetKey]Target{}
	for _, t := range NationalTargets {
		t.Default = true
		got[targetKey{t.Indicator, t.Year}] = t
	}
	ids := []int64{tree.Nation().ID}
	var prov int64
	if unitID != 0 {
		if p := tree.Province(unitID); p != nil {
			prov = p.ID
			ids = append(ids, p.ID)
		}
	}
	for _, id := range ids {
		rows, err := q.Query(ctx, "SELECT indicator, year, percent FROM model_targets WHERE unit_id = ?", id)
		if err != nil {
			return nil, fmt.Errorf("targets: %w", err)
		}
		for rows.Next() {
			var t Target
			if err := rows.Scan(&t.Indicator, &t.Year, &t.Percent); err != nil {
				rows.Close()
				return nil, fmt.Errorf("targets: %w", err)
			}
			if id == prov {
				t.Province = prov
			}
			got[targetKey{t.Indicator, t.Year}] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("targets: %w", err)
		}
	}
	out := make([]Target, 0, len(got))
	for _, t := range got {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		a, _ := indicator.Default.Get(out[i].Indicator)
		b, _ := indicator.Default.Get(out[j].Indicator)
		if a.Index != b.Index {
			return a.Index < b.Index
		}
		return out[i].Year < out[j].Year
	})
	return out, nil
}

// TargetFor picks, among ts, the target of a rate that a figure of year y
// is measured against: the target of the first target year at or after y
// (a figure of 2027 against the 2030 target). None after the last.
func TargetFor(ts []Target, code string, y int) (Target, bool) {
	var best Target
	found := false
	for _, t := range ts {
		if t.Indicator == code && t.Year >= y && (!found || t.Year < best.Year) {
			best, found = t, true
		}
	}
	return best, found
}

// SetTarget sets the target of a rate for a year at the nation or a
// province (their admins): percent above 0 and at most 100. A percent of
// 0 withdraws the unit's own target (a province then follows the nation's,
// the nation its default).
func SetTarget(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID int64, code string, year int, percent float64, now time.Time) error {
	u := tree.Get(unitID)
	if u == nil || (u.Level != units.Nation && u.Level != units.Province) {
		return apperr.New(apperr.Invalid, vi.ErrTargetUnit)
	}
	known := false
	for _, c := range TargetIndicators {
		known = known || c == code
	}
	if !known {
		return apperr.New(apperr.Invalid, vi.ErrTargetIndicator, code)
	}
	if year < 2000 || year > 2200 {
		return apperr.New(apperr.Invalid, vi.ErrTargetYear, year)
	}
	if math.IsNaN(percent) || percent < 0 || percent > 100 {
		return apperr.New(apperr.Invalid, vi.ErrTargetPercent, vi.Points(percent))
	}
	if err := by.Check(u, auth.NeedAdmin); err != nil {
		return err
	}
	return db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, "DELETE FROM model_targets WHERE unit_id = ? AND indicator = ? AND year = ?", unitID, code, year); err != nil {
				return fmt.Errorf("set target: %w", err)
			}
			if percent > 0 {
				if _, err := tx.Exec(ctx, "INSERT INTO model_targets (unit_id, indicator, year, percent, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
					unitID, code, year, percent, by.Name(), stamp(now)); err != nil {
					return fmt.Errorf("set target: %w", err)
				}
			}
			return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: ActionTarget, UnitID: unitID, Period: fmt.Sprint(year),
				Detail: fmt.Sprintf("%s %s", code, vi.Points(percent))})
		})
	})
}
