package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// auditPageSize is how many entries one page of the log shows.
const auditPageSize = 50

// auditRow is one entry of the log as the page shows it.
type auditRow struct {
	At        string
	Actor     string
	Via       string
	Action    string
	Unit      string
	Period    string
	Indicator string
	Old, New  string
	Detail    string
}

// auditData is the audit log page: the filter and one page of entries.
type auditData struct {
	Unit     *units.Unit
	Ref      string
	Field    unitPicker
	User     string
	From, To string
	Rows     []auditRow
	Page     int
	PrevHref string
	NextHref string
}

// auditPage shows the audit log of a unit's subtree (the caller's scope
// unit by default), newest first, filtered by user and dates: for admins
// of that unit only. The subtree is the unit, everything below it and,
// through the lineage, the units it was formed from with everything below
// those, at all dates, as the scope reads them.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	today := s.today()
	var (
		u   *units.Unit
		err error
	)
	ref, err := s.pickedToday(r.Context(), rq, queryValue(r, "unit"), queryValue(r, "unit_find"))
	if err != nil {
		return err
	}
	if ref != "" {
		at, err := queryDate(r, "at", today)
		if err != nil {
			return err
		}
		if u, err = rq.unit(ref, at, administer); err != nil {
			return err
		}
	} else if u, err = adminRoot(rq); err != nil {
		return err
	}
	from, err := queryDate(r, "from", time.Time{})
	if err != nil {
		return err
	}
	to, err := queryDate(r, "to", time.Time{})
	if err != nil {
		return err
	}
	page := 1
	if v := queryValue(r, "page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > 100000 {
			return apperr.New(apperr.Invalid, vi.ErrAuditPage, v)
		}
	}
	d := auditData{Unit: u, Ref: u.Ref(), User: queryValue(r, "user"), From: q.Get("from"), To: q.Get("to"), Page: page}
	if d.Field, err = s.todayField(r.Context(), rq, "unit-find", vi.UI["audit.unit_pick"], "unit", "unit_find", u); err != nil {
		return err
	}
	// The days of the filter are days in Vietnam, as the log is shown.
	f := audit.Filter{Limit: auditPageSize + 1, Offset: (page - 1) * auditPageSize}
	if !from.IsZero() {
		f.From = vi.StartOfDay(from)
	}
	if !to.IsZero() {
		f.To = vi.StartOfDay(to.AddDate(0, 0, 1)) // the whole last day
	}
	if u.Level != units.Nation {
		f.UnitIDs = subtreeIDs(rq.tree, u.ID)
	}
	var entries []audit.Entry
	if d.User != "" {
		usr, err := auth.GetUserByEmail(r.Context(), s.db, d.User)
		switch {
		case apperr.CodeOf(err) == apperr.NotFound:
			f.UnitIDs = []int64{} // nobody by that address: nothing to show
		case err != nil:
			return err
		default:
			f.UserID = usr.ID
		}
	}
	if entries, err = audit.List(r.Context(), s.db, f); err != nil {
		return err
	}
	if len(entries) > auditPageSize {
		entries = entries[:auditPageSize]
		d.NextHref = auditHref(d, page+1)
	}
	if page > 1 {
		d.PrevHref = auditHref(d, page-1)
	}
	for _, e := range entries {
		d.Rows = append(d.Rows, auditRowOf(rq.tree, e))
	}
	return s.render(w, rq, http.StatusOK, "audit", vi.UI["audit.title"]+" · "+u.FullName(), "audit", d)
}

// auditHref is the address of another page of the same filter.
func auditHref(d auditData, page int) string {
	v := url.Values{"unit": {d.Ref}, "page": {strconv.Itoa(page)}}
	for k, x := range map[string]string{"user": d.User, "from": d.From, "to": d.To} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return "/audit?" + v.Encode()
}

// auditRowOf writes an entry for people.
func auditRowOf(tree *units.Tree, e audit.Entry) auditRow {
	row := auditRow{
		At:    vi.Time(e.At),
		Actor: e.Actor, Via: vi.UI["audit.via."+e.Via], Action: e.Label(), Detail: e.Detail,
	}
	if row.Via == "" {
		row.Via = e.Via
	}
	if u := tree.Get(e.UnitID); u != nil {
		row.Unit = u.FullName()
	}
	if p, err := period.Parse(e.Period); err == nil && e.Period != "" {
		row.Period = p.NameVI()
	}
	if e.Indicator != "" {
		ind, ok := indicator.Default.Get(e.Indicator)
		if !ok {
			ind = indicator.Indicator{Code: e.Indicator, NameVI: e.Indicator}
		}
		row.Indicator = ind.NameVI
		if e.OldValue != nil || e.NewValue != nil {
			row.Old, row.New = report.HumanValue(e.OldValue, ind), report.HumanValue(e.NewValue, ind)
		}
	}
	return row
}

// subtreeIDs lists unit id, every unit below it at any date and, through
// the lineage, the units it or any of those was formed from with
// everything below them: the units whose log an admin of id reads.
func subtreeIDs(tree *units.Tree, id int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	stack := []int64{id}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] || tree.Get(x) == nil {
			continue
		}
		seen[x] = true
		out = append(out, x)
		for _, c := range tree.AllChildren(x) {
			stack = append(stack, c.ID)
		}
		for _, l := range tree.Predecessors(x) {
			stack = append(stack, l.OldID)
		}
	}
	return out
}
