// Package cluster keeps the emulation clusters (cụm thi đua): groups of
// provinces set by the national association for a year (contracts:
// "Clusters"). A cluster is addressed by year and code; its membership may
// change within the year (2025: the old provinces until 30/06, the new from
// 01/07), so each membership has a validity of whole days, and an import
// that replaces one closes it rather than deleting it. The package parses the
// clusters file (Parse, pure), checks it (Validate), imports it (Import:
// refusing, unless told to replace, any import that would take a province
// out of a cluster), and reads clusters back for a year (List, Get) or a day
// (At, GetAt).
package cluster

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Cluster is one cluster of one year with its provinces, ordered by code.
type Cluster struct {
	Year int
	Code string
	Name string
	// Provinces are the members on the day asked for (At, GetAt), or, for
	// List and Get, on the last day of the year on which the cluster had
	// members (its last term).
	Provinces []Province
	// Terms are the cluster's compositions over its year in date order:
	// each a stretch of days with the same provinces. A cluster that did not
	// change within the year has one term, 1 January to 31 December.
	Terms []Term
}

// Term is a stretch of days (From and To included) in which a cluster had
// the same provinces.
type Term struct {
	From, To  time.Time
	Provinces []Province
}

// WholeYear tells whether the term is the cluster's year from 1 January to
// 31 December, so that listings can leave its dates out.
func (t Term) WholeYear() bool {
	return t.From.Equal(yearStart(t.From.Year())) && t.To.Equal(yearEnd(t.From.Year()))
}

// Province is a member of a cluster: a province unit valid in the
// cluster's year.
type Province struct {
	ID   int64
	Code string
	Name string
}

// ProvinceIDs lists the unit ids of the cluster's provinces, for reports.
func (c Cluster) ProvinceIDs() []int64 {
	ids := make([]int64, len(c.Provinces))
	for i, p := range c.Provinces {
		ids[i] = p.ID
	}
	return ids
}

// AllProvinceIDs lists the unit ids of every province the cluster had in
// any term of its year, once each: a province user may read the cluster if
// their province was ever in it that year. Provinces is always one of the
// terms' lists (load and on take it from them), so the terms are enough.
func (c Cluster) AllProvinceIDs() []int64 {
	seen := map[int64]bool{}
	var ids []int64
	for _, t := range c.Terms {
		for _, p := range t.Provinces {
			if !seen[p.ID] {
				seen[p.ID] = true
				ids = append(ids, p.ID)
			}
		}
	}
	return ids
}

// List returns the clusters of a year ordered by code (numerically when
// codes are numbers: 2 before 10), each with its terms and the provinces of
// its last term. A year without clusters gives an empty list.
func List(ctx context.Context, q store.Querier, year int) ([]Cluster, error) {
	return load(ctx, q, year, "")
}

// Get returns one cluster of a year (as List gives it), or an apperr
// NotFound error.
func Get(ctx context.Context, q store.Querier, year int, code string) (Cluster, error) {
	cs, err := load(ctx, q, year, code)
	if err != nil {
		return Cluster{}, err
	}
	if len(cs) == 0 {
		return Cluster{}, apperr.New(apperr.NotFound, vi.ErrUnknownCluster, code, year)
	}
	return cs[0], nil
}

