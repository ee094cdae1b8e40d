package web

import "net/http"

// writeRoutes registers the routes of this block (see routes.go).
func (s *Server) writeRoutes(m *http.ServeMux) {
}
