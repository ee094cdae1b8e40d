package auth

import (
	"context"
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
// admin of the user's scope unit, and signs the user out everywhere (see
// SetPassword), recording it. Users change their own password on the
// account page, which asks for the current one; this refuses them.
func ResetPassword(ctx context.Context, db *store.DB, by Principal, userID int64, password string, now time.Time) (User, error) {
	return manageUser(ctx, db, by, userID, now, func(tx *store.Tx, u User) (string, error) {
		if !by.Local() && u.ID == by.User().ID {
			return "", apperr.New(apperr.Invalid, vi.ErrUsersSelfPassword)
		}
		return audit.ActionUserPassword, SetPassword(ctx, tx, u.ID, password, now)
	})
}

// SetUserDisabled disables (or re-enables) user userID on behalf of by, an
// admin of the user's scope unit, recording it; see SetDisabled. Nobody
// disables themselves.
func SetUserDisabled(ctx context.Context, db *store.DB, by Principal, userID int64, disabled bool, now time.Time) (User, error) {
	return manageUser(ctx, db, by, userID, now, func(tx *store.Tx, u User) (string, error) {
		if disabled && !by.Local() && u.ID == by.User().ID {
			return "", apperr.New(apperr.Invalid, vi.ErrUsersSelfDisable)
		}
		action := audit.ActionUserEnable
		if disabled {
			action = audit.ActionUserDisable
		}
		return action, SetDisabled(ctx, tx, u.ID, disabled, now)
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
// action change returns under that unit. The user is returned, with an
// error of change, only once by is known to administer them, so that a
// page can name them beside the fault.
func manageUser(ctx context.Context, db *store.DB, by Principal, userID int64, now time.Time, change func(*store.Tx, User) (string, error)) (User, error) {
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
		action, err := change(tx, u)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: action, UnitID: u.ScopeUnitID, Detail: u.Email})
	})
	return target, err
}
