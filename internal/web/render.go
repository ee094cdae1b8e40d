package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// view is what every page template receives: the page's own data in Data,
// and what the layout needs (the user, the CSRF token for forms, the
// active menu entry).
type view struct {
	Title string
	Nav   string
	User  *auth.User
	CSRF  string
	Data  any
	// Menu is the signed-in user's main menu (navMenu), Here the label
	// of its current entry, empty on a page outside the menu.
	Menu []navItem
	Here string
}

// templateFuncs are the helpers templates may call. Text for people comes
// from vi through t, numbers are written the Vietnamese way.
var templateFuncs = template.FuncMap{
	"t": func(key string) (string, error) {
		s, ok := vi.UI[key]
		if !ok {
			return "", fmt.Errorf("no UI text %q", key)
		}
		return s, nil
	},
	"pct":  vi.Percent,
	"date": vi.Date,
	// stamp writes an instant (a save, a submission, an approval) in
	// Vietnam time to the minute; date is for days (validity, periods).
	"stamp":  vi.Time,
	"period": func(p period.Period) string { return p.NameVI() },
	// value writes a report figure by its indicator's unit; "–" for no data.
	"value": func(x *float64, code string) string {
		ind, _ := indicator.Default.Get(code)
		return report.HumanValue(x, ind)
	},
	"change": func(x *float64, code string) string {
		ind, _ := indicator.Default.Get(code)
		return report.HumanChange(x, ind)
	},
	"changepct": report.HumanPct,
	// historyHref is the link to a figure's history from a page, empty for
	// a figure without one (a ratio, a cluster's).
	"historyHref": historyHref,
	// indicators lists the stored indicators (those a file or form may
	// carry), in catalogue order.
	"indicators": func() []indicator.Indicator { return indicator.Default.Base() },
	"indname": func(code string) string {
		ind, _ := indicator.Default.Get(code)
		return ind.NameVI
	},
	"trend": func(x *float64) string { // a CSS class for a change
		switch {
		case x == nil:
			return "flat"
		case *x > 0:
			return "up"
		case *x < 0:
			return "down"
		}
		return "flat"
	},
}

// parseTemplates reads every page under templates/, each with the layout,
// the pickers (pick.html) and the list of a form's warnings
// (warnings.html).
func (s *Server) parseTemplates() error {
	layout, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html", "templates/pick.html", "templates/warnings.html")
	if err != nil {
		return fmt.Errorf("web: layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || name == "pick" || name == "warnings" { // parts of every page
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return fmt.Errorf("web: template %s: %w", name, err)
		}
		s.pages[name] = t
	}
	return nil
}

// render writes page name with the layout. The page is rendered into a
// buffer first, so that a template error becomes a clean error page rather
// than half a page.
func (s *Server) render(w http.ResponseWriter, rq *request, status int, name, title, nav string, data any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	v := view{Title: title, Nav: nav, Data: data}
	if rq != nil {
		v.User, v.CSRF = &rq.user, rq.session.CSRF
		if rq.scope != nil {
			v.Menu = navMenu(rq.scope, nav)
		}
		for _, m := range v.Menu {
			if m.Current {
				v.Here = m.Label
			}
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}
