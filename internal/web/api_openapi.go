package web

import (
	_ "embed"
	"net/http"
)

// openAPIDoc describes every route of the JSON API (OpenAPI 3.1).
// openapi_test.go fails when it and apiRouteList disagree.
//
//go:embed openapi.json
var openAPIDoc []byte

// apiOpenAPI serves the OpenAPI document. It needs no sign-in: it describes
// the API, not the data.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request, _ *request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err := w.Write(openAPIDoc)
	return err
}
