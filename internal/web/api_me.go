package web

import (
	"net/http"
)

// apiMe answers who the caller is: e-mail, name, role and the unit whose
// subtree they see, and whether they came with a token or a session.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, rq *request) error {
	u := rq.user
	var scope *apiUnit
	if root := rq.scope.Root(); root != nil {
		a := apiUnitOf(rq.tree, root)
		scope = &a
	}
	via := "token"
	if rq.session.ID != 0 {
		via = "session"
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"email":      u.Email,
		"name":       u.Name,
		"role":       u.Role,
		"role_label": u.Role.Label(),
		"scope":      scope,
		"auth":       via,
	})
	return nil
}
