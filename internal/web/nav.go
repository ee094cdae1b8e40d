package web

import (
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// navItem is one entry of the main menu.
type navItem struct {
	Key     string // the page's nav name (render's nav argument)
	Href    string
	Label   string
	Current bool
}

// navEntries are the menu's entries in the order people use them: the
// work of the role first (enter, approve, report), the registry and
// reference pages after, administration last. uses says whether a user
// with that scope can do anything on the page; entries a role cannot use
// are left out of its menu (a commune officer approves nothing and sees
// no cluster).
var navEntries = []struct {
	key, href string
	uses      func(s *auth.Scope) bool
}{
	{"dashboard", "/", anyone},
	{"entry", "/entry", writer},
	{"approvals", "/approvals", func(s *auth.Scope) bool { return writer(s) && aboveCommune(s) }},
	{"report", "/report", anyone},
	{"members", "/members", anyone},
	{"fund", "/fund", anyone},
	{"associations", "/associations", anyone},
	{"models", "/danh-hieu", anyone},
	{"units", "/units", anyone},
	{"clusters", "/clusters", aboveCommune},
	{"completeness", "/completeness", aboveCommune},
	{"upload", "/upload", writer},
	{"audit", "/audit", admin},
	{"users", "/users", admin},
}

func anyone(*auth.Scope) bool { return true }

// writer: an officer or admin, who enters figures.
func writer(s *auth.Scope) bool {
	r := s.User().Role
	return r == auth.Officer || r == auth.Admin
}

func admin(s *auth.Scope) bool { return s.User().Role == auth.Admin }

// aboveCommune: a scope with units below it (a province or the nation),
// which approves their figures, follows their reporting and belongs to
// emulation clusters.
func aboveCommune(s *auth.Scope) bool {
	root := s.Root()
	return root != nil && root.Level != units.Commune
}

// navMenu is the main menu of a signed-in user, with the entry of the
// page nav marked current.
func navMenu(s *auth.Scope, nav string) []navItem {
	var out []navItem
	for _, e := range navEntries {
		if !e.uses(s) {
			continue
		}
		out = append(out, navItem{Key: e.key, Href: e.href, Label: vi.UI["nav."+e.key], Current: e.key == nav})
	}
	return out
}
