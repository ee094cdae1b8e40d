package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// releaseCost makes one hash take some 80 ms on a small server: slow enough
// to make guessing a stolen hash costly, fast enough for a sign-in page.
const releaseCost = 10

// bcryptCost is releaseCost in the program and bcrypt's minimum in a test
// binary (testing.Testing): tests create users by the thousand (every
// world of the rules test has six), and at cost 10 hashing took three
// quarters of their time. A built binary, the one the README and CI's demo
// run, always hashes at releaseCost.
func bcryptCost() int {
	return costIn(testing.Testing())
}

func costIn(test bool) int {
	if test {
		return bcrypt.MinCost
	}
	return releaseCost
}

func hashPassword(p string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(p), bcryptCost())
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
	h, _ := bcrypt.GenerateFromPassword(b, bcryptCost())
	return h
})

// The throttling of sign-ins. It must slow down guessing without letting
// anyone lock a person out: failures are counted per (e-mail, network)
// pair, so that the right password from another address is never refused
// because of someone else's failures, and per network only beyond what
// colleagues sharing one office connection can reach.
const (
	// PairFreeFailures is how many failures for one e-mail from one
	// network, since its last success, are checked without any delay.
	PairFreeFailures = 5
	// PairFirstDelay is the wait after the PairFreeFailures-th failure;
	// it doubles with each further failure, up to PairMaxDelay.
	PairFirstDelay = time.Minute
	// PairMaxDelay caps the wait between two tries of one pair.
	PairMaxDelay = 30 * time.Minute
	// AttemptMemory is how far back attempts are counted, and how long
	// they are kept (PruneLoginAttempts).
	AttemptMemory = 24 * time.Hour
	// NetWindow and NetMaxFailures bound guessing across many e-mails from
	// one network: once it has NetMaxFailures failures within NetWindow,
	// every attempt from it waits until enough of them leave the window.
	// The pair delays let one person make at most 10 failures in any hour
	// (5 at once, then after 1, 2, 4, 8 and 16 minutes), so the colleagues
	// behind one office connection (three, or even five, making mistakes as
	// fast as they are let) stay below it.
	NetWindow      = time.Hour
	NetMaxFailures = 60
)

// Throttled is the cause inside the TooMany error of a refused sign-in:
// when the caller may try again, for a Retry-After header.
type Throttled struct {
	Until time.Time
	// ByNetwork is true when the network's limit refused the attempt,
	// false when it was the pair's.
	ByNetwork bool
}

func (t *Throttled) Error() string {
	return "sign-in throttled until " + t.Until.UTC().Format(time.RFC3339)
}

// RetryAfter is when a sign-in refused by throttling may be tried again;
// ok is false for any other error.
func RetryAfter(err error) (until time.Time, ok bool) {
	var t *Throttled
	if errors.As(err, &t) {
		return t.Until, true
	}
	return time.Time{}, false
}

// Authenticate checks an e-mail and password typed at the sign-in page (or
// the current password on the account page), from the client address ip
// ("" when there is none).
//
// An attempt the throttle refuses (see the constants above) is a TooMany
// error saying in how many minutes, and at what time in Vietnam, to try
// again, even when the password is right; it is not checked. The first
// refusal of each waiting period is recorded, with an audit entry, in one
// transaction; later ones in the same period write nothing, so that
// hammering the page neither fills the tables nor extends the wait.
//
// Every checked attempt is recorded; a failed one also writes an audit
// entry with the e-mail tried and the address, in the same transaction. A
// wrong password and an unknown e-mail give the same Unauthorized message;
// a disabled user with the right password is told the account is locked.
//
// The throttle is read before the password is checked and the attempt
// written after, so a burst of concurrent attempts may pass it by the
// number in flight; each still costs the sender a bcrypt comparison.
func Authenticate(ctx context.Context, q store.Querier, email, password, ip string, now time.Time) (User, error) {
	email = NormalizeEmail(email)
	if len(email) > 320 {
		email = strings.ToValidUTF8(email[:320], "")
	}
	ip = strings.ToValidUTF8(strings.ReplaceAll(ip, "\x00", ""), "")
	net := NetworkKey(ip)
	th, err := throttleOf(ctx, q, email, net, now)
	if err != nil {
		return User{}, err
	}
	if th.until.After(now) {
		if err := recordThrottled(ctx, q, email, ip, net, th, now); err != nil {
			return User{}, err
		}
		return User{}, th.refusal(now)
	}
	var (
		u    User
		hash string
	)
	u, err = scanUser(q.QueryRow(ctx, "SELECT "+userColumns+", u.password_hash FROM users u WHERE u.email = ?", email), &hash)
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("sign in: %w", err)
	}
	if !found {
		bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
	}
	ok := found && bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
	success := ok && !u.Disabled
	err = inTx(ctx, q, func(q store.Querier) error {
		if err := recordAttempt(ctx, q, email, ip, net, success, false, now); err != nil {
			return err
		}
		if success {
			return nil
		}
		return audit.Record(ctx, q, now, audit.Actor{Via: audit.ViaPage}, audit.Entry{
			Action: audit.ActionSignInFailed, UnitID: u.ScopeUnitID, Detail: fmt.Sprintf(vi.AuditSignInDetail, email, ip),
		})
	})
	if err != nil {
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

// NetworkKey is the key an address is throttled by: an IPv4 address as
// it is, an IPv6 address as its /64 (a single machine usually holds a whole
// /64, so counting its addresses apart would let it rotate them). Every
// limit per client address uses it: the sign-in throttle here, and the
// public self-assessment page's limit of posts (package web).
func NetworkKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}

// throttle is what the counts say about an attempt.
type throttle struct {
	until     time.Time // no attempt before; zero or past when one may try now
	byNet     bool      // the network's limit applies, not the pair's
	lastCount string    // stored time of the last failure the applying limit counted
}

