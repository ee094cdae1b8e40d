package registry

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// Order is how a member list is sorted.
type Order int

// The orders: family name first, as names are written, or by the given
// name, as Vietnamese lists are usually read.
const (
	FamilyNameFirst Order = iota
	GivenNameFirst
)

// Query asks for a page of members.
type Query struct {
	// Text is a name (without diacritics or case mattering: "nguyen van
	// an" finds "Nguyễn Văn An", "d" finds "đ"), a CCCD or a phone number.
	// A name matches from the start of the family name or of the given name
	// ("an", "nguyen van"); within one commune, from the start of any word.
	Text string
	// UnitID limits the list to the members of a unit's communes (a
	// commune, a province, the nation); 0 is everything the principal reads.
	UnitID int64
	// BranchID limits it to one branch.
	BranchID int64
	// WithFormer includes members who have left.
	WithFormer bool
	Order      Order
	Page       int // from 1
	PerPage    int // 50 when 0
}

// Page is one page of a member list, masked, and how many members match:
// Total, counted up to MaxCount (More is set when there are more).
type Page struct {
	Members       []Member
	Total         int
	More          bool
	Page, PerPage int
}

// MaxCount is how far a search counts its matches: a name typed short
// ("nguyen") matches millions nationwide, and nobody pages through them.
const MaxCount = 10_000

