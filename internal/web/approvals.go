package web

import (
	"fmt"
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
	Href        string // the form
	Action      string // the form's address, to which /approve and /return are added
}

// approvalsData is the approvals queue.
type approvalsData struct {
	Rows   []approvalRow
	Notice string
}

// approvalsPage lists the submitted forms of the units the caller may
// approve (those strictly inside their scope), oldest first, each with
// buttons to approve it or return it with a comment.
func (s *Server) approvalsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	// TODO(entry): a listing function in the entry package would keep this
	// query with the others on submissions.
	rows, err := s.db.Query(r.Context(), `SELECT unit_id, period, updated_by, COALESCE(submitted_at, updated_at)
		FROM submissions WHERE status = ? ORDER BY 4, unit_id, period`, string(entry.StatusSubmitted))
	if err != nil {
		return fmt.Errorf("approvals: %w", err)
	}
	defer rows.Close()
	var d approvalsData
	for rows.Next() {
		var (
			id          int64
			per, by, at string
		)
		if err := rows.Scan(&id, &per, &by, &at); err != nil {
			return fmt.Errorf("approvals: %w", err)
		}
		u := rq.tree.Get(id)
		p, err := period.Parse(per)
		if u == nil || err != nil || !rq.scope.CanApprove(id) {
			continue
		}
		t, _ := time.Parse(time.RFC3339, at)
		d.Rows = append(d.Rows, approvalRow{Unit: u, Period: p, By: by, SubmittedAt: t, Href: entryHref(u, p), Action: entryHref(u, p)})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("approvals: %w", err)
	}
	if key, ok := entryNotices[r.URL.Query().Get("done")]; ok {
		d.Notice = vi.UI[key]
	}
	return s.render(w, rq, http.StatusOK, "approvals", vi.UI["approve.title"], "approvals", d)
}
