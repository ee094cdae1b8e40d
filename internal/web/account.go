package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// accountData is the account page of the signed-in user: who they are, the
// form that changes their password with the fault of each field, and their
// API tokens.
type accountData struct {
	Email  string
	Name   string
	Role   string
	Scope  string
	Notice string
	Alert  string
	Errors map[string]string
	// Hint says, before a change, what the change ends: other sessions
	// and the API tokens that still work.
	Hint   string
	Tokens []tokenRow
}

// tokenRow is an API token as the account page lists it: never the token
// itself, which is shown once when made and not stored.
type tokenRow struct {
	ID       int64
	Name     string
	Created  string
	LastUsed string
	Revoked  string // empty while it works
}

// accountOf is the page's data for the caller, with their tokens.
func (s *Server) accountOf(r *http.Request, rq *request) (accountData, error) {
	d := accountData{Email: rq.user.Email, Name: rq.user.Name, Role: rq.user.Role.Label(), Errors: map[string]string{}}
	if u := rq.tree.Get(rq.user.ScopeUnitID); u != nil {
		d.Scope = unitSubjectOf(rq.tree, u).Label
	}
	list, err := auth.ListTokens(r.Context(), s.db, rq.user.ID)
	if err != nil {
		return d, err
	}
	active := 0
	for _, t := range list {
		row := tokenRow{ID: t.ID, Name: t.Name, Created: vi.Time(t.CreatedAt), LastUsed: vi.UI["account.token_never"]}
		if !t.LastUsedAt.IsZero() {
			row.LastUsed = vi.Time(t.LastUsedAt)
		}
		if t.RevokedAt.IsZero() {
			active++
		} else {
			row.Revoked = fmt.Sprintf(vi.AccountTokenRevokedAt, vi.Time(t.RevokedAt))
		}
		d.Tokens = append(d.Tokens, row)
	}
	d.Hint = fmt.Sprintf(vi.AccountPasswordHint, active)
	return d, nil
}

// accountPage shows the caller's account, for every signed-in user, with
// the confirmation of what was just done (by the "done" parameter of the
// redirect that led here).
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.accountOf(r, rq)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "password":
		n, _ := strconv.Atoi(r.URL.Query().Get("revoked"))
		d.Notice = fmt.Sprintf(vi.AccountDonePassword, max(n, 0))
	case "revoked":
		id, _ := strconv.ParseInt(r.URL.Query().Get("token"), 10, 64)
		for _, t := range d.Tokens {
			if t.ID == id && t.Revoked != "" {
				d.Notice = fmt.Sprintf(vi.AccountDoneRevoked, t.Name)
			}
		}
	}
	return s.render(w, rq, http.StatusOK, "account", vi.UI["account.title"], "account", d)
}

// accountPassword changes the caller's own password through
// auth.ChangeOwnPassword, which checks the current password the way
// sign-in checks it (counted and throttled like a sign-in, so that a
// stolen session cannot be used to guess it), then signs the user out
// everywhere, revokes their API tokens, records it, and opens a fresh
// session for this browser, so that the one who changed it stays signed in
// here. The page reads the form, shows the faults of its fields (an empty
// field, a confirmation that differs, a new password the rules refuse,
// then a wrong current password), and sets the cookie.
func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request, rq *request) error {
	d, err := s.accountOf(r, rq)
	if err != nil {
		return err
	}
	current, password := r.PostFormValue("current"), r.PostFormValue("password")
	code := http.StatusBadRequest
	if current == "" {
		d.Errors["current"] = vi.ErrAccountNoCurrent
	}
	if err := auth.CheckPasswordRules(password); err != nil {
		d.Errors["password"] = err.Error()
	} else if r.PostFormValue("confirm") != password {
		d.Errors["confirm"] = vi.ErrAccountMismatch
	}
	if len(d.Errors) == 0 {
		ch, err := auth.ChangeOwnPassword(r.Context(), s.db, rq.principal(), current, password, clientIP(r), s.now())
		switch apperr.CodeOf(err) {
		case "":
			s.setSessionCookie(w, ch.SessionToken, ch.Session)
			http.Redirect(w, r, "/account?done=password&revoked="+strconv.Itoa(ch.Revoked), http.StatusSeeOther)
			return nil
		case apperr.TooMany:
			code, d.Alert = http.StatusTooManyRequests, err.Error()
		case apperr.Unauthorized:
			d.Errors["current"] = err.Error()
		case apperr.Invalid:
			d.Errors["password"] = err.Error()
		case apperr.Conflict:
			code, d.Alert = http.StatusConflict, err.Error()
		default:
			return err
		}
	}
	if d.Alert == "" {
		d.Alert = fmt.Sprintf(vi.ErrUsersFormFaults, len(d.Errors))
	}
	return s.render(w, rq, code, "account", vi.UI["account.title"], "account", d)
}

// accountTokenRevoke revokes one of the caller's own API tokens (the page
// lists no other); auth.RevokeToken checks and records it.
func (s *Server) accountTokenRevoke(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := tokenID(r)
	if err != nil {
		return err
	}
	if _, err := s.revokeOwnToken(r, rq, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=revoked&token="+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// tokenID reads the {id} of a token's address.
func tokenID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, vi.ErrAuthBadTokenID, r.PathValue("id"))
	}
	return id, nil
}