// At returns the clusters that had members on day, with those members: the
// membership valid at that date, as a report for a period ending on day
// uses it. Clusters are ordered as by List.
func At(ctx context.Context, q store.Querier, day time.Time) ([]Cluster, error) {
	cs, err := load(ctx, q, day.Year(), "")
	if err != nil {
		return nil, err
	}
	out := cs[:0]
	for _, c := range cs {
		if c, ok := c.on(day); ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// GetAt returns one cluster with its members on day (see At), or an apperr
// NotFound error when the cluster had no members that day.
func GetAt(ctx context.Context, q store.Querier, code string, day time.Time) (Cluster, error) {
	cs, err := load(ctx, q, day.Year(), code)
	if err != nil {
		return Cluster{}, err
	}
	if len(cs) == 1 {
		if c, ok := cs[0].on(day); ok {
			return c, nil
		}
	}
	return Cluster{}, apperr.New(apperr.NotFound, vi.ErrClusterNotOn, code, vi.Date(day))
}

// on is the cluster with the provinces of its term covering day.
func (c Cluster) on(day time.Time) (Cluster, bool) {
	d := dayOf(day)
	for _, t := range c.Terms {
		if !d.Before(t.From) && !d.After(t.To) {
			c.Provinces = t.Provinces
			return c, true
		}
	}
	return c, false
}

// span is one current membership row: a province of cluster code of year
// for the days of member.
type span struct {
	id   int64
	year int
	code string
	member
}

// load reads the clusters of a year, all of them or only the one with code,
// with their current membership (the rows no import has ended). A cluster
// without any membership left in the year is not listed.
func load(ctx context.Context, q store.Querier, year int, code string) ([]Cluster, error) {
	names, err := loadNames(ctx, q, year, code)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, nil
	}
	spans, err := currentSpans(ctx, q, year, code)
	if err != nil {
		return nil, err
	}
	byCode := map[string][]member{}
	for _, s := range spans {
		byCode[s.code] = append(byCode[s.code], s.member)
	}
	var out []Cluster
	for cc, name := range names {
		c := Cluster{Year: year, Code: cc, Name: name, Terms: terms(byCode[cc])}
		if len(c.Terms) == 0 {
			continue
		}
		c.Provinces = c.Terms[len(c.Terms)-1].Provinces
		out = append(out, c)
	}
	sort.Slice(out, func(a, b int) bool { return codeLess(out[a].Code, out[b].Code) })
	return out, nil
}

// currentSpans reads the current membership rows (those no import has
// ended) of a year, all of them or only cluster code's: the one query of
// them, for the readers and for the import that replaces them.
func currentSpans(ctx context.Context, q store.Querier, year int, code string) ([]span, error) {
	query := `SELECT m.id, m.cluster_code, m.valid_from, m.valid_to, u.id, u.code, u.name
		FROM cluster_memberships m JOIN units u ON u.id = m.province_id
		WHERE m.year = ? AND m.ended_import_id IS NULL`
	args := []any{year}
	if code != "" {
		query += " AND m.cluster_code = ?"
		args = append(args, code)
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("cluster members: %w", err)
	}
	defer rows.Close()
	var out []span
	for rows.Next() {
		s := span{year: year}
		var from, to string
		if err := rows.Scan(&s.id, &s.code, &from, &to, &s.p.ID, &s.p.Code, &s.p.Name); err != nil {
			return nil, fmt.Errorf("cluster members: %w", err)
		}
		if s.from, err = time.Parse(time.DateOnly, from); err == nil {
			s.to, err = time.Parse(time.DateOnly, to)
		}
		if err != nil {
			return nil, fmt.Errorf("cluster members: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cluster members: %w", err)
	}
	return out, nil
}

// loadNames reads the names of the clusters of a year by code.
func loadNames(ctx context.Context, q store.Querier, year int, code string) (map[string]string, error) {
	query := "SELECT code, name FROM clusters WHERE year = ?"
	args := []any{year}
	if code != "" {
		query += " AND code = ?"
		args = append(args, code)
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var c, n string
		if err := rows.Scan(&c, &n); err != nil {
			return nil, fmt.Errorf("clusters: %w", err)
		}
		out[c] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}
	return out, nil
}

// member is a province with the days of its membership.
type member struct {
	p        Province
	from, to time.Time
}

// terms cuts the days covered by the memberships into stretches with the
// same provinces, in date order, joining neighbours that have the same.
func terms(ms []member) []Term {
	var cuts []time.Time
	seen := map[time.Time]bool{}
	for _, m := range ms {
		for _, d := range []time.Time{m.from, m.to.AddDate(0, 0, 1)} {
			if !seen[d] {
				seen[d] = true
				cuts = append(cuts, d)
			}
		}
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].Before(cuts[j]) })
	var out []Term
	for i := 0; i+1 < len(cuts); i++ {
		from, to := cuts[i], cuts[i+1].AddDate(0, 0, -1)
		var ps []Province
		for _, m := range ms {
			if !from.Before(m.from) && !from.After(m.to) {
				ps = append(ps, m.p)
			}
		}
		if len(ps) == 0 {
			continue
		}
		sort.Slice(ps, func(a, b int) bool {
			if ps[a].Code != ps[b].Code {
				return ps[a].Code < ps[b].Code
			}
			return ps[a].ID < ps[b].ID
		})
		if n := len(out); n > 0 && out[n-1].To.AddDate(0, 0, 1).Equal(from) && sameProvinces(out[n-1].Provinces, ps) {
			out[n-1].To = to
			continue
		}
		out = append(out, Term{From: from, To: to, Provinces: ps})
	}
	return out
}

