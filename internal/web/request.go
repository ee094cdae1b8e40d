package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// cookieName names the session cookie.
const cookieName = "kh_session"

// request is what a handler knows of the signed-in caller. Every page and
// API handler receives one; its unit method is the one scope check.
type request struct {
	user    auth.User
	session auth.Session // zero when the caller used an API token
	scope   *auth.Scope
	tree    *units.Tree
	via     string // audit.ViaPage or audit.ViaAPI, for the audit log

	// figures are the figures counters as this request first read them
	// (see memo.go); figuresRead says whether they were read.
	figures     rollup.Versions
	figuresRead bool

	// forms are the data-entry forms the dashboard loaded for this
	// request (dashboardForm), by unit and period.
	forms map[string]entry.Form
}

// principal is the caller as the areas' write operations take it: the
// user with the scope computed for this request.
func (rq *request) principal() auth.Principal { return auth.ForScope(rq.scope, rq.via) }

// What a handler is about to do with a unit (request.unit): the needs of
// auth.Principal.Check, whose scope rule the pages and the API apply.
const (
	read       = auth.NeedRead
	write      = auth.NeedWrite
	approve    = auth.NeedApprove
	administer = auth.NeedAdmin
	// resolveOnly checks nothing: the handler passes the unit to an area's
	// operation (a write, a history read), which checks the caller's right
	// itself. It is not the zero value, so that a forgotten need still
	// checks reading.
	resolveOnly auth.Need = -1
)

// unit resolves LEVEL:CODE at day at and checks that the caller may do
// what they asked with it. A unit the caller may not read is reported as not
// found, so that its existence or data are not revealed; a unit the caller
// may read but not change is forbidden.
func (rq *request) unit(ref string, at time.Time, need auth.Need) (*units.Unit, error) {
	r, err := rq.ref(ref)
	if err != nil {
		return nil, err
	}
	if r.Level == units.Cluster {
		return nil, rq.badRef(ref)
	}
	resolve := rq.tree.Resolve
	if rq.via == audit.ViaPage {
		// A page names the unit in words (mã 99 cấp tỉnh), not in the
		// LEVEL:CODE form of its address.
		resolve = rq.tree.ResolveInWords
	}
	u, err := resolve(r.Level, r.Code, at)
	if err != nil {
		return nil, err
	}
	return u, rq.check(u, need)
}

// ref reads a unit (or cluster) named in the address: LEVEL:CODE or
// nation. One spelt wrong is refused by badRef.
func (rq *request) ref(s string) (units.Ref, error) {
	r, err := units.ParseRef(s)
	if err != nil {
		return r, rq.badRef(s)
	}
	return r, nil
}

// badRef refuses a unit the address spells wrong: the API with the forms
// it takes (vi.ErrBadUnitRef), a page in words (vi.ErrPageBadUnit), since
// people reach pages through links and pickers, not by writing codes.
func (rq *request) badRef(s string) error {
	if rq.via == audit.ViaPage {
		return apperr.New(apperr.Invalid, vi.ErrPageBadUnit, s)
	}
	return apperr.New(apperr.Invalid, vi.ErrBadUnitRef, s)
}

// period reads a period named in the address: a page refuses one spelt
// wrong in words (queryPeriod), the API with the forms it takes.
func (rq *request) period(s string) (period.Period, error) {
	if rq.via == audit.ViaPage {
		return pagePeriod(s)
	}
	return period.Parse(s)
}

// check applies the scope rule (auth.Principal.Check) to a unit already
// resolved.
func (rq *request) check(u *units.Unit, need auth.Need) error {
	if need == resolveOnly {
		return nil
	}
	return rq.principal().Check(u, need)
}

// page wraps a handler of a page: it needs a signed-in browser session
// (otherwise it sends the browser to the sign-in page) and, for anything but
// GET and HEAD, a request from this site (checkOrigin) carrying the
// session's CSRF token (csrfToken).
func (s *Server) page(h func(http.ResponseWriter, *http.Request, *request) error) http.HandlerFunc {
	return s.pageReading(nil, h)
}

// filePage wraps the handler of a page that takes a file: page, with the
// body bounded and its multipart form read (readUpload) once the request is
// known to come from this site and before the CSRF token is looked for in
// it, so that a file too large is refused as such (not as a missing CSRF
// token) and never read beyond the limit.
func (s *Server) filePage(h func(http.ResponseWriter, *http.Request, *request) error) http.HandlerFunc {
	return s.pageReading(readUpload, h)
}