// refusal is the error of a throttled attempt.
func (th throttle) refusal(now time.Time) error {
	minutes := int((th.until.Sub(now) + time.Minute - 1) / time.Minute)
	shown := th.until.Truncate(time.Minute)
	if shown.Before(th.until) {
		shown = shown.Add(time.Minute)
	}
	msg := vi.ErrAuthThrottledPair
	if th.byNet {
		msg = vi.ErrAuthThrottledNet
	}
	e := apperr.New(apperr.TooMany, msg, max(1, minutes), vi.ClockVN(shown, now))
	e.Err = &Throttled{Until: th.until, ByNetwork: th.byNet}
	return e
}

// throttleOf reads the counts of the pair (email, net) and of net.
func throttleOf(ctx context.Context, q store.Querier, email, net string, now time.Time) (throttle, error) {
	var th throttle
	since := fmtTime(now.Add(-AttemptMemory))
	var lastOK *string
	if err := q.QueryRow(ctx, "SELECT MAX(at) FROM login_attempts WHERE email = ? AND net = ? AND ok = 1 AND at > ?",
		email, net, since).Scan(&lastOK); err != nil {
		return th, fmt.Errorf("sign in: throttle: %w", err)
	}
	if lastOK != nil {
		since = *lastOK
	}
	var (
		n    int
		last *string
	)
	if err := q.QueryRow(ctx, "SELECT COUNT(*), MAX(at) FROM login_attempts WHERE email = ? AND net = ? AND ok = 0 AND throttled = 0 AND at > ?",
		email, net, since).Scan(&n, &last); err != nil {
		return th, fmt.Errorf("sign in: throttle: %w", err)
	}
	if n >= PairFreeFailures && last != nil {
		t, err := parseTime(*last)
		if err != nil {
			return th, fmt.Errorf("sign in: throttle: %w", err)
		}
		th = throttle{until: t.Add(PairDelay(n)), lastCount: *last}
	}
	if net == "" {
		return th, nil
	}
	where := " FROM login_attempts WHERE net = ? AND ok = 0 AND throttled = 0 AND at > ?"
	since = fmtTime(now.Add(-NetWindow))
	if err := q.QueryRow(ctx, "SELECT COUNT(*), MAX(at)"+where, net, since).Scan(&n, &last); err != nil {
		return th, fmt.Errorf("sign in: throttle: %w", err)
	}
	if n < NetMaxFailures || last == nil {
		return th, nil
	}
	// The limit lifts when the (n-NetMaxFailures+1)-th oldest failure
	// leaves the window.
	var at string
	if err := q.QueryRow(ctx, "SELECT at"+where+" ORDER BY at LIMIT 1 OFFSET ?", net, since, n-NetMaxFailures).Scan(&at); err != nil {
		return th, fmt.Errorf("sign in: throttle: %w", err)
	}
	t, err := parseTime(at)
	if err != nil {
		return th, fmt.Errorf("sign in: throttle: %w", err)
	}
	if until := t.Add(NetWindow); until.After(th.until) {
		th = throttle{until: until, byNet: true, lastCount: *last}
	}
	return th, nil
}

// PairDelay is the wait after the n-th failure of one e-mail from one
// network since its last success: none up to PairFreeFailures-1, then
// PairFirstDelay doubling with each failure, at most PairMaxDelay.
func PairDelay(n int) time.Duration {
	if n < PairFreeFailures {
		return 0
	}
	d := PairFirstDelay
	for i := PairFreeFailures; i < n && d < PairMaxDelay; i++ {
		d *= 2
	}
	return min(d, PairMaxDelay)
}

// recordThrottled records a refused attempt and its audit entry in one
// transaction, unless one was already recorded since the last failure
// that the applying limit counted (one per waiting period is enough to
// see the attack; more would only let it fill the tables).
func recordThrottled(ctx context.Context, q store.Querier, email, ip, net string, th throttle, now time.Time) error {
	return inTx(ctx, q, func(q store.Querier) error {
		query, args := "SELECT COUNT(*) FROM login_attempts WHERE email = ? AND net = ? AND throttled = 1 AND at >= ?", []any{email, net, th.lastCount}
		if th.byNet {
			query, args = "SELECT COUNT(*) FROM login_attempts WHERE net = ? AND throttled = 1 AND at >= ?", []any{net, th.lastCount}
		}
		var n int
		if err := q.QueryRow(ctx, query, args...).Scan(&n); err != nil {
			return fmt.Errorf("sign in: throttle: %w", err)
		}
		if n > 0 {
			return nil
		}
		if err := recordAttempt(ctx, q, email, ip, net, false, true, now); err != nil {
			return err
		}
		var unit int64
		err := q.QueryRow(ctx, "SELECT scope_unit_id FROM users WHERE email = ?", email).Scan(&unit)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("sign in: throttle: %w", err)
		}
		return audit.Record(ctx, q, now, audit.Actor{Via: audit.ViaPage}, audit.Entry{
			Action: audit.ActionSignInThrottled, UnitID: unit,
			Detail: fmt.Sprintf(vi.AuditSignInThrottledDetail, email, ip, vi.Time(th.until)),
		})
	})
}

func recordAttempt(ctx context.Context, q store.Querier, email, ip, net string, ok, throttled bool, now time.Time) error {
	_, err := q.Exec(ctx, "INSERT INTO login_attempts (email, ip, net, at, ok, throttled) VALUES (?, ?, ?, ?, ?, ?)",
		email, ip, net, fmtTime(now), flag(ok), flag(throttled))
	if err != nil {
		return fmt.Errorf("sign in: record attempt: %w", err)
	}
	return nil
}
