package web

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The users pages: an admin lists the users of their subtree, adds one,
// sets a new password for one, and disables or re-enables one. The first
// admin comes from the command line (khuyenhoc user add); every later user
// can be managed here. Each change commits together with its audit entry.

// userRow is a user as the list shows them.
type userRow struct {
	ID       int64
	Email    string
	Name     string
	Role     string
	Scope    string
	Disabled bool
	Self     bool
}

// shownPassword is a generated password, shown once on the page that
// answers the action that made it and kept nowhere else.
type shownPassword struct {
	Email    string
	Password string
}

// usersData is the list of users.
type usersData struct {
	Root   *units.Unit
	Rows   []userRow
	Notice string
	Alert  string
	Shown  *shownPassword
}

// usersNotices are the confirmations shown after an action, by the "done"
// parameter of the redirect.
var usersNotices = map[string]string{
	"added": "users.done_added", "password": "users.done_password",
	"disabled": "users.done_disabled", "enabled": "users.done_enabled",
}

// adminRoot is the caller's scope unit, which they must administer to
// reach any users page or the audit log by default: officers and viewers
// are refused here, before anything about any user or entry is read.
func adminRoot(rq *request) (*units.Unit, error) {
	root, err := rootUnit(rq)
	if err != nil {
		return nil, err
	}
	return root, rq.check(root, administer)
}

// usersPage lists the users whose scope unit lies in the caller's subtree.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	root, err := adminRoot(rq)
	if err != nil {
		return err
	}
	d := usersData{Root: root}
	if key, ok := usersNotices[r.URL.Query().Get("done")]; ok {
		d.Notice = vi.UI[key]
	}
	return s.renderUsers(w, r, rq, http.StatusOK, d)
}

// renderUsers fills the list into d and writes the page with status.
func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, rq *request, status int, d usersData) error {
	list, err := auth.ListUsers(r.Context(), s.db, rq.principal())
	if err != nil {
		return err
	}
	for _, u := range list {
		row := userRow{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role.Label(), Disabled: u.Disabled, Self: u.ID == rq.user.ID}
		if unit := rq.tree.Get(u.ScopeUnitID); unit != nil {
			row.Scope = unitSubjectOf(rq.tree, unit).Label
		}
		d.Rows = append(d.Rows, row)
	}
	return s.render(w, rq, status, "users", vi.UI["users.title"]+" · "+d.Root.FullName(), "users", d)
}

// userFormData is the form that adds a user: what was typed, the choices,
// and the fault of each field by its name.
type userFormData struct {
	Email, Name, Role string
	// Scope is the code of the unit chosen in the picker, ScopeFind the
	// name typed into it without script; ScopeRef a LEVEL:CODE that a
	// script posting the form may send instead.
	Scope, ScopeFind, ScopeRef string
	Roles                      []option
	Field                      unitPicker
	Errors                     map[string]string
	Alert                      string
}

// userForm reads the form that adds a user.
func userForm(r *http.Request) userFormData {
	return userFormData{
		Email:     strings.TrimSpace(r.PostFormValue("email")),
		Name:      strings.TrimSpace(r.PostFormValue("name")),
		Role:      strings.TrimSpace(r.PostFormValue("role")),
		Scope:     strings.TrimSpace(r.PostFormValue("scope")),
		ScopeFind: strings.TrimSpace(r.PostFormValue("scope_find")),
		ScopeRef:  strings.TrimSpace(r.PostFormValue("scope_ref")),
		Errors:    map[string]string{},
	}
}

// withChoices adds the roles and the picker of the scope unit, showing
// the unit chosen (the caller's own by default) or the name typed.
func (s *Server) withChoices(ctx context.Context, rq *request, root *units.Unit, d userFormData) (userFormData, error) {
	if d.Role == "" {
		d.Role = string(auth.Viewer)
	}
	d.Roles = nil
	for _, role := range []auth.Role{auth.Viewer, auth.Officer, auth.Admin} {
		d.Roles = append(d.Roles, option{Value: string(role), Label: role.Label(), Selected: d.Role == string(role)})
	}
	shown := root
	if d.Scope != "" || d.ScopeFind != "" {
		shown = nil
		if d.Scope != "" {
			shown, _ = rq.unit(d.Scope, s.today(), resolveOnly)
		}
	}
	var err error
	d.Field, err = s.todayField(ctx, rq, "scope-find", vi.UI["users.scope_pick"], "scope", "scope_find", shown)
	if shown == nil {
		d.Field.Text = d.ScopeFind
	}
	d.Field.Error = d.Errors["scope"]
	return d, err
}

// userNewPage shows the empty form.
func (s *Server) userNewPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	root, err := adminRoot(rq)
	if err != nil {
		return err
	}
	d, err := s.withChoices(r.Context(), rq, root, userFormData{Errors: map[string]string{}})
	if err != nil {
		return err
	}
	return s.render(w, rq, http.StatusOK, "user_form", vi.UI["users.new_title"], "users", d)
}

