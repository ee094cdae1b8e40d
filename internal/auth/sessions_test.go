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

func TestSessionLivesTwelveHoursAndSurvivesReopening(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "hoa@hoi.vn", auth.Officer, "province:66")
		token, sess, err := auth.CreateSession(ctx, db, u.ID, t0)
		if err != nil {
			t.Fatal(err)
		}
		if len(token) != 43 || strings.ContainsAny(token, "+/=") || len(sess.CSRF) != 43 || sess.CSRF == token {
			t.Fatalf("token %q, csrf %q: want two different 32-byte base64url strings", token, sess.CSRF)
		}
		if !sess.ExpiresAt.Equal(t0.Add(12 * time.Hour)) {
			t.Fatalf("expires %v", sess.ExpiresAt)
		}
		var stored int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", token).Scan(&stored); err != nil || stored != 0 {
			t.Fatalf("the plain token is stored (%d, %v)", stored, err)
		}

		// A restart: the same database opened afresh still knows the session.
		again, err := store.Open(ctx, db.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		got, s2, err := auth.SessionFromToken(ctx, again, token, t0.Add(11*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || s2.ID != sess.ID || s2.CSRF != sess.CSRF {
			t.Fatalf("after reopening: %+v %+v", got, s2)
		}
		_, _, err = auth.SessionFromToken(ctx, again, token, t0.Add(12*time.Hour))
		wantCode(t, err, apperr.Unauthorized)
		_, _, err = auth.SessionFromToken(ctx, again, "not-a-token", t0)
		wantCode(t, err, apperr.Unauthorized)
	})
}

func TestSessionLastSeenIsWrittenAtMostOnceAMinute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "khanh@hoi.vn", auth.Viewer, "nation")
		token, _, err := auth.CreateSession(ctx, db, u.ID, t0)
		if err != nil {
			t.Fatal(err)
		}
		_, s, err := auth.SessionFromToken(ctx, db, token, t0.Add(30*time.Second))
		if err != nil || !s.LastSeenAt.Equal(t0) {
			t.Fatalf("after 30 s: last seen %v, %v", s.LastSeenAt, err)
		}
		_, s, err = auth.SessionFromToken(ctx, db, token, t0.Add(2*time.Minute))
		if err != nil || !s.LastSeenAt.Equal(t0.Add(2*time.Minute)) {
			t.Fatalf("after 2 min: last seen %v, %v", s.LastSeenAt, err)
		}
		// Being seen does not push the fixed expiry.
		if !s.ExpiresAt.Equal(t0.Add(auth.SessionTTL)) {
			t.Fatalf("expiry moved to %v", s.ExpiresAt)
		}
	})
}

func TestDeleteSessionSignsOutAndExpiredSessionsAreRemoved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "lan@hoi.vn", auth.Viewer, "nation")
		a, _, _ := auth.CreateSession(ctx, db, u.ID, t0)
		b, _, _ := auth.CreateSession(ctx, db, u.ID, t0.Add(-13*time.Hour))
		c, _, _ := auth.CreateSession(ctx, db, u.ID, t0)
		if err := auth.DeleteSession(ctx, db, a); err != nil {
			t.Fatal(err)
		}
		if err := auth.DeleteSession(ctx, db, a); err != nil {
			t.Fatalf("signing out twice: %v", err)
		}
		_, _, err := auth.SessionFromToken(ctx, db, a, t0)
		wantCode(t, err, apperr.Unauthorized)
		n, err := auth.DeleteExpiredSessions(ctx, db, t0)
		if err != nil || n != 1 {
			t.Fatalf("deleted %d expired sessions, %v; want 1", n, err)
		}
		_, _, err = auth.SessionFromToken(ctx, db, b, t0.Add(-2*time.Hour))
		wantCode(t, err, apperr.Unauthorized)
		if _, _, err := auth.SessionFromToken(ctx, db, c, t0); err != nil {
			t.Fatalf("the live session went too: %v", err)
		}
	})
}

func TestOldSignInAttemptsArePruned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		addUser(t, db, "mai@hoi.vn", auth.Viewer, "nation")
		for _, at := range []time.Time{t0.Add(-48 * time.Hour), t0.Add(-25 * time.Hour), t0.Add(-time.Hour)} {
			auth.Authenticate(ctx, db, "mai@hoi.vn", "sai mật khẩu", "10.0.0.1", at)
		}
		n, err := auth.PruneLoginAttempts(ctx, db, t0)
		if err != nil || n != 2 {
			t.Fatalf("pruned %d attempts, %v; want the 2 older than a day", n, err)
		}
		var left int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM login_attempts").Scan(&left); err != nil || left != 1 {
			t.Fatalf("%d attempts left, %v; want 1", left, err)
		}
	})
}

// A sign-in while another process holds an SQLite database for writing (an
// import) waits for it at most the busy timeout, then says the database is
// busy (503 on the login page), like every other write.
func TestCreateSessionDuringAnotherWriteSaysBusy(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	u := addUser(t, db, "hoa@hoi.vn", auth.Officer, "province:66")
	short, err := store.OpenWith(ctx, db.URL, store.Options{BusyTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer short.Close()
	release := storetest.HoldWrite(t, db.URL)
	if _, _, err := auth.CreateSession(ctx, short, u.ID, t0); apperr.CodeOf(err) != apperr.Busy {
		t.Errorf("session during another write: %v (code %q), want Busy", err, apperr.CodeOf(err))
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := auth.CreateSession(ctx, short, u.ID, t0); err != nil {
		t.Errorf("session after the write: %v", err)
	}
}
