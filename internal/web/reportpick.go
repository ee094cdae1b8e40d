package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The pickers of the report page: a unit, cluster or the nation chosen by
// its Vietnamese name, and the period from a list of Vietnamese names. The
// codes (province:66, 2026H1) stay in the URL and the API; people never
// type them.

// subject is one scope a report can be about, as the unit picker offers
// it: the code the URL carries and the name people read.
type subject struct {
	Ref   string `json:"ref"`
	Label string `json:"label"`
	Level string `json:"level"`
}

// reportHref is the address of the report page of ref for p.
func reportHref(ref string, p period.Period) string {
	return "/report?" + reportQuery(ref, p)
}

// unitLabel names a unit with where it lies, as a letter's address does:
// "Xã Ea Tu, tỉnh Đắk Lắk", "Phường Phúc Xá, quận Ba Đình, thành phố Hà
// Nội" (before the reform); a province by its full name alone.
func unitLabel(tree *units.Tree, u *units.Unit) string {
	parts := []string{u.FullName()}
	for _, a := range tree.Ancestors(u.ID) {
		if a.ID != u.ID && a.Level != units.Nation {
			parts = append(parts, lowerFirst(a.FullName()))
		}
	}
	return strings.Join(parts, ", ")
}

// lowerFirst writes the first letter small, as a unit's type is written
// inside a phrase ("tỉnh Đắk Lắk").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// clusterSubjectOf is a cluster as the picker offers it: by its name, or
// its number when it has none.
func clusterSubjectOf(c cluster.Cluster) subject {
	ref := units.Ref{Level: units.Cluster, Code: c.Code}.String()
	label := c.Name
	if label == "" {
		label = ref
	}
	return subject{Ref: ref, Label: label, Level: string(units.Cluster)}
}

// unitSubjectOf is a unit as the picker offers it.
func unitSubjectOf(tree *units.Tree, u *units.Unit) subject {
	if u.Level == units.Nation {
		return subject{Ref: u.Ref(), Label: vi.ReportNation, Level: string(u.Level)}
	}
	return subject{Ref: u.Ref(), Label: unitLabel(tree, u), Level: string(u.Level)}
}

// readableClusters are the clusters of year the caller may read.
func (s *Server) readableClusters(ctx context.Context, rq *request, year int) ([]cluster.Cluster, error) {
	cs, err := cluster.List(ctx, s.db, year)
	if err != nil {
		return nil, err
	}
	var out []cluster.Cluster
	for _, c := range cs {
		if canReadCluster(rq, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// pickWhere is what a picker offers: the units valid on day At and, when
// Year is set, the clusters of that year. A report's picker offers those
// of its period (pickPeriod); the users' and the audit log's offer the
// units of today, without clusters.
type pickWhere struct {
	At   time.Time
	Year int
}

// pickPeriod is what the report's picker offers for period p.
func pickPeriod(p period.Period) pickWhere { return pickWhere{At: p.End(), Year: p.Year} }

// pickClusters are the clusters a picker offers: none without a year.
func (s *Server) pickClusters(ctx context.Context, rq *request, where pickWhere) ([]cluster.Cluster, error) {
	if where.Year == 0 {
		return nil, nil
	}
	return s.readableClusters(ctx, rq, where.Year)
}

// defaultSubjects are what the picker offers before anything is typed
// (and the whole list of the picker without script): the nation for a
// national user, the clusters the caller reads in the year offered, the
// caller's unit and its children on the day offered. When the caller's
// unit did not exist then (a merged province before 1 July 2025), the
// units it was formed from stand in for it.
func (s *Server) defaultSubjects(ctx context.Context, rq *request, where pickWhere) ([]subject, error) {
	var out []subject
	end := where.At
	root := rq.scope.Root()
	if root == nil {
		return nil, nil
	}
	if rq.scope.Nationwide() {
		out = append(out, unitSubjectOf(rq.tree, rq.tree.Nation()))
	}
	cs, err := s.pickClusters(ctx, rq, where)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out = append(out, clusterSubjectOf(c))
	}
	tops := []*units.Unit{root}
	if !root.ValidAt(end) {
		tops = nil
		for _, l := range rq.tree.Predecessors(root.ID) {
			if old := rq.tree.Get(l.OldID); old != nil && old.ValidAt(end) {
				tops = append(tops, old)
			}
		}
	}
	for _, u := range tops {
		if u.Level != units.Nation {
			out = append(out, unitSubjectOf(rq.tree, u))
		}
		for _, c := range rq.tree.Children(u.ID, end) {
			out = append(out, unitSubjectOf(rq.tree, c))
		}
	}
	return out, nil
}

// findSubjects finds the scopes whose name contains text, ignoring case
// and diacritics ("ea tu" finds Xã Ea Tu), among the units valid on the
// day offered, the clusters of the year offered and the nation, keeping those the caller
// may read; at most limit. A text with a comma is a whole label as the
// picker writes it ("Xã Ea Tu, tỉnh Đắk Lắk"): the name before the comma is
// searched, and the labels must contain the whole text. A label equal to
// the text comes first.
func (s *Server) findSubjects(ctx context.Context, rq *request, text string, where pickWhere, limit int) ([]subject, error) {
	term := units.Fold(text)
	if term == "" {
		return nil, nil
	}
	var out []subject
	keep := func(sub subject) bool {
		if len(out) >= limit {
			return false
		}
		if strings.Contains(units.Fold(sub.Label), term) {
			out = append(out, sub)
		}
		return true
	}
	if rq.scope.Nationwide() {
		nation := rq.tree.Nation()
		sub := unitSubjectOf(rq.tree, nation)
		if strings.Contains(units.Fold(nation.Name), term) {
			out = append(out, sub)
		} else {
			keep(sub)
		}
	}
	cs, err := s.pickClusters(ctx, rq, where)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		keep(clusterSubjectOf(c))
	}
	name, _, _ := strings.Cut(text, ",")
	if units.Fold(name) != "" {
		// The scope filter comes after the search, so the search itself is
		// not limited: a province user's matches may lie far down the
		// ranking.
		matches, err := units.Find(ctx, s.db, name, where.At, 0)
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			if m.Unit.Level == units.Nation || !rq.scope.CanRead(m.Unit.ID) {
				continue
			}
			if !keep(unitSubjectOf(rq.tree, m.Unit)) {
				break
			}
		}
	}
	for i, sub := range out {
		if units.Fold(sub.Label) == term {
			copy(out[1:i+1], out[:i])
			out[0] = sub
			break
		}
	}
	return out, nil
}

