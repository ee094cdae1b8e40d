package web

import (
	"bytes"
	"fmt"
	"net/http"

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
