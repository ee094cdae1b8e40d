package web

import (
	"net/http"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// approvalRow is a submitted form waiting for the caller's decision.
type approvalRow struct {
	Unit        *units.Unit
	Period      period.Period
	By          string
	SubmittedAt time.Time
	Href        string // the form, to whose address /approve and /return are added
}

// approvalsData is the approvals queue.
type approvalsData struct {
	Rows   []approvalRow
	Notice string
}

// approvalsPage lists the submitted forms of the units the caller may
// approve (those strictly inside their scope, entry.AwaitingApproval),
// oldest first, each with buttons to approve it or return it with a
// comment.
func (s *Server) approvalsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	waiting, err := entry.AwaitingApproval(r.Context(), s.db, rq.tree, rq.principal())
	if err != nil {
		return err
	}
	var d approvalsData
	for _, f := range waiting {
		d.Rows = append(d.Rows, approvalRow{Unit: f.Unit, Period: f.Period, By: f.By, SubmittedAt: f.SubmittedAt, Href: entryHref(f.Unit, f.Period)})
	}
	if key, ok := entryNotices[r.URL.Query().Get("done")]; ok {
		d.Notice = vi.UI[key]
	}
	return s.render(w, rq, http.StatusOK, "approvals", vi.UI["approve.title"], "approvals", d)
}
