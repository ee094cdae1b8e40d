package web

import "net/http"

// writeRoutes registers the pages that change figures or watch them being
// changed: the data-entry list and form with its approval actions, the
// approvals queue, the upload of a file, the completeness view and the
// audit log. One file per page (entry.go, approvals.go, upload.go,
// completeness.go, auditpage.go), the texts officers write in a report
// (reporttexts.go), and the pages that manage users.
func (s *Server) writeRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /entry", s.page(s.entryList))
	m.HandleFunc("GET /entry/{ref}/{period}", s.page(s.entryForm))
	m.HandleFunc("POST /entry/{ref}/{period}", s.page(s.entrySave))
	m.HandleFunc("POST /entry/{ref}/{period}/approve", s.page(s.entryApprove))
	m.HandleFunc("POST /entry/{ref}/{period}/return", s.page(s.entryReturn))
	m.HandleFunc("POST /entry/{ref}/{period}/unlock", s.page(s.entryUnlock))
	m.HandleFunc("GET /approvals", s.page(s.approvalsPage))
	m.HandleFunc("GET /approvals/{ref}/{period}", s.page(s.approvalPage))
	m.HandleFunc("GET /upload", s.page(s.uploadPage))
	m.HandleFunc("POST /upload", s.filePage(s.upload))
	m.HandleFunc("GET /completeness", s.page(s.completenessPage))
	m.HandleFunc("GET /audit", s.page(s.auditPage))
	m.HandleFunc("GET /reports/{scope}/{period}/texts", s.page(s.reportTextsPage))
	m.HandleFunc("POST /reports/{scope}/{period}/texts", s.page(s.reportTextsSave))
	m.HandleFunc("POST /reports/{scope}/{period}/letterhead", s.page(s.reportLetterheadSave))
	m.HandleFunc("GET /clusters/import", s.page(s.clustersImportPage))
	m.HandleFunc("POST /clusters/import", s.filePage(s.clustersImport))

	// Users of an admin's subtree (users.go) and every user's own account
	// (account.go). The first admin comes from the command line.
	m.HandleFunc("GET /users", s.page(s.usersPage))
	m.HandleFunc("GET /users/new", s.page(s.userNewPage))
	m.HandleFunc("POST /users/new", s.page(s.userCreate))
	m.HandleFunc("POST /users/{id}/password", s.page(s.userPassword))
	m.HandleFunc("POST /users/{id}/disable", s.page(s.userDisable))
	m.HandleFunc("POST /users/{id}/enable", s.page(s.userEnable))
	m.HandleFunc("GET /account", s.page(s.accountPage))
	m.HandleFunc("POST /account/password", s.page(s.accountPassword))
	m.HandleFunc("POST /account/tokens/{id}/revoke", s.page(s.accountTokenRevoke))
}