// pickLimit bounds the answers of a search of the picker.
const pickLimit = 20

// resolveFind turns the name typed into the picker without script into
// one scope: a label equal to the text, or the only match. Several matches
// come back as choices; none is an error that says what was looked for.
func (s *Server) resolveFind(ctx context.Context, rq *request, text string, where pickWhere) (subject, []subject, error) {
	found, err := s.findSubjects(ctx, rq, text, where, pickLimit)
	if err != nil {
		return subject{}, nil, err
	}
	switch {
	case len(found) == 0:
		return subject{}, nil, errNoMatch(text, where)
	case len(found) == 1 || units.Fold(found[0].Label) == units.Fold(text):
		return found[0], nil, nil
	}
	return subject{}, found, nil
}

// periodChoices are the periods of the period picker, newest first, with
// sel selected: as documents, the first half-years and the years of the
// last six years up to the one in progress (marked as such); as data
// only, the second half-years. A period asked for in the URL that is
// not among them (a quarter, an older year) is added.
func periodChoices(today time.Time, sel period.Period) (docs, data []option) {
	cur := today.Year()
	inH2 := today.Month() > time.June
	add := func(list *[]option, p period.Period, unfinished bool) {
		label := p.NameVI()
		if unfinished {
			label = fmt.Sprintf(vi.ReportUnfinished, label)
		}
		*list = append(*list, option{Value: p.String(), Label: capitalize(label), Selected: p == sel})
	}
	for y := cur; y > cur-6; y-- {
		add(&docs, period.Period{Kind: period.Year, Year: y}, y == cur)
		if y < cur || inH2 {
			add(&data, period.Period{Kind: period.Half, Year: y, N: 2}, y == cur)
		}
		add(&docs, period.Period{Kind: period.Half, Year: y, N: 1}, y == cur && !inH2)
	}
	for _, list := range [][]option{docs, data} {
		for _, o := range list {
			if o.Selected {
				return docs, data
			}
		}
	}
	o := option{Value: sel.String(), Label: capitalize(sel.NameVI()), Selected: true}
	if secondHalf(sel) {
		return docs, append([]option{o}, data...)
	}
	return append([]option{o}, docs...), data
}

// capitalize writes the first letter large ("Năm 2025" at the start of
// a list entry).
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// secondHalf tells whether p is a second half-year, which has no document
// of its own: the year-end report covers it.
func secondHalf(p period.Period) bool { return p.Kind == period.Half && p.N == 2 }

// lastFinished is the period a report opens on: the latest first
// half-year or year that is over on day today (2026H1 from July 2026,
// 2025 from January to June 2026), never the one in progress.
func lastFinished(today time.Time) period.Period {
	if today.Month() > time.June {
		return period.Period{Kind: period.Half, Year: today.Year(), N: 1}
	}
	return period.Period{Kind: period.Year, Year: today.Year() - 1}
}

