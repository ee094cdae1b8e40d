package auth_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func TestAuthenticateGivesOneMessageForWrongPasswordAndUnknownEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		addUser(t, db, "dung@hoi.vn", auth.Viewer, "nation")
		_, wrong := auth.Authenticate(ctx, db, "dung@hoi.vn", "sai mật khẩu", "10.0.0.1", t0)
		_, unknown := auth.Authenticate(ctx, db, "khongco@hoi.vn", goodPassword, "10.0.0.1", t0)
		_, garbage := auth.Authenticate(ctx, db, "\xff\x00ai@hoi.vn"+strings.Repeat("é", 400), goodPassword, "10.0.0.2", t0)
		wantCode(t, garbage, apperr.Unauthorized)
		wantCode(t, wrong, apperr.Unauthorized)
		wantCode(t, unknown, apperr.Unauthorized)
		if wrong.Error() != unknown.Error() || wrong.Error() != "Sai email hoặc mật khẩu" {
			t.Fatalf("messages differ or are not the generic one: %q, %q", wrong, unknown)
		}
		var n, ok int
		if err := db.QueryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(ok), 0) FROM login_attempts WHERE ip = ?", "10.0.0.1").Scan(&n, &ok); err != nil {
			t.Fatal(err)
		}
		if n != 2 || ok != 0 {
			t.Fatalf("recorded %d attempts, %d successful; want 2, 0", n, ok)
		}
	})
}

func TestAuthenticateRefusesRightPasswordAfterFiveFailuresUntilWindowPasses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "em@hoi.vn", auth.Officer, "province:66")
		for i := range auth.MaxFailuresPerEmail {
			_, err := auth.Authenticate(ctx, db, u.Email, "đoán sai "+fmt.Sprint(i), "10.0.0.9", t0.Add(time.Duration(i)*time.Minute))
			wantCode(t, err, apperr.Unauthorized)
		}
		// The first failure was at t0; the lock lifts 15 minutes after it.
		at := t0.Add(6 * time.Minute)
		_, err := auth.Authenticate(ctx, db, u.Email, goodPassword, "10.0.0.10", at)
		wantCode(t, err, apperr.TooMany)
		if !strings.Contains(err.Error(), "chờ 9 phút") {
			t.Fatalf("message %q should ask to wait 9 minutes", err)
		}
		// Another e-mail from the same address is not locked by these.
		addUser(t, db, "khac@hoi.vn", auth.Viewer, "nation")
		if _, err := auth.Authenticate(ctx, db, "khac@hoi.vn", goodPassword, "10.0.0.9", at); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.Authenticate(ctx, db, u.Email, goodPassword, "10.0.0.9", t0.Add(15*time.Minute)); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// A success starts the count again.
		for i := range auth.MaxFailuresPerEmail - 1 {
			_, err := auth.Authenticate(ctx, db, u.Email, "sai", "10.0.0.9", t0.Add(16*time.Minute+time.Duration(i)*time.Second))
			wantCode(t, err, apperr.Unauthorized)
		}
		if _, err := auth.Authenticate(ctx, db, u.Email, goodPassword, "10.0.0.9", t0.Add(17*time.Minute)); err != nil {
			t.Fatalf("four failures after a success: %v", err)
		}
	})
}

func TestAuthenticateThrottlesAnAddressTryingManyEmails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		addUser(t, db, "giang@hoi.vn", auth.Viewer, "nation")
		// Recorded directly: twenty bcrypt comparisons would only slow the test.
		for i := range auth.MaxFailuresPerIP {
			if _, err := db.Exec(ctx, "INSERT INTO login_attempts (email, ip, at, ok) VALUES (?, ?, ?, 0)",
				fmt.Sprintf("doan%d@hoi.vn", i), "203.0.113.7", t0.Add(time.Duration(i)*time.Second).UTC().Format("2006-01-02T15:04:05.000000Z")); err != nil {
				t.Fatal(err)
			}
		}
		_, err := auth.Authenticate(ctx, db, "giang@hoi.vn", goodPassword, "203.0.113.7", t0.Add(time.Minute))
		wantCode(t, err, apperr.TooMany)
		if !strings.Contains(err.Error(), "14 phút") {
			t.Fatalf("message %q should ask to wait 14 minutes", err)
		}
		if _, err := auth.Authenticate(ctx, db, "giang@hoi.vn", goodPassword, "198.51.100.1", t0.Add(time.Minute)); err != nil {
			t.Fatalf("another address: %v", err)
		}
		if _, err := auth.Authenticate(ctx, db, "giang@hoi.vn", goodPassword, "203.0.113.7", t0.Add(16*time.Minute)); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}
