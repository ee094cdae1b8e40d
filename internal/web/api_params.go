package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Query parameters of the JSON API. A bad value is an Invalid error located
// at the parameter's name ("at: ngày … không hợp lệ"), as the command line
// locates its flags.

// apiRequired is a query parameter that must be given.
func apiRequired(r *http.Request, name string) (string, error) {
	v := queryValue(r, name)
	if v == "" {
		return "", apperr.New(apperr.Invalid, vi.ErrAPIMissingParam, name)
	}
	return v, nil
}

// apiDay reads the day parameter "at" (2026-01-01); today by the server's
// clock when absent.
func (s *Server) apiDay(r *http.Request) (time.Time, error) {
	t, err := queryDate(r, "at", s.today())
	if err != nil {
		return time.Time{}, apperr.At("at", err)
	}
	return t, nil
}

// apiYear reads the parameter "year"; the current year when absent.
func (s *Server) apiYear(r *http.Request) (int, error) {
	v := queryValue(r, "year")
	if v == "" {
		return s.now().Year(), nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 9999 {
		return 0, apperr.At("year", apperr.New(apperr.Invalid, vi.ErrAPIBadYear, v))
	}
	return y, nil
}

// apiPeriod reads a period parameter (2026H1); required says whether it
// may be absent, in which case ok is false.
func apiPeriod(r *http.Request, name string, required bool) (p period.Period, ok bool, err error) {
	v := queryValue(r, name)
	if v != "" {
		p, err = period.Parse(v)
		ok = err == nil
	}
	switch {
	case err != nil:
		return p, false, apperr.At(name, err)
	case !ok && required:
		return p, false, apperr.New(apperr.Invalid, vi.ErrAPIMissingParam, name)
	}
	return p, ok, nil
}

// apiLimit reads the parameter "limit" between 1 and max; def when absent.
func apiLimit(r *http.Request, def, max int) (int, error) {
	v := queryValue(r, "limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, apperr.At("limit", apperr.New(apperr.Invalid, vi.ErrAPIBadLimit, v, max))
	}
	return n, nil
}

// apiDate writes a validity bound as an ISO date, or null for an open end
// (a unit valid since before the records, or still valid).
func apiDate(t time.Time) *string {
	if !t.After(units.Beginning) || !t.Before(units.Forever) {
		return nil
	}
	s := t.Format(units.DateLayout)
	return &s
}
