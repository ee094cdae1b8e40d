package web

import "net/http"

// readRoutes registers the routes of this block (see routes.go).
func (s *Server) readRoutes(m *http.ServeMux) {
}
