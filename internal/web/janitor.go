package web

import (
	"context"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
)

// Janitor removes expired sessions and old sign-in attempts now and then
// every period until ctx ends. Expired sessions are refused anyway; this
// only keeps the tables small.
func (s *Server) Janitor(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.sweep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Server) sweep(ctx context.Context) {
	now := s.now()
	if _, err := auth.DeleteExpiredSessions(ctx, s.db, now); err != nil && ctx.Err() == nil {
		s.log.Error("delete expired sessions", "err", err)
	}
	if _, err := auth.PruneLoginAttempts(ctx, s.db, now); err != nil && ctx.Err() == nil {
		s.log.Error("prune login attempts", "err", err)
	}
}