// pageReading is page with readBody, when not nil, reading the body of an
// unsafe request before its CSRF token.
func (s *Server) pageReading(readBody func(http.ResponseWriter, *http.Request) error, h func(http.ResponseWriter, *http.Request, *request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rq, err := s.sessionRequest(r)
		if err != nil {
			if apperr.CodeOf(err) == apperr.Unauthorized {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.pageError(w, r, nil, err)
			return
		}
		if unsafeMethod(r) {
			err := checkOrigin(r)
			if err == nil && readBody != nil {
				err = readBody(w, r)
			}
			if err == nil && !sameSecret(csrfToken(r), rq.session.CSRF) {
				err = apperr.New(apperr.Forbidden, vi.ErrCSRF)
			}
			if err != nil {
				s.pageError(w, r, rq, err)
				return
			}
		}
		r, w = s.readsFromReplica(r), s.tellPosition(w, r)
		if err := h(w, r, rq); err != nil {
			s.pageError(w, r, rq, err)
		}
	}
}

// api wraps a handler of the JSON API: a bearer token, or a browser session
// whose writes carry the X-CSRF-Token header. Writes from a foreign Origin
// (or Referer) are refused either way: a script with a token sends no
// Origin, so one that does comes from a page of another site, which has no
// business writing here even if it holds a token (a token pasted into some
// web tool would otherwise let that site's pages act with it).
func (s *Server) api(h func(http.ResponseWriter, *http.Request, *request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rq, err := s.apiRequest(r)
		if err == nil {
			rq.via = audit.ViaAPI
			r, w = s.readsFromReplica(r), s.tellPosition(w, r)
			err = h(w, r, rq)
		}
		if err != nil {
			s.apiError(w, r, err)
		}
	}
}

// apiRequest is the caller of an API request: a write from this site
// (checkOrigin), then the bearer token, or the session and, for a write,
// its CSRF header.
func (s *Server) apiRequest(r *http.Request) (*request, error) {
	if unsafeMethod(r) {
		if err := checkOrigin(r); err != nil {
			return nil, err
		}
	}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return s.tokenRequest(r, strings.TrimSpace(tok))
	}
	rq, err := s.sessionRequest(r)
	if err == nil && unsafeMethod(r) && !sameSecret(r.Header.Get("X-CSRF-Token"), rq.session.CSRF) {
		return nil, apperr.New(apperr.Forbidden, vi.ErrCSRF)
	}
	return rq, err
}

// unsafeMethod reports whether a request may change something: anything
// but GET, HEAD and OPTIONS.
func unsafeMethod(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// csrfToken is the CSRF token a request carries: the X-CSRF-Token header,
// or the "csrf" field of a form body (URL-encoded or multipart; an upload
// whose form readUpload has already read is not read again). Never the
// query string: a token in an address ends up in logs, history and Referer
// headers, and a link carrying it would be a ready-made forged request.
func csrfToken(r *http.Request) string {
	if h := r.Header.Get("X-CSRF-Token"); h != "" {
		return h
	}
	return r.PostFormValue("csrf")
}

// checkOrigin refuses a request that a browser sent from a page of another
// site: its Origin, or its Referer when there is no Origin, must name this
// host. Origin "null" (a sandboxed frame, a redirect from another site) is
// foreign. A request with neither header is not a browser's cross-site
// request (browsers send Origin with every cross-site POST) and passes: a
// script, or a browser that withholds both; the CSRF token still guards a
// session, and Sec-Fetch-Site, when present, must not say cross-site.
func checkOrigin(r *http.Request) error {
	src := r.Header.Get("Origin")
	if src == "" {
		src = r.Header.Get("Referer")
	}
	if src == "" {
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			return apperr.New(apperr.Forbidden, vi.ErrCrossOrigin, "cross-site")
		}
		return nil
	}
	u, err := url.Parse(src)
	if err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
		shown := src
		if err == nil && u.Host != "" {
			shown = u.Scheme + "://" + u.Host
		}
		if len(shown) > 100 {
			shown = strings.ToValidUTF8(shown[:100], "") + "…"
		}
		return apperr.New(apperr.Forbidden, vi.ErrCrossOrigin, shown)
	}
	return nil
}

func (s *Server) sessionRequest(r *http.Request) (*request, error) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return nil, apperr.New(apperr.Unauthorized, vi.ErrSignInFirst)
	}
	u, sess, err := auth.SessionFromToken(r.Context(), s.db, c.Value, s.now())
	if err != nil {
		return nil, err
	}
	return s.newRequest(r, u, sess)
}

func (s *Server) tokenRequest(r *http.Request, token string) (*request, error) {
	u, err := auth.UserFromToken(r.Context(), s.db, token, s.now())
	if err != nil {
		return nil, err
	}
	return s.newRequest(r, u, auth.Session{})
}

func (s *Server) newRequest(r *http.Request, u auth.User, sess auth.Session) (*request, error) {
	tree, err := s.tree(r.Context())
	if err != nil {
		return nil, err
	}
	return &request{user: u, session: sess, scope: auth.NewScope(tree, u), tree: tree, via: audit.ViaPage}, nil
}

// sameSecret compares a sent token with the expected one in constant time.
func sameSecret(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
