package auth_test

import (
	"context"
	"errors"
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

func TestAuthenticateGivesOneMessageForWrongPasswordAndUnknownEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		addUser(t, db, "dung@hoi.vn", auth.Viewer, "nation")
		_, wrong := auth.Authenticate(ctx, db, "dung@hoi.vn", "sai mật khẩu", "10.0.0.1", t0)
		_, unknown := auth.Authenticate(ctx, db, "khongco@hoi.vn", goodPassword, "10.0.0.1", t0)
		_, garbage := auth.Authenticate(ctx, db, "\xff\x00ai@hoi.vn"+strings.Repeat("é", 400), goodPassword, "10.0.0.2\x00\xff", t0)
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

func TestFailedSignInsAreAuditedWithEmailAndAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "hoa@hoi.vn", auth.Officer, "province:66")
		auth.Authenticate(ctx, db, "Hoa@hoi.vn", "sai mật khẩu", "198.51.100.4", t0)
		auth.Authenticate(ctx, db, "khongco@hoi.vn", "gì đó", "2001:db8::5", t0.Add(time.Second))
		if _, err := auth.Authenticate(ctx, db, "hoa@hoi.vn", goodPassword, "198.51.100.4", t0.Add(2*time.Second)); err != nil {
			t.Fatal(err)
		}
		entries, err := audit.List(ctx, db, audit.Filter{Action: "signin."})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 {
			t.Fatalf("%d sign-in entries, want 2 (the failures; a success is not logged): %+v", len(entries), entries)
		}
		// Newest first.
		unknown, known := entries[0], entries[1]
		if known.Action != audit.ActionSignInFailed || known.Detail != "email hoa@hoi.vn, địa chỉ 198.51.100.4" ||
			known.UnitID != u.ScopeUnitID || known.UserID != 0 || known.Via != audit.ViaPage {
			t.Errorf("failure of a known e-mail: %+v", known)
		}
		if unknown.Detail != "email khongco@hoi.vn, địa chỉ 2001:db8::5" || unknown.UnitID != 0 {
			t.Errorf("failure of an unknown e-mail: %+v", unknown)
		}
	})
}

// signInUntilChecked signs in as the throttle lets a patient caller: at at,
// or when told to come back, as many times as needed until the password is
// actually checked. It returns the result of the check and its time.
func signInUntilChecked(t *testing.T, db *store.DB, email, password, ip string, at time.Time) (time.Time, error) {
	t.Helper()
	for range 100 {
		_, err := auth.Authenticate(context.Background(), db, email, password, ip, at)
		until, throttled := auth.RetryAfter(err)
		if !throttled {
			return at, err
		}
		at = until
	}
	t.Fatal("still throttled after 100 tries")
	return at, nil
}

func TestRightPasswordFromASecondAddressSignsInAfterThirtyWrongOnesFromTheFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "em@hoi.vn", auth.Officer, "province:66")
		// An attacker at 203.0.113.9 makes thirty wrong guesses, each as
		// soon as the throttle lets them: all thirty are checked.
		at := t0
		for i := range 30 {
			var err error
			at, err = signInUntilChecked(t, db, u.Email, fmt.Sprint("đoán sai ", i), "203.0.113.9", at)
			wantCode(t, err, apperr.Unauthorized)
		}
		var failures int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM login_attempts WHERE ok = 0 AND throttled = 0").Scan(&failures); err != nil || failures != 30 {
			t.Fatalf("%d checked failures, %v; want 30", failures, err)
		}
		// The owner, from the office, signs in at once.
		if got, err := auth.Authenticate(ctx, db, u.Email, goodPassword, "198.51.100.20", at); err != nil || got.ID != u.ID {
			t.Fatalf("right password from a second address: %+v, %v", got, err)
		}
		// The attacker's own address is still made to wait, even with
		// the right password, and is told until when (Vietnam time).
		_, err := auth.Authenticate(ctx, db, u.Email, goodPassword, "203.0.113.9", at)
		wantCode(t, err, apperr.TooMany)
		until, _ := auth.RetryAfter(err)
		if until.Sub(at) != auth.PairMaxDelay {
			t.Errorf("after 30 failures the wait is %v, want the cap %v", until.Sub(at), auth.PairMaxDelay)
		}
		if !strings.Contains(err.Error(), "sau 30 phút (lúc ") || !strings.Contains(err.Error(), "giờ Việt Nam") {
			t.Errorf("message %q should say when to try again", err)
		}
	})
}

