package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// apiRoute is one route of the JSON API. The list below is the one place
// where API routes are named: apiRoutes registers them from it, and
// openapi_test.go checks it against openapi.json both ways, so that a route
// cannot be added without being documented.
type apiRoute struct {
	Method string
	Path   string
	// Public routes need no sign-in (only the OpenAPI document itself).
	Public bool
	// handle answers the route; rq is nil for a public route.
	handle func(s *Server, w http.ResponseWriter, r *http.Request, rq *request) error
}

// apiPrefix is where the JSON API lives.
const apiPrefix = "/api/v1/"

// apiRouteList is every route of the JSON API, in the order of the OpenAPI
// document.
var apiRouteList = []apiRoute{
	{Method: "GET", Path: "/api/v1/openapi.json", Public: true, handle: (*Server).apiOpenAPI},
	{Method: "GET", Path: "/api/v1/me", handle: (*Server).apiMe},
	{Method: "GET", Path: "/api/v1/me/tokens", handle: (*Server).apiMyTokens},
	{Method: "POST", Path: "/api/v1/me/tokens/{id}/revoke", handle: (*Server).apiMyTokenRevoke},
	{Method: "GET", Path: "/api/v1/units", handle: (*Server).apiUnits},
	{Method: "GET", Path: "/api/v1/units/search", handle: (*Server).apiUnitSearch},
	{Method: "GET", Path: "/api/v1/units/{ref}", handle: (*Server).apiUnitShow},
	{Method: "GET", Path: "/api/v1/clusters", handle: (*Server).apiClusters},
	{Method: "GET", Path: "/api/v1/clusters/{code}", handle: (*Server).apiClusterShow},
	{Method: "GET", Path: "/api/v1/indicators", handle: (*Server).apiIndicators},
	{Method: "GET", Path: "/api/v1/aggregates", handle: (*Server).apiAggregates},
	{Method: "POST", Path: "/api/v1/aggregates", handle: (*Server).apiAggregatesPost},
	{Method: "GET", Path: "/api/v1/entry/{ref}/{period}", handle: (*Server).apiEntryForm},
	{Method: "POST", Path: "/api/v1/entry/{ref}/{period}/submit", handle: (*Server).apiEntrySubmit},
	{Method: "POST", Path: "/api/v1/entry/{ref}/{period}/approve", handle: (*Server).apiEntryApprove},
	{Method: "POST", Path: "/api/v1/entry/{ref}/{period}/return", handle: (*Server).apiEntryReturn},
	{Method: "GET", Path: "/api/v1/approvals", handle: (*Server).apiApprovals},
	{Method: "GET", Path: "/api/v1/reports", handle: (*Server).apiReport},
	{Method: "GET", Path: "/api/v1/reports/{scope}/{period}/texts", handle: (*Server).apiReportTexts},
	{Method: "PUT", Path: "/api/v1/reports/{scope}/{period}/texts", handle: (*Server).apiReportTextsPut},
	{Method: "GET", Path: "/api/v1/reports/{scope}/{period}/texts/gathered", handle: (*Server).apiReportTextsGathered},
	{Method: "GET", Path: "/api/v1/reports/{scope}/{period}/letterhead", handle: (*Server).apiReportLetterhead},
	{Method: "PUT", Path: "/api/v1/reports/{scope}/{period}/letterhead", handle: (*Server).apiReportLetterheadPut},
	{Method: "GET", Path: "/api/v1/reports/subjects", handle: (*Server).apiReportSubjects},
	{Method: "POST", Path: "/api/v1/fund/{ref}/entries", handle: (*Server).apiFundEntryCreate},
	{Method: "POST", Path: "/api/v1/fund/{ref}/entries/{number}/reverse", handle: (*Server).apiFundReverse},
	{Method: "GET", Path: "/api/v1/members", handle: (*Server).apiMembers},
	{Method: "POST", Path: "/api/v1/members", handle: (*Server).apiMemberCreate},
	{Method: "POST", Path: "/api/v1/members/import", handle: (*Server).apiMemberImport},
	{Method: "GET", Path: "/api/v1/members/{id}", handle: (*Server).apiMemberShow},
	{Method: "PATCH", Path: "/api/v1/members/{id}", handle: (*Server).apiMemberEdit},
	{Method: "PUT", Path: "/api/v1/members/{id}", handle: (*Server).apiMemberEdit},
	{Method: "POST", Path: "/api/v1/members/{id}/leave", handle: (*Server).apiMemberLeave},
	{Method: "POST", Path: "/api/v1/members/{id}/transfer", handle: (*Server).apiMemberTransfer},
}

// apiRoutes registers the routes of this block (see routes.go): every route
// of apiRouteList behind s.api (bearer token, or session with X-CSRF-Token
// for writes; writes from a foreign Origin refused either way), and for any other path under /api/v1/ a JSON answer (404, or
// 405 for a known path asked with another method) instead of an HTML page.
func (s *Server) apiRoutes(m *http.ServeMux) {
	for _, rt := range apiRouteList {
		handle := rt.handle
		if rt.Public {
			m.HandleFunc(rt.Method+" "+rt.Path, func(w http.ResponseWriter, r *http.Request) {
				if err := handle(s, w, r, nil); err != nil {
					s.apiError(w, r, err)
				}
			})
			continue
		}
		m.HandleFunc(rt.Method+" "+rt.Path, s.api(func(w http.ResponseWriter, r *http.Request, rq *request) error {
			return handle(s, w, r, rq)
		}))
	}
	// One pattern per method, not a bare "/api/v1/", which would conflict
	// with method patterns of the pages such as "GET /".
	for _, method := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		m.HandleFunc(method+" "+apiPrefix, s.apiUnknown)
	}
}

// apiUnknown answers a path under /api/v1/ that no route serves.
func (s *Server) apiUnknown(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, rt := range apiRouteList {
		if apiPathMatches(rt.Path, r.URL.Path) {
			allow = append(allow, rt.Method)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": map[string]string{
			"code": string(apperr.Invalid), "message": fmt.Sprintf(vi.ErrAPIMethod, r.URL.Path, r.Method),
		}})
		return
	}
	s.apiError(w, r, apperr.New(apperr.NotFound, vi.ErrAPINoRoute, r.Method, r.URL.Path))
}

// apiPathMatches reports whether path fits pattern, where a {name} segment
// stands for any one non-empty segment.
func apiPathMatches(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if xs[i] == "" {
				return false
			}
			continue
		}
		if p != xs[i] {
			return false
		}
	}
	return true
}
