package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// randomToken returns 32 random bytes in URL-safe base64 without padding.
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is what the tables keep of a session or API token: its SHA-256
// in hex. The tokens carry 256 random bits, so no salt or slow hash is needed.
func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CreateSession signs userID in: it stores a new session expiring
// SessionTTL after now and returns the token for the cookie, which is not
// kept anywhere else.
func CreateSession(ctx context.Context, q store.Querier, userID int64, now time.Time) (string, Session, error) {
	token, err := randomToken()
	if err != nil {
		return "", Session{}, err
	}
	csrf, err := randomToken()
	if err != nil {
		return "", Session{}, err
	}
	now = now.UTC()
	s := Session{UserID: userID, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(SessionTTL), LastSeenAt: now}
	// A write that returns a row runs in a transaction (its own, when q is
	// the database), which waits for another writer at most the busy timeout.
	err = inTx(ctx, q, func(q store.Querier) error {
		return q.QueryRow(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, last_seen_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			hashToken(token), userID, csrf, fmtTime(now), fmtTime(s.ExpiresAt), fmtTime(now)).Scan(&s.ID)
	})
	if err != nil {
		return "", Session{}, fmt.Errorf("create session: %w", err)
	}
	return token, s, nil
}

// SessionFromToken finds the signed-in user of a cookie's token. An unknown
// or expired token, or a disabled user, is Unauthorized. The session's
// last_seen_at is written at most once a minute.
func SessionFromToken(ctx context.Context, q store.Querier, token string, now time.Time) (User, Session, error) {
	if token == "" {
		return User{}, Session{}, apperr.New(apperr.Unauthorized, vi.ErrAuthSessionInvalid)
	}
	var (
		s                          Session
		created, expires, lastSeen string
	)
	u, err := scanUser(q.QueryRow(ctx, "SELECT "+userColumns+`,
			s.id, s.csrf, s.created_at, s.expires_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hashToken(token)),
		&s.ID, &s.CSRF, &created, &expires, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, Session{}, apperr.New(apperr.Unauthorized, vi.ErrAuthSessionInvalid)
	}
	if err != nil {
		return User{}, Session{}, fmt.Errorf("session: %w", err)
	}
	s.UserID = u.ID
	for _, p := range []struct {
		s string
		t *time.Time
	}{{created, &s.CreatedAt}, {expires, &s.ExpiresAt}, {lastSeen, &s.LastSeenAt}} {
		if *p.t, err = parseTime(p.s); err != nil {
			return User{}, Session{}, fmt.Errorf("session: %w", err)
		}
	}
	if !now.Before(s.ExpiresAt) || u.Disabled {
		return User{}, Session{}, apperr.New(apperr.Unauthorized, vi.ErrAuthSessionInvalid)
	}
	if now.Sub(s.LastSeenAt) >= seenEvery {
		ran, err := touch(ctx, q, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", fmtTime(now), s.ID)
		if err != nil {
			return User{}, Session{}, fmt.Errorf("session: %w", err)
		}
		if ran {
			s.LastSeenAt = now.UTC()
		}
	}
	return u, s, nil
}

// touch notes when a session or token was last used. Outside a
// transaction the note is skipped while another writer (an import) holds
// an SQLite database, so that a request that only reads never waits for
// it; a later request notes the time instead. It reports whether it ran.
func touch(ctx context.Context, q store.Querier, stmt string, args ...any) (bool, error) {
	if db, ok := q.(*store.DB); ok {
		return db.ExecIfFree(ctx, stmt, args...)
	}
	_, err := q.Exec(ctx, stmt, args...)
	return err == nil, err
}

// DeleteSession signs a browser out. An unknown token is not an error:
// signing out twice is harmless.
func DeleteSession(ctx context.Context, q store.Querier, token string) error {
	if _, err := q.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hashToken(token)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes the sessions that expired by now and
// reports how many, for a periodic clean-up.
func DeleteExpiredSessions(ctx context.Context, q store.Querier, now time.Time) (int64, error) {
	res, err := q.Exec(ctx, "DELETE FROM sessions WHERE expires_at <= ?", fmtTime(now))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// PruneLoginAttempts removes sign-in attempts older than AttemptMemory:
// throttling looks back no further, and the table must not grow for ever.
// (The audit log keeps the failures.)
func PruneLoginAttempts(ctx context.Context, q store.Querier, now time.Time) (int64, error) {
	res, err := q.Exec(ctx, "DELETE FROM login_attempts WHERE at < ?", fmtTime(now.Add(-AttemptMemory)))
	if err != nil {
		return 0, fmt.Errorf("prune login attempts: %w", err)
	}
	return res.RowsAffected()
}