func sameProvinces(a, b []Province) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			return false
		}
	}
	return true
}

// codeLess orders cluster codes as numbers when both are, else as text.
func codeLess(a, b string) bool {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA == nil && errB == nil && x != y {
		return x < y
	}
	return a < b
}

func yearStart(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
func yearEnd(y int) time.Time   { return time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC) }

// dayOf is the calendar day of t as written (its year, month and day in its
// own location), at midnight UTC, the form memberships are compared in.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Record is one membership row as stored, current or closed, with the
// imports that wrote and closed it: the history of a year's clusters.
type Record struct {
	Year        int
	Cluster     string
	ClusterName string
	Province    Province
	From, To    time.Time
	Written     *ImportRef // nil for rows carried over from before the history was kept
	Ended       *ImportRef // nil while the row holds
}

// ImportRef names an import: its file, who ran it and when.
type ImportRef struct {
	Source string
	Actor  string
	At     time.Time
}

// History returns every membership row of a year, those replaced by later
// imports included, ordered by cluster, province and first day, so that
// what a cluster was before any import can be read back.
func History(ctx context.Context, q store.Querier, year int) ([]Record, error) {
	rows, err := q.Query(ctx, `SELECT m.cluster_code, c.name, u.id, u.code, u.name, m.valid_from, m.valid_to,
			w.source, w.actor, w.imported_at, e.source, e.actor, e.imported_at
		FROM cluster_memberships m
		JOIN clusters c ON c.year = m.year AND c.code = m.cluster_code
		JOIN units u ON u.id = m.province_id
		LEFT JOIN imports w ON w.id = m.import_id
		LEFT JOIN imports e ON e.id = m.ended_import_id
		WHERE m.year = ?
		ORDER BY m.id`, year)
	if err != nil {
		return nil, fmt.Errorf("cluster history: %w", err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r := Record{Year: year}
		var from, to string
		var ws, wa, wt, es, ea, et *string
		if err := rows.Scan(&r.Cluster, &r.ClusterName, &r.Province.ID, &r.Province.Code, &r.Province.Name, &from, &to,
			&ws, &wa, &wt, &es, &ea, &et); err != nil {
			return nil, fmt.Errorf("cluster history: %w", err)
		}
		if r.From, err = time.Parse(time.DateOnly, from); err == nil {
			r.To, err = time.Parse(time.DateOnly, to)
		}
		if err == nil {
			r.Written, err = importRef(ws, wa, wt)
		}
		if err == nil {
			r.Ended, err = importRef(es, ea, et)
		}
		if err != nil {
			return nil, fmt.Errorf("cluster history: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cluster history: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Cluster != b.Cluster:
			return codeLess(a.Cluster, b.Cluster)
		case a.Province.Code != b.Province.Code:
			return a.Province.Code < b.Province.Code
		}
		return a.From.Before(b.From)
	})
	return out, nil
}

// importRef reads the columns of a joined import, nil when there is none.
func importRef(source, actor, at *string) (*ImportRef, error) {
	if source == nil {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, *at)
	if err != nil {
		return nil, err
	}
	return &ImportRef{Source: *source, Actor: *actor, At: t}, nil
}
