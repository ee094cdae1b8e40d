package auth_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func TestTokenIdentifiesItsUserUntilRevoked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "minh@hoi.vn", auth.Officer, "province:66")
		token, err := auth.CreateToken(ctx, db, u.ID, " nhập số liệu ", t0)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(token, "kh_") || len(token) != 46 {
			t.Fatalf("token %q", token)
		}
		got, err := auth.UserFromToken(ctx, db, token, t0.Add(time.Hour))
		if err != nil || got.ID != u.ID {
			t.Fatalf("user %+v, %v", got, err)
		}
		list, err := auth.ListTokens(ctx, db, u.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("tokens %+v, %v", list, err)
		}
		if tk := list[0]; tk.Name != "nhập số liệu" || !tk.CreatedAt.Equal(t0) || !tk.LastUsedAt.Equal(t0.Add(time.Hour)) || !tk.RevokedAt.IsZero() {
			t.Fatalf("listed %+v", tk)
		}
		for _, bad := range []string{"", "kh_", "kh_" + strings.Repeat("A", 43), strings.TrimPrefix(token, "kh_")} {
			_, err := auth.UserFromToken(ctx, db, bad, t0)
			wantCode(t, err, apperr.Unauthorized)
		}
		// Another user, even an officer of the same province, cannot revoke
		// it: to them it does not exist.
		tree := loadTree(t, db)
		for _, who := range []auth.User{addUser(t, db, "khac@hoi.vn", auth.Officer, "province:66"), addUser(t, db, "quantri52@hoi.vn", auth.Admin, "province:52")} {
			_, err = auth.RevokeToken(ctx, db, auth.ForUser(tree, who, audit.ViaPage), list[0].ID, t0)
			wantCode(t, err, apperr.NotFound)
		}
		if _, err := auth.UserFromToken(ctx, db, token, t0.Add(time.Hour)); err != nil {
			t.Fatalf("another user's attempt revoked it: %v", err)
		}
		self := auth.ForUser(tree, u, audit.ViaAPI)
		revoked, err := auth.RevokeToken(ctx, db, self, list[0].ID, t0.Add(2*time.Hour))
		if err != nil || revoked.Name != "nhập số liệu" || revoked.UserID != u.ID || !revoked.RevokedAt.Equal(t0.Add(2*time.Hour)) {
			t.Fatalf("revoked %+v, %v", revoked, err)
		}
		_, err = auth.UserFromToken(ctx, db, token, t0.Add(3*time.Hour))
		wantCode(t, err, apperr.Unauthorized)
		_, err = auth.RevokeToken(ctx, db, self, list[0].ID, t0.Add(4*time.Hour))
		wantCode(t, err, apperr.Conflict)
		if list, _ := auth.ListTokens(ctx, db, u.ID); !list[0].RevokedAt.Equal(t0.Add(2 * time.Hour)) {
			t.Fatalf("second revocation moved the time: %+v", list[0])
		}
		_, err = auth.RevokeToken(ctx, db, self, 424242, t0)
		wantCode(t, err, apperr.NotFound)
		// Exactly one revocation in the log, by the owner, under their unit.
		entries, err := audit.List(ctx, db, audit.Filter{Action: audit.ActionTokenRevoke})
		if err != nil || len(entries) != 1 {
			t.Fatalf("revocations logged %+v, %v; want 1", entries, err)
		}
		if e := entries[0]; e.UserID != u.ID || e.Via != audit.ViaAPI || e.UnitID != u.ScopeUnitID || !strings.Contains(e.Detail, "nhập số liệu") || strings.Contains(e.Detail, token) {
			t.Fatalf("entry %+v", e)
		}
		// An admin of the owner's province may revoke their tokens (they
		// could disable the user, which revokes them all); so may the
		// local administrator.
		admin := addUser(t, db, "quantri66@hoi.vn", auth.Admin, "province:66")
		for i, by := range []auth.Principal{auth.ForUser(tree, admin, audit.ViaPage), auth.LocalAdmin("quantri")} {
			if _, err := auth.CreateToken(ctx, db, u.ID, fmt.Sprint("thêm ", i), t0); err != nil {
				t.Fatal(err)
			}
			list, _ := auth.ListTokens(ctx, db, u.ID)
			if _, err := auth.RevokeToken(ctx, db, by, list[0].ID, t0); err != nil {
				t.Fatalf("revoke by %s: %v", by.Name(), err)
			}
		}
		_, err = auth.CreateToken(ctx, db, 424242, "x", t0)
		wantCode(t, err, apperr.NotFound)
	})
}
