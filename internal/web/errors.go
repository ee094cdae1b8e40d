package web

import (
	"encoding/json"
	"errors"
	"net/http"

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
