package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// status maps an error code to its HTTP status: the one place where that
// mapping lives.
func status(err error) int {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Usage:
		return http.StatusBadRequest
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.TooMany:
		return http.StatusTooManyRequests
	case apperr.Busy:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// message is what a person reads about err: its own Vietnamese message, or
// a general one for internal errors, which are logged instead of shown.
func (s *Server) message(r *http.Request, err error) string {
	var e *apperr.Error
	if apperr.CodeOf(err) == apperr.Internal || !errors.As(err, &e) {
		s.log.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		return vi.ErrInternal
	}
	return err.Error()
}

// pageError shows an error page in the layout.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, rq *request, err error) {
	code := status(err)
	msg := s.message(r, err)
	if rerr := s.render(w, rq, code, "error", vi.UI["error.title"], "", msg); rerr != nil {
		s.log.ErrorContext(r.Context(), "render error page", "err", rerr)
		http.Error(w, msg, code)
	}
}

// apiError answers a JSON error: {"error": {"code": "...", "message": "..."}}.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	writeJSON(w, code, map[string]any{"error": map[string]string{
		"code": string(apperr.CodeOf(err)), "message": s.message(r, err),
	}})
}

// writeJSON answers v as JSON.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// vietnameseDefaults answers in Vietnamese what the mux would answer in
// English: an address no route has ("404 page not found") and a method a
// route does not take ("Method Not Allowed", with its Allow header kept).
// A page shows the error page in the layout (with the menu when the
// browser is signed in); the API answers its JSON error.
func (s *Server) vietnameseDefaults(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		rec := &defaultAnswer{header: http.Header{}}
		mux.ServeHTTP(rec, r)
		var msg string
		switch rec.code {
		case http.StatusNotFound:
			msg = vi.ErrPageNotFound
		case http.StatusMethodNotAllowed:
			msg = fmt.Sprintf(vi.ErrMethodNotAllowed, r.Method)
			w.Header().Set("Allow", rec.header.Get("Allow"))
		default: // a redirect to the address with a slash, say
			for k, v := range rec.header {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.code)
			w.Write(rec.body.Bytes())
			return
		}
		s.defaultPage(w, r, rec.code, msg)
	})
}

// defaultPage answers an address no route has, or a method a route does
// not take (code 404 or 405), with msg: the API its JSON error, a page the
// error page in the layout (with the menu when the browser is signed in).
func (s *Server) defaultPage(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		c := apperr.NotFound
		if code == http.StatusMethodNotAllowed {
			c = apperr.Invalid
		}
		writeJSON(w, code, map[string]any{"error": map[string]string{"code": string(c), "message": msg}})
		return
	}
	rq, _ := s.sessionRequest(r)
	if err := s.render(w, rq, code, "error", vi.UI["error.title"], "", msg); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, msg, code)
	}
}

// defaultAnswer keeps what the mux answers to a request no route takes.
type defaultAnswer struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (d *defaultAnswer) Header() http.Header { return d.header }

func (d *defaultAnswer) WriteHeader(code int) {
	if d.code == 0 {
		d.code = code
	}
}

func (d *defaultAnswer) Write(b []byte) (int, error) {
	if d.code == 0 {
		d.code = http.StatusOK
	}
	return d.body.Write(b)
}
