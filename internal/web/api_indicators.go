package web

import (
	"net/http"

	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
)

// apiIndicator is one indicator of the catalogue. A ratio names its
// numerator and denominator and how its value is scaled and rounded.
type apiIndicator struct {
	Code        string   `json:"code"`
	Kind        string   `json:"kind"`
	Unit        string   `json:"unit"`
	NameVI      string   `json:"name_vi"`
	NameEN      string   `json:"name_en"`
	Definition  string   `json:"definition"`
	Numerator   string   `json:"numerator,omitempty"`
	Denominator string   `json:"denominator,omitempty"`
	Scale       *float64 `json:"scale,omitempty"`
	Decimals    *int     `json:"decimals,omitempty"`
}

// apiIndicators answers the catalogue, in its order. It is the same for
// every user.
func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request, rq *request) error {
	out := make([]apiIndicator, 0, len(indicator.Default.List))
	for _, ind := range indicator.Default.List {
		a := apiIndicator{Code: ind.Code, Kind: string(ind.Kind), Unit: ind.Unit, NameVI: ind.NameVI,
			NameEN: ind.NameEN, Definition: ind.Definition}
		if ind.Kind == indicator.Ratio {
			scale, dec := ind.Scale, ind.Decimals
			a.Numerator, a.Denominator, a.Scale, a.Decimals = ind.Numerator, ind.Denominator, &scale, &dec
		}
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, map[string]any{"indicators": out})
	return nil
}
