package web

import (
	"net/http"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
)

// apiToken is an API token as the API lists it: never the token itself,
// which is shown once when made and not stored. Times are RFC 3339 in
// Vietnam time; null when unset.
type apiToken struct {
	ID         int64   `json:"id"`
	Name       string  `json:"name"`
	CreatedAt  string  `json:"created_at"`
	LastUsedAt *string `json:"last_used_at"`
	RevokedAt  *string `json:"revoked_at"`
}

func apiTokenOf(t auth.Token) apiToken {
	opt := func(x time.Time) *string {
		if x.IsZero() {
			return nil
		}
		s := x.In(vietnamTime).Format(time.RFC3339)
		return &s
	}
	return apiToken{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt.In(vietnamTime).Format(time.RFC3339),
		LastUsedAt: opt(t.LastUsedAt), RevokedAt: opt(t.RevokedAt)}
}

// apiMyTokens lists the caller's own API tokens, newest first, revoked
// ones included.
func (s *Server) apiMyTokens(w http.ResponseWriter, r *http.Request, rq *request) error {
	list, err := auth.ListTokens(r.Context(), s.db, rq.user.ID)
	if err != nil {
		return err
	}
	out := make([]apiToken, 0, len(list))
	for _, t := range list {
		out = append(out, apiTokenOf(t))
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": out})
	return nil
}

// apiMyTokenRevoke revokes one of the caller's own API tokens (the one in
// use, too); a token of anyone else is not found. auth.RevokeToken writes
// the audit entry.
func (s *Server) apiMyTokenRevoke(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := tokenID(r)
	if err != nil {
		return err
	}
	if _, err := auth.RevokeToken(r.Context(), s.db, rq.actor(), rq.user, id, s.now()); err != nil {
		return err
	}
	list, err := auth.ListTokens(r.Context(), s.db, rq.user.ID)
	if err != nil {
		return err
	}
	for _, t := range list {
		if t.ID == id {
			writeJSON(w, http.StatusOK, apiTokenOf(t))
		}
	}
	return nil
}
