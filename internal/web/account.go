package web

import (
	"fmt"
	"net/http"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// accountData is the account page of the signed-in user: who they are and
// the form that changes their password, with the fault of each field.
type accountData struct {
	Email  string
	Name   string
	Role   string
	Scope  string
	Notice string
	Alert  string
	Errors map[string]string
}

// accountOf is the page's data for the caller.
func accountOf(rq *request) accountData {
	d := accountData{Email: rq.user.Email, Name: rq.user.Name, Role: rq.user.Role.Label(), Errors: map[string]string{}}
	if u := rq.tree.Get(rq.user.ScopeUnitID); u != nil {
		d.Scope = u.FullName() + " (" + u.Ref() + ")"
	}
	return d
}

// accountPage shows the caller's account, for every signed-in user.
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	d := accountOf(rq)
	if r.URL.Query().Get("done") == "password" {
		d.Notice = vi.UI["account.done"]
	}
	return s.render(w, rq, http.StatusOK, "account", vi.UI["account.title"], "account", d)
}

// accountPassword changes the caller's own password. The current password
// is checked the way sign-in checks it, counted and throttled like a
// sign-in, so that a stolen session cannot be used to guess it. Setting the
// password signs the user out everywhere; a fresh session for this browser
// is opened in the same transaction, so that the one who changed it stays
// signed in here.
func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request, rq *request) error {
	d := accountOf(rq)
	current, password := r.PostFormValue("current"), r.PostFormValue("password")
	code := http.StatusBadRequest
	if current == "" {
		d.Errors["current"] = vi.ErrAccountNoCurrent
	} else {
		u, err := auth.Authenticate(r.Context(), s.db, rq.user.Email, current, clientIP(r), s.now())
		switch {
		case apperr.CodeOf(err) == apperr.TooMany:
			code, d.Alert = http.StatusTooManyRequests, err.Error()
		case apperr.CodeOf(err) == apperr.Unauthorized || (err == nil && u.ID != rq.user.ID):
			d.Errors["current"] = vi.ErrAccountWrongOld
		case err != nil:
			return err
		}
	}
	if err := auth.CheckPasswordRules(password); err != nil {
		d.Errors["password"] = err.Error()
	} else if r.PostFormValue("confirm") != password {
		d.Errors["confirm"] = vi.ErrAccountMismatch
	}
	if len(d.Errors) > 0 || d.Alert != "" {
		if d.Alert == "" {
			d.Alert = fmt.Sprintf(vi.ErrUsersFormFaults, len(d.Errors))
		}
		return s.render(w, rq, code, "account", vi.UI["account.title"], "account", d)
	}
	var (
		token string
		sess  auth.Session
	)
	err := s.db.InTx(r.Context(), func(tx *store.Tx) error {
		if err := auth.SetPassword(r.Context(), tx, rq.user.ID, password, s.now()); err != nil {
			return err
		}
		err := audit.Record(r.Context(), tx, s.now(), rq.actor(), audit.Entry{
			Action: audit.ActionUserPassword, UnitID: rq.user.ScopeUnitID, Detail: fmt.Sprintf(vi.AuditOwnPassword, rq.user.Email),
		})
		if err != nil {
			return err
		}
		token, sess, err = auth.CreateSession(r.Context(), tx, rq.user.ID, s.now())
		return err
	})
	if err != nil {
		return err
	}
	s.setSessionCookie(w, token, sess)
	http.Redirect(w, r, "/account?done=password", http.StatusSeeOther)
	return nil
}
