// Package auth is who may do what: users with a role and a scope (a unit
// whose subtree they see), passwords, sessions stored in the database,
// tokens for scripts, throttling of failed sign-ins, and the one scope check
// that every page and API call passes through.
package auth

import (
	"time"
)

// Role is what a user may do within their scope.
type Role string

// The roles.
const (
	Admin   Role = "admin"   // everything in the scope, including users and the audit log
	Officer Role = "officer" // read, enter and submit figures; approve those of child units
	Viewer  Role = "viewer"  // read only
)

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
}

// Session is a signed-in browser. The token itself is only ever in the
// cookie; the database keeps its SHA-256. CSRF is the secret that every
// state-changing form or request of this session must echo.
type Session struct {
	ID        int64
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}
