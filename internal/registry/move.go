package registry

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Move is a grassroots association that sat in a commune abolished by a
// reorganisation and goes (or went) to its successor.
type Move struct {
	OrgID   int64
	Name    string
	From    *units.Unit
	To      *units.Unit
	Members int // members of its branches on the day of the move
}

// Undecided is an association of a commune that was split: which of the
// successors it goes to is for a person to decide (MoveOrg).
type Undecided struct {
	OrgID      int64
	Name       string
	From       *units.Unit
	Candidates []*units.Unit
}

// MovePlan is what MoveReform did or would do.
type MovePlan struct {
	Moves     []Move
	Undecided []Undecided
}

// MoveReform moves every grassroots association that still sits in a
// commune that no longer exists to the commune that took it over, per the
// lineage, from the day after the old commune's last day: kept as a dated
// change of place, so counts before the move stay with the old commune and
// its old province and counts after it go to the new ones. An association
// of a commune split among several new communes is listed as Undecided. With
// apply false nothing is written. Each move is its own transaction, with
// its audit entry. Only the local administrator runs it (a command at the
// server, for the whole installation); a person decides one association
// at a time with MoveOrg.
func MoveReform(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, apply bool, now time.Time) (MovePlan, error) {
	var plan MovePlan
	if !by.Local() {
		return plan, apperr.New(apperr.Forbidden, vi.ErrLocalOnly)
	}
	rows, err := db.Query(ctx, `SELECT o.id, o.name, p.unit_id FROM orgs o JOIN org_places p ON p.org_id = o.id
		WHERE o.kind = 'grassroots' AND o.dissolved_on IS NULL AND p.valid_to IS NULL ORDER BY o.id`)
	if err != nil {
		return plan, fmt.Errorf("registry: move: %w", err)
	}
	type open struct {
		id   int64
		name string
		unit int64
	}
	var opens []open
	for rows.Next() {
		var o open
		if err := rows.Scan(&o.id, &o.name, &o.unit); err != nil {
			rows.Close()
			return plan, err
		}
		opens = append(opens, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return plan, err
	}
	today := units.Day(now)
	for _, o := range opens {
		from := tree.Get(o.unit)
		if from == nil || from.ValidAt(today) || from.ValidTo.After(today) {
			continue // the commune is still there
		}
		var succ []*units.Unit
		for _, l := range tree.Successors(from.ID) {
			if u := tree.Get(l.NewID); u != nil {
				succ = append(succ, u)
			}
		}
		sort.Slice(succ, func(i, j int) bool { return succ[i].Code < succ[j].Code })
		if len(succ) != 1 {
			plan.Undecided = append(plan.Undecided, Undecided{OrgID: o.id, Name: o.name, From: from, Candidates: succ})
			continue
		}
		m := Move{OrgID: o.id, Name: o.name, From: from, To: succ[0]}
		if apply {
			if m.Members, err = moveOrg(ctx, db, tree, by, o.id, succ[0].ID, now); err != nil {
				return plan, err
			}
		} else if m.Members, err = activeMembers(ctx, db, o.id, from.ValidTo.AddDate(0, 0, 1)); err != nil {
			return plan, err
		}
		plan.Moves = append(plan.Moves, m)
	}
	return plan, nil
}

// activeMembers counts the members of an association's branches on a day.
func activeMembers(ctx context.Context, q store.Querier, assoc int64, on time.Time) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM member_spans s JOIN orgs b ON b.id = s.branch_id
		WHERE (b.parent_org_id = ? OR b.parent_org_id IN (SELECT id FROM orgs WHERE parent_org_id = ?))
		AND s.valid_from <= ? AND (s.valid_to IS NULL OR s.valid_to >= ?)`, assoc, assoc, day(on), day(on)).Scan(&n)
	return n, err
}

// MoveOrg moves a grassroots association whose commune was abolished to
// the commune toID, from the day after the old commune's last day: for an
// association of a split commune, once a person has decided where it goes.
// The principal must write the new commune.
func MoveOrg(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, orgID, toID int64, now time.Time) error {
	_, err := moveOrg(ctx, db, tree, by, orgID, toID, now)
	return err
}

func moveOrg(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, orgID, toID int64, now time.Time) (int, error) {
	var moved int
	err := db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			r := newRegistry(tx, tree)
			o, err := r.org(ctx, orgID)
			if err != nil {
				return err
			}
			to := tree.Get(toID)
			if err := by.Check(to, auth.NeedWrite); err != nil {
				return err
			}
			if o.Kind != Grassroots {
				return apperr.New(apperr.Invalid, vi.ErrMoveNotGrassroots, o.Name)
			}
			from := tree.Get(o.CommuneID)
			if from == nil || from.ValidTo.After(units.Day(now)) || from.ValidTo.Equal(units.Forever) {
				return apperr.New(apperr.Conflict, vi.ErrMoveCommuneExists, o.Name)
			}
			on := from.ValidTo.AddDate(0, 0, 1)
			if to.Level != units.Commune || !to.ValidAt(on) {
				return apperr.New(apperr.Invalid, vi.ErrMoveTarget, to.FullName(), vi.Date(on))
			}
			// Everything the association counts: itself, its units, the
			// members of its branches, before and after the move.
			subs, err := r.descendants(ctx, o.ID)
			if err != nil {
				return err
			}
			ms, err := r.membersOf(ctx, subs)
			if err != nil {
				return err
			}
			t := tally{}
			count := func(sign int64) error {
				for _, x := range append([]*Org{o}, subs...) {
					ps, err := r.orgPieces(ctx, x)
					if err != nil {
						return err
					}
					t.add(ps, sign)
				}
				for _, s := range ms {
					ps, err := r.memberPieces(ctx, s)
					if err != nil {
						return err
					}
					t.add(ps, sign)
				}
				return nil
			}
			if err := count(-1); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE org_places SET valid_to = ? WHERE org_id = ? AND valid_to IS NULL", day(on.AddDate(0, 0, -1)), o.ID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO org_places (org_id, unit_id, valid_from) VALUES (?, ?, ?)", o.ID, to.ID, day(on)); err != nil {
				return err
			}
			delete(r.places, o.ID)
			if err := count(1); err != nil {
				return err
			}
			ids := []any{}
			for _, x := range subs {
				ids = append(ids, x.ID)
			}
			if len(ids) > 0 {
				if _, err := tx.Exec(ctx, "UPDATE members SET commune_id = ? WHERE branch_id IN ("+store.Placeholders(len(ids))+")",
					append([]any{to.ID}, ids...)...); err != nil {
					return err
				}
			}
			moved, err = activeMembers(ctx, tx, o.ID, on)
			if err != nil {
				return err
			}
			if err := writeHistory(ctx, tx, "org", o.ID, 0, "move", map[string]string{"commune": from.Ref()},
				map[string]string{"commune": to.Ref(), "from": day(on)}, by, 0, now); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionOrgMove, UnitID: to.ID,
				Detail: fmt.Sprintf(vi.AuditOrgMoveDetail, o.Name, o.ID, from.FullName(), to.FullName(), vi.Date(on), moved)}); err != nil {
				return err
			}
			return applyCounts(ctx, tx, tree, t)
		})
	})
	return moved, err
}

// descendants are an association's units below it.
func (r *registry) descendants(ctx context.Context, id int64) ([]*Org, error) {
	var out []*Org
	queue := []int64{id}
	for len(queue) > 0 {
		rows, err := r.q.Query(ctx, "SELECT id FROM orgs WHERE parent_org_id = ? ORDER BY id", queue[0])
		if err != nil {
			return nil, err
		}
		queue = queue[1:]
		var ids []int64
		for rows.Next() {
			var c int64
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return nil, err
			}
			ids = append(ids, c)
		}
		rows.Close()
		for _, c := range ids {
			o, err := r.org(ctx, c)
			if err != nil {
				return nil, err
			}
			out = append(out, o)
			queue = append(queue, c)
		}
	}
	return out, nil
}

// membersOf loads every member who has belonged to one of the branches.
func (r *registry) membersOf(ctx context.Context, branches []*Org) ([]*stored, error) {
	var out []*stored
	seen := map[int64]bool{}
	for _, b := range branches {
		rows, err := r.q.Query(ctx, "SELECT DISTINCT member_id FROM member_spans WHERE branch_id = ? ORDER BY member_id", b.ID)
		if err != nil {
			return nil, err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if seen[id] {
				continue // moved between branches of the association
			}
			seen[id] = true
			s, err := r.member(ctx, id)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
	return out, nil
}
