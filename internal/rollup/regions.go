package rollup

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// A region is a province with every province it was formed from or went
// into (the provinces a lineage link joins, at any distance), with
// everything below them: Gia Lai of today with Bình Định and the Gia Lai
// before 2025. A unit's figures, and the comparisons of its report across
// the 2025 reform, never reach outside its region, so a cache of one
// unit's figures need not be dropped for a write in another region. Each
// region has a counter (RegionCounter) that moves with every write of
// figures below it, beside the figures counter (VersionCounter) that moves
// with every change anywhere. The changes that reach beyond a region move
// the figures counter alone: the lineage shares change the units tree too
// (units.BumpVersion), whose version every cache checks as well, and
// cluster membership matters only to a cluster's figures, which follow the
// figures counter as the nation's do.

// RegionCounter names the counter of region id (Region).
func RegionCounter(region int64) string {
	return VersionCounter + ":" + strconv.FormatInt(region, 10)
}

// Region returns the region of unit id: the smallest id among the provinces
// of its province's region, or 0 for the nation, a cluster or an unknown
// unit (their figures may reach every region).
func Region(tree *units.Tree, id int64) int64 {
	p := tree.Province(id)
	if p == nil {
		return 0
	}
	regions.Lock()
	defer regions.Unlock()
	if regions.tree != tree {
		regions.tree, regions.of = tree, map[int64]int64{}
	}
	if r, ok := regions.of[p.ID]; ok {
		return r
	}
	// The provinces lineage joins to p, found once for all of them.
	seen := map[int64]bool{p.ID: true}
	todo := []int64{p.ID}
	for len(todo) > 0 {
		id := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		next := func(other int64) {
			if u := tree.Get(other); u != nil && u.Level == units.Province && !seen[other] {
				seen[other] = true
				todo = append(todo, other)
			}
		}
		for _, l := range tree.Predecessors(id) {
			next(l.OldID)
		}
		for _, l := range tree.Successors(id) {
			next(l.NewID)
		}
	}
	r := p.ID
	for id := range seen {
		r = min(r, id)
	}
	for id := range seen {
		regions.of[id] = r
	}
	return r
}

// regions caches Region for the last tree asked about.
var regions struct {
	sync.Mutex
	tree *units.Tree
	of   map[int64]int64 // province id → region
}

// regionCounters names the counters of the regions of the units ids, each
// once, in the order of their names: the order every writer bumps them in,
// so that two writers take the rows in the same order.
func regionCounters(tree *units.Tree, ids []int64) []string {
	var names []string
	for _, id := range ids {
		if r := Region(tree, id); r != 0 {
			names = append(names, RegionCounter(r))
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// bumpSpread moves the counters of the regions of the units ids
// (regionCounters), and last the figures counter, in one statement, each
// in one of its rows (store.BumpSpread): every writer of records bumps the
// figures counter, and holds the row it bumped to its commit.
func bumpSpread(ctx context.Context, tx *store.Tx, tree *units.Tree, ids []int64) error {
	return store.BumpSpread(ctx, tx, append(regionCounters(tree, ids), VersionCounter))
}

// Versions are the figures counters as a reader saw them at once.
type Versions struct {
	All     int64           // VersionCounter: every change anywhere
	Regions map[int64]int64 // RegionCounter of each region written at least once
}

// ReadVersions reads the figures counter and those of every region in one
// query, each the sum of its rows (store.BumpSpread).
func ReadVersions(ctx context.Context, q store.Querier) (Versions, error) {
	v := Versions{Regions: map[int64]int64{}}
	rows, err := q.Query(ctx, "SELECT name, value FROM counters WHERE name = ? OR name LIKE ? OR name LIKE ?",
		VersionCounter, VersionCounter+"#%", VersionCounter+":%")
	if err != nil {
		return Versions{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return Versions{}, err
		}
		name = store.CounterOf(name)
		if name == VersionCounter {
			v.All += n
		} else if id, err := strconv.ParseInt(strings.TrimPrefix(name, VersionCounter+":"), 10, 64); err == nil {
			v.Regions[id] += n
		}
	}
	return v, rows.Err()
}
