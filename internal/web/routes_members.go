package web

import "net/http"

// memberRoutes registers the pages of the association registry: the
// member list with its export, a member's page and its actions, the
// add-member form, the member import with its templates (members.go,
// member.go, member_new.go, members_import.go) and a commune's
// association units (associations.go). The areas' operations in package
// registry check every right; these handlers read the request and render.
func (s *Server) memberRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /members", s.page(s.membersPage))
	m.HandleFunc("GET /members/export.xlsx", s.page(s.membersExport))
	m.HandleFunc("GET /members/new", s.page(s.memberNewPage))
	m.HandleFunc("POST /members/new", s.page(s.memberCreate))
	m.HandleFunc("GET /members/import", s.page(s.membersImportPage))
	m.HandleFunc("POST /members/import", s.filePage(s.membersImport))
	m.HandleFunc("GET /members/import/progress", s.page(s.membersImportProgress))
	m.HandleFunc("GET /members/template.csv", s.page(s.membersTemplate(false)))
	m.HandleFunc("GET /members/template.xlsx", s.page(s.membersTemplate(true)))
	m.HandleFunc("GET /members/{id}", s.page(s.memberPage))
	m.HandleFunc("POST /members/{id}/reveal", s.page(s.memberReveal))
	m.HandleFunc("POST /members/{id}/edit", s.page(s.memberEdit))
	m.HandleFunc("POST /members/{id}/leave", s.page(s.memberLeave))
	m.HandleFunc("POST /members/{id}/transfer", s.page(s.memberTransfer))
	m.HandleFunc("POST /members/{id}/rejoin", s.page(s.memberRejoin))
	m.HandleFunc("POST /members/{id}/erase", s.page(s.memberErase))
	m.HandleFunc("POST /members/{id}/data", s.page(s.memberOwnData))
	m.HandleFunc("GET /associations", s.page(s.associationsPage))
	m.HandleFunc("POST /associations", s.page(s.associationAdd))
	m.HandleFunc("POST /associations/{id}/dissolve", s.page(s.associationDissolve))
}
