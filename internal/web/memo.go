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
// change only when an import or an approval writes. Every entry belongs to
// the figures counter and the units tree it was computed with; when either
// moves, the whole memo is dropped. It never serves a figure older than the
// last committed write, since the counter is read on every use.
type memo struct {
	mu      sync.Mutex
	figures int64
	tree    *units.Tree
	items   map[string]any
}

// memoMax bounds the memo; past it, it starts afresh.
const memoMax = 4096

// memoized returns the value computed by build for key, computing it once
// per version of the figures and the units tree of the request.
func (s *Server) memoized(ctx context.Context, rq *request, key string, build func() (any, error)) (any, error) {
	v, err := s.figuresVersion(ctx, rq)
	if err != nil {
		return nil, err
	}
	tree := rq.tree
	m := &s.memo
	m.mu.Lock()
	if m.figures != v || m.tree != tree || m.items == nil {
		m.figures, m.tree, m.items = v, tree, map[string]any{}
	}
	x, ok := m.items[key]
	m.mu.Unlock()
	s.metrics.Cache(ok)
	if ok {
		return x, nil
	}
	x, err = build()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if m.figures == v && m.tree == tree {
		if len(m.items) >= memoMax {
			m.items = map[string]any{}
		}
		m.items[key] = x
	}
	m.mu.Unlock()
	return x, nil
}

// buildReport is report.BuildWith through the memo. The report returned is
// shared: callers only read it.
func (s *Server) buildReport(ctx context.Context, rq *request, ref units.Ref, p period.Period) (*report.Report, error) {
	x, err := s.memoized(ctx, rq, fmt.Sprintf("report|%s|%s", ref, p), func() (any, error) {
		return report.BuildWith(ctx, s.db, rq.tree, ref, p)
	})
	if err != nil {
		return nil, err
	}
	return x.(*report.Report), nil
}

// figuresVersion reads the figures counter once per request: a page that
// asks the memo for its report, trend and latest period needs one query,
// not three.
func (s *Server) figuresVersion(ctx context.Context, rq *request) (int64, error) {
	if !rq.figuresRead {
		v, err := rollup.Version(ctx, s.db)
		if err != nil {
			return 0, err
		}
		rq.figures, rq.figuresRead = v, true
	}
	return rq.figures, nil
}
