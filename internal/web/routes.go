package web

// routes registers every route of the application: pages first, then the
// JSON API. Each area keeps its lines in its own block.
func (s *Server) routes() {
	m := s.mux
	m.Handle("GET /static/", s.staticFiles())

	// The operator's checks and metrics, without sign-in.
	// (ops.go)
	s.opsRoutes(m)

	// Sign-in.
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.page(s.logout))

	// Pages: dashboard, units, reports, clusters.
	// (routes_read.go)
	s.readRoutes(m)

	// Pages: data entry, approval, completeness, audit, users.
	// (routes_write.go)
	s.writeRoutes(m)

	// Pages: members, association units, the member import.
	// (routes_members.go)
	s.memberRoutes(m)

	// Pages: the study-promotion fund, its programmes and recipients.
	// (fund.go)
	s.fundRoutes(m)

	// Public pages of the learning titles: self-assessment, certificates.
	// (models_public.go)
	s.modelRoutes(m)

	// JSON API under /api/v1.
	// (routes_api.go)
	s.apiRoutes(m)
}
