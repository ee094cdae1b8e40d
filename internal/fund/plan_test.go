package fund

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestTheNationsAwardsByProgrammeReadTheProgrammeIndex: on SQLite the
// nation's sum of the awards by programme reads the partial index of the
// entries naming a programme (migration 24), not the whole ledger, and so
// does a province's, its many units written with a unary plus.
func TestTheNationsAwardsByProgrammeReadTheProgrammeIndex(t *testing.T) {
	db := storetest.SQLite(t)
	many := make([]string, fewUnits+1)
	for i := range many {
		many[i] = strconv.Itoa(i + 1)
	}
	for _, where := range []string{"", " AND +e.unit_id IN (" + strings.Join(many, ",") + ")"} {
		rows, err := db.Query(context.Background(), "EXPLAIN QUERY PLAN "+programmeAwardsSQL(where), "2026-01-01", "2026-06-30")
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if p := strings.Join(plan, "; "); !strings.Contains(p, "fund_entries_programme_day") {
			t.Errorf("where %q: the plan is %q, not the programme index", where, p)
		}
	}
}
