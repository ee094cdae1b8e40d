package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// TokenPrefix starts every API token, so that a token pasted somewhere it
// should not be is recognisable (and findable by secret scanners).
const TokenPrefix = "kh_"

// CreateToken makes an API token for a script acting as userID and returns
// it; only its hash is stored, so this is the one time it can be shown.
func CreateToken(ctx context.Context, q store.Querier, userID int64, name string, now time.Time) (string, error) {
	if _, err := GetUser(ctx, q, userID); err != nil {
		return "", err
	}
	r, err := randomToken()
	if err != nil {
		return "", err
	}
	token := TokenPrefix + r
	_, err = q.Exec(ctx, "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?)",
		hashToken(token), userID, strings.TrimSpace(name), fmtTime(now))
	if err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	return token, nil
}

// UserFromToken finds the user of a bearer token. An unknown or revoked
// token, or a disabled user, is Unauthorized. The token's last_used_at is
// written at most once a minute.
func UserFromToken(ctx context.Context, q store.Querier, token string, now time.Time) (User, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return User{}, apperr.New(apperr.Unauthorized, vi.ErrAuthTokenInvalid)
	}
	var (
		id       int64
		lastUsed *string
	)
	u, err := scanUser(q.QueryRow(ctx, "SELECT "+userColumns+`,
			t.id, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL`, hashToken(token)),
		&id, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.New(apperr.Unauthorized, vi.ErrAuthTokenInvalid)
	}
	if err != nil {
		return User{}, fmt.Errorf("token: %w", err)
	}
	if u.Disabled {
		return User{}, apperr.New(apperr.Unauthorized, vi.ErrAuthTokenInvalid)
	}
	last, err := parseOptTime(lastUsed)
	if err != nil {
		return User{}, fmt.Errorf("token: %w", err)
	}
	if last.IsZero() || now.Sub(last) >= seenEvery {
		if _, err := touch(ctx, q, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", fmtTime(now), id); err != nil {
			return User{}, fmt.Errorf("token: %w", err)
		}
	}
	return u, nil
}

// ListTokens lists a user's API tokens, newest first, revoked ones included.
func ListTokens(ctx context.Context, q store.Querier, userID int64) ([]Token, error) {
	rows, err := q.Query(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var (
			t             Token
			created       string
			used, revoked *string
		)
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &created, &used, &revoked); err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		if t.CreatedAt, err = parseTime(created); err == nil {
			if t.LastUsedAt, err = parseOptTime(used); err == nil {
				t.RevokedAt, err = parseOptTime(revoked)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return out, nil
}

// RevokeToken revokes API token tokenID on behalf of by and records it
// in the audit log under the owner's scope unit, in one transaction. Users
// revoke their own tokens; an admin of the owner's scope unit may revoke
// theirs too (a lesser power than disabling the user, which revokes them
// all), and the local administrator anyone's. To anyone else the token does
// not exist (NotFound). A token already revoked is a Conflict and keeps its
// first revocation time.
func RevokeToken(ctx context.Context, db *store.DB, by Principal, tokenID int64, now time.Time) (Token, error) {
	var t Token
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var revoked *string
		err := tx.QueryRow(ctx, "SELECT user_id, name, revoked_at FROM api_tokens WHERE id = ?", tokenID).Scan(&t.UserID, &t.Name, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, vi.ErrAuthNoToken, tokenID)
		}
		if err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		owner, err := GetUser(ctx, tx, t.UserID)
		if err != nil {
			return err
		}
		if !by.Local() && owner.ID != by.User().ID && !by.CanAdmin(owner.ScopeUnitID) {
			return apperr.New(apperr.NotFound, vi.ErrAuthNoToken, tokenID)
		}
		if revoked != nil {
			return apperr.New(apperr.Conflict, vi.ErrAuthTokenRevoked, tokenID)
		}
		res, err := tx.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", fmtTime(now), tokenID)
		if err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			// Revoked by a concurrent request between the read and the update.
			return apperr.New(apperr.Conflict, vi.ErrAuthTokenRevoked, tokenID)
		}
		t.ID, t.RevokedAt = tokenID, now.UTC()
		return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{
			Action: audit.ActionTokenRevoke, UnitID: owner.ScopeUnitID,
			Detail: fmt.Sprintf(vi.AuditTokenRevokeDetail, owner.Email, t.Name, tokenID),
		})
	})
	if err != nil {
		return Token{}, err
	}
	return t, nil
}

// revokeAll revokes every working token of a user and returns them.
func revokeAll(ctx context.Context, q store.Querier, userID int64, now time.Time) ([]Token, error) {
	rows, err := q.Query(ctx, "SELECT id, name FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id", userID)
	if err != nil {
		return nil, err
	}
	var out []Token
	for rows.Next() {
		t := Token{UserID: userID, RevokedAt: now.UTC()}
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) > 0 {
		if _, err := q.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", fmtTime(now), userID); err != nil {
			return nil, err
		}
	}
	return out, nil
}
