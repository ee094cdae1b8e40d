package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
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
// from this site's own form (Origin or Referer of this host).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	d := loginData{Email: strings.TrimSpace(r.FormValue("email")), Next: safeNext(r.FormValue("next"))}
	if !sameOrigin(r) {
		s.pageError(w, r, nil, apperr.New(apperr.Forbidden, vi.ErrCSRF))
		return
	}
	u, err := auth.Authenticate(r.Context(), s.db, d.Email, r.FormValue("password"), clientIP(r), s.now())
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

// sameOrigin reports whether a form post came from this host.
func sameOrigin(r *http.Request) bool {
	src := r.Header.Get("Origin")
	if src == "" || src == "null" {
		src = r.Header.Get("Referer")
	}
	if src == "" {
		return true // a client that sends neither (a script) is not a browser under attack
	}
	u, err := url.Parse(src)
	return err == nil && u.Host == r.Host
}

// clientIP is the address sign-in throttling counts attempts by.
func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}