// Pages is the number of pages.
func (p Page) Pages() int {
	if p.PerPage == 0 || p.Total == 0 {
		return 1
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// MaxPerPage bounds a page.
const MaxPerPage = 500

// FindMembers lists the members matching q that the principal reads, in
// Vietnamese alphabetical order, one page at a time. Personal data comes
// masked (GetMember with reveal shows one member's). The scope is applied
// in the query itself, so nothing outside it is read.
func FindMembers(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, q Query) (Page, error) {
	if q.PerPage <= 0 {
		q.PerPage = 50
	}
	q.PerPage = min(q.PerPage, MaxPerPage)
	q.Page = max(q.Page, 1)
	page := Page{Page: q.Page, PerPage: q.PerPage}
	where, args, parts, err := filter(tree, by, q)
	if err != nil {
		return page, err
	}
	type row struct {
		m   Member
		key string
	}
	found := make([][]row, len(parts))
	limit := q.Page * q.PerPage
	err = by.ReadableSQL(func(with string, wargs []any) error {
		cond := scopeCond(by, q)
		if len(where) > 0 {
			cond += " AND " + strings.Join(where, " AND ")
		}
		base := append(append([]any{}, wargs...), args...)
		// How many match, up to MaxCount: each part's matches (at most
		// MaxCount+1 of each), without the members two parts both find.
		var count strings.Builder
		var cargs []any
		count.WriteString("SELECT COUNT(*) FROM (")
		for i, pt := range parts {
			if i > 0 {
				count.WriteString(" UNION ")
			}
			fmt.Fprintf(&count, "SELECT id FROM (SELECT m.id FROM members m WHERE %s%s LIMIT ?) p%d", cond, pt.cond, i)
			cargs = append(append(append(cargs, args...), pt.args...), MaxCount+1)
		}
		count.WriteString(") x")
		var n int
		if err := db.QueryRow(ctx, with+count.String(), append(append([]any{}, wargs...), cargs...)...).Scan(&n); err != nil {
			return fmt.Errorf("registry: count members: %w", err)
		}
		page.Total += n
		// Each part in its own order, as far as the page needs.
		for i, pt := range parts {
			rs, err := db.Query(ctx, with+memberSelect+pt.key+` FROM members m JOIN orgs o ON o.id = m.branch_id
				WHERE `+cond+pt.cond+` ORDER BY `+pt.key+`, m.id LIMIT ?`, append(append(append([]any{}, base...), pt.args...), limit)...)
			if err != nil {
				return fmt.Errorf("registry: find members: %w", err)
			}
			for rs.Next() {
				m, k, err := scanListed(rs)
				if err != nil {
					rs.Close()
					return err
				}
				found[i] = append(found[i], row{m: m, key: k})
			}
			rs.Close()
			if err := rs.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return page, err
	}
	// The parts one after the other, each in its order; a member found by
	// two parts stays where the first put them.
	seen := map[int64]bool{}
	var rows []row
	for _, f := range found {
		sort.SliceStable(f, func(i, j int) bool {
			if f[i].key != f[j].key {
				return f[i].key < f[j].key
			}
			return f[i].m.ID < f[j].m.ID
		})
		for _, r := range f {
			if !seen[r.m.ID] {
				seen[r.m.ID] = true
				rows = append(rows, r)
			}
		}
	}
	for i := (q.Page - 1) * q.PerPage; i < len(rows) && i < limit; i++ {
		page.Members = append(page.Members, rows[i].m)
	}
	if page.Total > MaxCount {
		page.Total, page.More = MaxCount, true
	}
	return page, nil
}

// part is one way a list finds members: a condition (" AND …", or empty)
// with its arguments, and the column that orders what it finds.
type part struct {
	cond string
	args []any
	key  string
}

// filter is the condition of q on members m (with its arguments) but its
// search text, and the parts of the list: one, in Vietnamese alphabetical
// order, without a text or for a CCCD or a phone number; for a name, the
// names that start with it (ordered by the folded name, so the database
// reads them in its index's order and stops at the page), then the given
// names that start with it, then (within one commune) the names with a word
// that starts with it; given name first, the second part comes first. A
// unit the principal does not read is refused.
func filter(tree *units.Tree, by auth.Principal, q Query) ([]string, []any, []part, error) {
	var where []string
	var args []any
	inner := false
	if q.UnitID != 0 {
		u := tree.Get(q.UnitID)
		if err := by.Check(u, auth.NeedRead); err != nil {
			return nil, nil, nil, err
		}
		if u.Level == units.Commune {
			where, args = append(where, "m.commune_id = ?"), append(args, u.ID)
			inner = true
		} else {
			where = append(where, "m.commune_id IN (WITH RECURSIVE sub(id) AS (SELECT CAST(? AS BIGINT) UNION ALL "+
				"SELECT x.id FROM units x JOIN sub ON x.parent_id = sub.id) SELECT id FROM sub)")
			args = append(args, u.ID)
		}
	}
	if q.BranchID != 0 {
		where, args = append(where, "m.branch_id = ?"), append(args, q.BranchID)
	}
	if !q.WithFormer {
		where = append(where, "m.left_on IS NULL")
	}
	key := "m.sort_key"
	if q.Order == GivenNameFirst {
		key = "m.given_key"
	}
	return where, args, textParts(q.Text, inner, key, q.Order == GivenNameFirst), nil
}

// memberSelect is the columns a list reads of members m and their branch o,
// then the order key.
const memberSelect = `SELECT m.id, m.full_name, m.gender, m.birth_date, COALESCE(m.cccd, ''), m.phone,
	m.branch_id, o.name, m.commune_id, m.joined_on, COALESCE(m.left_on, ''), m.left_reason, m.card_no,
	m.erased_at IS NOT NULL, m.version, `

// scanListed reads a row of memberSelect, masked, and its order key.
func scanListed(rs interface{ Scan(...any) error }) (Member, string, error) {
	var (
		m                  Member
		key                string
		born, joined, left string
	)
	if err := rs.Scan(&m.ID, &m.FullName, &m.Gender, &born, &m.CCCD, &m.Phone, &m.BranchID, &m.Branch,
		&m.CommuneID, &joined, &left, &m.LeftReason, &m.CardNo, &m.Erased, &m.Version, &key); err != nil {
		return m, "", err
	}
	m.BirthDate = parseBorn(born).String()
	m.JoinedOn, _ = time.Parse(time.DateOnly, joined)
	if left != "" {
		m.LeftOn, _ = time.Parse(time.DateOnly, left)
	}
	m.mask()
	return m, key, nil
}

// eachMember hands fn every member matching q (its Text aside) that the principal reads,
// masked, in the list's order, reading a thousand at a time after the last
// one seen (an export of a province reads each row once).
func eachMember(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, q Query, fn func(Member) error) error {
	q.Text = "" // a list, not a search: one part
	where, args, parts, err := filter(tree, by, q)
	if err != nil {
		return err
	}
	key := parts[0].key
	return by.ReadableSQL(func(with string, wargs []any) error {
		cond := scopeCond(by, q)
		if len(where) > 0 {
			cond += " AND " + strings.Join(where, " AND ")
		}
		lastKey, lastID := "", int64(0)
		for {
			all := append(append(append([]any{}, wargs...), args...), lastKey, lastKey, lastID)
			rs, err := db.Query(ctx, with+memberSelect+key+` FROM members m JOIN orgs o ON o.id = m.branch_id
				WHERE `+cond+` AND (`+key+` > ? OR (`+key+` = ? AND m.id > ?)) ORDER BY `+key+`, m.id LIMIT 1000`, all...)
			if err != nil {
				return fmt.Errorf("registry: members: %w", err)
			}
			n := 0
			for rs.Next() {
				m, k, err := scanListed(rs)
				if err != nil {
					rs.Close()
					return err
				}
				if err := fn(m); err != nil {
					rs.Close()
					return err
				}
				lastKey, lastID, n = k, m.ID, n+1
			}
			rs.Close()
			if err := rs.Err(); err != nil {
				return err
			}
			if n < 1000 {
				return nil
			}
		}
	})
}

// scopeCond is the condition that keeps a list to the communes the
// principal reads (the table readable of Principal.ReadableSQL): none for
// one who reads the whole country, where it would only make the database
// walk every commune; and with a search text, one the database checks on
// the rows the name index finds ("+" keeps SQLite from walking the
// communes' index instead; PostgreSQL reads it as the same number).
func scopeCond(by auth.Principal, q Query) string {
	if by.ReadsAll() {
		return "1 = 1"
	}
	if strings.TrimSpace(q.Text) != "" {
		return "+m.commune_id IN (SELECT id FROM readable)"
	}
	return "m.commune_id IN (SELECT id FROM readable)"
}

// textParts are the parts of a list for a search text (see filter); key
// orders a list without one.
func textParts(text string, inner bool, key string, givenFirst bool) []part {
	t := strings.TrimSpace(text)
	if t == "" {
		return []part{{key: key}}
	}
	digits := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9', r == '+':
			return r
		case r == ' ' || r == '.' || r == '-':
			return -1
		}
		return 'x'
	}, t)
	if !strings.Contains(digits, "x") {
		if len(digits) == 12 && !strings.HasPrefix(digits, "+") {
			if c, err := members.ParseCCCD(digits); err == nil {
				return []part{{cond: " AND m.cccd = ? AND m.cccd IS NOT NULL", args: []any{c.Number}, key: key}}
			}
		}
		if p, err := members.NormalizePhone(digits); err == nil && p != "" {
			return []part{{cond: " AND m.phone = ? AND m.phone <> ''", args: []any{p}, key: key}}
		}
		return []part{{cond: " AND m.card_no = ?", args: []any{t}, key: key}}
	}
	f := strings.Join(strings.Fields(members.Fold(t)), " ")
	hi := f + "\U0010FFFF" // above every character, byte for byte
	family := part{cond: " AND m.search_name >= ? AND m.search_name < ?", args: []any{f, hi}, key: "m.search_name"}
	given := part{cond: " AND m.search_given >= ? AND m.search_given < ?", args: []any{f, hi}, key: "m.search_given"}
	out := []part{family, given}
	if givenFirst {
		out = []part{given, family}
	}
	if inner {
		out = append(out, part{cond: " AND m.search_name LIKE ?", args: []any{"% " + strings.NewReplacer("%", "", "_", "").Replace(f) + "%"}, key: key})
	}
	return out
}
