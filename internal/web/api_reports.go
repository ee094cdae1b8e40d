package web

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// apiReport answers the report of a unit, a cluster or the nation for a
// period: exactly what `khuyenhoc report --format json` prints (the same
// report.BuildWith and report.WriteJSON). A unit is checked at the end of
// the period, the units the report is built with; a cluster is readable by
// nation users and users of one of its provinces.
func (s *Server) apiReport(w http.ResponseWriter, r *http.Request, rq *request) error {
	scope, err := apiRequired(r, "scope")
	if err != nil {
		return err
	}
	p, _, err := apiPeriod(r, "period", true)
	if err != nil {
		return err
	}
	ref, err := units.ParseRef(scope)
	if err != nil {
		return err
	}
	if ref.Level == units.Cluster {
		if _, err := s.apiReadableCluster(r, rq, ref.Code, p.Year); err != nil {
			return err
		}
	} else if _, err := rq.unit(scope, p.End(), read); err != nil {
		return err
	}
	rep, err := s.buildReport(r.Context(), rq, ref, p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, rep); err != nil {
		return fmt.Errorf("api report: %w", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// apiReportSubjects finds what a report can be about by name, for the
// report page's picker and for scripts: units valid at the end of the
// period, the clusters of its year and the nation, those the caller may
// read, ignoring case and diacritics ("ea tu" finds Xã Ea Tu). Without q
// it answers what the picker offers before anything is typed: the nation
// (for national users), the clusters, the caller's unit and its children.
// With "at" (a day), units valid that day and no clusters: the pickers of
// the users' form and the audit log.
func (s *Server) apiReportSubjects(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, ok, err := apiPeriod(r, "period", false)
	if err != nil {
		return err
	}
	if !ok {
		p = lastFinished(s.today())
	}
	where := pickPeriod(p)
	if queryValue(r, "at") != "" {
		at, err := queryDate(r, "at", time.Time{})
		if err != nil {
			return err
		}
		where = pickWhere{At: at}
	}
	limit, err := apiLimit(r, pickLimit, apiUnitSearchLimit)
	if err != nil {
		return err
	}
	q := queryValue(r, "q")
	var found []subject
	if units.Fold(q) == "" {
		found, err = s.defaultSubjects(r.Context(), rq, where)
		if len(found) > limit {
			found = found[:limit]
		}
	} else {
		found, err = s.findSubjects(r.Context(), rq, q, where, limit)
	}
	if err != nil {
		return err
	}
	if found == nil {
		found = []subject{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"q": q, "period": p.String(), "subjects": found})
	return nil
}
