package web

import (
	"net/http"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

// Reads from PostgreSQL read replicas (store.ReadFromReplica).
//
// A page or API read (GET, HEAD) of a signed-in caller may be answered by a
// replica; the caller's session and scope are read from the primary first,
// so that a signed-out or changed user is never served from a stale copy.
// A write that succeeded tells its caller where the primary's log stood
// after it: in a cookie for a browser, in the header X-Read-Position for an
// API client, which sends it back on its next reads. Until a replica has
// replayed that far the caller's reads go to the primary, so that people
// see what they have just written, on any app server.

// positionCookie and positionHeader carry the primary's log position after
// the caller's last write.
const (
	positionCookie = "kh_pos"
	positionHeader = "X-Read-Position"
)

// positionMaxAge is how long a write's position is sent back: longer than
// any replica may lag before it is skipped.
const positionMaxAge = 10 * 60

// readsFromReplica returns r with its reads marked for a replica where it
// is a read and the database has replicas.
func (s *Server) readsFromReplica(r *http.Request) *http.Request {
	if !s.db.HasReplicas() || unsafeMethod(r) {
		return r
	}
	pos := r.Header.Get(positionHeader)
	if c, err := r.Cookie(positionCookie); err == nil && pos == "" {
		pos = c.Value
	}
	return r.WithContext(store.ReadFromReplica(r.Context(), pos))
}

// tellPosition wraps the response of a write so that, when it succeeds,
// the primary's log position after it goes back to the caller.
func (s *Server) tellPosition(w http.ResponseWriter, r *http.Request) http.ResponseWriter {
	if !s.db.HasReplicas() || !unsafeMethod(r) {
		return w
	}
	return &positionWriter{ResponseWriter: w, s: s, r: r}
}

// positionWriter adds the position headers before the status goes out.
type positionWriter struct {
	http.ResponseWriter
	s    *Server
	r    *http.Request
	sent bool
}

func (p *positionWriter) WriteHeader(code int) {
	if !p.sent {
		p.sent = true
		if code < 400 {
			p.addPosition()
		}
	}
	p.ResponseWriter.WriteHeader(code)
}

func (p *positionWriter) Write(b []byte) (int, error) {
	if !p.sent {
		p.WriteHeader(http.StatusOK)
	}
	return p.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (p *positionWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }

func (p *positionWriter) addPosition() {
	pos, err := p.s.db.Position(p.r.Context())
	if err != nil || pos == "" {
		// Without it the caller's next reads may come from a replica
		// that has not replayed the write yet, for at most the allowed
		// lag; the write itself succeeded.
		p.s.log.Warn("log position after a write", "error", err)
		return
	}
	p.Header().Set(positionHeader, pos)
	if strings.HasPrefix(p.r.URL.Path, "/api/") && p.r.Header.Get("Authorization") != "" {
		return // a token's client reads the header
	}
	http.SetCookie(p.ResponseWriter, &http.Cookie{Name: positionCookie, Value: pos, Path: "/",
		MaxAge: positionMaxAge, HttpOnly: true, Secure: p.s.opt.SecureCookies, SameSite: http.SameSiteLaxMode})
}
