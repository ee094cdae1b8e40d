package units

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// DateLayout is how dates are written on the command line and stored.
const DateLayout = time.DateOnly

// ParseDate reads a day written as 2024-07-05.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, apperr.New(apperr.Invalid, vi.ErrBadDate, s)
	}
	return t, nil
}

// Day is the calendar day of the instant t in Vietnam (vi.Today), at
// midnight UTC like the stored dates, so that a clock reading compares
// correctly with validity bounds: at 2025-06-30T18:00:00Z it is already 1
// July 2025 in Vietnam, and the new units hold.
func Day(t time.Time) time.Time { return vi.Today(t) }

func day(t time.Time) string { return t.Format(DateLayout) }

const unitCols = "u.id, u.level, u.code, u.name, u.type, COALESCE(u.parent_id, 0), u.valid_from, u.valid_to"

func scanUnit(sc interface{ Scan(...any) error }, extra ...any) (*Unit, error) {
	u := &Unit{}
	var from, to string
	dest := append([]any{&u.ID, &u.Level, &u.Code, &u.Name, &u.Type, &u.ParentID, &from, &to}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	var err error
	if u.ValidFrom, err = time.Parse(DateLayout, from); err != nil {
		return nil, err
	}
	if u.ValidTo, err = time.Parse(DateLayout, to); err != nil {
		return nil, err
	}
	return u, nil
}

// List returns the units of a level valid on day at, ordered by code. When
// within is not 0, only the units below that unit (its children and
// grandchildren: the communes of a province before the reform sit under
// districts) are listed.
func List(ctx context.Context, q store.Querier, level Level, within int64, at time.Time) ([]*Unit, error) {
	query := "SELECT " + unitCols + " FROM units u WHERE u.level = ? AND u.valid_from <= ? AND u.valid_to >= ?"
	args := []any{string(level), day(at), day(at)}
	if within != 0 {
		query += " AND (u.parent_id = ? OR u.parent_id IN (SELECT id FROM units WHERE parent_id = ?))"
		args = append(args, within, within)
	}
	rows, err := q.Query(ctx, query+" ORDER BY u.code, u.valid_from", args...)
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	defer rows.Close()
	var out []*Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("list units: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	return out, nil
}

// Match is one result of Find: the unit and where it lies, as the full
// names of its parent and grandparent ("Quận Ba Đình, Thành phố Hà Nội").
type Match struct {
	Unit  *Unit
	Place string
}

// Find searches units by name, ignoring case and diacritics on both sides
// (see Fold): "dak lak" finds Đắk Lắk. A query may start with the unit's
// type ("phuong phuc xa"). A zero at searches every date; otherwise only
// units valid on that day. Results are ranked: exact names first, then
// names that start with the text, then names that contain it; within a
// rank provinces before districts before communes, then by code and date.
// limit ≤ 0 means no limit.
func Find(ctx context.Context, q store.Querier, text string, at time.Time, limit int) ([]Match, error) {
	term := Fold(text)
	if term == "" {
		return nil, apperr.New(apperr.Invalid, vi.ErrUnitSearchEmpty)
	}
	// With a leading type the rest of the text is matched against the
	// name of units of that type; without one, typ matches no unit.
	typ, rest := "", term
	for _, t := range unitTypes {
		if f := Fold(t); strings.HasPrefix(term, f+" ") {
			typ, rest = t, term[len(f)+1:]
			break
		}
	}
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	rank := `CASE WHEN u.search_name = ? OR (u.type = ? AND u.search_name = ?) THEN 0
		WHEN u.search_name LIKE ? ESCAPE '\' OR (u.type = ? AND u.search_name LIKE ? ESCAPE '\') THEN 1 ELSE 2 END`
	query := "SELECT " + unitCols + `, COALESCE(p.type, ''), COALESCE(p.name, ''), COALESCE(p.level, ''),
		COALESCE(g.type, ''), COALESCE(g.name, ''), COALESCE(g.level, ''), ` + rank + ` AS rnk,
		CASE u.level WHEN 'nation' THEN 0 WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END AS lvl
		FROM units u LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN units g ON g.id = p.parent_id
		WHERE (u.search_name LIKE ? ESCAPE '\' OR (u.type = ? AND u.search_name LIKE ? ESCAPE '\'))`
	args := []any{
		term, typ, rest,
		esc.Replace(term) + "%", typ, esc.Replace(rest) + "%",
		"%" + esc.Replace(term) + "%", typ, "%" + esc.Replace(rest) + "%",
	}
	if !at.IsZero() {
		query += " AND u.valid_from <= ? AND u.valid_to >= ?"
		args = append(args, day(at), day(at))
	}
	query += " ORDER BY rnk, lvl, u.code, u.valid_from"
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find units: %w", err)
	}
	defer rows.Close()
	var out []Match
	for rows.Next() {
		var pt, pn, pl, gt, gn, gl string
		var rnk, lvl int
		u, err := scanUnit(rows, &pt, &pn, &pl, &gt, &gn, &gl, &rnk, &lvl)
		if err != nil {
			return nil, fmt.Errorf("find units: %w", err)
		}
		var place []string
		for _, p := range [][3]string{{pt, pn, pl}, {gt, gn, gl}} {
			if p[1] != "" && p[2] != string(Nation) {
				place = append(place, (&Unit{Type: p[0], Name: p[1], Level: Level(p[2])}).FullName())
			}
		}
		out = append(out, Match{Unit: u, Place: strings.Join(place, ", ")})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find units: %w", err)
	}
	return out, nil
}

// Get reads one unit by id.
func Get(ctx context.Context, q store.Querier, id int64) (*Unit, error) {
	u, err := scanUnit(q.QueryRow(ctx, "SELECT "+unitCols+" FROM units u WHERE u.id = ?", id))
	if err == sql.ErrNoRows {
		return nil, apperr.New(apperr.NotFound, vi.ErrUnitNoID, id)
	}
	if err != nil {
		return nil, fmt.Errorf("get unit %d: %w", id, err)
	}
	return u, nil
}

// Linked is the unit at the other end of a lineage link, with the link.
type Linked struct {
	Unit *Unit
	Link Link
}

// Lineage is a unit with the units it was formed from and the units it
// went into, one step each way.
type Lineage struct {
	Unit         *Unit
	Predecessors []Linked
	Successors   []Linked
}

// Lineage gathers the predecessors and successors of unit id, ordered by
// level and code.
func (t *Tree) Lineage(id int64) Lineage {
	l := Lineage{Unit: t.byID[id]}
	for _, k := range t.preds[id] {
		if u := t.byID[k.OldID]; u != nil {
			l.Predecessors = append(l.Predecessors, Linked{Unit: u, Link: k})
		}
	}
	for _, k := range t.succs[id] {
		if u := t.byID[k.NewID]; u != nil {
			l.Successors = append(l.Successors, Linked{Unit: u, Link: k})
		}
	}
	sortLinked(l.Predecessors)
	sortLinked(l.Successors)
	return l
}

var levelOrder = map[Level]int{Nation: 0, Province: 1, District: 2, Commune: 3}

// Above reports whether a unit of level l can contain units of level child.
func (l Level) Above(child Level) bool { return levelOrder[l] < levelOrder[child] }

func sortLinked(ls []Linked) {
	sort.SliceStable(ls, func(i, j int) bool {
		a, b := ls[i].Unit, ls[j].Unit
		if levelOrder[a.Level] != levelOrder[b.Level] {
			return levelOrder[a.Level] < levelOrder[b.Level]
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.ValidFrom.Before(b.ValidFrom)
	})
}

// Province returns the province a unit lies in (the unit itself for a
// province), or nil for the nation.
func (t *Tree) Province(id int64) *Unit {
	u := t.byID[id]
	for u != nil && u.Level != Province {
		if u.ParentID == 0 {
			return nil
		}
		u = t.byID[u.ParentID]
	}
	return u
}

// Within lists the units of a level valid on day at that lie below unit
// id (at any depth), ordered by code; id 0 means the whole country.
func (t *Tree) Within(level Level, id int64, at time.Time) []*Unit {
	all := t.All(level, at)
	if id == 0 {
		return all
	}
	var out []*Unit
	for _, u := range all {
		for a := t.byID[u.ParentID]; a != nil; a = t.byID[a.ParentID] {
			if a.ID == id {
				out = append(out, u)
				break
			}
		}
	}
	return out
}
