package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// BenchmarkObserve measures what the metrics and access-log middleware
// (observe) adds to a request: the same empty handler behind a route of
// the mux, with and without it, and with the access log written (to
// nowhere). The difference is its cost per request.
func BenchmarkObserve(b *testing.B) {
	s, err := New(storetest.SQLite(b), Options{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /reports/{scope}", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	for _, c := range []struct {
		name string
		h    http.Handler
		log  bool
	}{{"bare", mux, false}, {"observed", s.observe(mux), false}, {"observed+log", s.observe(mux), true}} {
		b.Run(c.name, func(b *testing.B) {
			s.opt.AccessLog = c.log
			req := httptest.NewRequest("GET", "/reports/province:66?period=2026H1", nil)
			req.RemoteAddr = "127.0.0.1:40000"
			b.ReportAllocs()
			for b.Loop() {
				c.h.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}
