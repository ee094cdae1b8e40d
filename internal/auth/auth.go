// Package auth is who may do what: users with a role and a scope (a unit
// whose subtree they see), passwords, sessions stored in the database,
// tokens for scripts, throttling of failed sign-ins, and the one scope check
// that every page and API call passes through.
//
// Functions take the database as a store.Querier, so that a caller may run
// them inside its own transaction (with an audit record, say); those that
// write more than one row open a transaction themselves when given a
// *store.DB. Time is always passed in as now, never read from the clock.
package auth

import (
	"context"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Role is what a user may do within their scope.
type Role string

// The roles.
const (
	Admin   Role = "admin"   // everything in the scope, including users and the audit log
	Officer Role = "officer" // read, enter and submit figures; approve those of child units
	Viewer  Role = "viewer"  // read only
)

// ParseRole checks a role written by a person ("Admin", " viewer").
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case Admin, Officer, Viewer:
		return r, nil
	}
	return "", apperr.New(apperr.Invalid, vi.ErrAuthBadRole, s)
}

// Label is the role's Vietnamese name, for lists and pages.
func (r Role) Label() string {
	switch r {
	case Admin:
		return vi.RoleAdmin
	case Officer:
		return vi.RoleOfficer
	case Viewer:
		return vi.RoleViewer
	}
	return string(r)
}

// User is a person who signs in. ScopeUnitID is the unit whose subtree
// (and, through the lineage, that subtree's predecessors) the user sees.
type User struct {
	ID          int64
	Email       string
	Name        string
	Role        Role
	ScopeUnitID int64
	Disabled    bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Session is a signed-in browser. The token itself is only ever in the
// cookie; the database keeps its SHA-256. CSRF is the secret that every
// state-changing form or request of this session must echo.
type Session struct {
	ID         int64
	UserID     int64
	CSRF       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
}

// Token is an API token as listed: never the token itself, which is shown
// once when created. LastUsedAt and RevokedAt are zero when unset.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// Lifetimes and limits.
const (
	// SessionTTL is how long a session lasts from sign-in: a working day,
	// fixed, so that a stolen cookie does not live forever.
	SessionTTL = 12 * time.Hour
	// seenEvery bounds how often a session's or token's last use is
	// written, so that a busy page does not write on every request.
	seenEvery = time.Minute
	// MinPassword is the shortest password accepted; bcrypt reads at most
	// MaxPassword bytes, so longer ones are refused rather than cut.
	MinPassword = 8
	MaxPassword = 72
)

// timeLayout stores times as every table does (docs/storage.md): UTC RFC
// 3339 text to the second, fixed width, so that comparing the text compares
// the times, the same in SQLite and PostgreSQL. Parsing with it also reads
// the microsecond form written before migration 6.
const timeLayout = time.RFC3339

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

// parseOptTime reads a nullable time column: zero for NULL.
func parseOptTime(s *string) (time.Time, error) {
	if s == nil {
		return time.Time{}, nil
	}
	return parseTime(*s)
}

// flag is how a bool is stored: integers 0 and 1 in both dialects.
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// inTx runs fn in a transaction when q is a *store.DB, and directly in q
// when the caller already holds one.
func inTx(ctx context.Context, q store.Querier, fn func(store.Querier) error) error {
	if db, ok := q.(*store.DB); ok {
		return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
	}
	return fn(q)
}
