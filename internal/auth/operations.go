package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The operations on users and tokens that pages and the command line call:
// each takes who acts, checks their right, and writes the change and its
// audit entry in one transaction, so that the web and the command line
// cannot differ. An admin manages the users whose scope unit they
// administer (Scope.CanAdmin); the local administrator manages everyone.
// ChangeOwnPassword and RevokeToken (in tokens.go) are operations too.
// CreateUser, SetPassword, SetDisabled and CreateToken are their building
// blocks, which check no right: only operations of this package, and the
// sign-in code acting for the credential's owner, call them.

// AddUser creates the user nu on behalf of by, who must administer the new
// user's scope unit (Forbidden otherwise), and records it in the audit log
// under that unit, in one transaction.
func AddUser(ctx context.Context, db *store.DB, tree *units.Tree, by Principal, nu NewUser, now time.Time) (User, error) {
	if unit := tree.Get(nu.ScopeUnitID); unit != nil && !by.CanAdmin(unit.ID) {
		return User{}, apperr.New(apperr.Forbidden, vi.ErrUsersScopeOutside, unit.FullName()+" ("+unit.Ref()+")")
	}
	var u User
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if u, err = CreateUser(ctx, tx, nu, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{
			Action: audit.ActionUserAdd, UnitID: u.ScopeUnitID,
			Detail: fmt.Sprintf(vi.AuditUserDetail, u.Email, u.Name, u.Role.Label()),
		})
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// ResetPassword sets a new password for user userID on behalf of by, an
// admin of the user's scope unit, signs the user out everywhere and revokes
// their API tokens (see SetPassword), recording the change and each token
// revoked. It returns the user and how many tokens were revoked. Users
// change their own password with ChangeOwnPassword; this refuses them.
func ResetPassword(ctx context.Context, db *store.DB, by Principal, userID int64, password string, now time.Time) (User, int, error) {
	revoked := 0
	u, err := manageUser(ctx, db, by, userID, now, func(tx *store.Tx, u User) ([]audit.Entry, error) {
		if !by.Local() && u.ID == by.User().ID {
			return nil, apperr.New(apperr.Invalid, vi.ErrUsersSelfPassword)
		}
		tokens, err := SetPassword(ctx, tx, u.ID, password, now)
		revoked = len(tokens)
		return passwordEntries(u, vi.AuditPasswordDetail, tokens), err
	})
	return u, revoked, err
}

// PasswordChange is what ChangeOwnPassword did: how many API tokens it
// revoked, and the fresh session that keeps the changing browser signed in
// (its token, for the cookie).
type PasswordChange struct {
	Revoked      int
	SessionToken string
	Session      Session
}

// ChangeOwnPassword sets the password of by's own user to password, once
// current is shown to be their current password, signs them out
// everywhere and revokes their API tokens (see SetPassword), records the
// change and each token revoked, and opens a fresh session for the browser
// that made the change. ip is the client's address.
//
// The new password's rules are checked first (Invalid), so that a password
// that could never be set costs no attempt. Then current is checked the
// way sign-in checks it (Authenticate), counted and throttled like a
// sign-in at ip, so that a stolen session cannot be used to guess it: a
// wrong one is Unauthorized (vi.ErrAccountWrongOld), a throttled attempt
// TooMany. That attempt is recorded in a transaction of its own, which
// commits even when it fails, since a failure must count against the
// throttle and stay in the audit log. The change, its audit entries, the
// revocations and the fresh session are one transaction after it. The
// local administrator, who has no user, is refused; so is a user disabled
// meanwhile.
func ChangeOwnPassword(ctx context.Context, db *store.DB, by Principal, current, password, ip string, now time.Time) (PasswordChange, error) {
	if by.Local() || by.User().ID == 0 {
		return PasswordChange{}, apperr.New(apperr.Invalid, vi.ErrAuthOwnPasswordNoUser)
	}
	if err := CheckPasswordRules(password); err != nil {
		return PasswordChange{}, err
	}
	// The hash current is checked against, read first: the change below
	// happens only if it is still the stored one, so that two changes made
	// at once with the same current password cannot both succeed.
	var checked string
	if err := db.QueryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", by.User().ID).Scan(&checked); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return PasswordChange{}, apperr.New(apperr.NotFound, vi.ErrAuthNoUserID, by.User().ID)
		}
		return PasswordChange{}, fmt.Errorf("change own password: %w", err)
	}
	who, err := Authenticate(ctx, db, by.User().Email, current, ip, now)
	if apperr.CodeOf(err) == apperr.Unauthorized || (err == nil && who.ID != by.User().ID) {
		if u, gerr := GetUser(ctx, db, by.User().ID); gerr == nil && u.Disabled {
			return PasswordChange{}, apperr.New(apperr.Unauthorized, vi.ErrAuthDisabled)
		}
		return PasswordChange{}, apperr.New(apperr.Unauthorized, vi.ErrAccountWrongOld)
	}
	if err != nil {
		return PasswordChange{}, err
	}
	var out PasswordChange
	err = db.InTx(ctx, func(tx *store.Tx) error {
		// Compare and set: on PostgreSQL this waits for a change of the
		// same user in flight and then finds the hash it wrote.
		res, err := tx.Exec(ctx, "UPDATE users SET updated_at = ? WHERE id = ? AND password_hash = ?", fmtTime(now), by.User().ID, checked)
		if err != nil {
			return fmt.Errorf("change own password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, vi.ErrOwnPasswordChangedMeanwhile)
		}
		u, err := GetUser(ctx, tx, by.User().ID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return apperr.New(apperr.Unauthorized, vi.ErrAuthDisabled)
		}
		tokens, err := SetPassword(ctx, tx, u.ID, password, now)
		if err != nil {
			return err
		}
		for _, e := range passwordEntries(u, vi.AuditOwnPasswordDetail, tokens) {
			if err := audit.Record(ctx, tx, now, by.Actor(), e); err != nil {
				return err
			}
		}
		out.Revoked = len(tokens)
		out.SessionToken, out.Session, err = CreateSession(ctx, tx, u.ID, now)
		return err
	})
	if err != nil {
		return PasswordChange{}, err
	}
	return out, nil
}

