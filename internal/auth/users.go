package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// NewUser is what it takes to create a user. Password is the plain text,
// hashed before it is stored.
type NewUser struct {
	Email       string
	Name        string
	Role        Role
	ScopeUnitID int64
	Password    string
}

// maxName bounds a user's name, in characters.
const maxName = 200

// userColumns are read by scanUser, in that order, from the users table
// under the alias u (so that a join with sessions or tokens reads them too).
const userColumns = "u.id, u.email, u.name, u.role, u.scope_unit_id, u.disabled, u.created_at, u.updated_at"

// NormalizeEmail is the form an e-mail address is stored and looked up in:
// trimmed and lower-cased, and without invalid UTF-8 or NUL bytes, which
// PostgreSQL refuses in text (a sign-in form may send anything).
func NormalizeEmail(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "")
	return strings.ToLower(strings.TrimSpace(s))
}

// checkEmail accepts a bare address (no display name) with a dotted domain.
func checkEmail(email string) error {
	local, domain, ok := strings.Cut(email, "@")
	bad := !ok || local == "" || len(email) > 254 || strings.Contains(domain, "@") ||
		!strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.ContainsAny(email, " \t\r\n<>,;")
	if !bad {
		a, err := mail.ParseAddress(email)
		bad = err != nil || a.Address != email
	}
	if bad {
		return apperr.New(apperr.Invalid, vi.ErrAuthBadEmail, email)
	}
	return nil
}

// checkPassword applies the length rules.
func checkPassword(p string) error {
	if utf8.RuneCountInString(p) < MinPassword {
		return apperr.New(apperr.Invalid, vi.ErrAuthShortPassword, MinPassword)
	}
	if len(p) > MaxPassword {
		return apperr.New(apperr.Invalid, vi.ErrAuthLongPassword, MaxPassword)
	}
	return nil
}

