// Package web serves khuyenhoc to browsers and scripts: server-rendered
// pages in Vietnamese and the JSON API under /api/v1, from one binary with
// its templates and assets embedded. Handlers are thin: they read the
// request, check the user's scope (request.unit), call into the areas and
// render.
package web

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/metrics"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configure a server.
type Options struct {
	// SecureCookies marks the session cookie Secure (set it behind TLS).
	SecureCookies bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives internal errors; nil means slog.Default().
	Logger *slog.Logger
	// AccessLog writes one line per request to Logger (ops.go).
	AccessLog bool
	// MetricsToken, when set, is the bearer token that reads /metrics from
	// anywhere; without it only loopback clients may (metricsAllowed).
	MetricsToken string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (ops.go, realClient); from any other peer it is ignored.
	TrustedProxies []netip.Prefix
}

// Server is the web application over one database.
type Server struct {
	db    *store.DB
	opt   Options
	log   *slog.Logger
	pages map[string]*template.Template
	mux   *http.ServeMux
	memo  memo
	// metrics are what /metrics serves (ops.go).
	metrics *metrics.Metrics
	// imports are the stages of the member imports running (import_progress.go).
	imports importProgress
}

// New prepares a server: parses the templates and registers the routes.
func New(db *store.DB, opt Options) (*Server, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	s := &Server{db: db, opt: opt, log: slog.New(requestIDLogs{opt.Logger.Handler()}), mux: http.NewServeMux(),
		metrics: metrics.New(db.PoolStats)}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// Handler is the whole application with its middleware.
func (s *Server) Handler() http.Handler {
	return s.observe(s.recoverPanics(s.securityHeaders(gzipResponses(s.vietnameseDefaults(s.mux)))))
}

// now is the server's clock.
func (s *Server) now() time.Time { return s.opt.Now() }

// tree is the units tree, cached per process and reloaded when units change.
func (s *Server) tree(ctx context.Context) (*units.Tree, error) { return units.Cached(ctx, s.db) }

// staticFiles is the embedded static folder. An address that names no
// file in it (a folder included: no listings) answers the Vietnamese 404
// page, as any other address no route has.
func (s *Server) staticFiles() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/static/", cacheForever(http.FileServerFS(sub)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if fi, err := fs.Stat(sub, name); err != nil || fi.IsDir() {
			s.defaultPage(w, r, http.StatusNotFound, vi.ErrPageNotFound)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// cacheForever lets browsers keep the assets: they change only with the
// binary, and a slow connection should fetch them once.
func cacheForever(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		h.ServeHTTP(w, r)
	})
}
