package web

import "net/http"

// apiRoutes registers the routes of this block (see routes.go).
func (s *Server) apiRoutes(m *http.ServeMux) {
}
