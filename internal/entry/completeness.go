package entry

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
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
		in := "(" + store.Placeholders(len(children)) + ")"
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
	By          string // the sender's e-mail, as kept
	ByName      string // the sender's name; By when they have no user
	SubmittedAt time.Time
	Warnings    int // warnings of the plausibility checks, each explained
}

// waitingSQL selects the submitted forms of units whose parent meets cond.
// The status is written in the query, not bound, so that the databases
// plan with the partial index of the submitted forms (migration 20).
func waitingSQL(cond string) string {
	return `SELECT s.unit_id, s.period, s.updated_by, COALESCE(s.submitted_at, s.updated_at), s.warnings
		FROM submissions s JOIN units u ON u.id = s.unit_id
		WHERE s.status = '` + string(StatusSubmitted) + `' AND ` + cond + `
		ORDER BY 4, s.unit_id, s.period`
}

// AwaitingApproval lists, oldest first, the submitted forms that p may
// approve: those of the units whose parent p reads (Principal.CanApprove),
// for an officer or admin; every submitted form for the local
// administrator; none for a viewer. The scope is applied in SQL
// (Principal.ReadableSQL), so no form outside it is read. Forms of units
// no longer in the tree are left out.
func AwaitingApproval(ctx context.Context, q store.Querier, tree *units.Tree, p auth.Principal) ([]Waiting, error) {
	if !p.Approves() {
		return nil, nil
	}
	out := []Waiting{}
	batches := 0
	// One who reads every unit approves every form with a parent, without
	// the list of every unit ReadableSQL would give.
	readable := p.ReadableSQL
	if p.ReadsAll() {
		readable = func(fn func(with string, args []any) error) error { return fn("", nil) }
	}
	err := readable(func(with string, args []any) error {
		batches++
		cond := "u.parent_id IN (SELECT id FROM readable)"
		if with == "" {
			cond = "u.parent_id IS NOT NULL"
		}
		rows, err := q.Query(ctx, with+waitingSQL(cond), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				id          int64
				per, by, at string
				warnings    int
			)
			if err := rows.Scan(&id, &per, &by, &at, &warnings); err != nil {
				return err
			}
			u := tree.Get(id)
			pp, err := period.Parse(per)
			if u == nil || err != nil {
				continue
			}
			t, _ := time.Parse(time.RFC3339, at)
			out = append(out, Waiting{Unit: u, Period: pp, By: by, ByName: by, SubmittedAt: t, Warnings: warnings})
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("forms awaiting approval: %w", err)
	}
	emails := make([]string, len(out))
	for i, w := range out {
		emails[i] = w.By
	}
	names, err := auth.NamesOf(ctx, q, emails)
	if err != nil {
		return nil, err
	}
	for i, w := range out {
		if name, ok := names[w.By]; ok {
			out[i].ByName = name
		}
	}
	if batches > 1 {
		// Stored times are UTC RFC 3339 to the second (docs/storage.md), so
		// the parsed times order as the query's ORDER BY 4 does.
		slices.SortFunc(out, func(a, b Waiting) int {
			return cmp.Or(a.SubmittedAt.Compare(b.SubmittedAt), cmp.Compare(a.Unit.ID, b.Unit.ID), strings.Compare(a.Period.String(), b.Period.String()))
		})
	}
	return out, nil
}
