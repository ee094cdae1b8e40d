package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
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
		if err := auth.RevokeToken(ctx, db, list[0].ID, t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		_, err = auth.UserFromToken(ctx, db, token, t0.Add(3*time.Hour))
		wantCode(t, err, apperr.Unauthorized)
		wantCode(t, auth.RevokeToken(ctx, db, 424242, t0), apperr.NotFound)
		_, err = auth.CreateToken(ctx, db, 424242, "x", t0)
		wantCode(t, err, apperr.NotFound)
	})
}
