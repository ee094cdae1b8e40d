package auth

import (
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Principal is who performs a write operation of an area: a signed-in user
// with their scope, through a page or the API, or the local administrator,
// the person at the server's command line, who has no user and may do
// everything (they hold the database file). Every exported write operation
// of an area takes one and checks it itself, in the transaction of the
// change, so that no edge can forget a check or decide differently.
//
// The fields are unexported so that a principal is always built by
// ForUser or LocalAdmin: a user's scope is the one computed from that
// user, never one assembled by a caller.
type Principal struct {
	user  User
	scope *Scope
	local bool
	name  string // the local administrator's login name
	via   string
}

// ForUser is user u acting through via (audit.ViaPage or audit.ViaAPI)
// with the scope computed from tree.
func ForUser(tree *units.Tree, u User, via string) Principal {
	return Principal{user: u, scope: NewScope(tree, u), via: via}
}

// ForScope is the user of scope s acting through via, for a caller that
// has computed the scope already (a web request computes it once).
func ForScope(s *Scope, via string) Principal {
	return Principal{user: s.User(), scope: s, via: via}
}

// LocalAdmin is the local administrator running a command at the server,
// named by their login name (kept in the audit log). It has no user and no
// scope: it may write everything, including official figures directly,
// and every change it makes is recorded as made from the command line.
func LocalAdmin(name string) Principal {
	if name == "" {
		name = audit.ViaCLI
	}
	return Principal{local: true, name: name, via: audit.ViaCLI}
}

// Local reports whether this is the local administrator.
func (p Principal) Local() bool { return p.local }

// User is the acting user; the zero User for the local administrator.
func (p Principal) User() User { return p.user }

// Scope is the acting user's scope; nil for the local administrator.
func (p Principal) Scope() *Scope { return p.scope }

// Actor is the principal as the audit log records it.
func (p Principal) Actor() audit.Actor {
	if p.local {
		return audit.Actor{Email: p.name, Via: audit.ViaCLI}
	}
	return audit.Actor{UserID: p.user.ID, Email: p.user.Email, Via: p.via}
}

// Name is how the principal is kept in the tables that say who changed
// something (the e-mail, or the local administrator's login name).
func (p Principal) Name() string { return p.Actor().Name() }

// CanRead reports whether the principal may see the unit.
func (p Principal) CanRead(unitID int64) bool {
	return p.local || (p.scope != nil && p.scope.CanRead(unitID))
}

// CanWrite reports whether the principal may enter the unit's figures
// (into its data-entry form, or directly when WritesOfficial).
func (p Principal) CanWrite(unitID int64) bool {
	return p.local || (p.scope != nil && p.scope.CanWrite(unitID))
}

// CanApprove reports whether the principal may approve, return or unlock
// the unit's form: an officer or admin of a unit strictly above it.
func (p Principal) CanApprove(unitID int64) bool {
	return p.local || (p.scope != nil && p.scope.CanApprove(unitID))
}

// CanAdmin reports whether the principal may manage the users of the unit.
func (p Principal) CanAdmin(unitID int64) bool {
	return p.local || (p.scope != nil && p.scope.CanAdmin(unitID))
}

// CanReadCluster reports whether the principal may see the report of a
// cluster whose member provinces (in any term of its year) are provinceIDs
// (Scope.CanReadCluster).
func (p Principal) CanReadCluster(provinceIDs []int64) bool {
	return p.local || (p.scope != nil && p.scope.CanReadCluster(provinceIDs))
}

// CanWriteCluster reports whether the principal may write what a cluster's
// report says beside its figures (the texts its secretary edits): an
// officer or admin who reads the cluster, that is of the nation or of one
// of its provinces. The head province rotates and is not recorded, so any
// member province's writer may act as the secretary.
func (p Principal) CanWriteCluster(provinceIDs []int64) bool {
	return p.local || (p.scope != nil && p.scope.writer() && p.scope.CanReadCluster(provinceIDs))
}

// WritesOfficial is the approval rule: whether a write of the unit's
// figures by this principal changes its official figures at once, rather
// than the unit's data-entry form. The official figures of a unit change
// only when an approver of its parent approves its form, or through a
// write by someone who could approve it: a user whose scope strictly
// contains the unit (CanApprove), or the local administrator. The nation,
// which has no parent to approve it, is written officially by its admins.
// A unit's own officer (a commune officer for the commune) fills the form.
func (p Principal) WritesOfficial(tree *units.Tree, unitID int64) bool {
	if p.local {
		return true
	}
	if p.scope == nil || !p.scope.CanWrite(unitID) {
		return false
	}
	if p.scope.CanApprove(unitID) {
		return true
	}
	u := tree.Get(unitID)
	return u != nil && u.ParentID == 0 && p.scope.CanAdmin(unitID)
}

// Need is what an operation is about to do with a unit, for Check.
type Need int

// The needs, from least to most.
const (
	NeedRead Need = iota
	NeedWrite
	NeedApprove
	NeedAdmin
)

// Check applies the scope rule for need to a unit: a unit the principal
// may not read is NotFound (its existence is not revealed), one they read
// but may not act on is Forbidden.
func (p Principal) Check(u *units.Unit, need Need) error {
	if p.local {
		return nil
	}
	if u == nil || !p.CanRead(u.ID) {
		name := ""
		if u != nil {
			name = u.FullName()
		}
		return apperr.New(apperr.NotFound, vi.ErrNoSuchUnitForYou, name)
	}
	ok := true
	switch need {
	case NeedWrite:
		ok = p.CanWrite(u.ID)
	case NeedApprove:
		ok = p.CanApprove(u.ID)
	case NeedAdmin:
		ok = p.CanAdmin(u.ID)
	}
	if !ok {
		return apperr.New(apperr.Forbidden, vi.ErrForbidden)
	}
	return nil
}
