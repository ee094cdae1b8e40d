package web

import (
	"net/http"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// apiCluster is a cluster of one year with its provinces (those of its
// last term) and its terms: the stretches of days with the same provinces.
type apiCluster struct {
	Year      int              `json:"year"`
	Code      string           `json:"code"`
	Name      string           `json:"name"`
	Provinces []apiUnitRef     `json:"provinces"`
	Terms     []apiClusterTerm `json:"terms"`
}

// apiClusterTerm is a cluster's membership from one day to another, both
// included (ISO dates).
type apiClusterTerm struct {
	From      string       `json:"from"`
	To        string       `json:"to"`
	Provinces []apiUnitRef `json:"provinces"`
}

func (s *Server) apiClusterOf(rq *request, c cluster.Cluster) apiCluster {
	refs := func(ps []cluster.Province) []apiUnitRef {
		out := []apiUnitRef{}
		for _, p := range ps {
			if u := rq.tree.Get(p.ID); u != nil {
				out = append(out, apiUnitRefOf(u))
			}
		}
		return out
	}
	out := apiCluster{Year: c.Year, Code: c.Code, Name: c.Name, Provinces: refs(c.Provinces), Terms: []apiClusterTerm{}}
	for _, t := range c.Terms {
		out.Terms = append(out.Terms, apiClusterTerm{From: t.From.Format(time.DateOnly), To: t.To.Format(time.DateOnly), Provinces: refs(t.Provinces)})
	}
	return out
}

// apiClusters lists the clusters of a year that the caller may read: all
// of them for a nation user, the cluster of their province for a province
// user (auth.Scope.CanReadCluster).
func (s *Server) apiClusters(w http.ResponseWriter, r *http.Request, rq *request) error {
	year, err := s.apiYear(r)
	if err != nil {
		return err
	}
	cs, err := cluster.List(r.Context(), s.db, year)
	if err != nil {
		return err
	}
	out := []apiCluster{}
	for _, c := range cs {
		if rq.scope.CanReadCluster(c.AllProvinceIDs()) {
			out = append(out, s.apiClusterOf(rq, c))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": year, "clusters": out})
	return nil
}

// apiClusterShow answers one cluster of a year. A cluster the caller may
// not read is not found, like a unit outside their scope.
func (s *Server) apiClusterShow(w http.ResponseWriter, r *http.Request, rq *request) error {
	year, err := s.apiYear(r)
	if err != nil {
		return err
	}
	c, err := s.apiReadableCluster(r, rq, r.PathValue("code"), year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.apiClusterOf(rq, c))
	return nil
}

// apiReadableCluster reads a cluster of a year and checks that the caller
// may see it; otherwise it answers the same not-found as for an unknown
// cluster, so that the check reveals nothing.
func (s *Server) apiReadableCluster(r *http.Request, rq *request, code string, year int) (cluster.Cluster, error) {
	c, err := cluster.Get(r.Context(), s.db, year, code)
	if err != nil {
		return c, err
	}
	if !rq.scope.CanReadCluster(c.AllProvinceIDs()) {
		return cluster.Cluster{}, apperr.New(apperr.NotFound, vi.ErrUnknownCluster, code, year)
	}
	return c, nil
}
