package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// loginData is the sign-in form: what was typed and what went wrong.
type loginData struct {
	Email string
	Next  string
	Error string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	d := loginData{Next: safeNext(r.URL.Query().Get("next"))}
	if err := s.render(w, nil, http.StatusOK, "login", vi.UI["login.title"], "", d); err != nil {
		s.pageError(w, r, nil, err)
	}
}

// login checks the password, opens a session and sends the browser on.
// There is no session yet to carry a CSRF token, so the request must come
// from this site's own form (checkOrigin). The fields are read from the
// form body only, never from the address. A sign-in refused by throttling
// is answered 429 with Retry-After and the page says until when.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	d := loginData{Email: strings.TrimSpace(r.PostFormValue("email")), Next: safeNext(r.PostFormValue("next"))}
	if err := checkOrigin(r); err != nil {
		s.pageError(w, r, nil, err)
		return
	}
	u, err := auth.Authenticate(r.Context(), s.db, d.Email, r.PostFormValue("password"), clientIP(r), s.now())
	if err == nil {
		var token string
		var sess auth.Session
		token, sess, err = auth.CreateSession(r.Context(), s.db, u.ID, s.now())
		if err == nil {
			s.setSessionCookie(w, token, sess)
			http.Redirect(w, r, d.Next, http.StatusSeeOther)
			return
		}
	}
	code := status(err)
	if code == http.StatusInternalServerError {
		s.pageError(w, r, nil, err)
		return
	}
	if until, ok := auth.RetryAfter(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(until.Sub(s.now()).Seconds())))))
	}
	d.Error = s.message(r, err)
	if rerr := s.render(w, nil, code, "login", vi.UI["login.title"], "", d); rerr != nil {
		s.pageError(w, r, nil, rerr)
	}
}

// logout ends the session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request, rq *request) error {
	if c, err := r.Cookie(cookieName); err == nil {
		if err := auth.DeleteSession(r.Context(), s.db, c.Value); err != nil {
			return err
		}
	}
	s.setSessionCookie(w, "", auth.Session{})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// setSessionCookie gives the browser the session token, or with an empty
// token deletes the cookie.
//
// The cookie's lifetime is sent as Max-Age (seconds from now), not as an
// Expires date: the browser counts Max-Age on its own clock, so a phone whose
// clock is wrong, or a server (or test) whose clock is not the browser's,
// cannot make the browser drop a session that the server still honours. The
// server checks the session's expiry on its own clock in any case.
func (s *Server) setSessionCookie(w http.ResponseWriter, token string, sess auth.Session) {
	c := &http.Cookie{Name: cookieName, Value: token, Path: "/",
		HttpOnly: true, Secure: s.opt.SecureCookies, SameSite: http.SameSiteLaxMode}
	c.MaxAge = int(sess.ExpiresAt.Sub(s.now()) / time.Second)
	if token == "" || c.MaxAge <= 0 {
		c.Value, c.MaxAge = "", -1
	}
	http.SetCookie(w, c)
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return next
}

// clientIP is the address sign-in throttling counts attempts by.
func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}