// passwordEntries are the audit entries of u's password being set: the
// change (detail, a format of the e-mail and the number of tokens) and one
// revocation per token, under u's scope unit.
func passwordEntries(u User, detail string, revoked []Token) []audit.Entry {
	out := []audit.Entry{{Action: audit.ActionUserPassword, UnitID: u.ScopeUnitID, Detail: fmt.Sprintf(detail, u.Email, len(revoked))}}
	for _, t := range revoked {
		out = append(out, audit.Entry{Action: audit.ActionTokenRevoke, UnitID: u.ScopeUnitID,
			Detail: fmt.Sprintf(vi.AuditTokenRevokeByPassword, u.Email, t.Name, t.ID)})
	}
	return out
}

// SetUserDisabled disables (or re-enables) user userID on behalf of by, an
// admin of the user's scope unit, recording it; see SetDisabled. Nobody
// disables themselves.
func SetUserDisabled(ctx context.Context, db *store.DB, by Principal, userID int64, disabled bool, now time.Time) (User, error) {
	return manageUser(ctx, db, by, userID, now, func(tx *store.Tx, u User) ([]audit.Entry, error) {
		if disabled && !by.Local() && u.ID == by.User().ID {
			return nil, apperr.New(apperr.Invalid, vi.ErrUsersSelfDisable)
		}
		action := audit.ActionUserEnable
		if disabled {
			action = audit.ActionUserDisable
		}
		return []audit.Entry{{Action: action, UnitID: u.ScopeUnitID, Detail: u.Email}}, SetDisabled(ctx, tx, u.ID, disabled, now)
	})
}

// IssueToken makes an API token named name for user userID on behalf of
// by, and records it: users make their own tokens, and the local
// administrator makes anyone's; an admin does not make tokens for others,
// which would let them act as those users. A disabled user gets none.
func IssueToken(ctx context.Context, db *store.DB, by Principal, userID int64, name string, now time.Time) (string, error) {
	var token string
	err := db.InTx(ctx, func(tx *store.Tx) error {
		u, err := GetUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if !by.Local() && u.ID != by.User().ID {
			if !by.CanRead(u.ScopeUnitID) {
				return apperr.New(apperr.NotFound, vi.ErrAuthNoUserID, userID)
			}
			return apperr.New(apperr.Forbidden, vi.ErrTokenForOther, u.Email)
		}
		if u.Disabled {
			return apperr.New(apperr.Conflict, vi.ErrAuthDisabled)
		}
		if token, err = CreateToken(ctx, tx, u.ID, name, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionTokenCreate, UnitID: u.ScopeUnitID, Detail: u.Email + ": " + name})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// manageUser runs change on user userID in a transaction, once by is
// known to administer the user's scope unit (a user outside by's scope is
// NotFound, one inside it but not administered Forbidden), and records the
// audit entries change returns. The user is returned, with an error of
// change, only once by is known to administer them, so that a page can
// name them beside the fault.
func manageUser(ctx context.Context, db *store.DB, by Principal, userID int64, now time.Time, change func(*store.Tx, User) ([]audit.Entry, error)) (User, error) {
	var target User
	err := db.InTx(ctx, func(tx *store.Tx) error {
		u, err := GetUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if !by.CanRead(u.ScopeUnitID) {
			return apperr.New(apperr.NotFound, vi.ErrAuthNoUserID, userID)
		}
		if !by.CanAdmin(u.ScopeUnitID) {
			return apperr.New(apperr.Forbidden, vi.ErrForbidden)
		}
		target = u
		entries, err := change(tx, u)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if err := audit.Record(ctx, tx, now, by.Actor(), e); err != nil {
				return err
			}
		}
		return nil
	})
	return target, err
}