func TestPairDelayGrowsWithEachFailureUpToTheCap(t *testing.T) {
	want := map[int]time.Duration{0: 0, 4: 0, 5: time.Minute, 6: 2 * time.Minute, 7: 4 * time.Minute,
		8: 8 * time.Minute, 9: 16 * time.Minute, 10: 30 * time.Minute, 11: 30 * time.Minute, 1000: 30 * time.Minute}
	for n, d := range want {
		if got := auth.PairDelay(n); got != d {
			t.Errorf("PairDelay(%d) = %v, want %v", n, got, d)
		}
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "lan@hoi.vn", auth.Officer, "province:66")
		try := func(password string, at time.Time) error {
			_, err := auth.Authenticate(ctx, db, u.Email, password, "10.1.1.1", at)
			return err
		}
		for i := range auth.PairFreeFailures {
			wantCode(t, try("sai", t0.Add(time.Duration(i)*time.Second)), apperr.Unauthorized)
		}
		last := t0.Add(4 * time.Second)
		// t0 is 15:00 in Vietnam; the fifth failure asks for a minute.
		err := try(goodPassword, last.Add(30*time.Second))
		wantCode(t, err, apperr.TooMany)
		if !strings.Contains(err.Error(), "sau 1 phút (lúc 15:02, giờ Việt Nam)") {
			t.Errorf("message %q", err)
		}
		for i, wait := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute} {
			// Just before the wait is over: refused. When it is over: checked.
			wantCode(t, try("sai", last.Add(wait-time.Second)), apperr.TooMany)
			last = last.Add(wait)
			wantCode(t, try("sai", last), apperr.Unauthorized)
			err := try("sai", last)
			until, _ := auth.RetryAfter(err)
			if until.Sub(last) != 2*wait {
				t.Fatalf("after failure %d the wait is %v, want %v", auth.PairFreeFailures+i+1, until.Sub(last), 2*wait)
			}
		}
		// Refusals write one attempt and one audit entry per waiting
		// period, however many there are.
		for i := range 5 {
			try(goodPassword, last.Add(time.Duration(i)*time.Second))
		}
		var throttled int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM login_attempts WHERE throttled = 1").Scan(&throttled); err != nil || throttled != 4 {
			t.Errorf("%d refusals recorded, %v; want 4 (one per waiting period)", throttled, err)
		}
		entries, _ := audit.List(ctx, db, audit.Filter{Action: audit.ActionSignInThrottled})
		if len(entries) != throttled {
			t.Errorf("%d refusals in the audit log, %d recorded", len(entries), throttled)
		}
		for _, e := range entries {
			if !strings.HasPrefix(e.Detail, "email lan@hoi.vn, địa chỉ 10.1.1.1, tạm chặn đến 02/03/2026 15:") || e.UnitID != u.ScopeUnitID {
				t.Errorf("entry %+v", e)
			}
		}
		// A success starts the count again.
		last = last.Add(8 * time.Minute)
		if err := try(goodPassword, last); err != nil {
			t.Fatal(err)
		}
		for range auth.PairFreeFailures - 1 {
			wantCode(t, try("sai", last), apperr.Unauthorized)
		}
		if err := try(goodPassword, last); err != nil {
			t.Fatalf("four failures after a success: %v", err)
		}
	})
}

