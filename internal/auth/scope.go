package auth

import (
	"slices"
	"sync"

	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// Scope is the one permission check: what a user may do with a unit. It is
// built per request from the cached units tree and answers each question by
// walking the unit's parent chain, O(depth).
//
// A user reads the scope unit and everything below it, and, through the
// lineage, the units their area was formed from with everything below
// those: a user of the new province 66 (Đắk Lắk, from 1 July 2025) reads
// the old provinces 66 and 54 (Phú Yên) with their districts and communes,
// and the old communes that any of its communes was formed from. To make the
// check cheap, NewScope gathers those "roots" once; a unit is readable when
// it or one of its ancestors is a root. A nation user reads everything.
type Scope struct {
	tree  *units.Tree
	user  User
	root  *units.Unit
	all   bool
	roots map[int64]bool
}

// NewScope computes the scope of u in tree. A disabled user, or one whose
// scope unit is not in the tree, may do nothing. The roots of a scope unit
// are gathered once per tree (rootsOf) and shared, read-only, by every
// scope of that unit in it.
func NewScope(tree *units.Tree, u User) *Scope {
	s := &Scope{tree: tree, user: u, root: tree.Get(u.ScopeUnitID), roots: map[int64]bool{}}
	if s.root == nil || u.Disabled {
		return s
	}
	if s.root.Level == units.Nation {
		s.all = true
		return s
	}
	s.roots = rootsOf(tree, s.root.ID)
	return s
}

// rootsCache keeps the roots gathered in one tree, by scope unit: a
// request builds its user's scope, and gathering a province's roots walks
// its hundreds of units and their lineage. A tree is never changed once
// loaded (units.Cached loads a new one), so its roots hold as long as it
// does; a new tree starts the cache again, which lets the old one go.
var rootsCache struct {
	sync.Mutex
	tree  *units.Tree
	roots map[int64]map[int64]bool
}

// rootsOf returns the roots of scope unit id in tree: the unit, its
// predecessors, and the predecessors of every unit below any of them, each
// taken once (breadth-first). The map is shared: never written after.
func rootsOf(tree *units.Tree, id int64) map[int64]bool {
	rootsCache.Lock()
	if rootsCache.tree != tree {
		rootsCache.tree, rootsCache.roots = tree, map[int64]map[int64]bool{}
	}
	if r, ok := rootsCache.roots[id]; ok {
		rootsCache.Unlock()
		return r
	}
	rootsCache.Unlock()
	roots := map[int64]bool{}
	queue := []int64{id}
	var below []*units.Unit
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		if roots[next] {
			continue
		}
		roots[next] = true
		below = append(below[:0], tree.Get(next))
		for len(below) > 0 {
			x := below[len(below)-1]
			below = below[:len(below)-1]
			for _, l := range tree.Predecessors(x.ID) {
				if !roots[l.OldID] {
					queue = append(queue, l.OldID)
				}
			}
			below = append(below, tree.AllChildren(x.ID)...)
		}
	}
	rootsCache.Lock()
	if rootsCache.tree == tree {
		rootsCache.roots[id] = roots
	}
	rootsCache.Unlock()
	return roots
}

// User is the user whose scope this is.
func (s *Scope) User() User { return s.user }

// Root is the scope unit (the nation for a national user), nil when the
// user's scope unit is unknown.
func (s *Scope) Root() *units.Unit { return s.root }

// Nationwide reports whether the user reads every unit.
func (s *Scope) Nationwide() bool { return s.all }

// CanRead reports whether the user may see the unit and its figures.
func (s *Scope) CanRead(unitID int64) bool {
	u := s.tree.Get(unitID)
	if u == nil {
		return false
	}
	if s.all {
		return true
	}
	for ; u != nil; u = s.tree.Get(u.ParentID) {
		if s.roots[u.ID] {
			return true
		}
	}
	return false
}

// CanWrite reports whether the user may enter or change the unit's figures:
// an officer or admin who reads the unit. Units no longer valid are
// writable too, since every readable unit that has ended is a predecessor
// (or below one) whose historical figures the user is responsible for.
func (s *Scope) CanWrite(unitID int64) bool {
	return s.writer() && s.CanRead(unitID)
}

// CanApprove reports whether the user may approve (or return, or unlock)
// what the unit submitted: an officer or admin whose scope strictly
// contains the unit. A province officer approves its communes, not the
// province itself; a commune officer approves nothing above its branches.
func (s *Scope) CanApprove(unitID int64) bool {
	u := s.tree.Get(unitID)
	return u != nil && u.ParentID != 0 && s.writer() && s.CanRead(u.ParentID)
}

// CanAdmin reports whether the user may manage users and read the audit
// log of the unit: an admin who reads it.
func (s *Scope) CanAdmin(unitID int64) bool {
	return s.user.Role == Admin && s.CanRead(unitID)
}

// CanReadCluster reports whether the user may see the report of a cluster
// whose member provinces (for the cluster's year) are provinceIDs: nation
// users, and users of one of those provinces or of a province formed from
// one of them.
func (s *Scope) CanReadCluster(provinceIDs []int64) bool {
	if s.all {
		return true
	}
	if s.root == nil || s.root.Level != units.Province {
		return false
	}
	for _, id := range provinceIDs {
		if s.roots[id] {
			return true
		}
	}
	return false
}

func (s *Scope) writer() bool {
	return (s.user.Role == Officer || s.user.Role == Admin) && !s.user.Disabled && s.root != nil
}

// Roots are the units whose subtrees (each unit with everything below it)
// are together what the user reads: the scope's roots less those below
// another root, in ascending id order, so that the subtrees do not overlap.
// A read query filters by them in SQL (ReadableSQL). Nil for a
// nationwide scope, which reads everything, and for a scope that reads
// nothing (see Nationwide).
func (s *Scope) Roots() []int64 {
	if s.all {
		return nil
	}
	var out []int64
	for id := range s.roots {
		below := false
		for _, a := range s.tree.Ancestors(id) {
			if a.ID != id && s.roots[a.ID] {
				below = true
				break
			}
		}
		if !below {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
