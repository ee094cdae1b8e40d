package auth_test

import (
	"context"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// t0 is the clock of the tests: every call gets its time from here.
var t0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// before is a day of the old, three-level structure.
var before = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

const goodPassword = "mật-khẩu-đủ-dài"

// unitID finds LEVEL:CODE valid on day at.
func unitID(t *testing.T, tree *units.Tree, ref string, at time.Time) int64 {
	t.Helper()
	r, err := units.ParseRef(ref)
	if err != nil {
		t.Fatal(err)
	}
	u, err := tree.Resolve(r.Level, r.Code, at)
	if err != nil {
		t.Fatalf("%s at %s: %v", ref, at.Format(time.DateOnly), err)
	}
	return u.ID
}

func loadTree(t *testing.T, db *store.DB) *units.Tree {
	t.Helper()
	tree, err := units.Cached(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// addUser creates a user with goodPassword scoped to ref (valid at t0).
func addUser(t *testing.T, db *store.DB, email string, role auth.Role, ref string) auth.User {
	t.Helper()
	scope := unitID(t, loadTree(t, db), ref, t0)
	u, err := auth.CreateUser(context.Background(), db, auth.NewUser{
		Email: email, Name: "Người dùng " + email, Role: role, ScopeUnitID: scope, Password: goodPassword,
	}, t0)
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u
}

// wantCode fails unless err carries code.
func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}
