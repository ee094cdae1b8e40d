// Package cluster keeps the emulation clusters (cụm thi đua): groups of
// provinces fixed per year by the national association (contracts:
// "Clusters"). A cluster is addressed by year and code; its provinces are
// the province units valid in that year. The package parses the clusters
// file (Parse, pure), checks it (Validate), replaces the composition of the
// clusters it names (Import), and reads them back (List, Get).
package cluster

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Cluster is one cluster of one year with its provinces, ordered by code.
type Cluster struct {
	Year      int
	Code      string
	Name      string
	Provinces []Province
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

// List returns the clusters of a year ordered by code (numerically when
// codes are numbers: 2 before 10), each with its provinces. A year without
// clusters gives an empty list.
func List(ctx context.Context, q store.Querier, year int) ([]Cluster, error) {
	return load(ctx, q, year, "")
}

// Get returns one cluster of a year, or an apperr NotFound error.
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

// load reads the clusters of a year, all of them or only the one with code.
func load(ctx context.Context, q store.Querier, year int, code string) ([]Cluster, error) {
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
	var out []Cluster
	index := map[string]int{}
	for rows.Next() {
		c := Cluster{Year: year}
		if err := rows.Scan(&c.Code, &c.Name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("clusters: %w", err)
		}
		index[c.Code] = len(out)
		out = append(out, c)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("clusters: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	query = `SELECT m.cluster_code, u.id, u.code, u.name FROM cluster_members m JOIN units u ON u.id = m.province_id
		WHERE m.year = ?`
	if code != "" {
		query += " AND m.cluster_code = ?"
	}
	rows, err = q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("cluster members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cc string
		var p Province
		if err := rows.Scan(&cc, &p.ID, &p.Code, &p.Name); err != nil {
			return nil, fmt.Errorf("cluster members: %w", err)
		}
		if i, ok := index[cc]; ok {
			out[i].Provinces = append(out[i].Provinces, p)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cluster members: %w", err)
	}
	for i := range out {
		ps := out[i].Provinces
		sort.Slice(ps, func(a, b int) bool { return ps[a].Code < ps[b].Code })
	}
	sort.Slice(out, func(a, b int) bool { return codeLess(out[a].Code, out[b].Code) })
	return out, nil
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
