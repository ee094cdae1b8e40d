package entry

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Child is one child unit of the completeness view with its status.
type Child struct {
	Unit   *units.Unit
	Status Status
}

// Count is how many children are in a status, and their share of all the
// children in percent (0 when there are none).
type Count struct {
	Status  Status
	Count   int
	Percent float64
}

// Progress tells a parent unit which of its children have reported for a
// period (the completeness view).
type Progress struct {
	ParentID int64
	Period   period.Period
	Children []Child // ordered by code
	Total    int
	Counts   []Count // one per status, in the order of Statuses
}

// Count returns the number of children in status s.
func (pr Progress) Count(s Status) int {
	for _, n := range pr.Counts {
		if n.Status == s {
			return n.Count
		}
	}
	return 0
}

// Completeness lists the children of parentID valid at the end of p with
// their status, and counts them per status. A child's status is its
// submission's when it has one; otherwise "imported" when figures for
// exactly p are stored for it (imported at the child, or rolled up from its
// own units), and "none" when there are none.
func Completeness(ctx context.Context, db *store.DB, tree *units.Tree, parentID int64, p period.Period) (Progress, error) {
	if tree.Get(parentID) == nil {
		return Progress{}, apperr.New(apperr.NotFound, vi.ErrUnknownUnit, "id", fmt.Sprint(parentID), vi.Date(p.End()))
	}
	children := tree.Children(parentID, p.End())
	pr := Progress{ParentID: parentID, Period: p, Total: len(children)}
	status := map[int64]Status{}
	if len(children) > 0 {
		ids := make([]any, 0, len(children)+1)
		ids = append(ids, p.String())
		for _, c := range children {
			ids = append(ids, c.ID)
		}
		in := "(" + strings.TrimSuffix(strings.Repeat("?,", len(children)), ",") + ")"
		// Stored figures first, submissions over them.
		for _, q := range []struct {
			sql    string
			status Status
		}{
			{`SELECT DISTINCT unit_id, '' FROM aggregate_values WHERE period = ? AND unit_id IN ` + in, StatusImported},
			{`SELECT DISTINCT unit_id, '' FROM rollup_values WHERE period = ? AND unit_id IN ` + in, StatusImported},
			{`SELECT unit_id, status FROM submissions WHERE period = ? AND unit_id IN ` + in, ""},
		} {
			if err := readStatuses(ctx, db, q.sql, ids, q.status, status); err != nil {
				return Progress{}, err
			}
		}
	}
	counts := map[Status]int{}
	for _, c := range children {
		s, ok := status[c.ID]
		if !ok {
			s = StatusNone
		}
		counts[s]++
		pr.Children = append(pr.Children, Child{Unit: c, Status: s})
	}
	for _, s := range Statuses {
		n := Count{Status: s, Count: counts[s]}
		if pr.Total > 0 {
			n.Percent = 100 * float64(n.Count) / float64(pr.Total)
		}
		pr.Counts = append(pr.Counts, n)
	}
	return pr, nil
}

// readStatuses sets the status of each unit the query returns: fixed when
// not empty, else the query's second column.
func readStatuses(ctx context.Context, db *store.DB, q string, args []any, fixed Status, out map[int64]Status) error {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("completeness: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return fmt.Errorf("completeness: %w", err)
		}
		if fixed != "" {
			out[id] = fixed
		} else {
			out[id] = Status(s)
		}
	}
	return rows.Err()
}

// Waiting is a submitted form waiting for its parent's decision.
type Waiting struct {
	Unit        *units.Unit
	Period      period.Period
	By          string
	SubmittedAt time.Time
}

// Submitted lists every submitted form, oldest first. The caller keeps the
// ones it may approve (the web layer's scope check); forms of units no
// longer in the tree are left out.
func Submitted(ctx context.Context, q store.Querier, tree *units.Tree) ([]Waiting, error) {
	rows, err := q.Query(ctx, `SELECT unit_id, period, updated_by, COALESCE(submitted_at, updated_at)
		FROM submissions WHERE status = ? ORDER BY 4, unit_id, period`, string(StatusSubmitted))
	if err != nil {
		return nil, fmt.Errorf("submitted forms: %w", err)
	}
	defer rows.Close()
	var out []Waiting
	for rows.Next() {
		var (
			id          int64
			per, by, at string
		)
		if err := rows.Scan(&id, &per, &by, &at); err != nil {
			return nil, fmt.Errorf("submitted forms: %w", err)
		}
		u := tree.Get(id)
		p, err := period.Parse(per)
		if u == nil || err != nil {
			continue
		}
		t, _ := time.Parse(time.RFC3339, at)
		out = append(out, Waiting{Unit: u, Period: p, By: by, SubmittedAt: t})
	}
	return out, rows.Err()
}
