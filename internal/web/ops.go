package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/schema"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The operator's side of the server: health and readiness checks for the
// proxy or orchestrator, Prometheus metrics, and one access-log line per
// request carrying a request ID. None of it needs a sign-in, and none of
// it is ever cached.

// opsRoutes registers /healthz, /readyz and /metrics.
func (s *Server) opsRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /readyz", s.readyz)
	m.HandleFunc("GET /metrics", s.metricsPage)
}

// healthz answers that the process is up and serving, without touching the
// database: a proxy or orchestrator restarts a process that stops
// answering it, never one whose database is away.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	opsAnswer(w, r, http.StatusOK, "ok", "")
}

// readyTimeout bounds the readiness check's queries: a database that takes
// longer is not ready to serve pages.
const readyTimeout = 2 * time.Second

// readyz answers whether the process can serve: the database answers and
// its migrations are the program's (store.DB.CheckCurrent). A proxy sends
// requests only to a ready process; during an upgrade the old processes
// become unready once the new release migrates the database.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	err := s.db.Ping(ctx)
	if err == nil {
		err = s.db.CheckCurrent(ctx, schema.Steps())
	}
	if err != nil {
		msg := vi.ErrNotReadyDB
		if apperr.CodeOf(err) == apperr.Conflict {
			msg = vi.ErrNotReadySchema
		}
		s.log.WarnContext(r.Context(), "not ready", "err", err)
		opsAnswer(w, r, http.StatusServiceUnavailable, "unavailable", msg)
		return
	}
	opsAnswer(w, r, http.StatusOK, "ok", "")
}

// opsAnswer writes a check's answer: JSON {"status": …, "error": …} to a
// client that accepts JSON, otherwise the status (and the error) as plain
// text; never cached.
func opsAnswer(w http.ResponseWriter, r *http.Request, code int, status, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		v := map[string]string{"status": status}
		if msg != "" {
			v["error"] = msg
		}
		writeJSON(w, code, v)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	if msg != "" {
		status += ": " + msg
	}
	w.Write([]byte(status + "\n"))
}

// metricsPage serves the Prometheus metrics to whoever may read them
// (metricsAllowed); others get 403.
func (s *Server) metricsPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !s.metricsAllowed(r) {
		http.Error(w, vi.ErrMetricsForbidden, http.StatusForbidden)
		return
	}
	s.metrics.Handler().ServeHTTP(w, r)
}

// metricsAllowed says who may read /metrics, which shares the listener
// with the application. With a token configured (serve --metrics-token),
// whoever sends it as a bearer token, from anywhere. Without one, only a
// client on this machine that came straight to the server: a loopback peer
// with no proxy's forwarding header, so that a reverse proxy on the same
// machine does not pass the public's requests off as local ones.
func (s *Server) metricsAllowed(r *http.Request) bool {
	if tok := s.opt.MetricsToken; tok != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		return ok && sameSecret(strings.TrimSpace(got), tok)
	}
	for _, h := range []string{"X-Forwarded-For", "Forwarded", "X-Real-IP"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// realClient is the address of the client a request comes from. From a
// trusted proxy (Options.TrustedProxies) it is the last address of
// X-Forwarded-For that is not itself a trusted proxy, so that sign-in
// throttling and the audit log see the person's address, not the proxy's;
// from anyone else the header is ignored, since a client can write it.
func (s *Server) realClient(r *http.Request) string {
	if len(s.opt.TrustedProxies) == 0 {
		return r.RemoteAddr
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !s.trusted(peer.Addr()) {
		return r.RemoteAddr
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return r.RemoteAddr // a hop we cannot read: the proxy's address stands
		}
		if !s.trusted(a) || i == 0 {
			return netip.AddrPortFrom(a.Unmap(), 0).String()
		}
	}
	return r.RemoteAddr
}

// trusted says whether a is one of the trusted proxies.
func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.opt.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// requestIDKey keys the request ID in a request's context.
type requestIDKey struct{}

// RequestID is the ID of the request whose context ctx is ("" outside one).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// requestID is the ID a request is known by: the proxy's X-Request-ID when
// it is sane (1 to 64 letters, digits and ._:-, so that a client cannot
// write into the log), a new random one otherwise.
func requestID(sent string) string {
	if len(sent) > 0 && len(sent) <= 64 && strings.Trim(sent, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-") == "" {
		return sent
	}
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// observe gives each request its ID (in its context, and sent back as
// X-Request-ID), then counts it in the metrics and writes its access-log
// line: ID, method, route pattern, status, duration and size. Never the
// raw path or query string, which may hold a CCCD or phone number searched
// for, nor anything of the body.
func (s *Server) observe(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID(r.Header.Get("X-Request-ID"))
		w.Header().Set("X-Request-ID", id)
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
		r.RemoteAddr = s.realClient(r)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			// The mux wrote the pattern it matched into r; a request that
			// matched none (404, 405) is "none", so that scanners of
			// random paths do not make a series each.
			route := r.Pattern
			if route == "" {
				route = "none"
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			d := time.Since(start)
			s.metrics.Request(route, r.Method, status, d)
			if s.opt.AccessLog {
				s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
					slog.String("method", r.Method), slog.String("route", route), slog.Int("status", status),
					slog.Float64("duration_ms", float64(d.Microseconds())/1000), slog.Int64("bytes", sw.bytes))
			}
		}()
		h.ServeHTTP(sw, r)
	})
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// requestIDLogs adds the request ID of the context to every record logged
// with one (ErrorContext, LogAttrs…), so that an error line and the access
// line of its request share the ID.
type requestIDLogs struct{ slog.Handler }

func (h requestIDLogs) Handle(ctx context.Context, rec slog.Record) error {
	if id := RequestID(ctx); id != "" {
		rec.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, rec)
}

func (h requestIDLogs) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDLogs{h.Handler.WithAttrs(as)}
}

func (h requestIDLogs) WithGroup(name string) slog.Handler {
	return requestIDLogs{h.Handler.WithGroup(name)}
}

// countImport records rows imported through this server (not a dry run's).
func (s *Server) countImport(kind string, rows int, dryRun bool, err error) {
	if err == nil && !dryRun {
		s.metrics.ImportRows(kind, rows)
	}
}