// CreateUser validates nu and stores the user with a bcrypt hash of the
// password. A second user with the same e-mail (in any case) is a Conflict.
func CreateUser(ctx context.Context, q store.Querier, nu NewUser, now time.Time) (User, error) {
	email := NormalizeEmail(nu.Email)
	if err := checkEmail(email); err != nil {
		return User{}, err
	}
	name := strings.TrimSpace(nu.Name)
	if name == "" {
		return User{}, apperr.New(apperr.Invalid, vi.ErrAuthNoName)
	}
	if utf8.RuneCountInString(name) > maxName {
		return User{}, apperr.New(apperr.Invalid, vi.ErrAuthNameTooLong, maxName)
	}
	role, err := ParseRole(string(nu.Role))
	if err != nil {
		return User{}, err
	}
	if err := checkPassword(nu.Password); err != nil {
		return User{}, err
	}
	hash, err := hashPassword(nu.Password)
	if err != nil {
		return User{}, err
	}
	u := User{Email: email, Name: name, Role: role, ScopeUnitID: nu.ScopeUnitID, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	err = inTx(ctx, q, func(q store.Querier) error {
		var one int
		err := q.QueryRow(ctx, "SELECT 1 FROM units WHERE id = ?", nu.ScopeUnitID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.Invalid, vi.ErrAuthNoScopeUnit, nu.ScopeUnitID)
		}
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		err = q.QueryRow(ctx, "SELECT 1 FROM users WHERE email = ?", email).Scan(&one)
		if err == nil {
			return apperr.New(apperr.Conflict, vi.ErrAuthDuplicateEmail, email)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("create user: %w", err)
		}
		err = q.QueryRow(ctx, `INSERT INTO users (email, name, role, scope_unit_id, password_hash, disabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`,
			email, name, string(role), nu.ScopeUnitID, hash, fmtTime(now), fmtTime(now)).Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		return nil
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanUser(s scanner, extra ...any) (User, error) {
	var (
		u                User
		role             string
		created, updated string
	)
	dest := append([]any{&u.ID, &u.Email, &u.Name, &role, &u.ScopeUnitID, &u.Disabled, &created, &updated}, extra...)
	if err := s.Scan(dest...); err != nil {
		return User{}, err
	}
	u.Role = Role(role)
	var err error
	if u.CreatedAt, err = parseTime(created); err != nil {
		return User{}, err
	}
	if u.UpdatedAt, err = parseTime(updated); err != nil {
		return User{}, err
	}
	return u, nil
}

// GetUser returns the user with that id, or a NotFound error.
func GetUser(ctx context.Context, q store.Querier, id int64) (User, error) {
	u, err := scanUser(q.QueryRow(ctx, "SELECT "+userColumns+" FROM users u WHERE u.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.New(apperr.NotFound, vi.ErrAuthNoUserID, id)
	}
	if err != nil {
		return User{}, fmt.Errorf("get user: %w", err)
	}
	return u, nil
}

// GetUserByEmail returns the user with that e-mail (in any case), or a
// NotFound error.
func GetUserByEmail(ctx context.Context, q store.Querier, email string) (User, error) {
	email = NormalizeEmail(email)
	u, err := scanUser(q.QueryRow(ctx, "SELECT "+userColumns+" FROM users u WHERE u.email = ?", email))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.New(apperr.NotFound, vi.ErrAuthNoUser, email)
	}
	if err != nil {
		return User{}, fmt.Errorf("get user: %w", err)
	}
	return u, nil
}

// ListUsers lists by e-mail the users visible to p: those whose scope unit
// p reads (an admin of a province manages the users of the province and
// its communes, not those of the nation), filtered in SQL
// (Principal.ReadableSQL); everyone for the local administrator.
func ListUsers(ctx context.Context, q store.Querier, p Principal) ([]User, error) {
	var out []User
	batches := 0
	err := p.ReadableSQL(func(with string, args []any) error {
		batches++
		rows, err := q.Query(ctx, with+"SELECT "+userColumns+" FROM users u WHERE u.scope_unit_id IN (SELECT id FROM readable) ORDER BY u.email", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	if batches > 1 {
		slices.SortFunc(out, func(a, b User) int { return strings.Compare(a.Email, b.Email) })
	}
	return out, nil
}

// SetPassword replaces a user's password and ends everything the old
// password may have given someone else: all the user's sessions are signed
// out and all their API tokens revoked (whoever knew the password could
// have made tokens with it). It returns the tokens it revoked, for the
// caller's audit entries. A building block: it checks nobody's right and
// records nothing; ResetPassword and ChangeOwnPassword call it.
func SetPassword(ctx context.Context, q store.Querier, userID int64, password string, now time.Time) ([]Token, error) {
	if err := checkPassword(password); err != nil {
		return nil, err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return nil, err
	}
	var revoked []Token
	err = inTx(ctx, q, func(q store.Querier) error {
		res, err := q.Exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, fmtTime(now), userID)
		if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, vi.ErrAuthNoUserID, userID)
		}
		if _, err := q.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if revoked, err = revokeAll(ctx, q, userID, now); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return revoked, nil
}

// SetDisabled disables or re-enables a user. Disabling also deletes the
// user's sessions and revokes their API tokens, so that it takes effect at
// once and re-enabling does not bring old credentials back.
func SetDisabled(ctx context.Context, q store.Querier, userID int64, disabled bool, now time.Time) error {
	return inTx(ctx, q, func(q store.Querier) error {
		res, err := q.Exec(ctx, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?", flag(disabled), fmtTime(now), userID)
		if err != nil {
			return fmt.Errorf("disable user: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, vi.ErrAuthNoUserID, userID)
		}
		if !disabled {
			return nil
		}
		if _, err := q.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
			return fmt.Errorf("disable user: %w", err)
		}
		if _, err := q.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", fmtTime(now), userID); err != nil {
			return fmt.Errorf("disable user: %w", err)
		}
		return nil
	})
}

// CountUsersBesides counts the users whose e-mail is none of emails: the
// demo refuses a database that has anyone but its own accounts.
func CountUsersBesides(ctx context.Context, q store.Querier, emails ...string) (int, error) {
	query, args := "SELECT COUNT(*) FROM users", []any{}
	if len(emails) > 0 {
		query += " WHERE email NOT IN (" + store.Placeholders(len(emails)) + ")"
		for _, e := range emails {
			args = append(args, e)
		}
	}
	var n int
	if err := q.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}