func TestThreeColleaguesBehindOneAddressNeverReachTheNetworkLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const office = "192.0.2.50"
		var (
			emails []string
			next   []time.Time
		)
		for i := range 4 {
			emails = append(emails, addUser(t, db, fmt.Sprintf("canbo%d@hoi.vn", i), auth.Officer, "province:66").Email)
			next = append(next, t0)
		}
		// Three of them mistype their passwords as fast as they are let,
		// for two hours, in turns.
		end := t0.Add(2 * time.Hour)
		for {
			i := 0
			for j := 1; j < 3; j++ {
				if next[j].Before(next[i]) {
					i = j
				}
			}
			if next[i].After(end) {
				break
			}
			_, err := auth.Authenticate(ctx, db, emails[i], "gõ nhầm", office, next[i])
			var th *auth.Throttled
			if errors.As(err, &th) {
				if th.ByNetwork {
					t.Fatalf("colleague %d refused by the network's limit: %v", i, err)
				}
				next[i] = th.Until
				continue
			}
			wantCode(t, err, apperr.Unauthorized)
		}
		// At most ten failures each in any window of NetWindow.
		rows, err := db.Query(ctx, "SELECT at FROM login_attempts WHERE net = ? AND ok = 0 AND throttled = 0 ORDER BY at", office)
		if err != nil {
			t.Fatal(err)
		}
		var times []time.Time
		for rows.Next() {
			var s string
			rows.Scan(&s)
			at, _ := time.Parse(time.RFC3339, s)
			times = append(times, at)
		}
		rows.Close()
		most := 0
		for i := range times {
			n := 0
			for _, at := range times[i:] {
				if at.Sub(times[i]) < auth.NetWindow {
					n++
				}
			}
			most = max(most, n)
		}
		if most != 30 || most >= auth.NetMaxFailures {
			t.Errorf("at most %d failures in a window; want 30 (ten each), below %d", most, auth.NetMaxFailures)
		}
		// A fourth colleague signs in at once; each of the three once
		// their own wait is over, and never later because of the others.
		for i, email := range emails {
			at, err := signInUntilChecked(t, db, email, goodPassword, office, end)
			if err != nil {
				t.Fatalf("colleague %d: %v", i, err)
			}
			if wait := at.Sub(end); wait > auth.PairMaxDelay || (i == 3 && wait != 0) {
				t.Errorf("colleague %d waited %v", i, wait)
			}
			if _, err := auth.Authenticate(ctx, db, email, goodPassword, office, at); err != nil {
				t.Fatalf("colleague %d again: %v", i, err)
			}
		}
	})
}

func TestAnAddressTryingManyEmailsIsThrottledButNoOtherAddressIs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		addUser(t, db, "giang@hoi.vn", auth.Viewer, "nation")
		// Recorded directly: sixty bcrypt comparisons would only slow the test.
		for i := range auth.NetMaxFailures {
			if _, err := db.Exec(ctx, "INSERT INTO login_attempts (email, ip, net, at, ok, throttled) VALUES (?, ?, ?, ?, 0, 0)",
				fmt.Sprintf("doan%d@hoi.vn", i), "203.0.113.7", "203.0.113.7", t0.Add(time.Duration(i)*time.Second).UTC().Format(time.RFC3339)); err != nil {
				t.Fatal(err)
			}
		}
		_, err := auth.Authenticate(ctx, db, "giang@hoi.vn", goodPassword, "203.0.113.7", t0.Add(time.Minute))
		wantCode(t, err, apperr.TooMany)
		if !strings.Contains(err.Error(), "địa chỉ mạng này; vui lòng thử lại sau 59 phút (lúc 16:00, giờ Việt Nam)") {
			t.Fatalf("message %q should blame the address and ask to wait 59 minutes", err)
		}
		if _, err := auth.Authenticate(ctx, db, "giang@hoi.vn", goodPassword, "198.51.100.1", t0.Add(time.Minute)); err != nil {
			t.Fatalf("another address: %v", err)
		}
		if _, err := auth.Authenticate(ctx, db, "giang@hoi.vn", goodPassword, "203.0.113.7", t0.Add(time.Hour+time.Second)); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

func TestAnIPv6MachineIsCountedByItsPrefix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "khanh@hoi.vn", auth.Viewer, "nation")
		for i := range auth.PairFreeFailures {
			_, err := auth.Authenticate(ctx, db, u.Email, "sai", fmt.Sprintf("2001:db8:0:7::%x", i+1), t0)
			wantCode(t, err, apperr.Unauthorized)
		}
		_, err := auth.Authenticate(ctx, db, u.Email, goodPassword, "2001:db8:0:7:ffff::1", t0)
		wantCode(t, err, apperr.TooMany)
		if _, err := auth.Authenticate(ctx, db, u.Email, goodPassword, "2001:db8:0:8::1", t0); err != nil {
			t.Fatalf("another /64: %v", err)
		}
		if _, err := auth.Authenticate(ctx, db, u.Email, goodPassword, "::ffff:198.51.100.3", t0); err != nil {
			t.Fatalf("an IPv4 address written as IPv6: %v", err)
		}
	})
}