// userCreate adds a user. Faulty fields send the form back with each
// fault beside its field and nothing written (400; 403 when the scope unit
// lies outside the caller's subtree). An empty password is generated and
// shown once.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	root, err := adminRoot(rq)
	if err != nil {
		return err
	}
	today := s.today()
	d := userForm(r)
	password, generated := r.PostFormValue("password"), false
	if password == "" {
		if password, err = randomPassword(); err != nil {
			return err
		}
		generated = true
	}
	nu := auth.NewUser{Email: d.Email, Name: d.Name, Role: auth.Role(d.Role), Password: password}
	for field, err := range auth.CheckNewUser(nu) {
		d.Errors[field] = err.Error()
	}
	code := http.StatusBadRequest
	unit, err := s.scopeChoice(r, rq, d, today)
	switch {
	case apperr.CodeOf(err) == apperr.Forbidden:
		code = http.StatusForbidden
		fallthrough
	case err != nil && apperr.CodeOf(err) != apperr.Internal:
		d.Errors["scope"] = err.Error()
	case err != nil:
		return err
	default:
		nu.ScopeUnitID = unit.ID
	}
	if len(d.Errors) == 0 {
		_, err = auth.AddUser(r.Context(), s.db, rq.tree, rq.principal(), nu, s.now())
		switch apperr.CodeOf(err) {
		case "":
			if !generated {
				http.Redirect(w, r, "/users?done=added", http.StatusSeeOther)
				return nil
			}
			return s.renderUsers(w, r, rq, http.StatusOK, usersData{Root: root, Notice: vi.UI["users.done_added"],
				Shown: &shownPassword{Email: auth.NormalizeEmail(nu.Email), Password: password}})
		case apperr.Conflict:
			d.Errors[auth.FieldEmail] = err.Error()
		case apperr.Forbidden:
			code, d.Errors["scope"] = http.StatusForbidden, err.Error()
		case apperr.Invalid:
			d.Alert = err.Error()
		default:
			return err
		}
	}
	if d.Alert == "" {
		d.Alert = fmt.Sprintf(vi.ErrUsersFormFaults, len(d.Errors))
	}
	if d, err = s.withChoices(r.Context(), rq, root, d); err != nil {
		return err
	}
	return s.render(w, rq, code, "user_form", vi.UI["users.new_title"], "users", d)
}

// scopeChoice resolves the scope unit chosen in the form (a posted
// LEVEL:CODE wins over the picker; the picker's code over the name typed
// into it without script) as valid today. Whether the caller administers
// it is auth.AddUser's to check: a unit outside their subtree is
// Forbidden, not NotFound, since which units exist is no secret.
func (s *Server) scopeChoice(r *http.Request, rq *request, d userFormData, today time.Time) (*units.Unit, error) {
	ref := d.Scope
	if d.ScopeRef != "" {
		ref = d.ScopeRef
	}
	ref, err := s.pickedToday(r.Context(), rq, ref, d.ScopeFind)
	if err != nil {
		return nil, err
	}
	if ref == "" {
		return nil, apperr.New(apperr.Invalid, vi.ErrUsersScopeNeeded)
	}
	return rq.unit(ref, today, resolveOnly)
}

// userTarget is the id of the user named by the {id} of the address, for
// the operations of auth, which check that the caller administers that
// user (a user outside the caller's subtree is reported as not found), and
// the caller's scope unit, which they must administer to reach any users
// page.
func userTarget(r *http.Request, rq *request) (*units.Unit, int64, error) {
	root, err := adminRoot(rq)
	if err != nil {
		return nil, 0, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, 0, apperr.New(apperr.NotFound, vi.ErrUsersBadID, r.PathValue("id"))
	}
	return root, id, nil
}

// userPassword sets a new password for a user: the typed one, or a
// generated one shown once. The user is signed out everywhere and their API
// tokens are revoked. Admins
// change their own password on the account page, which asks for the
// current one.
func (s *Server) userPassword(w http.ResponseWriter, r *http.Request, rq *request) error {
	root, id, err := userTarget(r, rq)
	if err != nil {
		return err
	}
	password, generated := r.PostFormValue("password"), false
	if password == "" {
		if password, err = randomPassword(); err != nil {
			return err
		}
		generated = true
	}
	u, _, err := auth.ResetPassword(r.Context(), s.db, rq.principal(), id, password, s.now())
	if apperr.CodeOf(err) == apperr.Invalid && u.Email != "" && u.ID != rq.user.ID {
		return s.renderUsers(w, r, rq, http.StatusBadRequest, usersData{Root: root, Alert: u.Email + ": " + err.Error()})
	}
	if err != nil {
		return err
	}
	if !generated {
		http.Redirect(w, r, "/users?done=password", http.StatusSeeOther)
		return nil
	}
	return s.renderUsers(w, r, rq, http.StatusOK, usersData{Root: root, Notice: vi.UI["users.done_password"],
		Shown: &shownPassword{Email: u.Email, Password: password}})
}

// userDisable locks a user out: their sessions end and their API tokens
// are revoked. Nobody locks themselves out.
func (s *Server) userDisable(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.userSetDisabled(w, r, rq, true)
}

// userEnable lets a disabled user sign in again (with new sign-ins and
// tokens: the old ones stay revoked).
func (s *Server) userEnable(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.userSetDisabled(w, r, rq, false)
}

func (s *Server) userSetDisabled(w http.ResponseWriter, r *http.Request, rq *request, disabled bool) error {
	_, id, err := userTarget(r, rq)
	if err != nil {
		return err
	}
	if _, err := auth.SetUserDisabled(r.Context(), s.db, rq.principal(), id, disabled, s.now()); err != nil {
		return err
	}
	done := "enabled"
	if disabled {
		done = "disabled"
	}
	http.Redirect(w, r, "/users?done="+done, http.StatusSeeOther)
	return nil
}

// passwordAlphabet leaves out letters and digits that look alike (0 O o,
// 1 l I), since a generated password is read off a screen and typed.
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// randomPassword makes a 12-character password (about 70 bits), drawn
// without bias from passwordAlphabet.
func randomPassword() (string, error) {
	const length = 12
	out := make([]byte, 0, length)
	buf := make([]byte, 32)
	limit := 256 - 256%len(passwordAlphabet)
	for len(out) < length {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("random password: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < length {
				out = append(out, passwordAlphabet[int(b)%len(passwordAlphabet)])
			}
		}
	}
	return string(out), nil
}
