package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// bcryptCost makes one hash take some 80 ms on a small server: slow enough
// to make guessing a stolen hash costly, fast enough for a sign-in page.
const bcryptCost = 10

func hashPassword(p string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(p), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// dummyHash is compared against when the e-mail is unknown, so that an
// unknown e-mail takes as long as a wrong password and the timing does not
// tell which addresses have accounts.
var dummyHash = sync.OnceValue(func() []byte {
	b := make([]byte, 16)
	rand.Read(b)
	h, _ := bcrypt.GenerateFromPassword(b, bcryptCost)
	return h
})

// Authenticate checks an e-mail and password typed at the sign-in page, from
// the client address ip ("" when there is none, as on the command line).
//
// Too many recent failures for the e-mail (MaxFailuresPerEmail since its
// last success within ThrottleWindow) or for the address (MaxFailuresPerIP
// within ThrottleWindow) refuse the attempt with a TooMany error that says
// how many minutes to wait, even when the password is right; such refused
// attempts are not checked and not recorded, so that an attacker cannot keep
// an account locked forever. Every checked attempt is recorded. A wrong
// password and an unknown e-mail give the same Unauthorized message; a
// disabled user with the right password is told the account is locked.
func Authenticate(ctx context.Context, q store.Querier, email, password, ip string, now time.Time) (User, error) {
	email = NormalizeEmail(email)
	if len(email) > 320 {
		email = strings.ToValidUTF8(email[:320], "")
	}
	if wait, err := throttled(ctx, q, email, ip, now); err != nil {
		return User{}, err
	} else if wait > 0 {
		return User{}, apperr.New(apperr.TooMany, vi.ErrAuthThrottled, wait)
	}
	var (
		u    User
		hash string
	)
	u, err := scanUser(q.QueryRow(ctx, "SELECT "+userColumns+", u.password_hash FROM users u WHERE u.email = ?", email), &hash)
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("sign in: %w", err)
	}
	if !found {
		bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
	}
	ok := found && bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
	if err := recordAttempt(ctx, q, email, ip, ok && !u.Disabled, now); err != nil {
		return User{}, err
	}
	switch {
	case !ok:
		return User{}, apperr.New(apperr.Unauthorized, vi.ErrAuthWrongLogin)
	case u.Disabled:
		return User{}, apperr.New(apperr.Unauthorized, vi.ErrAuthDisabled)
	}
	return u, nil
}

func recordAttempt(ctx context.Context, q store.Querier, email, ip string, ok bool, now time.Time) error {
	_, err := q.Exec(ctx, "INSERT INTO login_attempts (email, ip, at, ok) VALUES (?, ?, ?, ?)", email, ip, fmtTime(now), flag(ok))
	if err != nil {
		return fmt.Errorf("sign in: record attempt: %w", err)
	}
	return nil
}

// throttled reports how many whole minutes (at least 1) the caller must
// wait before the next attempt, or 0 when it may try now.
func throttled(ctx context.Context, q store.Querier, email, ip string, now time.Time) (int, error) {
	since := fmtTime(now.Add(-ThrottleWindow))
	var lastOK *string
	if err := q.QueryRow(ctx, "SELECT MAX(at) FROM login_attempts WHERE email = ? AND ok = 1 AND at > ?", email, since).Scan(&lastOK); err != nil {
		return 0, fmt.Errorf("sign in: throttle: %w", err)
	}
	emailSince := since
	if lastOK != nil {
		emailSince = *lastOK
	}
	wait, err := unlockWait(ctx, q, "email", email, emailSince, MaxFailuresPerEmail, now)
	if err != nil || ip == "" {
		return wait, err
	}
	ipWait, err := unlockWait(ctx, q, "ip", ip, since, MaxFailuresPerIP, now)
	return max(wait, ipWait), err
}

// unlockWait counts the failures where column = value after since and,
// when there are limit or more, returns the minutes until enough of them
// leave the window.
func unlockWait(ctx context.Context, q store.Querier, column, value, since string, limit int, now time.Time) (int, error) {
	where := " FROM login_attempts WHERE " + column + " = ? AND ok = 0 AND at > ?"
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+where, value, since).Scan(&n); err != nil {
		return 0, fmt.Errorf("sign in: throttle: %w", err)
	}
	if n < limit {
		return 0, nil
	}
	// The lock lifts when the (n-limit+1)-th oldest failure leaves the window.
	var at string
	if err := q.QueryRow(ctx, "SELECT at"+where+" ORDER BY at LIMIT 1 OFFSET ?", value, since, n-limit).Scan(&at); err != nil {
		return 0, fmt.Errorf("sign in: throttle: %w", err)
	}
	t, err := parseTime(at)
	if err != nil {
		return 0, fmt.Errorf("sign in: throttle: %w", err)
	}
	left := t.Add(ThrottleWindow).Sub(now)
	return max(1, int((left+time.Minute-1)/time.Minute)), nil
}
