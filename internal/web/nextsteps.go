package web

import (
	"context"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The dashboard's first use: what the signed-in person should do next on
// their own unit's dashboard, each step with its link, and which period a
// dashboard opens on.

// nextStep is one thing to do, said in a sentence, with where to do it.
type nextStep struct {
	Text    string
	Comment string // the approver's comment of a returned form
	Href    string
	Link    string
	Urgent  bool // a returned form
}

// nextSteps are the steps of the caller on the dashboard of their scope
// unit root: the figures of the current half-year to enter, correct
// (returned, with the approver's comment), check (imported from a file by
// the level above) or that wait for approval; the
// forms waiting for the caller's approval; the report of the last
// finished period.
func (s *Server) nextSteps(ctx context.Context, rq *request, root *units.Unit, today time.Time) ([]nextStep, error) {
	var out []nextStep
	cur := halfYearOf(today)
	if rq.scope.CanWrite(root.ID) && root.ValidAt(cur.End()) {
		f, err := s.dashboardForm(ctx, rq, root.ID, cur)
		if err != nil {
			return nil, err
		}
		href := entryHref(root, cur)
		switch f.Status {
		case entry.StatusReturned:
			out = append(out, nextStep{Text: fmt.Sprintf(vi.NextReturned, cur.NameVI(), root.FullName()), Comment: f.Comment,
				Href: href, Link: vi.UI["next.correct"], Urgent: true})
		case entry.StatusNone, entry.StatusDraft:
			out = append(out, nextStep{Text: fmt.Sprintf(vi.NextEnter, cur.NameVI(), root.FullName()), Href: href, Link: vi.UI["next.enter"]})
		case entry.StatusSubmitted:
			out = append(out, nextStep{Text: fmt.Sprintf(vi.NextSubmitted, cur.NameVI()), Href: href, Link: vi.UI["next.view"]})
		case entry.StatusImported:
			out = append(out, nextStep{Text: fmt.Sprintf(vi.NextImported, cur.NameVI(), root.FullName()), Href: href, Link: vi.UI["next.view"]})
		}
	}
	waiting, err := entry.AwaitingApproval(ctx, s.db, rq.tree, rq.principal())
	if err != nil {
		return nil, err
	}
	if len(waiting) > 0 {
		out = append(out, nextStep{Text: fmt.Sprintf(vi.NextApprove, len(waiting)), Href: "/approvals", Link: vi.UI["next.approve"]})
	}
	if p := defaultReportPeriod(today, root.ValidFrom, root.ValidTo); root.ValidAt(p.End()) {
		out = append(out, nextStep{Text: fmt.Sprintf(vi.NextReport, p.NameVI(), root.FullName()), Href: reportHref(root.Ref(), p), Link: vi.UI["next.report"]})
	}
	return out, nil
}

// completeEnough is the share of a unit's children whose figures of a
// half-year must be in (approved or imported) for a dashboard to open on
// it while it is still in progress.
const completeEnough = 0.9

// openingStart is the half-year from which a dashboard of u looks back for
// one with data: the current one when its figures are complete enough
// (approved or imported for u without children, for completeEnough of
// u's children otherwise), else the last finished one.
func (s *Server) openingStart(ctx context.Context, rq *request, u *units.Unit, today time.Time) (period.Period, error) {
	cur := halfYearOf(today)
	done, err := s.complete(ctx, rq, u, cur)
	if err != nil || done {
		return cur, err
	}
	return previousHalf(cur), nil
}

// complete tells whether the figures of u for p are in, as openingStart
// counts them.
func (s *Server) complete(ctx context.Context, rq *request, u *units.Unit, p period.Period) (bool, error) {
	if !u.ValidAt(p.End()) {
		return false, nil
	}
	in := func(st entry.Status) bool { return st == entry.StatusApproved || st == entry.StatusImported }
	if len(rq.tree.Children(u.ID, p.End())) == 0 {
		f, err := s.dashboardForm(ctx, rq, u.ID, p)
		return err == nil && in(f.Status), err
	}
	pr, err := entry.Completeness(ctx, s.db, rq.tree, u.ID, p)
	if err != nil || pr.Total == 0 {
		return false, err
	}
	n := pr.Count(entry.StatusApproved) + pr.Count(entry.StatusImported)
	return float64(n) >= completeEnough*float64(pr.Total), nil
}

// markProvisional labels the periods of opts not over on day today as
// provisional ("… (đang diễn ra, số liệu tạm tính)").
func markProvisional(opts []option, today time.Time) []option {
	for i, o := range opts {
		if p, err := period.Parse(o.Value); err == nil && p.End().After(today) {
			opts[i].Label = fmt.Sprintf(vi.ReportUnfinished, o.Label)
		}
	}
	return opts
}

// dashboardForm is entry.Load of a unit's form for a period, loaded once
// for the request: the dashboard of a unit without children reads the
// same form to choose its period (complete) and to say what to do next
// (nextSteps).
func (s *Server) dashboardForm(ctx context.Context, rq *request, unitID int64, p period.Period) (entry.Form, error) {
	key := fmt.Sprintf("%d|%s", unitID, p)
	if f, ok := rq.forms[key]; ok {
		return f, nil
	}
	f, err := entry.Load(ctx, s.db, rq.tree, unitID, p)
	if err != nil {
		return f, err
	}
	if rq.forms == nil {
		rq.forms = map[string]entry.Form{}
	}
	rq.forms[key] = f
	return f, nil
}
