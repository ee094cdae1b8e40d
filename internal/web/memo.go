package web

import (
	"context"
	"fmt"
	"sync"

	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// memo keeps computed figures (reports, trends, the latest period with data)
// between requests: many officers open the same few reports, and figures
// change only when an import or an approval writes. Each entry remembers
// the figures it was computed from: the counters of the regions of its
// units (rollup.Region), or for the nation and the clusters the figures
// counter of every write anywhere. A write in Gia Lai leaves Hà Nội's
// reports in place; the nation's report is computed again. The counters
// live in the database and are read once per request, so an entry is never
// served after a committed write that reaches it, whichever app server
// made the write. The units tree is part of every entry's version: a new
// tree starts the memo afresh.
type memo struct {
	mu    sync.Mutex
	tree  *units.Tree
	items map[string]memoEntry
}

// memoEntry is a computed value and the versions it was computed at.
type memoEntry struct {
	val any
	// all is the figures counter, for an entry of every region (regions
	// nil); otherwise the entry holds when each of its regions' counters
	// is where it was.
	all     int64
	regions []regionVersion
}

type regionVersion struct{ region, version int64 }

// memoMax bounds the memo; past it, entries no longer current are
// dropped, and if none is, it starts afresh.
const memoMax = 4096

// current reports whether e was computed at the versions v.
func (e memoEntry) current(v rollup.Versions) bool {
	if e.regions == nil {
		return e.all == v.All
	}
	for _, r := range e.regions {
		if v.Regions[r.region] != r.version {
			return false
		}
	}
	return true
}

// memoized returns the value computed by build for key, computing it once
// per version of the figures of the units ids (their regions; the nation,
// id 0 or a unit outside any province stands for every region) and the
// units tree of the request.
func (s *Server) memoized(ctx context.Context, rq *request, key string, ids []int64, build func() (any, error)) (any, error) {
	v, err := s.figuresVersions(ctx, rq)
	if err != nil {
		return nil, err
	}
	e := memoEntry{all: v.All}
	if len(ids) > 0 {
		e.regions = []regionVersion{}
		for _, id := range ids {
			r := rollup.Region(rq.tree, id)
			if r == 0 {
				e.regions = nil
				break
			}
			e.regions = append(e.regions, regionVersion{r, v.Regions[r]})
		}
	}
	tree := rq.tree
	m := &s.memo
	m.mu.Lock()
	if m.tree != tree || m.items == nil {
		m.tree, m.items = tree, map[string]memoEntry{}
	}
	x, ok := m.items[key]
	ok = ok && x.current(v)
	m.mu.Unlock()
	s.metrics.Cache(ok)
	if ok {
		return x.val, nil
	}
	e.val, err = build()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if m.tree == tree {
		if len(m.items) >= memoMax {
			for k, old := range m.items {
				if !old.current(v) {
					delete(m.items, k)
				}
			}
			if len(m.items) >= memoMax {
				m.items = map[string]memoEntry{}
			}
		}
		m.items[key] = e
	}
	m.mu.Unlock()
	return e.val, nil
}

// buildReport is report.BuildWith through the memo. The report returned is
// shared: callers only read it.
func (s *Server) buildReport(ctx context.Context, rq *request, ref units.Ref, p period.Period) (*report.Report, error) {
	var ids []int64 // a cluster's report follows every write, as the nation's
	if ref.Level != units.Cluster {
		if u, err := rq.tree.Resolve(ref.Level, ref.Code, p.End()); err == nil {
			ids = []int64{u.ID}
		}
	}
	x, err := s.memoized(ctx, rq, fmt.Sprintf("report|%s|%s", ref, p), ids, func() (any, error) {
		return report.BuildWith(ctx, s.db, rq.tree, ref, p)
	})
	if err != nil {
		return nil, err
	}
	return x.(*report.Report), nil
}

// figuresVersions reads the figures counters once per request: a page that
// asks the memo for its report, trend and latest period needs one query,
// not three.
func (s *Server) figuresVersions(ctx context.Context, rq *request) (rollup.Versions, error) {
	if !rq.figuresRead {
		v, err := rollup.ReadVersions(ctx, s.db)
		if err != nil {
			return rollup.Versions{}, err
		}
		rq.figures, rq.figuresRead = v, true
	}
	return rq.figures, nil
}
