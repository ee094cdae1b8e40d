package units

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Tree holds every unit and lineage link in memory, for work that touches
// many units at once (an import of a whole country, a roll-up). Loading it
// costs one pass over two tables.
type Tree struct {
	byID     map[int64]*Unit
	byCode   map[Ref][]*Unit // every unit that ever had that level and code
	children map[int64][]*Unit
	preds    map[int64][]Link
	succs    map[int64][]Link
	nation   *Unit
}

// LoadTree reads all units and lineage links.
func LoadTree(ctx context.Context, q store.Querier) (*Tree, error) {
	t := &Tree{
		byID: map[int64]*Unit{}, byCode: map[Ref][]*Unit{}, children: map[int64][]*Unit{},
		preds: map[int64][]Link{}, succs: map[int64][]Link{},
	}
	dates := dateCache{}
	rows, err := q.Query(ctx, "SELECT id, level, code, name, type, COALESCE(parent_id, 0), valid_from, valid_to FROM units")
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		u := &Unit{}
		var from, to string
		if err := rows.Scan(&u.ID, &u.Level, &u.Code, &u.Name, &u.Type, &u.ParentID, &from, &to); err != nil {
			return nil, fmt.Errorf("load units: %w", err)
		}
		if u.ValidFrom, err = dates.parse(from); err != nil {
			return nil, fmt.Errorf("load units: %w", err)
		}
		if u.ValidTo, err = dates.parse(to); err != nil {
			return nil, fmt.Errorf("load units: %w", err)
		}
		t.add(u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	rows.Close()
	lrows, err := q.Query(ctx, "SELECT old_id, new_id, kind, share, effective FROM unit_lineage")
	if err != nil {
		return nil, fmt.Errorf("load lineage: %w", err)
	}
	defer lrows.Close()
	for lrows.Next() {
		var l Link
		var kind, eff string
		var share *float64
		if err := lrows.Scan(&l.OldID, &l.NewID, &kind, &share, &eff); err != nil {
			return nil, fmt.Errorf("load lineage: %w", err)
		}
		l.Full, l.Share = kind == "full", share
		if l.Effective, err = dates.parse(eff); err != nil {
			return nil, fmt.Errorf("load lineage: %w", err)
		}
		t.preds[l.NewID] = append(t.preds[l.NewID], l)
		t.succs[l.OldID] = append(t.succs[l.OldID], l)
	}
	if err := lrows.Err(); err != nil {
		return nil, fmt.Errorf("load lineage: %w", err)
	}
	t.sortAll()
	return t, nil
}

func (t *Tree) add(u *Unit) {
	t.byID[u.ID] = u
	r := Ref{Level: u.Level, Code: u.Code}
	t.byCode[r] = append(t.byCode[r], u)
	if u.ParentID != 0 {
		t.children[u.ParentID] = append(t.children[u.ParentID], u)
	}
	if u.Level == Nation {
		t.nation = u
	}
}

func (t *Tree) sortAll() {
	for _, cs := range t.children {
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].Code != cs[j].Code {
				return cs[i].Code < cs[j].Code
			}
			return cs[i].ValidFrom.Before(cs[j].ValidFrom)
		})
	}
}

// Nation is the root of the tree.
func (t *Tree) Nation() *Unit { return t.nation }

// Get returns the unit with that id, or nil.
func (t *Tree) Get(id int64) *Unit { return t.byID[id] }

// Resolve finds the unit of that level and code valid on day at. It tells a
// code that exists at another level (or at another date) from an unknown one,
// which it names as the API and the command line take it (commune:00001).
func (t *Tree) Resolve(level Level, code string, at time.Time) (*Unit, error) {
	return t.resolve(level, code, at, false)
}

// ResolveInWords is Resolve for people, who choose a unit's level and
// write its code apart (a file's level and code columns, a page's
// address): an unknown unit is named in words, «không có đơn vị mã 00001
// cấp xã vào ngày 31/12/2025».
func (t *Tree) ResolveInWords(level Level, code string, at time.Time) (*Unit, error) {
	return t.resolve(level, code, at, true)
}

func (t *Tree) resolve(level Level, code string, at time.Time, words bool) (*Unit, error) {
	if level == Nation {
		return t.nation, nil
	}
	for _, u := range t.byCode[Ref{Level: level, Code: code}] {
		if u.ValidAt(at) {
			return u, nil
		}
	}
	if level == District && !at.Before(ReformDate) {
		return nil, apperr.New(apperr.NotFound, vi.ErrNoDistrictAfter)
	}
	for _, other := range []Level{Province, District, Commune} {
		if other == level {
			continue
		}
		for _, u := range t.byCode[Ref{Level: other, Code: code}] {
			if u.ValidAt(at) {
				return nil, apperr.New(apperr.NotFound, vi.ErrWrongLevel, code, vi.LevelWord(string(level)), vi.Date(at))
			}
		}
	}
	if words {
		return nil, apperr.New(apperr.NotFound, vi.ErrNoUnitInWords, code, vi.LevelWord(string(level)), vi.Date(at))
	}
	return nil, apperr.New(apperr.NotFound, vi.ErrUnknownUnit, level, code, vi.Date(at))
}

// Children lists the units whose parent is id and that are valid on day at,
// ordered by code.
func (t *Tree) Children(id int64, at time.Time) []*Unit {
	var out []*Unit
	for _, c := range t.children[id] {
		if c.ValidAt(at) {
			out = append(out, c)
		}
	}
	return out
}

// HasChildren reports whether any unit ever had id as parent.
func (t *Tree) HasChildren(id int64) bool { return len(t.children[id]) > 0 }

// Ancestors lists the parent chain of id up to the nation, nearest first.
func (t *Tree) Ancestors(id int64) []*Unit {
	var out []*Unit
	for u := t.byID[id]; u != nil && u.ParentID != 0; {
		u = t.byID[u.ParentID]
		if u != nil {
			out = append(out, u)
		}
	}
	return out
}

// Predecessors lists the links into id: the old units it was formed from.
func (t *Tree) Predecessors(id int64) []Link { return t.preds[id] }

// Successors lists the links out of id: the new units it went into.
func (t *Tree) Successors(id int64) []Link { return t.succs[id] }

// All lists every unit of a level valid on day at, ordered by code. A zero
// at means any date.
func (t *Tree) All(level Level, at time.Time) []*Unit {
	var out []*Unit
	for _, u := range t.byID {
		if u.Level == level && (at.IsZero() || u.ValidAt(at)) {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Code != out[j].Code {
			return out[i].Code < out[j].Code
		}
		return out[i].ValidFrom.Before(out[j].ValidFrom)
	})
	return out
}

// AllChildren lists every unit that ever had id as parent, whatever its validity.
func (t *Tree) AllChildren(id int64) []*Unit { return t.children[id] }

// dateCache parses each distinct date once: the units share a handful of
// validity dates, and parsing is most of the cost of loading the tree.
type dateCache map[string]time.Time

func (c dateCache) parse(s string) (time.Time, error) {
	if t, ok := c[s]; ok {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, err
	}
	c[s] = t
	return t, nil
}