// defaultReportPeriod is lastFinished for a unit valid from..to: the
// latest finished first half-year or year that ends while the unit
// exists (2025H1 for a province merged on 1 July 2025), else
// lastFinished.
func defaultReportPeriod(today, from, to time.Time) period.Period {
	p := lastFinished(today)
	for i := 0; i < 12; i++ {
		if end := p.End(); !end.Before(from) && !end.After(to) {
			return p
		}
		if p.Kind == period.Year {
			p = period.Period{Kind: period.Half, Year: p.Year, N: 1}
		} else {
			p = period.Period{Kind: period.Year, Year: p.Year - 1}
		}
	}
	return lastFinished(today)
}

// reportSubject reads the scope and period of a report from the query:
// scope (a unit, nation or cluster:N; the caller's unit when absent) and
// period (defaultReportPeriod when absent). A unit is looked up at
// parameter "at", else at the end of the period, else today, and must
// exist at the end of the period; a cluster is one of the period's year.
// The scope check comes before anything is read. The scope comes back as
// the picker names it too, so that the page looks it up once.
func (s *Server) reportSubject(r *http.Request, rq *request) (units.Ref, period.Period, subject, error) {
	p, hasPeriod, err := queryPeriod(r, "period")
	if err != nil {
		return units.Ref{}, p, subject{}, err
	}
	text := queryValue(r, "scope")
	if text != "" {
		ref, err := rq.ref(text)
		if err != nil {
			return ref, p, subject{}, err
		}
		if ref.Level == units.Cluster {
			if !hasPeriod {
				p = lastFinished(s.today())
			}
			c, err := s.readableCluster(r.Context(), rq, p.Year, ref.Code)
			return ref, p, clusterSubjectOf(c), err
		}
	}
	u, _, err := s.queryUnit(r, rq, text, p, hasPeriod)
	if err != nil {
		return units.Ref{}, p, subject{}, err
	}
	if !hasPeriod {
		p = defaultReportPeriod(s.today(), u.ValidFrom, u.ValidTo)
	}
	if !u.ValidAt(p.End()) {
		return units.Ref{}, p, subject{}, errUnitNotInPeriod(u, p)
	}
	return units.Ref{Level: u.Level, Code: u.Code}, p, unitSubjectOf(rq.tree, u), nil
}

// unitPicker is a field that takes a unit, a cluster or the nation by its
// Vietnamese name (template "unitpick"): the text typed goes as TextName
// and is resolved by the server (resolveFind) when no script runs; with
// script, app.js searches as one types and sends the code chosen as
// RefName.
type unitPicker struct {
	ID, Label, Hint   string
	TextName, RefName string
	Ref, Text         string // the code and the label of the unit shown
	Search            string // the address of the search, with its fixed query
	None, Count       string // what the list says when empty, and after a count
	Subjects          []subject
	Error             string
}

// reportField is the report page's picker of sub for period p.
func reportField(sub subject, p period.Period, subjects []subject) unitPicker {
	return unitPicker{
		ID: "find", Label: vi.UI["report.find"], Hint: vi.UI["report.find_hint"],
		TextName: "find", RefName: "scope", Ref: sub.Ref, Text: sub.Label,
		Search: "/api/v1/reports/subjects", None: vi.UI["report.find_none"], Count: vi.UI["report.find_count"],
		Subjects: subjects,
	}
}

// todayField is a picker of the units valid today (no clusters), showing
// u when not nil: the users' form and the audit log's filter.
func (s *Server) todayField(ctx context.Context, rq *request, id, label, refName, textName string, u *units.Unit) (unitPicker, error) {
	today := s.today()
	f := unitPicker{
		ID: id, Label: label, Hint: vi.UI["pick.unit_hint"], TextName: textName, RefName: refName,
		Search: "/api/v1/reports/subjects?at=" + today.Format(time.DateOnly), None: vi.UI["pick.none"], Count: vi.UI["pick.count"],
	}
	if u != nil {
		sub := unitSubjectOf(rq.tree, u)
		f.Ref, f.Text = sub.Ref, sub.Label
	}
	var err error
	f.Subjects, err = s.defaultSubjects(ctx, rq, pickWhere{At: today})
	return f, err
}

// pickedToday is the code of the unit a today's picker sent: the code
// chosen (ref) or, from a browser without script, the unit whose name was
// typed (text), which must be the only one of today's units the caller
// reaches to match it, or match a label as a whole. Empty when neither
// was sent.
func (s *Server) pickedToday(ctx context.Context, rq *request, ref, text string) (string, error) {
	if ref != "" || text == "" {
		return ref, nil
	}
	one, several, err := s.resolveFind(ctx, rq, text, pickWhere{At: s.today()})
	if err != nil {
		return "", err
	}
	if several != nil {
		names := make([]string, 0, 5)
		for i, c := range several {
			if i == 5 {
				names = append(names, "…")
				break
			}
			names = append(names, c.Label)
		}
		return "", apperr.New(apperr.Invalid, vi.ErrPickSeveral, text, strings.Join(names, "; "))
	}
	return one.Ref, nil
}
