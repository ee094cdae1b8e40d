package units

import (
	"context"
	"sync"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

// The units tree changes rarely (a reform, a new branch) but loading it
// reads some 25,000 rows, so a process keeps it and reloads it only when the
// "units" counter moved: every writer of units or lineage calls BumpVersion
// in its transaction.

const versionCounter = "units"

var treeCache struct {
	sync.Mutex
	m map[*store.DB]cachedTree
}

type cachedTree struct {
	version int64
	tree    *Tree
}

// Version reads the units counter (0 before any bump).
func Version(ctx context.Context, q store.Querier) (int64, error) {
	return store.Counter(ctx, q, versionCounter)
}

// BumpVersion marks the units as changed, so that cached trees reload.
func BumpVersion(ctx context.Context, q store.Querier) error {
	return store.BumpCounter(ctx, q, versionCounter)
}

// Cached returns the units tree of db, loading it only when the units
// changed since the last call. The tree must be treated as read-only.
func Cached(ctx context.Context, db *store.DB) (*Tree, error) {
	v, err := Version(ctx, db)
	if err != nil {
		return nil, err
	}
	treeCache.Lock()
	c, ok := treeCache.m[db]
	treeCache.Unlock()
	if ok && c.version == v {
		return c.tree, nil
	}
	t, err := LoadTree(ctx, db)
	if err != nil {
		return nil, err
	}
	treeCache.Lock()
	if treeCache.m == nil {
		treeCache.m = map[*store.DB]cachedTree{}
	}
	treeCache.m[db] = cachedTree{version: v, tree: t}
	treeCache.Unlock()
	return t, nil
}

// Forget drops the cached tree of db, for a caller that closes it.
func Forget(db *store.DB) {
	treeCache.Lock()
	delete(treeCache.m, db)
	treeCache.Unlock()
}
