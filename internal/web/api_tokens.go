package web

import (
	"net/http"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
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
		s := vi.TimeISO(x)
		return &s
	}
	return apiToken{ID: t.ID, Name: t.Name, CreatedAt: vi.TimeISO(t.CreatedAt),
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
// use, too); a token of anyone else is not found here, even for an admin
// who could revoke it (the route is about the caller's own tokens).
// auth.RevokeToken checks and records it.
func (s *Server) apiMyTokenRevoke(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := tokenID(r)
	if err != nil {
		return err
	}
	t, err := s.revokeOwnToken(r, rq, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiTokenOf(t))
	return nil
}

// revokeOwnToken revokes token id if it is one of the caller's own, and
// returns it as now listed. The pages and the API routes of the caller's
// tokens answer NotFound for anyone else's, even one that
// auth.RevokeToken would let an admin revoke.
func (s *Server) revokeOwnToken(r *http.Request, rq *request, id int64) (auth.Token, error) {
	list, err := auth.ListTokens(r.Context(), s.db, rq.user.ID)
	if err != nil {
		return auth.Token{}, err
	}
	for _, t := range list {
		if t.ID != id {
			continue
		}
		done, err := auth.RevokeToken(r.Context(), s.db, rq.principal(), id, s.now())
		if err != nil {
			return auth.Token{}, err
		}
		t.RevokedAt = done.RevokedAt
		return t, nil
	}
	return auth.Token{}, apperr.New(apperr.NotFound, vi.ErrAuthNoToken, id)
}
